package codec

import (
	"bytes"
	stdlzw "compress/lzw"
	"fmt"
	"io"

	"golang.org/x/image/tiff/lzw"
)

// decodeLZW decodes the TIFF LZW stream src (TIFF 6.0 section 13: MSB-first
// codes of 9 to 12 bits, code 256 Clear, 257 EndOfInformation, and the
// code width growing one code early as every TIFF writer does) into dst and
// returns how many bytes it filled.
//
// Streams that start with a zero byte followed by a byte with its low bit
// set are the old-style LZW of libtiff before version 3.0 (LSB-first codes
// without the early width change); they are decoded as libtiff does.
func decodeLZW(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	var r io.ReadCloser
	if len(src) >= 2 && src[0] == 0 && src[1]&1 != 0 {
		r = stdlzw.NewReader(bytes.NewReader(src), stdlzw.LSB, 8)
	} else {
		r = lzw.NewReader(bytes.NewReader(src), lzw.MSB, 8)
	}
	n, err := io.ReadFull(r, dst)
	r.Close()
	if n == len(dst) || err == io.EOF || err == io.ErrUnexpectedEOF {
		return n, nil
	}
	return n, fmt.Errorf("after %d of %d bytes: %w", n, len(dst), err)
}
