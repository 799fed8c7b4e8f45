package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestBadFlags checks that bad command lines end with exit code 2 and a
// message naming the flag, never a panic.
func TestBadFlags(t *testing.T) {
	out := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-size", "10"}, "-size"},
		{[]string{"-size", "100000"}, "-size"},
		{[]string{"-scene", "a"}, "-scene given 1 times"},
		{[]string{"-scene", "a", "-scene", "b", "-scene", "c"}, "-scene given 3 times"},
		{[]string{"-aoi", "1,2,3,4"}, "real scenes"},
		{[]string{"-scene", "a", "-scene", "b", "-aoi", "80,44,79,45"}, "-aoi"},
		{[]string{"-scene", "a", "-scene", "b", "-aoi", "80,44,x,45"}, "-aoi"},
		{[]string{"-scene", "a", "-scene", "b", "-years", "2024,2014"}, "-years"},
		{[]string{"-side-names", "KAZ"}, "-side-names"},
		{[]string{"-side-names", "A,A"}, "-side-names"},
		{[]string{"-trees", "0"}, "-trees"},
		{[]string{"-reps", "5"}, "-reps"},
		{[]string{"-mmu", "-1"}, "-mmu"},
		{[]string{"-out", ""}, "-out"},
		{[]string{"-nosuchflag"}, "not defined"},
		{[]string{"stray"}, "unexpected argument"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"-out", out}, c.args...), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &bytes.Buffer{}, &stderr); code != 0 || !strings.Contains(stderr.String(), "usage") {
		t.Errorf("-h: exit %d, %q", code, stderr.String())
	}
}

// TestBadInputs checks that unreadable or unsuitable inputs end with exit
// code 1 and a message naming the file.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.geojson")
	if err := os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[80,44]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// A line and sides far from the scene: no pixel has a side.
	far := filepath.Join(dir, "far.geojson")
	if err := os.WriteFile(far, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[10,10],[10,11]]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.geojson")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-border", missing}, "missing.geojson"},
		{[]string{"-border", bad}, "bad.geojson"},
		{[]string{"-sides", missing}, "missing.geojson"},
		{[]string{"-side-names", "CHN,XXX"}, "XXX"},
		{[]string{"-scene", missing, "-scene", missing}, "missing.geojson"},
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		args := append([]string{"-quiet", "-size", "200", "-out", filepath.Join(dir, "out")}, c.args...)
		code := run(context.Background(), args, &bytes.Buffer{}, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 1 naming %q", c.args, code, stderr.String(), c.want)
		}
	}
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-quiet", "-size", "200", "-out", filepath.Join(dir, "out"), "-border", far}, &bytes.Buffer{}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "must cross the scene") {
		t.Errorf("far border: exit %d, stderr %q", code, stderr.String())
	}
}

// sharedData returns the shared data folder ($BORDERZONE_DATA, else
// ../shared/data beside the repository), skipping the test when it is
// missing and failing under CI=true.
func sharedData(t *testing.T) string {
	t.Helper()
	for _, d := range []string{os.Getenv("BORDERZONE_DATA"), "../../../shared/data", "../../../../shared/data"} {
		if d == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Join(d, "imagery")); err == nil && fi.IsDir() {
			return d
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared data not found (set BORDERZONE_DATA) and CI=true")
	}
	t.Skip("shared data not found; set BORDERZONE_DATA to run the real-scene test")
	return ""
}

