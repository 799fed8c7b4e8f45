package asymmetry

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// ReadEmploymentCSV reads a sector x place employment table from CSV in
// either of two layouts, told apart by the header:
//
//   - Wide (the default): the header row names the places after a first
//     cell that labels the sector column (its text is ignored, e.g.
//     "sector"); each following row is a sector name and one count per
//     place.
//
//     sector,Yining,Qingshuihe,Khorgos
//     administration,120,15,10
//     manufacturing,40,300,20
//
//   - Long: a header of exactly the three names place, sector and count
//     (case-insensitive, any order; "employment" is accepted for count),
//     then one row per sector-place pair. Every pair must have exactly one
//     row: write zeros explicitly (an absent pair is a missing count, not a
//     zero). Sectors and places take the order of their first appearance.
//
//     place,sector,count
//     Yining,administration,120
//
// Counts are decimal numbers (fractions allowed, e.g. full-time
// equivalents); surrounding spaces are ignored and a UTF-8 byte-order mark
// before the header is skipped. Names are compared exactly after trimming.
//
// Every problem is an [*EmploymentError] naming where it is in the input,
// as the line (Row: the line number, from 1, on which the cell or record
// starts; blank lines count, so it is what an editor shows) and the column
// (the field number, from 1), and the sector and place concerned:
// an empty cell or absent long-form pair ([ErrMissingCount]); a cell that
// is not a number, or is NaN or infinite ([ErrInvalidCount]); a negative
// count ([ErrNegativeCount]); a repeated sector, place or long-form pair
// ([ErrDuplicateEmploymentName]); a place or sector whose counts are all zero
// ([ErrEmptyPlace], [ErrEmptySector]); no data or all counts zero
// ([ErrEmptyEmploymentTable]); a row with the wrong number of cells; and an input
// beyond [MaxEmploymentCSVBytes] or the other MaxEmployment* limits
// ([ErrEmploymentTooLarge]).
func ReadEmploymentCSV(r io.Reader) (*EmploymentTable, error) {
	cr, err := boundedEmploymentCSV(r)
	if err != nil {
		return nil, err
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &EmploymentError{Row: 1, Err: fmt.Errorf("%w: no header row", ErrEmptyEmploymentTable)}
	}
	if err != nil {
		return nil, employmentCSVError(err, 1)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	for k := range header {
		header[k] = strings.TrimSpace(header[k])
	}
	if cols, ok := employmentLongHeader(header); ok {
		return readEmploymentLong(cr, cols)
	}
	return readEmploymentWide(cr, header)
}

// ReadEmploymentCSVFile is [ReadEmploymentCSV] on a file; errors name the
// file.
func ReadEmploymentCSVFile(path string) (*EmploymentTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := ReadEmploymentCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// boundedEmploymentCSV reads at most MaxEmploymentCSVBytes of r and checks
// that no record has more than MaxEmploymentPlaces+1 fields before handing
// the bytes to a csv.Reader, which builds each record whole: a single
// record of millions of fields would otherwise cost far more memory than
// its bytes.
func boundedEmploymentCSV(r io.Reader) (*csv.Reader, error) {
	data, err := io.ReadAll(&employmentLimitReader{r: r, left: MaxEmploymentCSVBytes})
	if err != nil {
		if errors.Is(err, ErrEmploymentTooLarge) {
			return nil, &EmploymentError{Err: err}
		}
		return nil, &EmploymentError{Err: fmt.Errorf("reading CSV: %w", err)}
	}
	if line, n := employmentWidestRecord(data, MaxEmploymentPlaces+1); n > MaxEmploymentPlaces+1 {
		return nil, &EmploymentError{Err: fmt.Errorf("%w: the record on line %d has more than %d fields", ErrEmploymentTooLarge, line, MaxEmploymentPlaces+1)}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	return cr, nil
}

// employmentWidestRecord scans CSV bytes, honouring quotes, and returns the first
// line of the first record with more than max fields and its field count
// (n ≤ max when there is none). A malformed quote can only make it
// undercount after the point where encoding/csv itself stops with an error.
func employmentWidestRecord(data []byte, max int) (line, n int) {
	inQuote := false
	fields, start, cur := 1, 1, 1
	for _, c := range data {
		switch c {
		case '"':
			inQuote = !inQuote
		case ',':
			if !inQuote {
				fields++
				if fields > max {
					return start, fields
				}
			}
		case '\n':
			cur++
			if !inQuote {
				fields, start = 1, cur
			}
		}
	}
	return 0, 0
}

// employmentLimitReader fails with ErrEmploymentTooLarge once more than left bytes are read.
type employmentLimitReader struct {
	r    io.Reader
	left int64
}

// Read reads from the underlying reader, failing once the size limit is passed (io.Reader).
func (l *employmentLimitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// At the limit: only an input that ends here is accepted.
		var one [1]byte
		m, err := l.r.Read(one[:])
		if m > 0 {
			return 0, errEmploymentCSVTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

var errEmploymentCSVTooLarge = fmt.Errorf("%w: more than %d bytes of CSV", ErrEmploymentTooLarge, MaxEmploymentCSVBytes)

// employmentCSVError wraps an error of the csv reader, whose record starts
// on line row (or at the line the csv reader names).
func employmentCSVError(err error, row int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &EmploymentError{Row: pe.StartLine, Err: fmt.Errorf("malformed CSV (line %d, byte %d of the line): %w", pe.Line, pe.Column, pe.Err)}
	}
	return &EmploymentError{Row: row, Err: err}
}

// recordLine returns the line on which field k of the last record read
// starts.
func recordLine(cr *csv.Reader, k int) int {
	line, _ := cr.FieldPos(k)
	return line
}

// parseEmploymentCount reads one count cell.
func parseEmploymentCount(cell string) (float64, error) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return 0, ErrMissingCount
	}
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && strings.ContainsAny(s, "xX_") {
		err = errors.New("hexadecimal") // ParseFloat reads 0x1p3; a table should not
	}
	if err != nil {
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, fmt.Errorf("%w: %q is out of the float64 range", ErrInvalidCount, s)
		}
		return 0, fmt.Errorf("%w: %q is not a number", ErrInvalidCount, s)
	}
	if err := checkEmploymentCount(v); err != nil {
		return 0, err
	}
	return v + 0, nil
}

// readEmploymentWide reads the rows of a wide table after its header.
func readEmploymentWide(cr *csv.Reader, header []string) (*EmploymentTable, error) {
	if len(header) < 2 {
		return nil, &EmploymentError{Row: recordLine(cr, 0), Err: fmt.Errorf("%w: header has %d cell(s), want a sector label and at least one place (or the long form place,sector,count)", ErrEmptyEmploymentTable, len(header))}
	}
	t := &EmploymentTable{Places: header[1:]}
	headerLine := recordLine(cr, 0)
	var sectorLines []int
	loc := &employmentLocator{
		sector: func(i int) (int, int) {
			if i >= len(sectorLines) { // the header check below, before any row
				return headerLine, 1
			}
			return sectorLines[i], 1
		},
		place: func(j int) (int, int) { return headerLine, j + 2 },
	}
	if err := checkEmploymentNames([]string{"(header)"}, t.Places, loc); err != nil {
		return nil, err
	}
	for row := headerLine + 1; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, employmentCSVError(err, row)
		}
		row = recordLine(cr, 0)
		if len(t.Sectors) == MaxEmploymentSectors || (len(t.Sectors)+1)*len(t.Places) > MaxEmploymentCells {
			return nil, &EmploymentError{Row: row, Err: fmt.Errorf("%w: more than %d sectors or %d cells", ErrEmploymentTooLarge, MaxEmploymentSectors, MaxEmploymentCells)}
		}
		sector := strings.TrimSpace(rec[0])
		if len(rec) != len(header) {
			return nil, &EmploymentError{Row: row, Sector: sector, Err: fmt.Errorf("%d cells, want %d (a sector name and %d places)", len(rec), len(header), len(t.Places))}
		}
		counts := make([]float64, len(t.Places))
		for j := range counts {
			v, err := parseEmploymentCount(rec[j+1])
			if err != nil {
				return nil, &EmploymentError{Row: recordLine(cr, j+1), Column: j + 2, Sector: sector, Place: t.Places[j], Err: err}
			}
			counts[j] = v
		}
		sectorLines = append(sectorLines, row)
		t.Sectors = append(t.Sectors, sector)
		t.Counts = append(t.Counts, counts)
	}
	if len(t.Sectors) == 0 {
		return nil, &EmploymentError{Row: headerLine + 1, Err: fmt.Errorf("%w: no sector rows after the header", ErrEmptyEmploymentTable)}
	}
	if err := checkEmploymentNames(t.Sectors, t.Places, loc); err != nil {
		return nil, err
	}
	if err := t.checkTotals(loc); err != nil {
		return nil, err
	}
	return t, nil
}

