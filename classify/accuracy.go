package classify

import (
	"fmt"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// ConfusionMatrix is an error matrix between a map and reference data (ground
// truth or a reference map). Rows are map (predicted) classes and columns are
// reference classes, the layout of Congalton (1991) and Olofsson et al.
// (2014): Counts[i*len(Codes)+j] is the number of pixels (or sample units)
// mapped as Codes[i] whose reference class is Codes[j].
//
// Code 0 ("none") never enters the matrix: a pair where either side is 0 is
// left out.
type ConfusionMatrix struct {
	// Codes are the class codes of the rows and columns, ascending.
	Codes []uint16
	// Counts holds len(Codes)² counts, row-major (row = map class).
	Counts []int64
}

// NewConfusionMatrix counts the pairs (reference[i], predicted[i]). The two
// slices must have the same length; pairs where either code is 0 are
// skipped. The matrix has a row and column for every code that occurs in
// either slice.
func NewConfusionMatrix(reference, predicted []uint16) (*ConfusionMatrix, error) {
	if len(reference) != len(predicted) {
		return nil, fmt.Errorf("classify: confusion matrix: %d reference codes but %d predicted codes", len(reference), len(predicted))
	}
	var seen [1 << 16]bool
	for i := range reference {
		if reference[i] != 0 && predicted[i] != 0 {
			seen[reference[i]] = true
			seen[predicted[i]] = true
		}
	}
	var index [1 << 16]int32
	m := &ConfusionMatrix{}
	for c := 1; c < 1<<16; c++ {
		if seen[c] {
			index[c] = int32(len(m.Codes))
			m.Codes = append(m.Codes, uint16(c))
		}
	}
	k := len(m.Codes)
	m.Counts = make([]int64, k*k)
	for i := range reference {
		r, p := reference[i], predicted[i]
		if r != 0 && p != 0 {
			m.Counts[int(index[p])*k+int(index[r])]++
		}
	}
	return m, nil
}

// ConfusionFromLabels compares a classified map with a reference map on the
// same grid pixel by pixel; pixels that are 0 in either are left out. The
// grids must match (raster.Grid.Match).
func ConfusionFromLabels(reference, mapped *raster.Labels) (*ConfusionMatrix, error) {
	if err := reference.Validate(); err != nil {
		return nil, fmt.Errorf("classify: reference labels: %w", err)
	}
	if err := mapped.Validate(); err != nil {
		return nil, fmt.Errorf("classify: mapped labels: %w", err)
	}
	if err := reference.Grid.Match(mapped.Grid); err != nil {
		return nil, fmt.Errorf("classify: reference and map grids differ: %w", err)
	}
	return NewConfusionMatrix(reference.Data, mapped.Data)
}

// NewConfusionMatrixFromCounts builds a matrix from explicit counts, row =
// map class, column = reference class, both in the order of codes (which
// must be distinct and non-zero; they are sorted ascending in the result).
// It is how a published error matrix, or a sample tallied elsewhere, enters
// the package.
func NewConfusionMatrixFromCounts(codes []uint16, counts [][]int64) (*ConfusionMatrix, error) {
	k := len(codes)
	if len(counts) != k {
		return nil, fmt.Errorf("classify: confusion matrix: %d codes but %d rows", k, len(counts))
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(codes[a]) - int(codes[b]) })
	m := &ConfusionMatrix{Codes: make([]uint16, k), Counts: make([]int64, k*k)}
	for i, oi := range order {
		if codes[oi] == 0 {
			return nil, fmt.Errorf("classify: confusion matrix: code 0 means \"none\" and cannot be a class")
		}
		if i > 0 && codes[oi] == m.Codes[i-1] {
			return nil, fmt.Errorf("classify: confusion matrix: code %d given twice", codes[oi])
		}
		m.Codes[i] = codes[oi]
		if len(counts[oi]) != k {
			return nil, fmt.Errorf("classify: confusion matrix: row %d (class %d) has %d counts, want %d", oi+1, codes[oi], len(counts[oi]), k)
		}
		for j, oj := range order {
			c := counts[oi][oj]
			if c < 0 {
				return nil, fmt.Errorf("classify: confusion matrix: row %d (class %d) has a negative count", oi+1, codes[oi])
			}
			m.Counts[i*k+j] = c
		}
	}
	return m, nil
}

