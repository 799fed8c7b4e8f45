package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The simulated run shared by the end-to-end and report tests: a reduced
// scene of 240 x 240 pixels (7.2 km) with a hand-made employment table.
var (
	shared     *study
	sharedDir  string
	sharedErr  error
	sharedOnce sync.Once
)

// employmentCSV is a hand-made table: two places with 1000 employed each.
// Expected location quotients, worked by hand as (e_ij/e_j)/(E_i/E):
// logistics in Khorgos (600/1000)/(700/2000) = 12/7, trade 1, agriculture
// (100/1000)/(700/2000) = 2/7.
const employmentCSV = "sector,Khorgos,Zharkent\nlogistics,600,100\ntrade,300,300\nagriculture,100,600\n"

func sharedRun(t *testing.T) (*study, string) {
	t.Helper()
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "khorgos-test-")
		if err != nil {
			sharedErr = err
			return
		}
		sharedDir = dir
		emp := filepath.Join(dir, "employment.csv")
		if sharedErr = os.WriteFile(emp, []byte(employmentCSV), 0o644); sharedErr != nil {
			return
		}
		cfg, err := parseFlags([]string{"-out", filepath.Join(dir, "report"), "-size", "240", "-quiet", "-employment", emp}, os.Stderr)
		if err != nil {
			sharedErr = err
			return
		}
		shared, sharedErr = runStudy(context.Background(), cfg, newProgress(os.Stderr, true))
	})
	if sharedErr != nil {
		t.Fatalf("simulated run: %v", sharedErr)
	}
	return shared, filepath.Join(sharedDir, "report")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// TestEndToEndAgainstTruth checks the recovered quantities against the
// generator's truth: every truth value inside the reported 95 % interval and
// the maps at least 90 % accurate.
func TestEndToEndAgainstTruth(t *testing.T) {
	st, _ := sharedRun(t)
	r := st.results
	for i, oa := range r.MapAccuracy {
		if oa < 0.9 {
			t.Errorf("%s: overall accuracy against the truth %.4f < 0.9", st.dates[i].label, oa)
		}
	}
	for i, areas := range r.Areas {
		if len(areas) < 5 {
			t.Errorf("%s: %d class areas estimated, want the legend's classes", st.dates[i].label, len(areas))
		}
		for _, a := range areas {
			if !a.Covers() {
				t.Errorf("%s: %s area: truth %.1f ha outside [%.1f, %.1f]", st.dates[i].label, a.Name, a.Truth, a.Low, a.High)
			}
		}
	}
	if len(r.BuiltUpShare) != 2 {
		t.Errorf("built-up share of %d sides, want 2", len(r.BuiltUpShare))
	}
	for side, iv := range r.BuiltUpShare {
		if !iv.Covers() {
			t.Errorf("built-up share of %s: truth %.4f outside [%.4f, %.4f]", side, iv.Truth, iv.Low, iv.High)
		}
	}
	for _, typ := range []string{"infilling", "edge-expansion", "outlying"} {
		iv, ok := r.Expansion[typ]
		if !ok {
			t.Errorf("no %s count", typ)
			continue
		}
		if !iv.Covers() {
			t.Errorf("%s patches: truth %g outside [%.1f, %.1f] (mapped %g)", typ, iv.Truth, iv.Low, iv.High, iv.Value)
		}
	}
	if j := r.Jump; !j.Covers() || j.Low == j.High {
		t.Errorf("cropland jump at the border: truth %.4f outside [%.4f, %.4f]", j.Truth, j.Low, j.High)
	}
}

