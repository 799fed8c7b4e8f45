package freight

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSVError reports a problem in a CSV table: Row counts records from 1 for
// the header, Column counts fields from 1 (0 when the whole row is at
// fault), Name is the column's header.
type CSVError struct {
	Row, Column int
	Name        string
	Err         error
}

// Error formats e as "row 5, column 2 (trains): ...".
func (e *CSVError) Error() string {
	switch {
	case e.Column > 0 && e.Name != "":
		return fmt.Sprintf("freight: csv row %d, column %d (%s): %v", e.Row, e.Column, e.Name, e.Err)
	case e.Column > 0:
		return fmt.Sprintf("freight: csv row %d, column %d: %v", e.Row, e.Column, e.Err)
	}
	return fmt.Sprintf("freight: csv row %d: %v", e.Row, e.Err)
}

// Unwrap returns the underlying error.
func (e *CSVError) Unwrap() error { return e.Err }

// scaleWords are the multipliers a value column may carry before its unit.
var scaleWords = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9}

// valueColumn recognises a value column name: a unit ("trains", "teu",
// "tonnes") as the last "_"-separated word, optionally preceded by a scale
// word ("cargo_million_tonnes").
func valueColumn(name string) (Unit, float64, bool) {
	words := strings.Split(name, "_")
	u, err := ParseUnit(words[len(words)-1])
	if err != nil {
		return 0, 0, false
	}
	scale := 1.0
	if len(words) >= 2 {
		if m, ok := scaleWords[words[len(words)-2]]; ok {
			scale = m
		}
	}
	return u, scale, true
}

// columnName is the inverse of valueColumn for a series without Column.
func columnName(s *Series) string {
	if s.Column != "" {
		return s.Column
	}
	for w, m := range scaleWords {
		if s.Scale == m {
			return w + "_" + s.Unit.String()
		}
	}
	return s.Unit.String()
}

// maxCSVRows bounds the records ReadCSV accepts, so a runaway input fails
// with an error instead of exhausting memory.
const maxCSVRows = 1 << 20

// ReadCSV reads a table in the layout of the rail figures shipped with this
// package (see [Embedded]) and returns one [Series] per value column, named
// prefix + " " + column.
//
// Columns (header names, any order, case-insensitive):
//   - the period: "year" (2024), "quarter" (2024-Q3), "month" (2024-03),
//     "period" (any form [ParsePeriod] reads), or "period_start" and
//     "period_end" (YYYY-MM-DD, both inclusive); exactly one of these;
//   - values: a column whose last word is a unit, "trains", "teu" or
//     "tonnes", optionally preceded by "thousand", "million" or "billion"
//     ("cargo_million_tonnes"). An empty cell is a gap;
//   - "<value column>_qualifier": "" exact, ">" lower bound, "<" upper
//     bound, "~" approximate (see [ParseQualifier]);
//   - coverage: "full_year" ("yes", "no", or "no (to YYYY-MM-DD)", year
//     periods only) and/or "coverage" (a share in (0, 1]);
//   - the source: "source_title", "publisher", "url", "published", and a
//     free-text "note".
//
// Any other column, a malformed cell, a qualifier without a value, a
// negative value or periods out of order give a [*CSVError] naming the row
// and column.
func ReadCSV(r io.Reader, prefix string) ([]*Series, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &CSVError{Row: 1, Err: errors.New("empty input, want a header row")}
	}
	if err != nil {
		return nil, csvReadError(err, 1)
	}
	lay, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	out := make([]*Series, len(lay.values))
	for i, v := range lay.values {
		out[i] = &Series{Name: strings.TrimSpace(prefix + " " + v.name), Unit: v.unit, Scale: v.scale, Column: v.name}
	}
	row := 1
	var prev Period
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		row++
		if err != nil {
			return nil, csvReadError(err, row)
		}
		if row > maxCSVRows {
			return nil, &CSVError{Row: row, Err: fmt.Errorf("more than %d rows", maxCSVRows)}
		}
		obs, err := lay.parseRow(rec, row)
		if err != nil {
			return nil, err
		}
		if row > 2 && obs[0].Period.Start.Compare(prev.End) <= 0 {
			return nil, &CSVError{Row: row, Column: lay.periodCol + 1, Name: header[lay.periodCol],
				Err: fmt.Errorf("period %s does not come after the previous row's %s", obs[0].Period, prev)}
		}
		prev = obs[0].Period
		for i := range out {
			out[i].Obs = append(out[i].Obs, obs[i])
		}
	}
	return out, nil
}

