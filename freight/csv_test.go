package freight

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEmbeddedMatchesSharedFiles(t *testing.T) {
	// The bundled copies must stay verbatim copies of the curated data when
	// the checkout sits beside it (CI); a fresh clone only has the copies.
	for name, e := range embedded {
		shared := filepath.Join("..", "..", "shared", "data", "rail", filepath.Base(e.file))
		want, err := os.ReadFile(shared)
		if err != nil {
			t.Logf("%s: %v (curated data not beside the checkout; skipping the comparison)", name, err)
			continue
		}
		got, err := EmbeddedCSV(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from %s", name, shared)
		}
	}
	if _, err := Embedded("nowhere"); err == nil {
		t.Error("unknown embedded name: no error")
	}
}

func TestEmbeddedKhorgos(t *testing.T) {
	ss, err := Embedded("khorgos")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].Column != "trains" || ss[1].Column != "cargo_million_tonnes" {
		t.Fatalf("series %+v", ss)
	}
	tr, cargo := ss[0], ss[1]
	if tr.Unit != Trains || tr.Scale != 1 || cargo.Unit != Tonnes || cargo.Scale != 1e6 {
		t.Errorf("units: %v×%v, %v×%v", tr.Unit, tr.Scale, cargo.Unit, cargo.Scale)
	}
	// Values as printed in the README's rail section.
	want := map[int]struct {
		v float64
		q Qualifier
	}{2013: {25, Exact}, 2016: {386, Exact}, 2020: {4720, LowerBound}, 2021: {6000, LowerBound}, 2022: {7000, LowerBound}, 2023: {7762, Exact}, 2024: {8730, Exact}}
	if len(tr.Obs) != 12 {
		t.Fatalf("%d observations, want 12 (2013–2024)", len(tr.Obs))
	}
	for _, o := range tr.Obs {
		y := o.Period.Start.Year()
		w, ok := want[y]
		if !ok {
			if !o.IsGap() {
				t.Errorf("%d: value %v, want a gap", y, o.Value)
			}
			continue
		}
		if o.Value != w.v || o.Qualifier != w.q {
			t.Errorf("%d: %v %v, want %v %v", y, o.Value, o.Qualifier, w.v, w.q)
		}
		if o.Source.URL == "" || o.Source.Title == "" {
			t.Errorf("%d: no source", y)
		}
	}
	o := tr.Obs[tr.Find(YearPeriod(2021))]
	if !o.Partial() || o.CoveredTo != time.Date(2021, 12, 14, 0, 0, 0, 0, time.UTC) || math.Abs(o.Coverage-348.0/365) > 1e-15 {
		t.Errorf("2021 coverage %v to %v, want 348/365 to 2021-12-14", o.Coverage, o.CoveredTo)
	}
	if c := cargo.Obs[cargo.Find(YearPeriod(2024))]; c.Value != 12.1 || c.Value*cargo.Scale != 12.1e6 {
		t.Errorf("2024 cargo %v", c.Value)
	}
	if d := tr.Obs[tr.Find(YearPeriod(2023))].Source.Date; d != time.Date(2024, 1, 6, 0, 0, 0, 0, time.UTC) {
		t.Errorf("2023 source date %v", d)
	}
}

func TestEmbeddedGatewayAnnual(t *testing.T) {
	ss, err := Embedded("khorgos-gateway")
	if err != nil {
		t.Fatal(err)
	}
	s := ss[0]
	if s.Unit != TEU || len(s.Obs) != 3 || s.Obs[1].Period.Kind != Dates {
		t.Fatalf("%+v", s)
	}
	a, err := s.Annual()
	if err != nil {
		t.Fatal(err)
	}
	// 2018-01-01..2018-11-07 is 311 of 365 days.
	o := a.Obs[1]
	if !o.Period.Equal(YearPeriod(2018)) || math.Abs(o.Coverage-311.0/365) > 1e-15 || o.CoveredTo.Format(time.DateOnly) != "2018-11-07" {
		t.Errorf("2018 as a year: %v coverage %v to %v", o.Period, o.Coverage, o.CoveredTo)
	}
	if !a.Obs[0].Period.Equal(YearPeriod(2016)) || a.Obs[0].Partial() || a.Obs[0].Qualifier != LowerBound {
		t.Errorf("2016: %+v", a.Obs[0])
	}
}

