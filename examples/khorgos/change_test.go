package main

import (
	"math"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestPoissonInterval checks the exact Poisson interval against SciPy:
// chi2.ppf(0.025, 2n)/2 and chi2.ppf(0.975, 2n+2)/2 (scipy 1.10).
func TestPoissonInterval(t *testing.T) {
	for _, c := range []struct {
		n      int
		lo, hi float64
	}{
		{0, 0, 3.6888794541139354},
		{1, 0.025317807984289876, 5.571643390938898},
		{5, 1.6234863901184207, 11.66833207932267},
		{10, 4.7953886961324335, 18.39035604201778},
		{31, 21.062995979141853, 44.00202550324875},
	} {
		lo, hi := poissonInterval(c.n, 0.95)
		if math.Abs(lo-c.lo) > 1e-9*math.Max(1, c.lo) || math.Abs(hi-c.hi) > 1e-9*c.hi {
			t.Errorf("n = %d: [%v, %v], want [%v, %v]", c.n, lo, hi, c.lo, c.hi)
		}
	}
}

// TestDropSmallGrowth checks the minimum mapping unit on a hand-drawn pair
// of maps: a new patch of 3 pixels goes back to its old class, one of 4
// stays, old built-up land and pixels without data are untouched.
func TestDropSmallGrowth(t *testing.T) {
	g := raster.Grid{Width: 6, Height: 3, Transform: raster.Affine{0, 30, 0, 90, 0, -30}}
	before := &raster.Labels{Grid: g, Data: []uint16{
		5, 5, 5, 2, 3, 3,
		5, 5, 5, 2, 3, 3,
		0, 5, 5, 2, 3, 3,
	}}
	after := &raster.Labels{Grid: g, Data: []uint16{
		2, 2, 5, 2, 2, 2,
		2, 5, 5, 2, 2, 2,
		2, 5, 5, 2, 3, 3,
	}}
	got, dropped, err := dropSmallGrowth(before, after, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint16{
		5, 5, 5, 2, 2, 2,
		5, 5, 5, 2, 2, 2,
		2, 5, 5, 2, 3, 3,
	}
	if dropped != 1 {
		t.Errorf("%d patches dropped, want 1", dropped)
	}
	for i := range want {
		if got.Data[i] != want[i] {
			t.Fatalf("pixel %d: %d, want %d (map %v)", i, got.Data[i], want[i], got.Data)
		}
	}
}
