package codec

import "sync"

// lzwEncoder holds the string table of the TIFF LZW encoder as an open
// addressing hash from (prefix code, byte) to code.
type lzwEncoder struct {
	keys [lzwHashSize]uint32 // prefix<<8 | byte, plus 1; 0 = empty
	vals [lzwHashSize]uint16

	dst   []byte
	acc   uint32 // pending bits, MSB first
	nacc  uint
	width uint
}

const lzwHashSize = 1 << 13

var lzwEncoders = sync.Pool{New: func() any { return new(lzwEncoder) }}

func (e *lzwEncoder) put(code int) {
	e.acc |= uint32(code) << (32 - e.width - e.nacc)
	e.nacc += e.width
	for e.nacc >= 8 {
		e.dst = append(e.dst, byte(e.acc>>24))
		e.acc <<= 8
		e.nacc -= 8
	}
}

func (e *lzwEncoder) reset() {
	clear(e.keys[:])
	e.width = 9
}

// encodeLZW appends the TIFF LZW encoding of src to dst (TIFF 6.0 section
// 13): MSB-first codes of 9 to 12 bits starting with Clear (256) and ending
// with EndOfInformation (257), the code width growing one code early as
// libtiff does (to 10 bits once code 511 has been assigned), and a Clear
// code when the table reaches 4094 entries. The stream decodes with
// libtiff, golang.org/x/image/tiff/lzw and [Decode].
func encodeLZW(dst, src []byte) []byte {
	e := lzwEncoders.Get().(*lzwEncoder)
	e.dst, e.acc, e.nacc = dst, 0, 0
	e.reset()
	e.put(lzwClear)
	if len(src) > 0 {
		next := lzwFirst
		prefix := int(src[0])
		for _, b := range src[1:] {
			key := uint32(prefix)<<8 | uint32(b) + 1
			h := (key * 2654435761) >> (32 - 13)
			found := false
			for e.keys[h] != 0 {
				if e.keys[h] == key {
					prefix = int(e.vals[h])
					found = true
					break
				}
				h = (h + 1) & (lzwHashSize - 1)
			}
			if found {
				continue
			}
			e.put(prefix)
			e.keys[h], e.vals[h] = key, uint16(next)
			next++
			prefix = int(b)
			if next == lzwCodes-2 {
				e.put(lzwClear)
				e.reset()
				next = lzwFirst
			} else if next > 1<<e.width-1 {
				e.width++
			}
		}
		e.put(prefix)
		next++
		if next == lzwCodes-2 {
			e.put(lzwClear)
			e.width = 9
		} else if next > 1<<e.width-1 {
			e.width++
		}
	}
	e.put(lzwEOI)
	if e.nacc > 0 {
		e.dst = append(e.dst, byte(e.acc>>24))
	}
	dst = e.dst
	e.dst = nil
	lzwEncoders.Put(e)
	return dst
}
