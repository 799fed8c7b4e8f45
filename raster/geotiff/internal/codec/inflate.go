package codec

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
	"unsafe"
)

// This file is a DEFLATE (RFC 1951) decoder specialised for TIFF chunks:
// the whole compressed stream is in memory and the decoded size is known,
// so it decodes straight into the caller's buffer, with no sliding window,
// no intermediate copy and no io.Reader. Its design follows libdeflate's:
// a 64-bit bit buffer refilled 8 bytes at a time, and Huffman tables whose
// entries carry the symbol's code length, base value and extra-bit count so
// that a literal/length or distance symbol is one table look-up (two for
// the rare codes longer than the main table).

const (
	litTableBits  = 11
	distTableBits = 8
	preTableBits  = 7
	maxCodeLen    = 15
	// Worst cases: every long code in its own subtable, see buildTable.
	litTableSize  = 1<<litTableBits + 288<<(maxCodeLen-litTableBits)
	distTableSize = 1<<distTableBits + 32<<(maxCodeLen-distTableBits)
)

// Table entry layout (uint32):
//
//	bits 0-3   code length to consume (for a subtable pointer: unused)
//	bits 4-7   extra bits that follow the code (for a pointer: subtable bits)
//	bits 8-12  kind flags
//	bits 16-31 value: literal byte, length or distance base, subtable offset
const (
	entLiteral = 1 << 8
	entLength  = 1 << 9
	entEOB     = 1 << 10
	entSub     = 1 << 11
	entDist    = 1 << 12
	// An entry of 0 (no flag) is an unused code: an error when met.
)

var (
	errInflateCorrupt  = errors.New("corrupt deflate data")
	errInflateDistance = errors.New("corrupt deflate data: distance beyond the start of the output")
	errInflateBlock    = errors.New("corrupt deflate data: reserved block type")
	errInflateStored   = errors.New("corrupt deflate data: stored block length mismatch")
	errInflateCodes    = errors.New("corrupt deflate data: invalid Huffman code lengths")
	// errInflateEOF is an internal signal: the input ended early.
	errInflateEOF = errors.New("deflate data ends early")
)

// Base entries for each literal/length and distance symbol (RFC 1951
// section 3.2.5), without the code length.
var litBase, distBase = func() (l [288]uint32, d [32]uint32) {
	for i := range 256 {
		l[i] = entLiteral | uint32(i)<<16
	}
	l[256] = entEOB
	lengthBase := [29]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
		35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra := [29]uint32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for i := range 29 {
		l[257+i] = entLength | lengthBase[i]<<16 | lengthExtra[i]<<4
	}
	distB := [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
		257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	for i := range 30 {
		extra := uint32(0)
		if i >= 2 {
			extra = uint32(i/2 - 1)
		}
		d[i] = entDist | distB[i]<<16 | extra<<4
	}
	return l, d
}()

// preBase are the entries of the code-length alphabet (RFC 1951 3.2.7).
var preBase = func() (p [19]uint32) {
	for i := range p {
		p[i] = uint32(i) << 16
	}
	return p
}()

// buildTable fills table with the decoding table of the canonical Huffman
// code given by lens (RFC 1951 section 3.2.2), indexed by the next
// tableBits bits of the stream; longer codes go to subtables after the main
// table. base[sym] is the entry of each symbol without its length. Unused
// codes of an incomplete code get entry 0. It reports false for an
// over-subscribed code.
func buildTable(table []uint32, lens []uint8, base []uint32, tableBits uint) bool {
	var count [maxCodeLen + 1]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left := 1
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false
		}
	}
	var next [maxCodeLen + 2]int
	code := 0
	for l := 1; l <= maxCodeLen; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	mainSize := 1 << tableBits
	main := table[:mainSize]
	clear(main)
	var rev [288]uint16
	var subMax [1 << litTableBits]uint8
	long := false
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		r := bits.Reverse16(uint16(next[l])) >> (16 - l)
		next[l]++
		rev[sym] = r
		if uint(l) > tableBits {
			p := int(r) & (mainSize - 1)
			subMax[p] = max(subMax[p], l)
			long = true
		}
	}
	if long {
		off := mainSize
		for p := range mainSize {
			if subMax[p] == 0 {
				continue
			}
			sb := uint(subMax[p]) - tableBits
			if off+1<<sb > len(table) {
				return false
			}
			main[p] = entSub | uint32(off)<<16 | uint32(sb)<<4
			clear(table[off : off+1<<sb])
			off += 1 << sb
		}
	}
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		r := int(rev[sym])
		if uint(l) <= tableBits {
			e := base[sym] | uint32(l)
			for i := r; i < mainSize; i += 1 << l {
				main[i] = e
			}
			continue
		}
		ptr := main[r&(mainSize-1)]
		so, sb := int(ptr>>16), uint(ptr>>4)&15
		n := uint(l) - tableBits
		e := base[sym] | uint32(n)
		sub := table[so : so+1<<sb]
		for i := r >> tableBits; i < len(sub); i += 1 << n {
			sub[i] = e
		}
	}
	return true
}

