// Package inflate is a whole-buffer DEFLATE (RFC 1951) and zlib (RFC 1950)
// decoder for TIFF chunks.
//
// It follows the design of libdeflate's decompressor
// (lib/decompress_template.h): the entire compressed input is a []byte and
// the output goes straight into a caller-provided []byte whose size is known
// in advance, so there is no sliding-window ring buffer, no io.Reader and no
// per-byte interface call. Matches copy from earlier output in dst itself.
//
// The hot loop keeps a 64-bit bit buffer that is refilled with one unaligned
// little-endian 8-byte load while at least 16 input bytes remain, decodes
// Huffman codes with a single table lookup (plus a rare second lookup in a
// subtable for codes longer than the main table's index width), and copies
// matches 8 bytes at a time while there is slack at the end of dst. Close to
// the end of the input or of dst a careful, fully checked loop takes over.
//
// The package is pure Go (no cgo, no assembly).
package inflate

import (
	"encoding/binary"
	"errors"
	"hash/adler32"
	"math/bits"
	"sync"
)

// Errors returned by [Decompress] and [DecompressZlib].
var (
	// ErrCorrupt reports a DEFLATE stream that violates RFC 1951: reserved
	// block type 3, a stored block whose NLEN is not the complement of LEN,
	// over-subscribed or (other than the single-code case zlib accepts)
	// incomplete Huffman codes, too many length or distance codes, a repeat
	// code with nothing to repeat or repeating past the end, the invalid
	// symbols 286/287 or distance codes 30/31, or a distance reaching back
	// before the start of the output.
	ErrCorrupt = errors.New("inflate: corrupt DEFLATE stream")
	// ErrUnexpectedEOF reports a stream that ends before its final block does
	// while dst still has room. (A stream cut short after dst has been
	// filled is accepted, as libtiff does.)
	ErrUnexpectedEOF = errors.New("inflate: unexpected end of DEFLATE stream")
	// ErrHeader reports an invalid zlib header (RFC 1950 section 2.2):
	// a compression method other than 8, a window size above 32 KiB, a
	// failing FCHECK, or a preset dictionary (FDICT), which TIFF never uses.
	ErrHeader = errors.New("inflate: invalid zlib header")
	// ErrChecksum reports a zlib stream whose Adler-32 trailer does not
	// match the decompressed data (RFC 1950 section 2.2, ADLER32).
	ErrChecksum = errors.New("inflate: zlib Adler-32 checksum mismatch")
)

// Decode table geometry. A table entry is a uint32:
//
//	bits  0-5   number of bits to consume: the codeword length plus, for
//	            length and distance symbols, the extra bits; for a subtable
//	            pointer, the main table's index width; for a double
//	            literal, both codewords
//	bit   7     double literal: two literals (bits 16-23, then 24-31)
//	bits  8-11  codeword length (the extra bits start after it); for a
//	            double literal, the first codeword's length; for a subtable
//	            pointer, the subtable's index width
//	bit  12     literal (litlen tables only)
//	bit  13     end of block
//	bit  14     subtable pointer
//	bit  15     exceptional: end of block, subtable pointer or invalid symbol
//	bits 16-31  literal byte, length base, distance base or subtable start
const (
	litlenTableBits  = 11
	distTableBits    = 8
	precodeTableBits = 7

	// Sizes are powers of two so that masked indexes need no bounds check.
	// zlib's enough program gives the worst cases: 2342 entries for 288
	// symbols with an 11-bit root table and 15-bit codes, 402 for 32
	// symbols with an 8-bit root (libdeflate uses the same figures).
	// buildTable checks the bounds anyway. (A 12-bit root measured the
	// same on Landsat data.)
	litlenTableSize  = 4096
	distTableSize    = 512
	precodeTableSize = 1 << precodeTableBits

	flagDouble      = 1 << 7
	flagLiteral     = 1 << 12
	flagEOB         = 1 << 13
	flagSubtable    = 1 << 14
	flagExceptional = 1 << 15

	entryInvalid = flagExceptional

	numLitlenSyms  = 288
	numDistSyms    = 32
	numPrecodeSyms = 19
	maxCodeLen     = 15

	// Limits on HLIT and HDIST enforced by zlib and Go's compress/flate.
	maxNumLit  = 286
	maxNumDist = 30

	// Fast loop margins: one iteration performs at most one 8-byte
	// refill, and writes at most 6 literals or a 258-byte match plus up to
	// 15 bytes of word-copy overrun.
	fastInMargin  = 8
	fastOutMargin = 258 + 6 + 16

	litlenMask = 1<<litlenTableBits - 1
)

