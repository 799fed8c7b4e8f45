package asymmetry

import "math"

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
	totals := t.PlaceTotals()
	out := make([]float64, len(t.Places))
	for j := range out {
		var h float64
		for i := range t.Sectors {
			s := t.Counts[i][j] / totals[j]
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
	out := t.Herfindahl()
	n := float64(len(t.Sectors))
	for j, h := range out {
		if len(t.Sectors) == 1 {
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
	refs, err := t.referenceStructures(ref)
	if err != nil {
		return nil, err
	}
	places := t.PlaceTotals()
	out := make([]float64, len(t.Places))
	for j := range out {
		r := refs[j]
		var th float64
		for i := range t.Sectors {
			s := t.Counts[i][j] / places[j]
			if s == 0 {
				continue
			}
			th += s * math.Log(s/r[i])
		}
		out[j] = th
	}
	return out, nil
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
	totals := t.PlaceTotals()
	n := float64(len(t.Sectors))
	out := make([]float64, len(t.Places))
	for j := range out {
		var h float64
		for i := range t.Sectors {
			s := t.Counts[i][j] / totals[j]
			if s > 0 {
				h -= s * math.Log(s)
			}
		}
		out[j] = math.Log(n) - h
	}
	return out
}
