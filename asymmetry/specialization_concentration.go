package asymmetry

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Herfindahl returns the Herfindahl–Hirschman index of each place's
// sectoral structure (dimensionless, 1/N–1 for N sectors):
//
//	HHI_j = Σ_i s_ij²,  s_ij = e_ij / e_j
//
// 1/N when employment is spread evenly over the N sectors, 1 when it is all
// in one. Shares are fractions, not percentages (multiply by 10,000 for the
// 0–10,000 scale of competition policy). See [EmploymentTable.HerfindahlNormalized]
// for a form comparable across tables with different numbers of sectors.
//
// References: A. O. Hirschman (1945), National Power and the Structure of
// Foreign Trade, University of California Press; O. C. Herfindahl (1950),
// Concentration in the U.S. Steel Industry, PhD thesis, Columbia University.
func (t *EmploymentTable) Herfindahl() []float64 {
	return herfindahlIndex(t.structure())
}

func herfindahlIndex(st *placeStructure) []float64 {
	out := make([]float64, len(st.shares))
	for j, sj := range st.shares {
		var h float64
		for _, s := range sj {
			h += s * s
		}
		out[j] = h
	}
	return out
}

// HerfindahlNormalized returns the normalized Herfindahl–Hirschman index of
// each place (dimensionless, 0–1):
//
//	HHI*_j = (HHI_j − 1/N) / (1 − 1/N)
//
// for N sectors: 0 for an even spread, 1 for a single sector. With one
// sector the ratio is 0/0 and the result is 1 by convention (all employment
// is trivially in one sector).
func (t *EmploymentTable) HerfindahlNormalized() []float64 {
	return herfindahlNormalizedIndex(herfindahlIndex(t.structure()), len(t.Sectors))
}

func herfindahlNormalizedIndex(hhi []float64, sectors int) []float64 {
	out := make([]float64, len(hhi))
	n := float64(sectors)
	for j, h := range hhi {
		if sectors == 1 {
			out[j] = 1
			continue
		}
		out[j] = (h - 1/n) / (1 - 1/n)
	}
	return out
}

// Theil returns the relative Theil index of each place's sectoral structure
// against a reference structure (dimensionless, ≥ 0, in nats):
//
//	T_j = Σ_i s_ij ln(s_ij / s̄_i),  s_ij = e_ij / e_j
//
// with 0·ln(0/x) = 0. s̄_i is the reference share of sector i, from the
// rest of the places ([RestOfPlaces]) or from all places ([AllPlaces]), as
// for [EmploymentTable.Krugman]. T_j is the Kullback–Leibler divergence of
// the place's structure from the reference: 0 when they are equal, larger
// the more the place specializes in sectors that are rare in the reference.
// Against [AllPlaces] it is always finite (s̄_i > 0 wherever s_ij > 0);
// against [RestOfPlaces] it is +Inf when the place has a sector that no
// other place has.
//
// The absolute form, measured against an even spread over the sectors, is
// [EmploymentTable.TheilAbsolute].
//
// Reference: H. Theil (1967), Economics and Information Theory,
// North-Holland.
func (t *EmploymentTable) Theil(ref StructureReference) ([]float64, error) {
	st := t.structure()
	refs, err := t.referenceStructures(st, ref)
	if err != nil {
		return nil, err
	}
	return theilIndex(st, refs), nil
}

func theilIndex(st *placeStructure, refs [][]float64) []float64 {
	out := make([]float64, len(st.shares))
	specEachPlace(st, func(j int) {
		sj := st.shares[j]
		var th float64
		for i, s := range sj {
			if s == 0 {
				continue
			}
			th += s * math.Log(s/refs[j][i])
		}
		out[j] = th
	})
	return out
}

// TheilAbsolute returns the absolute Theil index of each place
// (dimensionless, 0–ln N, in nats):
//
//	T_j = ln N − H_j,  H_j = −Σ_i s_ij ln s_ij
//
// for N sectors, where H_j is the Shannon entropy of the place's sectoral
// structure. It is the relative index ([EmploymentTable.Theil]) against an
// even spread s̄_i = 1/N: 0 when every sector has the same employment, ln N
// when all employment is in one sector.
//
// Reference: H. Theil (1967), Economics and Information Theory,
// North-Holland.
func (t *EmploymentTable) TheilAbsolute() []float64 {
	return theilAbsoluteIndex(t.structure())
}

func theilAbsoluteIndex(st *placeStructure) []float64 {
	out := make([]float64, len(st.shares))
	specEachPlace(st, func(j int) {
		sj := st.shares[j]
		var h float64
		for _, s := range sj {
			if s > 0 {
				h -= s * math.Log(s)
			}
		}
		out[j] = math.Log(float64(len(sj))) - h
	})
	return out
}

// specEachPlace runs work(j) for every place, on all cores when the table is
// large enough to gain from it. Each place's result is computed by one
// goroutine in sector order, so the answer does not depend on the number of
// cores.
func specEachPlace(st *placeStructure, work func(j int)) {
	nP := len(st.shares)
	workers := runtime.GOMAXPROCS(0)
	if nP == 0 || workers == 1 || nP*len(st.shares[0]) < 1<<15 {
		for j := range nP {
			work(j)
		}
		return
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range min(workers, nP) {
		wg.Go(func() {
			for j := int(next.Add(1)) - 1; j < nP; j = int(next.Add(1)) - 1 {
				work(j)
			}
		})
	}
	wg.Wait()
}