// fixedLit and fixedDist decode the fixed Huffman codes (RFC 1951 3.2.6).
var fixedLit, fixedDist = func() (*[litTableSize]uint32, *[distTableSize]uint32) {
	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	l, d := new([litTableSize]uint32), new([distTableSize]uint32)
	buildTable(l[:], lens[:], litBase[:], litTableBits)
	var dl [32]uint8
	for i := range dl {
		dl[i] = 5
	}
	buildTable(d[:], dl[:], distBase[:], distTableBits)
	return l, d
}()

// inflater holds the state of one decode; it is pooled.
type inflater struct {
	src   []byte
	pos   int    // next byte of src to load into bits (may run past the end)
	bits  uint64 // bit buffer, least significant bit next
	nbits uint   // valid bits in bits
	lit   [litTableSize]uint32
	dist  [distTableSize]uint32
	pre   [1 << preTableBits]uint32
	lens  [288 + 32]uint8
}

var inflaters = sync.Pool{New: func() any { return new(inflater) }}

// refill tops the bit buffer up to at least 56 bits. Past the end of src it
// adds zero bytes; overread tells whether any of them were consumed.
func (f *inflater) refill() {
	if f.pos+8 <= len(f.src) {
		f.bits |= binary.LittleEndian.Uint64(f.src[f.pos:]) << (f.nbits & 63)
		f.pos += int((63 - f.nbits) >> 3)
		f.nbits |= 56
		return
	}
	for f.nbits <= 56 {
		if f.pos < len(f.src) {
			f.bits |= uint64(f.src[f.pos]) << f.nbits
		}
		f.pos++
		f.nbits += 8
	}
}

// overread reports whether the decoder has consumed bits past the end of
// the input.
func (f *inflater) overread() bool {
	return f.pos*8-int(f.nbits) > len(f.src)*8
}

// inflate decodes the raw DEFLATE stream src into dst until dst is full or
// the final block ends, and returns the number of bytes written. Output
// beyond len(dst) is not produced. An input that ends early gives
// errInflateEOF with the bytes decoded so far.
func (f *inflater) inflate(dst, src []byte) (int, error) {
	f.src, f.pos, f.bits, f.nbits = src, 0, 0, 0
	defer func() { f.src = nil }()
	o := 0
	for o < len(dst) {
		f.refill()
		if f.overread() {
			return o, errInflateEOF
		}
		final := f.bits&1 != 0
		typ := (f.bits >> 1) & 3
		f.bits >>= 3
		f.nbits -= 3
		var err error
		switch typ {
		case 0:
			o, err = f.stored(dst, o)
		case 1:
			o, err = f.huffman(dst, o, fixedLit, fixedDist)
		case 2:
			if err = f.dynamicTables(); err == nil {
				o, err = f.huffman(dst, o, &f.lit, &f.dist)
			}
		default:
			err = errInflateBlock
		}
		if err != nil {
			return o, err
		}
		if f.overread() {
			return o, errInflateEOF
		}
		if final {
			break
		}
	}
	return o, nil
}