// lineAndSides writes a straight north–south border at easting x0 (metres in
// EPSG:epsg) and the two half-planes around it as GeoJSON files.
func lineAndSides(t *testing.T, dir string, epsg int, x0, y0, y1, w float64) (border, sides string) {
	t.Helper()
	crs := fmt.Sprintf(`"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}}`, epsg)
	border = filepath.Join(dir, "border.geojson")
	sides = filepath.Join(dir, "sides.geojson")
	line := fmt.Sprintf(`{"type":"FeatureCollection",%s,"features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[%g,%g],[%g,%g]]}}]}`, crs, x0, y0, x0, y1)
	poly := func(name string, a, b float64) string {
		return fmt.Sprintf(`{"type":"Feature","properties":{"iso_a3":%q},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
			name, a, y0, b, y0, b, y1, a, y1, a, y0)
	}
	both := fmt.Sprintf(`{"type":"FeatureCollection",%s,"features":[%s,%s]}`, crs, poly("WST", x0-w, x0), poly("EST", x0, x0+w))
	if err := os.WriteFile(border, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sides, []byte(both), 0o644); err != nil {
		t.Fatal(err)
	}
	return border, sides
}

// TestRealScene runs the study on a real Landsat 8 Level-1 crop (both dates
// the same scene), cut to a box with -aoi, with a straight border drawn
// across it, and checks the sides against a count made from the line's
// position: every pixel whose centre lies west of the line is on the
// negative side.
func TestRealScene(t *testing.T) {
	data := sharedData(t)
	scene := filepath.Join(data, "imagery", "landsat8_l1t_LC80200392015216LGN00")
	dir := t.TempDir()
	// The crop: 627 x 603 pixels of 30 m from (452475, 3408645), EPSG:32616
	// (gdalinfo). The line runs at easting 462000, between pixel columns.
	border, sides := lineAndSides(t, dir, 32616, 462000, 3380000, 3420000, 30000)
	out := filepath.Join(dir, "report")
	var stdout, stderr bytes.Buffer
	// About 87.45–87.35 W, 30.70–30.78 N, inside the crop.
	code := run(context.Background(), []string{"-reps", "19", "-trees", "20", "-out", out, "-scene", scene, "-scene", scene, "-border", border, "-sides", sides,
		"-years", "2014,2024", "-aoi", "-87.45,30.70,-87.35,30.78"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := geotiff.Open(filepath.Join(out, "products", "sides.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.ReadLabels(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	g := l.Grid
	// 0.1° of longitude at 30.7° N is 9.6 km, 0.08° of latitude 8.9 km:
	// about 320 x 296 pixels of 30 m, on the scene's pixel grid.
	if g.Width < 300 || g.Width > 345 || g.Height < 280 || g.Height > 315 {
		t.Errorf("cropped grid %s, want about 320 x 296 pixels", g)
	}
	if x0 := g.Transform[0]; g.Transform[1] != 30 || math.Mod(x0-452475, 30) != 0 {
		t.Errorf("cropped grid %s is not on the scene's 30 m pixels", g)
	}
	for row := range g.Height {
		for col := range g.Width {
			x := g.Transform[0] + 30*(float64(col)+0.5)
			want := uint16(2)
			if x < 462000 {
				want = 1
			}
			if got := l.At(col, row); got != want {
				t.Fatalf("pixel %d,%d (easting %g): side %d, want %d", col, row, x, got, want)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"real scenes", "random forest is skipped", "LST 2024", "WST"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if strings.Contains(string(md), "SIMULATED") {
		t.Error("a real run's report says SIMULATED")
	}
	if !strings.Contains(stderr.String(), "clear of clouds") {
		t.Errorf("no progress on the terminal: %q", stderr.String())
	}
}

// TestRealFlagsOnSimulatedScene runs the real-scene path (-scene, -training,
// the embedded boundaries) on the simulated products of the shared run, with
// the generator's 2014 training polygons written as GeoJSON: the forest is
// trained from the file and the report says the scenes are real products.
func TestRealFlagsOnSimulatedScene(t *testing.T) {
	st, dir := sharedRun(t)
	train := filepath.Join(t.TempDir(), "training.geojson")
	var feats []string
	for _, z := range st.training[0].Zones {
		coords, err := json.Marshal(z.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		props, err := json.Marshal(z.Properties)
		if err != nil {
			t.Fatal(err)
		}
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":%s,"geometry":{"type":"MultiPolygon","coordinates":%s}}`, props, coords))
	}
	b := []byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32644"}},"features":[` + strings.Join(feats, ",") + "]}")
	if err := os.WriteFile(train, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report")
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-quiet", "-reps", "19", "-trees", "20", "-out", out, "-scene", filepath.Join(dir, "scene", "2014"), "-scene", filepath.Join(dir, "scene", "2024"),
		"-training", train}, &bytes.Buffer{}, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	rows := readCSV(t, filepath.Join(out, "tables", "forest.csv"))
	if len(rows) != 3 {
		t.Fatalf("forest table %v", rows)
	}
	// The polygons are the 2014 ones: right for 2014, while some of them
	// lie on land that changed by 2024 (cropland planted with trees, bare
	// land built up), whose 2024 labels are therefore wrong.
	for i, want := range []float64{0.9, 0.7} {
		acc, err := strconv.ParseFloat(rows[i+1][6], 64)
		if err != nil || acc < want {
			t.Errorf("%s: held-out accuracy %q, want at least %g", rows[i+1][0], rows[i+1][6], want)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "real scenes") || !strings.Contains(string(md), "Land cover 2024 (random forest, sieved)") {
		t.Error("report.md does not describe a real run with a forest")
	}
}

