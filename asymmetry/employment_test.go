package asymmetry

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadEmploymentCSVWideAndLong(t *testing.T) {
	// The same table as specTableTwoPlaces in both layouts, with a byte-order
	// mark, spaces and a fractional count written as an integer.
	wide := "\uFEFFsector , X, Y\na,30,10\n b ,10, 30\nc,60.0,0\n"
	long := "Sector,count,PLACE\na,30,X\na,10,Y\nb,10,X\nb,30,Y\nc,60,X\nc,0,Y\n"
	want := &EmploymentTable{Sectors: []string{"a", "b", "c"}, Places: []string{"X", "Y"},
		Counts: [][]float64{{30, 10}, {10, 30}, {60, 0}}}
	for name, in := range map[string]string{"wide": wide, "long": long} {
		got, err := ReadEmploymentCSV(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	// Long form in another order: sectors and places follow first
	// appearance; "employment" names the count column.
	got, err := ReadEmploymentCSV(strings.NewReader("place,sector,employment\nY,b,1.5\nX,b,2\nY,a,0\nX,a,4\n"))
	if err != nil {
		t.Fatal(err)
	}
	want = &EmploymentTable{Sectors: []string{"b", "a"}, Places: []string{"Y", "X"}, Counts: [][]float64{{1.5, 2}, {0, 4}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("long reordered: %+v, want %+v", got, want)
	}
}

func TestReadEmploymentCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in      string
		is            error
		row, col      int
		sector, place string
		text          string
	}{
		{"negative", "sector,X,Y\na,1,2\nb,3,-4\n", ErrNegativeCount, 3, 3, "b", "Y", "-4"},
		{"missing", "sector,X,Y\na,1,\nb,3,4\n", ErrMissingCount, 2, 3, "a", "Y", "missing"},
		{"blank cell", "sector,X,Y\na,1,2\nb,  ,4\n", ErrMissingCount, 3, 2, "b", "X", "missing"},
		{"not a number", "sector,X,Y\na,1,n/a\n", ErrInvalidCount, 2, 3, "a", "Y", `"n/a"`},
		{"thousands separator", "sector,X,Y\na,\"1,200\",2\n", ErrInvalidCount, 2, 2, "a", "X", `"1,200"`},
		{"NaN", "sector,X,Y\na,NaN,2\n", ErrInvalidCount, 2, 2, "a", "X", "finite"},
		{"hexadecimal", "sector,X,Y\na,0x1p3,2\n", ErrInvalidCount, 2, 2, "a", "X", "not a number"},
		{"Inf", "sector,X,Y\na,1,+Inf\n", ErrInvalidCount, 2, 3, "a", "Y", "finite"},
		{"out of range", "sector,X,Y\na,1,1e999\n", ErrInvalidCount, 2, 3, "a", "Y", "range"},
		{"duplicate sector", "sector,X,Y\na,1,2\nb,1,1\na,3,4\n", ErrDuplicateEmploymentName, 4, 1, "a", "", "position 1"},
		{"duplicate place", "sector,X,Y,X\na,1,2,3\n", ErrDuplicateEmploymentName, 1, 4, "", "X", "position 1"},
		{"empty place", "sector,X,Y\na,1,0\nb,3,0\n", ErrEmptyPlace, 1, 3, "", "Y", "no employment"},
		{"empty sector", "sector,X,Y\na,1,1\nb,0,0\n", ErrEmptySector, 3, 1, "b", "", "no employment"},
		{"all zero", "sector,X,Y\na,0,0\nb,0,0\n", ErrEmptyEmploymentTable, 0, 0, "", "", "zero"},
		{"no rows", "sector,X,Y\n", ErrEmptyEmploymentTable, 2, 0, "", "", "no sector rows"},
		{"no input", "", ErrEmptyEmploymentTable, 1, 0, "", "", "header"},
		{"header only sector", "sector\na\n", ErrEmptyEmploymentTable, 1, 0, "", "", "header"},
		{"short row", "sector,X,Y\na,1\n", nil, 2, 0, "a", "", "2 cells, want 3"},
		{"empty place name", "sector,X,\na,1,2\n", nil, 1, 3, "", "", "empty place name"},
		{"empty sector name", "sector,X,Y\n,1,2\n", nil, 2, 1, "", "", "empty sector name"},
		{"bad quote", "sector,X,Y\na,\"1,2\n", nil, 2, 0, "", "", "malformed CSV"},
		{"line numbers with blank lines", "sector,X,Y\n\na,1,2\n\"b\nc\",3,-4\n", ErrNegativeCount, 5, 3, "b\nc", "Y", "-4"},
		{"duplicate after blank lines", "sector,X\n\na,1\n\n\na,2\n", ErrDuplicateEmploymentName, 6, 1, "a", "", "position 1"},
		{"long negative", "place,sector,count\nX,a,1\nY,a,-2\n", ErrNegativeCount, 3, 3, "a", "Y", "-2"},
		{"long missing pair", "place,sector,count\nX,a,1\nY,a,2\nX,b,3\n", ErrMissingCount, 0, 0, "b", "Y", "write 0"},
		{"long empty count", "place,sector,count\nX,a,\n", ErrMissingCount, 2, 3, "a", "X", "missing"},
		{"long duplicate pair", "place,sector,count\nX,a,1\nX,a,1\n", ErrDuplicateEmploymentName, 3, 0, "a", "X", "line 2"},
		{"long empty place", "place,sector,count\nX,a,1\nY,a,0\n", ErrEmptyPlace, 3, 1, "", "Y", "no employment"},
		{"long no rows", "place,sector,count\n", ErrEmptyEmploymentTable, 2, 0, "", "", "no rows"},
		{"long row length", "place,sector,count\nX,a\n", nil, 2, 0, "", "", "want 3"},
		{"long empty sector", "place,sector,count\nX,,1\n", nil, 2, 2, "", "X", "empty sector name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadEmploymentCSV(strings.NewReader(tc.in))
			var ee *EmploymentError
			if !errors.As(err, &ee) {
				t.Fatalf("error %v, want an *EmploymentError", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if ee.Row != tc.row || ee.Column != tc.col || ee.Sector != tc.sector || ee.Place != tc.place {
				t.Errorf("error at row %d column %d sector %q place %q, want %d %d %q %q: %v",
					ee.Row, ee.Column, ee.Sector, ee.Place, tc.row, tc.col, tc.sector, tc.place, err)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not mention %q", err, tc.text)
			}
		})
	}
}

func TestEmploymentErrorMessage(t *testing.T) {
	_, err := ReadEmploymentCSV(strings.NewReader("sector,Yining,Khorgos\nretail,5,-1\n"))
	want := `asymmetry: employment row 2, column 3 (sector "retail", place "Khorgos"): negative employment count: -1`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// specEndlessReader yields an unending row of digits and commas.
type specEndlessReader struct{ n int64 }

var specEndlessPattern = []byte(strings.Repeat("1,", 4096))

func (r *specEndlessReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], specEndlessPattern[int(r.n+int64(n))%2:])
	}
	r.n += int64(n)
	return n, nil
}

