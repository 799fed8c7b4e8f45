package asymmetry

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// CompareOptions tunes Compare.
type CompareOptions struct {
	// Statistic summarises each side; Mean by default.
	Statistic Statistic
	// Bootstrap sets the replicates, level, seed and workers of the block
	// bootstrap intervals; its Seed and Workers also drive the permutation
	// test.
	Bootstrap BootstrapOptions
	// Permutations is the number of random permutations of the test, at
	// most 10⁶; 0 means 999, a negative number skips the test.
	Permutations int
	// PermutePixels permutes single values instead of blocks. With
	// spatially correlated pixels this ignores the dependence and gives
	// p-values that are much too small; Compare then adds a warning. It is
	// meant for samples of independent units.
	PermutePixels bool
}

// Estimate is a point estimate with its bootstrap interval, in the units
// of the value compared (ratios and the normalized asymmetry have none).
type Estimate struct {
	// Value is the estimate from all the data.
	Value float64
	// Interval is the percentile bootstrap interval.
	Interval
}

// Side summarises one side of a comparison.
type Side struct {
	// Name is the sample's name.
	Name string
	// N is the number of values, Blocks the number of blocks.
	N, Blocks int
	// Estimate is the statistic of the side with its bootstrap interval.
	Estimate
}

// Comparison is the result of Compare: side A against side B.
type Comparison struct {
	// Statistic is the statistic compared, Level the intervals' confidence
	// level and Replicates the number of bootstrap replicates.
	Statistic  Statistic
	Level      float64
	Replicates int
	// A and B are the two sides.
	A, B Side
	// Difference is S_A − S_B, Ratio S_A/S_B, LogRatio ln(S_A/S_B) (NaN
	// unless both are positive) and Normalized the normalized asymmetry
	// (S_A − S_B)/(S_A + S_B), which lies in −1…1 for positive values. Each
	// interval is the percentile interval of the measure computed on every
	// bootstrap replicate (A and B resampled independently).
	Difference, Ratio, LogRatio, Normalized Estimate
	// PValue is the two-sided permutation p-value of the difference:
	// (1 + #{|T*| ≥ |T|}) / (P + 1) over P permutations (Phipson and
	// Smyth 2010, "Permutation p-values should never be zero", Statistical
	// Applications in Genetics and Molecular Biology 9(1):39), NaN when the
	// test was skipped. Permutations is P and PermutationUnit "block" or
	// "pixel".
	PValue          float64
	Permutations    int
	PermutationUnit string
	// Welch and MannWhitney are the classical tests on all values, which
	// assume independent values (reference only).
	Welch       WelchTest
	MannWhitney MannWhitneyTest
	// Warnings says what the caller should know: permuting pixels, sides
	// with few blocks, tests that could not be computed.
	Warnings []string
}

