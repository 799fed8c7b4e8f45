package codec

import (
	"errors"
	"fmt"
	"strconv"
)

// TIFF Compression tag (259) values, from TIFF 6.0 section 3 (None, LZW,
// PackBits), TIFF Technical Note 2 (JPEG), the Adobe Deflate specification
// (AdobeDeflate, Deflate), and the codes registered by libtiff for ZSTD and
// LERC.
const (
	// None is uncompressed data (TIFF 6.0 section 3).
	None = 1
	// LZW is Lempel-Ziv-Welch (TIFF 6.0 section 13).
	LZW = 5
	// OldJPEG is the obsolete JPEG scheme of TIFF 6.0 section 22; it is not
	// supported.
	OldJPEG = 6
	// JPEG is "new-style" JPEG (TIFF Technical Note 2); decode it with
	// [DecodeJPEG].
	JPEG = 7
	// AdobeDeflate is zlib-wrapped DEFLATE with the code Adobe registered.
	AdobeDeflate = 8
	// Deflate is zlib-wrapped DEFLATE with the older, unregistered code
	// libtiff also writes and reads.
	Deflate = 32946
	// PackBits is Macintosh run-length encoding (TIFF 6.0 section 9).
	PackBits = 32773
	// ZSTD is Zstandard (RFC 8878) as written by libtiff and GDAL.
	ZSTD = 50000
	// LERC is Esri's Limited Error Raster Compression; it is not supported.
	LERC = 34887
)

// ErrTruncated is wrapped by the errors of [Decode] and [DecodeJPEG] when a
// stream ends before it has produced the chunk's declared size.
var ErrTruncated = errors.New("truncated")

// ErrUnsupported is wrapped by the error [Decode] returns for a compression it
// does not handle.
var ErrUnsupported = errors.New("unsupported compression")

// Supported reports whether [Decode] handles compression c: [None], [LZW],
// [AdobeDeflate], [Deflate], [PackBits] and [ZSTD]. [JPEG] is decoded by
// [DecodeJPEG] instead, because it needs the JPEGTables tag and the chunk's
// geometry.
func Supported(c int) bool {
	switch c {
	case None, LZW, AdobeDeflate, Deflate, PackBits, ZSTD:
		return true
	}
	return false
}

// Name returns the name GDAL gives compression c in its IMAGE_STRUCTURE
// metadata: NONE, LZW, JPEG (also for [OldJPEG]), DEFLATE (for both
// [AdobeDeflate] and [Deflate]), PACKBITS, ZSTD, LERC, or "compression N"
// for any other value.
func Name(c int) string {
	switch c {
	case None:
		return "NONE"
	case LZW:
		return "LZW"
	case OldJPEG, JPEG:
		return "JPEG"
	case AdobeDeflate, Deflate:
		return "DEFLATE"
	case PackBits:
		return "PACKBITS"
	case ZSTD:
		return "ZSTD"
	case LERC:
		return "LERC"
	}
	return "compression " + strconv.Itoa(c)
}

// Largest output each input byte can produce, per codec. They let Decode
// reject a chunk whose declared size its stream cannot possibly reach
// before allocating anything.
const (
	// PackBits: a 2-byte run (header -127, one value) gives 128 bytes.
	maxRatioPackBits = 64
	// LZW: a code of at least 9 bits gives at most 4096 bytes (the
	// longest string a 12-bit table can hold).
	maxRatioLZW = 4096*8/9 + 1
	// DEFLATE: a 258-byte match costs at least 2 bits (RFC 1951; the
	// well-known bound is 1032:1).
	maxRatioDeflate = 1032
	// Zstandard: an RLE block is a 3-byte header and 1 byte and gives at
	// most 128 KiB (RFC 8878 section 3.1.1.2).
	maxRatioZSTD = 128 << 10 / 4
)

// Decode decompresses one strip or tile whose decoded size is exactly size
// bytes. The output goes into dst when cap(dst) >= size, into a new slice
// otherwise, and Decode returns dst[:size].
//
// compression is the TIFF Compression tag value: [None], [LZW],
// [AdobeDeflate], [Deflate], [PackBits] or [ZSTD] (see [Supported]).
//
// Decode never allocates more than size bytes of output, whatever the stream
// claims. A stream that decodes to fewer than size bytes is an error wrapping
// [ErrTruncated] ("truncated: got N of M bytes"); output beyond size is
// ignored, as libtiff does. DEFLATE streams are accepted once they have
// produced size bytes even if their end or their Adler-32 checksum is
// missing or damaged, since some writers omit it. Corrupt streams give an
// error, never a panic.
func Decode(compression int, src []byte, size int, dst []byte) ([]byte, error) {
	if size < 0 {
		return nil, fmt.Errorf("codec: %s: negative chunk size %d", Name(compression), size)
	}
	var maxRatio int
	switch compression {
	case None:
		maxRatio = 1
	case PackBits:
		maxRatio = maxRatioPackBits
	case LZW:
		maxRatio = maxRatioLZW
	case AdobeDeflate, Deflate:
		maxRatio = maxRatioDeflate
	case ZSTD:
		maxRatio = maxRatioZSTD
	case JPEG:
		return nil, fmt.Errorf("codec: JPEG chunks are decoded with DecodeJPEG: %w", ErrUnsupported)
	default:
		return nil, fmt.Errorf("codec: %s: %w", Name(compression), ErrUnsupported)
	}
	if compression == None && len(src) < size {
		return nil, fmt.Errorf("codec: NONE: %w", truncated(len(src), size))
	}
	if size/maxRatio > len(src)+64 {
		return nil, fmt.Errorf("codec: %s: %w: a %d-byte stream cannot decode to %d bytes",
			Name(compression), ErrTruncated, len(src), size)
	}
	if cap(dst) >= size {
		dst = dst[:size]
	} else {
		dst = make([]byte, size)
	}
	var n int
	var err error
	switch compression {
	case None:
		n = copy(dst, src)
	case PackBits:
		n, err = decodePackBits(dst, src)
	case LZW:
		n, err = decodeLZW(dst, src)
	case AdobeDeflate, Deflate:
		n, err = decodeDeflate(dst, src)
	case ZSTD:
		n, err = decodeZSTD(dst, src)
	}
	if err != nil {
		return dst, fmt.Errorf("codec: %s: %w", Name(compression), err)
	}
	if n < size {
		return dst, fmt.Errorf("codec: %s: %w", Name(compression), truncated(n, size))
	}
	return dst, nil
}

// truncated returns the error for a stream that produced got of want bytes.
func truncated(got, want int) error {
	return fmt.Errorf("%w: got %d of %d bytes", ErrTruncated, got, want)
}
