package codec

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestPredictor2 checks horizontal differencing on small arrays whose
// differences were worked out by hand (TIFF 6.0 section 14).
func TestPredictor2(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name                string
		order               binary.ByteOrder
		bps, stride, rs, rw int
		in, want            []byte
	}{
		{"u8 s1", le, 1, 1, 4, 2,
			[]byte{10, 5, 0xfb, 1, 200, 100, 0, 1},
			[]byte{10, 15, 10, 11, 200, 44, 44, 45}},
		{"u8 s3 rgb", le, 1, 3, 6, 1,
			[]byte{1, 2, 3, 1, 1, 0xff},
			[]byte{1, 2, 3, 2, 3, 2}},
		// values 1000, 1010, 990, 65535, 0: diffs 1000, 10, -20, 64545, 1
		{"u16 le s1", le, 2, 1, 5, 1,
			[]byte{0xe8, 0x03, 0x0a, 0x00, 0xec, 0xff, 0x21, 0xfc, 0x01, 0x00},
			[]byte{0xe8, 0x03, 0xf2, 0x03, 0xde, 0x03, 0xff, 0xff, 0x00, 0x00}},
		{"u16 be s1", be, 2, 1, 5, 1,
			[]byte{0x03, 0xe8, 0x00, 0x0a, 0xff, 0xec, 0xfc, 0x21, 0x00, 0x01},
			[]byte{0x03, 0xe8, 0x03, 0xf2, 0x03, 0xde, 0xff, 0xff, 0x00, 0x00}},
		// two pixels of two samples: (1, 300), (3, 200): diffs (2, -100)
		{"u16 le s2", le, 2, 2, 4, 1,
			[]byte{1, 0, 0x2c, 0x01, 2, 0, 0x9c, 0xff},
			[]byte{1, 0, 0x2c, 0x01, 3, 0, 0xc8, 0x00}},
		{"u16 be s2", be, 2, 2, 4, 1,
			[]byte{0, 1, 0x01, 0x2c, 0, 2, 0xff, 0x9c},
			[]byte{0, 1, 0x01, 0x2c, 0, 3, 0x00, 0xc8}},
		// 0x00010000 then +0xffffffff wraps to 0x0000ffff
		{"u32 le s1", le, 4, 1, 2, 1,
			[]byte{0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff},
			[]byte{0, 0, 1, 0, 0xff, 0xff, 0, 0}},
		{"u32 be s1", be, 4, 1, 2, 1,
			[]byte{0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff},
			[]byte{0, 1, 0, 0, 0, 0, 0xff, 0xff}},
		{"u64 le s1", le, 8, 1, 2, 1,
			[]byte{1, 0, 0, 0, 0, 0, 0, 0x80, 1, 0, 0, 0, 0, 0, 0, 0x80},
			[]byte{1, 0, 0, 0, 0, 0, 0, 0x80, 2, 0, 0, 0, 0, 0, 0, 0}},
		{"u64 be s2", be, 8, 2, 4, 1,
			[]byte{0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 1, 0},
			[]byte{0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 1, 6}},
	} {
		buf := append(bytes.Clone(tc.in), 0xee) // a byte past the chunk stays
		if err := UndoPredictor(buf, 2, tc.order, tc.bps, tc.stride, tc.rs, tc.rw); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(buf[:len(buf)-1], tc.want) || buf[len(buf)-1] != 0xee {
			t.Errorf("%s: got % x, want % x", tc.name, buf, tc.want)
		}
	}
}

