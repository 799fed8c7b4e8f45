package asymmetry

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

// fuzzPairs turns bytes into (d, y) pairs of float64 (16 bytes each).
func fuzzPairs(b []byte) (d, y []float64) {
	for len(b) >= 16 && len(d) < 4096 {
		d = append(d, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		y = append(y, math.Float64frombits(binary.LittleEndian.Uint64(b[8:])))
		b = b[16:]
	}
	return d, y
}

func fuzzSeed(d, y []float64) []byte {
	var b []byte
	for i := range d {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(d[i]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(y[i]))
	}
	return b
}

// FuzzLocalLinearJump feeds arbitrary distances, values and bandwidths to
// LocalLinearJump (and so IKBandwidth): it must return an error or a
// finite-or-NaN estimate, never panic or hang; an estimate it returns
// without error has a non-negative standard error and counts only
// observations inside the bandwidth.
func FuzzLocalLinearJump(f *testing.F) {
	var d, y []float64
	for i := -20; i <= 20; i++ {
		d = append(d, float64(i)*100)
		y = append(y, float64(i%3))
	}
	f.Add(fuzzSeed(d, y), 0.0)
	f.Add(fuzzSeed(d, y), 550.0)
	f.Add(fuzzSeed([]float64{-1, -2, -3, 1, 2, 3}, []float64{1, 1, 1, 2, 2, 2}), 10.0)
	f.Add(fuzzSeed([]float64{math.Copysign(0, -1), 0, 1e308, -1e308}, []float64{math.NaN(), 1, 2, 3}), 0.0)
	f.Fuzz(func(t *testing.T, b []byte, h float64) {
		d, y := fuzzPairs(b)
		r, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: h})
		if err != nil {
			return
		}
		if r.SE < 0 || r.NNegative+r.NPositive > len(d) {
			t.Errorf("estimate %+v from %d observations", r, len(d))
		}
	})
}

// FuzzCompareUnits compares arbitrary per-zone values; errors are fine,
// panics are not.
func FuzzCompareUnits(f *testing.F) {
	f.Add(fuzzSeed([]float64{1, 2, 3}, []float64{4, 5, 6}), uint8(1))
	f.Add(fuzzSeed([]float64{0, -1}, []float64{0, 1}), uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, stat uint8) {
		a, bv := fuzzPairs(b)
		sa, err := UnitSample("a", a)
		if err != nil {
			return
		}
		sb, err := UnitSample("b", bv)
		if err != nil {
			return
		}
		_, _ = Compare(context.Background(), sa, sb, &CompareOptions{Statistic: Statistic(stat % 2),
			Bootstrap: BootstrapOptions{Replicates: 19, Workers: 1}, Permutations: 19})
	})
}
