package main

import (
	"math"
	"testing"

	"github.com/borderzone/borderzone/classify"
)

// TestJeffreysAreaSE checks the adjusted area standard errors on a
// two-class sample worked with numpy: map areas 300 and 700, sample rows
// (48, 2) and (0, 50); each SE is
// A·sqrt(Σ_i W_i² q̃(1−q̃)/(n_i−1)) with q̃ = (n_ij + ½)/(n_i + 1).
func TestJeffreysAreaSE(t *testing.T) {
	cm, err := classify.NewConfusionMatrixFromCounts([]uint16{1, 2}, [][]int64{{48, 2}, {0, 50}})
	if err != nil {
		t.Fatal(err)
	}
	est, err := classify.EstimateAreas(cm, map[uint16]float64{1: 300, 2: 700})
	if err != nil {
		t.Fatal(err)
	}
	got := jeffreysAreaSE(cm, est)
	for j, want := range []float64{13.516676040834497, 13.516676040834483} {
		if math.Abs(got[j]-want) > 1e-9 {
			t.Errorf("class %d: SE %v, want %v", j+1, got[j], want)
		}
	}
	// Where the sample has no unit of class 1 in stratum 2, the plain
	// Olofsson SE counts only stratum 1; the adjusted one is larger.
	if !(got[0] > est.AreaSE[0]) {
		t.Errorf("adjusted SE %v not above Olofsson's %v", got[0], est.AreaSE[0])
	}
}
