package classify

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// Transitions is the cross-tabulation of two land-cover maps of the same
// grid at two dates: Pixels[i*len(Codes)+j] pixels were class Codes[i] at
// the first date (row, "from") and Codes[j] at the second (column, "to").
// Hectares holds the same table in hectares (10 000 m²), from [CellAreas].
// A pixel that is 0 ("none") at either date is left out of both tables.
type Transitions struct {
	// Codes are the class codes of rows and columns, ascending: every code
	// that occurs at either date (where the other date is not 0).
	Codes []uint16
	// Pixels is the transition table in pixels, row-major (row = from).
	Pixels []int64
	// Hectares is the transition table in hectares, row-major.
	Hectares []float64
	// Classes is the class table (code, name, colour) of the codes, from
	// the "to" map, else the "from" map, else the bare code.
	Classes []raster.Class
}

// maxTransitionClasses bounds the table (k² cells) so that a raster of zone
// ids or noise cannot ask for gigabytes.
const maxTransitionClasses = 4096

// NewTransitions cross-tabulates from (first date) and to (second date),
// which must be on matching grids. Areas come from [CellAreas], so the grid
// needs a known CRS that is projected in metres or longitude/latitude.
// At most 4096 distinct codes are accepted.
func NewTransitions(ctx context.Context, from, to *raster.Labels) (*Transitions, error) {
	if err := from.Validate(); err != nil {
		return nil, fmt.Errorf("classify: transitions: first-date labels: %w", err)
	}
	if err := to.Validate(); err != nil {
		return nil, fmt.Errorf("classify: transitions: second-date labels: %w", err)
	}
	if err := from.Grid.Match(to.Grid); err != nil {
		return nil, fmt.Errorf("classify: transitions: the two dates' grids differ: %w", err)
	}
	rowArea, err := CellAreas(from.Grid)
	if err != nil {
		return nil, fmt.Errorf("classify: transitions: %w", err)
	}
	// First pass: the codes that occur where both dates have a class.
	var seen [1 << 16]bool
	for i, a := range from.Data {
		if b := to.Data[i]; a != 0 && b != 0 {
			seen[a], seen[b] = true, true
		}
	}
	t := &Transitions{}
	var index [1 << 16]int
	for c := 1; c < 1<<16; c++ {
		if seen[c] {
			index[c] = len(t.Codes)
			t.Codes = append(t.Codes, uint16(c))
		}
	}
	k := len(t.Codes)
	if k > maxTransitionClasses {
		return nil, fmt.Errorf("classify: transitions: %d classes; a transition table is limited to %d", k, maxTransitionClasses)
	}
	t.Pixels = make([]int64, k*k)
	t.Hectares = make([]float64, k*k)
	// Second pass: count pixels per row, then add each row's counts times
	// its cell area, so hectares are exact sums in a fixed order.
	rowCounts := make([]int64, k*k)
	touched := make([]int, 0, 64)
	w := from.Grid.Width
	for r := 0; r < from.Grid.Height; r++ {
		if r%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		a, b := from.Data[r*w:(r+1)*w], to.Data[r*w:(r+1)*w]
		for i := range a {
			if a[i] != 0 && b[i] != 0 {
				cell := index[a[i]]*k + index[b[i]]
				if rowCounts[cell] == 0 {
					touched = append(touched, cell)
				}
				rowCounts[cell]++
			}
		}
		slices.Sort(touched)
		for _, cell := range touched {
			n := rowCounts[cell]
			t.Pixels[cell] += n
			t.Hectares[cell] += float64(n) * rowArea[r] / 1e4
			rowCounts[cell] = 0
		}
		touched = touched[:0]
	}
	for _, c := range t.Codes {
		cl, ok := to.Class(c)
		if !ok {
			cl, ok = from.Class(c)
		}
		if !ok {
			cl = raster.Class{Code: c, Name: fmt.Sprint(c)}
		}
		t.Classes = append(t.Classes, cl)
	}
	return t, nil
}

