package main

import (
	"encoding/csv"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGradientCLI runs `borderzone gradient` with 500 m bands to 1500 m,
// a plot and -rd on the rasters of writeSideRasters. Band means come from
// the pattern: on the right every band spans all 30 rows (mean 2.14333);
// on the left the 500 m bands hold columns 15–19, 10–14, 5–9 whose
// residues mod 3 average (0+1+2+0+1)/5 = 0.8, (1+2+0+1+2)/5 = 1.2 and
// (2+0+1+2+0)/5 = 1.0, so means 1.08, 1.12, 1.10. The value is flat on
// each side with a step of about 1 at the line, so the jump is near
// 2.14 − 1.1.
func TestGradientCLI(t *testing.T) {
	dir := t.TempDir()
	value, dist, _, _, right := writeSideRasters(t, dir)
	out, plot := filepath.Join(dir, "g.csv"), filepath.Join(dir, "g.png")
	stdout, stderr, code := runCLI("gradient", "-value", value, "-distance", dist, "-bands", "500,1500", "-names", "CHN,KAZ",
		"-block", "500", "-reps", "99", "-plot", plot, "-rd", "-bandwidth", "1500", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "jump at the border (KAZ minus CHN)") || !strings.Contains(stdout, "CR1") {
		t.Errorf("stdout %s", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 7 {
		t.Fatalf("csv %v %v", recs, err)
	}
	want := []struct {
		side string
		mid  float64
		mean float64
	}{{"CHN", -1250, 1.10}, {"CHN", -750, 1.12}, {"CHN", -250, 1.08}, {"KAZ", 250, right}, {"KAZ", 750, right}, {"KAZ", 1250, right}}
	for i, w := range want {
		r := recs[i+1]
		mid, _ := strconv.ParseFloat(r[4], 64)
		mean, _ := strconv.ParseFloat(r[7], 64)
		if r[0] != w.side || mid != w.mid || math.Abs(mean-w.mean) > 1e-6 || r[5] != "150" {
			t.Errorf("row %d: %v, want %+v", i+1, r, w)
		}
	}
	pf, err := os.Open(plot)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if _, err := png.Decode(pf); err != nil {
		t.Errorf("plot: %v", err)
	}
	_, stderr, code = runCLI("gradient", "-value", value, "-distance", dist, "-edges", "0,500,400", "-o", out)
	if code == 0 || !strings.Contains(stderr, "edge") {
		t.Errorf("decreasing edges: exit %d, %s", code, stderr)
	}
}
