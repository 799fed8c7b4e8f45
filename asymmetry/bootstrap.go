package asymmetry

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Statistic is the summary of one side's values that is compared.
type Statistic int

const (
	// Mean is the arithmetic mean Σx_i/n. For a 0/1 class indicator it is
	// the class's share of the side.
	Mean Statistic = iota
	// Median is the 0.5 quantile (numpy.median: the middle value, or the
	// mean of the two middle values).
	Median
)

// String returns "mean" or "median".
func (s Statistic) String() string {
	switch s {
	case Mean:
		return "mean"
	case Median:
		return "median"
	}
	return fmt.Sprintf("Statistic(%d)", int(s))
}

// ParseStatistic returns the Statistic named "mean" or "median".
func ParseStatistic(name string) (Statistic, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "mean":
		return Mean, nil
	case "median":
		return Median, nil
	}
	return 0, fmt.Errorf("unknown statistic %q: want mean or median", name)
}

// Interval is a confidence interval [Low, High] in the units of its
// estimate.
type Interval struct {
	// Low and High are the lower and upper limits.
	Low, High float64
}

// BootstrapOptions tunes the spatial block bootstrap.
type BootstrapOptions struct {
	// Replicates is the number B of bootstrap replicates, at most 10⁶; 0
	// means 999.
	Replicates int
	// Level is the confidence level of the percentile intervals; 0 means
	// 0.95.
	Level float64
	// Seed seeds the replicates: replicate r draws from
	// rand.NewPCG(Seed, 2r), so the result is the same on any number of
	// cores.
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
}

