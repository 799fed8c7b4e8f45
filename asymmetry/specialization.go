package asymmetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// StructureReference chooses the sectoral structure a place is compared
// with by [EmploymentTable.Krugman] and [EmploymentTable.Theil].
type StructureReference int

const (
	// RestOfPlaces compares place j with the pooled employment of all the
	// other places: s̄_i = (E_i − e_ij) / (E − e_j). This is Krugman's
	// (1991) comparison of a region with the rest of the country, as used by
	// Midelfart-Knarvik et al. (2000) for the EU. It needs at least two
	// places. The default.
	RestOfPlaces StructureReference = iota
	// AllPlaces compares place j with the whole table, place j included:
	// s̄_i = E_i / E. Against this reference the Krugman index is twice the
	// Hoover index of the place against the total
	// ([EmploymentTable.HooverToTotal]).
	AllPlaces
)

// String returns "rest" or "all".
func (r StructureReference) String() string {
	switch r {
	case RestOfPlaces:
		return "rest"
	case AllPlaces:
		return "all"
	}
	return fmt.Sprintf("StructureReference(%d)", int(r))
}

// ParseStructureReference reads "rest" (or "rest-of-places") and "all" (or
// "all-places", "total").
func ParseStructureReference(s string) (StructureReference, error) {
	switch s {
	case "rest", "rest-of-places":
		return RestOfPlaces, nil
	case "all", "all-places", "total":
		return AllPlaces, nil
	}
	return 0, fmt.Errorf("asymmetry: unknown structure reference %q (rest or all)", s)
}

// structure holds a table place by place, the layout most measures walk:
// cols[j][i] = e_ij and shares[j][i] = s_ij = e_ij / e_j.
type placeStructure struct {
	cols, shares [][]float64
	totals       []float64 // e_j
	sectorShares []float64 // E_i / E
}

// structure transposes t once so that each place's sectors are contiguous.
func (t *EmploymentTable) structure() *placeStructure {
	nS, nP := len(t.Sectors), len(t.Places)
	st := &placeStructure{cols: make([][]float64, nP), shares: make([][]float64, nP), totals: t.PlaceTotals()}
	flat := make([]float64, 2*nS*nP)
	for j := range nP {
		st.cols[j] = flat[j*nS : (j+1)*nS : (j+1)*nS]
		st.shares[j] = flat[(nP+j)*nS : (nP+j+1)*nS : (nP+j+1)*nS]
	}
	for i, row := range t.Counts {
		for j, v := range row {
			st.cols[j][i] = v
		}
	}
	for j, col := range st.cols {
		for i, v := range col {
			st.shares[j][i] = v / st.totals[j]
		}
	}
	sectors, total := t.SectorTotals(), t.Total()
	st.sectorShares = make([]float64, nS)
	for i, e := range sectors {
		st.sectorShares[i] = e / total
	}
	return st
}

