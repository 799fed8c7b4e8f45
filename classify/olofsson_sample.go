package classify

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// SampleUnit is one pixel of a stratified random sample: its column and row
// in the map and its stratum (the map class there).
type SampleUnit struct {
	Col, Row int
	Stratum  uint16
}

// PixelCounts returns the number of pixels of each non-zero code of l: the
// mapped area of each class in pixels, and the stratum sizes of a sample.
func PixelCounts(l *raster.Labels) map[uint16]int64 {
	var n [1 << 16]int64
	for _, c := range l.Data {
		n[c]++
	}
	out := make(map[uint16]int64)
	for c := 1; c < 1<<16; c++ {
		if n[c] > 0 {
			out[uint16(c)] = n[c]
		}
	}
	return out
}

// SampleSize returns the total sample size for a stratified random sample
// that should estimate overall accuracy with standard error targetSE, from
// Olofsson et al. (2014), eq. 13 (Cochran 1977, eq. 5.25):
//
//	n = (Σ_i W_i S_i / S(Ô))²,  S_i = √(U_i (1 − U_i)),
//
// where W_i are the mapped area shares of the strata and U_i the user's
// accuracies expected of them (guesses, 0–1). The paper's example (W =
// 0.02, 0.015, 0.32, 0.645; U = 0.7, 0.6, 0.9, 0.95; S(Ô) = 0.01) gives 641.
func SampleSize(weights, expectedUA []float64, targetSE float64) (int, error) {
	if len(weights) != len(expectedUA) || len(weights) == 0 {
		return 0, fmt.Errorf("classify: sample size: %d weights and %d expected user's accuracies", len(weights), len(expectedUA))
	}
	if !(targetSE > 0) || math.IsInf(targetSE, 0) {
		return 0, fmt.Errorf("classify: sample size: target standard error %v must be positive", targetSE)
	}
	var s float64
	for i, w := range weights {
		u := expectedUA[i]
		if !(w >= 0) || !(u >= 0 && u <= 1) {
			return 0, fmt.Errorf("classify: sample size: stratum %d: weight %v or expected accuracy %v out of range", i+1, w, u)
		}
		s += w * math.Sqrt(u*(1-u))
	}
	n := math.Ceil(s / targetSE * s / targetSE)
	if n > math.MaxInt32 {
		return 0, fmt.Errorf("classify: sample size: %g units is too many", n)
	}
	return int(n), nil
}

// AllocateSample divides a total sample of n units among strata: in
// proportion to their pixel counts (rounded to the nearest unit), then raised
// to at least minPerStratum in every stratum (and never above the stratum's
// pixel count), the allocation Olofsson et al. (2014, §5.1.2) recommend so
// that rare classes — usually the change classes — get enough units to
// estimate their user's accuracy. The total can therefore exceed n.
func AllocateSample(counts map[uint16]int64, n, minPerStratum int) (map[uint16]int, error) {
	if n < 0 || minPerStratum < 0 {
		return nil, fmt.Errorf("classify: sample allocation: negative size (n %d, minimum %d)", n, minPerStratum)
	}
	var total int64
	for c, k := range counts {
		if k < 0 {
			return nil, fmt.Errorf("classify: sample allocation: class %d has a negative count", c)
		}
		total += k
	}
	if total == 0 {
		return nil, fmt.Errorf("classify: sample allocation: the map has no classified pixels")
	}
	out := make(map[uint16]int, len(counts))
	for c, k := range counts {
		if k == 0 {
			continue
		}
		m := int(math.Round(float64(n) * float64(k) / float64(total)))
		m = max(m, minPerStratum)
		out[c] = int(min(int64(m), k))
	}
	return out, nil
}

// StratifiedSample draws a stratified random sample from map l: sizes[c]
// pixels chosen uniformly at random without replacement among the pixels of
// class c, for every class in sizes. The draw is one pass of reservoir
// sampling (Vitter 1985, algorithm R) with a PCG generator seeded by seed,
// so the same map and seed give the same sample. Units are returned in
// row-major pixel order. A stratum with fewer pixels than requested, or a
// request for code 0, is an error.
func StratifiedSample(ctx context.Context, l *raster.Labels, sizes map[uint16]int, seed uint64) ([]SampleUnit, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("classify: stratified sample: %w", err)
	}
	var want [1 << 16]int
	var seen [1 << 16]int64
	res := make(map[uint16][]int, len(sizes))
	for c, n := range sizes {
		if c == 0 {
			return nil, fmt.Errorf("classify: stratified sample: code 0 means \"none\" and cannot be a stratum")
		}
		if n < 0 || int64(n) > int64(len(l.Data)) {
			return nil, fmt.Errorf("classify: stratified sample: class %d: sample size %d out of range", c, n)
		}
		want[c] = n
		res[c] = make([]int, 0, n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x626f72646572))
	w := l.Grid.Width
	for row := 0; row < l.Grid.Height; row++ {
		if row%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for i := row * w; i < (row+1)*w; i++ {
			c := l.Data[i]
			n := want[c]
			if n == 0 {
				continue
			}
			seen[c]++
			if seen[c] <= int64(n) {
				res[c] = append(res[c], i)
			} else if j := rng.Int64N(seen[c]); j < int64(n) {
				res[c][j] = i
			}
		}
	}
	var idx []int
	for c, n := range sizes {
		if seen[c] < int64(n) {
			return nil, fmt.Errorf("classify: stratified sample: class %d has %d pixels, fewer than the %d requested", c, seen[c], n)
		}
		idx = append(idx, res[c]...)
	}
	slices.Sort(idx)
	out := make([]SampleUnit, len(idx))
	for k, i := range idx {
		out[k] = SampleUnit{Col: i % w, Row: i / w, Stratum: l.Data[i]}
	}
	return out, nil
}
