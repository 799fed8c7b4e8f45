package classify

import (
	"context"
	"math"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestSampleSizeOlofsson: the paper's §5.1.1 example, eq. 13 worked by hand:
// Σ W_i S_i = 0.02·√0.21 + 0.015·√0.24 + 0.32·√0.09 + 0.645·√0.0475
// = 0.009165 + 0.007348 + 0.096 + 0.140576 = 0.253089; n = (0.253089/0.01)²
// = 640.5 → 641, the paper's "approximately 641".
func TestSampleSizeOlofsson(t *testing.T) {
	n, err := SampleSize([]float64{0.02, 0.015, 0.32, 0.645}, []float64{0.7, 0.6, 0.9, 0.95}, 0.01)
	if err != nil || n != 641 {
		t.Fatalf("n = %d, %v; want 641", n, err)
	}
	if _, err := SampleSize([]float64{1}, []float64{1.2}, 0.01); err == nil {
		t.Error("user's accuracy 1.2: no error")
	}
}

func TestAllocateSample(t *testing.T) {
	a, err := AllocateSample(map[uint16]int64{1: 200000, 2: 150000, 3: 3200000, 4: 6450000}, 641, 75)
	if err != nil {
		t.Fatal(err)
	}
	// Proportional: 12.8→13, 9.6→10, 205.1→205, 413.4→413; then minimum 75.
	want := map[uint16]int{1: 75, 2: 75, 3: 205, 4: 413}
	for c, n := range want {
		if a[c] != n {
			t.Errorf("class %d: %d units, want %d", c, a[c], n)
		}
	}
}

// TestStratifiedSample checks the sample sizes, that every unit lies in its
// stratum, determinism by seed, and uniformity: drawing 1 of the 4 pixels of
// class 2 over 4000 seeds, each pixel is chosen with probability 1/4, so its
// count is 1000 ± 27 (binomial SD); we allow 5 SD.
func TestStratifiedSample(t *testing.T) {
	g := raster.Grid{Width: 4, Height: 3, Transform: raster.Affine{0, 30, 0, 90, 0, -30}}
	l := &raster.Labels{Grid: g, Data: []uint16{
		1, 1, 2, 0,
		1, 2, 3, 3,
		2, 1, 1, 2,
	}}
	ctx := context.Background()
	s, err := StratifiedSample(ctx, l, map[uint16]int{1: 3, 2: 2, 3: 2}, 42)
	if err != nil {
		t.Fatal(err)
	}
	per := map[uint16]int{}
	for _, u := range s {
		if l.At(u.Col, u.Row) != u.Stratum {
			t.Errorf("unit %+v is not in its stratum", u)
		}
		per[u.Stratum]++
	}
	if per[1] != 3 || per[2] != 2 || per[3] != 2 {
		t.Errorf("per stratum %v", per)
	}
	again, _ := StratifiedSample(ctx, l, map[uint16]int{1: 3, 2: 2, 3: 2}, 42)
	for i := range s {
		if s[i] != again[i] {
			t.Fatal("same seed, different sample")
		}
	}
	hits := map[[2]int]int{}
	for seed := range uint64(4000) {
		s, err := StratifiedSample(ctx, l, map[uint16]int{2: 1}, seed)
		if err != nil || len(s) != 1 {
			t.Fatal(err)
		}
		hits[[2]int{s[0].Col, s[0].Row}]++
	}
	if len(hits) != 4 {
		t.Fatalf("pixels drawn: %v", hits)
	}
	for p, n := range hits {
		if math.Abs(float64(n)-1000) > 5*math.Sqrt(4000*0.25*0.75) {
			t.Errorf("pixel %v drawn %d times of 4000, expected 1000", p, n)
		}
	}
	if _, err := StratifiedSample(ctx, l, map[uint16]int{3: 5}, 1); err == nil {
		t.Error("5 units from a 2-pixel stratum: no error")
	}
}
