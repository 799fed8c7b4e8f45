package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

func writeLabelsTIFF(t *testing.T, path string, w, h int, data []uint16) {
	t.Helper()
	g := raster.Grid{Width: w, Height: h, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	l := &raster.Labels{Grid: g, Data: data, Classes: []raster.Class{{Code: 1, Name: "built-up"}, {Code: 2, Name: "cropland"}}}
	if err := geotiff.WriteFile(path, l, nil); err != nil {
		t.Fatal(err)
	}
}

// TestAccuracyCLIPixels: the 3 x 2 maps of classify's TestConfusionFromLabels
// worked by hand — OA 3/5, kappa 1/6, class 1: UA 1/2, PA 1/2; class 2: UA
// 2/3, PA 2/3 — through GeoTIFF files.
func TestAccuracyCLIPixels(t *testing.T) {
	dir := t.TempDir()
	ref, mp := filepath.Join(dir, "ref.tif"), filepath.Join(dir, "map.tif")
	writeLabelsTIFF(t, ref, 3, 2, []uint16{1, 1, 2, 2, 0, 2})
	writeLabelsTIFF(t, mp, 3, 2, []uint16{1, 2, 2, 2, 2, 1})
	table, matrix := filepath.Join(dir, "acc.csv"), filepath.Join(dir, "m.csv")
	out, errs, code := runCLI("accuracy", "-reference", ref, "-map", mp, "-o", table, "-matrix", matrix)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "overall accuracy 0.6000, kappa 0.1667") {
		t.Errorf("summary %q", out)
	}
	rows := readCSVFile(t, table)
	if len(rows) != 4 || rows[1][1] != "built-up" || rows[3][0] != "overall" {
		t.Fatalf("table %v", rows)
	}
	for _, c := range []struct {
		row, col int
		want     float64
	}{{1, 5, 0.5}, {1, 6, 0.5}, {2, 5, 2.0 / 3}, {2, 6, 2.0 / 3}, {3, 5, 0.6}, {3, 8, 1.0 / 6}} {
		if v := num(t, rows[c.row][c.col]); math.Abs(v-c.want) > 1e-9 {
			t.Errorf("%s of %s = %v, want %v", rows[0][c.col], rows[c.row][0], v, c.want)
		}
	}
	m := readCSVFile(t, matrix)
	if fmt.Sprint(m) != `[[map\reference 1 2] [1 1 1] [2 1 2]]` {
		t.Errorf("matrix %v", m)
	}
	for _, bad := range [][]string{
		{"accuracy", "-reference", filepath.Join(dir, "missing.tif"), "-map", mp},
		{"accuracy", "-reference", ref, "-map", mp, "-band", "3"},
	} {
		if _, errs, code := runCLI(bad...); code != 1 || !strings.Contains(errs, "borderzone accuracy") {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}
	if _, _, code := runCLI("accuracy", "-map", mp); code != 2 {
		t.Errorf("no -reference: exit %d, want 2", code)
	}
}

// TestAccuracyCLIOlofsson feeds the sample of Olofsson et al. (2014), Table 8
// (../../classify/testdata/acc_olofsson2014_table8.md), as 640 reference/map
// pairs and the mapped areas in hectares, and checks the published area,
// accuracy and confidence-interval figures of that file.
func TestAccuracyCLIOlofsson(t *testing.T) {
	dir := t.TempDir()
	counts := [4][4]int{{66, 0, 5, 4}, {0, 55, 8, 12}, {1, 0, 153, 11}, {2, 1, 9, 313}}
	var b strings.Builder
	b.WriteString("id,map,reference\n")
	id := 0
	for i, row := range counts {
		for j, n := range row {
			for range n {
				id++
				fmt.Fprintf(&b, "%d,%d,%d\n", id, i+1, j+1)
			}
		}
	}
	pairs, areas := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "areas.csv")
	if err := os.WriteFile(pairs, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(areas, []byte("class,area\n1,18000\n2,13500\n3,288000\n4,580500\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	table := filepath.Join(dir, "est.csv")
	if _, errs, code := runCLI("accuracy", "-samples", pairs, "-areas", areas, "-o", table); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := readCSVFile(t, table)
	// class, estimated area ± CI (ha), UA ± CI, PA ± CI as published.
	want := [][6]float64{
		{21157.76, 6157.521, 0.8800000, 0.07403962, 0.7486614, 0.21330593},
		{11686.15, 3755.757, 0.7333333, 0.10075516, 0.8471564, 0.25440369},
		{285769.9, 15509.55, 0.9272727, 0.03974464, 0.9345089, 0.03432379},
		{581386.2, 16281.36, 0.9630769, 0.02053312, 0.9616090, 0.01836120},
	}
	for i, w := range want {
		r := rows[i+1]
		for k, col := range []int{4, 5, 6, 7, 8, 9} {
			tol := 0.5e-7
			if k < 2 {
				tol = 0.06
			}
			if v := num(t, r[col]); math.Abs(v-w[k]) > tol {
				t.Errorf("class %s %s = %v, published %v", r[0], rows[0][col], v, w[k])
			}
		}
	}
	last := rows[len(rows)-1]
	if math.Abs(num(t, last[6])-0.9465119) > 5e-8 || math.Abs(num(t, last[7])-0.01848328) > 5e-9 {
		t.Errorf("overall %v", last)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("map,reference\n1,1\n1,x\n"), 0o644)
	if _, errs, code := runCLI("accuracy", "-samples", bad, "-areas", areas); code != 1 || !strings.Contains(errs, "line 3") {
		t.Errorf("bad sample row: exit %d, %q", code, errs)
	}
}

// FuzzAccuracyCSV feeds arbitrary bytes to the sample-pair and mapped-area
// readers: they must return codes, areas or an error, never panic, and
// every code they return must be a class code (1–65535) and every area
// positive.
func FuzzAccuracyCSV(f *testing.F) {
	f.Add([]byte("map,reference\n1,1\n2,1\n"))
	f.Add([]byte("id,Reference , MAP\n7,3,3\n8,65535,1\n"))
	f.Add([]byte("class,area\n1,18000\n2,1e3\n"))
	f.Add([]byte("class,area\n1,-5\n"))
	f.Add([]byte("map,reference\n\"1\n"))
	f.Add([]byte("reference\n1\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if ref, mp, err := readSamplePairs(path); err == nil {
			if len(ref) != len(mp) || len(ref) == 0 {
				t.Fatalf("%d reference and %d map codes", len(ref), len(mp))
			}
			for i := range ref {
				if ref[i] == 0 || mp[i] == 0 {
					t.Fatal("code 0 accepted")
				}
			}
		}
		if areas, err := readAreas(path); err == nil {
			for c, a := range areas {
				if c == 0 || !(a > 0) || math.IsInf(a, 0) {
					t.Fatalf("class %d area %v accepted", c, a)
				}
			}
		}
	})
}

// TestAccuracyCLIDraw designs a sample on a 10 x 10 map with 90 pixels of
// class 2 and 10 of class 1: 20 units allocated in proportion (18 and 2)
// and raised to -min 5 for class 1; every unit lies on its class, and the
// file read back without references is an error naming the line.
func TestAccuracyCLIDraw(t *testing.T) {
	dir := t.TempDir()
	mp := filepath.Join(dir, "map.tif")
	data := make([]uint16, 100)
	for i := range data {
		data[i] = 2
		if i%10 == 0 {
			data[i] = 1
		}
	}
	writeLabelsTIFF(t, mp, 10, 10, data)
	out := filepath.Join(dir, "sample.csv")
	if _, errs, code := runCLI("accuracy", "-draw", "20", "-min", "5", "-seed", "7", "-map", mp, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := readCSVFile(t, out)
	per := map[string]int{}
	for _, r := range rows[1:] {
		col, row := int(num(t, r[1])), int(num(t, r[2]))
		if want := strconv.Itoa(int(data[row*10+col])); r[5] != want {
			t.Errorf("unit %v: map %s, pixel has %s", r, r[5], want)
		}
		// x, y are the pixel centre: 500000 + 30 (col + 0.5), 4900000 − 30 (row + 0.5).
		if num(t, r[3]) != 500000+30*(float64(col)+0.5) || num(t, r[4]) != 4900000-30*(float64(row)+0.5) {
			t.Errorf("unit %v: wrong coordinates", r)
		}
		per[r[5]]++
	}
	if per["1"] != 5 || per["2"] != 18 {
		t.Errorf("units per class %v, want 1: 5, 2: 18", per)
	}
	if _, errs, code := runCLI("accuracy", "-samples", out, "-map", mp); code != 1 || !strings.Contains(errs, "line 2") {
		t.Errorf("unfilled references: exit %d, %q", code, errs)
	}
}