func csvReadError(err error, row int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CSVError{Row: row, Column: pe.Column, Err: pe.Err}
	}
	return &CSVError{Row: row, Err: err}
}

type valueCol struct {
	name    string
	unit    Unit
	scale   float64
	col     int
	qualCol int // -1 when absent
}

type layout struct {
	header                     []string
	periodKind                 string // "year", "quarter", "month", "period", "dates"
	periodCol, endCol          int
	fullYear, coverage         int
	title, publisher, url, pub int
	note                       int
	values                     []valueCol
}

func parseHeader(header []string) (*layout, error) {
	l := &layout{header: header, periodCol: -1, endCol: -1, fullYear: -1, coverage: -1, title: -1, publisher: -1, url: -1, pub: -1, note: -1}
	seen := map[string]int{}
	quals := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = name
		colErr := func(err error) error { return &CSVError{Row: 1, Column: i + 1, Name: name, Err: err} }
		if name == "" {
			return nil, colErr(errors.New("empty column name"))
		}
		if j, dup := seen[name]; dup {
			return nil, colErr(fmt.Errorf("duplicate of column %d", j+1))
		}
		seen[name] = i
		switch name {
		case "year", "quarter", "month", "period", "period_start":
			if l.periodCol >= 0 {
				return nil, colErr(fmt.Errorf("a second period column (column %d is %q)", l.periodCol+1, header[l.periodCol]))
			}
			l.periodCol = i
			l.periodKind = name
			if name == "period_start" {
				l.periodKind = "dates"
			}
		case "period_end":
			l.endCol = i
		case "full_year":
			l.fullYear = i
		case "coverage":
			l.coverage = i
		case "source_title":
			l.title = i
		case "publisher":
			l.publisher = i
		case "url":
			l.url = i
		case "published":
			l.pub = i
		case "note":
			l.note = i
		default:
			if base, ok := strings.CutSuffix(name, "_qualifier"); ok {
				quals[base] = i
				continue
			}
			u, sc, ok := valueColumn(name)
			if !ok {
				return nil, colErr(errors.New("unknown column (see freight.ReadCSV for the layout)"))
			}
			l.values = append(l.values, valueCol{name: name, unit: u, scale: sc, col: i, qualCol: -1})
		}
	}
	if l.periodCol < 0 {
		return nil, &CSVError{Row: 1, Err: errors.New("no period column (year, quarter, month, period or period_start)")}
	}
	if (l.periodKind == "dates") != (l.endCol >= 0) {
		if l.endCol >= 0 {
			return nil, &CSVError{Row: 1, Column: l.endCol + 1, Name: "period_end", Err: errors.New("period_end without period_start")}
		}
		return nil, &CSVError{Row: 1, Column: l.periodCol + 1, Name: "period_start", Err: errors.New("period_start without period_end")}
	}
	if l.fullYear >= 0 && l.periodKind != "year" {
		return nil, &CSVError{Row: 1, Column: l.fullYear + 1, Name: "full_year", Err: errors.New("full_year needs a year column")}
	}
	if len(l.values) == 0 {
		return nil, &CSVError{Row: 1, Err: errors.New("no value column (trains, teu, tonnes, or a name ending in one of them)")}
	}
	for base, qi := range quals {
		found := false
		for k := range l.values {
			if l.values[k].name == base {
				l.values[k].qualCol = qi
				found = true
			}
		}
		if !found {
			return nil, &CSVError{Row: 1, Column: qi + 1, Name: header[qi], Err: fmt.Errorf("qualifier for a missing value column %q", base)}
		}
	}
	return l, nil
}

