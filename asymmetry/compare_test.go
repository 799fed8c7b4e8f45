package asymmetry

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"reflect"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestCompareUnits compares per-zone values worked by hand: A = {1, 2, 3},
// B = {4, 5, 6}: means 2 and 5, difference −3, ratio 0.4, log ratio
// ln 0.4, normalized −3/7. Of the 20 ways to split six units into three
// and three, only the two extreme ones give |difference| ≥ 3, so the
// permutation p-value is about 2/20 = 0.1.
func TestCompareUnits(t *testing.T) {
	a, err := UnitSample("A", []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := UnitSample("B", []float64{4, 5, 6})
	c, err := Compare(context.Background(), a, b, &CompareOptions{Permutations: 1999})
	if err != nil {
		t.Fatal(err)
	}
	if c.A.Value != 2 || c.B.Value != 5 || c.Difference.Value != -3 || c.Ratio.Value != 0.4 ||
		math.Abs(c.LogRatio.Value-math.Log(0.4)) > 1e-15 || math.Abs(c.Normalized.Value+3.0/7) > 1e-15 {
		t.Errorf("estimates %+v", c)
	}
	if c.PValue < 0.08 || c.PValue > 0.12 || c.PermutationUnit != "block" {
		t.Errorf("permutation p %v (%s), want about 0.1", c.PValue, c.PermutationUnit)
	}
	// Bootstrap means of three values lie between 1 and 3 (A) and 4 and 6 (B).
	if c.A.Low < 1 || c.A.High > 3 || c.B.Low < 4 || c.B.High > 6 || c.Difference.High >= 0 {
		t.Errorf("intervals %+v %+v %+v", c.A, c.B, c.Difference)
	}
	if len(c.Warnings) == 0 {
		t.Error("no warning about three blocks per side")
	}
	var buf bytes.Buffer
	if err := WriteComparisonsCSV(&buf, []*Comparison{c}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 2 || len(recs[0]) != len(recs[1]) {
		t.Fatalf("csv %v %v", recs, err)
	}
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	if col["a"] != "A" || col["difference"] != "-3" || col["ratio"] != "0.4" || col["stat_b"] != "5" || col["n_a"] != "3" {
		t.Errorf("csv row %v", col)
	}
	if _, err := UnitSample("x", []float64{1, math.NaN()}); err == nil {
		t.Error("no error for NaN")
	}
}

// TestSamplesFromLabels builds a 4 x 2 grid of 10 m pixels with 20 m
// blocks: side 1 is the left half, side 2 the right, one NaN value.
//
//	row 0:  1  2 | 3  4
//	row 1:  5 NaN| 7  8
//
// Side 1 is one block {1, 2, 5}; side 2 one block {3, 4, 7, 8}.
func TestSamplesFromLabels(t *testing.T) {
	g := raster.Grid{Width: 4, Height: 2, Transform: raster.Affine{0, 10, 0, 20, 0, -10}}
	v := raster.NewBand(g, "v")
	copy(v.Data, []float32{1, 2, 3, 4, 5, float32(math.NaN()), 7, 8})
	l := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "West"}, {Code: 2, Name: "East"}})
	copy(l.Data, []uint16{1, 1, 2, 2, 1, 1, 2, 2})
	a, b, err := SamplesFromLabels(v, l, 1, 2, &SampleOptions{BlockSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "West" || !reflect.DeepEqual(a.Values, []float64{1, 2, 5}) || !reflect.DeepEqual(a.BlockStart, []int{0}) {
		t.Errorf("west %+v", a)
	}
	if b.Name != "East" || !reflect.DeepEqual(b.Values, []float64{3, 4, 7, 8}) || !reflect.DeepEqual(b.BlockStart, []int{0}) {
		t.Errorf("east %+v", b)
	}
	// 10 m blocks: every pixel alone, blocks in strip order.
	a, _, err = SamplesFromLabels(v, l, 1, 2, &SampleOptions{BlockSize: 10})
	if err != nil || !reflect.DeepEqual(a.BlockStart, []int{0, 1, 2}) {
		t.Errorf("10 m blocks: %+v %v", a, err)
	}
	if _, _, err := SamplesFromLabels(v, l, 1, 3, nil); err == nil {
		t.Error("no error for a side without pixels")
	}
	if _, _, err := SamplesFromLabels(v, l, 1, 1, nil); err == nil {
		t.Error("no error for equal codes")
	}
	other := raster.NewLabels(raster.Grid{Width: 3, Height: 2, Transform: g.Transform}, nil)
	if _, _, err := SamplesFromLabels(v, other, 1, 2, nil); err == nil {
		t.Error("no error for mismatched grids")
	}
}

// TestBlockPixelsGeographic: on a WGS 84 grid of 0.001° pixels centred at
// 45° N a degree of longitude is N·cos φ·π/180 = 78 847 m and of latitude
// M·π/180 = 111 132 m (N = a/√(1−e²sin²φ) = 6 388 838 m, M =
// a(1−e²)/(1−e²sin²φ)^1.5 = 6 367 381 m), so a 1000 m block is
// round(1000/78.85) = 13 columns by round(1000/111.13) = 9 rows.
func TestBlockPixelsGeographic(t *testing.T) {
	g := raster.Grid{Width: 100, Height: 100, Transform: raster.Affine{80, 0.001, 0, 45.05, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	bx, by, err := blockPixels(g, 1000)
	if err != nil || bx != 13 || by != 9 {
		t.Errorf("blockPixels: %d x %d, %v; want 13 x 9", bx, by, err)
	}
	u := raster.Grid{Width: 100, Height: 100, Transform: raster.Affine{0, 30, 0, 0, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	if bx, by, _ := blockPixels(u, 2000); bx != 67 || by != 67 {
		t.Errorf("UTM 30 m: %d x %d, want 67 x 67", bx, by)
	}
	if _, _, err := blockPixels(u, -1); err == nil {
		t.Error("no error for a negative block size")
	}
}

// TestSubsample keeps about MaxPixels pixels, the same ones for a seed.
func TestSubsample(t *testing.T) {
	value, dist := synthField(3, [2]float64{0, 0})
	opt := &SampleOptions{BlockSize: 800, MaxPixels: 1000, Seed: 4}
	n1, p1, err := SamplesFromDistance(value, dist, opt)
	if err != nil {
		t.Fatal(err)
	}
	n := len(n1.Values) + len(p1.Values)
	// Binomial(4096, 1000/4096): sd ≈ 27.
	if n < 880 || n > 1120 {
		t.Errorf("kept %d pixels, want about 1000", n)
	}
	n2, _, _ := SamplesFromDistance(value, dist, opt)
	if !reflect.DeepEqual(n1, n2) {
		t.Error("same seed, different subsample")
	}
	_, _, err = SamplesFromDistance(value, dist, &SampleOptions{MaxDistance: 40})
	if err == nil {
		t.Error("no error when no pixel is within 40 m (pixel centres are 50 m from the line)")
	}
}