// Compare compares a statistic of two samples, side A against side B, for
// any per-pixel value (an index, a temperature, a 0/1 class indicator) or
// per-zone metric values (UnitSample).
//
// The point estimates are the statistic S of each side and
//
//	difference  S_A − S_B
//	ratio       S_A / S_B
//	log ratio   ln(S_A / S_B)
//	normalized  (S_A − S_B) / (S_A + S_B)
//
// Their confidence intervals come from the spatial block bootstrap
// (BlockBootstrap: blocks resampled with replacement within each side,
// percentile intervals). The p-value comes from a permutation test of the
// difference that pools the blocks of both sides and reassigns them at
// random, keeping each side's number of blocks (so neighbouring pixels move
// together; with PermutePixels single values move). Both rest on the blocks
// being large enough for the dependence between blocks to be small
// (Lahiri 2003, ch. 12); choose a block size at least the range of the
// spatial autocorrelation of the values (a semivariogram's range).
//
// Welch's t test and the Mann–Whitney U test on all values are reported
// for reference; they take neighbouring pixels as independent.
//
// Replicates and permutations run on all cores and give the same result on
// any number of them. ctx is checked between replicates.
func Compare(ctx context.Context, a, b *Sample, opt *CompareOptions) (*Comparison, error) {
	if opt == nil {
		opt = &CompareOptions{}
	}
	reps, level, workers, err := opt.Bootstrap.defaults()
	if err != nil {
		return nil, err
	}
	for _, s := range []*Sample{a, b} {
		if s == nil {
			return nil, fmt.Errorf("compare: a sample is nil")
		}
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
	}
	stat := opt.Statistic
	c := &Comparison{Statistic: stat, Level: level, Replicates: reps, PValue: math.NaN()}
	sa, sb := statOf(a, stat), statOf(b, stat)
	c.A = Side{Name: a.Name, N: len(a.Values), Blocks: a.NumBlocks(), Estimate: Estimate{Value: sa}}
	c.B = Side{Name: b.Name, N: len(b.Values), Blocks: b.NumBlocks(), Estimate: Estimate{Value: sb}}
	bo := opt.Bootstrap
	bo.Workers = workers
	boot, err := BlockBootstrap(ctx, []*Sample{a, b}, stat, &bo)
	if err != nil {
		return nil, fmt.Errorf("compare %s and %s: %w", a.Name, b.Name, err)
	}
	ra, rb := make([]float64, reps), make([]float64, reps)
	m := make([][4]float64, reps)
	for r, v := range boot {
		ra[r], rb[r] = v[0], v[1]
		m[r] = measures(v[0], v[1])
	}
	c.A.Interval = PercentileInterval(ra, level)
	c.B.Interval = PercentileInterval(rb, level)
	est := measures(sa, sb)
	for i, e := range []*Estimate{&c.Difference, &c.Ratio, &c.LogRatio, &c.Normalized} {
		col := make([]float64, reps)
		for r := range m {
			col[r] = m[r][i]
		}
		*e = Estimate{Value: est[i], Interval: PercentileInterval(col, level)}
	}
	for _, s := range []Side{c.A, c.B} {
		if s.Blocks < 10 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("side %q has only %d blocks: bootstrap intervals and the permutation test are unreliable; use smaller blocks or more data", s.Name, s.Blocks))
		}
	}
	perms := opt.Permutations
	if perms == 0 {
		perms = 999
	}
	if perms > 0 {
		if perms > 1e6 {
			return nil, fmt.Errorf("compare: %d permutations: want at most 10⁶", perms)
		}
		c.Permutations = perms
		c.PermutationUnit = "block"
		if opt.PermutePixels {
			c.PermutationUnit = "pixel"
			c.Warnings = append(c.Warnings, "permuting single pixels takes neighbouring pixels as independent: with spatial autocorrelation the p-value is too small")
		}
		p, err := permutationP(ctx, a, b, stat, opt.PermutePixels, perms, opt.Bootstrap.Seed, workers)
		if err != nil {
			return nil, fmt.Errorf("compare %s and %s: %w", a.Name, b.Name, err)
		}
		c.PValue = p
	}
	if w, err := Welch(a.Values, b.Values); err != nil {
		c.Warnings = append(c.Warnings, err.Error())
		c.Welch = WelchTest{T: math.NaN(), DF: math.NaN(), P: math.NaN()}
	} else {
		c.Welch = w
	}
	if u, err := MannWhitney(a.Values, b.Values); err != nil {
		c.Warnings = append(c.Warnings, err.Error())
		c.MannWhitney = MannWhitneyTest{U: u.U, Z: math.NaN(), P: math.NaN()}
	} else {
		c.MannWhitney = u
	}
	return c, nil
}

// measures returns difference, ratio, log ratio and normalized asymmetry.
func measures(a, b float64) [4]float64 {
	lr := math.NaN()
	if a > 0 && b > 0 {
		lr = math.Log(a / b)
	}
	return [4]float64{a - b, a / b, lr, (a - b) / (a + b)}
}

