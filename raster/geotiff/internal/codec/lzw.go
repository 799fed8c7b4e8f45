package codec

import (
	"bytes"
	"compress/lzw"
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

// TIFF LZW (TIFF 6.0 section 13) codes.
const (
	lzwClear    = 256
	lzwEOI      = 257
	lzwFirst    = 258
	lzwMaxWidth = 12
	lzwCodes    = 1 << lzwMaxWidth
)

var errLZWCorrupt = errors.New("corrupt LZW data")

// lzwTable maps each code to where its string was first written in the
// output: every LZW string is a previous string plus one byte, so it
// appears in the output already decoded and decoding a code is a copy.
type lzwTable struct {
	off [lzwCodes]int32
	n   [lzwCodes]uint16
}

var lzwTables = sync.Pool{New: func() any { return new(lzwTable) }}

// decodeLZW decodes the TIFF LZW stream src into dst and returns how many
// bytes it filled, stopping when dst is full (TIFF 6.0 section 13:
// MSB-first codes of 9 to 12 bits, Clear 256, EndOfInformation 257). Like
// libtiff and every TIFF writer since Aldus, the code width grows one code
// early: to 10 bits when the next free code is 511, and so on. A stream
// without EndOfInformation simply ends.
//
// Streams that start with a zero byte followed by a byte with its low bit
// set are the old-style LZW of libtiff before version 3.0 (LSB-first codes
// without the early width change); they are decoded as libtiff does, with
// compress/lzw.
func decodeLZW(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	if len(src) >= 2 && src[0] == 0 && src[1]&1 != 0 {
		r := lzw.NewReader(bytes.NewReader(src), lzw.LSB, 8)
		n, err := io.ReadFull(r, dst)
		r.Close()
		if n == len(dst) || err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		return n, err
	}
	t := lzwTables.Get().(*lzwTable)
	n, err := t.decode(dst, src)
	lzwTables.Put(t)
	return n, err
}

func (t *lzwTable) decode(dst, src []byte) (int, error) {
	var (
		bitbuf  uint64 // valid bits left-aligned
		nbits   uint
		pos     int
		width   uint = 9
		next         = lzwFirst
		prevOff      = -1 // output offset of the previous code's string; -1 after Clear
		prevLen int
		o       int
	)
	for o < len(dst) {
		if nbits < width {
			if pos+8 <= len(src) {
				bitbuf |= binary.BigEndian.Uint64(src[pos:]) >> nbits
				k := (63 - nbits) >> 3
				pos += int(k)
				nbits += k * 8
			} else {
				for nbits <= 56 && pos < len(src) {
					bitbuf |= uint64(src[pos]) << (56 - nbits)
					pos++
					nbits += 8
				}
				if nbits < width {
					return o, nil // input exhausted
				}
			}
		}
		code := int(bitbuf >> (64 - width))
		bitbuf <<= width
		nbits -= width
		switch {
		case code == lzwEOI:
			return o, nil
		case code == lzwClear:
			width, next, prevOff = 9, lzwFirst, -1
			continue
		case prevOff < 0:
			// First code after Clear: a literal, and no new entry.
			if code > lzwClear {
				return o, errLZWCorrupt
			}
			dst[o] = byte(code)
			prevOff, prevLen = o, 1
			o++
			continue
		}
		var n int
		switch {
		case code < lzwClear:
			dst[o] = byte(code)
			n = 1
		case code < next:
			s, l := int(t.off[code]), int(t.n[code])
			if o+l+8 <= len(dst) && o-s >= 8 {
				for i := 0; i < l; i += 8 {
					binary.LittleEndian.PutUint64(dst[o+i:], binary.LittleEndian.Uint64(dst[s+i:]))
				}
			} else {
				l = copy(dst[o:], dst[s:s+l])
			}
			n = l
		case code == next:
			// The code being defined: previous string + its first byte.
			n = copy(dst[o:], dst[prevOff:prevOff+prevLen])
			if o+n < len(dst) {
				dst[o+n] = dst[prevOff]
				n++
			}
		default:
			return o, errLZWCorrupt
		}
		if next < lzwCodes {
			t.off[next], t.n[next] = int32(prevOff), uint16(prevLen+1)
			next++
			if next >= 1<<width-1 && width < lzwMaxWidth {
				width++
			}
		}
		prevOff, prevLen = o, n
		o += n
	}
	return o, nil
}