// stored copies a stored block (RFC 1951 section 3.2.4).
func (f *inflater) stored(dst []byte, o int) (int, error) {
	f.bits >>= f.nbits & 7
	f.nbits -= f.nbits & 7
	p := f.pos - int(f.nbits/8)
	f.bits, f.nbits = 0, 0
	src := f.src
	if p+4 > len(src) {
		f.pos = p
		return o, errInflateEOF
	}
	n := int(binary.LittleEndian.Uint16(src[p:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(src[p+2:]) {
		return o, errInflateStored
	}
	p += 4
	k := min(n, len(src)-p, len(dst)-o)
	copy(dst[o:o+k], src[p:p+k])
	o += k
	f.pos = p + k
	if k < n && o < len(dst) {
		return o, errInflateEOF
	}
	return o, nil
}

// codeLengthOrder is the order of the code length code lengths (RFC 1951
// section 3.2.7).
var codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamicTables reads the header of a dynamic-Huffman block (RFC 1951
// section 3.2.7) and builds f.lit and f.dist.
func (f *inflater) dynamicTables() error {
	f.refill()
	nlit := int(f.bits&31) + 257
	ndist := int(f.bits>>5&31) + 1
	nclen := int(f.bits>>10&15) + 4
	f.bits >>= 14
	f.nbits -= 14
	if nlit > 286 || ndist > 30 {
		return errInflateCodes
	}
	var clens [19]uint8
	for i := range nclen {
		if f.nbits < 3 {
			f.refill()
		}
		clens[codeLengthOrder[i]] = uint8(f.bits & 7)
		f.bits >>= 3
		f.nbits -= 3
	}
	if !buildTable(f.pre[:], clens[:], preBase[:], preTableBits) {
		return errInflateCodes
	}
	lens := f.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		if f.nbits < 16 {
			f.refill()
			if f.overread() {
				return errInflateEOF
			}
		}
		e := f.pre[f.bits&(1<<preTableBits-1)]
		n := uint(e & 15)
		if n == 0 {
			return errInflateCodes
		}
		f.bits >>= n
		f.nbits -= n
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return errInflateCodes
			}
			val = lens[i-1]
			rep = 3 + int(f.bits&3)
			f.bits >>= 2
			f.nbits -= 2
		case 17:
			rep = 3 + int(f.bits&7)
			f.bits >>= 3
			f.nbits -= 3
		default:
			rep = 11 + int(f.bits&127)
			f.bits >>= 7
			f.nbits -= 7
		}
		if i+rep > len(lens) {
			return errInflateCodes
		}
		for j := range rep {
			lens[i+j] = val
		}
		i += rep
	}
	if lens[256] == 0 {
		return errInflateCodes // no end-of-block code
	}
	if !buildTable(f.lit[:], lens[:nlit], litBase[:], litTableBits) ||
		!buildTable(f.dist[:], lens[nlit:], distBase[:], distTableBits) {
		return errInflateCodes
	}
	return nil
}

// word8 returns the 8 bytes at p+i as a slice without a bounds check; the
// caller guarantees they lie inside one allocation. Loads and stores
// through binary.LittleEndian on it compile to single unaligned moves where
// the architecture allows them, and to byte moves elsewhere.
func word8(p unsafe.Pointer, i int) []byte {
	return (*[8]byte)(unsafe.Add(p, i))[:]
}

// huffman decodes the symbols of one Huffman-coded block into dst from
// position o, until the end-of-block code or until dst is full, and
// returns the new position.
//
// A fast loop runs while at least 8 input bytes and fastMargin output
// bytes remain: it refills the bit buffer without branches, decodes up to
// four literals per refill and copies matches 8 bytes at a time. The rest
// of the block goes through a careful loop that checks every bound.
func (f *inflater) huffman(dst []byte, o int, lit *[litTableSize]uint32, dist *[distTableSize]uint32) (int, error) {
	const (
		litMask  = 1<<litTableBits - 1
		distMask = 1<<distTableBits - 1
		// The longest match plus the 8-byte copy overshoot.
		fastMargin = 258 + 8
	)
	src := f.src
	bitbuf, nbits, pos := f.bits, f.nbits, f.pos
	fastOut, fastIn := len(dst)-fastMargin, len(src)-8
	if o < fastOut && pos <= fastIn {
		// In this loop o < fastOut and pos <= fastIn hold at every
		// look-up, so every read of src and write of dst below is in
		// bounds; they go through unchecked pointers (word8), which
		// removes most of the loop's bounds checks.
		dp := unsafe.Pointer(unsafe.SliceData(dst))
		sp := unsafe.Pointer(unsafe.SliceData(src))
		bitbuf |= binary.LittleEndian.Uint64(word8(sp, pos)) << (nbits & 63)
		pos += int((63 - nbits) >> 3)
		nbits |= 56
		e := lit[bitbuf&litMask]
		for {
			// Here the bit buffer holds at least 56 bits and e is the
			// main-table entry for them.
			if e&entLiteral != 0 {
				// Main-table codes are at most 11 bits: four literals
				// leave at least 12 bits, enough for the next look-up.
				// o < fastOut leaves room for the four.
				n := uint(e & 15)
				bitbuf >>= n
				nbits -= n
				*(*byte)(unsafe.Add(dp, o)) = byte(e >> 16)
				o++
				e = lit[bitbuf&litMask]
				if e&entLiteral != 0 {
					n = uint(e & 15)
					bitbuf >>= n
					nbits -= n
					*(*byte)(unsafe.Add(dp, o)) = byte(e >> 16)
					o++
					e = lit[bitbuf&litMask]
					if e&entLiteral != 0 {
						n = uint(e & 15)
						bitbuf >>= n
						nbits -= n
						*(*byte)(unsafe.Add(dp, o)) = byte(e >> 16)
						o++
						e = lit[bitbuf&litMask]
						if e&entLiteral != 0 {
							n = uint(e & 15)
							bitbuf >>= n
							nbits -= n
							*(*byte)(unsafe.Add(dp, o)) = byte(e >> 16)
							o++
							e = lit[bitbuf&litMask]
						}
					}
				}
				if o >= fastOut || pos > fastIn {
					break
				}
				bitbuf |= binary.LittleEndian.Uint64(word8(sp, pos)) << (nbits & 63)
				pos += int((63 - nbits) >> 3)
				nbits |= 56
				continue
			}
			if e&entSub != 0 {
				bitbuf >>= litTableBits
				nbits -= litTableBits
				e = lit[(e>>16)+uint32(bitbuf&(1<<(e>>4&15)-1))]
				if e&entLiteral != 0 {
					n := uint(e & 15)
					bitbuf >>= n
					nbits -= n
					*(*byte)(unsafe.Add(dp, o)) = byte(e >> 16)
					o++
					if o >= fastOut || pos > fastIn {
						break
					}
					bitbuf |= binary.LittleEndian.Uint64(word8(sp, pos)) << (nbits & 63)
					pos += int((63 - nbits) >> 3)
					nbits |= 56
					e = lit[bitbuf&litMask]
					continue
				}
			}
			n := uint(e & 15)
			bitbuf >>= n
			nbits -= n
			if e&entLength == 0 {
				f.bits, f.nbits, f.pos = bitbuf, nbits, pos
				if e&entEOB == 0 {
					return o, errInflateCorrupt
				}
				return o, nil
			}
			x := uint(e>>4) & 15
			length := int(e>>16) + int(bitbuf&(1<<x-1))
			bitbuf >>= x
			nbits -= x
			d := dist[bitbuf&distMask]
			if d&entSub != 0 {
				bitbuf >>= distTableBits
				nbits -= distTableBits
				d = dist[(d>>16)+uint32(bitbuf&(1<<(d>>4&15)-1))]
			}
			if d&entDist == 0 {
				f.bits, f.nbits, f.pos = bitbuf, nbits, pos
				return o, errInflateCorrupt
			}
			n = uint(d & 15)
			bitbuf >>= n
			nbits -= n
			x = uint(d>>4) & 15
			distance := int(d>>16) + int(bitbuf&(1<<x-1))
			bitbuf >>= x
			nbits -= x
			if distance > o {
				f.bits, f.nbits, f.pos = bitbuf, nbits, pos
				return o, errInflateDistance
			}
			// o+length+8 <= len(dst): copy in 8-byte words; the bytes
			// written past o+length are overwritten later.
			from := o - distance
			switch {
			case distance >= 8:
				// The checks above (o+length+8 <= len(dst), distance <=
				// o) keep every word inside dst, so the copy goes without
				// per-word bounds checks.
				for i := 0; i < length; i += 8 {
					binary.LittleEndian.PutUint64(word8(dp, o+i), binary.LittleEndian.Uint64(word8(dp, from+i)))
				}
			case distance == 1:
				v := uint64(*(*byte)(unsafe.Add(dp, from))) * 0x0101010101010101
				for i := 0; i < length; i += 8 {
					binary.LittleEndian.PutUint64(word8(dp, o+i), v)
				}
			default:
				k := copy(dst[o:o+length], dst[from:o])
				for k < length {
					k += copy(dst[o+k:o+length], dst[o:o+k])
				}
			}
			o += length
			if o >= fastOut || pos > fastIn {
				break
			}
			bitbuf |= binary.LittleEndian.Uint64(word8(sp, pos)) << (nbits & 63)
			pos += int((63 - nbits) >> 3)
			nbits |= 56
			e = lit[bitbuf&litMask]
		}
	}

	// Careful loop for the end of the input or of the output.
	var err error
	for {
		if pos+8 <= len(src) {
			bitbuf |= binary.LittleEndian.Uint64(src[pos:]) << (nbits & 63)
			pos += int((63 - nbits) >> 3)
			nbits |= 56
		} else {
			for nbits <= 56 {
				if pos < len(src) {
					bitbuf |= uint64(src[pos]) << nbits
				}
				pos++
				nbits += 8
			}
			if pos*8-int(nbits) > len(src)*8 {
				err = errInflateEOF
				break
			}
		}
		e := lit[bitbuf&litMask]
		if e&entSub != 0 {
			bitbuf >>= litTableBits
			nbits -= litTableBits
			e = lit[(e>>16)+uint32(bitbuf&(1<<(e>>4&15)-1))]
		}
		n := uint(e & 15)
		bitbuf >>= n
		nbits -= n
		if e&entLiteral != 0 {
			if o >= len(dst) {
				break
			}
			dst[o] = byte(e >> 16)
			o++
			continue
		}
		if e&entLength == 0 {
			if e&entEOB == 0 {
				err = errInflateCorrupt
			}
			break
		}
		x := uint(e>>4) & 15
		length := int(e>>16) + int(bitbuf&(1<<x-1))
		bitbuf >>= x
		nbits -= x
		d := dist[bitbuf&distMask]
		if d&entSub != 0 {
			bitbuf >>= distTableBits
			nbits -= distTableBits
			d = dist[(d>>16)+uint32(bitbuf&(1<<(d>>4&15)-1))]
		}
		if d&entDist == 0 {
			err = errInflateCorrupt
			break
		}
		n = uint(d & 15)
		bitbuf >>= n
		nbits -= n
		x = uint(d>>4) & 15
		distance := int(d>>16) + int(bitbuf&(1<<x-1))
		bitbuf >>= x
		nbits -= x
		if o >= len(dst) {
			break
		}
		if distance > o {
			err = errInflateDistance
			break
		}
		length = min(length, len(dst)-o)
		if distance >= length {
			copy(dst[o:o+length], dst[o-distance:])
		} else {
			k := copy(dst[o:o+length], dst[o-distance:o])
			for k < length {
				k += copy(dst[o+k:o+length], dst[o:o+k])
			}
		}
		o += length
	}
	f.bits, f.nbits, f.pos = bitbuf, nbits, pos
	return o, err
}