// TestReportComplete checks that every file of the report is written and
// non-empty, that the HTML page references only files that exist, and that
// the simulated run says so on the first line and in every caption.
func TestReportComplete(t *testing.T) {
	st, dir := sharedRun(t)
	var n int
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			n++
			if info.Size() == 0 {
				t.Errorf("%s is empty", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllSubmatch(page, -1)
	kinds := map[string]int{}
	for _, m := range refs {
		ref := string(m[1])
		if strings.HasPrefix(ref, "#") {
			if !bytes.Contains(page, []byte(`id="`+ref[1:]+`"`)) {
				t.Errorf("index.html links to %s, which it does not have", ref)
			}
			continue
		}
		if strings.Contains(ref, "://") || strings.HasPrefix(ref, "/") || strings.Contains(ref, "..") {
			t.Errorf("index.html references %q, not a file of the report", ref)
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, ref))
		if err != nil || fi.Size() == 0 {
			t.Errorf("index.html references %s, which is missing or empty", ref)
		}
		kinds[filepath.Ext(ref)]++
	}
	for _, name := range []string{
		"figures/cir_2014.png", "figures/cir_2024.png", "figures/ndvi_2024.png", "figures/ndbi_2024.png", "figures/mndwi_2024.png",
		"figures/lst_2024.png", "figures/landcover_2014.png", "figures/landcover_2024.png", "figures/change.png", "figures/expansion.png",
		"figures/freight.png", "products/landcover_2024.tif", "products/change_2014_2024.tif", "products/expansion_2014_2024.tif",
		"products/signed_distance.tif", "products/ndvi_2014.tif", "products/lst_celsius_2024.tif", "tables/specialization.csv",
	} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty", name)
		}
	}
	if kinds[".png"] < 20 || kinds[".csv"] < 15 {
		t.Errorf("index.html shows %d PNG and links %d CSV files; want every figure and table", kinds[".png"], kinds[".csv"])
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(md), "\n")
	if !strings.Contains(first, "SIMULATED") {
		t.Errorf("report.md's first line does not say the scene is simulated: %q", first)
	}
	for _, s := range st.rep.sections {
		for _, b := range s.blocks {
			if b.kind == kindFigure && !strings.Contains(b.caption, "Simulated") {
				t.Errorf("caption of %s does not say the scene is simulated: %q", b.file, b.caption)
			}
		}
	}
	for _, f := range st.products {
		head := make([]byte, 4)
		fh, err := os.Open(filepath.Join(dir, f))
		if err != nil {
			t.Error(err)
			continue
		}
		fh.Read(head)
		fh.Close()
		if !bytes.Equal(head, []byte("II*\x00")) && !bytes.Equal(head, []byte("II+\x00")) {
			t.Errorf("%s is not a little-endian TIFF: % x", f, head)
		}
	}
	t.Logf("%d files, %d references", n, len(refs))
	validateCOGs(t, dir, st.products)
}

// cogValidator is GDAL's COG validation script (package python3-gdal).
const cogValidator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py"

// validateCOGs checks every product with GDAL's validator, an independent
// reading of the COG specification, when GDAL's Python is installed.
func validateCOGs(t *testing.T, dir string, files []string) {
	if _, err := os.Stat(cogValidator); err != nil {
		t.Logf("GDAL's COG validator not installed (%v); products not validated", err)
		return
	}
	args := []string{cogValidator, "-q"}
	for _, f := range files {
		out, err := exec.Command("/usr/bin/python3", append(args, filepath.Join(dir, f))...).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("%s is not a valid COG: %v %s", f, err, out)
		}
	}
}

// TestEmployment checks the specialization table of the hand-made
// employment figures against location quotients worked by hand.
func TestEmployment(t *testing.T) {
	_, dir := sharedRun(t)
	rows := readCSV(t, filepath.Join(dir, "tables", "location_quotients.csv"))
	want := map[string][2]float64{"logistics": {12.0 / 7, 2.0 / 7}, "trade": {1, 1}, "agriculture": {2.0 / 7, 12.0 / 7}}
	if len(rows) != 4 || rows[0][1] != "Khorgos" || rows[0][2] != "Zharkent" {
		t.Fatalf("location quotients table %v", rows)
	}
	for _, r := range rows[1:] {
		w, ok := want[r[0]]
		if !ok {
			t.Errorf("unexpected sector %q", r[0])
			continue
		}
		for j := range 2 {
			got, err := strconv.ParseFloat(r[j+1], 64)
			if err != nil || got < w[j]-0.0006 || got > w[j]+0.0006 {
				t.Errorf("LQ of %s in %s = %q, want %.4f", r[0], rows[0][j+1], r[j+1], w[j])
			}
		}
	}
	spec := readCSV(t, filepath.Join(dir, "tables", "specialization.csv"))
	dom := map[string]string{}
	for _, r := range spec[1:] {
		dom[r[0]] = r[6]
	}
	if dom["Khorgos"] != "logistics" || dom["Zharkent"] != "agriculture" {
		t.Errorf("dominant functions %v, want Khorgos logistics and Zharkent agriculture", dom)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// BenchmarkDefaultRun measures the default simulated run (1000 x 1000
// pixels, both dates, the whole report) that the README's command makes.
func BenchmarkDefaultRun(b *testing.B) {
	dir := b.TempDir()
	cfg, err := parseFlags([]string{"-out", dir, "-quiet"}, os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := runStudy(context.Background(), cfg, newProgress(os.Stderr, true)); err != nil {
			b.Fatal(err)
		}
	}
}