func TestCSVRoundTrip(t *testing.T) {
	for _, name := range EmbeddedNames() {
		ss, err := Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, ss...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, err := ReadCSV(bytes.NewReader(buf.Bytes()), "")
		if err != nil {
			t.Fatalf("%s: reading back: %v\n%s", name, err, buf.String())
		}
		if len(back) != len(ss) {
			t.Fatalf("%s: %d series back, want %d", name, len(back), len(ss))
		}
		for i := range ss {
			assertSameSeries(t, name, back[i], ss[i])
		}
	}
	// The china-europe table, whose columns are already in the writer's order, comes back byte for byte.
	b, _ := EmbeddedCSV("china-europe")
	ss, _ := Embedded("china-europe")
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ss...); err != nil {
		t.Fatal(err)
	}
	if buf.String() != strings.ReplaceAll(string(b), "\r\n", "\n") {
		t.Errorf("china-europe table not reproduced:\n%s", buf.String())
	}
}

func assertSameSeries(t *testing.T, name string, got, want *Series) {
	t.Helper()
	if got.Unit != want.Unit || got.Scale != want.Scale || got.Column != want.Column || len(got.Obs) != len(want.Obs) {
		t.Fatalf("%s: series header or length differs: %+v vs %+v", name, got, want)
	}
	for j := range want.Obs {
		g, w := got.Obs[j], want.Obs[j]
		sameVal := g.Value == w.Value || (g.IsGap() && w.IsGap())
		sameCov := g.Coverage == w.Coverage || (math.IsNaN(g.Coverage) && math.IsNaN(w.Coverage))
		if !g.Period.Equal(w.Period) || !sameVal || g.Qualifier != w.Qualifier || !sameCov || !g.CoveredTo.Equal(w.CoveredTo) || g.Source != w.Source || g.Note != w.Note {
			t.Errorf("%s: observation %d differs:\n got %+v\nwant %+v", name, j, g, w)
		}
	}
}

func TestCSVLayouts(t *testing.T) {
	in := "quarter,teu,teu_qualifier,coverage\n2024-Q1,100,,\n2024-Q2,120,>,0.5\n2024-Q3,,,\n"
	ss, err := ReadCSV(strings.NewReader(in), "x")
	if err != nil {
		t.Fatal(err)
	}
	s := ss[0]
	if s.Name != "x teu" || len(s.Obs) != 3 || s.Obs[1].Coverage != 0.5 || s.Obs[1].Qualifier != LowerBound || !s.Obs[2].IsGap() {
		t.Fatalf("%+v", s)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s); err != nil {
		t.Fatal(err)
	}
	if want := "quarter,teu,teu_qualifier,coverage\n2024-Q1,100,,\n2024-Q2,120,>,0.5\n2024-Q3,,,\n"; buf.String() != want {
		t.Errorf("written:\n%s\nwant:\n%s", buf.String(), want)
	}
	m, _ := MonthPeriod(2024, 2)
	ms := &Series{Unit: Tonnes, Scale: 1e3, Obs: []Observation{{Period: m, Value: 5, Coverage: 1}}}
	buf.Reset()
	if err := WriteCSV(&buf, ms); err != nil {
		t.Fatal(err)
	}
	if want := "month,thousand_tonnes\n2024-02,5\n"; buf.String() != want {
		t.Errorf("written %q, want %q", buf.String(), want)
	}
	// Mixed kinds fall back to explicit dates.
	d, _ := DatePeriod(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC))
	mixed := &Series{Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2024), Value: 1, Coverage: 1}, {Period: d, Value: 2, Coverage: 1}}}
	buf.Reset()
	if err := WriteCSV(&buf, mixed); err != nil {
		t.Fatal(err)
	}
	if want := "period_start,period_end,trains\n2024-01-01,2024-12-31,1\n2025-03-01,2025-03-10,2\n"; buf.String() != want {
		t.Errorf("written %q, want %q", buf.String(), want)
	}
}

