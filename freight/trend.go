package freight

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// MannKendallResult is the outcome of [MannKendall].
type MannKendallResult struct {
	// N is the number of points.
	N int
	// S = Σ_{i<j} sign(y_j − y_i), pairs in time order.
	S float64
	// VarS is the variance of S under no trend, corrected for ties:
	// [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18.
	VarS float64
	// Z is the continuity-corrected normal score (S − sign(S)) / sqrt(VarS).
	Z float64
	// P is the two-sided p-value 2·(1 − Φ(|Z|)).
	P float64
	// Tau is Kendall's tau-a, S / (n(n−1)/2); TauB is tau-b, corrected for
	// ties in y (times do not tie).
	Tau, TauB float64
	// Slope is Sen's slope, the median of (y_j − y_i)/(t_j − t_i) over all
	// pairs, in series units per year; Intercept = median(y) −
	// Slope·median(t), so the line is Intercept + Slope·t.
	Slope, Intercept float64
}

// MannKendall tests for a monotonic trend without assuming a model (Mann
// 1945; Kendall 1975, Rank Correlation Methods; variance with tie
// correction as in Hipel & McLeod 1994, Time Series Modelling of Water
// Resources, §23.3, and the pymannkendall "original_test"), with Sen's
// (1968) slope estimator (J. Am. Stat. Assoc. 63, 1379–1389) computed on
// the real times, so gaps between periods are respected. Points are sorted
// by time first; two points at the same time are an error. It needs at
// least 3 points.
func MannKendall(pts []Point) (MannKendallResult, error) {
	n := len(pts)
	if n < 3 {
		return MannKendallResult{}, fmt.Errorf("freight: Mann–Kendall needs at least 3 points, have %d", n)
	}
	pts = slices.Clone(pts)
	slices.SortStableFunc(pts, func(a, b Point) int { return cmpFloat(a.T, b.T) })
	r := MannKendallResult{N: n}
	slopes := make([]float64, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		if math.IsNaN(pts[i].Y) || math.IsNaN(pts[i].T) {
			return r, fmt.Errorf("freight: Mann–Kendall: point %d (%s) is NaN", i+1, pts[i].Period)
		}
		for j := i + 1; j < n; j++ {
			dt := pts[j].T - pts[i].T
			if dt == 0 {
				return r, fmt.Errorf("freight: Mann–Kendall: two points at time %v", pts[i].T)
			}
			d := pts[j].Y - pts[i].Y
			switch {
			case d > 0:
				r.S++
			case d < 0:
				r.S--
			}
			slopes = append(slopes, d/dt)
		}
	}
	ys := make([]float64, n)
	ts := make([]float64, n)
	for i, p := range pts {
		ys[i], ts[i] = p.Y, p.T
	}
	slices.Sort(ys)
	nf := float64(n)
	v := nf * (nf - 1) * (2*nf + 5)
	var tiePairs float64
	for i := 0; i < n; {
		j := i
		for j < n && ys[j] == ys[i] {
			j++
		}
		t := float64(j - i)
		v -= t * (t - 1) * (2*t + 5)
		tiePairs += t * (t - 1) / 2
		i = j
	}
	r.VarS = v / 18
	switch {
	case r.S > 0:
		r.Z = (r.S - 1) / math.Sqrt(r.VarS)
	case r.S < 0:
		r.Z = (r.S + 1) / math.Sqrt(r.VarS)
	}
	r.P = 2 * distuv.UnitNormal.Survival(math.Abs(r.Z))
	n0 := nf * (nf - 1) / 2
	r.Tau = r.S / n0
	r.TauB = r.S / math.Sqrt(n0*(n0-tiePairs))
	slices.Sort(slopes)
	r.Slope = median(slopes)
	r.Intercept = median(ys) - r.Slope*median(ts)
	return r, nil
}

// median of sorted values.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Transform says what a linear trend regression is fitted to.
type Transform uint8

const (
	// Level regresses the values themselves: y = a + b·t.
	Level Transform = iota
	// Log regresses natural logarithms: ln y = a + b·t, so b is a
	// continuous growth rate per year. Values must be positive.
	Log
)

// String returns "level" or "log".
func (tr Transform) String() string {
	if tr == Log {
		return "log"
	}
	return "level"
}