// At returns the count of units mapped as class row i and referenced as
// class column j (indices into Codes).
func (m *ConfusionMatrix) At(i, j int) int64 { return m.Counts[i*len(m.Codes)+j] }

// Index returns the row/column index of code, or -1 when the matrix has no
// such class.
func (m *ConfusionMatrix) Index(code uint16) int {
	i, ok := slices.BinarySearch(m.Codes, code)
	if !ok {
		return -1
	}
	return i
}

// Total returns the number of units in the matrix.
func (m *ConfusionMatrix) Total() int64 {
	var n int64
	for _, c := range m.Counts {
		n += c
	}
	return n
}

// RowTotals returns the number of units mapped as each class.
func (m *ConfusionMatrix) RowTotals() []int64 {
	k := len(m.Codes)
	t := make([]int64, k)
	for i := range k {
		for j := range k {
			t[i] += m.Counts[i*k+j]
		}
	}
	return t
}

// ColumnTotals returns the number of units whose reference is each class.
func (m *ConfusionMatrix) ColumnTotals() []int64 {
	k := len(m.Codes)
	t := make([]int64, k)
	for i := range k {
		for j := range k {
			t[j] += m.Counts[i*k+j]
		}
	}
	return t
}

// OverallAccuracy returns the proportion of units on the diagonal,
// Σ n_ii / n (0–1); NaN for an empty matrix. It is not area-weighted: for a
// stratified sample use [EstimateAreas].
func (m *ConfusionMatrix) OverallAccuracy() float64 {
	k := len(m.Codes)
	var d int64
	for i := range k {
		d += m.Counts[i*k+i]
	}
	return float64(d) / float64(m.Total())
}

// Kappa returns Cohen's (1960) kappa coefficient of agreement,
//
//	κ = (p_o − p_e) / (1 − p_e),  p_o = Σ n_ii / n,  p_e = Σ n_i· n_·i / n²,
//
// NaN for an empty matrix or when p_e = 1 (a single class). Reference:
// Cohen, J. (1960), Educational and Psychological Measurement 20, 37–46;
// Congalton (1991), Remote Sensing of Environment 37, 35–46. Kappa is
// reported for comparison with older studies; Olofsson et al. (2014, §4.1)
// advise against relying on it.
func (m *ConfusionMatrix) Kappa() float64 {
	n := float64(m.Total())
	rows, cols := m.RowTotals(), m.ColumnTotals()
	var pe float64
	for i := range rows {
		pe += float64(rows[i]) * float64(cols[i])
	}
	pe /= n * n
	if pe == 1 {
		return math.NaN()
	}
	return (m.OverallAccuracy() - pe) / (1 - pe)
}

// ProducersAccuracy returns, for each class, the share of the reference
// units of that class that the map got right, n_jj / n_·j (1 − omission
// error, "recall"); NaN for a class with no reference units.
func (m *ConfusionMatrix) ProducersAccuracy() []float64 {
	k := len(m.Codes)
	cols := m.ColumnTotals()
	pa := make([]float64, k)
	for j := range k {
		pa[j] = float64(m.Counts[j*k+j]) / float64(cols[j])
	}
	return pa
}

// UsersAccuracy returns, for each class, the share of the units mapped as
// that class that truly are, n_ii / n_i· (1 − commission error,
// "precision"); NaN for a class the map never assigns.
func (m *ConfusionMatrix) UsersAccuracy() []float64 {
	k := len(m.Codes)
	rows := m.RowTotals()
	ua := make([]float64, k)
	for i := range k {
		ua[i] = float64(m.Counts[i*k+i]) / float64(rows[i])
	}
	return ua
}

// F1 returns, for each class, the harmonic mean of user's and producer's
// accuracy, 2·n_ii / (n_i· + n_·i) (van Rijsbergen 1979; scikit-learn's
// f1_score with average=None); NaN for a class with neither map nor reference
// units, 0 for a class never right.
func (m *ConfusionMatrix) F1() []float64 {
	k := len(m.Codes)
	rows, cols := m.RowTotals(), m.ColumnTotals()
	f := make([]float64, k)
	for i := range k {
		f[i] = 2 * float64(m.Counts[i*k+i]) / float64(rows[i]+cols[i])
	}
	return f
}