func (l *layout) cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (l *layout) parseRow(rec []string, row int) ([]Observation, error) {
	if len(rec) != len(l.header) {
		return nil, &CSVError{Row: row, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(l.header))}
	}
	cerr := func(col int, err error) error {
		return &CSVError{Row: row, Column: col + 1, Name: l.header[col], Err: err}
	}
	var (
		per Period
		err error
	)
	ps := l.cell(rec, l.periodCol)
	switch l.periodKind {
	case "year":
		var y int
		if y, err = parseYear(ps); err == nil {
			per = YearPeriod(y)
		}
	case "dates":
		st, err1 := time.Parse(time.DateOnly, ps)
		if err1 != nil {
			return nil, cerr(l.periodCol, fmt.Errorf("%q is not a date YYYY-MM-DD", ps))
		}
		es := l.cell(rec, l.endCol)
		en, err2 := time.Parse(time.DateOnly, es)
		if err2 != nil {
			return nil, cerr(l.endCol, fmt.Errorf("%q is not a date YYYY-MM-DD", es))
		}
		if per, err = DatePeriod(st, en); err != nil {
			return nil, cerr(l.endCol, err)
		}
	default:
		if per, err = ParsePeriod(ps); err == nil && l.periodKind != "period" && per.Kind.String() != l.periodKind {
			err = fmt.Errorf("%q is a %s, the column wants a %s", ps, per.Kind, l.periodKind)
		}
	}
	if err != nil {
		return nil, cerr(l.periodCol, err)
	}

	coverage := 1.0
	var coveredTo time.Time
	if l.fullYear >= 0 {
		fy := strings.ToLower(l.cell(rec, l.fullYear))
		switch {
		case fy == "" || fy == "yes":
		case fy == "no":
			coverage = math.NaN()
		case strings.HasPrefix(fy, "no (to ") && strings.HasSuffix(fy, ")"):
			ds := strings.TrimSuffix(strings.TrimPrefix(fy, "no (to "), ")")
			d, err := time.Parse(time.DateOnly, ds)
			if err != nil || d.Before(per.Start) || !d.Before(per.End) {
				return nil, cerr(l.fullYear, fmt.Errorf("%q: the date must be YYYY-MM-DD inside %s and before its last day", fy, per))
			}
			coveredTo = d
			coverage = float64(d.Sub(per.Start).Hours()/24+1) / float64(per.Days())
		default:
			return nil, cerr(l.fullYear, fmt.Errorf("%q: want yes, no, or no (to YYYY-MM-DD)", fy))
		}
	}
	if l.coverage >= 0 {
		if cs := l.cell(rec, l.coverage); cs != "" {
			c, err := strconv.ParseFloat(cs, 64)
			if err != nil || !(c > 0 && c <= 1) {
				return nil, cerr(l.coverage, fmt.Errorf("%q is not a share in (0, 1]", cs))
			}
			if !math.IsNaN(coverage) && coverage != 1 && math.Abs(c-coverage) > 1e-3 {
				return nil, cerr(l.coverage, fmt.Errorf("%v disagrees with full_year (%.4f)", c, coverage))
			}
			coverage = c
		}
	}

	src := Source{
		Title:     l.cell(rec, l.title),
		Publisher: l.cell(rec, l.publisher),
		URL:       l.cell(rec, l.url),
		Published: l.cell(rec, l.pub),
	}
	if len(src.Published) >= 10 {
		if d, err := time.Parse(time.DateOnly, src.Published[:10]); err == nil {
			src.Date = d
		}
	}
	note := l.cell(rec, l.note)

	obs := make([]Observation, len(l.values))
	for k, v := range l.values {
		o := Observation{Period: per, Value: math.NaN(), Coverage: coverage, CoveredTo: coveredTo, Source: src, Note: note}
		vs := l.cell(rec, v.col)
		qs := l.cell(rec, v.qualCol)
		if vs != "" {
			x, err := strconv.ParseFloat(vs, 64)
			switch {
			case err != nil && strings.ContainsAny(vs, ", "):
				return nil, cerr(v.col, fmt.Errorf("%q is not a number (write it without thousands separators)", vs))
			case err != nil || math.IsNaN(x) || math.IsInf(x, 0):
				return nil, cerr(v.col, fmt.Errorf("%q is not a number", vs))
			case x < 0:
				return nil, cerr(v.col, fmt.Errorf("%v is negative", x))
			}
			o.Value = x
		}
		if q, err := ParseQualifier(qs); err != nil {
			return nil, cerr(v.qualCol, err)
		} else if q != Exact && vs == "" {
			return nil, cerr(v.qualCol, fmt.Errorf("qualifier %q without a value in column %q", qs, v.name))
		} else {
			o.Qualifier = q
		}
		obs[k] = o
	}
	return obs, nil
}

