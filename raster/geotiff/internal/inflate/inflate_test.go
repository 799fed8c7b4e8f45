package inflate

import (
	"bytes"
	stdflate "compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	kflate "github.com/klauspost/compress/flate"
	kzlib "github.com/klauspost/compress/zlib"
)

// ---- reference helpers -------------------------------------------------

// stdInflate decodes src with compress/flate and returns everything it
// produced before it stopped, plus its error.
func stdInflate(src []byte) ([]byte, error) {
	r := stdflate.NewReader(bytes.NewReader(src))
	out, err := io.ReadAll(r)
	return out, err
}

// Encoders are cached per level and reset: building a fresh level-9
// compressor for every small input dominates the test time otherwise.
var (
	encMu    sync.Mutex
	encCache = map[string]interface {
		io.WriteCloser
		Reset(io.Writer)
	}{}
)

func compress(t testing.TB, lib string, data []byte, level int) []byte {
	encMu.Lock()
	defer encMu.Unlock()
	key := fmt.Sprint(lib, level)
	var buf bytes.Buffer
	w, ok := encCache[key]
	if ok {
		w.Reset(&buf)
	} else {
		var err error
		switch lib {
		case "std":
			w, err = stdflate.NewWriter(&buf, level)
		case "kp":
			w, err = kflate.NewWriter(&buf, level)
		case "stdzlib":
			w, err = zlib.NewWriterLevel(&buf, level)
		case "kpzlib":
			w, err = kzlib.NewWriterLevel(&buf, level)
		}
		if err != nil {
			t.Fatal(err)
		}
		encCache[key] = w
	}
	w.Write(data)
	w.Close()
	return bytes.Clone(buf.Bytes())
}

func stdDeflate(t testing.TB, data []byte, level int) []byte { return compress(t, "std", data, level) }
func kDeflate(t testing.TB, data []byte, level int) []byte   { return compress(t, "kp", data, level) }
func stdZlib(t testing.TB, data []byte, level int) []byte    { return compress(t, "stdzlib", data, level) }
func kZlib(t testing.TB, data []byte, level int) []byte      { return compress(t, "kpzlib", data, level) }

