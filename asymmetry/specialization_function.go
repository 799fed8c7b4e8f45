package asymmetry

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// SectorFunctions maps sector names to the function they serve in a
// system of places, for example "public administration" → "administrative",
// "manufacturing" → "production", "warehousing" → "transit". Several sectors
// may share a function. Entries for sectors absent from a table are ignored.
type SectorFunctions map[string]string

// ReadSectorFunctionsCSV reads a [SectorFunctions] map from CSV with a
// header of exactly the two names sector and function (case-insensitive, any
// order) and one row per sector:
//
//	sector,function
//	public administration,administrative
//	manufacturing,production
//
// Empty names, a sector listed twice, a row with the wrong number of cells
// and more than [MaxEmploymentSectors] rows or [MaxEmploymentCSVBytes] bytes
// are errors naming the line.
func ReadSectorFunctionsCSV(r io.Reader) (SectorFunctions, error) {
	rowErr := func(row int, err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			row = pe.StartLine
		}
		return fmt.Errorf("asymmetry: sector functions line %d: %w", row, err)
	}
	cr, err := boundedEmploymentCSV(r)
	if err != nil {
		return nil, fmt.Errorf("asymmetry: sector functions: %w", err)
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, rowErr(1, errors.New("empty input, want the header sector,function"))
	}
	if err != nil {
		return nil, rowErr(1, err)
	}
	sc, fc := -1, -1
	for k, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))) {
		case "sector":
			sc = k
		case "function":
			fc = k
		}
	}
	if len(header) != 2 || sc < 0 || fc < 0 {
		return nil, rowErr(1, fmt.Errorf("header %q, want sector,function", header))
	}
	out := SectorFunctions{}
	first := map[string]int{}
	for row := recordLine(cr, 0) + 1; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, rowErr(row, err)
		}
		row = recordLine(cr, 0)
		if len(out) == MaxEmploymentSectors {
			return nil, rowErr(row, fmt.Errorf("%w: more than %d sectors", ErrEmploymentTooLarge, MaxEmploymentSectors))
		}
		if len(rec) != 2 {
			return nil, rowErr(row, fmt.Errorf("%d cells, want 2 (sector, function)", len(rec)))
		}
		s, f := strings.TrimSpace(rec[sc]), strings.TrimSpace(rec[fc])
		switch {
		case s == "":
			return nil, rowErr(row, errors.New("empty sector name"))
		case f == "":
			return nil, rowErr(row, fmt.Errorf("sector %q: empty function name", s))
		}
		if k, dup := first[s]; dup {
			return nil, rowErr(row, fmt.Errorf("sector %q: %w: also on line %d", s, ErrDuplicateEmploymentName, k))
		}
		first[s] = row
		out[s] = f
	}
	if len(out) == 0 {
		return nil, rowErr(recordLine(cr, 0)+1, errors.New("no sectors after the header"))
	}
	return out, nil
}