// referenceStructures returns s̄ for every place under ref: out[j][i] is
// the reference share of sector i for place j.
//
// For [RestOfPlaces] the rest's employment is summed directly, as the sum
// of the places after j and the places before j (suffix and prefix sums,
// O(sectors x places) for the whole table), rather than as E_i − e_ij, so a
// sector that no other place has gets a reference share of exactly zero.
func (t *EmploymentTable) referenceStructures(st *placeStructure, ref StructureReference) ([][]float64, error) {
	nS, nP := len(t.Sectors), len(t.Places)
	switch ref {
	case AllPlaces:
		out := make([][]float64, nP)
		for j := range out {
			out[j] = st.sectorShares // shared, read-only
		}
		return out, nil
	case RestOfPlaces:
		if nP < 2 {
			return nil, fmt.Errorf("asymmetry: place %q: the rest-of-places reference needs at least two places (use AllPlaces)", t.Places[0])
		}
		out := make([][]float64, nP)
		flat := make([]float64, nS*nP)
		for j := range out {
			out[j] = flat[j*nS : (j+1)*nS : (j+1)*nS]
		}
		// out[j] = Σ_{k>j} e_·k, built from the last place down.
		for j := nP - 2; j >= 0; j-- {
			for i := range out[j] {
				out[j][i] = out[j+1][i] + st.cols[j+1][i]
			}
		}
		// Add Σ_{k<j} e_·k, then normalize to shares.
		prefix := make([]float64, nS)
		for j := range out {
			var rest float64
			for i := range out[j] {
				out[j][i] += prefix[i]
				prefix[i] += st.cols[j][i]
				rest += out[j][i]
			}
			for i := range out[j] {
				out[j][i] /= rest
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("asymmetry: unknown structure reference %d", int(ref))
}

// LocationQuotients returns the location quotient of every sector in every
// place, out[i][j] = LQ_ij (dimensionless):
//
//	LQ_ij = (e_ij / e_j) / (E_i / E)
//
// where e_ij is the employment of sector i in place j, e_j the employment of
// place j, E_i that of sector i in all places and E the total. LQ_ij > 1
// means sector i is over-represented in place j compared with the whole
// table (Florence 1948; Isard 1960). The table's validation guarantees
// e_j > 0 and E_i > 0.
//
// References: P. S. Florence (1948), Investment, Location and Size of Plant,
// Cambridge University Press. W. Isard (1960), Methods of Regional Analysis:
// An Introduction to Regional Science, MIT Press.
func (t *EmploymentTable) LocationQuotients() [][]float64 {
	places, sectors, total := t.PlaceTotals(), t.SectorTotals(), t.Total()
	out := make([][]float64, len(t.Sectors))
	for i, row := range t.Counts {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = (v / places[j]) / (sectors[i] / total)
		}
	}
	return out
}

// Krugman returns the Krugman specialization index of every place
// (dimensionless, 0–2):
//
//	K_j = Σ_i |s_ij − s̄_i|,  s_ij = e_ij / e_j
//
// where s̄_i is the share of sector i in the reference structure chosen by
// ref: the rest of the places ([RestOfPlaces], Krugman's definition) or all
// places together ([AllPlaces]). K_j = 0 when place j has exactly the
// reference structure; K_j = 2 when it shares no sector with it.
//
// References: P. Krugman (1991), Geography and Trade, MIT Press; K. H. Midelfart-Knarvik, H. G. Overman, S. J. Redding and
// A. J. Venables (2000), The location of European industry, European
// Commission Economic Papers 142.
func (t *EmploymentTable) Krugman(ref StructureReference) ([]float64, error) {
	st := t.structure()
	refs, err := t.referenceStructures(st, ref)
	if err != nil {
		return nil, err
	}
	return krugmanIndex(st, refs), nil
}

func krugmanIndex(st *placeStructure, refs [][]float64) []float64 {
	out := make([]float64, len(st.shares))
	for j, sj := range st.shares {
		var k float64
		for i, r := range refs[j] {
			k += math.Abs(sj[i] - r)
		}
		out[j] = k
	}
	return out
}

// DissimilarityIndex returns the Hoover (dissimilarity) index of two
// distributions over the same categories (dimensionless, 0–1):
//
//	H = ½ Σ_i |a_i/A − b_i/B|,  A = Σ a_i, B = Σ b_i
//
// the share of one distribution that would have to move to another category
// for the two to have the same structure. a and b are counts or shares (each
// is normalized by its own sum) and must be non-negative, finite, of equal
// length and with positive sums.
//
// Reference: E. M. Hoover (1936), The measurement of industrial
// localization, Review of Economics and Statistics 18(4), 162–171; the same
// index is Duncan and Duncan's (1955) dissimilarity index.
func DissimilarityIndex(a, b []float64) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("asymmetry: dissimilarity index of %d and %d categories", len(a), len(b))
	}
	sum := func(x []float64, name string) (float64, error) {
		var s float64
		for i, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return 0, fmt.Errorf("asymmetry: dissimilarity index: %s[%d] = %v, want a finite non-negative value", name, i, v)
			}
			s += v
		}
		if s == 0 || math.IsInf(s, 0) {
			return 0, fmt.Errorf("asymmetry: dissimilarity index: %s sums to %v, want a positive finite sum", name, s)
		}
		return s, nil
	}
	sa, err := sum(a, "a")
	if err != nil {
		return 0, err
	}
	sb, err := sum(b, "b")
	if err != nil {
		return 0, err
	}
	var h float64
	for i := range a {
		h += math.Abs(a[i]/sa - b[i]/sb)
	}
	return h / 2, nil
}

