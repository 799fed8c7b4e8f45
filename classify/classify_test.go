package classify

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// sumClassifier classes a pixel by the sign of its features' sum: 1 when
// negative, 2 otherwise. It records nothing, as Predict must not modify the
// classifier.
type sumClassifier struct{ nf int }

func (s sumClassifier) Classes() []raster.Class {
	return []raster.Class{{Code: 1, Name: "negative"}, {Code: 2, Name: "non-negative"}}
}
func (s sumClassifier) NumFeatures() int { return s.nf }
func (s sumClassifier) Predict(x []float32, out []uint16) {
	for i := range out {
		sum := float32(0)
		for _, v := range x[i*s.nf : (i+1)*s.nf] {
			sum += v
		}
		out[i] = 2
		if sum < 0 {
			out[i] = 1
		}
	}
}

func testStack(t *testing.T, w, h int) *raster.Stack {
	t.Helper()
	g := raster.Grid{Width: w, Height: h, Transform: raster.Affine{0, 1, 0, 0, 0, -1}}
	a, b := raster.NewBand(g, "a"), raster.NewBand(g, "b")
	for i := range a.Data {
		a.Data[i] = float32(math.Sin(float64(i)))
		b.Data[i] = float32(math.Cos(float64(3 * i)))
	}
	a.Data[5] = float32(math.NaN())
	s, err := raster.NewStack(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestClassifyUserClassifier runs a user's classifier over a stack larger
// than one block on 1 and several cores: each pixel's class is the sign of
// sin(i)+cos(3i), computed here directly, and the NaN pixel is 0 though
// the classifier itself ignores NaN.
func TestClassifyUserClassifier(t *testing.T) {
	s := testStack(t, 301, 97)
	want := make([]uint16, s.Grid.Len())
	for i := range want {
		if float32(math.Sin(float64(i)))+float32(math.Cos(float64(3*i))) < 0 {
			want[i] = 1
		} else {
			want[i] = 2
		}
	}
	want[5] = 0
	for _, procs := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(procs)
		l, err := Classify(context.Background(), sumClassifier{2}, s)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if !equalU16(l.Data, want) {
			t.Errorf("%d cores: classes differ from the direct computation", procs)
		}
		if l.Classes[1].Name != "non-negative" || l.Grid.Match(s.Grid) != nil {
			t.Errorf("classes %v, grid %v", l.Classes, l.Grid)
		}
	}
	// Window by window, with the bands given in the other order twice
	// (a, a): the class is then the sign of 2 sin(i).
	l, err := ClassifySource(context.Background(), sumClassifier{2}, s, []int{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range l.Data {
		w := uint16(2)
		if math.Sin(float64(i)) < 0 {
			w = 1
		}
		if i == 5 {
			w = 0
		}
		if v != w {
			t.Fatalf("ClassifySource pixel %d: %d, want %d", i, v, w)
		}
	}
}

func TestClassifyErrors(t *testing.T) {
	s := testStack(t, 10, 10)
	ctx := context.Background()
	if _, err := Classify(ctx, sumClassifier{3}, s); err == nil || !strings.Contains(err.Error(), "3 features") {
		t.Errorf("feature count: %v", err)
	}
	if _, err := ClassifySource(ctx, sumClassifier{2}, s, []int{0, 2}); err == nil || !strings.Contains(err.Error(), "band 3") {
		t.Errorf("band out of range: %v", err)
	}
	if _, err := ClassifySource(ctx, sumClassifier{3}, s, nil); err == nil {
		t.Error("source band count: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Classify(cancelled, sumClassifier{2}, testStack(t, 1000, 300)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