func TestReadEmploymentCSVBounded(t *testing.T) {
	// One endless header line: the reader stops at MaxEmploymentCSVBytes.
	r := &specEndlessReader{}
	_, err := ReadEmploymentCSV(r)
	if !errors.Is(err, ErrEmploymentTooLarge) {
		t.Fatalf("endless input: %v, want ErrEmploymentTooLarge", err)
	}
	if r.n > MaxEmploymentCSVBytes+64<<10 {
		t.Errorf("read %d bytes of an endless input, limit %d", r.n, MaxEmploymentCSVBytes)
	}
	// Too many places for the cell limit.
	var b strings.Builder
	b.WriteString("sector")
	for range MaxEmploymentPlaces + 1 {
		b.WriteString(",p")
	}
	if _, err := ReadEmploymentCSV(strings.NewReader(b.String())); !errors.Is(err, ErrEmploymentTooLarge) {
		t.Errorf("too many places: %v, want ErrEmploymentTooLarge", err)
	}
	// Quoted commas and newlines do not separate fields or records.
	if line, n := employmentWidestRecord([]byte("\"a,b\",c\n\"x\ny\",1\n1,2,3\n"), 2); line != 4 || n != 3 {
		t.Errorf("employmentWidestRecord = line %d, %d fields; want line 4, 3 fields", line, n)
	}
	if line, n := employmentWidestRecord([]byte("\"a,b,c\",d\n"), 2); line != 0 || n != 0 {
		t.Errorf("employmentWidestRecord of a 2-field record = %d, %d", line, n)
	}
	// An input exactly at the limit is not cut.
	lr := &employmentLimitReader{r: strings.NewReader("abc"), left: 3}
	if got, err := io.ReadAll(lr); err != nil || string(got) != "abc" {
		t.Errorf("input at the limit: %q, %v", got, err)
	}
	lr = &employmentLimitReader{r: strings.NewReader("abcd"), left: 3}
	if _, err := io.ReadAll(lr); !errors.Is(err, ErrEmploymentTooLarge) {
		t.Errorf("input over the limit: %v", err)
	}
}

