package classify

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// supervisedGolden is testdata/core_supervised_golden.json, made by the
// numpy script testdata/core_supervised_golden.py.
type supervisedGolden struct {
	TrainRows []int     `json:"train_rows"`
	TrainY    []uint16  `json:"train_y"`
	TestFrom  int       `json:"test_from"`
	MD        []uint16  `json:"md"`
	ML        []uint16  `json:"ml"`
	Priors    []float64 `json:"priors"`
	MLPriors  []uint16  `json:"ml_priors"`
}

func readSupervisedGolden(t *testing.T, path string) supervisedGolden {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g supervisedGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// supervisedData returns the training samples and the test pixels the
// golden file describes.
func supervisedData(t *testing.T, g supervisedGolden) (*Samples, []float32) {
	x := readF32(t, "testdata/core_pixels_20k.f32")
	s := &Samples{Features: []string{"B2", "B3", "B4", "B5", "B6", "B7"}, Y: g.TrainY,
		Classes: []raster.Class{{Code: 1, Name: "water"}, {Code: 2, Name: "wet"}, {Code: 3, Name: "sparse"}, {Code: 4, Name: "green"}}}
	for _, r := range g.TrainRows {
		s.X = append(s.X, x[r*6:(r+1)*6]...)
	}
	return s, x[g.TestFrom*6:]
}

func comparePredictions(t *testing.T, what string, got, want []uint16) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d predictions, want %d", what, len(got), len(want))
	}
	diff := 0
	for i := range got {
		if got[i] != want[i] {
			if diff < 5 {
				t.Errorf("%s: test pixel %d: class %d, numpy %d", what, i, got[i], want[i])
			}
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%s: %d of %d predictions differ from numpy's", what, diff, len(got))
	}
}

func checkSupervised(t *testing.T, g supervisedGolden) {
	s, test := supervisedData(t, g)
	md, err := TrainMinimumDistance(s)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint16, len(test)/6)
	md.Predict(test, out)
	comparePredictions(t, "minimum distance", out, g.MD)

	ml, err := TrainMaxLikelihood(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ml.Predict(test, out)
	comparePredictions(t, "maximum likelihood", out, g.ML)

	pri := map[uint16]float64{}
	for i, p := range g.Priors {
		pri[uint16(i+1)] = p
	}
	mlp, err := TrainMaxLikelihood(s, &MaxLikelihoodOptions{Priors: pri})
	if err != nil {
		t.Fatal(err)
	}
	mlp.Predict(test, out)
	comparePredictions(t, "maximum likelihood with priors", out, g.MLPriors)
}

// TestSupervisedNumpyGolden: minimum distance and maximum likelihood
// predict exactly the classes numpy's implementation predicted on 10,000
// test pixels (testdata/core_supervised_golden.py).
func TestSupervisedNumpyGolden(t *testing.T) {
	checkSupervised(t, readSupervisedGolden(t, "testdata/core_supervised_golden.json"))
}

// TestSupervisedNumpyLive reruns the numpy script and compares with its
// fresh output.
func TestSupervisedNumpyLive(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		needOrSkip(t, "needs "+python+" with numpy")
	}
	out, err := exec.Command(python, "testdata/core_supervised_golden.py").Output()
	if err != nil {
		needOrSkip(t, "testdata/core_supervised_golden.py failed: "+err.Error())
	}
	path := filepath.Join(t.TempDir(), "golden.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	checkSupervised(t, readSupervisedGolden(t, path))
}

// TestMinimumDistanceHand: means worked by hand.
func TestMinimumDistanceHand(t *testing.T) {
	nan := float32(math.NaN())
	s := &Samples{Features: []string{"a", "b"},
		X: []float32{0, 0, 2, 0, 10, 10, 12, 10, nan, 5},
		Y: []uint16{1, 1, 2, 2, 2}}
	md, err := TrainMinimumDistance(s)
	if err != nil {
		t.Fatal(err)
	}
	// class 1 mean (1, 0); class 2 mean (11, 10) (the NaN row is left out)
	if md.Means[0][0] != 1 || md.Means[0][1] != 0 || md.Means[1][0] != 11 || md.Means[1][1] != 10 {
		t.Fatalf("means %v", md.Means)
	}
	out := make([]uint16, 3)
	md.Predict([]float32{5, 4, 7, 6, 1, nan}, out)
	// (5,4): d² to (1,0) = 32, to (11,10) = 72 → 1; (7,6): 72 vs 32 → 2.
	if out[0] != 1 || out[1] != 2 || out[2] != 0 {
		t.Errorf("got %v, want [1 2 0]", out)
	}
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{0, 1, 0, 0, 0, -1}}
	b, a := raster.NewBand(g, "b"), raster.NewBand(g, "a")
	copy(a.Data, []float32{5, 7})
	copy(b.Data, []float32{4, 6})
	st, _ := raster.NewStack(b, a)
	l, err := Classify(context.Background(), md, st)
	if err != nil {
		t.Fatal(err)
	}
	if l.Data[0] != 1 || l.Data[1] != 2 || l.Classes[0].Name != "class 1" {
		t.Errorf("labels %v classes %v", l.Data, l.Classes)
	}
}

func TestSupervisedErrors(t *testing.T) {
	classes := []raster.Class{{Code: 1, Name: "water"}, {Code: 2, Name: "urban"}}
	// class 2 has a constant second band: singular covariance.
	s := &Samples{Features: []string{"a", "b"}, Classes: classes,
		X: []float32{0, 0, 1, 2, 2, 1, 3, 3, 0, 5, 1, 5, 2, 5, 7, 5},
		Y: []uint16{1, 1, 1, 1, 2, 2, 2, 2}}
	_, err := TrainMaxLikelihood(s, nil)
	if err == nil || !strings.Contains(err.Error(), `2 ("urban")`) || !strings.Contains(err.Error(), "singular") {
		t.Errorf("singular covariance: error %v should name class 2 (\"urban\")", err)
	}
	few := &Samples{Features: []string{"a", "b"}, Classes: classes, X: []float32{0, 0, 1, 1}, Y: []uint16{1, 1}}
	if _, err := TrainMaxLikelihood(few, nil); err == nil || !strings.Contains(err.Error(), "water") {
		t.Errorf("too few samples: %v", err)
	}
	if _, err := TrainMinimumDistance(&Samples{Features: []string{"a"}, X: []float32{1}, Y: []uint16{0}}); err == nil {
		t.Error("code 0: no error")
	}
	if _, err := TrainMinimumDistance(&Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1}}); err == nil {
		t.Error("ragged: no error")
	}
	ok := &Samples{Features: []string{"a"}, X: []float32{1, 2, 3, 4}, Y: []uint16{1, 1, 2, 2}}
	if _, err := TrainMaxLikelihood(ok, &MaxLikelihoodOptions{Priors: map[uint16]float64{1: 0.5}}); err == nil || !strings.Contains(err.Error(), "class 2") {
		t.Errorf("missing prior: %v", err)
	}
}
