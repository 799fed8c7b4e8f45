package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/zones"
)

const zonesTestdata = "../../zones/testdata"

// writeReference writes a Float32 GeoTIFF on a 2 km UTM 44N grid around
// Khorgos (80.0–81.4 E, 43.7–45.15 N, beyond the polygons' clip at 45° N)
// for -like.
func writeReference(t *testing.T, dir string) (string, raster.Grid) {
	t.Helper()
	g := raster.Grid{Width: 58, Height: 80, Transform: raster.Affine{420000, 2000, 0, 5001000, 0, -2000}, CRS: raster.CRS{EPSG: 32644}}
	b := raster.NewBand(g, "reference")
	for i := range b.Data {
		b.Data[i] = float32(i % 7)
	}
	path := filepath.Join(dir, "ref.tif")
	if err := geotiff.WriteFile(path, b, nil); err != nil {
		t.Fatal(err)
	}
	return path, g
}

// TestDistanceCLI runs `borderzone distance` on the Khorgos line and
// countries with 5 km bands to 20 km and checks that the files hold what the
// library computes on the reference grid (zones' own tests prove the
// library against brute force and the country polygons): the labels' codes,
// grid, palette class names (China negative, named first in the file), and
// the signed distance band with NaN outside both countries.
func TestDistanceCLI(t *testing.T) {
	dir := t.TempDir()
	ref, g := writeReference(t, dir)
	line := filepath.Join(zonesTestdata, "border_line.geojson")
	countries := filepath.Join(zonesTestdata, "border_countries.geojson")
	bandsOut, distOut := filepath.Join(dir, "bands.tif"), filepath.Join(dir, "dist.tif")
	stdout, stderr, code := runCLI("distance", "-border", line, "-sides", countries, "-like", ref,
		"-bands", "5000,20000", "-o", bandsOut, "-distance", distOut)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "8 distance bands (CHN negative, KAZ positive)") {
		t.Errorf("stdout %q", stdout)
	}

	b, err := zones.ReadBorderFile(line)
	if err != nil {
		t.Fatal(err)
	}
	set, err := zones.ReadFile(countries, "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	sides, err := zones.SidesFromSet(set, "CHN", "KAZ")
	if err != nil {
		t.Fatal(err)
	}
	want, err := zones.SignedDistance(context.Background(), g, b, sides)
	if err != nil {
		t.Fatal(err)
	}
	edges, _ := zones.BandEdges(5000, 20000)
	wantLabels, err := zones.DistanceBands(want, edges, "CHN", "KAZ")
	if err != nil {
		t.Fatal(err)
	}

	f, err := geotiff.Open(bandsOut)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.RasterGrid().Match(g); err != nil {
		t.Fatal(err)
	}
	got, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[uint16]int{}
	for i, v := range got.Data {
		if uint16(v) != wantLabels.Data[i] {
			t.Fatalf("pixel %d: code %g, want %d", i, v, wantLabels.Data[i])
		}
		counts[wantLabels.Data[i]]++
	}
	if len(counts) != 9 {
		t.Errorf("codes present %v: want all 8 bands and none", counts)
	}
	for code, name := range map[int]string{1: "CHN 15-20 km", 4: "CHN 0-5 km", 5: "KAZ 0-5 km", 8: "KAZ 15-20 km"} {
		if v, ok := f.Metadata(fmt.Sprintf("CLASS_%d", code)); !ok || v != name {
			t.Errorf("class %d named %q (%v), want %q", code, v, ok, name)
		}
	}

	df, err := geotiff.Open(distOut)
	if err != nil {
		t.Fatal(err)
	}
	defer df.Close()
	d, err := df.ReadBand(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	nan := 0
	for i, v := range d.Data {
		w := want.Data[i]
		if math.IsNaN(float64(w)) {
			nan++
			if !math.IsNaN(float64(v)) {
				t.Fatalf("pixel %d: %g, want NaN", i, v)
			}
		} else if v != w {
			t.Fatalf("pixel %d: %g, want %g", i, v, w)
		}
	}
	if nan == 0 || nan == len(d.Data) {
		t.Errorf("%d NaN pixels of %d: the grid reaches beyond the polygons' clip at 45° N", nan, len(d.Data))
	}

	// GDAL sees the class names and the palette.
	gdalinfo, err := exec.LookPath("gdalinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but gdalinfo is missing")
		}
		t.Log("gdalinfo not installed: GDAL's view not checked")
		return
	}
	cmd := exec.Command(gdalinfo, bandsOut)
	cmd.Env = append(os.Environ(), "GDAL_PAM_ENABLED=YES")
	info, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gdalinfo: %v %s", err, info)
	}
	for _, s := range []string{"Color Table", "CHN 0-5 km", "KAZ 15-20 km", "EPSG\",32644"} {
		if !strings.Contains(string(info), s) {
			t.Errorf("gdalinfo does not show %q:\n%s", s, info)
		}
	}
}

