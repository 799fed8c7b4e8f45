package classify

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// rfGolden20kAccuracy is scikit-learn 1.2.1's test accuracy on the committed
// subset testdata/core_pixels_20k.f32 (first 20,000 rows of pixels_1m,
// peer_rf.py's labels, 80/20 split, 100 trees), recorded in
// testdata/rf_sklearn_20k.txt by testdata/rf_golden.py.
const rfGolden20kAccuracy = 0.9758

// rfGolden20k reads scikit-learn's out-of-bag error and feature importances
// on the same data from the second line of testdata/rf_sklearn_20k.txt.
func rfGolden20k(t *testing.T) (oob float64, importance []float64) {
	t.Helper()
	b, err := os.ReadFile("testdata/rf_sklearn_20k.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], fmt.Sprintf("accuracy=%.4f", rfGolden20kAccuracy)) {
		t.Fatalf("rf_sklearn_20k.txt: %q", b)
	}
	var imp string
	if _, err := fmt.Sscanf(lines[1], "oob_error=%g importance=%s", &oob, &imp); err != nil {
		t.Fatalf("rf_sklearn_20k.txt line 2 %q: %v", lines[1], err)
	}
	for _, v := range strings.Split(imp, ",") {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		importance = append(importance, x)
	}
	return oob, importance
}

// rfSubset reads testdata/core_pixels_20k.f32 and its peer_rf.py labels.
func rfSubset(t *testing.T) ([]float32, []uint16) {
	t.Helper()
	b, err := os.ReadFile("testdata/core_pixels_20k.f32")
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[i*4:]))
	}
	if len(x) != 20_000*6 {
		t.Fatalf("core_pixels_20k.f32 has %d values, want 120000", len(x))
	}
	return x, rfPeerLabels(x)
}

func trainSubset(t *testing.T, opt ForestOptions) (*Forest, float64) {
	t.Helper()
	x, y := rfSubset(t)
	n := 16_000
	f, err := TrainForest(context.Background(), &Samples{Features: rfPeerFeatures, X: x[:n*6], Y: y[:n]}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return f, forestAccuracy(f, x[n*6:], y[n:])
}

func TestForestGolden20k(t *testing.T) {
	f, acc := trainSubset(t, ForestOptions{})
	t.Logf("test accuracy %.4f, scikit-learn %.4f; OOB error %.4f over %d rows; importance %.4f", acc, rfGolden20kAccuracy, f.OOBError(), f.OOBRows(), f.Importance())
	if math.Abs(acc-rfGolden20kAccuracy) > 0.01 {
		t.Errorf("test accuracy %.4f, scikit-learn's %.4f: more than 1 percentage point apart", acc, rfGolden20kAccuracy)
	}
	// Same definitions as scikit-learn's, on forests grown from other random
	// draws: the OOB error within 1 point and each importance within 0.03
	// of scikit-learn's.
	skOOB, skImp := rfGolden20k(t)
	if math.Abs(f.OOBError()-skOOB) > 0.01 {
		t.Errorf("OOB error %.4f, scikit-learn's %.4f", f.OOBError(), skOOB)
	}
	for i, v := range f.Importance() {
		if math.Abs(v-skImp[i]) > 0.03 {
			t.Errorf("importance of %s %.4f, scikit-learn's %.4f", rfPeerFeatures[i], v, skImp[i])
		}
	}
	// OOB error estimates the test error (Breiman 2001, section 3.1): both
	// are errors on rows the trees did not see, from the same distribution
	// (the first 16,000 and the last 4,000 rows of a random draw).
	testErr := 1 - acc
	if oob := f.OOBError(); math.IsNaN(oob) || math.Abs(oob-testErr) > 0.015 {
		t.Errorf("OOB error %.4f, test error %.4f: further apart than 1.5 points", oob, testErr)
	}
	// With 100 bootstrap samples, a row is out of bag for a tree with
	// probability (1-1/n)^n ≈ e⁻¹, so for no tree with probability ≈ e⁻¹⁰⁰.
	if f.OOBRows() != 16_000 {
		t.Errorf("OOB rows %d, want all 16000", f.OOBRows())
	}
	var sum float64
	for _, v := range f.Importance() {
		sum += v
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("importances sum to %v, want 1", sum)
	}
}

// TestForestSklearnLive reruns scikit-learn on the committed subset.
func TestForestSklearnLive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scikit-learn")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import sklearn").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("/usr/bin/python3 with scikit-learn is required under CI: %v", err)
		}
		t.Skipf("no /usr/bin/python3 with scikit-learn: %v", err)
	}
	_, _, want := rfRunPeer(t, "testdata/rf_golden.py", "testdata/core_pixels_20k.f32")
	if want != rfGolden20kAccuracy {
		t.Logf("scikit-learn now gives %.4f (golden %.4f)", want, rfGolden20kAccuracy)
	}
	_, acc := trainSubset(t, ForestOptions{Seed: 7})
	if math.Abs(acc-want) > 0.01 {
		t.Errorf("test accuracy %.4f, live scikit-learn %.4f: more than 1 percentage point apart", acc, want)
	}
}

