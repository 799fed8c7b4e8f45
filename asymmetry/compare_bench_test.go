package asymmetry

import (
	"context"
	"math"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// benchField is a 3000 x 3000 grid of 10 m pixels (9 million) split by a
// north–south border, with a deterministic ripple as the value.
func benchField() (value, dist *raster.Band) {
	g := raster.Grid{Width: 3000, Height: 3000, Transform: raster.Affine{500000, 10, 0, 4800000, 0, -10}, CRS: raster.CRS{EPSG: 32644}}
	value, dist = raster.NewBand(g, "value"), raster.NewBand(g, "distance")
	for r := range g.Height {
		for c := range g.Width {
			i := r*g.Width + c
			d := (float64(c) - 1499.5) * 10
			value.Data[i] = float32(0.3 + 0.1*math.Sin(float64(r)*0.01)*math.Cos(float64(c)*0.013) + 0.05*math.Sin(float64(i)))
			dist.Data[i] = float32(d)
		}
	}
	return value, dist
}

// BenchmarkCompare9M takes the two sides of 9 million pixels into 1 km
// blocks (900 a side) and compares their means with 999 bootstrap
// replicates, 999 block permutations, Welch and Mann–Whitney.
func BenchmarkCompare9M(b *testing.B) {
	value, dist := benchField()
	b.ResetTimer()
	for b.Loop() {
		neg, pos, err := SamplesFromDistance(value, dist, &SampleOptions{BlockSize: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compare(context.Background(), pos, neg, &CompareOptions{Bootstrap: BootstrapOptions{Seed: 1}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiscontinuity9M estimates the jump on the same field with the
// default 500000-pixel subsample and the IK bandwidth.
func BenchmarkDiscontinuity9M(b *testing.B) {
	value, dist := benchField()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Discontinuity(context.Background(), value, dist, &RDOptions{BlockSize: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}