func TestReadEmploymentCSVFile(t *testing.T) {
	tab, err := ReadEmploymentCSVFile(filepath.Join("testdata", "spec_illustrative_employment.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Sectors) != 6 || len(tab.Places) != 3 {
		t.Errorf("illustrative table: %d sectors x %d places, want 6 x 3", len(tab.Sectors), len(tab.Places))
	}
	fm, err := ReadSectorFunctionsCSVFile(filepath.Join("testdata", "spec_illustrative_functions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.ByFunction(fm); err != nil {
		t.Errorf("function map does not cover the table: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("sector,A\nx,-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadEmploymentCSVFile(bad); err == nil || !strings.Contains(err.Error(), "bad.csv") {
		t.Errorf("error %v does not name the file", err)
	}
	if _, err := ReadEmploymentCSVFile(filepath.Join(t.TempDir(), "absent.csv")); err == nil {
		t.Error("absent file: no error")
	}
}

func TestReadSectorFunctionsCSV(t *testing.T) {
	got, err := ReadSectorFunctionsCSV(strings.NewReader("Function,SECTOR\nadministrative,gov\nadministrative, police \ntransit,freight\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := SectorFunctions{"gov": "administrative", "police": "administrative", "freight": "transit"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	for _, tc := range []struct{ in, text string }{
		{"", "line 1"},
		{"sector,func\n", "want sector,function"},
		{"sector,function,x\n", "want sector,function"},
		{"sector,function\n", "no sectors"},
		{"sector,function\na,b\n\na,c\n", "line 4: sector \"a\": duplicate name: also on line 2"},
		{"sector,function\na,\n", "line 2: sector \"a\": empty function"},
		{"sector,function\n,b\n", "line 2: empty sector"},
		{"sector,function\na\n", "line 2: 1 cells"},
		{"sector,function\na,\"b\n", "line 2: parse error"},
	} {
		if _, err := ReadSectorFunctionsCSV(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.text)
		}
	}
}

// FuzzReadEmploymentCSV checks that any input either fails with an
// *EmploymentError or gives a table whose measures are finite and within
// their documented ranges.
func FuzzReadEmploymentCSV(f *testing.F) {
	for _, s := range []string{
		"sector,X,Y\na,30,10\nb,10,30\nc,60,0\n",
		"place,sector,count\nX,a,1\nY,a,2\nX,b,0\nY,b,5\n",
		"sector,X\na,1e300\nb,1e300\n",
		"sector,X,Y\na,1,-1\n",
		"sector,X,Y\na,\"1\n",
		"\uFEFFsector,X\na,0.5\n",
		"place,sector,employment\nX,a,3\nX,a,3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tab, err := ReadEmploymentCSV(strings.NewReader(string(in)))
		if err != nil {
			var ee *EmploymentError
			if !errors.As(err, &ee) {
				t.Fatalf("error %v is not an *EmploymentError", err)
			}
			return
		}
		n := float64(len(tab.Sectors))
		for _, v := range tab.PlaceTotals() {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("place total %v", v)
			}
		}
		for _, row := range tab.LocationQuotients() {
			for _, v := range row {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("location quotient %v", v)
				}
			}
		}
		k, err := tab.Krugman(AllPlaces)
		if err != nil {
			t.Fatal(err)
		}
		const eps = 1e-9
		for j, h := range tab.Herfindahl() {
			if !(h >= 1/n-eps && h <= 1+eps) || !(k[j] >= 0 && k[j] <= 2+eps) {
				t.Fatalf("place %q: HHI %v (N = %v), Krugman %v", tab.Places[j], h, n, k[j])
			}
		}
		th, err := tab.Theil(AllPlaces)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range th {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < -eps {
				t.Fatalf("place %q: Theil %v", tab.Places[j], v)
			}
		}
		hm, err := tab.HooverMatrix(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range hm {
			for _, v := range row {
				if !(v >= 0 && v <= 1+eps) {
					t.Fatalf("Hoover %v", v)
				}
			}
		}
		if _, err := tab.DominantFunctions(nil, ByLocationQuotient); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReadSectorFunctionsCSV checks that any input either fails or gives a
// map of non-empty, trimmed names.
func FuzzReadSectorFunctionsCSV(f *testing.F) {
	for _, s := range []string{
		"sector,function\ngov,administrative\nfactory,production\n",
		"function,sector\ntransit,freight\n",
		"sector,function\na,b\na,b\n",
		"sector,function\n\"a,\nb\",c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ReadSectorFunctionsCSV(strings.NewReader(string(in)))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "asymmetry: sector functions") {
				t.Fatalf("error %q does not say what it concerns", err)
			}
			return
		}
		if len(m) == 0 {
			t.Fatal("empty map without an error")
		}
		for s, fn := range m {
			if s == "" || fn == "" || s != strings.TrimSpace(s) || fn != strings.TrimSpace(fn) {
				t.Fatalf("entry %q → %q", s, fn)
			}
		}
	})
}
