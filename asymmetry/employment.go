package asymmetry

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// EmploymentTable is a sector x place table of employment, the input of the
// functional-specialization measures ([EmploymentTable.LocationQuotients],
// [EmploymentTable.Krugman], [EmploymentTable.Hoover],
// [EmploymentTable.Herfindahl], [EmploymentTable.Theil],
// [EmploymentTable.Specialization]).
//
// Counts[i][j] is e_ij, the employment of sector i in place j, in persons
// (or any other non-negative additive unit such as full-time equivalents;
// the measures are ratios and do not depend on the unit). Every count is
// finite and non-negative, every place and every sector has some employment,
// and sector and place names are unique and non-empty: [NewEmploymentTable]
// and [ReadEmploymentCSV] check all of this, so the measures never divide by
// zero. A table built by hand should go through [NewEmploymentTable].
type EmploymentTable struct {
	// Sectors names the rows (i), in input order.
	Sectors []string
	// Places names the columns (j), in input order.
	Places []string
	// Counts holds e_ij, Counts[i][j], len(Sectors) rows of len(Places).
	Counts [][]float64
}

// Limits on the tables [NewEmploymentTable] and [ReadEmploymentCSV] accept,
// so that a malformed or hostile input fails with an error instead of
// exhausting memory. They are far beyond any sector x place table of a
// regional study (a full NAICS 6-digit classification has about 1,000
// sectors).
const (
	// MaxEmploymentSectors bounds the number of sectors (rows).
	MaxEmploymentSectors = 100_000
	// MaxEmploymentPlaces bounds the number of places (columns).
	MaxEmploymentPlaces = 100_000
	// MaxEmploymentCells bounds sectors x places.
	MaxEmploymentCells = 1 << 22
	// MaxEmploymentCSVBytes bounds the size of a CSV input, in bytes.
	MaxEmploymentCSVBytes = 64 << 20
)

// EmploymentError reports a problem with an employment table or one of its
// cells. Row and Column locate it in the CSV input: Row is the line number
// (from 1; the header is usually line 1, blank lines count) on which the
// cell or record starts, Column the field number from 1; either is 0 when
// unknown or not applicable (a table built with [NewEmploymentTable], a
// problem with a whole row or column). Sector and Place name the cell's
// sector and place when they are known.
type EmploymentError struct {
	Row, Column   int
	Sector, Place string
	Err           error
}