// TestURLScene serves a real Level-2 product over HTTP (range requests, as
// a COG bucket does), runs the study on its URLs with -aoi, and checks the
// NDVI product against the run on the local folder with the same box: the
// same grid and the same values.
func TestURLScene(t *testing.T) {
	data := sharedData(t)
	folder := filepath.Join(data, "imagery", "landsat8_c2l2_LC08_L2SP_005009_20150710")
	srv := httptest.NewServer(http.FileServer(http.Dir(folder)))
	defer srv.Close()
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".TIF") || strings.HasSuffix(e.Name(), "_MTL.txt") {
			urls = append(urls, srv.URL+"/"+e.Name())
		}
	}
	list := strings.Join(urls, ",")
	dir := t.TempDir()
	border, sides := lineAndSides(t, dir, 32624, 497550, 7800000, 8200000, 200000)
	// About 40.5–38.5 W, 71.8–72.6 N: part of the 512 x 512 crop.
	common := []string{"-quiet", "-reps", "19", "-trees", "10", "-border", border, "-sides", sides, "-years", "2015,2016", "-aoi", "-40.5,71.8,-38.5,72.6"}
	local, remote := filepath.Join(dir, "local"), filepath.Join(dir, "remote")
	for _, c := range []struct {
		out, scene string
	}{{local, folder}, {remote, list}} {
		var stderr bytes.Buffer
		if code := run(context.Background(), append(common, "-out", c.out, "-scene", c.scene, "-scene", c.scene), &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.out, code, stderr.String())
		}
	}
	read := func(p string) (g string, v []float32) {
		f, err := geotiff.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := f.ReadBand(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return b.Grid.String(), b.Data
	}
	gl, vl := read(filepath.Join(local, "products", "ndvi_2016.tif"))
	gr, vr := read(filepath.Join(remote, "products", "ndvi_2016.tif"))
	if gl != gr {
		t.Fatalf("grids differ: local %s, remote %s", gl, gr)
	}
	if len(vl) >= 512*512 {
		t.Errorf("the box did not crop the scene (%d pixels)", len(vl))
	}
	for i := range vl {
		if vl[i] != vr[i] && !(vl[i] != vl[i] && vr[i] != vr[i]) {
			t.Fatalf("NDVI pixel %d: local %v, remote %v", i, vl[i], vr[i])
		}
	}
	// The 515 x 517 m pixels of this product are not square.
	md, err := os.ReadFile(filepath.Join(remote, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Landscape metrics need square", "LST 2016", "2015: LC08_L2SP_005009_20150710"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(remote, "scene", "scene1", "LC08_L2SP_005009_20150710_20200908_02_T2_MTL.txt")); err != nil {
		t.Errorf("the fetched scene folder lacks the MTL: %v", err)
	}
}

// TestSentinel2WithoutSWIR checks that a Sentinel-2 band set lacking B11
// (the shared crop has B02, B03, B04, B08 and B12) is refused with a message
// naming the bands the study needs, not a panic.
func TestSentinel2WithoutSWIR(t *testing.T) {
	data := sharedData(t)
	scene := filepath.Join(data, "imagery", "sentinel2_l2a_S2A_29RKH_20200219")
	dir := t.TempDir()
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-quiet", "-out", filepath.Join(dir, "out"), "-scene", scene, "-scene", scene}, &bytes.Buffer{}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "SWIR 1") || !strings.Contains(stderr.String(), "S1") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the missing SWIR 1 band", code, stderr.String())
	}
}
