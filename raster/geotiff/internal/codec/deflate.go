package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// inflater is a pooled DEFLATE decompressor with the reader it reads from.
type inflater struct {
	src bytes.Reader
	fr  io.ReadCloser // also a flate.Resetter
}

var inflaters = sync.Pool{New: func() any {
	f := new(inflater)
	f.fr = flate.NewReader(&f.src)
	return f
}}

var errZlibHeader = errors.New("invalid zlib header")

// decodeDeflate decodes the zlib stream src (RFC 1950 around RFC 1951
// DEFLATE data, as TIFF compressions 8 and 32946 store it) into dst and
// returns how many bytes it filled.
//
// It checks the 2-byte zlib header itself and inflates the rest as raw
// DEFLATE, stopping as soon as dst is full: the Adler-32 trailer is not
// read, so streams whose trailer is missing, damaged or followed by garbage
// still decode, as they do with libtiff. Corruption inside the DEFLATE data
// is still detected.
func decodeDeflate(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	if len(src) < 2 {
		return 0, truncated(0, len(dst))
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint(cmf)<<8|uint(flg))%31 != 0 {
		return 0, fmt.Errorf("%w (%#02x %#02x)", errZlibHeader, cmf, flg)
	}
	if flg&0x20 != 0 {
		return 0, errors.New("zlib stream needs a preset dictionary")
	}
	f := inflaters.Get().(*inflater)
	f.src.Reset(src[2:])
	if err := f.fr.(flate.Resetter).Reset(&f.src, nil); err != nil {
		f.src.Reset(nil)
		inflaters.Put(f)
		return 0, err
	}
	n, err := io.ReadFull(f.fr, dst)
	f.src.Reset(nil)
	inflaters.Put(f)
	if n == len(dst) {
		return n, nil
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return n, nil // Decode reports the short output
	}
	return n, fmt.Errorf("after %d of %d bytes: %w", n, len(dst), err)
}