var lengthBase = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
var lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
var distBase = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
var distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}

// precodeOrder is the order of the code length code lengths (RFC 1951
// section 3.2.7).
var precodeOrder = [numPrecodeSyms]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

type tableKind int

const (
	kindLitlen tableKind = iota
	kindDist
	kindPrecode
)

// symbolEntry returns the decode result part of the table entry for sym
// (everything except the bit counts).
func symbolEntry(kind tableKind, sym int) (entry uint32, extra uint32) {
	switch kind {
	case kindLitlen:
		switch {
		case sym < 256:
			return flagLiteral | uint32(sym)<<16, 0
		case sym == 256:
			return flagExceptional | flagEOB, 0
		case sym < 257+len(lengthBase):
			i := sym - 257
			return uint32(lengthBase[i]) << 16, uint32(lengthExtra[i])
		}
		return entryInvalid, 0 // 286, 287
	case kindDist:
		if sym < len(distBase) {
			return uint32(distBase[sym]) << 16, uint32(distExtra[sym])
		}
		return entryInvalid, 0 // 30, 31
	}
	return uint32(sym) << 16, 0
}

// buildTable builds a decode table with a main table indexed by tableBits
// bits and subtables for longer codes, from the code lengths lens of a
// canonical Huffman code (RFC 1951 section 3.2.2).
//
// Over-subscribed codes are rejected. Incomplete codes are rejected too,
// except the empty code and a single code of length 1, which zlib and Go's
// compress/flate accept; unused bit patterns decode to an invalid entry.
//
// For litlen tables, scratch (1<<tableBits entries) is used to pair
// literals: a main-table entry whose bits hold a literal code followed by a
// second complete literal code decodes both at once (flagDouble).
func buildTable(table []uint32, lens []uint8, tableBits uint, kind tableKind, scratch []uint32) bool {
	var count [maxCodeLen + 1]uint16
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left := 1
	total := 0
	maxLen := 0
	for l := 1; l <= maxCodeLen; l++ {
		left <<= 1
		left -= int(count[l])
		if left < 0 {
			return false // over-subscribed
		}
		total += int(count[l])
		if count[l] != 0 {
			maxLen = l
		}
	}
	mainSize := 1 << tableBits
	if left > 0 {
		// Incomplete: only the empty code and one code of length 1.
		if total > 1 || (total == 1 && count[1] != 1) {
			return false
		}
		for i := range table[:mainSize] {
			table[i] = entryInvalid
		}
		if total == 1 {
			for sym, l := range lens {
				if l != 0 {
					e, extra := symbolEntry(kind, sym)
					e |= 1<<8 | (1 + extra)
					for i := 0; i < mainSize; i += 2 {
						table[i] = e
					}
				}
			}
		}
		return true
	}

	// Sort the symbols by code length, then by symbol value.
	var offs [maxCodeLen + 2]uint16
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var sorted [numLitlenSyms]uint16
	for sym, l := range lens {
		if l != 0 {
			sorted[offs[l]] = uint16(sym)
			offs[l]++
		}
	}

	code := 0 // canonical code, most significant bit first
	codeLen := 0
	next := mainSize // first free subtable slot
	curPrefix := -1
	subStart, subBits := 0, 0
	for _, s := range sorted[:total] {
		sym := int(s)
		l := int(lens[sym])
		code <<= uint(l - codeLen)
		codeLen = l
		e, extra := symbolEntry(kind, sym)
		if l <= int(tableBits) {
			rev := int(bits.Reverse16(uint16(code)) >> (16 - l))
			e |= uint32(l)<<8 | (uint32(l) + extra)
			for i := rev; i < mainSize; i += 1 << l {
				table[i] = e
			}
		} else {
			prefix := int(bits.Reverse16(uint16(code>>(l-int(tableBits)))) >> (16 - tableBits))
			if prefix != curPrefix {
				// New subtable, sized (as zlib does) to hold exactly the
				// rest of the code tree below this prefix.
				curPrefix = prefix
				curr := l - int(tableBits)
				room := 1 << curr
				for curr+int(tableBits) < maxLen {
					room -= int(count[curr+int(tableBits)])
					if room <= 0 {
						break
					}
					curr++
					room <<= 1
				}
				subStart, subBits = next, curr
				next += 1 << curr
				if next > len(table) {
					return false
				}
				table[prefix] = flagExceptional | flagSubtable | uint32(subStart)<<16 |
					uint32(subBits)<<8 | uint32(tableBits)
			}
			sl := l - int(tableBits)
			if sl > subBits {
				return false
			}
			rev := int(bits.Reverse16(uint16(code&(1<<sl-1))) >> (16 - sl))
			e |= uint32(sl)<<8 | (uint32(sl) + extra)
			for i := rev; i < 1<<subBits; i += 1 << sl {
				table[subStart+i] = e
			}
		}
		count[l]--
		code++
	}
	if kind == kindLitlen && len(scratch) >= mainSize {
		single := scratch[:mainSize]
		copy(single, table[:mainSize])
		for i, e := range single {
			if e&flagLiteral == 0 {
				continue
			}
			l1 := e & 63
			e2 := single[uint32(i)>>l1]
			if e2&flagLiteral == 0 || l1+e2&63 > uint32(tableBits) {
				continue
			}
			table[i] = e + e2&63 | flagDouble | (e2>>16)<<24
		}
	}
	return true
}

