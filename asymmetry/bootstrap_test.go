package asymmetry

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestMedianInPlace compares the selection-based median with the middle of
// a sorted copy (numpy.median's definition) on random inputs with ties.
func TestMedianInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 300; n += 7 {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(20))
		}
		s := slices.Clone(x)
		slices.Sort(s)
		want := s[n/2]
		if n%2 == 0 {
			want = (s[n/2-1] + s[n/2]) / 2
		}
		if got := medianInPlace(x); got != want {
			t.Errorf("n %d: median %v, want %v", n, got, want)
		}
	}
}

// TestQuantile7 checks the interpolation of numpy.quantile's default rule
// by hand: for 1, 2, 3, 4 the 0.25 quantile is at position 0.75 → 1.75.
func TestQuantile7(t *testing.T) {
	s := []float64{1, 2, 3, 4}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 2.5}, {1, 4}} {
		if got := quantile7(s, c.q); got != c.want {
			t.Errorf("q %v: %v, want %v", c.q, got, c.want)
		}
	}
}

// synthField returns a 64 x 64 field of 100 m pixels split at column 32
// by a signed distance (negative on the left), whose value is
// mu[side] + u_block + e: u ~ N(0, 1) shared by each 8 x 8-pixel (800 m)
// block and e ~ N(0, 0.5²) per pixel. The expected difference of the side
// means is mu[1] − mu[0].
func synthField(seed uint64, mu [2]float64) (value, dist *raster.Band) {
	g := raster.Grid{Width: 64, Height: 64, Transform: raster.Affine{500000, 100, 0, 4800000, 0, -100}, CRS: raster.CRS{EPSG: 32644}}
	value, dist = raster.NewBand(g, "value"), raster.NewBand(g, "distance")
	rng := rand.New(rand.NewPCG(seed, 99))
	u := make([]float64, 64)
	for i := range u {
		u[i] = rng.NormFloat64()
	}
	for r := range 64 {
		for c := range 64 {
			side := 0
			if c >= 32 {
				side = 1
			}
			i := r*64 + c
			value.Data[i] = float32(mu[side] + u[(r/8)*8+c/8] + 0.5*rng.NormFloat64())
			dist.Data[i] = float32((float64(c) - 31.5) * 100)
		}
	}
	return value, dist
}

// TestBlockBootstrapCoverage: over 200 synthetic fields with a known
// expected difference of 0.25 and block-correlated values, the 95 %
// block-bootstrap interval (800 m blocks, 32 per side) contains the truth
// in about 95 % of the fields (a percentile interval with 32 blocks per
// side undercovers a little; 0.85–0.99 is accepted), whereas resampling
// single pixels gives intervals about seven times too narrow that cover it
// far less often (expected ≈ 20 %).
func TestBlockBootstrapCoverage(t *testing.T) {
	const fields = 200
	coverBlock, coverPixel := 0, 0
	for s := range fields {
		value, dist := synthField(uint64(s), [2]float64{1, 1.25})
		for _, block := range []float64{800, 0} {
			neg, pos, err := SamplesFromDistance(value, dist, &SampleOptions{BlockSize: block})
			if err != nil {
				t.Fatal(err)
			}
			c, err := Compare(context.Background(), pos, neg, &CompareOptions{Bootstrap: BootstrapOptions{Replicates: 199, Seed: uint64(s)}, Permutations: -1})
			if err != nil {
				t.Fatal(err)
			}
			if c.Difference.Low <= 0.25 && 0.25 <= c.Difference.High {
				if block > 0 {
					coverBlock++
				} else {
					coverPixel++
				}
			}
		}
	}
	fb, fp := float64(coverBlock)/fields, float64(coverPixel)/fields
	t.Logf("coverage of the 95%% interval: blocks %.3f, pixels %.3f", fb, fp)
	if fb < 0.85 || fb > 0.99 {
		t.Errorf("block bootstrap coverage %.3f, want about 0.95", fb)
	}
	if fp > 0.5 {
		t.Errorf("pixel bootstrap coverage %.3f: expected far below 0.95 on correlated data", fp)
	}
}

// TestPermutationSize: with no difference between the sides, the block
// permutation test rejects at the 5 % level in about 5 % of 200 fields;
// permuting pixels rejects far more often, which is why it warns.
func TestPermutationSize(t *testing.T) {
	const fields = 200
	rejBlock, rejPixel := 0, 0
	for s := range fields {
		value, dist := synthField(uint64(1000+s), [2]float64{1, 1})
		neg, pos, err := SamplesFromDistance(value, dist, &SampleOptions{BlockSize: 800})
		if err != nil {
			t.Fatal(err)
		}
		for _, pix := range []bool{false, true} {
			c, err := Compare(context.Background(), pos, neg, &CompareOptions{Bootstrap: BootstrapOptions{Replicates: 1, Seed: uint64(s)}, Permutations: 99, PermutePixels: pix})
			if err != nil {
				t.Fatal(err)
			}
			if c.PValue <= 0.05 {
				if pix {
					rejPixel++
				} else {
					rejBlock++
				}
			}
			if pix && len(c.Warnings) == 0 {
				t.Error("no warning when permuting pixels")
			}
		}
	}
	t.Logf("rejection rate at 5%%: blocks %.3f, pixels %.3f", float64(rejBlock)/fields, float64(rejPixel)/fields)
	if rejBlock < 2 || rejBlock > 20 {
		t.Errorf("block permutation rejects %d of %d null fields, want about 10", rejBlock, fields)
	}
	if rejPixel < 60 {
		t.Errorf("pixel permutation rejects %d of %d null fields: expected far more than 5 %%", rejPixel, fields)
	}
}

// TestCompareDeterministic: the same seed gives the same comparison on 1
// and 3 workers (and repeatedly); another seed gives other intervals.
func TestCompareDeterministic(t *testing.T) {
	value, dist := synthField(7, [2]float64{2, 3})
	neg, pos, err := SamplesFromDistance(value, dist, &SampleOptions{BlockSize: 800})
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int, seed uint64, stat Statistic) *Comparison {
		c, err := Compare(context.Background(), pos, neg, &CompareOptions{Statistic: stat, Bootstrap: BootstrapOptions{Replicates: 99, Seed: seed, Workers: workers}, Permutations: 49})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, stat := range []Statistic{Mean, Median} {
		a, b, c := run(1, 5, stat), run(3, 5, stat), run(2, 6, stat)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: 1 and 3 workers differ:\n%+v\n%+v", stat, a, b)
		}
		if a.Difference.Interval == c.Difference.Interval {
			t.Errorf("%s: seeds 5 and 6 give the same interval", stat)
		}
	}
}

// TestBlockBootstrapCancel checks that a cancelled context stops it.
func TestBlockBootstrapCancel(t *testing.T) {
	s, _ := UnitSample("a", []float64{1, 2, 3})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BlockBootstrap(ctx, []*Sample{s}, Mean, nil); err == nil {
		t.Error("no error from a cancelled context")
	}
	if _, err := BlockBootstrap(context.Background(), []*Sample{s}, Mean, &BootstrapOptions{Level: 2}); err == nil {
		t.Error("no error for level 2")
	}
	if !math.IsNaN(PercentileInterval([]float64{1, math.NaN()}, 0.9).Low) {
		t.Error("NaN replicate gives a finite interval")
	}
}