func (o *BootstrapOptions) defaults() (reps int, level float64, workers int, err error) {
	reps, level, workers = o.Replicates, o.Level, o.Workers
	if reps == 0 {
		reps = 999
	}
	if level == 0 {
		level = 0.95
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if reps < 1 || reps > 1e6 {
		return 0, 0, 0, fmt.Errorf("bootstrap: %d replicates: want 1 to 10⁶", reps)
	}
	if !(level > 0 && level < 1) {
		return 0, 0, 0, fmt.Errorf("bootstrap: level %v: want a value between 0 and 1", level)
	}
	return reps, level, workers, nil
}

// BlockBootstrap draws B replicates of the statistic of each sample by the
// spatial block bootstrap and returns them as reps[r][i], replicate r of
// samples[i].
//
// Each replicate resamples, independently for each sample, as many blocks as
// the sample has, uniformly with replacement from its blocks, and computes
// the statistic of the pooled values of the drawn blocks (for the mean,
// Σ block sums / Σ block counts). This is the non-overlapping block
// bootstrap (Carlstein 1986; Künsch 1989, "The jackknife and the bootstrap
// for general stationary observations", Annals of Statistics 17:1217–1241,
// for the moving-block form; Lahiri 2003, "Resampling Methods for Dependent
// Data", Springer, ch. 2 and 12 for spatial data on a grid): blocks larger
// than the range of spatial correlation keep the dependence within them, so
// the spread of the replicates reflects it, which resampling single pixels
// does not. Blocks cut by a side's edge are kept as they are (smaller).
//
// Replicates are computed in parallel; each draws from its own generator
// seeded with (Seed, r), so the result does not depend on the number of
// workers. ctx is checked between replicates.
func BlockBootstrap(ctx context.Context, samples []*Sample, stat Statistic, opt *BootstrapOptions) ([][]float64, error) {
	if opt == nil {
		opt = &BootstrapOptions{}
	}
	reps, _, workers, err := opt.defaults()
	if err != nil {
		return nil, err
	}
	if stat != Mean && stat != Median {
		return nil, fmt.Errorf("bootstrap: unknown statistic %d", int(stat))
	}
	for _, s := range samples {
		if err := s.validate(); err != nil {
			return nil, err
		}
	}
	sums := make([]blockSums, len(samples))
	for i, s := range samples {
		sums[i] = newBlockSums(s)
	}
	out := make([][]float64, reps)
	err = parallelFor(ctx, reps, workers, func(r int, scratch *workerScratch) {
		rng := rand.New(rand.NewPCG(opt.Seed, 2*uint64(r)))
		v := make([]float64, len(samples))
		for i, s := range samples {
			v[i] = resampleStat(rng, s, &sums[i], stat, &scratch.values)
		}
		out[r] = v
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// blockSums holds each block's sum and count, for the mean.
type blockSums struct {
	sum []float64
	n   []int
}

func newBlockSums(s *Sample) blockSums {
	b := blockSums{sum: make([]float64, s.NumBlocks()), n: make([]int, s.NumBlocks())}
	for k := range b.sum {
		v := s.Block(k)
		t := 0.0
		for _, x := range v {
			t += x
		}
		b.sum[k], b.n[k] = t, len(v)
	}
	return b
}

// resampleStat draws NumBlocks blocks with replacement and returns the
// statistic of their pooled values.
func resampleStat(rng *rand.Rand, s *Sample, b *blockSums, stat Statistic, scratch *[]float64) float64 {
	nb := s.NumBlocks()
	if stat == Mean {
		t, n := 0.0, 0
		for range nb {
			k := rng.IntN(nb)
			t += b.sum[k]
			n += b.n[k]
		}
		return t / float64(n)
	}
	buf := (*scratch)[:0]
	for range nb {
		buf = append(buf, s.Block(rng.IntN(nb))...)
	}
	*scratch = buf
	return medianInPlace(buf)
}

// statOf returns the statistic of all the sample's values.
func statOf(s *Sample, stat Statistic) float64 {
	if stat == Mean {
		t := 0.0
		for _, x := range s.Values {
			t += x
		}
		return t / float64(len(s.Values))
	}
	return medianInPlace(slices.Clone(s.Values))
}

// workerScratch holds buffers a worker reuses from one replicate or
// permutation to the next.
type workerScratch struct {
	values []float64
	index  []int
}

// parallelFor runs f(i) for i in 0…n-1 on workers goroutines, each with
// its own scratch buffers, checking ctx between calls. Every i writes its
// own result, so the outcome does not depend on the scheduling.
func parallelFor(ctx context.Context, n, workers int, f func(i int, scratch *workerScratch)) error {
	workers = max(1, min(workers, n))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	go func() {
		defer close(next)
		for i := range n {
			if ctx.Err() != nil {
				return
			}
			next <- i
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch workerScratch
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				f(i, &scratch)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// medianInPlace returns the median of x (numpy.median), reordering x.
func medianInPlace(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	m := selectKth(x, n/2)
	if n%2 == 1 {
		return m
	}
	// The lower middle value is the largest of x[:n/2].
	lo := x[0]
	for _, v := range x[1 : n/2] {
		lo = max(lo, v)
	}
	return lo + (m-lo)/2
}

// selectKth reorders x so that x[k] is the value that would be there if x
// were sorted, everything before it is not greater and everything after it
// not smaller (Hoare's FIND with a median-of-three pivot), and returns x[k].
func selectKth(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for hi > lo {
		if hi-lo < 16 {
			slices.Sort(x[lo : hi+1])
			break
		}
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		p := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < p {
				i++
			}
			for x[j] > p {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	return x[k]
}

// quantile7 returns the q quantile of sorted x by linear interpolation
// (Hyndman and Fan 1996, definition 7; numpy.quantile's default).
func quantile7(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := q * float64(n-1)
	i := int(math.Floor(h))
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// PercentileInterval returns the percentile bootstrap interval of the
// replicate values at the given level: their (1−level)/2 and (1+level)/2
// quantiles (Efron and Tibshirani 1993, "An Introduction to the
// Bootstrap", ch. 13), by numpy.quantile's linear rule. When a replicate is
// NaN (a ratio whose denominator fell to 0, a log ratio of a negative
// value) the interval is NaN.
func PercentileInterval(reps []float64, level float64) Interval {
	s := slices.Clone(reps)
	for _, v := range s {
		if math.IsNaN(v) {
			return Interval{math.NaN(), math.NaN()}
		}
	}
	slices.Sort(s)
	a := (1 - level) / 2
	return Interval{quantile7(s, a), quantile7(s, 1-a)}
}