// WriteCSV writes series that share a table (for example trains and TEU
// from the same sources) in the layout [ReadCSV] reads: one row per period
// of any series, in time order, a period column ("year", "quarter", "month"
// or "period_start"/"period_end" when the kinds are mixed), each series'
// column and, when any of its figures is qualified, its "_qualifier"
// column, "full_year" (year tables) and/or "coverage" when any figure is
// partial, then the source columns and "note". A period missing from one
// series is written as an empty cell, which reads back as a gap.
//
// It returns an error when a series is invalid, when two series use the
// same column, when periods of different rows overlap, or when two series
// disagree on the coverage, source or note of a period (write them to
// separate tables).
func WriteCSV(w io.Writer, series ...*Series) error {
	if len(series) == 0 {
		return errors.New("freight: WriteCSV: no series")
	}
	cols := map[string]bool{}
	for _, s := range series {
		if err := s.Validate(); err != nil {
			return err
		}
		c := columnName(s)
		if cols[c] {
			return fmt.Errorf("freight: WriteCSV: two series write column %q", c)
		}
		cols[c] = true
	}
	// Rows: the union of periods in time order.
	type rowT struct {
		per Period
		obs []*Observation
	}
	var rows []*rowT
	for si, s := range series {
		for oi := range s.Obs {
			o := &s.Obs[oi]
			var r *rowT
			for _, x := range rows {
				if x.per.Equal(o.Period) {
					r = x
				}
			}
			if r == nil {
				r = &rowT{per: o.Period, obs: make([]*Observation, len(series))}
				rows = append(rows, r)
			}
			r.obs[si] = o
		}
	}
	sortRows := func(a, b *rowT) int {
		if a.per.Before(b.per) {
			return -1
		}
		if b.per.Before(a.per) {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(rows, sortRows)
	kind := Year // an empty table still gets a period column
	if len(rows) > 0 {
		kind = rows[0].per.Kind
	}
	for i, r := range rows {
		if r.per.Kind != kind {
			kind = Dates
		}
		if i > 0 && rows[i-1].per.Overlaps(r.per) {
			return fmt.Errorf("freight: WriteCSV: periods %s and %s overlap", rows[i-1].per, r.per)
		}
	}
	// Per-row shared fields must agree across series.
	var anyPartial, needCoverage, anySource bool
	first := make([]*Observation, len(rows))
	for i, r := range rows {
		for si, o := range r.obs {
			if o == nil {
				continue
			}
			if f := first[i]; f != nil {
				sameCov := f.Coverage == o.Coverage || (math.IsNaN(f.Coverage) && math.IsNaN(o.Coverage))
				if !sameCov || !f.CoveredTo.Equal(o.CoveredTo) || f.Source != o.Source || f.Note != o.Note {
					return fmt.Errorf("freight: WriteCSV: series %q and %q disagree on the coverage, source or note of %s", series[0].Name, series[si].Name, r.per)
				}
				continue
			}
			first[i] = o
			if o.Partial() {
				anyPartial = true
				if kind != Year || (o.CoveredTo.IsZero() && !math.IsNaN(o.Coverage)) {
					needCoverage = true
				}
			}
			if !o.Source.IsZero() || o.Note != "" {
				anySource = true
			}
		}
	}

	var header []string
	switch kind {
	case Year:
		header = append(header, "year")
	case Quarter:
		header = append(header, "quarter")
	case Month:
		header = append(header, "month")
	default:
		header = append(header, "period_start", "period_end")
	}
	qual := make([]bool, len(series))
	for si, s := range series {
		header = append(header, columnName(s))
		for _, o := range s.Obs {
			if o.Qualifier != Exact {
				qual[si] = true
			}
		}
		if qual[si] {
			header = append(header, columnName(s)+"_qualifier")
		}
	}
	fullYear := kind == Year && anyPartial
	if fullYear {
		header = append(header, "full_year")
	}
	if needCoverage {
		header = append(header, "coverage")
	}
	if anySource {
		header = append(header, "source_title", "publisher", "url", "published", "note")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, r := range rows {
		rec := make([]string, 0, len(header))
		if kind == Dates {
			rec = append(rec, r.per.Start.Format(time.DateOnly), r.per.End.Format(time.DateOnly))
		} else {
			rec = append(rec, r.per.String())
		}
		for si := range series {
			o := r.obs[si]
			v, q := "", ""
			if o != nil && !o.IsGap() {
				v = strconv.FormatFloat(o.Value, 'f', -1, 64)
				q = o.Qualifier.Symbol()
			}
			rec = append(rec, v)
			if qual[si] {
				rec = append(rec, q)
			}
		}
		f := first[i]
		if fullYear {
			fy := ""
			switch {
			case f == nil || (f.IsGap() && !f.Partial()):
			case !f.Partial():
				fy = "yes"
			case !f.CoveredTo.IsZero():
				fy = "no (to " + f.CoveredTo.Format(time.DateOnly) + ")"
			default:
				fy = "no"
			}
			rec = append(rec, fy)
		}
		if needCoverage {
			c := ""
			if f != nil && f.Partial() && !math.IsNaN(f.Coverage) {
				c = strconv.FormatFloat(f.Coverage, 'g', -1, 64)
			}
			rec = append(rec, c)
		}
		if anySource {
			var s Source
			note := ""
			if f != nil {
				s, note = f.Source, f.Note
			}
			rec = append(rec, s.Title, s.Publisher, s.URL, s.Published, note)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