// ClassChange is the gross and net change of one class between two dates
// after Pontius, R. G., Shusas, E., McEachern, M. (2004), "Detecting
// important categorical land changes while accounting for persistence",
// Agriculture, Ecosystems and Environment 101, 251–268. All values are in
// the unit of the table they come from (pixels or hectares).
type ClassChange struct {
	// Code is the class code.
	Code uint16
	// From and To are the class's total at the first and second date (row
	// and column totals); Persistence is the diagonal entry.
	From, To, Persistence float64
	// Gain = To − Persistence, Loss = From − Persistence.
	Gain, Loss float64
	// Net = Gain − Loss = To − From (signed; Pontius's net change is |Net|).
	Net float64
	// Swap = 2·min(Gain, Loss): change that moves the class without
	// changing its amount. Total = Gain + Loss = |Net| + Swap.
	Swap, Total float64
}

// Change returns the gross and net change of every class from the
// transition table in hectares (useHectares) or pixels.
func (t *Transitions) Change(useHectares bool) []ClassChange {
	k := len(t.Codes)
	at := func(i, j int) float64 {
		if useHectares {
			return t.Hectares[i*k+j]
		}
		return float64(t.Pixels[i*k+j])
	}
	out := make([]ClassChange, k)
	for c := range k {
		cc := ClassChange{Code: t.Codes[c], Persistence: at(c, c)}
		for o := range k {
			cc.From += at(c, o)
			cc.To += at(o, c)
		}
		cc.Gain = cc.To - cc.Persistence
		cc.Loss = cc.From - cc.Persistence
		cc.Net = cc.Gain - cc.Loss
		cc.Swap = 2 * math.Min(cc.Gain, cc.Loss)
		cc.Total = cc.Gain + cc.Loss
		out[c] = cc
	}
	return out
}

// LandscapeChange sums the class changes of Pontius et al. (2004) over the
// landscape: overall change = Σ Gain (= Σ Loss), its net part Σ|Net|/2 and
// its swap part Σ Swap/2 (overall = net + swap), in the unit of the
// ClassChange values.
func LandscapeChange(classes []ClassChange) (overall, net, swap float64) {
	for _, c := range classes {
		overall += c.Gain
		net += math.Abs(c.Net) / 2
		swap += c.Swap / 2
	}
	return overall, net, swap
}

// AnnualRate returns the annual rate of change of an area (or any positive
// quantity) from a1 at year t1 to a2 at year t2,
//
//	r = ln(a2/a1) / (t2 − t1)   (per year),
//
// the instantaneous (continuous) rate Puyravaud, J.-P. (2003), "Standardizing
// the calculation of the annual rate of deforestation", Forest Ecology and
// Management 177, 593–596, recommends because it does not depend on the
// length of the period and is symmetric for gains and losses. Multiply by
// 100 for per cent per year. Both areas must be positive and t2 ≠ t1.
func AnnualRate(a1, a2, t1, t2 float64) (float64, error) {
	if err := checkRate(a1, a2, t1, t2); err != nil {
		return 0, err
	}
	return math.Log(a2/a1) / (t2 - t1), nil
}

// CompoundRate returns the compound annual rate of change from a1 at year
// t1 to a2 at year t2,
//
//	q = (a2/a1)^(1/(t2 − t1)) − 1   (per year),
//
// the rate of the FAO Forest Resources Assessment (FAO 1995), related to
// [AnnualRate] by q = e^r − 1: a2 = a1 (1+q)^(t2−t1) = a1 e^{r(t2−t1)}.
func CompoundRate(a1, a2, t1, t2 float64) (float64, error) {
	if err := checkRate(a1, a2, t1, t2); err != nil {
		return 0, err
	}
	return math.Pow(a2/a1, 1/(t2-t1)) - 1, nil
}

func checkRate(a1, a2, t1, t2 float64) error {
	if !(a1 > 0) || !(a2 > 0) || math.IsInf(a1, 0) || math.IsInf(a2, 0) {
		return fmt.Errorf("classify: rate of change: areas %v and %v must be positive and finite", a1, a2)
	}
	if t1 == t2 || math.IsNaN(t1) || math.IsNaN(t2) || math.IsInf(t1, 0) || math.IsInf(t2, 0) {
		return fmt.Errorf("classify: rate of change: dates %v and %v must be distinct and finite", t1, t2)
	}
	return nil
}
