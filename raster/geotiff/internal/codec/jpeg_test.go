package codec

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// testImage returns a w x h colour or grey image with gradients and edges.
func testImage(w, h int, gray bool) image.Image {
	if gray {
		m := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.SetGray(x, y, color.Gray{uint8(x*7 + y*3)})
			}
		}
		return m
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 9), uint8(y * 5), uint8((x ^ y) * 3), 255})
		}
	}
	return m
}

// splitJPEG encodes m and splits the stream the way TIFF writers do (TIFF
// Technical Note 2): the DQT and DHT segments go to a JPEGTables stream
// (SOI, tables, EOI), the rest to an abbreviated image stream.
func splitJPEG(t *testing.T, m image.Image) (full, tables, abbrev []byte) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	full = buf.Bytes()
	tables = []byte{0xff, 0xd8}
	abbrev = []byte{0xff, 0xd8}
	p := 2
	for p+4 <= len(full) {
		marker := full[p+1]
		if marker == 0xda { // SOS: the rest is the scan
			abbrev = append(abbrev, full[p:]...)
			break
		}
		n := int(binary.BigEndian.Uint16(full[p+2:]))
		seg := full[p : p+2+n]
		if marker == 0xdb || marker == 0xc4 {
			tables = append(tables, seg...)
		} else {
			abbrev = append(abbrev, seg...)
		}
		p += 2 + n
	}
	tables = append(tables, 0xff, 0xd9)
	return full, tables, abbrev
}

func TestDecodeJPEG(t *testing.T) {
	// Colour: expected values from image/jpeg's own decode of the complete
	// stream, converted with image/color.
	const w, h = 37, 21
	full, tables, abbrev := splitJPEG(t, testImage(w, h, false))
	ref, err := jpeg.Decode(bytes.NewReader(full))
	if err != nil {
		t.Fatal(err)
	}
	yc := ref.(*image.YCbCr)
	want := make([]byte, w*h*3)
	raw := make([]byte, w*h*3)
	for y := range h {
		for x := range w {
			c := yc.YCbCrAt(x, y)
			i := (y*w + x) * 3
			want[i], want[i+1], want[i+2] = color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			raw[i], raw[i+1], raw[i+2] = c.Y, c.Cb, c.Cr
		}
	}
	for _, tc := range []struct {
		name         string
		tables, src  []byte
		ycbcr        bool
		want         []byte
		chunkW, rows int
	}{
		{"abbreviated ycbcr", tables, abbrev, true, want, w, h},
		{"tables without EOI", tables[:len(tables)-2], abbrev, true, want, w, h},
		{"complete stream, no tables", nil, full, true, want, w, h},
		{"complete stream with tables", tables, full, true, want, w, h},
		{"raw components", tables, abbrev, false, raw, w, h},
		{"larger chunk", tables, abbrev, true, want, w + 3, h + 5},
	} {
		dst := make([]byte, 7) // too small: replaced
		got, err := DecodeJPEG(tc.tables, tc.src, tc.chunkW, tc.rows, 3, tc.ycbcr, dst)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(got) != tc.chunkW*tc.rows*3 {
			t.Fatalf("%s: %d bytes", tc.name, len(got))
		}
		for y := range tc.rows {
			for x := range tc.chunkW {
				for s := range 3 {
					g := got[(y*tc.chunkW+x)*3+s]
					var e byte
					if x < w && y < h {
						e = tc.want[(y*w+x)*3+s]
					}
					if g != e {
						t.Fatalf("%s: pixel (%d,%d) sample %d = %d, want %d", tc.name, x, y, s, g, e)
					}
				}
			}
		}
	}

	// Grey.
	gfull, gtables, gabbrev := splitJPEG(t, testImage(w, h, true))
	gref, err := jpeg.Decode(bytes.NewReader(gfull))
	if err != nil {
		t.Fatal(err)
	}
	dst := bytes.Repeat([]byte{0xaa}, 2*w*h) // reused, and must be cleared where not covered
	got, err := DecodeJPEG(gtables, gabbrev, w, h+1, 1, false, dst)
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &dst[0] {
		t.Error("dst not reused")
	}
	for y := range h + 1 {
		for x := range w {
			var e byte
			if y < h {
				e = gref.(*image.Gray).GrayAt(x, y).Y
			}
			if got[y*w+x] != e {
				t.Fatalf("grey (%d,%d) = %d, want %d", x, y, got[y*w+x], e)
			}
		}
	}

	// Errors.
	for _, tc := range []struct {
		name            string
		tables, src     []byte
		cw, ch, samples int
	}{
		{"chunk smaller than image", tables, abbrev, w - 1, h, 3},
		{"grey in 3 samples", gtables, gabbrev, w, h, 3},
		{"colour in 1 sample", tables, abbrev, w, h, 1},
		{"2 samples", tables, abbrev, w, h, 2},
		{"zero size", tables, abbrev, 0, h, 3},
		{"no tables", nil, abbrev, w, h, 3},
		{"truncated", tables, abbrev[:len(abbrev)/2], w, h, 3},
		{"empty", nil, nil, w, h, 3},
		{"huge", tables, abbrev, 1 << 40, 1 << 40, 3},
	} {
		if _, err := DecodeJPEG(tc.tables, tc.src, tc.cw, tc.ch, tc.samples, true, nil); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