// testData returns n bytes of the given kind, seeded.
func testData(kind string, n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	b := make([]byte, n)
	switch kind {
	case "random":
		for i := range b {
			b[i] = byte(r.Uint32())
		}
	case "zeros":
	case "alpha4": // low entropy: 4 symbols
		for i := range b {
			b[i] = "ACGT"[r.IntN(4)]
		}
	case "skewed": // geometric distribution
		for i := range b {
			v := 0
			for v < 255 && r.IntN(3) != 0 {
				v++
			}
			b[i] = byte(v)
		}
	case "text": // repeated words: lots of matches of all lengths/distances
		words := []string{"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "GeoTIFF ", "raster ", "\n"}
		for i := 0; i < n; {
			w := words[r.IntN(len(words))]
			i += copy(b[i:], w)
		}
	case "runs": // long runs and short periods (overlapping copies)
		for i := 0; i < n; {
			period := 1 + r.IntN(9)
			run := 1 + r.IntN(400)
			pat := make([]byte, period)
			for j := range pat {
				pat[j] = byte(r.Uint32())
			}
			for j := 0; j < run && i < n; j++ {
				b[i] = pat[j%period]
				i++
			}
		}
	case "image": // 16-bit imagery after horizontal differencing
		v := 8000
		for i := 0; i+1 < n; i += 2 {
			d := int(r.NormFloat64() * 40)
			if r.IntN(50) == 0 {
				d = r.IntN(2000) - 1000
			}
			v += d
			b[i] = byte(d)
			b[i+1] = byte(d >> 8)
		}
	case "farmatch": // repeats at distances near 32768
		for i := range b {
			if i >= 32768 && r.IntN(4) != 0 {
				b[i] = b[i-32768+r.IntN(3)]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
	default:
		panic(kind)
	}
	return b
}

var kinds = []string{"random", "zeros", "alpha4", "skewed", "text", "runs", "image", "farmatch"}

func sizesForTest() []int {
	s := []int{0, 1, 2, 3, 7, 8, 9, 16, 17, 100, 258, 259, 1000, 4096, 20000, 65537}
	if !testing.Short() && !raceEnabled {
		s = append(s, 300000)
	}
	return s
}

func checkDecompress(t *testing.T, name string, comp, want []byte, zlibStream bool) {
	t.Helper()
	dec := Decompress
	if zlibStream {
		dec = DecompressZlib
	}
	// Exact-size, roomy and short destinations.
	extras := []int{0, 1, 300, -1, -7, -300}
	if len(want) > 20000 {
		extras = []int{0, 300, -1}
	}
	for _, extra := range extras {
		size := len(want) + extra
		if size < 0 {
			continue
		}
		dst := make([]byte, size)
		n, err := dec(dst, comp)
		if err != nil {
			t.Fatalf("%s (dst %d): error %v", name, size, err)
		}
		wn := min(size, len(want))
		if n != wn {
			t.Fatalf("%s (dst %d): n=%d want %d", name, size, n, wn)
		}
		if !bytes.Equal(dst[:n], want[:wn]) {
			t.Fatalf("%s (dst %d): output differs at %d", name, size, firstDiff(dst[:n], want[:wn]))
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// ---- differential tests --------------------------------------------------

func TestDifferentialEncoders(t *testing.T) {
	levels := []int{-2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, kind := range kinds {
		for _, n := range sizesForTest() {
			data := testData(kind, n, 1)
			for _, lvl := range levels {
				if n >= 20000 && lvl != 1 && lvl != 6 && lvl != 9 && lvl != -2 {
					continue
				}
				name := fmt.Sprintf("%s/%d/L%d", kind, n, lvl)
				comp := stdDeflate(t, data, lvl)
				// The reference decoder must agree with the input too.
				if ref, err := stdInflate(comp); err != nil || !bytes.Equal(ref, data) {
					t.Fatalf("%s: stdlib round trip failed: %v", name, err)
				}
				checkDecompress(t, "std/"+name, comp, data, false)
				checkDecompress(t, "kp/"+name, kDeflate(t, data, lvl), data, false)
				checkDecompress(t, "stdzlib/"+name, stdZlib(t, data, lvl), data, true)
				checkDecompress(t, "kpzlib/"+name, kZlib(t, data, lvl), data, true)
			}
			// klauspost's stateless and constant (Huffman-only RLE) modes.
			checkDecompress(t, fmt.Sprintf("kp/%s/%d/Lm3", kind, n), kDeflate(t, data, kflate.ConstantCompression), data, false)
		}
	}
}

// TestRandomSizesOverSlack exercises the boundary between the fast loop
// and the careful loop by using dst sizes around the output length.
func TestRandomSizesOverSlack(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for iter := 0; iter < 300; iter++ {
		kind := kinds[r.IntN(len(kinds))]
		n := r.IntN(5000)
		data := testData(kind, n, uint64(iter))
		comp := stdDeflate(t, data, r.IntN(10))
		for extra := -20; extra <= 300; extra += 1 + r.IntN(30) {
			size := max(0, n+extra)
			dst := make([]byte, size)
			got, err := Decompress(dst, comp)
			wn := min(size, n)
			if err != nil || got != wn || !bytes.Equal(dst[:got], data[:wn]) {
				t.Fatalf("iter %d %s n=%d dst=%d: got %d, %v", iter, kind, n, size, got, err)
			}
		}
	}
}

// ---- hand-built streams ----------------------------------------------------

// bitWriter writes a DEFLATE bit stream (least significant bit first).
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// huff writes a Huffman code, most significant bit first.
func (w *bitWriter) huff(code uint64, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.bits(code>>uint(i)&1, 1)
	}
}

func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.buf
}

func (w *bitWriter) fixedSym(sym int) {
	switch {
	case sym < 144:
		w.huff(uint64(0x30+sym), 8)
	case sym < 256:
		w.huff(uint64(0x190+sym-144), 9)
	case sym < 280:
		w.huff(uint64(sym-256), 7)
	default:
		w.huff(uint64(0xc0+sym-280), 8)
	}
}

func (w *bitWriter) match(length, dist int) {
	i := len(lengthBase) - 1
	for int(lengthBase[i]) > length {
		i--
	}
	if length == 258 {
		i = 28
	} else if i == 28 {
		i = 27
	}
	w.fixedSym(257 + i)
	w.bits(uint64(length-int(lengthBase[i])), uint(lengthExtra[i]))
	j := len(distBase) - 1
	for int(distBase[j]) > dist {
		j--
	}
	w.huff(uint64(j), 5)
	w.bits(uint64(dist-int(distBase[j])), uint(distExtra[j]))
}

// op is a literal (length 0) or a match.
type op struct {
	lit          byte
	length, dist int
}

// fixedStream encodes ops as one final fixed-Huffman block, returning the
// stream and the expected output.
func fixedStream(ops []op) ([]byte, []byte) {
	var w bitWriter
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE=01
	var out []byte
	for _, o := range ops {
		if o.length == 0 {
			w.fixedSym(int(o.lit))
			out = append(out, o.lit)
			continue
		}
		w.match(o.length, o.dist)
		for k := 0; k < o.length; k++ {
			if o.dist > len(out) {
				out = append(out, 0) // invalid: only for failure tests
				continue
			}
			out = append(out, out[len(out)-o.dist])
		}
	}
	w.fixedSym(256)
	return w.flush(), out
}

func lits(b []byte) []op {
	ops := make([]op, len(b))
	for i, c := range b {
		ops[i] = op{lit: c}
	}
	return ops
}

func TestEdgeCases(t *testing.T) {
	check := func(name string, comp, want []byte) {
		t.Helper()
		ref, err := stdInflate(comp)
		if err != nil || !bytes.Equal(ref, want) {
			t.Fatalf("%s: stdlib disagrees with the test vector: %v", name, err)
		}
		checkDecompress(t, name, comp, want, false)
	}
	check("empty fixed", []byte{0x03, 0x00}, nil)
	check("empty stored", []byte{0x01, 0x00, 0x00, 0xff, 0xff}, nil)
	check("stored abc", []byte{0x01, 0x03, 0x00, 0xfc, 0xff, 'a', 'b', 'c'}, []byte("abc"))
	check("stored len0 then stored", []byte{0x00, 0x00, 0x00, 0xff, 0xff, 0x01, 0x02, 0x00, 0xfd, 0xff, 'x', 'y'}, []byte("xy"))
	check("stored then trailing garbage", []byte{0x01, 0x01, 0x00, 0xfe, 0xff, 'z', 0xde, 0xad}, []byte("z"))
	// Overlapping copies with every small offset and many lengths.
	for dist := 1; dist <= 16; dist++ {
		for _, length := range []int{3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 32, 33, 100, 255, 256, 257, 258} {
			prefix := make([]byte, dist)
			for i := range prefix {
				prefix[i] = byte('a' + i)
			}
			ops := append(lits(prefix), op{length: length, dist: dist}, op{lit: '!'})
			comp, want := fixedStream(ops)
			check(fmt.Sprintf("overlap d%d l%d", dist, length), comp, want)
			// Also far from the end of dst so the fast loop runs it.
			big := append(lits(bytes.Repeat([]byte{'q'}, 1)), ops...)
			for k := 0; k < 5; k++ {
				big = append(big, op{length: 258, dist: dist})
			}
			big = append(big, lits([]byte("tail"))...)
			comp, want = fixedStream(big)
			check(fmt.Sprintf("overlap-fast d%d l%d", dist, length), comp, want)
		}
	}
	// Maximum distance 32768 with length 258, and every distance code.
	r := rand.New(rand.NewPCG(3, 3))
	base := make([]byte, 32768)
	for i := range base {
		base[i] = byte(r.Uint32())
	}
	ops := lits(base)
	for _, dist := range []int{32768, 32767, 24577, 24576, 16385, 4097, 1025, 257, 33, 9, 5, 2, 1} {
		ops = append(ops, op{length: 258, dist: dist}, op{length: 3, dist: dist}, op{lit: 7})
	}
	comp, want := fixedStream(ops)
	check("maxdist", comp, want)
	// Every length with a distance of 1000.
	ops = lits(base[:1000])
	for l := 3; l <= 258; l++ {
		ops = append(ops, op{length: l, dist: 1000})
	}
	comp, want = fixedStream(ops)
	check("all lengths", comp, want)
}

func TestInvalidStreams(t *testing.T) {
	mustFail := func(name string, comp []byte, dstLen int) {
		t.Helper()
		if _, err := stdInflate(comp); err == nil {
			t.Fatalf("%s: stdlib accepts the test vector", name)
		}
		n, err := Decompress(make([]byte, dstLen), comp)
		if err == nil {
			t.Fatalf("%s: no error (n=%d)", name, n)
		}
	}
	mustFail("empty input", nil, 10)
	mustFail("reserved block type", []byte{0x07, 0x00}, 10)
	mustFail("stored nlen mismatch", []byte{0x01, 0x03, 0x00, 0xfc, 0xfe, 'a', 'b', 'c'}, 10)
	mustFail("stored truncated", []byte{0x01, 0x03, 0x00, 0xfc, 0xff, 'a'}, 10)
	mustFail("stored header truncated", []byte{0x01, 0x03, 0x00}, 10)
	mustFail("fixed no EOB", []byte{0x03}[:0], 10)

	// Distance before the start of the output.
	comp, _ := fixedStream([]op{{lit: 'a'}, {length: 3, dist: 2}})
	mustFail("distance too far", comp, 100)
	comp, _ = fixedStream([]op{{length: 3, dist: 1}})
	mustFail("distance at start", comp, 100)

	// Symbols 286/287 and distance codes 30/31 in a fixed block.
	for _, sym := range []int{286, 287} {
		var w bitWriter
		w.bits(1, 1)
		w.bits(1, 2)
		w.fixedSym('a')
		w.fixedSym(sym)
		w.huff(0, 5)
		w.fixedSym(256)
		mustFail(fmt.Sprintf("litlen %d", sym), w.flush(), 100)
	}
	for _, dc := range []int{30, 31} {
		var w bitWriter
		w.bits(1, 1)
		w.bits(1, 2)
		w.fixedSym('a')
		w.fixedSym(257)
		w.huff(uint64(dc), 5)
		w.fixedSym(256)
		mustFail(fmt.Sprintf("distance code %d", dc), w.flush(), 100)
	}

	dyn := func(hlit, hdist int, clens []int, lens []int) []byte {
		var w bitWriter
		w.bits(1, 1)
		w.bits(2, 2)
		w.bits(uint64(hlit-257), 5)
		w.bits(uint64(hdist-1), 5)
		w.bits(uint64(len(clens)-4), 4)
		for _, c := range clens {
			w.bits(uint64(c), 3)
		}
		// Precode here: all symbols 0..18 listed get length 5 in a complete
		// code only when the caller arranges it; these vectors fail earlier.
		for _, l := range lens {
			w.bits(uint64(l), 5)
		}
		return w.flush()
	}
	mustFail("HLIT 287", dyn(287, 1, []int{1, 1, 1, 1}, nil), 100)
	mustFail("HLIT 288", dyn(288, 1, []int{1, 1, 1, 1}, nil), 100)
	mustFail("HDIST 31", dyn(257, 31, []int{1, 1, 1, 1}, nil), 100)
	mustFail("HDIST 32", dyn(257, 32, []int{1, 1, 1, 1}, nil), 100)
	// Over-subscribed precode: three codes of length 1.
	mustFail("oversubscribed precode", dyn(257, 1, []int{1, 1, 1, 0}, nil), 100)
	// Incomplete precode with two codes of length 2.
	mustFail("incomplete precode", dyn(257, 1, []int{2, 2, 0, 0}, nil), 100)
}

// dynamicStream builds a dynamic block from explicit litlen/dist code lengths
// with a flat precode (every code length symbol 0..15 gets a 5-bit... code):
// here the precode gives symbols 0..15 four bits each (complete code of 16).
func dynamicStream(litLens, distLens []uint8, body func(w *bitWriter, lit, dist func(sym int))) []byte {
	var w bitWriter
	w.bits(1, 1)
	w.bits(2, 2)
	w.bits(uint64(len(litLens)-257), 5)
	w.bits(uint64(len(distLens)-1), 5)
	w.bits(uint64(19-4), 4)
	for _, s := range precodeOrder {
		if s < 16 {
			w.bits(4, 3)
		} else {
			w.bits(0, 3)
		}
	}
	for _, l := range append(append([]uint8{}, litLens...), distLens...) {
		w.huff(uint64(l), 4) // canonical code of symbol l among 16 4-bit codes is l
	}
	codes := func(lens []uint8) []uint64 {
		var count [16]int
		for _, l := range lens {
			count[l]++
		}
		count[0] = 0
		var next [16]uint64
		code := uint64(0)
		for l := 1; l < 16; l++ {
			code = (code + uint64(count[l-1])) << 1
			if l == 1 {
				code = 0
			}
			next[l] = code
		}
		c := make([]uint64, len(lens))
		for i, l := range lens {
			if l != 0 {
				c[i] = next[l]
				next[l]++
			}
		}
		return c
	}
	lc, dc := codes(litLens), codes(distLens)
	body(&w,
		func(sym int) { w.huff(lc[sym], uint(litLens[sym])) },
		func(sym int) { w.huff(dc[sym], uint(distLens[sym])) })
	return w.flush()
}

func TestDynamicCodeShapes(t *testing.T) {
	// Single distance code of length 1 (allowed), empty distance code
	// (allowed while unused), incomplete litlen code (rejected),
	// over-subscribed litlen code (rejected), and 15-bit codes that need
	// subtables.
	lit := make([]uint8, 257)
	lit['a'], lit['b'], lit[256] = 1, 2, 2
	dist := []uint8{1}
	oneDist := make([]uint8, 30)
	oneDist[1] = 1
	lit4 := make([]uint8, 259)
	lit4['a'], lit4['b'], lit4[256], lit4[258] = 2, 2, 2, 2
	good := []struct {
		name     string
		lit, dis []uint8
		body     func(w *bitWriter, l, d func(int))
		want     string
	}{
		{"single dist code", lit4, oneDist,
			func(w *bitWriter, l, d func(int)) { l('a'); l('b'); l(258); d(1); l(256) }, "ababab"},
		{"empty dist code", lit, []uint8{0},
			func(w *bitWriter, l, d func(int)) { l('a'); l('b'); l('a'); l(256) }, "aba"},
	}
	for _, g := range good {
		comp := dynamicStream(g.lit, g.dis, g.body)
		ref, err := stdInflate(comp)
		if err != nil || string(ref) != g.want {
			t.Fatalf("%s: stdlib: %q %v", g.name, ref, err)
		}
		checkDecompress(t, g.name, comp, []byte(g.want), false)
	}
	_ = dist

	// Long codes: a complete code with lengths 1..15 (plus one extra 15).
	long := make([]uint8, 286)
	syms := []int{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 256, 'z', 'y'}
	for i, s := range syms[:15] {
		long[s] = uint8(i + 1)
	}
	long[syms[15]] = 15
	comp := dynamicStream(long, []uint8{0}, func(w *bitWriter, l, d func(int)) {
		for _, s := range []int{'y', 'z', 'a', 'm', 'y', 'l', 'k'} {
			l(s)
		}
		l(256)
	})
	ref, err := stdInflate(comp)
	if err != nil || string(ref) != "yzamylk" {
		t.Fatalf("long codes: stdlib %q %v", ref, err)
	}
	checkDecompress(t, "long codes", comp, ref, false)

	// Incomplete and over-subscribed litlen codes.
	bad := map[string][]uint8{}
	inc := make([]uint8, 257)
	inc['a'], inc[256] = 2, 2
	bad["incomplete litlen"] = inc
	over := make([]uint8, 257)
	over['a'], over['b'], over[256] = 1, 1, 1
	bad["oversubscribed litlen"] = over
	single2 := make([]uint8, 257)
	single2[256] = 2
	bad["single code of length 2"] = single2
	for name, ll := range bad {
		comp := dynamicStream(ll, []uint8{0}, func(w *bitWriter, l, d func(int)) { l(256) })
		if _, err := stdInflate(comp); err == nil {
			t.Fatalf("%s: stdlib accepts", name)
		}
		if _, err := Decompress(make([]byte, 10), comp); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("%s: got %v", name, err)
		}
	}
	// A lone EOB code of length 1 is accepted.
	single := make([]uint8, 257)
	single[256] = 1
	comp = dynamicStream(single, []uint8{0}, func(w *bitWriter, l, d func(int)) { l(256) })
	if _, err := stdInflate(comp); err != nil {
		t.Fatalf("single EOB: stdlib %v", err)
	}
	checkDecompress(t, "single EOB", comp, nil, false)
}

// ---- corruption and truncation -----------------------------------------

// compareWithStd checks the outcome of Decompress (got, err, with output in
// dst) against compress/flate's (ref, refErr) and describes any
// disagreement:
//   - stdlib succeeds with at most len(dst) bytes: identical output, no error;
//   - stdlib produces len(dst) bytes or more: Decompress may only succeed
//     with a full dst equal to stdlib's prefix (or fail if stdlib failed
//     right after exactly len(dst) bytes);
//   - stdlib fails earlier: Decompress fails too, except that a stream cut
//     short may still fill dst: compress/flate insists on having as many
//     bits as the end-of-block code before decoding any literal/length
//     symbol, so at a truncation it may stop a symbol or two before we do.
func compareWithStd(dst []byte, got int, err error, ref []byte, refErr error) string {
	n := len(dst)
	if got < 0 || got > n {
		return fmt.Sprintf("n=%d out of range", got)
	}
	switch {
	case len(ref) >= n:
		if err == nil {
			if got != n || !bytes.Equal(dst, ref[:n]) {
				return fmt.Sprintf("full dst mismatch (n=%d)", got)
			}
		} else if !(len(ref) == n && refErr != nil) {
			return fmt.Sprintf("error %v but stdlib produced %d bytes (err %v)", err, len(ref), refErr)
		}
	case refErr == nil:
		if err != nil || got != len(ref) || !bytes.Equal(dst[:got], ref) {
			return fmt.Sprintf("stdlib ok with %d bytes, got n=%d err=%v", len(ref), got, err)
		}
	default:
		if err == nil {
			if refErr == io.ErrUnexpectedEOF && got == n && bytes.Equal(dst[:len(ref)], ref) {
				return ""
			}
			return fmt.Sprintf("stdlib failed (%v) after %d bytes, we succeeded with %d", refErr, len(ref), got)
		}
		if !bytes.Equal(dst[:min(got, len(ref))], ref[:min(got, len(ref))]) {
			return "partial output differs"
		}
	}
	return ""
}

// checkAgainstStd decodes comp with both decoders into a destination of
// dstLen bytes and checks that the outcomes agree.
func checkAgainstStd(t *testing.T, name string, comp []byte, dstLen int) {
	t.Helper()
	ref, refErr := stdInflate(comp)
	dst := make([]byte, dstLen)
	n, err := Decompress(dst, comp)
	if msg := compareWithStd(dst, n, err, ref, refErr); msg != "" {
		t.Fatalf("%s: %s", name, msg)
	}
}

func TestCorruptBitFlips(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	iters := 1500
	if testing.Short() {
		iters = 300
	}
	for iter := 0; iter < iters; iter++ {
		kind := kinds[r.IntN(len(kinds))]
		data := testData(kind, r.IntN(3000), uint64(iter))
		var comp []byte
		if r.IntN(2) == 0 {
			comp = stdDeflate(t, data, r.IntN(11)-1)
		} else {
			comp = kDeflate(t, data, r.IntN(11)-1)
		}
		if len(comp) == 0 {
			continue
		}
		flips := 1 + r.IntN(4)
		for k := 0; k < flips; k++ {
			bit := r.IntN(len(comp) * 8)
			comp[bit/8] ^= 1 << (bit % 8)
		}
		checkAgainstStd(t, fmt.Sprintf("iter %d", iter), comp, len(data)+r.IntN(100))
	}
}

func TestTruncation(t *testing.T) {
	for _, kind := range []string{"text", "image", "runs"} {
		data := testData(kind, 3000, 5)
		for _, lvl := range []int{0, 1, 6, -2} {
			comp := stdDeflate(t, data, lvl)
			for cut := 0; cut < len(comp); cut++ {
				checkAgainstStd(t, fmt.Sprintf("%s L%d cut %d", kind, lvl, cut), comp[:cut], len(data)+10)
			}
		}
	}
}

func TestRandomGarbage(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 1))
	for iter := 0; iter < 5000; iter++ {
		b := make([]byte, r.IntN(200))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if len(b) > 0 {
			b[0] = b[0]&^6 | byte(2+r.IntN(2))<<1 // mostly fixed/dynamic blocks
		}
		checkAgainstStd(t, fmt.Sprintf("garbage %d", iter), b, 1000)
	}
}

// ---- zlib -----------------------------------------------------------------

func TestZlib(t *testing.T) {
	data := testData("text", 50000, 1)
	comp := stdZlib(t, data, 6)
	checkDecompress(t, "zlib", comp, data, true)

	dst := make([]byte, len(data))
	// Missing or truncated trailer: tolerated.
	for cut := 0; cut <= 4; cut++ {
		n, err := DecompressZlib(dst, comp[:len(comp)-cut])
		if err != nil || n != len(data) || !bytes.Equal(dst, data) {
			t.Fatalf("trailer cut %d: n=%d err=%v", cut, n, err)
		}
	}
	// Bad checksum: rejected.
	bad := bytes.Clone(comp)
	bad[len(bad)-1] ^= 1
	if _, err := DecompressZlib(dst, bad); !errors.Is(err, ErrChecksum) {
		t.Fatalf("bad checksum: %v", err)
	}
	// ... but not when dst is too short to see the end of the stream.
	if n, err := DecompressZlib(dst[:len(dst)-1], bad); err != nil || n != len(dst)-1 {
		t.Fatalf("bad checksum, short dst: n=%d err=%v", n, err)
	}
	// Bad headers.
	for name, h := range map[string][2]byte{
		"method 7":   {0x77, 0x00},
		"window 64K": {0x88, 0x00},
		"fcheck":     {0x78, 0x9d},
		"fdict":      {0x78, 0xbb},
	} {
		b := append([]byte{h[0], h[1]}, comp[2:]...)
		if h[0] == 0x77 || h[0] == 0x88 {
			// keep FCHECK valid so only the field under test is wrong
			v := uint(h[0]) << 8
			b[1] = byte(31 - v%31)
		}
		if _, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			t.Fatalf("%s: stdlib accepts header", name)
		}
		if _, err := DecompressZlib(dst, b); !errors.Is(err, ErrHeader) {
			t.Fatalf("%s: got %v", name, err)
		}
	}
	if _, err := DecompressZlib(dst, []byte{0x78}); err == nil {
		t.Fatal("1-byte zlib stream accepted")
	}
}

// ---- real TIFF chunks ------------------------------------------------------

func TestTIFFChunks(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/data/geotiff/*deflate*.tif")
	if len(files) == 0 {
		t.Skip("no DEFLATE GeoTIFF test data")
	}
	total := 0
	for _, f := range files {
		comp, chunks, err := tiffChunks(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if comp != 8 && comp != 32946 {
			t.Fatalf("%s: compression %d", f, comp)
		}
		for i, c := range chunks {
			zr, err := zlib.NewReader(bytes.NewReader(c))
			if err != nil {
				t.Fatalf("%s chunk %d: %v", f, i, err)
			}
			want, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s chunk %d: stdlib %v", f, i, err)
			}
			checkDecompress(t, fmt.Sprintf("%s chunk %d", filepath.Base(f), i), c, want, true)
			total++
		}
	}
	t.Logf("%d files, %d chunks", len(files), total)
}
