package classify

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// GroupSplit says how SplitByGroup divides samples into training and test
// sets.
type GroupSplit struct {
	// TestFraction is the share (0–1) of every class's polygons held out
	// for testing, rounded to the nearest whole polygon.
	TestFraction float64
	// TestGroups, when positive, is instead the number of polygons of
	// every class held out.
	TestGroups int
	// Seed seeds the choice of polygons.
	Seed uint64
}

// SplitByGroup divides s into a training and a test set by polygon, never
// by pixel: every group (Samples.Group, the polygon a row was drawn from)
// goes wholly to one side, so neighbouring, strongly correlated pixels of
// one polygon cannot sit on both sides and inflate the test accuracy
// (Roberts et al. 2017, "Cross-validation strategies for data with
// temporal, spatial, hierarchical, or phylogenetic structure", Ecography
// 40, 913–929).
//
// The split is stratified by class: the polygons of each class (a polygon's
// class is that of most of its rows, the lowest code on a tie) are shuffled
// with opt.Seed and the first round(TestFraction·n) of them, or TestGroups,
// held out. Where possible every class keeps at least one polygon on each
// side: a class with two or more polygons holds out at least one and at
// most all but one when the fraction or count is positive; a class with a
// single polygon keeps it for training. Rows keep their order.
func SplitByGroup(s *Samples, opt GroupSplit) (train, test *Samples, err error) {
	if s == nil {
		return nil, nil, errors.New("classify: no samples to split")
	}
	if s.Group == nil {
		return nil, nil, errors.New("classify: samples have no polygon groups to split by (Samples.Group is nil)")
	}
	if len(s.Group) != len(s.Y) || len(s.X) != len(s.Y)*len(s.Features) {
		return nil, nil, fmt.Errorf("classify: samples have %d rows, %d groups and %d values for %d features", len(s.Y), len(s.Group), len(s.X), len(s.Features))
	}
	if !(opt.TestFraction >= 0 && opt.TestFraction < 1) {
		return nil, nil, fmt.Errorf("classify: test fraction %v is outside [0, 1)", opt.TestFraction)
	}
	if opt.TestGroups < 0 {
		return nil, nil, fmt.Errorf("classify: test polygon count %d is negative", opt.TestGroups)
	}
	// Class of every group: the code of most of its rows.
	votes := map[int]map[uint16]int{}
	for i, g := range s.Group {
		if votes[g] == nil {
			votes[g] = map[uint16]int{}
		}
		votes[g][s.Y[i]]++
	}
	groupsOf := map[uint16][]int{}
	for g, v := range votes {
		var best uint16
		for c, n := range v {
			if n > v[best] || (n == v[best] && c < best) {
				best = c
			}
		}
		groupsOf[best] = append(groupsOf[best], g)
	}
	codes := make([]uint16, 0, len(groupsOf))
	for c := range groupsOf {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6a7))
	held := map[int]bool{}
	for _, c := range codes {
		gs := groupsOf[c]
		slices.Sort(gs)
		n := len(gs)
		k := opt.TestGroups
		if k == 0 {
			k = int(math.Round(opt.TestFraction * float64(n)))
			if opt.TestFraction > 0 && k == 0 {
				k = 1
			}
		}
		k = min(k, n-1)
		for i := range k {
			j := i + rng.IntN(n-i)
			gs[i], gs[j] = gs[j], gs[i]
			held[gs[i]] = true
		}
	}
	isTest := make([]bool, len(s.Y))
	for i, g := range s.Group {
		isTest[i] = held[g]
	}
	return subsetRows(s, isTest, false), subsetRows(s, isTest, true), nil
}

// subsetRows copies the rows of s whose flag equals want.
func subsetRows(s *Samples, flag []bool, want bool) *Samples {
	nf := len(s.Features)
	out := &Samples{Features: slices.Clone(s.Features), Classes: slices.Clone(s.Classes), Group: []int{}}
	for i, f := range flag {
		if f != want {
			continue
		}
		out.X = append(out.X, s.X[i*nf:(i+1)*nf]...)
		out.Y = append(out.Y, s.Y[i])
		out.Group = append(out.Group, s.Group[i])
	}
	return out
}
