package asymmetry

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestDiscontinuityRaster: a 200 x 100 field of 50 m pixels with value
// 1 + 0.0001·d + 0.5·[d ≥ 0] + N(0, 0.2²) recovers the jump 0.5 within 4
// standard errors; with a given bandwidth it equals LocalLinearJump on the
// pixels' values; subsampling is reproducible; clustering by 1 km blocks
// reports CR1 with the number of blocks inside the bandwidth.
func TestDiscontinuityRaster(t *testing.T) {
	g := raster.Grid{Width: 200, Height: 100, Transform: raster.Affine{500000, 50, 0, 4800000, 0, -50}, CRS: raster.CRS{EPSG: 32644}}
	value, dist := raster.NewBand(g, "v"), raster.NewBand(g, "d")
	rng := rand.New(rand.NewPCG(3, 4))
	var d, y []float64
	for i := range value.Data {
		x := (float64(i%200) - 99.5) * 50
		v := 1 + 0.0001*x + 0.2*rng.NormFloat64()
		if x > 0 {
			v += 0.5
		}
		value.Data[i], dist.Data[i] = float32(v), float32(x)
		d, y = append(d, float64(dist.Data[i])), append(y, float64(value.Data[i]))
	}
	value.Data[5] = float32(math.NaN())
	d, y = append(d[:5:5], d[6:]...), append(y[:5:5], y[6:]...)
	ctx := context.Background()
	r, err := Discontinuity(ctx, value, dist, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Jump-0.5) > 4*r.SE || r.BandwidthRule != "Imbens-Kalyanaraman" || !(r.Low < r.Jump && r.Jump < r.High) {
		t.Errorf("jump %+v", r)
	}
	given, err := Discontinuity(ctx, value, dist, &RDOptions{Bandwidth: 2000})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if *given != *direct {
		t.Errorf("raster %+v\nslices %+v", given, direct)
	}
	c, err := Discontinuity(ctx, value, dist, &RDOptions{Bandwidth: 2000, BlockSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	// |d| < 2000 m covers columns 60…139: four 20-column blocks (60, 80,
	// 100, 120), two a side, by five block rows: 20 clusters.
	if c.SEType != "CR1" || c.Clusters != 20 || c.Jump != given.Jump {
		t.Errorf("clustered %+v", c)
	}
	s1, err := Discontinuity(ctx, value, dist, &RDOptions{Bandwidth: 2000, MaxPixels: 5000, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Discontinuity(ctx, value, dist, &RDOptions{Bandwidth: 2000, MaxPixels: 5000, Seed: 9})
	if *s1 != *s2 || s1.NNegative+s1.NPositive >= given.NNegative+given.NPositive {
		t.Errorf("subsample %+v vs %+v", s1, s2)
	}
}