// fixedTables holds the decode tables of the fixed Huffman codes (RFC 1951
// section 3.2.6).
type fixedTables struct {
	litlen [litlenTableSize]uint32
	dist   [distTableSize]uint32
}

var fixed = sync.OnceValue(func() *fixedTables {
	t := new(fixedTables)
	var lens [numLitlenSyms]uint8
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
	if !buildTable(t.litlen[:], lens[:], litlenTableBits, kindLitlen, make([]uint32, 1<<litlenTableBits)) {
		panic("inflate: bad fixed litlen table")
	}
	var dlens [numDistSyms]uint8
	for i := range dlens {
		dlens[i] = 5
	}
	if !buildTable(t.dist[:], dlens[:], distTableBits, kindDist, nil) {
		panic("inflate: bad fixed distance table")
	}
	return t
})

// decoder holds the bit reader state between blocks and the dynamic
// Huffman tables.
type decoder struct {
	src      []byte
	in       int    // next unread byte of src
	bitbuf   uint64 // bits not yet consumed, least significant first
	bitsleft uint   // number of valid bits in bitbuf
	// Bits of bitbuf above bitsleft are either zero or equal to the bits
	// of src[in:], so OR-ing further input bytes in is always correct.

	litlen  [litlenTableSize]uint32
	dist    [distTableSize]uint32
	precode [precodeTableSize]uint32
	lens    [maxNumLit + maxNumDist]uint8
	scratch [1 << litlenTableBits]uint32
}

var pool = sync.Pool{New: func() any { return new(decoder) }}

// Decompress inflates the raw DEFLATE stream (RFC 1951) in src into dst and
// returns the number of bytes written.
//
// It stops after the final block, or as soon as dst is full and more output
// would follow; then it returns len(dst) and no error, since TIFF chunks may
// decode to more than the chunk needs. A stream that ends early is accepted
// if dst is full at that point (libtiff behaves the same way). Corrupt input
// returns [ErrCorrupt] or [ErrUnexpectedEOF]; it never causes a panic, a
// write outside dst or an endless loop. Bytes after the final block are
// ignored. Like libdeflate, the decoder may scribble on dst beyond the
// returned count (never beyond len(dst)).
func Decompress(dst, src []byte) (int, error) {
	d := pool.Get().(*decoder)
	n, _, err := d.decompress(dst, src)
	d.src = nil
	pool.Put(d)
	return n, err
}

