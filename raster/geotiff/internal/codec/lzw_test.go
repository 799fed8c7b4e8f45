package codec

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	stdlzw "compress/lzw"

	xlzw "golang.org/x/image/tiff/lzw"
)

// tiffLZWEncode is an LZW encoder written from TIFF 6.0 section 13 and
// libtiff's LZWEncode: MSB-first codes, Clear first, the code width grows
// when the next free code passes 2^width-1, and a Clear is emitted when the
// table reaches 4094 entries.
func tiffLZWEncode(data []byte) []byte {
	var out []byte
	var acc uint64
	var nacc uint
	width := uint(9)
	put := func(code int) {
		acc = acc<<width | uint64(code)
		nacc += width
		for nacc >= 8 {
			out = append(out, byte(acc>>(nacc-8)))
			nacc -= 8
		}
	}
	dict := map[[2]int]int{}
	next := lzwFirst
	put(lzwClear)
	if len(data) == 0 {
		put(lzwEOI)
		if nacc > 0 {
			out = append(out, byte(acc<<(8-nacc)))
		}
		return out
	}
	w := int(data[0])
	for _, c := range data[1:] {
		if code, ok := dict[[2]int{w, int(c)}]; ok {
			w = code
			continue
		}
		put(w)
		dict[[2]int{w, int(c)}] = next
		next++
		if next == 4094 {
			put(lzwClear)
			clear(dict)
			next = lzwFirst
			width = 9
		} else if next > 1<<width-1 {
			width++
		}
		w = int(c)
	}
	put(w)
	put(lzwEOI)
	if nacc > 0 {
		out = append(out, byte(acc<<(8-nacc)))
	}
	return out
}

func xLZW(src []byte, n int) ([]byte, error) {
	r := xlzw.NewReader(bytes.NewReader(src), xlzw.MSB, 8)
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, int64(n)))
}

// TestLZW round-trips data of every kind through the encoder above, and
// compares with golang.org/x/image/tiff/lzw on the same streams, cut and
// corrupted.
func TestLZW(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for i := range 40 {
		n := []int{1, 2, 3, 50, 1000, 20000, 200000, 600000}[i%8]
		data := randomPayload(r, n)
		comp := tiffLZWEncode(data)
		got, err := Decode(LZW, comp, len(data), nil)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: err %v, equal %v", n, err, bytes.Equal(got, data))
		}
		ref, err := xLZW(comp, len(data))
		if err != nil || !bytes.Equal(ref, data) {
			t.Fatalf("x/image disagrees with the test encoder: %v", err)
		}
		// Without EOI, and cut short.
		if _, err := Decode(LZW, comp[:len(comp)-1], len(data), nil); err != nil && n > 3 {
			t.Errorf("%d bytes without the last byte: %v", n, err)
		}
		if n >= 1000 {
			if _, err := Decode(LZW, comp[:len(comp)/2], len(data), nil); err == nil {
				t.Errorf("%d bytes cut in half: no error", n)
			}
		}
		// Corrupted: whatever both decoders produce agrees.
		for range 5 {
			bad := bytes.Clone(comp)
			bad[r.IntN(len(bad))] ^= byte(1 << r.IntN(8))
			if bad[0] == 0 && len(bad) > 1 && bad[1]&1 != 0 {
				continue // now looks like old-style LZW, which x/image does not read
			}
			ref, _ := xLZW(bad, len(data))
			dst := make([]byte, len(data))
			m, _ := decodeLZW(dst, bad)
			k := min(m, len(ref))
			if !bytes.Equal(dst[:k], ref[:k]) {
				t.Fatalf("corrupt stream: output differs from x/image in the first %d bytes", k)
			}
		}
	}
}

// TestLZWOldStyle decodes LSB-first LZW without the early width change, as
// written by libtiff before 3.0, here produced by compress/lzw's encoder.
func TestLZWOldStyle(t *testing.T) {
	data := randomPayload(rand.New(rand.NewPCG(1, 1)), 30000)
	var buf bytes.Buffer
	w := stdlzw.NewWriter(&buf, stdlzw.LSB, 8)
	w.Write(data)
	w.Close()
	got, err := Decode(LZW, buf.Bytes(), len(data), nil)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("err %v, equal %v", err, bytes.Equal(got, data))
	}
}

func BenchmarkLZWLibraries(b *testing.B) {
	tf, chunks := loadChunks(b, "testdata", "l8_int16_lzw_pred2_bigendian_tiled256.tif")
	size := tf.tileWidth * tf.tileHeight * 2
	b.Run("codec", func(b *testing.B) {
		dst := make([]byte, size)
		b.SetBytes(int64(size * len(chunks)))
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range chunks {
				if _, err := decodeLZW(dst, c.data); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("x-image", func(b *testing.B) {
		dst := make([]byte, size)
		b.SetBytes(int64(size * len(chunks)))
		b.ReportAllocs()
		for b.Loop() {
			for _, c := range chunks {
				r := xlzw.NewReader(bytes.NewReader(c.data), xlzw.MSB, 8)
				if _, err := io.ReadFull(r, dst); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
