package main

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// rfScene writes a 40 x 40 two-band stack in UTM 44N with 10 m pixels whose
// top-left corner is (500000, 4900000): band "wet" is 1 on columns 0–19 and
// 0 on columns 20–39 plus noise below 0.3, band "noise" is noise. A random
// forest trained on any polygons of each half must class the left half as
// water and the right half as built-up, whatever the noise.
func rfScene(t *testing.T, dir string) string {
	t.Helper()
	g := raster.Grid{Width: 40, Height: 40, Transform: raster.Affine{500000, 10, 0, 4900000, 0, -10}, CRS: raster.CRS{EPSG: 32644}}
	wet, noise := raster.NewBand(g, "wet"), raster.NewBand(g, "noise")
	rng := rand.New(rand.NewPCG(1, 1))
	for row := range 40 {
		for col := range 40 {
			v := 0.3 * rng.Float32()
			if col < 20 {
				v += 1
			}
			wet.Set(col, row, v)
			noise.Set(col, row, rng.Float32())
		}
	}
	s, err := raster.NewStack(wet, noise)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "stack.tif")
	if err := geotiff.WriteFile(path, s, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

// rfPolygons writes training squares of 40 m (4 x 4 pixels) in map
// coordinates: four on the left half labelled water, four on the right
// labelled built-up, plus extra features given by the caller.
func rfPolygons(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	var feats []string
	sq := func(class string, col, row int) string {
		x0, y0 := 500000+10*col, 4900000-10*row
		c := func(x, y int) string { return "[" + rfItoa(x) + "," + rfItoa(y) + "]" }
		return `{"type":"Feature","properties":{"class":"` + class + `"},"geometry":{"type":"Polygon","coordinates":[[` +
			c(x0, y0) + "," + c(x0+40, y0) + "," + c(x0+40, y0-40) + "," + c(x0, y0-40) + "," + c(x0, y0) + `]]}}`
	}
	for _, rc := range [][2]int{{2, 2}, {10, 12}, {4, 25}, {12, 33}} {
		feats = append(feats, sq("water", rc[0], rc[1]))
		feats = append(feats, sq("built-up", 22+rc[0], rc[1]))
	}
	feats = append(feats, extra...)
	js := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32644"}},"features":[` + strings.Join(feats, ",") + `]}`
	path := filepath.Join(dir, "train.geojson")
	if err := os.WriteFile(path, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func rfItoa(i int) string {
	neg := i < 0
	if neg {
		i = -i
	}
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
		if i == 0 {
			break
		}
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

func TestClassifyRFCLI(t *testing.T) {
	dir := t.TempDir()
	stack, train := rfScene(t, dir), rfPolygons(t, dir)
	out := filepath.Join(dir, "classes.tif")
	stdout, stderr, code := runCLI("classify", "rf", "-train", train, "-trees", "20", "-test", "0.25", "-seed", "3", "-o", out, stack)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	// 8 squares of 16 pixels; 0.25 of each class's 4 polygons is 1 held out.
	for _, want := range []string{"training: 96 pixels from 6 polygons; test: 32 pixels from 2 polygons",
		"out-of-bag error: ", "test accuracy: 1.0000 (32 of 32", "feature importance", "  wet ", "wrote " + out + ": 40x40, 2 classes"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// "wet" decides the class: it comes first in the importance list.
	if strings.Index(stdout, "  wet ") > strings.Index(stdout, "  noise ") {
		t.Errorf("wet is not the most important feature:\n%s", stdout)
	}
	f, err := geotiff.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.ReadLabels(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	// Names get codes in order of first appearance: water 1, built-up 2.
	for row := range 40 {
		for col := range 40 {
			want := uint16(1)
			if col >= 20 {
				want = 2
			}
			if got := l.At(col, row); got != want {
				t.Fatalf("pixel (%d, %d) = %d, want %d", col, row, got, want)
			}
		}
	}
	if cm := f.ColorMap(); len(cm) < 3 || cm[1] == cm[2] {
		t.Errorf("palette %v", cm)
	}
	aux, err := os.ReadFile(out + ".aux.xml")
	if err == nil && (!strings.Contains(string(aux), "water") || !strings.Contains(string(aux), "built-up")) {
		t.Errorf("aux.xml lacks the class names: %s", aux)
	}
}

func TestClassifyRFCLIErrors(t *testing.T) {
	dir := t.TempDir()
	stack := rfScene(t, dir)
	bad := rfPolygons(t, dir, `{"type":"Feature","properties":{"name":"orchard"},"geometry":{"type":"Polygon","coordinates":[[[500000,4899000],[500040,4899000],[500040,4898960],[500000,4899000]]]}}`)
	_, stderr, code := runCLI("classify", "rf", "-train", bad, "-o", filepath.Join(dir, "x.tif"), stack)
	if code != 1 || !strings.Contains(stderr, `zone 9`) || !strings.Contains(stderr, `property "class": missing`) {
		t.Errorf("missing class: exit %d, %s", code, stderr)
	}
	far := filepath.Join(dir, "far.geojson")
	os.WriteFile(far, []byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32644"}},"features":[{"type":"Feature","properties":{"class":"water"},"geometry":{"type":"Polygon","coordinates":[[[600000,4800000],[600040,4800000],[600040,4799960],[600000,4800000]]]}}]}`), 0o644)
	_, stderr, code = runCLI("classify", "rf", "-train", far, "-o", filepath.Join(dir, "x.tif"), stack)
	if code != 1 || !strings.Contains(stderr, "far.geojson: no training polygon overlaps") {
		t.Errorf("polygons off the grid: exit %d, %s", code, stderr)
	}
	if _, _, code := runCLI("classify", "rf", "-train", bad, stack); code != 2 {
		t.Errorf("no -o: exit %d, want 2", code)
	}
	_, stderr, code = runCLI("classify", "rf", "-train", filepath.Join(dir, "none.geojson"), "-o", filepath.Join(dir, "x.tif"), stack)
	if code != 1 || !strings.Contains(stderr, "none.geojson") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
}

// The -band inputs make the same stack from single-band files.
func TestClassifyRFCLIBands(t *testing.T) {
	dir := t.TempDir()
	stack, train := rfScene(t, dir), rfPolygons(t, dir)
	out := filepath.Join(dir, "classes.tif")
	stdout, stderr, code := runCLI("classify", "rf", "-train", train, "-trees", "10", "-test", "0",
		"-band", "wet="+stack+":1", "-band", "noise="+stack+":2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "test accuracy: no held-out polygons") || !strings.Contains(stdout, "training: 128 pixels from 8 polygons") {
		t.Errorf("stdout %s", stdout)
	}
}
