package classify

import (
	"slices"
	"strings"
	"testing"
)

// groupedSamples has, per class c in 1..3, ten polygons of 5 rows each
// (group = 10*(c−1) + k), plus class 4 with a single polygon.
func groupedSamples() *Samples {
	s := &Samples{Features: []string{"v"}}
	for c := 1; c <= 3; c++ {
		for k := range 10 {
			for r := range 5 {
				s.X = append(s.X, float32(100*c+10*k+r))
				s.Y = append(s.Y, uint16(c))
				s.Group = append(s.Group, 10*(c-1)+k)
			}
		}
	}
	for r := range 5 {
		s.X = append(s.X, float32(400+r))
		s.Y = append(s.Y, 4)
		s.Group = append(s.Group, 99)
	}
	return s
}

func TestSplitByGroupNoLeakage(t *testing.T) {
	s := groupedSamples()
	train, test, err := SplitByGroup(s, GroupSplit{TestFraction: 0.3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	inTrain := map[int]bool{}
	for _, g := range train.Group {
		inTrain[g] = true
	}
	testGroups := map[int]bool{}
	for _, g := range test.Group {
		if inTrain[g] {
			t.Errorf("polygon %d is on both sides", g)
		}
		testGroups[g] = true
	}
	// round(0.3·10) = 3 polygons of each of classes 1–3; class 4 has one
	// polygon, which stays in training.
	perClass := map[uint16]int{}
	for g := range testGroups {
		perClass[uint16(g/10+1)]++
	}
	if perClass[1] != 3 || perClass[2] != 3 || perClass[3] != 3 || testGroups[99] {
		t.Errorf("test polygons per class %v (polygon 99 held out: %v)", perClass, testGroups[99])
	}
	if len(train.Y)+len(test.Y) != len(s.Y) || len(test.Y) != 9*5 {
		t.Errorf("%d + %d rows, want %d with 45 in test", len(train.Y), len(test.Y), len(s.Y))
	}
	// Rows keep their values and order.
	for i := 1; i < len(test.X); i++ {
		if test.X[i] <= test.X[i-1] {
			t.Fatalf("test rows out of order at %d", i)
		}
	}
	_, test2, _ := SplitByGroup(s, GroupSplit{TestFraction: 0.3, Seed: 1})
	if !slices.Equal(test.Group, test2.Group) {
		t.Error("the same seed split differently")
	}
	_, test3, _ := SplitByGroup(s, GroupSplit{TestFraction: 0.3, Seed: 2})
	if slices.Equal(test.Group, test3.Group) {
		t.Error("seeds 1 and 2 split the same way")
	}
}

func TestSplitByGroupCounts(t *testing.T) {
	s := groupedSamples()
	_, test, err := SplitByGroup(s, GroupSplit{TestGroups: 4, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if len(test.Y) != 3*4*5 {
		t.Errorf("%d test rows, want 60 (4 polygons of 5 rows for 3 classes)", len(test.Y))
	}
	// A fraction so small it rounds to 0 still holds out one polygon.
	_, test, _ = SplitByGroup(s, GroupSplit{TestFraction: 0.01})
	if len(test.Y) != 3*5 {
		t.Errorf("%d test rows, want 15", len(test.Y))
	}
	// A count above a class's polygons leaves one for training.
	train, _, _ := SplitByGroup(s, GroupSplit{TestGroups: 50})
	if len(train.Y) != 4*5 {
		t.Errorf("%d training rows, want 20", len(train.Y))
	}
}

func TestSplitByGroupErrors(t *testing.T) {
	s := groupedSamples()
	for _, c := range []struct {
		s    *Samples
		opt  GroupSplit
		want string
	}{
		{&Samples{Features: []string{"v"}, X: []float32{1}, Y: []uint16{1}}, GroupSplit{TestFraction: 0.3}, "no polygon groups"},
		{s, GroupSplit{TestFraction: 1}, "outside [0, 1)"},
		{s, GroupSplit{TestGroups: -1}, "negative"},
	} {
		_, _, err := SplitByGroup(c.s, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}
