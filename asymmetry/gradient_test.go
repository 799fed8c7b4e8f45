package asymmetry

import (
	"bytes"
	"context"
	"encoding/csv"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// linearField is a 60 x 10 grid of 100 m pixels whose signed distance is
// (col − 29.5)·100 m and whose value is 0.001·d + 2 on the positive side
// and 0.001·d on the negative side, without noise.
func linearField() (value, dist *raster.Band) {
	g := raster.Grid{Width: 60, Height: 10, Transform: raster.Affine{500000, 100, 0, 4800000, 0, -100}, CRS: raster.CRS{EPSG: 32644}}
	value, dist = raster.NewBand(g, "value"), raster.NewBand(g, "distance")
	for r := range 10 {
		for c := range 60 {
			d := (float64(c) - 29.5) * 100
			v := 0.001 * d
			if d > 0 {
				v += 2
			}
			value.Data[r*60+c], dist.Data[r*60+c] = float32(v), float32(d)
		}
	}
	return value, dist
}

// TestGradientLinear: with 1 km bands to 2 km, band 0 of the positive side
// holds the pixel centres at 50, 150, …, 950 m (mean distance 500 m), so
// its mean is 0.001·500 + 2 = 2.5; band 1 (1050…1950 m) gives 3.5; on the
// negative side −0.5 and −1.5. The rows run from the far negative band to
// the far positive one with signed midpoints −1500, −500, 500, 1500 m.
func TestGradientLinear(t *testing.T) {
	value, dist := linearField()
	p, err := Gradient(context.Background(), value, dist, []float64{0, 1000, 2000},
		&GradientOptions{BlockSize: 300, Bootstrap: BootstrapOptions{Replicates: 199, Seed: 1}, NegativeName: "CHN", PositiveName: "KAZ"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		side string
		mid  float64
		v    float64
	}{{"CHN", -1500, -1.5}, {"CHN", -500, -0.5}, {"KAZ", 500, 2.5}, {"KAZ", 1500, 3.5}}
	if len(p.Rows) != len(want) {
		t.Fatalf("%d rows", len(p.Rows))
	}
	for i, w := range want {
		r := p.Rows[i]
		if r.Side != w.side || r.Mid != w.mid || math.Abs(r.Value-w.v) > 1e-6 || r.N != 100 {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
		// 300 m blocks: 3-4 columns x 3-4 rows; values vary across columns,
		// so the interval has width and contains the mean.
		if !(r.Low < r.Value && r.Value < r.High) || r.High-r.Low > 1 {
			t.Errorf("row %d: interval %v–%v around %v", i, r.Low, r.High, r.Value)
		}
	}
	var buf bytes.Buffer
	if err := p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 5 || recs[0][7] != "mean" || recs[3][0] != "KAZ" || recs[3][4] != "500" {
		t.Errorf("csv %v %v", recs, err)
	}
	if _, err := Gradient(context.Background(), value, dist, []float64{0, 0}, nil); err == nil {
		t.Error("no error for equal edges")
	}
	if _, err := Gradient(context.Background(), value, dist, []float64{5000, 6000}, nil); err == nil {
		t.Error("no error when no pixel falls in a band")
	}
}

// TestProfilePlot draws a profile with a discontinuity fit and checks the
// PNG: 18 x 12 cm at gonum/plot's 96 dpi (680 x 454 px), with the
// negative side's red and the positive side's blue.
func TestProfilePlot(t *testing.T) {
	value, dist := linearField()
	p, err := Gradient(context.Background(), value, dist, []float64{0, 500, 1000, 2000}, &GradientOptions{Bootstrap: BootstrapOptions{Replicates: 99}})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := Discontinuity(context.Background(), value, dist, &RDOptions{Bandwidth: 1500})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.Plot(&buf, ProfilePlotOptions{Title: "test", YLabel: "value", Discontinuity: rd}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 680 || b.Dy() != 454 {
		t.Errorf("size %v", b)
	}
	red, blue := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case r>>8 == 200 && g>>8 == 40 && bl>>8 == 40:
				red++
			case r>>8 == 30 && g>>8 == 80 && bl>>8 == 200:
				blue++
			}
		}
	}
	if red < 50 || blue < 50 {
		t.Errorf("%d red and %d blue pixels", red, blue)
	}
}

// TestGradientMatchesDistanceBands: the bands of Gradient are those of
// zones.DistanceBands for the same edges — on a field with random
// distances (including ±0 and values beyond the last edge) each row's N
// and mean equal the count and mean of the pixels with the row's code
// (rows in code order 1…2n).
func TestGradientMatchesDistanceBands(t *testing.T) {
	g := raster.Grid{Width: 50, Height: 40, Transform: raster.Affine{0, 30, 0, 0, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	value, dist := raster.NewBand(g, "v"), raster.NewBand(g, "d")
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range value.Data {
		value.Data[i] = float32(rng.NormFloat64())
		dist.Data[i] = float32(rng.Float64()*5000 - 2500)
	}
	dist.Data[0], dist.Data[1] = float32(math.Copysign(0, -1)), 0
	dist.Data[2], dist.Data[3] = 1000, -1000
	edges := []float64{0, 250, 1000, 2000}
	labels, err := zones.DistanceBands(dist, edges, "N", "P")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Gradient(context.Background(), value, dist, edges, &GradientOptions{Bootstrap: BootstrapOptions{Replicates: 9}})
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range p.Rows {
		code := uint16(k + 1)
		n, sum := 0, 0.0
		for i, c := range labels.Data {
			if c == code {
				n++
				sum += float64(value.Data[i])
			}
		}
		if r.N != n || math.Abs(r.Value-sum/float64(n)) > 1e-12 {
			t.Errorf("row %d (%s band %d): n %d mean %v; DistanceBands code %d: n %d mean %v", k, r.Side, r.Band, r.N, r.Value, code, n, sum/float64(n))
		}
	}
}
