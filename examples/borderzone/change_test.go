package main

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestChangeCLI runs the town of classify's Example_change through GeoTIFF
// files. Worked by hand: built-up (1) grows from 8 to 13 pixels of 0.09 ha
// (0.72 → 1.17 ha) over 2014–2024: annual rate ln(13/8)/10 = 0.048551,
// compound (13/8)^(1/10) − 1 = 0.049749; cropland loses 0.45 ha. Three new
// patches: outlying (0.18 ha), infilling (0.09 ha, LEI 100), edge (0.18 ha,
// LEI 30).
func TestChangeCLI(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.tif"), filepath.Join(dir, "b.tif")
	writeLabelsTIFF(t, a, 8, 5, []uint16{
		2, 2, 2, 2, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 2,
		2, 1, 2, 1, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2,
	})
	writeLabelsTIFF(t, b, 8, 5, []uint16{
		2, 2, 2, 2, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 1,
		2, 1, 1, 1, 1, 2, 2, 1,
		2, 1, 1, 1, 1, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2,
	})
	tr, sum, types, patches := filepath.Join(dir, "tr.csv"), filepath.Join(dir, "sum.csv"), filepath.Join(dir, "types.tif"), filepath.Join(dir, "p.csv")
	out, errs, code := runCLI("change", "-from", a, "-to", b, "-o", tr, "-summary", sum, "-years", "2014,2024",
		"-built-up", "1", "-expansion", types, "-patches", patches)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "infilling 1 (0.09 ha), edge-expansion 1 (0.18 ha), outlying 1 (0.18 ha)") {
		t.Errorf("summary %q", out)
	}
	rows := readCSVFile(t, tr)
	// 1→1: 8, 2→1: 5, 2→2: 27.
	want := map[string]float64{"1>1": 8, "2>1": 5, "2>2": 27}
	if len(rows) != 4 {
		t.Fatalf("transitions %v", rows)
	}
	for _, r := range rows[1:] {
		if n, ok := want[r[0]+">"+r[2]]; !ok || num(t, r[4]) != n || math.Abs(num(t, r[5])-0.09*n) > 1e-9 {
			t.Errorf("transition row %v", r)
		}
	}
	s := readCSVFile(t, sum)
	if s[1][1] != "built-up" || math.Abs(num(t, s[1][5])-0.45) > 1e-9 || math.Abs(num(t, s[1][10])-0.048551) > 5e-7 || math.Abs(num(t, s[1][11])-0.049749) > 5e-7 {
		t.Errorf("built-up summary %v", s[1])
	}
	if math.Abs(num(t, s[2][6])-0.45) > 1e-9 || math.Abs(num(t, s[2][7])+0.45) > 1e-9 {
		t.Errorf("cropland summary %v", s[2])
	}
	p := readCSVFile(t, patches)
	if len(p) != 4 || p[1][10] != "outlying" || p[2][10] != "infilling" || p[3][10] != "edge-expansion" || num(t, p[3][9]) != 30 {
		t.Errorf("patches %v", p)
	}
	f, err := geotiff.Open(types)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.ReadLabels(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	if l.At(2, 2) != 1 || l.At(4, 3) != 2 || l.At(7, 2) != 3 || l.At(1, 1) != 0 {
		t.Errorf("type map %v", l.Data)
	}
	if _, errs, code := runCLI("change", "-from", a, "-to", b, "-o", tr, "-years", "2014"); code != 1 || !strings.Contains(errs, "-years") {
		t.Errorf("bad -years: exit %d %q", code, errs)
	}
	if _, _, code := runCLI("change", "-from", a, "-to", b, "-o", tr, "-expansion", types); code != 2 {
		t.Errorf("-expansion without -built-up: exit %d, want 2", code)
	}
}
