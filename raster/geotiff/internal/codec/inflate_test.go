package codec

import (
	"bytes"
	stdflate "compress/flate"
	"io"
	"math/rand/v2"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// randomPayload returns data of varied structure: runs, repeats at many
// distances, text-like bytes and noise, so that the encoders emit every kind
// of block, literal, length and distance.
func randomPayload(r *rand.Rand, n int) []byte {
	b := make([]byte, 0, n)
	for len(b) < n {
		switch r.IntN(5) {
		case 0: // run
			c := byte(r.IntN(256))
			for range r.IntN(300) {
				b = append(b, c)
			}
		case 1: // repeat from the past
			if len(b) > 0 {
				d := 1 + r.IntN(min(len(b), 32768))
				l := r.IntN(300)
				for range l {
					b = append(b, b[len(b)-d])
				}
			}
		case 2: // small alphabet
			for range r.IntN(500) {
				b = append(b, 'a'+byte(r.IntN(6)))
			}
		case 3: // noise
			for range r.IntN(200) {
				b = append(b, byte(r.IntN(256)))
			}
		default: // smooth 16-bit samples
			v := r.IntN(65536)
			for range r.IntN(400) {
				v += r.IntN(21) - 10
				b = append(b, byte(v), byte(v>>8))
			}
		}
	}
	return b[:n]
}

func stdDeflate(t testing.TB, data []byte, level int) []byte {
	var buf bytes.Buffer
	w, err := stdflate.NewWriter(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

func kDeflate(t testing.TB, data []byte, level int) []byte {
	var buf bytes.Buffer
	w, err := kflate.NewWriter(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// TestInflateRoundTrip decodes streams from two independent encoders at all
// their levels (stored, fixed and dynamic Huffman blocks) and compares with
// the original data.
func TestInflateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	f := new(inflater)
	for i := range 60 {
		n := []int{0, 1, 2, 7, 100, 1000, 70000, 300000}[i%8]
		data := randomPayload(r, n)
		for _, level := range []int{-2, 0, 1, 2, 5, 6, 9} {
			for enc, comp := range map[string][]byte{"std": stdDeflate(t, data, level), "klauspost": kDeflate(t, data, level)} {
				dst := make([]byte, len(data))
				got, err := f.inflate(dst, comp)
				if err != nil || got != len(data) || !bytes.Equal(dst, data) {
					t.Fatalf("%s level %d, %d bytes: got %d, err %v, equal %v", enc, level, n, got, err, bytes.Equal(dst, data))
				}
				// A prefix of the output.
				if len(data) > 10 {
					half := make([]byte, len(data)/2)
					got, err = f.inflate(half, comp)
					if err != nil || got != len(half) || !bytes.Equal(half, data[:len(half)]) {
						t.Fatalf("%s level %d prefix: got %d, err %v", enc, level, got, err)
					}
				}
				// Cut input: never claims more than it has.
				if len(data) >= 1000 {
					cut := comp[:len(comp)/2]
					got, err = f.inflate(dst, cut)
					if err == nil && got == len(data) {
						t.Fatalf("%s level %d: cut stream decoded in full", enc, level)
					}
					// The last symbols before the cut may have been decoded
					// from the zero padding before the decoder noticed.
					if good := max(0, got-300); !bytes.Equal(dst[:good], data[:good]) {
						t.Fatalf("%s level %d: cut stream gave wrong bytes", enc, level)
					}
				}
			}
		}
	}
}

// inflateAgainstStd checks the decoder against compress/flate on an
// arbitrary (often corrupt) stream: whatever both produce must agree, and a
// stream the standard library decodes without error must decode the same.
func inflateAgainstStd(t *testing.T, comp []byte) {
	want, stdErr := io.ReadAll(io.LimitReader(stdflate.NewReader(bytes.NewReader(comp)), 1<<20))
	f := inflaters.Get().(*inflater)
	defer inflaters.Put(f)
	dst := make([]byte, len(want))
	n, err := f.inflate(dst, comp)
	if !bytes.Equal(dst[:n], want[:n]) {
		t.Fatalf("output differs from compress/flate within the first %d bytes", n)
	}
	if stdErr == nil && (err != nil || n != len(want)) {
		t.Fatalf("compress/flate decodes %d bytes, we got %d and %v", len(want), n, err)
	}
}

func TestInflateCorrupt(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		data := randomPayload(r, 5000)
		comp := stdDeflate(t, data, []int{1, 6, -2}[r.IntN(3)])
		for range 1 + r.IntN(3) {
			comp[r.IntN(len(comp))] ^= byte(1 << r.IntN(8))
		}
		inflateAgainstStd(t, comp)
	}
	for range 2000 {
		b := make([]byte, r.IntN(64))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		inflateAgainstStd(t, b)
	}
}

// FuzzInflate compresses the fuzzer's data with compress/flate at a level
// it picks, checks the exact round trip, then flips bits of one byte and
// checks the decoder against compress/flate on the damaged stream.
func FuzzInflate(f *testing.F) {
	f.Add([]byte("hello, hello, hello, world"), int8(6), uint16(3), byte(0x10))
	f.Add(bytes.Repeat([]byte{0, 1, 2, 3, 250}, 300), int8(-2), uint16(100), byte(0))
	f.Add(randomPayload(rand.New(rand.NewPCG(1, 2)), 3000), int8(1), uint16(7), byte(0x80))
	f.Fuzz(func(t *testing.T, data []byte, level int8, at uint16, flip byte) {
		lv := int(level)%12 - 2 // -2 (Huffman only) to 9
		if lv < -2 {
			lv += 12
		}
		comp := stdDeflate(t, data, lv)
		dst := make([]byte, len(data))
		fl := new(inflater)
		n, err := fl.inflate(dst, comp)
		if err != nil || n != len(data) || !bytes.Equal(dst, data) {
			t.Fatalf("level %d: %d of %d bytes, %v", lv, n, len(data), err)
		}
		if flip != 0 && len(comp) > 0 {
			comp[int(at)%len(comp)] ^= flip
			inflateAgainstStd(t, comp)
		}
	})
}