// employmentLongColumns are the positions of the long form's columns.
type employmentLongColumns struct{ place, sector, count int }

// employmentLongHeader recognises the long form's header.
func employmentLongHeader(header []string) (employmentLongColumns, bool) {
	if len(header) != 3 {
		return employmentLongColumns{}, false
	}
	c := employmentLongColumns{-1, -1, -1}
	for k, h := range header {
		switch strings.ToLower(h) {
		case "place":
			c.place = k
		case "sector":
			c.sector = k
		case "count", "employment":
			c.count = k
		}
	}
	return c, c.place >= 0 && c.sector >= 0 && c.count >= 0
}

// readEmploymentLong reads the rows of a long table after its header.
func readEmploymentLong(cr *csv.Reader, cols employmentLongColumns) (*EmploymentTable, error) {
	type pair struct{ i, j int }
	var (
		sectorAt = map[string]int{}
		placeAt  = map[string]int{}
		// first rows where each sector and place appear, for messages
		sectorRows, placeRows []int
		t                     = &EmploymentTable{}
		values                = map[pair]float64{}
		rows                  = map[pair]int{}
	)
	headerLine := recordLine(cr, 0)
	for row := headerLine + 1; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, employmentCSVError(err, row)
		}
		row = recordLine(cr, 0)
		if len(values) == MaxEmploymentCells {
			return nil, &EmploymentError{Row: row, Err: fmt.Errorf("%w: more than %d rows", ErrEmploymentTooLarge, MaxEmploymentCells)}
		}
		if len(rec) != 3 {
			return nil, &EmploymentError{Row: row, Err: fmt.Errorf("%d cells, want 3 (place, sector, count)", len(rec))}
		}
		place, sector := strings.TrimSpace(rec[cols.place]), strings.TrimSpace(rec[cols.sector])
		if sector == "" {
			return nil, &EmploymentError{Row: row, Column: cols.sector + 1, Place: place, Err: errors.New("empty sector name")}
		}
		if place == "" {
			return nil, &EmploymentError{Row: row, Column: cols.place + 1, Sector: sector, Err: errors.New("empty place name")}
		}
		i, ok := sectorAt[sector]
		if !ok {
			i = len(t.Sectors)
			sectorAt[sector] = i
			t.Sectors = append(t.Sectors, sector)
			sectorRows = append(sectorRows, row)
		}
		j, ok := placeAt[place]
		if !ok {
			j = len(t.Places)
			placeAt[place] = j
			t.Places = append(t.Places, place)
			placeRows = append(placeRows, row)
		}
		v, err := parseEmploymentCount(rec[cols.count])
		if err != nil {
			return nil, &EmploymentError{Row: recordLine(cr, cols.count), Column: cols.count + 1, Sector: sector, Place: place, Err: err}
		}
		if first, dup := rows[pair{i, j}]; dup {
			return nil, &EmploymentError{Row: row, Sector: sector, Place: place, Err: fmt.Errorf("%w: sector-place pair also on line %d", ErrDuplicateEmploymentName, first)}
		}
		values[pair{i, j}] = v
		rows[pair{i, j}] = row
	}
	if len(values) == 0 {
		return nil, &EmploymentError{Row: headerLine + 1, Err: fmt.Errorf("%w: no rows after the header", ErrEmptyEmploymentTable)}
	}
	loc := &employmentLocator{
		sector: func(i int) (int, int) { return sectorRows[i], cols.sector + 1 },
		place:  func(j int) (int, int) { return placeRows[j], cols.place + 1 },
	}
	if err := checkEmploymentNames(t.Sectors, t.Places, loc); err != nil {
		return nil, err
	}
	// Every pair has one row, so a grid larger than the rows read has a
	// hole; the first hole in row-major order is among the first
	// len(values)+1 pairs visited, so the search is bounded by the input.
	if len(values) != len(t.Sectors)*len(t.Places) {
		for i := range t.Sectors {
			for j := range t.Places {
				if _, ok := values[pair{i, j}]; !ok {
					return nil, &EmploymentError{Sector: t.Sectors[i], Place: t.Places[j],
						Err: fmt.Errorf("%w: no row for this sector-place pair (write 0 for no employment)", ErrMissingCount)}
				}
			}
		}
	}
	t.Counts = make([][]float64, len(t.Sectors))
	for i := range t.Sectors {
		t.Counts[i] = make([]float64, len(t.Places))
		for j := range t.Places {
			t.Counts[i][j] = values[pair{i, j}]
		}
	}
	if err := t.checkTotals(loc); err != nil {
		return nil, err
	}
	return t, nil
}
