package render

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// StretchKind says how a [Stretch] finds its range.
type StretchKind int

// The kinds of stretch.
const (
	// StretchPercentile uses two percentiles of the valid values (2 and 98
	// when both Low and High are 0).
	StretchPercentile StretchKind = iota
	// StretchMinMax uses the smallest and largest valid values.
	StretchMinMax
	// StretchExplicit uses Low and High as given (in the band's units).
	StretchExplicit
)

// Stretch chooses the range [lo, hi] of band values that spans a colour
// ramp or a channel's 0–255. The zero Stretch is the 2–98 % percentile
// stretch.
type Stretch struct {
	Kind StretchKind
	// Low and High are percentiles (0–100) for StretchPercentile and values
	// for StretchExplicit; StretchMinMax ignores them.
	Low, High float64
}

// MinMax returns the stretch over the full range of valid values.
func MinMax() Stretch { return Stretch{Kind: StretchMinMax} }

// Percentile returns the stretch from the low-th to the high-th percentile
// (0–100) of the valid values, computed as [Percentiles] does.
func Percentile(low, high float64) Stretch {
	return Stretch{Kind: StretchPercentile, Low: low, High: high}
}

// Explicit returns the stretch from lo to hi in the band's units.
func Explicit(lo, hi float64) Stretch { return Stretch{Kind: StretchExplicit, Low: lo, High: hi} }

// Range returns the stretch's [lo, hi] for data (NaN = no data). It fails
// when data has no valid value, a percentile is outside 0–100, lo > hi, or
// the range is not finite.
func (s Stretch) Range(data []float32) (lo, hi float64, err error) {
	switch s.Kind {
	case StretchExplicit:
		lo, hi = s.Low, s.High
	case StretchMinMax:
		lo, hi, err = minMax(data)
	case StretchPercentile:
		pl, ph := s.Low, s.High
		if pl == 0 && ph == 0 {
			pl, ph = 2, 98
		}
		var p []float64
		p, err = Percentiles(data, pl, ph)
		if err == nil {
			lo, hi = p[0], p[1]
		}
	default:
		err = fmt.Errorf("render: unknown stretch kind %d", s.Kind)
	}
	if err != nil {
		return 0, 0, err
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
		return 0, 0, fmt.Errorf("render: stretch range [%g, %g] is not a finite increasing range", lo, hi)
	}
	return lo, hi, nil
}

// errNoData reports a band without any valid value.
var errNoData = errors.New("render: band has no valid (non-NaN) value")

func minMax(data []float32) (lo, hi float64, err error) {
	type part struct {
		lo, hi float32
		ok     bool
	}
	parts := make([]part, 0, 64)
	var mu sync.Mutex
	parallelRows(len(data), 1, func(a, b int) {
		p := part{lo: float32(math.Inf(1)), hi: float32(math.Inf(-1))}
		for _, v := range data[a:b] {
			if v != v {
				continue
			}
			p.ok = true
			p.lo = min(p.lo, v)
			p.hi = max(p.hi, v)
		}
		mu.Lock()
		parts = append(parts, p)
		mu.Unlock()
	})
	found := false
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range parts { // min and max do not depend on order
		if p.ok {
			found = true
			lo = min(lo, float64(p.lo))
			hi = max(hi, float64(p.hi))
		}
	}
	if !found {
		return 0, 0, errNoData
	}
	return lo, hi, nil
}

// sortKey maps a float32 to a uint32 whose unsigned order is the numeric
// order of the floats (-0 sorts just before +0, which are equal values).
func sortKey(v float32) uint32 {
	b := math.Float32bits(v)
	if b&0x80000000 != 0 {
		return ^b
	}
	return b | 0x80000000
}

func fromKey(k uint32) float32 {
	if k&0x80000000 != 0 {
		return math.Float32frombits(k &^ 0x80000000)
	}
	return math.Float32frombits(^k)
}