// TestPredictor3 checks floating-point prediction with examples worked by
// hand from TN3: 1.0 = 3f800000 and 2.0 = 40000000 give the byte planes
// 3f 40 | 80 00 | 00 00 | 00 00, differenced to 3f 01 40 80 00 00 00 00.
func TestPredictor3(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name                string
		order               binary.ByteOrder
		bps, stride, rs, rw int
		in, want            []byte
	}{
		{"f32 le", le, 4, 1, 2, 1,
			[]byte{0x3f, 0x01, 0x40, 0x80, 0, 0, 0, 0},
			[]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}},
		{"f32 be", be, 4, 1, 2, 1,
			[]byte{0x3f, 0x01, 0x40, 0x80, 0, 0, 0, 0},
			[]byte{0x3f, 0x80, 0, 0, 0x40, 0, 0, 0}},
		// Two rows: the second is -1.5 = bfc00000, 0.5 = 3f000000:
		// planes bf 3f | c0 00 | 00 00 | 00 00 → bf 80 81 40 00 00 00 00.
		{"f32 le 2 rows", le, 4, 1, 2, 2,
			[]byte{0x3f, 0x01, 0x40, 0x80, 0, 0, 0, 0, 0xbf, 0x80, 0x81, 0x40, 0, 0, 0, 0},
			[]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0xc0, 0xbf, 0, 0, 0, 0x3f}},
		// Stride 2 (two samples per pixel), one pixel (1.0, 2.0), one
		// pixel (1.0, 1.0): planes 3f 40 3f 3f | 80 00 80 80 | 0...;
		// differenced with stride 2: 3f 40 00 ff 41 c1 00 80 80 80 00...
		{"f32 le stride 2", le, 4, 2, 4, 1,
			[]byte{0x3f, 0x40, 0x00, 0xff, 0x41, 0xc1, 0x00, 0x80, 0x80, 0x80, 0, 0, 0, 0, 0, 0},
			[]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x80, 0x3f, 0, 0, 0x80, 0x3f}},
		// float64 1.0 = 3ff0000000000000, 1 value: the planes are the bytes.
		// differenced: 3f, f0-3f=b1, 00-f0=10, 0...
		{"f64 le", le, 8, 1, 1, 1,
			[]byte{0x3f, 0xb1, 0x10, 0, 0, 0, 0, 0},
			[]byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}},
		{"f64 be", be, 8, 1, 1, 1,
			[]byte{0x3f, 0xb1, 0x10, 0, 0, 0, 0, 0},
			[]byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0}},
		// float16 1.0 = 3c00, 2.0 = 4000: planes 3c 40 | 00 00 → 3c 04 c0 00
		{"f16 le", le, 2, 1, 2, 1,
			[]byte{0x3c, 0x04, 0xc0, 0x00},
			[]byte{0x00, 0x3c, 0x00, 0x40}},
		{"f16 be", be, 2, 1, 2, 1,
			[]byte{0x3c, 0x04, 0xc0, 0x00},
			[]byte{0x3c, 0x00, 0x40, 0x00}},
	} {
		buf := append(bytes.Clone(tc.in), 0xee)
		if err := UndoPredictor(buf, 3, tc.order, tc.bps, tc.stride, tc.rs, tc.rw); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(buf[:len(buf)-1], tc.want) || buf[len(buf)-1] != 0xee {
			t.Errorf("%s: got % x, want % x", tc.name, buf[:len(buf)-1], tc.want)
		}
	}
}

func TestPredictorErrors(t *testing.T) {
	le := binary.LittleEndian
	buf := make([]byte, 64)
	for _, tc := range []struct {
		name                       string
		pred, bps, stride, rs, rws int
	}{
		{"predictor 4", 4, 2, 1, 4, 1},
		{"predictor 0", 0, 2, 1, 4, 1},
		{"pred3 1 byte", 3, 1, 1, 4, 1},
		{"pred3 3 bytes", 3, 3, 1, 4, 1},
		{"pred2 3 bytes", 2, 3, 1, 4, 1},
		{"short buffer", 2, 2, 1, 8, 5},
		{"short buffer pred3", 3, 4, 1, 8, 3},
		{"stride 0", 2, 2, 0, 4, 1},
		{"row not multiple of stride", 2, 2, 3, 4, 1},
		{"negative rows", 2, 2, 1, 4, -1},
		{"overflow", 2, 8, 1, 1 << 60, 1 << 10},
	} {
		if err := UndoPredictor(buf, tc.pred, le, tc.bps, tc.stride, tc.rs, tc.rws); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := UndoPredictor(nil, 1, le, 3, 0, 0, 0); err != nil {
		t.Errorf("predictor 1 is a no-op: %v", err)
	}
}

// TestDecodeThenPredictor encodes random chunks with the test's own
// predictor encoder (fuzz_test.go) and each compressor, and checks that
// Decode and UndoPredictor give the chunk back.
func TestDecodeThenPredictor(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		pred, bps, stride, width, rows int
	}{
		{2, 1, 1, 700, 90}, {2, 1, 3, 333, 100}, {2, 2, 1, 512, 64}, {2, 2, 7, 256, 40},
		{2, 4, 1, 300, 70}, {2, 4, 3, 100, 50}, {2, 8, 1, 200, 60}, {2, 8, 2, 64, 33},
		{3, 2, 1, 400, 80}, {3, 4, 1, 317, 60}, {3, 4, 3, 128, 70}, {3, 8, 1, 300, 50},
	} {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			rowSamples := tc.width * tc.stride
			size := rowSamples * tc.bps * tc.rows
			want := randomPayload(r, size)
			enc := bytes.Clone(want)
			encodePredictor(enc, tc.pred, order, tc.bps, tc.stride, rowSamples, tc.rows)
			for _, c := range []struct {
				codec int
				src   []byte
			}{
				{AdobeDeflate, zlibBytes(t, enc)},
				{Deflate, append([]byte{0x78, 0x01}, stdDeflate(t, enc, 1)...)},
				{ZSTD, zstdBytes(t, enc)},
				{LZW, tiffLZWEncode(enc)},
				{None, enc},
			} {
				got, err := Decode(c.codec, c.src, size, nil)
				if err == nil {
					err = UndoPredictor(got, tc.pred, order, tc.bps, tc.stride, rowSamples, tc.rows)
				}
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%+v %v %s: err %v, equal %v", tc, order, Name(c.codec), err, bytes.Equal(got, want))
				}
			}
		}
	}
}
