package codec

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var fuzzCodecs = []int{None, LZW, AdobeDeflate, Deflate, PackBits, ZSTD, JPEG, 65000}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}, byte(4), uint32(24))
	f.Add(zlibBytes(f, sampleData(300, 1)), byte(2), uint32(300))
	f.Fuzz(func(t *testing.T, data []byte, codec byte, size uint32) {
		c := fuzzCodecs[int(codec)%len(fuzzCodecs)]
		n := int(size % (1 << 20))
		out, err := Decode(c, data, n, nil)
		if err != nil {
			return
		}
		if len(out) != n {
			t.Fatalf("%s: %d bytes, want %d", Name(c), len(out), n)
		}
		switch c {
		case None:
			if !bytes.Equal(out, data[:n]) {
				t.Fatal("NONE changed the bytes")
			}
		case LZW:
			if len(data) >= 2 && data[0] == 0 && data[1]&1 != 0 {
				return // old-style LZW
			}
			ref, _ := xLZW(data, n)
			if !bytes.Equal(ref, out[:len(ref)]) {
				t.Fatal("LZW output differs from golang.org/x/image/tiff/lzw")
			}
		case AdobeDeflate, Deflate:
			if n == 0 {
				return
			}
			// compress/flate must agree on every byte it can decode.
			ref, _ := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(data[2:])), int64(n)))
			if !bytes.Equal(ref, out[:len(ref)]) {
				t.Fatal("DEFLATE output differs from compress/flate")
			}
		}
	})
}

func FuzzDecodeJPEG(f *testing.F) {
	f.Add([]byte(nil), []byte{0xff, 0xd8, 0xff, 0xd9}, byte(8), byte(8), false, true)
	f.Fuzz(func(t *testing.T, tables, src []byte, w, h byte, gray, ycbcr bool) {
		samples := 3
		if gray {
			samples = 1
		}
		out, err := DecodeJPEG(tables, src, int(w), int(h), samples, ycbcr, nil)
		if err == nil && len(out) != int(w)*int(h)*samples {
			t.Fatalf("%d bytes for %dx%dx%d", len(out), w, h, samples)
		}
	})
}

// encodePredictor applies predictor 2 or 3 to a chunk, written here from
// TIFF 6.0 section 14 and TN3 independently of UndoPredictor: differences
// are taken from the end of each row backwards.
func encodePredictor(buf []byte, pred int, order binary.ByteOrder, bps, stride, rowSamples, rows int) {
	rowBytes := rowSamples * bps
	for r := range rows {
		row := buf[r*rowBytes : (r+1)*rowBytes]
		if pred == 2 {
			for i := rowSamples - 1; i >= stride; i-- {
				a, b := row[i*bps:(i+1)*bps], row[(i-stride)*bps:(i-stride+1)*bps]
				switch bps {
				case 1:
					a[0] -= b[0]
				case 2:
					order.PutUint16(a, order.Uint16(a)-order.Uint16(b))
				case 4:
					order.PutUint32(a, order.Uint32(a)-order.Uint32(b))
				case 8:
					order.PutUint64(a, order.Uint64(a)-order.Uint64(b))
				}
			}
			continue
		}
		planes := make([]byte, rowBytes)
		little := order == binary.LittleEndian
		for c := range rowSamples {
			for k := range bps { // k-th most significant byte
				src := c*bps + k
				if little {
					src = c*bps + bps - 1 - k
				}
				planes[k*rowSamples+c] = row[src]
			}
		}
		for i := rowBytes - 1; i >= stride; i-- {
			planes[i] -= planes[i-stride]
		}
		copy(row, planes)
	}
}

func FuzzUndoPredictor(f *testing.F) {
	f.Add(bytes.Repeat([]byte{1, 2, 3, 250}, 16), byte(2), byte(2), byte(1), uint16(8), uint16(4), false)
	f.Add(bytes.Repeat([]byte{0x3f, 0x80, 0, 1, 7}, 24), byte(3), byte(4), byte(3), uint16(6), uint16(5), true)
	f.Fuzz(func(t *testing.T, data []byte, pred, bps, stride byte, rowSamples, rows uint16, big bool) {
		var order binary.ByteOrder = binary.LittleEndian
		if big {
			order = binary.BigEndian
		}
		buf := bytes.Clone(data)
		err := UndoPredictor(buf, int(pred), order, int(bps), int(stride), int(rowSamples), int(rows))
		need := int(rowSamples) * int(rows) * int(bps)
		if err != nil {
			return
		}
		if pred != 1 && need <= len(data) && !bytes.Equal(buf[need:], data[need:]) {
			t.Fatal("bytes after the chunk changed")
		}
		if pred != 2 && pred != 3 {
			return
		}
		// Round trip: encoding the decoded chunk gives the input back, and
		// decoding the encoding of the input gives the input back.
		enc := bytes.Clone(buf)
		encodePredictor(enc, int(pred), order, int(bps), int(stride), int(rowSamples), int(rows))
		if !bytes.Equal(enc, data) {
			t.Fatal("encode(UndoPredictor(x)) != x")
		}
		again := bytes.Clone(data)
		encodePredictor(again, int(pred), order, int(bps), int(stride), int(rowSamples), int(rows))
		if err := UndoPredictor(again, int(pred), order, int(bps), int(stride), int(rowSamples), int(rows)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatal("UndoPredictor(encode(x)) != x")
		}
	})
}

