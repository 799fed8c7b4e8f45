package codec

import (
	"bytes"
	stdflate "compress/flate"
	"compress/zlib"
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	kflate "github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
)

const (
	benchTile  = 512
	benchBands = 7
)

// benchImage returns a 512x512 tile of 7 interleaved UInt16 bands that looks
// like Landsat DN: a smooth field plus per-pixel noise, spatially
// correlated, so it compresses like real imagery (about 2-3:1 with
// predictor 2 and DEFLATE).
var benchImage = sync.OnceValue(func() []byte {
	r := rand.New(rand.NewPCG(42, 1))
	b := make([]byte, benchTile*benchTile*benchBands*2)
	for y := range benchTile {
		for x := range benchTile {
			base := 8000 + 2000*math.Sin(float64(x)/37)*math.Cos(float64(y)/23)
			for s := range benchBands {
				v := base*(1+0.1*float64(s)) + r.NormFloat64()*30
				binary.LittleEndian.PutUint16(b[((y*benchTile+x)*benchBands+s)*2:], uint16(v))
			}
		}
	}
	return b
})

// encodeHorizontal applies predictor 2 to rows of 16-bit LE samples.
func encodeHorizontal16(b []byte, stride, rowSamples int) []byte {
	out := bytes.Clone(b)
	rowBytes := rowSamples * 2
	for off := 0; off < len(b); off += rowBytes {
		for i := rowSamples - 1; i >= stride; i-- {
			v := binary.LittleEndian.Uint16(b[off+2*i:]) - binary.LittleEndian.Uint16(b[off+2*(i-stride):])
			binary.LittleEndian.PutUint16(out[off+2*i:], v)
		}
	}
	return out
}

var benchDeflateTile = sync.OnceValue(func() []byte {
	pred := encodeHorizontal16(benchImage(), benchBands, benchTile*benchBands)
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, 6)
	w.Write(pred)
	w.Close()
	return buf.Bytes()
})

func BenchmarkDecodeDeflate(b *testing.B) {
	src := benchDeflateTile()
	size := len(benchImage())
	b.Logf("tile %d bytes, compressed %d (%.2f:1)", size, len(src), float64(size)/float64(len(src)))
	dst := make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		dst, err = Decode(AdobeDeflate, src, size, dst)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeDeflatePredictor is what the reader does per tile: inflate
// and undo predictor 2.
func BenchmarkDecodeDeflatePredictor(b *testing.B) {
	src := benchDeflateTile()
	size := len(benchImage())
	dst := make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		dst, err = Decode(AdobeDeflate, src, size, dst)
		if err != nil {
			b.Fatal(err)
		}
		if err := UndoPredictor(dst, 2, binary.LittleEndian, 2, benchBands, benchTile*benchBands, benchTile); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDeflateParallel(b *testing.B) {
	src := benchDeflateTile()
	size := len(benchImage())
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		dst := make([]byte, size)
		for pb.Next() {
			var err error
			dst, err = Decode(AdobeDeflate, src, size, dst)
			if err != nil {
				b.Fatal(err)
			}
			if err := UndoPredictor(dst, 2, binary.LittleEndian, 2, benchBands, benchTile*benchBands, benchTile); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInflateLibraries compares raw inflate speed of the standard
// library, klauspost/compress and this package's decoder on the same tile
// (zlib header skipped).
func BenchmarkInflateLibraries(b *testing.B) {
	src := benchDeflateTile()[2:]
	size := len(benchImage())
	b.Run("codec", func(b *testing.B) {
		dst := make([]byte, size)
		f := new(inflater)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			if n, err := f.inflate(dst, src); err != nil || n != size {
				b.Fatal(n, err)
			}
		}
	})
	for _, lib := range []struct {
		name string
		new  func(io.Reader) io.ReadCloser
	}{
		{"std", stdflate.NewReader},
		{"klauspost", kflate.NewReader},
	} {
		b.Run(lib.name, func(b *testing.B) {
			dst := make([]byte, size)
			br := bytes.NewReader(src)
			fr := lib.new(br)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				br.Reset(src)
				fr.(stdflate.Resetter).Reset(br, nil)
				if _, err := io.ReadFull(fr, dst); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeZSTD(b *testing.B) {
	pred := encodeHorizontal16(benchImage(), benchBands, benchTile*benchBands)
	src := zstdBytes(b, pred, zstd.WithEncoderLevel(zstd.SpeedDefault))
	size := len(pred)
	b.Logf("compressed %d (%.2f:1)", len(src), float64(size)/float64(len(src)))
	dst := make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		dst, err = Decode(ZSTD, src, size, dst)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeLZW(b *testing.B) {
	dir := corpusDir(b)
	tf, chunks := loadChunks(b, dir, "l8_uint16_lzw_pred2_tiled256.tif")
	benchChunks(b, tf, chunks)
}

func BenchmarkDecodePackBits(b *testing.B) {
	dir := corpusDir(b)
	tf, chunks := loadChunks(b, dir, "rgb_byte_packbits_tiled256.tif")
	benchChunks(b, tf, chunks)
}

func benchChunks(b *testing.B, tf *testTIFF, chunks []chunk) {
	spc := tf.spp
	if tf.planar == 2 {
		spc = 1
	}
	total := 0
	for _, c := range chunks {
		total += c.width * c.height * spc * tf.bitsPerSample / 8
	}
	var dst []byte
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			var err error
			dst, err = Decode(tf.compression, c.data, c.width*c.height*spc*tf.bitsPerSample/8, dst)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchPredictor(b *testing.B, pred int, order binary.ByteOrder, bps, stride int) {
	const w, h = 512, 512
	buf := make([]byte, w*stride*h*bps)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		if err := UndoPredictor(buf, pred, order, bps, stride, w*stride, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUndoPredictor2_8(b *testing.B) { benchPredictor(b, 2, binary.LittleEndian, 1, 1) }
func BenchmarkUndoPredictor2_8x3(b *testing.B) {
	benchPredictor(b, 2, binary.LittleEndian, 1, 3)
}
func BenchmarkUndoPredictor2_16(b *testing.B) { benchPredictor(b, 2, binary.LittleEndian, 2, 1) }
func BenchmarkUndoPredictor2_16x7(b *testing.B) {
	benchPredictor(b, 2, binary.LittleEndian, 2, 7)
}
func BenchmarkUndoPredictor2_16BE(b *testing.B) { benchPredictor(b, 2, binary.BigEndian, 2, 1) }
func BenchmarkUndoPredictor2_32(b *testing.B)   { benchPredictor(b, 2, binary.LittleEndian, 4, 1) }
func BenchmarkUndoPredictor2_64(b *testing.B)   { benchPredictor(b, 2, binary.LittleEndian, 8, 1) }
func BenchmarkUndoPredictor3_32(b *testing.B)   { benchPredictor(b, 3, binary.LittleEndian, 4, 1) }
func BenchmarkUndoPredictor3_32x3(b *testing.B) {
	benchPredictor(b, 3, binary.LittleEndian, 4, 3)
}
func BenchmarkUndoPredictor3_64(b *testing.B) { benchPredictor(b, 3, binary.LittleEndian, 8, 1) }
