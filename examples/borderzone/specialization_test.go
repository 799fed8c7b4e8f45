package main

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The illustrative (invented, not Khorgos) table and function map of the
// asymmetry package's test data.
const (
	specTable     = "../../asymmetry/testdata/spec_illustrative_employment.csv"
	specFunctions = "../../asymmetry/testdata/spec_illustrative_functions.csv"
)

// specWant holds numpy's values for specTable, made once by
//
//	e = np.array([[400,60,40],[300,120,30],[150,700,50],[50,300,30],[60,80,250],[240,140,100]], float)
//	s = e/e.sum(0); R = e.sum(1)/e.sum()
//	for each place j: rest = np.delete(e, j, axis=1).sum(1); r = rest/rest.sum()
//	  hhi = (s[:,j]**2).sum(); hhi_normalized = (hhi - 1/6)/(1 - 1/6)
//	  krugman = np.abs(s[:,j] - r).sum(); theil = (s[:,j]*np.log(s[:,j]/r)).sum()
//	  theil_absolute = np.log(6) + (s[:,j]*np.log(s[:,j])).sum()
//	  hoover_total = 0.5*np.abs(s[:,j] - R).sum(); lq = s[:,j]/R
//
// (/usr/bin/python3, numpy). Dominant functions by LQ over the function map:
// administrative 700/1200 vs 950/3100 → 1.9035; production 1000/1400 vs
// 1280/3100 → 1.7299; transit 250/500 vs 390/3100 → 3.9744.
var specWant = map[string]map[string]float64{
	"Town A": {"total": 1200, "hhi": 0.23347222222222222, "hhi_normalized": 0.08016666666666668, "krugman": 1.050877192982456,
		"theil": 0.7298721991825237, "theil_absolute": 0.21495848425304898, "hoover_total": 0.32204301075268815,
		"lq_public_administration": 2.0666666666666664, "lq_logistics_warehousing": 0.3974358974358975,
		"dominant_lq": 1.9035087719298247, "dominant_share": 700.0 / 1200, "hoover_Town B": 0.5547619047619048},
	"Town B": {"total": 1400, "hhi": 0.3183673469387755, "hhi_normalized": 0.1820408163265306, "krugman": 1.099159663865546,
		"theil": 0.7655394503938662, "theil_absolute": 0.3757053320058683, "hoover_total": 0.30138248847926263,
		"lq_manufacturing": 1.722222222222222, "lq_agriculture": 1.7481203007518797,
		"dominant_lq": 1.7299107142857144, "dominant_share": 1000.0 / 1400, "hoover_Town C": 0.58},
	"Town C": {"total": 500, "hhi": 0.3136, "hhi_normalized": 0.17632, "krugman": 1.0,
		"theil": 0.887110976486033, "theil_absolute": 0.3533722096059928, "hoover_total": 0.41935483870967744,
		"lq_logistics_warehousing": 3.974358974358975, "lq_retail_services": 1.2916666666666667,
		"dominant_lq": 3.974358974358975, "dominant_share": 0.5, "hoover_Town C": 0},
}

func TestSpecializationCLI(t *testing.T) {
	out := filepath.Join(t.TempDir(), "spec.csv")
	// Flags after the table, as the usage line shows.
	stdout, stderr, code := runCLI("specialization", specTable, "-functions", specFunctions, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"6 sectors x 3 places, 3100 employed", "against the rest of the places",
		"Town A  1200", "administrative", "production", "transit", "location quotients", "Hoover", "wrote " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	got := readCSV(t, out)
	wantDominant := map[string]string{"Town A": "administrative", "Town B": "production", "Town C": "transit"}
	for place, cols := range specWant {
		row, ok := got[place]
		if !ok {
			t.Fatalf("no row for %s in %v", place, got)
		}
		if row["dominant_function"] != wantDominant[place] {
			t.Errorf("%s: dominant %q, want %q", place, row["dominant_function"], wantDominant[place])
		}
		for col, want := range cols {
			v, err := strconv.ParseFloat(row[col], 64)
			if err != nil || math.Abs(v-want) > 1e-12 {
				t.Errorf("%s %s = %q, want %.15g", place, col, row[col], want)
			}
		}
	}
}

func TestSpecializationCLIOptions(t *testing.T) {
	// Against all places, Krugman = 2 x the Hoover index to the total;
	// without a map and by share, Town A's dominant sector is public
	// administration (400 of 1200), Town C's logistics (250 of 500).
	out := filepath.Join(t.TempDir(), "spec.csv")
	_, stderr, code := runCLI("specialization", "-reference", "all", "-dominant", "share", "-o", out, specTable)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := readCSV(t, out)
	for place, want := range map[string]string{"Town A": "public_administration", "Town B": "manufacturing", "Town C": "logistics_warehousing"} {
		if got[place]["dominant_function"] != want {
			t.Errorf("%s: dominant %q, want %q", place, got[place]["dominant_function"], want)
		}
		k, _ := strconv.ParseFloat(got[place]["krugman"], 64)
		if math.Abs(k-2*specWant[place]["hoover_total"]) > 1e-12 {
			t.Errorf("%s: Krugman (all) %v, want 2 x %v", place, k, specWant[place]["hoover_total"])
		}
	}
}

func TestSpecializationCLIErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("sector,Yining,Khorgos\nretail,5,-1\nlogistics,2,9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(dir, "partial.csv")
	if err := os.WriteFile(partial, []byte("sector,function\nmanufacturing,production\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		text string
	}{
		{nil, 2, "usage"},
		{[]string{specTable, specTable}, 2, "usage"},
		{[]string{bad}, 1, `bad.csv: asymmetry: employment row 2, column 3 (sector "retail", place "Khorgos"): negative`},
		{[]string{filepath.Join(dir, "absent.csv")}, 1, "absent.csv"},
		{[]string{specTable, "-reference", "mean"}, 1, "-reference"},
		{[]string{specTable, "-dominant", "max"}, 1, "-dominant"},
		{[]string{specTable, "-functions", partial}, 1, `sector "public_administration"`},
		{[]string{specTable, "-o", filepath.Join(dir, "no", "such", "dir.csv")}, 1, "dir.csv"},
	} {
		_, stderr, code := runCLI(append([]string{"specialization"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.text) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.text)
		}
	}
}

// TestSpecializationCLIManyPlaces: beyond asymmetry.MaxHooverPlaces the
// pairwise Hoover indices are left out with a note, the rest still comes.
func TestSpecializationCLIManyPlaces(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("sector")
	const n = 2049
	for j := range n {
		b.WriteString(",p" + strconv.Itoa(j))
	}
	for _, s := range []string{"\na", "\nb"} {
		b.WriteString(s)
		for j := range n {
			b.WriteString("," + strconv.Itoa(1+j%3))
		}
	}
	in, out := filepath.Join(dir, "wide.csv"), filepath.Join(dir, "out.csv")
	if err := os.WriteFile(in, []byte(b.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI("specialization", in, "-o", out)
	if code != 0 || !strings.Contains(stderr, "pairwise Hoover indices omitted") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	got := readCSV(t, out)
	if len(got) != n {
		t.Fatalf("%d rows, want %d", len(got), n)
	}
	row := got["p0"]
	if _, ok := row["hoover_p1"]; ok {
		t.Error("pairwise Hoover columns written beyond the limit")
	}
	// p0 has a = 1, b = 1: shares (.5, .5); the totals are a = b, so its
	// Hoover index to the total is 0.
	if row["hoover_total"] != "0" || row["lq_a"] != "1" {
		t.Errorf("p0: %v", row)
	}
}
