package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

const sceneFile = "../geotiff/testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif"

// TestSceneColorInfrared renders the 7-band Landsat 5 test scene as colour
// infrared (bands 4, 3, 2) and compares it with testdata/l5_cir.png, which
// was checked by eye: vegetation red, water dark, bare ground cyan-grey.
// Set RENDER_OUT to a directory to keep full-size PNGs (colour infrared,
// true colour, band 4 through magma and its legend)
// for viewing; set RENDER_UPDATE=1 to rewrite the golden image.
func TestSceneColorInfrared(t *testing.T) {
	f, err := geotiff.Open(sceneFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	win := f.RasterGrid().Rect()
	nir, err := f.ReadWindow(ctx, 3, win)
	if err != nil {
		t.Fatal(err)
	}
	red, err := f.ReadWindow(ctx, 2, win)
	if err != nil {
		t.Fatal(err)
	}
	green, err := f.ReadWindow(ctx, 1, win)
	if err != nil {
		t.Fatal(err)
	}
	full, _, err := ColorInfrared(nir, red, green, nil)
	if err != nil {
		t.Fatal(err)
	}
	if full.Bounds() != image.Rect(0, 0, 287, 310) {
		t.Fatalf("bounds %v", full.Bounds())
	}
	small, _, err := ColorInfrared(nir, red, green, &CompositeOptions{MaxSize: 150})
	if err != nil {
		t.Fatal(err)
	}
	if small.Bounds() != image.Rect(0, 0, 96, 104) {
		t.Fatalf("reduced bounds %v", small.Bounds())
	}
	var buf bytes.Buffer
	if err := WritePNG(&buf, small); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("RENDER_OUT"); dir != "" {
		if err := SavePNG(filepath.Join(dir, "l5_cir_full.png"), full); err != nil {
			t.Fatal(err)
		}
		blue, err := f.ReadWindow(ctx, 0, win)
		if err != nil {
			t.Fatal(err)
		}
		tc, _, err := Composite(red, green, blue, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := SavePNG(filepath.Join(dir, "l5_truecolor.png"), tc); err != nil {
			t.Fatal(err)
		}
		classes := []raster.Class{
			{Code: 1, Name: "built-up", Color: color.RGBA{220, 40, 40, 255}},
			{Code: 2, Name: "water", Color: color.RGBA{40, 90, 200, 255}},
			{Code: 3, Name: "forest", Color: color.RGBA{30, 130, 50, 255}},
		}
		if err := SavePNG(filepath.Join(dir, "class_legend.png"), ClassLegend(classes)); err != nil {
			t.Fatal(err)
		}
		if err := SavePNG(filepath.Join(dir, "ndvi_legend.png"), Legend(RdYlGn, -0.2, 0.8, &LegendOptions{Units: "NDVI", Ticks: 6})); err != nil {
			t.Fatal(err)
		}
		ndvi := nir // a second look: band 4 alone through magma with its legend
		img, lo, hi, err := Band(ndvi, &BandOptions{Ramp: Magma})
		if err != nil {
			t.Fatal(err)
		}
		if err := SavePNG(filepath.Join(dir, "l5_b4_magma.png"), img); err != nil {
			t.Fatal(err)
		}
		if err := SavePNG(filepath.Join(dir, "l5_b4_legend.png"), Legend(Magma, lo, hi, &LegendOptions{Units: "band 4 DN"})); err != nil {
			t.Fatal(err)
		}
	}
	golden := filepath.Join("testdata", "l5_cir.png")
	if os.Getenv("RENDER_UPDATE") == "1" {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		// Compare pixels too, in case only the encoder changed.
		m, err := png.Decode(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		if !sameImage(m, small) {
			t.Errorf("colour-infrared rendering differs from %s", golden)
		}
	}
}

func sameImage(a image.Image, b *image.NRGBA) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := b.Rect.Min.Y; y < b.Rect.Max.Y; y++ {
		for x := b.Rect.Min.X; x < b.Rect.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// TestReadPreviewOverview reads a preview from a file with overviews
// (287x310 with GDAL-built average overviews 144x155 and 72x78): asking
// for at most 100 pixels takes the 72x78 level as is, and its mean agrees
// with the block average of the full-resolution band to within 1 %.
func TestReadPreviewOverview(t *testing.T) {
	f, err := geotiff.Open("../geotiff/testdata/corpus/l5_7band_byte_zstd_pred2_ovr.tif")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	p, err := ReadPreview(ctx, f, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if p.Grid.Width != 72 || p.Grid.Height != 78 {
		t.Fatalf("preview %dx%d, want the 72x78 overview", p.Grid.Width, p.Grid.Height)
	}
	full, err := f.ReadWindow(ctx, 3, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	mean := func(d []float32) float64 {
		s, n := 0.0, 0
		for _, v := range d {
			if v == v {
				s += float64(v)
				n++
			}
		}
		return s / float64(n)
	}
	if a, b := mean(p.Data), mean(full.Data); math.Abs(a-b) > 0.01*b {
		t.Errorf("overview mean %g, full-resolution mean %g", a, b)
	}
	small, err := ReadPreview(ctx, f, 3, 40)
	if err != nil {
		t.Fatal(err)
	}
	if small.Grid.Width != 36 || small.Grid.Height != 39 {
		t.Errorf("preview at 40: %dx%d, want 72x78 halved", small.Grid.Width, small.Grid.Height)
	}
	whole, err := ReadPreview(ctx, f, 3, 0)
	if err != nil || whole.Grid.Width != 287 {
		t.Errorf("no limit: %v %v", whole.Grid, err)
	}
}

// TestSceneNumpy checks the 2–98 % percentiles of every band of the
// Landsat 5 scene and the 3x3 block average of band 4 against numpy
// (testdata/scene.json, made by testdata/gen_scene.py through GDAL).
func TestSceneNumpy(t *testing.T) {
	raw, err := os.ReadFile("testdata/scene.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Percentiles  [][2]float64
		Reduce3Band3 struct {
			Width, Height int
			F32le         string
		} `json:"reduce3_band3"`
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	f, err := geotiff.Open(sceneFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	if len(golden.Percentiles) != f.NumBands() {
		t.Fatalf("golden has %d bands, file %d", len(golden.Percentiles), f.NumBands())
	}
	for i, want := range golden.Percentiles {
		b, err := f.ReadWindow(ctx, i, f.RasterGrid().Rect())
		if err != nil {
			t.Fatal(err)
		}
		got, err := Percentiles(b.Data, 2, 98)
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != want[0] || got[1] != want[1] {
			t.Errorf("band %d: 2–98 %% = %v, numpy %v", i+1, got, want)
		}
		if i != 3 {
			continue
		}
		r, err := Reduce(b, 3)
		if err != nil {
			t.Fatal(err)
		}
		g := golden.Reduce3Band3
		enc, err := base64.StdEncoding.DecodeString(g.F32le)
		if err != nil {
			t.Fatal(err)
		}
		if r.Grid.Width != g.Width || r.Grid.Height != g.Height || len(enc) != 4*len(r.Data) {
			t.Fatalf("reduced %dx%d, numpy %dx%d", r.Grid.Width, r.Grid.Height, g.Width, g.Height)
		}
		bad := 0
		for k, v := range r.Data {
			if math.Float32bits(v) != binary.LittleEndian.Uint32(enc[4*k:]) {
				bad++
			}
		}
		if bad != 0 {
			t.Errorf("%d of %d reduced values differ from numpy's block nanmean", bad, len(r.Data))
		}
	}
}
