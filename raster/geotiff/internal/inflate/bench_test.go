package inflate

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

const landsatB4 = "/work/shared/data/imagery/landsat8_l1t_LC80200392015216LGN00/l8_B4.tif"

// landsatPredicted returns the Landsat 8 band 4 crop (uncompressed UInt16,
// 627x603) with TIFF horizontal differencing (predictor 2) applied per row,
// the way GDAL prepares it before DEFLATE.
func landsatPredicted() ([]byte, error) {
	comp, chunks, err := tiffChunks(landsatB4)
	if err != nil {
		return nil, err
	}
	if comp != 1 {
		return nil, fmt.Errorf("%s: compression %d, want 1", landsatB4, comp)
	}
	const w, h = 627, 603
	var raw []byte
	for _, c := range chunks {
		raw = append(raw, c...)
	}
	if len(raw) != w*h*2 {
		return nil, fmt.Errorf("%s: %d bytes of pixels, want %d", landsatB4, len(raw), w*h*2)
	}
	out := make([]byte, len(raw))
	for y := 0; y < h; y++ {
		row := raw[y*w*2 : (y+1)*w*2]
		prev := uint16(0)
		for x := 0; x < w; x++ {
			v := binary.LittleEndian.Uint16(row[2*x:])
			binary.LittleEndian.PutUint16(out[y*w*2+2*x:], v-prev)
			prev = v
		}
	}
	return out, nil
}

type benchCase struct {
	name   string
	chunks [][]byte // zlib streams
	sizes  []int    // decoded sizes
	total  int
}

func landsatCase() (benchCase, error) {
	data, err := landsatPredicted()
	if err != nil {
		return benchCase{}, err
	}
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, 6)
	w.Write(data)
	w.Close()
	return benchCase{"landsat_b4_pred2_zlib6", [][]byte{buf.Bytes()}, []int{len(data)}, len(data)}, nil
}

// scene7Case takes the first few tiles of the benchmark scene (7-band UInt16
// 512x512 pixel-interleaved tiles, zlib, predictor 2, written by GDAL).
func scene7Case() (benchCase, error) {
	path := "../../../../bench-inputs/scene7_5000.tif"
	if _, err := os.Stat(path); err != nil {
		return benchCase{}, err
	}
	_, chunks, err := tiffChunks(path)
	if err != nil {
		return benchCase{}, err
	}
	c := benchCase{name: "scene7_tiles"}
	for _, ch := range chunks[:8] {
		zr, err := zlib.NewReader(bytes.NewReader(ch))
		if err != nil {
			return c, err
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return c, err
		}
		c.chunks = append(c.chunks, ch)
		c.sizes = append(c.sizes, len(out))
		c.total += len(out)
	}
	return c, nil
}

// BenchmarkDecompress reports output MB/s for this package, compress/zlib
// and klauspost/compress/zlib on the same inputs.
func BenchmarkDecompress(b *testing.B) {
	for _, mk := range []func() (benchCase, error){landsatCase, scene7Case} {
		c, err := mk()
		if err != nil {
			b.Logf("skipping input: %v", err)
			continue
		}
		dst := make([]byte, 0)
		for _, s := range c.sizes {
			dst = make([]byte, max(len(dst), s))
		}
		b.Run(c.name+"/inflate", func(b *testing.B) {
			b.SetBytes(int64(c.total))
			for b.Loop() {
				for i, ch := range c.chunks {
					if _, err := DecompressZlib(dst[:c.sizes[i]], ch); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(c.name+"/stdlib", func(b *testing.B) {
			b.SetBytes(int64(c.total))
			var zr io.ReadCloser
			for b.Loop() {
				for i, ch := range c.chunks {
					var err error
					if zr == nil {
						zr, err = zlib.NewReader(bytes.NewReader(ch))
					} else {
						err = zr.(zlib.Resetter).Reset(bytes.NewReader(ch), nil)
					}
					if err != nil {
						b.Fatal(err)
					}
					if _, err := io.ReadFull(zr, dst[:c.sizes[i]]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(c.name+"/klauspost", func(b *testing.B) {
			b.SetBytes(int64(c.total))
			var zr io.ReadCloser
			for b.Loop() {
				for i, ch := range c.chunks {
					var err error
					if zr == nil {
						zr, err = kzlib.NewReader(bytes.NewReader(ch))
					} else {
						err = zr.(kzlib.Resetter).Reset(bytes.NewReader(ch), nil)
					}
					if err != nil {
						b.Fatal(err)
					}
					if _, err := io.ReadFull(zr, dst[:c.sizes[i]]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