// DecompressZlib inflates the zlib stream (RFC 1950) in src into dst like
// [Decompress]. It checks the two-byte header (compression method 8, window
// of at most 32 KiB, FCHECK, no preset dictionary) and, when the DEFLATE
// stream is complete and the four-byte Adler-32 trailer is present, verifies
// the checksum ([ErrChecksum]). A missing or truncated trailer is tolerated,
// as libtiff does.
func DecompressZlib(dst, src []byte) (int, error) {
	if len(src) < 2 {
		if len(dst) == 0 {
			return 0, nil
		}
		return 0, ErrUnexpectedEOF
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint(cmf)<<8|uint(flg))%31 != 0 || flg&0x20 != 0 {
		return 0, ErrHeader
	}
	d := pool.Get().(*decoder)
	n, complete, err := d.decompress(dst, src[2:])
	end := 2 + d.in - int(d.bitsleft>>3)
	d.src = nil
	pool.Put(d)
	if err != nil || !complete {
		return n, err
	}
	if end >= 2 && end+4 <= len(src) {
		if binary.BigEndian.Uint32(src[end:]) != adler32.Checksum(dst[:n]) {
			return n, ErrChecksum
		}
	}
	return n, nil
}

type blockStatus int

const (
	blockDone blockStatus = iota
	dstFull
)

// decompress runs the block loop. complete reports whether the final block
// was decoded to its end.
func (d *decoder) decompress(dst, src []byte) (n int, complete bool, err error) {
	d.src = src
	d.in = 0
	d.bitbuf = 0
	d.bitsleft = 0
	out := 0
	for {
		if !d.ensure(3) {
			return d.eof(dst, out)
		}
		final := d.bitbuf&1 != 0
		btype := (d.bitbuf >> 1) & 3
		d.consume(3)
		var st blockStatus
		switch btype {
		case 0:
			out, st, err = d.storedBlock(dst, out)
		case 1:
			f := fixed()
			out, st, err = d.huffmanBlock(dst, out, &f.litlen, &f.dist)
		case 2:
			if err = d.readDynamicTables(); err == nil {
				out, st, err = d.huffmanBlock(dst, out, &d.litlen, &d.dist)
			}
		default:
			err = ErrCorrupt
		}
		if err != nil {
			if err == ErrUnexpectedEOF {
				return d.eof(dst, out)
			}
			return out, false, err
		}
		if st == dstFull {
			return out, false, nil
		}
		if final {
			return out, true, nil
		}
	}
}

// eof handles a stream that ends early: fine if dst is full, else an error.
func (d *decoder) eof(dst []byte, out int) (int, bool, error) {
	if out == len(dst) {
		return out, false, nil
	}
	return out, false, ErrUnexpectedEOF
}

// ensure makes at least n (<= 57) bits available, reading bytes one at a
// time; it reports false if the input ends first.
func (d *decoder) ensure(n uint) bool {
	for d.bitsleft < n {
		if d.in >= len(d.src) {
			return false
		}
		d.bitbuf |= uint64(d.src[d.in]) << (d.bitsleft & 63)
		d.in++
		d.bitsleft += 8
	}
	return true
}

func (d *decoder) consume(n uint) {
	d.bitbuf >>= n & 63
	d.bitsleft -= n
}