// column returns the counts of place j.
func (t *EmploymentTable) column(j int) []float64 {
	out := make([]float64, len(t.Sectors))
	for i := range out {
		out[i] = t.Counts[i][j]
	}
	return out
}

// errEmploymentPlaceIndex reports an index outside the table's places.
var errEmploymentPlaceIndex = errors.New("place index out of range")

// Hoover returns the Hoover (dissimilarity) index between the sectoral
// structures of places j and k (dimensionless, 0–1; see
// [DissimilarityIndex]): ½ Σ_i |s_ij − s_ik|.
func (t *EmploymentTable) Hoover(j, k int) (float64, error) {
	if j < 0 || j >= len(t.Places) || k < 0 || k >= len(t.Places) {
		return 0, fmt.Errorf("asymmetry: Hoover index of places %d and %d in a table of %d: %w", j, k, len(t.Places), errEmploymentPlaceIndex)
	}
	return DissimilarityIndex(t.column(j), t.column(k))
}

// HooverToTotal returns the Hoover index between each place's sectoral
// structure and that of the whole table, ½ Σ_i |s_ij − E_i/E|
// (dimensionless, 0–1; see [DissimilarityIndex]). It is half the Krugman
// index against [AllPlaces].
func (t *EmploymentTable) HooverToTotal() []float64 {
	return hooverToTotal(t.structure())
}

func hooverToTotal(st *placeStructure) []float64 {
	out := make([]float64, len(st.shares))
	for j, sj := range st.shares {
		var h float64
		for i, r := range st.sectorShares {
			h += math.Abs(sj[i] - r)
		}
		out[j] = h / 2
	}
	return out
}

// MaxHooverPlaces bounds the places of [EmploymentTable.HooverMatrix], whose
// result grows as the square of their number (2048 places: 32 MiB).
const MaxHooverPlaces = 2048

// HooverMatrix returns the pairwise Hoover indices of the places,
// out[j][k] = out[k][j] = ½ Σ_i |s_ij − s_ik|, with zeros on the diagonal
// (dimensionless, 0–1; see [DissimilarityIndex]). The work, sectors x
// places² / 2, is spread over all cores (each cell is computed by one
// goroutine, so the result does not depend on their number); ctx cancels
// it. A table with more than [MaxHooverPlaces] places is an error.
func (t *EmploymentTable) HooverMatrix(ctx context.Context) ([][]float64, error) {
	nP := len(t.Places)
	if nP > MaxHooverPlaces {
		return nil, fmt.Errorf("asymmetry: pairwise Hoover indices of %d places: %w (limit %d places)", nP, ErrEmploymentTooLarge, MaxHooverPlaces)
	}
	shares := t.structure().shares
	out := make([][]float64, nP)
	for j := range out {
		out[j] = make([]float64, nP)
	}
	workers := runtime.GOMAXPROCS(0)
	if nP*nP*len(t.Sectors) < 1<<16 {
		workers = 1
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				j := int(next.Add(1)) - 1
				if j >= nP || ctx.Err() != nil {
					return
				}
				a := shares[j]
				for k := j + 1; k < nP; k++ {
					b := shares[k]
					var h float64
					for i := range a {
						h += math.Abs(a[i] - b[i])
					}
					// Row j's goroutine owns both cells of the pair.
					out[j][k], out[k][j] = h/2, h/2
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("asymmetry: pairwise Hoover indices: %w", err)
	}
	return out, nil
}
