package codec

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	xlzw "golang.org/x/image/tiff/lzw"
)

// encodeInputs returns byte strings that exercise run lengths, table resets
// and incompressible data.
func encodeInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 100000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	smooth := make([]byte, 70000)
	for i := range smooth {
		smooth[i] = byte(i/300) + byte(rng.IntN(3))
	}
	runs := make([]byte, 0, 5000)
	for i := 0; i < 200; i++ {
		runs = append(runs, bytes.Repeat([]byte{byte(i)}, i%131)...)
		runs = append(runs, byte(i), byte(i+1))
	}
	return map[string][]byte{
		"empty": {}, "one": {7}, "two": {7, 7}, "three": {7, 7, 7}, "alternating": bytes.Repeat([]byte{1, 2}, 3000),
		"zeros": make([]byte, 300000), "random": random, "smooth": smooth, "runs": runs,
		"exact128": bytes.Repeat([]byte{9}, 128), "lit129": random[:129],
	}
}

// TestEncodeLZWIndependentDecoder decodes our LZW streams with
// golang.org/x/image/tiff/lzw (an independent implementation of the same
// TIFF variant) and with our own decoder.
func TestEncodeLZWIndependentDecoder(t *testing.T) {
	for name, src := range encodeInputs() {
		enc, err := Encode(LZW, 0, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := xlzw.NewReader(bytes.NewReader(enc), xlzw.MSB, 8)
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: x/image/tiff/lzw: %v", name, err)
		}
		if !bytes.Equal(got, src) {
			t.Fatalf("%s: x/image/tiff/lzw decoded %d bytes, want %d equal bytes", name, len(got), len(src))
		}
		if len(src) > 0 {
			own, err := Decode(LZW, enc, len(src), nil)
			if err != nil || !bytes.Equal(own, src) {
				t.Fatalf("%s: Decode: %v", name, err)
			}
		}
		if int64(len(enc)) > MaxEncodedSize(LZW, int64(len(src))) {
			t.Errorf("%s: %d bytes exceed MaxEncodedSize %d", name, len(enc), MaxEncodedSize(LZW, int64(len(src))))
		}
	}
}

// decodePackBitsRef is the TIFF 6.0 section 9 pseudo-code, written out
// independently of decodePackBits.
func decodePackBitsRef(src []byte) []byte {
	var out []byte
	for i := 0; i < len(src); {
		n := int8(src[i])
		i++
		switch {
		case n >= 0:
			out = append(out, src[i:i+int(n)+1]...)
			i += int(n) + 1
		case n != -128:
			out = append(out, bytes.Repeat([]byte{src[i]}, 1-int(n))...)
			i++
		}
	}
	return out
}

func TestEncodeRoundTrip(t *testing.T) {
	for name, src := range encodeInputs() {
		for _, c := range []int{None, PackBits, LZW, AdobeDeflate, Deflate, ZSTD} {
			for _, level := range []int{0, 1, 9} {
				enc, err := Encode(c, level, src, []byte("prefix"))
				if err != nil {
					t.Fatal(err)
				}
				if string(enc[:6]) != "prefix" {
					t.Fatalf("%s %s: dst prefix lost", name, Name(c))
				}
				enc = enc[6:]
				if c == PackBits && !bytes.Equal(decodePackBitsRef(enc), src) {
					t.Fatalf("%s: reference PackBits decoder disagrees", name)
				}
				if int64(len(enc)) > MaxEncodedSize(c, int64(len(src))) {
					t.Errorf("%s %s: %d bytes exceed MaxEncodedSize %d", name, Name(c), len(enc), MaxEncodedSize(c, int64(len(src))))
				}
				if len(src) == 0 {
					continue
				}
				got, err := Decode(c, enc, len(src), nil)
				if err != nil || !bytes.Equal(got, src) {
					t.Fatalf("%s %s level %d: %v", name, Name(c), level, err)
				}
			}
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct{ c, level int }{{JPEG, 0}, {LERC, 0}, {Deflate, 10}, {ZSTD, 23}, {AdobeDeflate, -3}} {
		if _, err := Encode(tc.c, tc.level, []byte{1}, nil); err == nil {
			t.Errorf("Encode(%d, %d) succeeded", tc.c, tc.level)
		}
	}
	if CanEncode(JPEG) || !CanEncode(ZSTD) {
		t.Error("CanEncode")
	}
}

// TestPackBitsKnown checks the example stream of TIFF 6.0 section 9.
func TestPackBitsKnown(t *testing.T) {
	src := []byte{0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}
	want := []byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}
	if got := encodePackBits(nil, src); !bytes.Equal(got, want) {
		t.Fatalf("got % X\nwant % X", got, want)
	}
}

func TestApplyPredictorInvertsUndo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, pred := range []int{PredictorHorizontal, PredictorFloatingPoint} {
		for _, bps := range []int{1, 2, 4, 8} {
			if pred == PredictorFloatingPoint && bps == 1 {
				continue
			}
			for _, stride := range []int{1, 3} {
				rowSamples, rows := 17*stride, 5
				buf := make([]byte, rows*rowSamples*bps)
				for i := range buf {
					buf[i] = byte(rng.IntN(256))
				}
				orig := bytes.Clone(buf)
				if err := ApplyPredictor(buf, pred, bps, stride, rowSamples, rows); err != nil {
					t.Fatal(err)
				}
				if err := UndoPredictor(buf, pred, binary.LittleEndian, bps, stride, rowSamples, rows); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf, orig) {
					t.Fatalf("predictor %d bps %d stride %d: not inverted", pred, bps, stride)
				}
			}
		}
	}
}

// TestApplyPredictorKnown checks predictor 2 and 3 against values worked
// out by hand from TIFF 6.0 section 14 and Technical Note 3.
func TestApplyPredictorKnown(t *testing.T) {
	b := []byte{0, 0, 10, 0, 7, 0} // uint16 LE 0, 10, 7
	if err := ApplyPredictor(b, 2, 2, 1, 3, 1); err != nil {
		t.Fatal(err)
	}
	if want := []byte{0, 0, 10, 0, 0xfd, 0xff}; !bytes.Equal(b, want) {
		t.Fatalf("predictor 2: % X, want % X", b, want)
	}
	f := make([]byte, 8)
	binary.LittleEndian.PutUint32(f, math.Float32bits(1))     // 3F 80 00 00
	binary.LittleEndian.PutUint32(f[4:], math.Float32bits(2)) // 40 00 00 00
	if err := ApplyPredictor(f, 3, 4, 1, 2, 1); err != nil {
		t.Fatal(err)
	}
	// planes: 3F 40 | 80 00 | 00 00 | 00 00, differenced: 3F 01 40 80 00 00 00 00
	if want := []byte{0x3F, 0x01, 0x40, 0x80, 0, 0, 0, 0}; !bytes.Equal(f, want) {
		t.Fatalf("predictor 3: % X, want % X", f, want)
	}
}