// TestDistanceCLIPoint uses a point on the negative side and variable
// edges; the signs must agree with the polygons' wherever the polygons give
// one (the line runs through the grid from south to north).
func TestDistanceCLIPoint(t *testing.T) {
	dir := t.TempDir()
	ref, g := writeReference(t, dir)
	line := filepath.Join(zonesTestdata, "border_line.geojson")
	out, dist := filepath.Join(dir, "bands.tif"), filepath.Join(dir, "dist.tif")
	if stdout, stderr, code := runCLI("distance", "-border", line, "-point", "80.6,44.2", "-names", "CHN,KAZ",
		"-like", ref, "-edges", "0,1000,5000,50000", "-o", out, "-distance", dist); code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	b, _ := zones.ReadBorderFile(line)
	set, _ := zones.ReadFile(filepath.Join(zonesTestdata, "border_countries.geojson"), "iso_a3")
	sides, _ := zones.SidesFromSet(set, "CHN", "KAZ")
	byAreas, err := zones.SignedDistance(context.Background(), g, b, sides)
	if err != nil {
		t.Fatal(err)
	}
	f, err := geotiff.Open(dist)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range d.Data {
		if a := byAreas.Data[i]; !math.IsNaN(float64(a)) && a != v {
			t.Fatalf("pixel %d: %g with the point, %g with the polygons", i, v, a)
		}
	}
}

func TestDistanceCLIErrors(t *testing.T) {
	dir := t.TempDir()
	ref, _ := writeReference(t, dir)
	line := filepath.Join(zonesTestdata, "border_line.geojson")
	countries := filepath.Join(zonesTestdata, "border_countries.geojson")
	out := filepath.Join(dir, "o.tif")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"-border", filepath.Join(dir, "missing.geojson"), "-sides", countries, "-like", ref, "-bands", "1000,5000", "-o", out}, "missing.geojson"},
		{[]string{"-border", countries, "-sides", countries, "-like", ref, "-bands", "1000,5000", "-o", out}, "Polygon"},
		{[]string{"-border", line, "-sides", line, "-like", ref, "-bands", "1000,5000", "-o", out}, "border_line.geojson"},
		{[]string{"-border", line, "-sides", countries, "-negative", "KGZ", "-like", ref, "-bands", "1000,5000", "-o", out}, "KGZ"},
		{[]string{"-border", line, "-sides", countries, "-like", filepath.Join(dir, "nope.tif"), "-bands", "1000,5000", "-o", out}, "nope.tif"},
		{[]string{"-border", line, "-sides", countries, "-like", ref, "-bands", "1000", "-o", out}, "-bands"},
		{[]string{"-border", line, "-sides", countries, "-like", ref, "-edges", "0,5,3", "-o", out}, "edge 3"},
		{[]string{"-border", line, "-point", "80.6", "-names", "A,B", "-like", ref, "-bands", "1000,5000", "-o", out}, "-point"},
		{[]string{"-border", line, "-point", "80.6,44.2", "-names", "A", "-like", ref, "-bands", "1000,5000", "-o", out}, "-names"},
		{[]string{"-border", line, "-sides", countries, "-like", ref, "-bands", "1000,5000", "-o", filepath.Join(dir, "no", "such", "dir.tif")}, "dir.tif"},
	} {
		_, stderr, code := runCLI(append([]string{"distance"}, c.args...)...)
		if code != 1 || !strings.Contains(stderr, "borderzone distance") || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d, %q; want 1 and a message naming %q", c.args, code, stderr, c.says)
		}
	}
	for _, args := range [][]string{
		{"distance"},
		{"distance", "-border", line, "-like", ref, "-bands", "1000,5000", "-o", out},                                       // no sides
		{"distance", "-border", line, "-sides", countries, "-point", "1,2", "-like", ref, "-bands", "1000,5000", "-o", out}, // both
		{"distance", "-border", line, "-sides", countries, "-like", ref, "-bands", "1,5", "-edges", "0,1", "-o", out},       // both
		{"distance", "-border", line, "-sides", countries, "-like", ref, "-bands", "1000,5000", "-o", out, "extra"},         // argument
	} {
		if _, _, code := runCLI(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