// permutationP returns the two-sided permutation p-value of the difference
// in the statistic between a and b, permuting blocks (or single values).
// Permutation r draws from rand.NewPCG(seed, 2r+1).
func permutationP(ctx context.Context, a, b *Sample, stat Statistic, pixels bool, perms int, seed uint64, workers int) (float64, error) {
	// Units: the blocks (or values) of a then of b, as slices of values.
	var units [][]float64
	add := func(s *Sample) int {
		n := 0
		if pixels {
			for i := range s.Values {
				units = append(units, s.Values[i:i+1])
				n++
			}
			return n
		}
		for k := range s.NumBlocks() {
			units = append(units, s.Block(k))
			n++
		}
		return n
	}
	na := add(a)
	add(b)
	sum := make([]float64, len(units))
	cnt := make([]int, len(units))
	for i, u := range units {
		for _, x := range u {
			sum[i] += x
		}
		cnt[i] = len(u)
	}
	obs := math.Abs(statOf(a, stat) - statOf(b, stat))
	// A permuted difference counts as at least as extreme when it is within
	// rounding of the observed one, so that the identity permutation and
	// its reorderings (which sum in another order) count.
	tol := 1e-12 * math.Max(1, obs)
	hit := make([]bool, perms)
	err := parallelFor(ctx, perms, workers, func(r int, scratch *workerScratch) {
		rng := rand.New(rand.NewPCG(seed, 2*uint64(r)+1))
		if len(scratch.index) != len(units) {
			scratch.index = make([]int, len(units))
		}
		idx := scratch.index
		for i := range idx {
			idx[i] = i
		}
		// Partial Fisher–Yates: the first na positions are a random subset.
		for i := range na {
			j := i + rng.IntN(len(idx)-i)
			idx[i], idx[j] = idx[j], idx[i]
		}
		var d float64
		if stat == Mean {
			var ta, tb float64
			var ca, cb int
			for i, u := range idx {
				if i < na {
					ta += sum[u]
					ca += cnt[u]
				} else {
					tb += sum[u]
					cb += cnt[u]
				}
			}
			d = ta/float64(ca) - tb/float64(cb)
		} else {
			buf := scratch.values[:0]
			for _, u := range idx[:na] {
				buf = append(buf, units[u]...)
			}
			ma := medianInPlace(buf)
			buf = buf[:0]
			for _, u := range idx[na:] {
				buf = append(buf, units[u]...)
			}
			d = ma - medianInPlace(buf)
			scratch.values = buf
		}
		hit[r] = math.Abs(d) >= obs-tol
	})
	if err != nil {
		return math.NaN(), err
	}
	n := 0
	for _, h := range hit {
		if h {
			n++
		}
	}
	return float64(1+n) / float64(perms+1), nil
}

// WriteComparisonsCSV writes comparisons as CSV (RFC 4180), one line per comparison:
//
//	a, b, statistic, n_a, n_b, blocks_a, blocks_b, stat_a, stat_a_low,
//	stat_a_high, stat_b, …, difference, difference_low, difference_high,
//	ratio…, log_ratio…, normalized…, level, replicates, permutation_p,
//	permutations, permutation_unit, welch_t, welch_df, welch_p,
//	mannwhitney_u, mannwhitney_z, mannwhitney_p
//
// Numbers are in the shortest form that reads back to the same float64;
// NaN is an empty field.
func WriteComparisonsCSV(w io.Writer, cs []*Comparison) error {
	cw := csv.NewWriter(w)
	head := []string{"a", "b", "statistic", "n_a", "n_b", "blocks_a", "blocks_b"}
	for _, m := range []string{"stat_a", "stat_b", "difference", "ratio", "log_ratio", "normalized"} {
		head = append(head, m, m+"_low", m+"_high")
	}
	head = append(head, "level", "replicates", "permutation_p", "permutations", "permutation_unit",
		"welch_t", "welch_df", "welch_p", "mannwhitney_u", "mannwhitney_z", "mannwhitney_p")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, c := range cs {
		rec := []string{c.A.Name, c.B.Name, c.Statistic.String(),
			strconv.Itoa(c.A.N), strconv.Itoa(c.B.N), strconv.Itoa(c.A.Blocks), strconv.Itoa(c.B.Blocks)}
		for _, e := range []Estimate{c.A.Estimate, c.B.Estimate, c.Difference, c.Ratio, c.LogRatio, c.Normalized} {
			rec = append(rec, formatFloat(e.Value), formatFloat(e.Low), formatFloat(e.High))
		}
		rec = append(rec, formatFloat(c.Level), strconv.Itoa(c.Replicates), formatFloat(c.PValue),
			strconv.Itoa(c.Permutations), c.PermutationUnit,
			formatFloat(c.Welch.T), formatFloat(c.Welch.DF), formatFloat(c.Welch.P),
			formatFloat(c.MannWhitney.U), formatFloat(c.MannWhitney.Z), formatFloat(c.MannWhitney.P))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatFloat writes x in the shortest form that reads back exactly; NaN
// is empty.
func formatFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