// TestWriteFuzzSeeds regenerates the checked-in seed corpora in
// testdata/fuzz when BORDERZONE_WRITE_FUZZ_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("BORDERZONE_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set BORDERZONE_WRITE_FUZZ_SEEDS=1 to regenerate testdata/fuzz")
	}
	write := func(target string, vals ...any) {
		var b bytes.Buffer
		b.WriteString("go test fuzz v1\n")
		for _, v := range vals {
			switch v := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", v)
			case byte:
				fmt.Fprintf(&b, "byte(%q)\n", v)
			default:
				fmt.Fprintf(&b, "%T(%v)\n", v, v)
			}
		}
		sum := sha256.Sum256(b.Bytes())
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%x", sum[:8])), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	codecIndex := func(c int) byte {
		for i, v := range fuzzCodecs {
			if v == c {
				return byte(i)
			}
		}
		panic(c)
	}
	data := sampleData(2000, 9)
	write("FuzzDecode", []byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}, codecIndex(PackBits), uint32(24))
	write("FuzzDecode", data[:64], codecIndex(None), uint32(64))
	write("FuzzDecode", zlibBytes(t, data), codecIndex(AdobeDeflate), uint32(len(data)))
	write("FuzzDecode", stdDeflateZlibHuffmanOnly(t, data[:500]), codecIndex(Deflate), uint32(500))
	write("FuzzDecode", zstdBytes(t, data), codecIndex(ZSTD), uint32(len(data)))
	// The first LZW strip of a corpus file, cut to 600 bytes.
	tf, chunks := loadChunks(t, "testdata", "rgb_byte_1band_lzw.tif")
	write("FuzzDecode", chunks[0].data[:min(600, len(chunks[0].data))], codecIndex(LZW), uint32(tf.width*tf.rowsPerStrip))
	write("FuzzDecode", []byte{0x78, 0x9c, 0x07}, codecIndex(AdobeDeflate), uint32(10)) // reserved block type

	_, tables, abbrev := splitJPEG(t, testImage(16, 8, false))
	write("FuzzDecodeJPEG", tables, abbrev, byte(16), byte(8), false, true)
	_, gtables, gabbrev := splitJPEG(t, testImage(9, 9, true))
	write("FuzzDecodeJPEG", gtables, gabbrev, byte(9), byte(9), true, false)

	write("FuzzUndoPredictor", bytes.Repeat([]byte{1, 2, 3, 250}, 16), byte(2), byte(2), byte(1), uint16(8), uint16(4), false)
	write("FuzzUndoPredictor", bytes.Repeat([]byte{9, 2, 3, 250, 7, 1, 1}, 24), byte(2), byte(2), byte(7), uint16(14), uint16(6), false)
	write("FuzzUndoPredictor", bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, 8), byte(2), byte(8), byte(1), uint16(3), uint16(3), true)
	write("FuzzUndoPredictor", bytes.Repeat([]byte{0x3f, 0x80, 0, 1, 7}, 24), byte(3), byte(4), byte(3), uint16(6), uint16(5), true)
	write("FuzzUndoPredictor", bytes.Repeat([]byte{0x40, 0x09, 0x21, 0xfb}, 16), byte(3), byte(8), byte(1), uint16(4), uint16(2), false)
	write("FuzzUndoPredictor", bytes.Repeat([]byte{0x3c, 0}, 16), byte(3), byte(2), byte(1), uint16(16), uint16(1), false)
}

// stdDeflateZlibHuffmanOnly wraps a Huffman-only DEFLATE stream in a zlib
// header (no trailer).
func stdDeflateZlibHuffmanOnly(t testing.TB, data []byte) []byte {
	return append([]byte{0x78, 0x01}, stdDeflate(t, data, flate.HuffmanOnly)...)
}
