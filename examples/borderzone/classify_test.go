package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// classifyGrid is a small UTM grid for the CLI tests.
var classifyGrid = raster.Grid{Width: 4, Height: 2, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}

func writeBandsTIFF(t *testing.T, path string, names []string, values ...[]float32) {
	t.Helper()
	var bands []*raster.Band
	for i, v := range values {
		b := raster.NewBand(classifyGrid, names[i])
		copy(b.Data, v)
		bands = append(bands, b)
	}
	s, err := raster.NewStack(bands...)
	if err != nil {
		t.Fatal(err)
	}
	if err := geotiff.WriteFile(path, s, nil); err != nil {
		t.Fatal(err)
	}
}

func readClassified(t *testing.T, path string) (*raster.Labels, *geotiff.File) {
	t.Helper()
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	l, err := f.ReadLabels(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	return l, f
}

const classifyRulesJSON = `{
  "classes": [
    {"code": 1, "name": "water", "color": "#1f78b4"},
    {"code": 2, "name": "built-up", "color": "#e31a1c"},
    {"code": 3, "name": "other", "color": "#33a02c"}
  ],
  "default": 3,
  "rules": [
    {"name": "water", "class": 1, "when": "mndwi > 0"},
    {"name": "built-up", "class": 2, "when": {"all": ["ndbi > 0", "ndvi < 0.2"]}}
  ]
}`

// TestClassifyRules classifies by rules from a named stack and from -band
// files; the expected codes are worked from the rules by hand.
func TestClassifyRules(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(rules, []byte(classifyRulesJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	nan := float32(math.NaN())
	mndwi := []float32{0.3, -0.2, -0.2, -0.1, 0.0, nan, 0.5, -0.5}
	ndbi := []float32{0.1, 0.2, -0.1, 0.2, 0.1, 0.1, 0.1, 0.3}
	ndvi := []float32{0.1, 0.1, 0.1, 0.3, 0.19, 0.1, 0.8, 0.25}
	// pixel: 0 water (mndwi>0); 1 built-up; 2 other (ndbi<0); 3 other
	// (ndvi 0.3); 4 built-up (mndwi 0 not > 0); 5 none (NaN); 6 water;
	// 7 other (ndvi 0.25).
	want := []uint16{1, 2, 3, 3, 2, 0, 1, 3}
	stack := filepath.Join(dir, "indices.tif")
	writeBandsTIFF(t, stack, []string{"blue", "ndvi", "ndbi", "mndwi"}, make([]float32, 8), ndvi, ndbi, mndwi)
	out := filepath.Join(dir, "classes.tif")
	stdout, stderr, code := runCLI("classify", "rules", "-rules", rules, "-o", out, stack)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	l, f := readClassified(t, out)
	if !slicesEqual(l.Data, want) {
		t.Errorf("stack: classes %v, want %v", l.Data, want)
	}
	if cm := f.ColorMap(); len(cm) < 4 || cm[2].R != 0xe3 || cm[2].G != 0x1a {
		t.Errorf("palette entry 2 %v, want #e31a1c", cm[2])
	}
	if v, ok := f.Metadata("CLASS_2"); !ok || v != "built-up" {
		t.Errorf("CLASS_2 = %q, %v", v, ok)
	}
	if !strings.Contains(stdout, "built-up") {
		t.Errorf("summary lacks the classes:\n%s", stdout)
	}
	if err := l.Grid.Match(classifyGrid); err != nil {
		t.Error(err)
	}

	// The same from single-band files with -band, the mndwi taken from
	// band 2 of a two-band file.
	writeBandsTIFF(t, filepath.Join(dir, "ndvi.tif"), []string{""}, ndvi)
	writeBandsTIFF(t, filepath.Join(dir, "ndbi.tif"), []string{""}, ndbi)
	writeBandsTIFF(t, filepath.Join(dir, "two.tif"), []string{"", ""}, ndvi, mndwi)
	out2 := filepath.Join(dir, "classes2.tif")
	_, stderr, code = runCLI("classify", "rules", "-rules", rules, "-band", "ndvi="+filepath.Join(dir, "ndvi.tif"),
		"-band", "ndbi="+filepath.Join(dir, "ndbi.tif"), "-band", "mndwi="+filepath.Join(dir, "two.tif")+":2", "-o", out2)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if l2, _ := readClassified(t, out2); !slicesEqual(l2.Data, want) {
		t.Errorf("-band: classes %v, want %v", l2.Data, want)
	}

	// A missing band is an error naming it.
	_, stderr, code = runCLI("classify", "rules", "-rules", rules, "-band", "ndvi="+filepath.Join(dir, "ndvi.tif"), "-o", out2)
	if code != 1 || !strings.Contains(stderr, `"mndwi"`) {
		t.Errorf("missing band: exit %d, %s", code, stderr)
	}
	// A bad rule file names the rule.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(strings.Replace(classifyRulesJSON, "ndbi > 0", "ndbi = 0", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI("classify", "rules", "-rules", bad, "-o", out2, stack)
	if code != 1 || !strings.Contains(stderr, `rule 2 ("built-up")`) || !strings.Contains(stderr, "bad.json") {
		t.Errorf("bad rules: exit %d, %s", code, stderr)
	}
}

func slicesEqual(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestClassifyKMeans clusters two files of two bands whose pixels form
// three well-separated groups: pixels of one group must share a code, and
// groups must differ (an analytic shape).
func TestClassifyKMeans(t *testing.T) {
	dir := t.TempDir()
	// groups: pixels {0,1,2} near (0,0,0,0), {3,4} near (1,1,1,1), {5,6} near (5,0,5,0); 7 no data.
	a := []float32{0, 0.01, 0.02, 1, 1.01, 5, 5.01, float32(math.NaN())}
	b := []float32{0, 0.01, 0, 1, 1, 0, 0.02, 0}
	writeBandsTIFF(t, filepath.Join(dir, "a.tif"), []string{"", ""}, a, b)
	writeBandsTIFF(t, filepath.Join(dir, "b.tif"), []string{"", ""}, a, b)
	out := filepath.Join(dir, "k.tif")
	stdout, stderr, code := runCLI("classify", "kmeans", "-k", "3", "-restarts", "3", "-seed", "2", "-o", out, filepath.Join(dir, "a.tif"), filepath.Join(dir, "b.tif"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	l, f := readClassified(t, out)
	d := l.Data
	if d[7] != 0 || d[0] == 0 || d[0] != d[1] || d[1] != d[2] || d[3] != d[4] || d[5] != d[6] || d[0] == d[3] || d[0] == d[5] || d[3] == d[5] {
		t.Errorf("codes %v do not follow the groups", d)
	}
	if v, ok := f.Metadata("CLASS_3"); !ok || v != "cluster 3" {
		t.Errorf("CLASS_3 = %q, %v", v, ok)
	}
	if !strings.Contains(stdout, "inertia") || !strings.Contains(stdout, "centre 3") {
		t.Errorf("summary:\n%s", stdout)
	}
	// Different grids are an error naming the file.
	other := classifyGrid
	other.Transform[0] += 30
	g := raster.NewBand(other, "")
	if err := geotiff.WriteFile(filepath.Join(dir, "shifted.tif"), g, nil); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI("classify", "kmeans", "-k", "2", "-o", out, filepath.Join(dir, "a.tif"), filepath.Join(dir, "shifted.tif"))
	if code != 1 || !strings.Contains(stderr, "shifted.tif") {
		t.Errorf("grid mismatch: exit %d, %s", code, stderr)
	}
	if _, _, code := runCLI("classify", "nosuch"); code != 2 {
		t.Errorf("unknown method: exit %d", code)
	}
	if _, _, code := runCLI("classify", "kmeans", "-k", "2"); code != 2 {
		t.Errorf("no inputs: exit %d", code)
	}
}
