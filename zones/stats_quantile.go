package zones

import (
	"cmp"
	"math"
	"slices"
)

// weightedValue is one covered cell kept for quantiles: its value and its
// weight c_i (8 bytes a cell).
type weightedValue struct {
	x, w float32
}

// WeightedQuantile returns the q quantile (0–1) of the values x with
// positive weights w, the definition exactextract uses (its
// WeightedQuantiles class; the "weighted percentile" of Wikipedia's
// Percentile article): with the n values sorted and S_k the sum of the
// first k weights,
//
//	s_1 = 0,  s_k = (k−1)·w_k + (n−1)·S_{k−1}  (k = 2..n),  S = S_n·(n−1)
//
// the result interpolates linearly between the values whose s bracket q·S.
// With equal weights s_k = (k−1)·n·w and this is numpy.quantile(x, q,
// method="linear") (Hyndman and Fan 1996, definition 7). Values that tie
// are ordered by weight so the result does not depend on input order. It
// returns NaN when x is empty, the lengths differ, q is outside 0–1, a
// value is NaN or a weight is not positive and finite; x and w are not
// modified.
func WeightedQuantile(x, w []float64, q float64) float64 {
	if len(x) == 0 || len(x) != len(w) || math.IsNaN(q) || q < 0 || q > 1 {
		return math.NaN()
	}
	for i := range x {
		if math.IsNaN(x[i]) || !(w[i] > 0) || math.IsInf(w[i], 0) {
			return math.NaN()
		}
	}
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(x[a], x[b]); c != 0 {
			return c
		}
		return cmp.Compare(w[a], w[b])
	})
	xs := make([]float64, len(x))
	ws := make([]float64, len(x))
	for i, j := range idx {
		xs[i], ws[i] = x[j], w[j]
	}
	return quantileSorted(xs, ws, []float64{q})[0]
}

// sortWeighted sorts cells by value, then weight.
func sortWeighted(v []weightedValue) {
	slices.SortFunc(v, func(a, b weightedValue) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.w, b.w)
	})
}

// quantilesOf returns the quantiles qs of the cells v (sorted in place).
func quantilesOf(v []weightedValue, qs []float64) []float64 {
	if len(v) == 0 {
		out := make([]float64, len(qs))
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	sortWeighted(v)
	xs := make([]float64, len(v))
	ws := make([]float64, len(v))
	for i, c := range v {
		xs[i], ws[i] = float64(c.x), float64(c.w)
	}
	return quantileSorted(xs, ws, qs)
}

// quantileSorted evaluates exactextract's weighted quantile on values
// sorted ascending.
func quantileSorted(xs, ws []float64, qs []float64) []float64 {
	n := len(xs)
	s := make([]float64, n)
	cum := 0.0
	for k := range n {
		if k > 0 {
			s[k] = float64(k)*ws[k] + float64(n-1)*cum
		}
		cum += ws[k]
	}
	total := cum * float64(n-1)
	out := make([]float64, len(qs))
	for i, q := range qs {
		if math.IsNaN(q) || q < 0 || q > 1 {
			out[i] = math.NaN()
			continue
		}
		t := q * total
		// First index whose s exceeds t (s[0] = 0 <= t).
		right, _ := slices.BinarySearchFunc(s, t, func(e, t float64) int {
			if e <= t {
				return -1
			}
			return 1
		})
		left := right - 1
		if right >= n {
			out[i] = xs[n-1]
			continue
		}
		out[i] = xs[left] + (t-s[left])*(xs[right]-xs[left])/(s[right]-s[left])
	}
	return out
}