// Error formats e as
// `asymmetry: employment row 3, column 4 (sector "retail", place "B"): ...`.
func (e *EmploymentError) Error() string {
	var b strings.Builder
	b.WriteString("asymmetry: employment")
	var where []string
	if e.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", e.Row))
	}
	if e.Column > 0 {
		where = append(where, fmt.Sprintf("column %d", e.Column))
	}
	var names []string
	if e.Sector != "" {
		names = append(names, fmt.Sprintf("sector %q", e.Sector))
	}
	if e.Place != "" {
		names = append(names, fmt.Sprintf("place %q", e.Place))
	}
	if len(where) > 0 {
		b.WriteString(" " + strings.Join(where, ", "))
	}
	if len(names) > 0 {
		b.WriteString(" (" + strings.Join(names, ", ") + ")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *EmploymentError) Unwrap() error { return e.Err }

// Sentinel errors wrapped by [EmploymentError], for errors.Is.
var (
	// ErrNegativeCount: a count below zero.
	ErrNegativeCount = errors.New("negative employment count")
	// ErrMissingCount: an empty cell, or (long form) a sector-place pair
	// without a row.
	ErrMissingCount = errors.New("missing employment count")
	// ErrInvalidCount: a cell that is not a decimal number, or is NaN or
	// infinite.
	ErrInvalidCount = errors.New("invalid employment count")
	// ErrDuplicateEmploymentName: a sector or place named twice.
	ErrDuplicateEmploymentName = errors.New("duplicate name")
	// ErrEmptyPlace: a place whose counts are all zero.
	ErrEmptyPlace = errors.New("place has no employment in any sector")
	// ErrEmptySector: a sector whose counts are all zero (its location
	// quotients would be 0/0).
	ErrEmptySector = errors.New("sector has no employment in any place")
	// ErrEmptyEmploymentTable: no sectors, no places, or all counts zero.
	ErrEmptyEmploymentTable = errors.New("employment table is empty")
	// ErrEmploymentTooLarge: the input exceeds one of the MaxEmployment* limits.
	ErrEmploymentTooLarge = errors.New("employment table too large")
)

// NewEmploymentTable checks a sector x place table and returns it.
// counts[i][j] is the employment of sector i in place j. Names are trimmed of
// surrounding spaces; the slices are copied.
//
// The errors, each an [*EmploymentError] naming the sector and place
// concerned: a name that is empty or repeated; a row of the wrong length; a
// count that is negative, NaN or infinite; a place or a sector whose counts
// are all zero (the location quotients of an empty sector are 0/0 and the
// shares of an empty place are undefined: drop the row or column); a table
// whose counts are all zero, or whose total overflows float64; more sectors,
// places or cells than the MaxEmployment* limits.
func NewEmploymentTable(sectors, places []string, counts [][]float64) (*EmploymentTable, error) {
	t := &EmploymentTable{
		Sectors: make([]string, len(sectors)),
		Places:  make([]string, len(places)),
	}
	for i, s := range sectors {
		t.Sectors[i] = strings.TrimSpace(s)
	}
	for j, p := range places {
		t.Places[j] = strings.TrimSpace(p)
	}
	if err := checkEmploymentNames(t.Sectors, t.Places, nil); err != nil {
		return nil, err
	}
	if len(counts) != len(sectors) {
		return nil, &EmploymentError{Err: fmt.Errorf("%w: %d sectors but %d rows of counts", ErrEmptyEmploymentTable, len(sectors), len(counts))}
	}
	t.Counts = make([][]float64, len(counts))
	for i, row := range counts {
		if len(row) != len(places) {
			return nil, &EmploymentError{Sector: t.Sectors[i], Err: fmt.Errorf("%d counts for %d places", len(row), len(places))}
		}
		t.Counts[i] = make([]float64, len(row))
		for j, v := range row {
			if err := checkEmploymentCount(v); err != nil {
				return nil, &EmploymentError{Sector: t.Sectors[i], Place: t.Places[j], Err: err}
			}
			t.Counts[i][j] = v + 0 // -0 becomes +0
		}
	}
	if err := t.checkTotals(nil); err != nil {
		return nil, err
	}
	return t, nil
}

// employmentLocator gives the CSV position (row, column, from 1) where sector i or
// place j is named; a nil *employmentLocator gives no positions.
type employmentLocator struct {
	sector func(i int) (row, col int)
	place  func(j int) (row, col int)
}

func (l *employmentLocator) sectorAt(i int) (row, col int) {
	if l == nil {
		return 0, 0
	}
	return l.sector(i)
}

func (l *employmentLocator) placeAt(j int) (row, col int) {
	if l == nil {
		return 0, 0
	}
	return l.place(j)
}

// checkEmploymentNames reports empty, duplicate and too many names.
func checkEmploymentNames(sectors, places []string, loc *employmentLocator) error {
	if len(sectors) == 0 {
		return &EmploymentError{Err: fmt.Errorf("%w: no sectors", ErrEmptyEmploymentTable)}
	}
	if len(places) == 0 {
		return &EmploymentError{Err: fmt.Errorf("%w: no places", ErrEmptyEmploymentTable)}
	}
	if len(sectors) > MaxEmploymentSectors || len(places) > MaxEmploymentPlaces || len(sectors)*len(places) > MaxEmploymentCells {
		return &EmploymentError{Err: fmt.Errorf("%w: %d sectors x %d places (limits %d sectors, %d places, %d cells)",
			ErrEmploymentTooLarge, len(sectors), len(places), MaxEmploymentSectors, MaxEmploymentPlaces, MaxEmploymentCells)}
	}
	seen := make(map[string]int, len(sectors))
	for i, s := range sectors {
		r, c := loc.sectorAt(i)
		if s == "" {
			return &EmploymentError{Row: r, Column: c, Err: fmt.Errorf("empty sector name (sector %d)", i+1)}
		}
		if k, ok := seen[s]; ok {
			return &EmploymentError{Row: r, Column: c, Sector: s, Err: fmt.Errorf("%w: sector also at position %d", ErrDuplicateEmploymentName, k+1)}
		}
		seen[s] = i
	}
	clear(seen)
	for j, p := range places {
		r, c := loc.placeAt(j)
		if p == "" {
			return &EmploymentError{Row: r, Column: c, Err: fmt.Errorf("empty place name (place %d)", j+1)}
		}
		if k, ok := seen[p]; ok {
			return &EmploymentError{Row: r, Column: c, Place: p, Err: fmt.Errorf("%w: place also at position %d", ErrDuplicateEmploymentName, k+1)}
		}
		seen[p] = j
	}
	return nil
}

// checkEmploymentCount reports a negative or non-finite count.
func checkEmploymentCount(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%w: %v is not finite", ErrInvalidCount, v)
	case v < 0:
		return fmt.Errorf("%w: %v", ErrNegativeCount, v)
	}
	return nil
}

// checkTotals reports empty places, empty sectors, an all-zero table and a
// total that overflows.
func (t *EmploymentTable) checkTotals(loc *employmentLocator) error {
	places := t.PlaceTotals()
	sectors := t.SectorTotals()
	total := t.Total()
	if total == 0 {
		return &EmploymentError{Err: fmt.Errorf("%w: all %d counts are zero", ErrEmptyEmploymentTable, len(t.Sectors)*len(t.Places))}
	}
	if math.IsInf(total, 0) {
		return &EmploymentError{Err: fmt.Errorf("%w: total employment overflows float64", ErrInvalidCount)}
	}
	for j, e := range places {
		if e == 0 {
			r, c := loc.placeAt(j)
			return &EmploymentError{Row: r, Column: c, Place: t.Places[j], Err: ErrEmptyPlace}
		}
	}
	for i, e := range sectors {
		if e == 0 {
			r, c := loc.sectorAt(i)
			return &EmploymentError{Row: r, Column: c, Sector: t.Sectors[i], Err: ErrEmptySector}
		}
	}
	return nil
}

// PlaceTotals returns e_j = Σ_i e_ij, the employment of each place, in
// table units.
func (t *EmploymentTable) PlaceTotals() []float64 {
	out := make([]float64, len(t.Places))
	for _, row := range t.Counts {
		for j, v := range row {
			out[j] += v
		}
	}
	return out
}

// SectorTotals returns E_i = Σ_j e_ij, the employment of each sector over
// all places, in table units.
func (t *EmploymentTable) SectorTotals() []float64 {
	out := make([]float64, len(t.Sectors))
	for i, row := range t.Counts {
		for _, v := range row {
			out[i] += v
		}
	}
	return out
}

// Total returns E = Σ_i Σ_j e_ij, the employment of the whole table.
func (t *EmploymentTable) Total() float64 {
	var e float64
	for _, v := range t.PlaceTotals() {
		e += v
	}
	return e
}

// Shares returns the sectoral structure of each place, s_ij = e_ij / e_j:
// out[j][i] is the share (0–1) of sector i in the employment of place j;
// each out[j] sums to 1.
func (t *EmploymentTable) Shares() [][]float64 {
	totals := t.PlaceTotals()
	out := make([][]float64, len(t.Places))
	for j := range out {
		out[j] = make([]float64, len(t.Sectors))
		for i := range t.Sectors {
			out[j][i] = t.Counts[i][j] / totals[j]
		}
	}
	return out
}

// SectorIndex returns the position of a sector by name, or -1.
func (t *EmploymentTable) SectorIndex(name string) int {
	for i, s := range t.Sectors {
		if s == name {
			return i
		}
	}
	return -1
}

// PlaceIndex returns the position of a place by name, or -1.
func (t *EmploymentTable) PlaceIndex(name string) int {
	for j, p := range t.Places {
		if p == name {
			return j
		}
	}
	return -1
}
