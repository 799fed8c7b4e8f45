package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestRenderCLI renders the Landsat 5 stack of the corpus as colour infrared
// and one band through a ramp with its legend, and checks the PNGs: size
// (287 x 310, or reduced by 2 to 144 x 155 for -max-size 200), NIR-red-green
// channel order (vegetation, bright in TM band 4, comes out red) and
// transparency of no data.
func TestRenderCLI(t *testing.T) {
	src := filepath.Join(corpus, "l5_7band_byte_lzw_band_tiled128.tif")
	dir := t.TempDir()
	cir := filepath.Join(dir, "cir.png")
	if out, errs, code := runCLI("render", "-cir", "4,3,2", "-max-size", "200", "-o", cir, src); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	m := decodePNG(t, cir)
	if b := m.Bounds(); b.Dx() != 144 || b.Dy() != 155 {
		t.Errorf("colour-infrared size %v, want 144x155", b)
	}
	var redder, greener int
	for y := range 155 {
		for x := range 144 {
			r, g, _, a := m.At(x, y).RGBA()
			if a == 0 {
				continue
			}
			if r > g {
				redder++
			} else {
				greener++
			}
		}
	}
	// The scene is mostly tropical forest: NIR (red channel) dominates.
	if redder < 2*greener {
		t.Errorf("colour infrared: %d pixels redder than green, %d not: vegetation should be red", redder, greener)
	}
	one, legend := filepath.Join(dir, "b4.png"), filepath.Join(dir, "legend.png")
	out, errs, code := runCLI("render", "-band", "4", "-ramp", "rdylgn", "-legend", legend, "-o", one, src)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b := decodePNG(t, one).Bounds(); b.Dx() != 287 || b.Dy() != 310 {
		t.Errorf("band size %v", b)
	}
	decodePNG(t, legend)
	if !strings.Contains(out, "stretched over") {
		t.Errorf("output: %s", out)
	}
	// A palette file written by borderzone translate of labels: through
	// the labels path, each class in its colour.
	lab := writeLabelsFile(t, dir)
	labPNG, labLegend := filepath.Join(dir, "labels.png"), filepath.Join(dir, "labels_legend.png")
	if _, errs, code := runCLI("render", "-labels", "-legend", labLegend, "-o", labPNG, lab); code != 0 {
		t.Fatalf("labels: %s", errs)
	}
	lm := decodePNG(t, labPNG)
	if r, g, b, a := lm.At(1, 0).RGBA(); r>>8 != 230 || g != 0 || b != 0 || a>>8 != 255 {
		t.Errorf("class 1 pixel colour %d %d %d %d, want 230 0 0 255", r>>8, g>>8, b>>8, a>>8)
	}
	if _, _, _, a := lm.At(0, 0).RGBA(); a != 0 {
		t.Error("code 0 should be transparent")
	}
	decodePNG(t, labLegend)
	for _, bad := range [][]string{
		{"render", "-labels", "-o", one, filepath.Join(corpus, "l8_float32_nodata-9999_lzw.tif")},
		{"render", "-band", "9", "-o", one, src},
		{"render", "-cir", "4,3", "-o", one, src},
		{"render", "-ramp", "rainbow", "-o", one, src},
		{"render", "-stretch", "explicit", "-low", "5", "-high", "1", "-o", one, src},
		{"render", "-o", one, filepath.Join(dir, "missing.tif")},
	} {
		if _, errs, code := runCLI(bad...); code == 0 || !strings.Contains(errs, "borderzone render") {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
	if _, _, code := runCLI("render", src); code != 2 {
		t.Errorf("no -o: exit %d, want 2", code)
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	m, err := png.Decode(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// writeLabelsFile writes a 3 x 2 labels raster with two coloured classes.
func writeLabelsFile(t *testing.T, dir string) string {
	t.Helper()
	g := raster.Grid{Width: 3, Height: 2, Transform: raster.Affine{500000, 30, 0, 4800000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	l := &raster.Labels{Grid: g, Data: []uint16{0, 1, 2, 2, 1, 1}, Classes: []raster.Class{
		{Code: 1, Name: "built-up", Color: color.RGBA{230, 0, 0, 255}},
		{Code: 2, Name: "water", Color: color.RGBA{0, 90, 230, 255}},
	}}
	path := filepath.Join(dir, "labels.tif")
	if err := geotiff.WriteFile(path, l, nil); err != nil {
		t.Fatal(err)
	}
	return path
}