// ReadSectorFunctionsCSVFile is [ReadSectorFunctionsCSV] on a file; errors
// name the file.
func ReadSectorFunctionsCSVFile(path string) (SectorFunctions, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ReadSectorFunctionsCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ByFunction aggregates the table's sectors into functions: the result is
// an [EmploymentTable] whose "sectors" are the functions, in the order of
// their first sector in t, each counting the summed employment of its
// sectors, e_fj = Σ_{i ∈ f} e_ij. Every measure of this file then applies to
// functions. A nil map returns t itself (each sector is its own function).
// A sector of t missing from the map, or mapped to an empty name, is an
// error naming the sector.
func (t *EmploymentTable) ByFunction(functions SectorFunctions) (*EmploymentTable, error) {
	if functions == nil {
		return t, nil
	}
	at := map[string]int{}
	out := &EmploymentTable{Places: append([]string(nil), t.Places...)}
	for i, s := range t.Sectors {
		f, ok := functions[s]
		f = strings.TrimSpace(f)
		if !ok || f == "" {
			return nil, &EmploymentError{Sector: s, Err: errors.New("sector has no function in the sector→function map")}
		}
		k, ok := at[f]
		if !ok {
			k = len(out.Sectors)
			at[f] = k
			out.Sectors = append(out.Sectors, f)
			out.Counts = append(out.Counts, make([]float64, len(t.Places)))
		}
		for j, v := range t.Counts[i] {
			out.Counts[k][j] += v
		}
	}
	return out, nil
}

// DominanceCriterion chooses how [EmploymentTable.DominantFunctions] ranks
// a place's functions.
type DominanceCriterion int

const (
	// ByLocationQuotient picks the function with the highest location
	// quotient, LQ_fj = (e_fj / e_j) / (E_f / E): the function the place
	// performs for the system of places, over-represented there compared
	// with the whole table. A small place can be dominated by a function
	// that employs few people in absolute terms. The default.
	ByLocationQuotient DominanceCriterion = iota
	// ByShare picks the function employing the largest share e_fj / e_j of
	// the place's workers: what most people there do, which in most places
	// is the same large function (services, say).
	ByShare
)

// String returns "lq" or "share".
func (c DominanceCriterion) String() string {
	switch c {
	case ByLocationQuotient:
		return "lq"
	case ByShare:
		return "share"
	}
	return fmt.Sprintf("DominanceCriterion(%d)", int(c))
}

// ParseDominanceCriterion reads "lq" and "share".
func ParseDominanceCriterion(s string) (DominanceCriterion, error) {
	switch strings.ToLower(s) {
	case "lq", "location-quotient":
		return ByLocationQuotient, nil
	case "share":
		return ByShare, nil
	}
	return 0, fmt.Errorf("asymmetry: unknown dominance criterion %q (lq or share)", s)
}

// DominantFunction is the function that characterizes one place.
type DominantFunction struct {
	// Place names the place.
	Place string
	// Function names the dominant function (a sector name when no map is
	// given).
	Function string
	// LQ is the function's location quotient in the place (dimensionless).
	LQ float64
	// Share is the function's share of the place's employment (0–1).
	Share float64
}

// DominantFunctions returns each place's dominant function: sectors are
// grouped into functions by the map (see [EmploymentTable.ByFunction]; nil
// keeps the sectors), then the function with the highest location quotient
// ([ByLocationQuotient]) or share ([ByShare]) is chosen. A tie goes to the
// function that comes first (the order of first appearance of its sectors).
//
// For the Khorgos–Yining–Qingshuihe complex, Damiani and Hiliquin (2025)
// describe "Yining, the true administrative centre, Qingshuihe as the
// production core, and Khorgos, which remains primarily a transit point":
// with sectors mapped to administrative, production and transit functions,
// those are the dominant functions their description predicts. Their
// abstract gives no employment figures and this library ships none.
//
// Reference: I. Damiani and M. Hiliquin (2025), Infrared Borderlands: Belt
// and Road Initiative and local planning - Khorgos interdependencies,
// imaginaries and territorial realities, HAL hal-05486194,
// doi:10.20373/2384-9398/71.
func (t *EmploymentTable) DominantFunctions(functions SectorFunctions, by DominanceCriterion) ([]DominantFunction, error) {
	if by != ByLocationQuotient && by != ByShare {
		return nil, fmt.Errorf("asymmetry: unknown dominance criterion %d", int(by))
	}
	ft, err := t.ByFunction(functions)
	if err != nil {
		return nil, err
	}
	return dominantFunctions(ft, ft.structure(), by), nil
}

// dominantFunctions picks each place's dominant row of the function table
// ft, whose place-major form is st.
func dominantFunctions(ft *EmploymentTable, st *placeStructure, by DominanceCriterion) []DominantFunction {
	out := make([]DominantFunction, len(ft.Places))
	for j, sj := range st.shares {
		best, bestLQ := 0, sj[0]/st.sectorShares[0]
		for f := 1; f < len(sj); f++ {
			lq := sj[f] / st.sectorShares[f]
			if (by == ByLocationQuotient && lq > bestLQ) || (by == ByShare && sj[f] > sj[best]) {
				best, bestLQ = f, lq
			}
		}
		out[j] = DominantFunction{Place: ft.Places[j], Function: ft.Sectors[best], LQ: bestLQ, Share: sj[best]}
	}
	return out
}
