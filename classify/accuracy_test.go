package classify

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestConfusionMatrixAgainstSklearn compares the matrix and every accuracy
// measure with scikit-learn's on 500 seeded pairs (testdata/acc_sklearn.json,
// made by testdata/acc_make_sklearn.py). scikit-learn puts the reference in
// rows; ours has the map in rows, so its matrix is transposed here.
func TestConfusionMatrixAgainstSklearn(t *testing.T) {
	b, err := os.ReadFile("testdata/acc_sklearn.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Reference, Predicted []uint16
		Codes                []uint16
		Matrix               [][]int64 `json:"matrix_reference_rows"`
		Overall, Kappa       float64
		Users, Producers, F1 []float64
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	m, err := NewConfusionMatrix(g.Reference, g.Predicted)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Codes) != len(g.Codes) {
		t.Fatalf("codes %v, sklearn %v", m.Codes, g.Codes)
	}
	for i := range g.Codes {
		if m.Codes[i] != g.Codes[i] {
			t.Fatalf("codes %v, sklearn %v", m.Codes, g.Codes)
		}
		for j := range g.Codes {
			if m.At(j, i) != g.Matrix[i][j] {
				t.Errorf("map %d, reference %d: %d, sklearn %d", g.Codes[j], g.Codes[i], m.At(j, i), g.Matrix[i][j])
			}
		}
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, sklearn %v", what, got, want)
		}
	}
	near("overall accuracy", m.OverallAccuracy(), g.Overall)
	near("kappa", m.Kappa(), g.Kappa)
	ua, pa, f1 := m.UsersAccuracy(), m.ProducersAccuracy(), m.F1()
	for i := range g.Codes {
		near("user's accuracy", ua[i], g.Users[i])
		near("producer's accuracy", pa[i], g.Producers[i])
		near("F1", f1[i], g.F1[i])
	}
}

// TestConfusionFromLabels: a 3 x 2 map against its reference. Worked by hand:
// reference 1 1 2 / 2 0 2, map 1 2 2 / 2 2 1; the cell with reference 0 is
// left out, leaving pairs (ref,map) = (1,1) (1,2) (2,2) (2,2) (2,1):
// rows (map) 1: [1 1], 2: [1 2]; OA = 3/5; p_e = (2·2 + 3·3)/25 = 13/25,
// κ = (15/25 − 13/25)/(12/25) = 1/6.
func TestConfusionFromLabels(t *testing.T) {
	g := raster.Grid{Width: 3, Height: 2, Transform: raster.Affine{0, 10, 0, 20, 0, -10}}
	ref := &raster.Labels{Grid: g, Data: []uint16{1, 1, 2, 2, 0, 2}}
	mp := &raster.Labels{Grid: g, Data: []uint16{1, 2, 2, 2, 2, 1}}
	m, err := ConfusionFromLabels(ref, mp)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{1, 1, 1, 2}
	for i, c := range want {
		if m.Counts[i] != c {
			t.Fatalf("counts %v, want %v", m.Counts, want)
		}
	}
	if oa := m.OverallAccuracy(); oa != 0.6 {
		t.Errorf("OA %v, want 0.6", oa)
	}
	if k := m.Kappa(); math.Abs(k-1.0/6) > 1e-15 {
		t.Errorf("kappa %v, want 1/6", k)
	}
	other := &raster.Labels{Grid: raster.Grid{Width: 2, Height: 3, Transform: g.Transform}, Data: make([]uint16, 6)}
	if _, err := ConfusionFromLabels(ref, other); err == nil || !strings.Contains(err.Error(), "grids differ") {
		t.Errorf("mismatched grids: %v", err)
	}
	if _, err := NewConfusionMatrix([]uint16{1}, []uint16{1, 2}); err == nil {
		t.Error("different lengths: no error")
	}
	if _, err := NewConfusionMatrixFromCounts([]uint16{1, 1}, [][]int64{{1, 2}, {3, 4}}); err == nil {
		t.Error("duplicate code: no error")
	}
}
