package asymmetry

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// WelchTest is the result of Welch's two-sample t test of equal means.
type WelchTest struct {
	// MeanA and MeanB are the sample means, VarA and VarB the sample
	// variances (n−1 denominator).
	MeanA, MeanB, VarA, VarB float64
	// T is the statistic, DF the Welch–Satterthwaite degrees of freedom and
	// P the two-sided p-value.
	T, DF, P float64
}

// Welch performs Welch's unequal-variances t test of the hypothesis that a
// and b have equal means (Welch 1947, "The generalization of 'Student's'
// problem when several different population variances are involved",
// Biometrika 34:28–35):
//
//	t  = (x̄_a − x̄_b) / √(s²_a/n_a + s²_b/n_b)
//	ν  = (s²_a/n_a + s²_b/n_b)² / [ (s²_a/n_a)²/(n_a−1) + (s²_b/n_b)²/(n_b−1) ]
//	p  = 2·P(T_ν > |t|)
//
// as scipy.stats.ttest_ind(a, b, equal_var=False). It treats every value as
// independent, which neighbouring pixels are not: with spatially
// correlated pixels the p-value is far too small; it is given for
// reference beside the block bootstrap and permutation results of Compare.
// Each sample needs two values or more, not all equal across both.
func Welch(a, b []float64) (WelchTest, error) {
	if len(a) < 2 || len(b) < 2 {
		return WelchTest{}, fmt.Errorf("welch: samples of %d and %d values: need at least 2 each", len(a), len(b))
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	r := WelchTest{MeanA: ma, MeanB: mb, VarA: va, VarB: vb}
	sa, sb := va/float64(len(a)), vb/float64(len(b))
	se2 := sa + sb
	if !(se2 > 0) {
		return r, errors.New("welch: both samples have zero variance")
	}
	r.T = (ma - mb) / math.Sqrt(se2)
	r.DF = se2 * se2 / (sa*sa/float64(len(a)-1) + sb*sb/float64(len(b)-1))
	r.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: r.DF}.Survival(math.Abs(r.T))
	return r, nil
}

// meanVar returns the mean and the sample variance (n−1) by two passes.
func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		d := v - mean
		variance += d * d
	}
	return mean, variance / float64(len(x)-1)
}

// MannWhitneyTest is the result of the Mann–Whitney U (Wilcoxon rank-sum)
// test.
type MannWhitneyTest struct {
	// U is the statistic of sample a: R_a − n_a(n_a+1)/2, R_a the sum of
	// a's ranks in the pooled sample (ties get their average rank). It
	// counts the pairs (a_i, b_j) with a_i > b_j, ties counting one half.
	U float64
	// Z is the standardized statistic with the continuity correction and P
	// the two-sided p-value from the normal approximation.
	Z, P float64
}

// MannWhitney performs the two-sided Mann–Whitney U test (Mann and Whitney
// 1947, "On a test of whether one of two random variables is
// stochastically larger than the other", Annals of Mathematical Statistics
// 18:50–60) with the normal approximation, tie correction and continuity
// correction, as scipy.stats.mannwhitneyu(a, b, method="asymptotic",
// use_continuity=True):
//
//	U  = R_a − n_a(n_a+1)/2,  U' = max(U, n_a·n_b − U)
//	σ² = n_a·n_b/12 · [ (n+1) − Σ_k (t_k³ − t_k) / (n(n−1)) ],  n = n_a + n_b
//	z  = (U' − n_a·n_b/2 − 1/2) / σ,  p = min(1, 2·(1 − Φ(z)))
//
// with t_k the sizes of the groups of tied values. Like Welch it treats
// pixels as independent and is given for reference only. Sorting the two
// samples costs O(n log n).
func MannWhitney(a, b []float64) (MannWhitneyTest, error) {
	na, nb := len(a), len(b)
	if na == 0 || nb == 0 {
		return MannWhitneyTest{}, fmt.Errorf("mann-whitney: samples of %d and %d values: need at least 1 each", na, nb)
	}
	for _, x := range [][]float64{a, b} {
		for _, v := range x {
			if math.IsNaN(v) {
				return MannWhitneyTest{}, errors.New("mann-whitney: a value is NaN")
			}
		}
	}
	// Sort both samples (in parallel) and merge them, giving each group of
	// tied values its average rank.
	sa, sb := slices.Clone(a), slices.Clone(b)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); slices.Sort(sa) }()
	slices.Sort(sb)
	wg.Wait()
	n := float64(na + nb)
	ra, ties := 0.0, 0.0
	pos := 0
	for i, j := 0, 0; i < na || j < nb; {
		var v float64
		switch {
		case j == nb || (i < na && sa[i] <= sb[j]):
			v = sa[i]
		default:
			v = sb[j]
		}
		ca, cb := 0, 0
		for i < na && sa[i] == v {
			i++
			ca++
		}
		for j < nb && sb[j] == v {
			j++
			cb++
		}
		t := float64(ca + cb)
		// Ranks pos+1 … pos+t share their average.
		ra += float64(ca) * (float64(pos) + (t+1)/2)
		ties += t*t*t - t
		pos += ca + cb
	}
	fa, fb := float64(na), float64(nb)
	u := ra - fa*(fa+1)/2
	r := MannWhitneyTest{U: u}
	s := math.Sqrt(fa * fb / 12 * ((n + 1) - ties/(n*(n-1))))
	if !(s > 0) {
		return r, errors.New("mann-whitney: every value is the same")
	}
	up := math.Max(u, fa*fb-u)
	r.Z = (up - fa*fb/2 - 0.5) / s
	r.P = math.Min(1, 2*distuv.UnitNormal.Survival(r.Z))
	return r, nil
}