func TestForestDeterministicAcrossCores(t *testing.T) {
	x, y := rfSubset(t)
	s := &Samples{Features: rfPeerFeatures, X: x[:4000*6], Y: y[:4000]}
	var ref *Forest
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		f, err := TrainForest(context.Background(), s, ForestOptions{Trees: 12, Seed: 42})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = f
			continue
		}
		if !slices.Equal(f.nodes, ref.nodes) || !slices.Equal(f.leafProb, ref.leafProb) || !slices.Equal(f.roots, ref.roots) {
			t.Errorf("GOMAXPROCS %d: trees differ from GOMAXPROCS 1", procs)
		}
		if f.OOBError() != ref.OOBError() || !slices.Equal(f.Importance(), ref.Importance()) {
			t.Errorf("GOMAXPROCS %d: OOB %v importance %v, GOMAXPROCS 1: %v %v", procs, f.OOBError(), f.Importance(), ref.OOBError(), ref.Importance())
		}
	}
	other, err := TrainForest(context.Background(), s, ForestOptions{Trees: 12, Seed: 43})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(other.nodes, ref.nodes) {
		t.Error("seeds 42 and 43 grew the same forest")
	}
}

// TestForestImportanceOneFeature: the class is decided by feature 1 alone
// (y = 1 where x1 ≤ 0.5), the other two are independent noise. A split on
// x1 at 0.5 removes the root's whole Gini impurity (0.5 for balanced
// classes), while splits on noise only remove impurity by chance, so
// nearly all of the mean decrease in impurity belongs to feature 1.
func TestForestImportanceOneFeature(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2000
	s := &Samples{Features: []string{"noise a", "decisive", "noise b"}, X: make([]float32, n*3), Y: make([]uint16, n)}
	for i := range n {
		for j := range 3 {
			s.X[i*3+j] = rng.Float32()
		}
		s.Y[i] = 2
		if s.X[i*3+1] <= 0.5 {
			s.Y[i] = 1
		}
	}
	f, err := TrainForest(context.Background(), s, ForestOptions{Trees: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	imp := f.Importance()
	t.Logf("importance %.4f, OOB error %.4f", imp, f.OOBError())
	if imp[1] < 0.9 || imp[0] > 0.05 || imp[2] > 0.05 {
		t.Errorf("importance %v: want feature 1 above 0.9 and the noise below 0.05", imp)
	}
	if f.OOBError() > 0.02 {
		t.Errorf("OOB error %v on a threshold rule", f.OOBError())
	}
}

// TestForestThreshold: one feature, two classes apart; every tree splits
// between 3 and 10 (the midpoint of the closest in-bag values of the two
// classes), so 3.5 and 9.5 are classed as their neighbours; NaN is 0.
func TestForestThreshold(t *testing.T) {
	s := &Samples{Features: []string{"v"}, X: []float32{1, 2, 3, 10, 11, 12, 1, 2, 3, 10, 11, 12},
		Y: []uint16{4, 4, 4, 9, 9, 9, 4, 4, 4, 9, 9, 9}, Classes: nil}
	f, err := TrainForest(context.Background(), s, ForestOptions{Trees: 25, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint16, 5)
	f.Predict([]float32{-100, 3.5, 9.5, 100, float32(math.NaN())}, out)
	if want := []uint16{4, 4, 9, 9, 0}; !slices.Equal(out, want) {
		t.Errorf("Predict = %v, want %v", out, want)
	}
	cl := f.Classes()
	if len(cl) != 2 || cl[0].Code != 4 || cl[1].Code != 9 || cl[0].Name != "class 4" {
		t.Errorf("classes %v", cl)
	}
	// Every tree is one split and two pure leaves.
	if f.NumNodes() != 3*25 {
		t.Errorf("%d nodes, want 75", f.NumNodes())
	}
}

func TestForestMaxDepthAndMinLeaf(t *testing.T) {
	x, y := rfSubset(t)
	s := &Samples{Features: rfPeerFeatures, X: x[:3000*6], Y: y[:3000]}
	f, err := TrainForest(context.Background(), s, ForestOptions{Trees: 5, MaxDepth: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// A tree of depth 3 has at most 2⁴−1 = 15 nodes.
	if f.NumNodes() > 5*15 {
		t.Errorf("MaxDepth 3: %d nodes in 5 trees, more than 75", f.NumNodes())
	}
	g, err := TrainForest(context.Background(), s, ForestOptions{Trees: 5, MinLeaf: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Each tree's bootstrap sample has at most 3000 distinct rows, and each
	// leaf at least 50 of them: at most 60 leaves, 119 nodes.
	if g.NumNodes() > 5*119 {
		t.Errorf("MinLeaf 50: %d nodes in 5 trees, more than 595", g.NumNodes())
	}
}

func TestForestErrors(t *testing.T) {
	ctx := context.Background()
	nan := float32(math.NaN())
	cases := []struct {
		name string
		s    *Samples
		opt  ForestOptions
		want string
	}{
		{"nil", nil, ForestOptions{}, "no samples"},
		{"no rows", &Samples{Features: []string{"a"}}, ForestOptions{}, "no rows"},
		{"short X", &Samples{Features: []string{"a", "b"}, X: []float32{1}, Y: []uint16{1}}, ForestOptions{}, "values for 1 rows"},
		{"NaN", &Samples{Features: []string{"a", "red"}, X: []float32{1, 2, 3, nan}, Y: []uint16{1, 2}}, ForestOptions{}, `row 1, feature 1 ("red")`},
		{"code 0", &Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1, 0}}, ForestOptions{}, "row 1 has class code 0"},
		{"mtry", &Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1, 2}}, ForestOptions{MaxFeatures: 2}, "MaxFeatures 2"},
		{"too many", &Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1, 2}}, ForestOptions{Trees: 1 << 40}, "exceed the limit"},
		{"negative", &Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1, 2}}, ForestOptions{Trees: -1}, "negative"},
	}
	for _, c := range cases {
		_, err := TrainForest(ctx, c.s, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := TrainForest(cctx, &Samples{Features: []string{"a"}, X: []float32{1, 2}, Y: []uint16{1, 2}}, ForestOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// A short x fills only the pixels it holds, without a panic.
func TestForestPredictShortInput(t *testing.T) {
	s := &Samples{Features: []string{"a", "b"}, X: []float32{0, 0, 1, 1, 0, 0, 1, 1}, Y: []uint16{1, 2, 1, 2}}
	f, err := TrainForest(context.Background(), s, ForestOptions{Trees: 5})
	if err != nil {
		t.Fatal(err)
	}
	out := []uint16{9, 9, 9}
	f.Predict([]float32{0, 0, 1, 1, 0}, out)
	if out[2] != 9 || out[0] == 9 || out[1] == 9 {
		t.Errorf("Predict on 2.5 pixels of 3: %v", out)
	}
}

// Predict skips the trees that can no longer change a pixel's class; its
// classes must equal the plain definition: the argmax (first on ties) of
// the sum over every tree of the reached leaf's class probabilities.
func TestForestPredictEqualsAllTrees(t *testing.T) {
	x, y := rfSubset(t)
	n := 8000
	f, err := TrainForest(context.Background(), &Samples{Features: rfPeerFeatures, X: x[:n*6], Y: y[:n]}, ForestOptions{Trees: 30, MinLeaf: 3, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	test := x[n*6:]
	out := make([]uint16, len(test)/6)
	f.Predict(test, out)
	k := len(f.classes)
	for p := range out {
		px := test[p*6 : (p+1)*6]
		sum := make([]float64, k)
		for _, root := range f.roots {
			leaf := f.leaf(root, px)
			for c := range k {
				sum[c] += float64(f.leafProb[int(leaf)+c])
			}
		}
		best := 0
		for c := range sum {
			if sum[c] > sum[best] {
				best = c
			}
		}
		if want := f.classes[best].Code; out[p] != want {
			t.Fatalf("pixel %d: Predict %d, sum over all trees %v gives %d", p, out[p], sum, want)
		}
	}
}
