package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// writeSideRasters writes a 40 x 30 value raster of 100 m UTM pixels whose
// value is 1 + 0.1·(col mod 3) on the left (negative) half and 2 + 0.1·(row
// mod 4) on the right, a signed distance (col − 19.5)·100 m, and side
// labels 1 (left) and 2 (right). It returns the three paths and the side
// means worked out from the pattern: left 1.095 (cols 0…19 hold 7, 7, 6
// of the residues 0, 1, 2: 1 + 0.1·(7·0 + 7·1 + 6·2)/20 = 1.095), right
// 2 + 0.1·(mean of row mod 4 over 30 rows: (8·0+8·1+7·2+7·3)/30 = 1.4333) = 2.14333.
func writeSideRasters(t *testing.T, dir string) (value, dist, sides string, left, right float64) {
	t.Helper()
	g := raster.Grid{Width: 40, Height: 30, Transform: raster.Affine{500000, 100, 0, 4800000, 0, -100}, CRS: raster.CRS{EPSG: 32644}}
	v, d := raster.NewBand(g, "value"), raster.NewBand(g, "distance")
	l := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "West"}, {Code: 2, Name: "East"}})
	for r := range 30 {
		for c := range 40 {
			i := r*40 + c
			d.Data[i] = float32((float64(c) - 19.5) * 100)
			if c < 20 {
				v.Data[i] = float32(1 + 0.1*float64(c%3))
				l.Data[i] = 1
			} else {
				v.Data[i] = float32(2 + 0.1*float64(r%4))
				l.Data[i] = 2
			}
		}
	}
	value, dist, sides = filepath.Join(dir, "v.tif"), filepath.Join(dir, "d.tif"), filepath.Join(dir, "s.tif")
	for p, data := range map[string]any{value: v, dist: d, sides: l} {
		if err := geotiff.WriteFile(p, data, nil); err != nil {
			t.Fatal(err)
		}
	}
	return value, dist, sides, 1.095, 2 + 0.1*43.0/30
}

func readCSVRow(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%s: %v %v", path, recs, err)
	}
	m := map[string]string{}
	for i, h := range recs[0] {
		m[h] = recs[1][i]
	}
	return m
}

func csvFloat(t *testing.T, m map[string]string, k string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(m[k], 64)
	if err != nil {
		t.Fatalf("column %s: %q", k, m[k])
	}
	return x
}

