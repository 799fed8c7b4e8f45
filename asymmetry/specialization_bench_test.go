package asymmetry

import (
	"context"
	"strconv"
	"testing"
)

// specBenchTable is a synthetic nS x nP table with every count positive.
func specBenchTable(b *testing.B, nS, nP int) *EmploymentTable {
	b.Helper()
	sectors, places := make([]string, nS), make([]string, nP)
	counts := make([][]float64, nS)
	for i := range counts {
		sectors[i] = "s" + strconv.Itoa(i)
		counts[i] = make([]float64, nP)
		for j := range counts[i] {
			counts[i][j] = float64((i*31+j*17)%97 + 1)
		}
	}
	for j := range places {
		places[j] = "p" + strconv.Itoa(j)
	}
	t, err := NewEmploymentTable(sectors, places, counts)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkSpecialization measures every per-place measure and the
// location quotients of a 1000-sector x 1000-place table.
func BenchmarkSpecialization(b *testing.B) {
	t := specBenchTable(b, 1000, 1000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := t.Specialization(nil); err != nil {
			b.Fatal(err)
		}
		_ = t.LocationQuotients()
	}
}

// BenchmarkHooverMatrix measures the pairwise Hoover indices of a
// 1000-sector x 1000-place table (5·10⁸ absolute differences).
func BenchmarkHooverMatrix(b *testing.B) {
	t := specBenchTable(b, 1000, 1000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := t.HooverMatrix(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