// storedBlock copies a stored block (RFC 1951 section 3.2.4).
func (d *decoder) storedBlock(dst []byte, out int) (int, blockStatus, error) {
	// Skip to the byte boundary and give back the whole bytes still in the
	// bit buffer.
	d.consume(d.bitsleft & 7)
	d.in -= int(d.bitsleft >> 3)
	d.bitbuf = 0
	d.bitsleft = 0
	src := d.src
	if len(src)-d.in < 4 {
		return out, blockDone, ErrUnexpectedEOF
	}
	n := int(binary.LittleEndian.Uint16(src[d.in:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(src[d.in+2:]) {
		return out, blockDone, ErrCorrupt
	}
	d.in += 4
	room := len(dst) - out
	if n > room {
		avail := len(src) - d.in
		if avail < room {
			copy(dst[out:], src[d.in:])
			d.in = len(src)
			return out + avail, blockDone, ErrUnexpectedEOF
		}
		copy(dst[out:], src[d.in:d.in+room])
		d.in += room
		return len(dst), dstFull, nil
	}
	if len(src)-d.in < n {
		avail := len(src) - d.in
		copy(dst[out:], src[d.in:])
		d.in = len(src)
		return out + avail, blockDone, ErrUnexpectedEOF
	}
	copy(dst[out:], src[d.in:d.in+n])
	d.in += n
	return out + n, blockDone, nil
}

// readDynamicTables reads the code lengths of a dynamic Huffman block
// (RFC 1951 section 3.2.7) and builds d.litlen and d.dist.
func (d *decoder) readDynamicTables() error {
	if !d.ensure(14) {
		return ErrUnexpectedEOF
	}
	nlit := int(d.bitbuf&31) + 257
	ndist := int(d.bitbuf>>5&31) + 1
	nclen := int(d.bitbuf>>10&15) + 4
	d.consume(14)
	if nlit > maxNumLit || ndist > maxNumDist {
		return ErrCorrupt
	}
	var clens [numPrecodeSyms]uint8
	for i := 0; i < nclen; i++ {
		if !d.ensure(3) {
			return ErrUnexpectedEOF
		}
		clens[precodeOrder[i]] = uint8(d.bitbuf & 7)
		d.consume(3)
	}
	if !buildTable(d.precode[:], clens[:], precodeTableBits, kindPrecode, nil) {
		return ErrCorrupt
	}
	n := nlit + ndist
	lens := d.lens[:n]
	for i := 0; i < n; {
		d.ensure(precodeTableBits + 7) // as many as available
		e := d.precode[d.bitbuf&(precodeTableSize-1)]
		if e&flagExceptional != 0 {
			return ErrCorrupt
		}
		cl := uint(e & 0xff)
		if cl > d.bitsleft {
			return ErrUnexpectedEOF
		}
		d.consume(cl)
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return ErrCorrupt
			}
			if d.bitsleft < 2 {
				return ErrUnexpectedEOF
			}
			v = lens[i-1]
			rep = 3 + int(d.bitbuf&3)
			d.consume(2)
		case 17:
			if d.bitsleft < 3 {
				return ErrUnexpectedEOF
			}
			rep = 3 + int(d.bitbuf&7)
			d.consume(3)
		default:
			if d.bitsleft < 7 {
				return ErrUnexpectedEOF
			}
			rep = 11 + int(d.bitbuf&127)
			d.consume(7)
		}
		if i+rep > n {
			return ErrCorrupt
		}
		for j := range lens[i : i+rep] {
			lens[i+j] = v
		}
		i += rep
	}
	if !buildTable(d.litlen[:], lens[:nlit], litlenTableBits, kindLitlen, d.scratch[:]) ||
		!buildTable(d.dist[:], lens[nlit:], distTableBits, kindDist, nil) {
		return ErrCorrupt
	}
	return nil
}

// huffmanBlock decodes the data of a fixed or dynamic Huffman block (RFC 1951
// section 3.2.5) with the given tables.
func (d *decoder) huffmanBlock(dst []byte, out int, lt *[litlenTableSize]uint32, dt *[distTableSize]uint32) (int, blockStatus, error) {
	src := d.src
	in := d.in
	bitbuf := d.bitbuf
	bitsleft := d.bitsleft

	// Fast loop: enough input for an unconditional 8-byte refill and
	// enough room in dst for the longest match plus word-copy overrun.
	//
	// After a refill, all 64 bits of bitbuf are real input (bits above
	// bitsleft are copies of src[in:]), so an entry looked up before the
	// next refill stays valid across it as long as at most 64-tableBits
	// bits have been consumed since the last refill. The loop relies on
	// this to look up the next entry early ("preload", as libdeflate
	// does) and to decode up to three literals per refill: a refill leaves
	// at least 56 bits, a literal takes at most 15, a length code with its
	// extra bits at most 20 and a distance at most 28.
	if in <= len(src)-fastInMargin && out <= len(dst)-fastOutMargin {
		bitbuf |= binary.LittleEndian.Uint64(src[in:]) << (bitsleft & 63)
		in += 7 - int((bitsleft>>3)&7)
		bitsleft |= 56
		entry := lt[bitbuf&litlenMask]
		for in <= len(src)-fastInMargin && out <= len(dst)-fastOutMargin {
			bitbuf |= binary.LittleEndian.Uint64(src[in:]) << (bitsleft & 63)
			in += 7 - int((bitsleft>>3)&7)
			bitsleft |= 56

			if entry&flagLiteral != 0 {
				// One or two literals per entry: always store two
				// bytes (there is slack), advance by one or two.
				bitbuf >>= entry & 63
				bitsleft -= uint(entry & 63)
				binary.LittleEndian.PutUint16(dst[out:], uint16(entry>>16))
				out += 1 + int(entry>>7&1)
				entry = lt[bitbuf&litlenMask]
				if entry&flagLiteral != 0 {
					bitbuf >>= entry & 63
					bitsleft -= uint(entry & 63)
					binary.LittleEndian.PutUint16(dst[out:], uint16(entry>>16))
					out += 1 + int(entry>>7&1)
					entry = lt[bitbuf&litlenMask]
					if entry&flagLiteral != 0 {
						bitbuf >>= entry & 63
						bitsleft -= uint(entry & 63)
						binary.LittleEndian.PutUint16(dst[out:], uint16(entry>>16))
						out += 1 + int(entry>>7&1)
						entry = lt[bitbuf&litlenMask]
					}
				}
				continue
			}
			if entry&flagSubtable != 0 {
				bitbuf >>= litlenTableBits
				bitsleft -= litlenTableBits
				entry = lt[((entry>>16)+uint32(bitbuf)&(1<<(entry>>8&15)-1))&(litlenTableSize-1)]
				if entry&flagLiteral != 0 {
					bitbuf >>= entry & 63
					bitsleft -= uint(entry & 63)
					dst[out] = byte(entry >> 16)
					out++
					entry = lt[bitbuf&litlenMask]
					continue
				}
			}
			saved := bitbuf
			nb := entry & 63
			bitbuf >>= nb
			bitsleft -= uint(nb)
			if entry&flagExceptional != 0 {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				if entry&flagEOB != 0 {
					return out, blockDone, nil
				}
				return out, blockDone, ErrCorrupt
			}
			length := int(entry>>16) + int((saved&(1<<nb-1))>>(entry>>8&15))

			entry = dt[bitbuf&(1<<distTableBits-1)]
			if entry&flagSubtable != 0 {
				bitbuf >>= distTableBits
				bitsleft -= distTableBits
				entry = dt[((entry>>16)+uint32(bitbuf)&(1<<(entry>>8&15)-1))&(distTableSize-1)]
			}
			saved = bitbuf
			nb = entry & 63
			bitbuf >>= nb
			bitsleft -= uint(nb)
			if entry&flagExceptional != 0 {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				return out, blockDone, ErrCorrupt
			}
			dist := int(entry>>16) + int((saved&(1<<nb-1))>>(entry>>8&15))
			if dist > out {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				return out, blockDone, ErrCorrupt
			}
			entry = lt[bitbuf&litlenMask] // preload; at most 48 bits used
			copyMatch(dst, out, dist, length)
			out += length
		}
	}

	// Careful loop: every bit count and every output byte is checked.
	for {
		if in <= len(src)-8 {
			bitbuf |= binary.LittleEndian.Uint64(src[in:]) << (bitsleft & 63)
			in += 7 - int((bitsleft>>3)&7)
			bitsleft |= 56
		} else {
			for bitsleft <= 56 && in < len(src) {
				bitbuf |= uint64(src[in]) << (bitsleft & 63)
				in++
				bitsleft += 8
			}
		}
		entry := lt[bitbuf&(1<<litlenTableBits-1)]
		if entry&flagSubtable != 0 {
			if bitsleft < litlenTableBits {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				return out, blockDone, ErrUnexpectedEOF
			}
			bitbuf >>= litlenTableBits
			bitsleft -= litlenTableBits
			entry = lt[((entry>>16)+uint32(bitbuf)&(1<<(entry>>8&15)-1))&(litlenTableSize-1)]
		}
		if entry&flagExceptional != 0 && entry&flagEOB == 0 {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, ErrCorrupt
		}
		saved := bitbuf
		nb := entry & 63
		if entry&flagLiteral != 0 {
			nb = entry >> 8 & 15 // the first literal only
		}
		if uint(nb) > bitsleft {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, ErrUnexpectedEOF
		}
		bitbuf >>= nb
		bitsleft -= uint(nb)
		if entry&flagLiteral != 0 {
			if out >= len(dst) {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				return out, dstFull, nil
			}
			dst[out] = byte(entry >> 16)
			out++
			continue
		}
		if entry&flagEOB != 0 {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, nil
		}
		length := int(entry>>16) + int((saved&(1<<nb-1))>>(entry>>8&15))

		if in <= len(src)-8 {
			bitbuf |= binary.LittleEndian.Uint64(src[in:]) << (bitsleft & 63)
			in += 7 - int((bitsleft>>3)&7)
			bitsleft |= 56
		} else {
			for bitsleft <= 56 && in < len(src) {
				bitbuf |= uint64(src[in]) << (bitsleft & 63)
				in++
				bitsleft += 8
			}
		}
		entry = dt[bitbuf&(1<<distTableBits-1)]
		if entry&flagSubtable != 0 {
			if bitsleft < distTableBits {
				d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
				return out, blockDone, ErrUnexpectedEOF
			}
			bitbuf >>= distTableBits
			bitsleft -= distTableBits
			entry = dt[((entry>>16)+uint32(bitbuf)&(1<<(entry>>8&15)-1))&(distTableSize-1)]
		}
		if entry&flagExceptional != 0 {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, ErrCorrupt
		}
		saved = bitbuf
		nb = entry & 63
		if uint(nb) > bitsleft {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, ErrUnexpectedEOF
		}
		bitbuf >>= nb
		bitsleft -= uint(nb)
		dist := int(entry>>16) + int((saved&(1<<nb-1))>>(entry>>8&15))
		if dist > out {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, blockDone, ErrCorrupt
		}
		st := blockDone
		if room := len(dst) - out; length > room {
			length = room
			st = dstFull
		}
		for i := out; i < out+length; i++ {
			dst[i] = dst[i-dist]
		}
		out += length
		if st == dstFull {
			d.in, d.bitbuf, d.bitsleft = in, bitbuf, bitsleft
			return out, dstFull, nil
		}
	}
}

// copyMatch copies length (3..258) bytes from dst[out-dist:] to dst[out:],
// where the regions may overlap (dist < length repeats the last dist bytes).
// It may write up to 15 bytes past out+length, which the caller guarantees
// exist in dst.
func copyMatch(dst []byte, out, dist, length int) {
	from := out - dist
	end := out + length
	switch {
	case dist >= 8:
		// Reads stay at least 8 bytes behind writes, so word copies
		// reproduce the byte-by-byte semantics.
		binary.LittleEndian.PutUint64(dst[out:], binary.LittleEndian.Uint64(dst[from:]))
		binary.LittleEndian.PutUint64(dst[out+8:], binary.LittleEndian.Uint64(dst[from+8:]))
		from += 16
		for out += 16; out < end; out += 8 {
			binary.LittleEndian.PutUint64(dst[out:], binary.LittleEndian.Uint64(dst[from:]))
			from += 8
		}
	case dist == 1:
		v := uint64(dst[from]) * 0x0101010101010101
		for ; out < end; out += 8 {
			binary.LittleEndian.PutUint64(dst[out:], v)
		}
	default:
		// Write the first 8 bytes one at a time; after that the output is
		// periodic with period p (a multiple of dist, 8 <= p < 16), so
		// whole words can be copied from p bytes back.
		_ = dst[out+7]
		for i := 0; i < 8; i++ {
			dst[out+i] = dst[from+i]
		}
		p := period8[dist]
		for out += 8; out < end; out += 8 {
			binary.LittleEndian.PutUint64(dst[out:], binary.LittleEndian.Uint64(dst[out-p:]))
		}
	}
}

// period8 is the smallest multiple of dist that is at least 8, for dist
// 2..7.
var period8 = [8]int{0, 8, 8, 9, 8, 10, 12, 14}
