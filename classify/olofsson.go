package classify

import (
	"fmt"
	"math"
)

// Z95 is the standard normal quantile for two-sided 95 % confidence
// intervals, Φ⁻¹(0.975) ≈ 1.96 (R's qnorm(0.975)): half-width = Z95 · SE.
// The digits of Olofsson et al.'s worked example, as reproduced by the R
// package mapaccuracy, are computed with this exact quantile.
const Z95 = 1.959963984540054

// AreaEstimate holds the area-adjusted accuracy and class-area estimates of a
// stratified random sample whose strata are the map classes, after Olofsson,
// P., Foody, G. M., Herold, M., Stehman, S. V., Woodcock, C. E., Wulder, M. A.
// (2014), "Good practices for estimating area and assessing accuracy of land
// change", Remote Sensing of Environment 148, 42–57.
//
// With W_i the share of the map in class i (mapped area of i / total area),
// n_ij the sample counts (row i = map class = stratum, column j = reference)
// and n_i· the sample size of stratum i, the estimated area proportions are
//
//	p̂_ij = W_i n_ij / n_i·
//
// from which follow
//
//	overall accuracy   Ô   = Σ_j p̂_jj
//	user's accuracy    Û_i = p̂_ii / p̂_i·
//	producer's acc.    P̂_j = p̂_jj / p̂_·j
//	area of class j    Â_j = A · p̂_·j
//
// with standard errors
//
//	SE(Ô)²   = Σ_i W_i² Û_i(1−Û_i)/(n_i·−1)
//	SE(Û_i)² = Û_i(1−Û_i)/(n_i·−1)
//	SE(P̂_j)² = [N_j·²(1−P̂_j)² Û_j(1−Û_j)/(n_j·−1)
//	           + P̂_j² Σ_{i≠j} N_i·² (n_ij/n_i·)(1−n_ij/n_i·)/(n_i·−1)] / N̂_·j²
//	SE(p̂_·j)² = Σ_i W_i² (n_ij/n_i·)(1−n_ij/n_i·)/(n_i·−1)
//	SE(Â_j)  = A · SE(p̂_·j)
//
// where N_i· is the mapped area of class i and N̂_·j = Σ_i N_i· n_ij/n_i·.
// A 95 % confidence interval is the estimate ± [Z95]·SE.
//
// Slices are indexed like Codes. A stratum with a single sample unit has no
// variance estimate: its SE terms are NaN.
type AreaEstimate struct {
	// Codes are the class codes (strata and reference classes), ascending.
	Codes []uint16
	// TotalArea is A, the mapped area of all classes, in the units of the
	// mapped areas given (pixels, hectares, ...).
	TotalArea float64
	// Weights are W_i, the mapped area shares (0–1).
	Weights []float64
	// Proportions are the estimated area proportions p̂_ij, row-major
	// (row = map class, column = reference class); they sum to 1.
	Proportions []float64
	// Area is Â_j, the estimated area of each reference class (units of
	// TotalArea), and AreaSE its standard error.
	Area, AreaSE []float64
	// UsersAccuracy is Û_i (0–1) and UsersSE its standard error.
	UsersAccuracy, UsersSE []float64
	// ProducersAccuracy is P̂_j (0–1) and ProducersSE its standard error.
	ProducersAccuracy, ProducersSE []float64
	// OverallAccuracy is Ô (0–1) and OverallSE its standard error.
	OverallAccuracy, OverallSE float64
}

// EstimateAreas computes the estimates of [AreaEstimate] from a sample error
// matrix (rows = map classes = strata, columns = reference classes, as
// [ConfusionMatrix] lays them out) and the mapped area of each class
// (mappedArea[code], in any unit: pixels or hectares; the estimated areas are
// in the same unit). Every class of the matrix must have a positive mapped
// area and at least one sample unit in its stratum; mapped classes that were
// not sampled are an error, because the estimator cannot cover them.
func EstimateAreas(sample *ConfusionMatrix, mappedArea map[uint16]float64) (*AreaEstimate, error) {
	k := len(sample.Codes)
	if k == 0 {
		return nil, fmt.Errorf("classify: area estimate: empty sample")
	}
	for code, a := range mappedArea {
		if a > 0 && sample.Index(code) < 0 {
			return nil, fmt.Errorf("classify: area estimate: class %d is mapped (area %g) but has no sample units", code, a)
		}
	}
	e := &AreaEstimate{Codes: append([]uint16(nil), sample.Codes...)}
	area := make([]float64, k)
	for i, c := range sample.Codes {
		a, ok := mappedArea[c]
		if !ok || !(a > 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("classify: area estimate: class %d needs a positive mapped area, got %v", c, a)
		}
		area[i] = a
		e.TotalArea += a
	}
	n := sample.RowTotals()
	for i, c := range sample.Codes {
		if n[i] == 0 {
			return nil, fmt.Errorf("classify: area estimate: stratum %d (map class) has no sample units", c)
		}
	}
	e.Weights = make([]float64, k)
	for i := range k {
		e.Weights[i] = area[i] / e.TotalArea
	}
	// q[i*k+j] = n_ij / n_i·, the within-stratum proportions.
	q := make([]float64, k*k)
	e.Proportions = make([]float64, k*k)
	for i := range k {
		for j := range k {
			q[i*k+j] = float64(sample.At(i, j)) / float64(n[i])
			e.Proportions[i*k+j] = e.Weights[i] * q[i*k+j]
		}
	}
	varTerm := func(i, j int) float64 { // (n_ij/n_i·)(1−n_ij/n_i·)/(n_i·−1)
		return q[i*k+j] * (1 - q[i*k+j]) / float64(n[i]-1)
	}
	e.Area, e.AreaSE = make([]float64, k), make([]float64, k)
	e.UsersAccuracy, e.UsersSE = make([]float64, k), make([]float64, k)
	e.ProducersAccuracy, e.ProducersSE = make([]float64, k), make([]float64, k)
	var oaVar float64
	for i := range k {
		u := q[i*k+i]
		e.UsersAccuracy[i] = u
		e.UsersSE[i] = math.Sqrt(varTerm(i, i))
		oaVar += e.Weights[i] * e.Weights[i] * varTerm(i, i)
		e.OverallAccuracy += e.Proportions[i*k+i]
	}
	e.OverallSE = math.Sqrt(oaVar)
	for j := range k {
		var pj, v, nhat float64
		for i := range k {
			pj += e.Proportions[i*k+j]
			v += e.Weights[i] * e.Weights[i] * varTerm(i, j)
			nhat += area[i] * q[i*k+j]
		}
		e.Area[j] = e.TotalArea * pj
		e.AreaSE[j] = e.TotalArea * math.Sqrt(v)
		p := e.Proportions[j*k+j] / pj
		e.ProducersAccuracy[j] = p
		s := area[j] * area[j] * (1 - p) * (1 - p) * varTerm(j, j)
		for i := range k {
			if i != j {
				s += p * p * area[i] * area[i] * varTerm(i, j)
			}
		}
		e.ProducersSE[j] = math.Sqrt(s) / nhat
	}
	return e, nil
}
