package codec

import (
	"errors"
	"fmt"
)

var errZlibHeader = errors.New("invalid zlib header")

// decodeDeflate decodes the zlib stream src (RFC 1950 around RFC 1951
// DEFLATE data, as TIFF compressions 8 and 32946 store it) into dst and
// returns how many bytes it filled.
//
// It checks the 2-byte zlib header and inflates the rest with the
// in-memory decoder of inflate.go, stopping as soon as dst is full: the
// Adler-32 trailer is not read, so streams whose trailer is missing,
// damaged or followed by garbage still decode, as they do with libtiff.
// Corruption inside the DEFLATE data is still detected.
func decodeDeflate(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	if len(src) < 2 {
		return 0, nil // Decode reports the short output
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint(cmf)<<8|uint(flg))%31 != 0 {
		return 0, fmt.Errorf("%w (%#02x %#02x)", errZlibHeader, cmf, flg)
	}
	if flg&0x20 != 0 {
		return 0, errors.New("zlib stream needs a preset dictionary")
	}
	f := inflaters.Get().(*inflater)
	n, err := f.inflate(dst, src[2:])
	inflaters.Put(f)
	if err == errInflateEOF {
		return n, nil // Decode reports the short output
	}
	if err != nil {
		return n, fmt.Errorf("after %d of %d bytes: %w", n, len(dst), err)
	}
	return n, nil
}
