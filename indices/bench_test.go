package indices

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// Benchmarks. The NDVI ones read red_10980.tif and nir_10980.tif (two
// 10980 x 10980 Float32 bands made by ../shared/bench/make_inputs.py) from
// $BORDERZONE_BENCH (or $BORDERZONE_BENCH_INPUTS, else bench-inputs/ at the
// module root) into memory once and time only the NDVI step, to compare with
//
//	/usr/bin/python3 ../shared/bench/peer_ndvi.py red_10980.tif nir_10980.tif
//
// whose ndvi_seconds times numpy's (nir - red) / (nir + red) on the same data.

func benchDir() string {
	for _, env := range []string{"BORDERZONE_BENCH", "BORDERZONE_BENCH_INPUTS"} {
		if d := os.Getenv(env); d != "" {
			return d
		}
	}
	return filepath.Join("..", "bench-inputs")
}

var (
	benchOnce     sync.Once
	benchRed      *raster.Band
	benchNir      *raster.Band
	benchReadErr  error
	benchSkipText string
)

func loadNDVIBands(b *testing.B) (red, nir *raster.Band) {
	benchOnce.Do(func() {
		dir := benchDir()
		read := func(name string) *raster.Band {
			path := filepath.Join(dir, name)
			if _, err := os.Stat(path); err != nil {
				benchSkipText = path + " missing: run /usr/bin/python3 ../shared/bench/make_inputs.py bench-inputs"
				return nil
			}
			f, err := geotiff.Open(path)
			if err != nil {
				benchReadErr = err
				return nil
			}
			defer f.Close()
			band, err := f.ReadBand(context.Background(), 0)
			if err != nil {
				benchReadErr = err
			}
			return band
		}
		benchRed = read("red_10980.tif")
		if benchRed != nil {
			benchNir = read("nir_10980.tif")
		}
	})
	if benchSkipText != "" {
		b.Skip(benchSkipText)
	}
	if benchReadErr != nil {
		b.Fatal(benchReadErr)
	}
	return benchRed, benchNir
}

// BenchmarkNDVI10980 times NDVI over the two 10980 x 10980 bands: "fresh"
// allocates the output as NDVI does (its page faults are part of the cost),
// "prealloc" writes into a reused slice, "compiled" runs the catalogue's
// compiled NDVI formula into a reused slice.
func BenchmarkNDVI10980(b *testing.B) {
	red, nir := loadNDVIBands(b)
	ctx := context.Background()
	px := int64(len(red.Data))
	b.Run("fresh", func(b *testing.B) {
		b.SetBytes(px * 4)
		for b.Loop() {
			if _, err := NDVI(ctx, nir, red); err != nil {
				b.Fatal(err)
			}
		}
	})
	dst := make([]float32, len(red.Data))
	b.Run("prealloc", func(b *testing.B) {
		b.SetBytes(px * 4)
		for b.Loop() {
			if err := NormalizedDifferenceInto(ctx, dst, nir.Data, red.Data); err != nil {
				b.Fatal(err)
			}
		}
	})
	ix, _ := Lookup("NDVI")
	p, err := ix.Compile(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compiled", func(b *testing.B) {
		b.SetBytes(px * 4)
		for b.Loop() {
			if err := p.Run(ctx, dst, nir.Data, red.Data); err != nil { // inputs N, R
				b.Fatal(err)
			}
		}
	})
}

// eviBands are three synthetic 4000 x 4000 reflectance bands.
func eviBands() (nir, red, blue []float32) {
	const n = 4000 * 4000
	nir, red, blue = make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range nir {
		nir[i] = 0.1 + 0.5*float32(i%977)/977
		red[i] = 0.02 + 0.2*float32(i%613)/613
		blue[i] = 0.01 + 0.1*float32(i%401)/401
	}
	return
}

// eviByHand is the hand-written EVI loop the compiled expression is
// measured against: one pass, float64 arithmetic, on all cores.
func eviByHand(ctx context.Context, dst, nir, red, blue []float32) error {
	return parallelChunks(ctx, len(dst), func(_ [][]float64, lo, hi int) {
		d := dst[lo:hi]
		n, r, b := nir[lo:hi], red[lo:hi], blue[lo:hi]
		n, r, b = n[:len(d)], r[:len(d)], b[:len(d)]
		for i := range d {
			nv, rv, bv := float64(n[i]), float64(r[i]), float64(b[i])
			den := nv + 6*rv - 7.5*bv + 1
			v := 2.5 * (nv - rv) / den
			if den == 0 {
				v = math.NaN()
			}
			d[i] = store32(v)
		}
	}, 0, 0)
}

// BenchmarkEVI compares the catalogue's EVI formula compiled and run by
// Program.Run with the hand-written loop, both into a reused output.
func BenchmarkEVI(b *testing.B) {
	nir, red, blue := eviBands()
	dst := make([]float32, len(nir))
	ctx := context.Background()
	b.Run("hand", func(b *testing.B) {
		b.SetBytes(int64(len(dst)) * 4)
		for b.Loop() {
			if err := eviByHand(ctx, dst, nir, red, blue); err != nil {
				b.Fatal(err)
			}
		}
	})
	ix, _ := Lookup("EVI")
	p, err := ix.Compile(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compiled", func(b *testing.B) {
		b.SetBytes(int64(len(dst)) * 4)
		for b.Loop() {
			if err := p.Run(ctx, dst, blue, nir, red); err != nil { // inputs B, N, R
				b.Fatal(err)
			}
		}
	})
}
