package zones

import (
	"math"
	"slices"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

func TestBandEdges(t *testing.T) {
	for _, c := range []struct {
		width, max float64
		want       []float64
	}{
		{1000, 3000, []float64{0, 1000, 2000, 3000}},
		{1000, 2500, []float64{0, 1000, 2000, 2500}},
		{500, 500, []float64{0, 500}},
		{0.1, 0.3, []float64{0, 0.1, 0.2, 0.3}}, // 0.3/0.1 is 2.9999999999999996
	} {
		got, err := BandEdges(c.width, c.max)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("BandEdges(%g, %g) = %v, %v; want %v", c.width, c.max, got, err, c.want)
		}
	}
	if got, err := BandEdges(1000, 20000); err != nil || len(got) != 21 || got[20] != 20000 {
		t.Errorf("BandEdges(1000, 20000) = %v, %v; want the 21 edges 0..20000", got, err)
	}
	for _, bad := range [][2]float64{{0, 1000}, {-1, 1000}, {1000, 0}, {math.NaN(), 1}, {1, math.Inf(1)}, {1e-3, 1e6}} {
		if _, err := BandEdges(bad[0], bad[1]); err == nil {
			t.Errorf("BandEdges(%g, %g): no error", bad[0], bad[1])
		}
	}
}

// TestDistanceBands classifies hand-picked distances with edges 0, 1000,
// 2000, 5000 (three bands a side, n = 3). By the documented rule the codes
// are: CHN 2-5 km = 1, CHN 1-2 km = 2, CHN 0-1 km = 3, KAZ 0-1 km = 4,
// KAZ 1-2 km = 5, KAZ 2-5 km = 6, and 0 for NaN and |d| >= 5000.
func TestDistanceBands(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	values := []float32{-4999, -2000, -1999.5, -1000, -999, -0.5, negZero, 0, 0.5, 999.9, 1000, 1999, 2000, 4999.99, 5000, -5000, 1e9, float32(math.NaN())}
	want := []uint16{1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 0, 0, 0, 0}
	g := raster.Grid{Width: len(values), Height: 1, Transform: raster.Affine{0, 1, 0, 0, 0, -1}, CRS: utm44}
	l, err := DistanceBands(&raster.Band{Grid: g, Data: values}, []float64{0, 1000, 2000, 5000}, "CHN", "KAZ")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Data, want) {
		t.Errorf("codes %v\nwant  %v", l.Data, want)
	}
	names := map[uint16]string{1: "CHN 2-5 km", 2: "CHN 1-2 km", 3: "CHN 0-1 km", 4: "KAZ 0-1 km", 5: "KAZ 1-2 km", 6: "KAZ 2-5 km"}
	if len(l.Classes) != len(names) {
		t.Fatalf("%d classes, want %d", len(l.Classes), len(names))
	}
	for code, name := range names {
		c, ok := l.Class(code)
		if !ok || c.Name != name || c.Color.A != 255 {
			t.Errorf("class %d = %+v, %v; want %q", code, c, ok, name)
		}
	}
	// Variable edges not starting at 0: nearer than 250 m is "none".
	l, err = DistanceBands(&raster.Band{Grid: g, Data: values}, []float64{250, 1500, 20000}, "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	want = []uint16{1, 1, 1, 2, 2, 0, 0, 0, 0, 3, 3, 4, 4, 4, 4, 1, 0, 0}
	if !slices.Equal(l.Data, want) {
		t.Errorf("variable edges: codes %v\nwant  %v", l.Data, want)
	}
	if c, _ := l.Class(2); c.Name != "A 0.25-1.5 km" {
		t.Errorf("class 2 is %q, want \"A 0.25-1.5 km\"", c.Name)
	}
}

func TestDistanceBandsErrors(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{0, 1, 0, 0, 0, -1}, CRS: utm44}
	d := &raster.Band{Grid: g, Data: []float32{1, 2}}
	for _, c := range []struct {
		name  string
		d     *raster.Band
		edges []float64
		a, b  string
	}{
		{"nil band", nil, []float64{0, 1}, "a", "b"},
		{"short data", &raster.Band{Grid: g, Data: []float32{1}}, []float64{0, 1}, "a", "b"},
		{"one edge", d, []float64{0}, "a", "b"},
		{"decreasing", d, []float64{0, 2, 1}, "a", "b"},
		{"repeated", d, []float64{0, 1, 1}, "a", "b"},
		{"negative", d, []float64{-1, 1}, "a", "b"},
		{"NaN", d, []float64{0, math.NaN()}, "a", "b"},
		{"same names", d, []float64{0, 1}, "a", "a"},
		{"too many", d, make([]float64, maxBandEdges+1), "a", "b"},
	} {
		if _, err := DistanceBands(c.d, c.edges, c.a, c.b); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