// Percentiles returns the ps-th percentiles (0–100) of the valid (non-NaN)
// values of data, exactly as numpy.nanpercentile(data, ps,
// method="linear") computes them on data.astype(numpy.float64) (on float32
// input numpy would interpolate in float32): with the n valid values
// sorted as x[0..n-1], h = (n-1)*p/100, i = floor(h) and g = h-i, the
// percentile is x[i] + g*(x[i+1]-x[i]) (numpy's _lerp, which evaluates
// x[i+1] - (1-g)*(x[i+1]-x[i]) when g >= 0.5). This is definition 7 of
// Hyndman and Fan (1996), "Sample quantiles in statistical packages", The
// American Statistician 50(4).
//
// The order statistics are found without sorting or copying: a two-pass
// radix selection over the 32-bit keys of the values (a histogram of the
// high 16 bits, then of the low 16 bits inside the chosen bins), on all
// cores, so it costs two reads of the data.
func Percentiles(data []float32, ps ...float64) ([]float64, error) {
	for _, p := range ps {
		if !(p >= 0 && p <= 100) {
			return nil, fmt.Errorf("render: percentile %g outside 0–100", p)
		}
	}
	// Pass 1: histogram of the high 16 bits of the keys.
	hi := histogram(data, nil)
	var n uint64
	for _, c := range hi[0] {
		n += c
	}
	if n == 0 {
		return nil, errNoData
	}
	ranks := make([]uint64, 0, 2*len(ps))
	idx := make([]uint64, len(ps))
	gs := make([]float64, len(ps))
	for i, p := range ps {
		q := p / 100
		h := float64(n-1) * q
		fl := math.Floor(h)
		idx[i] = uint64(fl)
		gs[i] = h - fl
		ranks = append(ranks, idx[i], min(idx[i]+1, n-1))
	}
	// Locate each rank's high bin and its rank inside the bin.
	bins := make([]uint32, 0, len(ranks))
	type loc struct {
		bin  uint32
		rank uint64
	}
	locs := make([]loc, len(ranks))
	for j, r := range ranks {
		var cum uint64
		for b, c := range hi[0] {
			if r < cum+c {
				locs[j] = loc{uint32(b), r - cum}
				break
			}
			cum += c
		}
		if !slices.Contains(bins, locs[j].bin) {
			bins = append(bins, locs[j].bin)
		}
	}
	// Pass 2: histograms of the low 16 bits inside the needed bins.
	lo := histogram(data, bins)
	values := make(map[uint64]float64, len(ranks))
	for j, r := range ranks {
		h := lo[slices.Index(bins, locs[j].bin)]
		var cum uint64
		for b, c := range h {
			if locs[j].rank < cum+c {
				values[r] = float64(fromKey(locs[j].bin<<16 | uint32(b)))
				break
			}
			cum += c
		}
	}
	out := make([]float64, len(ps))
	for i := range ps {
		a := values[idx[i]]
		b := values[min(idx[i]+1, n-1)]
		out[i] = lerp(a, b, gs[i])
	}
	return out, nil
}

// lerp is numpy's _lerp (numpy/lib/function_base.py), which is exact at
// both ends.
func lerp(a, b, t float64) float64 {
	d := b - a
	if t >= 0.5 {
		return b - d*(1-t)
	}
	return a + d*t
}

// histogram counts the valid values of data by key. With bins == nil it
// returns one histogram of the high 16 bits of the keys; otherwise one
// histogram of the low 16 bits for each listed high bin. Counting is split
// across cores and the partial counts summed (integer sums do not depend on
// order).
func histogram(data []float32, bins []uint32) [][]uint64 {
	nh := max(1, len(bins))
	workers := runtime.GOMAXPROCS(0)
	if len(data) < 4*minPixelsPerTask {
		workers = 1
	}
	parts := make([][][]uint64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			part := data[w*len(data)/workers : (w+1)*len(data)/workers]
			hs := make([][]uint64, nh)
			for i := range hs {
				hs[i] = make([]uint64, 1<<16)
			}
			if bins == nil {
				h := hs[0]
				for _, v := range part {
					if v == v {
						h[sortKey(v)>>16]++
					}
				}
			} else {
				for _, v := range part {
					if v != v {
						continue
					}
					k := sortKey(v)
					top := k >> 16
					for i, bin := range bins {
						if top == bin {
							hs[i][k&0xffff]++
							break
						}
					}
				}
			}
			parts[w] = hs
		})
	}
	wg.Wait()
	out := make([][]uint64, nh)
	for i := range out {
		out[i] = make([]uint64, 1<<16)
		for _, p := range parts {
			for j, c := range p[i] {
				out[i][j] += c
			}
		}
	}
	return out
}