// ChowResult is one structural-break test.
type ChowResult struct {
	// Break is the time (decimal years) of the first point of the second
	// segment; N1 and N2 count the points before and from it.
	Break  float64
	N1, N2 int
	// SSRPooled, SSR1 and SSR2 are the residual sums of squares of the
	// straight line fitted to all points and to each segment, in the
	// transformed units.
	SSRPooled, SSR1, SSR2 float64
	// F = ((SSRPooled − SSR1 − SSR2)/k) / ((SSR1 + SSR2)/(n − 2k)), k = 2,
	// with DF1 = k and DF2 = n − 2k degrees of freedom; P is its upper-tail
	// probability.
	F        float64
	DF1, DF2 int
	P        float64
}

// transformed returns the times and (transformed) values of pts in time
// order.
func transformed(pts []Point, tr Transform) (t, z []float64, err error) {
	pts = slices.Clone(pts)
	slices.SortStableFunc(pts, func(a, b Point) int { return cmpFloat(a.T, b.T) })
	for _, p := range pts {
		v := p.Y
		if tr == Log {
			if !(v > 0) {
				return nil, nil, fmt.Errorf("freight: log transform: %s has value %v, not positive", p.Period, v)
			}
			v = math.Log(v)
		}
		t = append(t, p.T)
		z = append(z, v)
	}
	return t, z, nil
}

// ssrLine returns the residual sum of squares of the least-squares line
// through (t, z).
func ssrLine(t, z []float64) float64 {
	b, a := stat.LinearRegression(t, z, nil, false)
	var s float64
	for i := range t {
		r := z[i] - (b + a*t[i])
		s += r * r
	}
	return s
}

// Chow tests whether a straight-line trend (of the values or of their
// logarithms, see [Transform]) changes at time brk: the first segment holds
// the points with T < brk. Chow (1960), "Tests of equality between sets of
// coefficients in two linear regressions", Econometrica 28, 591–605. Each
// segment needs at least 2 points and n must exceed 4.
func Chow(pts []Point, brk float64, tr Transform) (ChowResult, error) {
	t, z, err := transformed(pts, tr)
	if err != nil {
		return ChowResult{}, err
	}
	i, _ := slices.BinarySearch(t, brk)
	return chowAt(t, z, i)
}

func chowAt(t, z []float64, i int) (ChowResult, error) {
	const k = 2
	n := len(t)
	if i < k || n-i < k || n <= 2*k {
		return ChowResult{}, fmt.Errorf("freight: Chow test needs at least %d points on each side and more than %d in all (have %d and %d)", k, 2*k, i, n-i)
	}
	r := ChowResult{Break: t[i], N1: i, N2: n - i, DF1: k, DF2: n - 2*k}
	r.SSRPooled = ssrLine(t, z)
	r.SSR1 = ssrLine(t[:i], z[:i])
	r.SSR2 = ssrLine(t[i:], z[i:])
	r.F = ((r.SSRPooled - r.SSR1 - r.SSR2) / k) / ((r.SSR1 + r.SSR2) / float64(n-2*k))
	r.P = distuv.F{D1: k, D2: float64(n - 2*k)}.Survival(r.F)
	return r, nil
}

// BreakSearch runs [Chow] at every break that leaves at least minSegment
// points (at least 2) on each side and returns all tests in time order and
// the index of the largest F (the sup-F or Quandt statistic). The P of
// that best test is nominal: searching inflates it, so compare its F with
// Andrews (1993, Econometrica 61, 821–856) critical values or use
// BonferroniP, min(1, m·P) over the m tests, a conservative bound.
func BreakSearch(pts []Point, tr Transform, minSegment int) (tests []ChowResult, best int, bonferroniP float64, err error) {
	if minSegment < 2 {
		minSegment = 2
	}
	t, z, err := transformed(pts, tr)
	if err != nil {
		return nil, -1, math.NaN(), err
	}
	for i := minSegment; i <= len(t)-minSegment; i++ {
		r, err := chowAt(t, z, i)
		if err != nil {
			return nil, -1, math.NaN(), err
		}
		tests = append(tests, r)
	}
	if len(tests) == 0 {
		return nil, -1, math.NaN(), fmt.Errorf("freight: break search: %d points leave no break with %d points on each side", len(t), minSegment)
	}
	for i, r := range tests {
		if r.F > tests[best].F || math.IsNaN(tests[best].F) {
			best = i
		}
	}
	return tests, best, math.Min(1, float64(len(tests))*tests[best].P), nil
}