// TestCompareCLI runs `borderzone compare` with -distance and with -sides
// and checks the side means and difference against the means worked out
// from the raster's pattern (float32 values, hence 1e-6), the side names
// and order (A positive with -distance), and the interval around the
// difference.
func TestCompareCLI(t *testing.T) {
	dir := t.TempDir()
	value, dist, sides, left, right := writeSideRasters(t, dir)
	out := filepath.Join(dir, "c.csv")
	stdout, stderr, code := runCLI("compare", "-value", value, "-distance", dist, "-names", "CHN,KAZ", "-block", "500", "-reps", "199", "-perms", "99", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "A = KAZ vs B = CHN") || !strings.Contains(stdout, "permutation p-value") {
		t.Errorf("stdout %s", stdout)
	}
	m := readCSVRow(t, out)
	if m["a"] != "KAZ" || m["b"] != "CHN" || m["n_a"] != "600" || m["blocks_a"] != "24" {
		t.Errorf("csv %v", m)
	}
	if math.Abs(csvFloat(t, m, "stat_a")-right) > 1e-6 || math.Abs(csvFloat(t, m, "stat_b")-left) > 1e-6 ||
		math.Abs(csvFloat(t, m, "difference")-(right-left)) > 1e-6 {
		t.Errorf("means %s %s difference %s, want %v %v", m["stat_a"], m["stat_b"], m["difference"], right, left)
	}
	if lo, hi := csvFloat(t, m, "difference_low"), csvFloat(t, m, "difference_high"); !(lo < right-left && right-left < hi) {
		t.Errorf("interval %v %v", lo, hi)
	}
	// The permutation p-value can be no smaller than 1/(99+1).
	if p := csvFloat(t, m, "permutation_p"); p != 0.01 {
		t.Errorf("permutation p %v, want 0.01 (every permutation less extreme than the observed split)", p)
	}

	stdout, stderr, code = runCLI("compare", "-value", value+":1", "-sides", sides, "-a", "1", "-b", "2", "-stat", "median", "-reps", "99", "-perms", "0", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	m = readCSVRow(t, out)
	// Medians: left values 1.0, 1.1, 1.2 with 7/7/6 of 20 columns → 1.1;
	// right 2.0…2.3 by row with 8/8/7/7 of 30 rows → 2.1.
	if m["a"] != "West" || math.Abs(csvFloat(t, m, "stat_a")-1.1) > 1e-6 || math.Abs(csvFloat(t, m, "stat_b")-2.1) > 1e-6 || m["permutation_p"] != "" {
		t.Errorf("median csv %v", m)
	}
}

// TestCompareCLIErrors checks the messages for bad input.
func TestCompareCLIErrors(t *testing.T) {
	dir := t.TempDir()
	value, dist, _, _, _ := writeSideRasters(t, dir)
	other := filepath.Join(dir, "small.tif")
	if err := geotiff.WriteFile(other, raster.NewBand(raster.Grid{Width: 3, Height: 3, Transform: raster.Affine{0, 1, 0, 0, 0, -1}}, "x"), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-value", value}, "usage"},
		{[]string{"-value", filepath.Join(dir, "missing.tif"), "-distance", dist}, "missing.tif"},
		{[]string{"-value", value + ":3", "-distance", dist}, "band 3 does not exist"},
		{[]string{"-value", value, "-distance", other}, "grid"},
		{[]string{"-value", value, "-distance", dist, "-stat", "mode"}, "unknown statistic"},
		{[]string{"-value", value, "-distance", dist, "-block", "-5"}, "block size"},
	} {
		_, stderr, code := runCLI(append([]string{"compare"}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", c.args, code, stderr, c.want)
		}
	}
}

// TestCompareCLITable compares per-zone values from a CSV: side CHN holds
// 1, 2, 3 (an empty cell skipped), KAZ 4, 5, 6 and a third group is left
// out, so the means are 2 and 5, the difference −3 and the ratio 0.4.
func TestCompareCLITable(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "zones.csv"), filepath.Join(dir, "c.csv")
	table := "id,side,ED\nz1,CHN,1\nz2,CHN,2\nz3,KAZ,4\nz4,CHN,3\nz5,KAZ,5\nz6,KAZ,6\nz7,CHN,\nz8,MNG,100\n"
	if err := os.WriteFile(in, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI("compare", "-table", in, "-column", "ED", "-group", "side", "-a", "CHN", "-b", "KAZ", "-reps", "99", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	m := readCSVRow(t, out)
	if m["a"] != "CHN" || m["n_a"] != "3" || m["n_b"] != "3" || m["stat_a"] != "2" || m["stat_b"] != "5" || m["difference"] != "-3" || m["ratio"] != "0.4" {
		t.Errorf("csv %v", m)
	}
	if err := os.WriteFile(in, []byte("id,side,ED\nz1,CHN,1\nz2,KAZ,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI("compare", "-table", in, "-column", "ED", "-group", "side", "-a", "CHN", "-b", "KAZ")
	if code == 0 || !strings.Contains(stderr, "row 3, column ED") {
		t.Errorf("bad cell: exit %d, %s", code, stderr)
	}
	_, stderr, code = runCLI("compare", "-table", in, "-column", "LPI", "-group", "side", "-a", "CHN", "-b", "KAZ")
	if code == 0 || !strings.Contains(stderr, "LPI") {
		t.Errorf("missing column: exit %d, %s", code, stderr)
	}
}