func TestCSVErrors(t *testing.T) {
	cases := []struct {
		name, in string
		row, col int
		msg      string
	}{
		{"empty", "", 1, 0, "empty input"},
		{"unknown column", "year,trains,colour\n", 1, 3, "unknown column"},
		{"no period", "trains\n5\n", 1, 0, "no period column"},
		{"no value", "year,note\n2020,x\n", 1, 0, "no value column"},
		{"two periods", "year,month,trains\n", 1, 2, "second period column"},
		{"duplicate", "year,trains,trains\n", 1, 3, "duplicate"},
		{"orphan qualifier", "year,trains,teu_qualifier\n", 1, 3, "missing value column"},
		{"end without start", "year,period_end,trains\n", 1, 2, "period_end without period_start"},
		{"full_year on dates", "period_start,period_end,teu,full_year\n", 1, 4, "needs a year"},
		{"bad year", "year,trains\n2020,1\n20x1,5\n", 3, 1, "four-digit year"},
		{"thousands separator", "year,trains\n2020,\"4,720\"\n", 2, 2, "thousands separators"},
		{"not a number", "year,trains\n2020,lots\n", 2, 2, "not a number"},
		{"nan", "year,trains\n2020,NaN\n", 2, 2, "not a number"},
		{"negative", "year,trains\n2020,-3\n", 2, 2, "negative"},
		{"qualifier without value", "year,trains,trains_qualifier\n2020,,>\n", 2, 3, "without a value"},
		{"bad qualifier", "year,trains,trains_qualifier\n2020,5,!\n", 2, 3, "not a qualifier"},
		{"out of order", "year,trains\n2021,5\n2020,4\n", 3, 1, "does not come after"},
		{"repeated year", "year,trains\n2021,5\n2021,4\n", 3, 1, "does not come after"},
		{"bad full_year", "year,trains,full_year\n2021,5,maybe\n", 2, 3, "want yes"},
		{"full_year date outside", "year,trains,full_year\n2021,5,no (to 2022-01-05)\n", 2, 3, "inside 2021"},
		{"coverage range", "year,trains,coverage\n2021,5,1.5\n", 2, 3, "share in (0, 1]"},
		{"coverage disagrees", "year,trains,full_year,coverage\n2021,5,no (to 2021-06-30),0.9\n", 2, 4, "disagrees"},
		{"bad date", "period_start,period_end,teu\n2018-01-01,2018-13-07,5\n", 2, 2, "not a date"},
		{"end before start", "period_start,period_end,teu\n2018-02-01,2018-01-07,5\n", 2, 2, "before start"},
		{"quarter in month column", "month,teu\n2024-Q1,5\n", 2, 1, "column wants a month"},
		{"short row", "year,trains\n2020\n", 2, 0, "wrong number of fields"},
		{"bad quote", "year,trains\n2020,\"5\n", 2, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.in), "")
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *CSVError", err)
			}
			if ce.Row != c.row || (c.col != 0 && ce.Column != c.col) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (row %d, column %d), want row %d, column %d, containing %q", err, ce.Row, ce.Column, c.row, c.col, c.msg)
			}
		})
	}
}

func TestWriteCSVErrors(t *testing.T) {
	a := &Series{Name: "a", Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: 1, Coverage: 1, Note: "x"}}}
	b := &Series{Name: "b", Unit: TEU, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: 1, Coverage: 1, Note: "y"}}}
	if err := WriteCSV(&bytes.Buffer{}, a, b); err == nil || !strings.Contains(err.Error(), "disagree") {
		t.Errorf("conflicting notes: %v", err)
	}
	if err := WriteCSV(&bytes.Buffer{}, a, a); err == nil || !strings.Contains(err.Error(), "two series write column") {
		t.Errorf("same column twice: %v", err)
	}
	bad := &Series{Name: "bad", Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: -1, Coverage: 1}}}
	if err := WriteCSV(&bytes.Buffer{}, bad); err == nil || !strings.Contains(err.Error(), "non-negative") {
		t.Errorf("negative value: %v", err)
	}
	if err := WriteCSV(&bytes.Buffer{}); err == nil {
		t.Error("no series: no error")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, name := range EmbeddedNames() {
		b, err := EmbeddedCSV(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("quarter,teu,teu_qualifier,coverage\n2024-Q1,100,,\n2024-Q2,120,>,0.5\n"))
	f.Add([]byte("period,million_tonnes\n2018-01-01/2018-11-07,1.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := ReadCSV(bytes.NewReader(data), "f")
		if err != nil {
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *CSVError", err)
			}
			return
		}
		for _, s := range ss {
			if err := s.Validate(); err != nil {
				t.Fatalf("ReadCSV accepted an invalid series: %v", err)
			}
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, ss...); err != nil {
			return // e.g. two value columns with the same name after scaling
		}
		back, err := ReadCSV(&buf, "f")
		if err != nil {
			t.Fatalf("cannot read back what WriteCSV wrote: %v\n%s", err, buf.String())
		}
		if len(back) != len(ss) {
			t.Fatalf("%d series back, want %d", len(back), len(ss))
		}
		for i := range ss {
			for j := range ss[i].Obs {
				g, w := back[i].Obs[j], ss[i].Obs[j]
				if !g.Period.Equal(w.Period) || g.Qualifier != w.Qualifier || (g.Value != w.Value && !(g.IsGap() && w.IsGap())) {
					t.Fatalf("round trip changed %+v into %+v", w, g)
				}
			}
		}
	})
}
