package render

import (
	"image"
	"image/png"
	"io"
	"math"
	"testing"
	"time"

	"github.com/borderzone/borderzone/raster"
)

// benchBand is a 5000 x 5000 band with smooth structure, noise and a few
// no-data stripes, so that PNG compression does realistic work.
func benchBand(b *testing.B) *raster.Band {
	b.Helper()
	const n = 5000
	band := &raster.Band{Grid: testGrid(n, n), Name: "bench", Data: make([]float32, n*n)}
	x := uint64(42)
	for r := range n {
		for c := range n {
			x = x*6364136223846793005 + 1442695040888963407
			noise := float64(x>>40) / float64(1<<24)
			v := math.Sin(float64(c)/180)*math.Cos(float64(r)/230) + 0.15*noise
			if r%997 < 3 {
				v = math.NaN()
			}
			band.Data[r*n+c] = float32(v)
		}
	}
	return band
}

// BenchmarkRenderPNG renders a 5000 x 5000 band at full size (2–98 %
// percentile stretch, viridis) and encodes it with WritePNG.
func BenchmarkRenderPNG(b *testing.B) {
	band := benchBand(b)
	b.ResetTimer()
	for b.Loop() {
		img, _, _, err := Band(band, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := WritePNG(io.Discard, img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNGEncodeOnly encodes the same rendered image with image/png
// alone: the baseline for BenchmarkRenderPNG.
func BenchmarkPNGEncodeOnly(b *testing.B) {
	img := benchImage(b)
	b.ResetTimer()
	for b.Loop() {
		if err := png.Encode(io.Discard, img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColorizeOnly is the colouring pass alone (stretch + LUT).
func BenchmarkColorizeOnly(b *testing.B) {
	band := benchBand(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, _, err := Band(band, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchImage(b *testing.B) *image.NRGBA {
	img, _, _, err := Band(benchBand(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkRenderVsEncode interleaves the two measurements above in every
// iteration, so that both see the same load on a shared machine, and
// reports render+encode time over encode-only time as "ratio".
func BenchmarkRenderVsEncode(b *testing.B) {
	band := benchBand(b)
	ref, _, _, err := Band(band, nil)
	if err != nil {
		b.Fatal(err)
	}
	var render, encode time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		img, _, _, err := Band(band, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := WritePNG(io.Discard, img); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := png.Encode(io.Discard, ref); err != nil {
			b.Fatal(err)
		}
		render += t1.Sub(t0)
		encode += time.Since(t1)
	}
	b.ReportMetric(float64(render)/float64(encode), "ratio")
	b.ReportMetric(render.Seconds()/float64(b.N), "render-s/op")
	b.ReportMetric(encode.Seconds()/float64(b.N), "encode-s/op")
}
