package main

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// l8crop is the 48 x 48 Landsat 8 crop (UInt16 DN) of the indices package.
var l8crop = filepath.Join("..", "..", "indices", "testdata", "l8crop")

func readBand(t *testing.T, path string, b int) *raster.Band {
	t.Helper()
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	band, err := f.ReadBand(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	return band
}

// The index written by the CLI equals NDVI worked pixel by pixel from the
// input DNs, (N - R) / (N + R) in float64 rounded to float32, on the input's
// grid, as a DEFLATE + floating-point predictor Float32 file.
func TestIndexCLINDVI(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ndvi.tif")
	nir, red := filepath.Join(l8crop, "l8_B5.tif"), filepath.Join(l8crop, "l8_B4.tif")
	stdout, stderr, code := runCLI("index", "-index", "ndvi", "-band", "N="+nir, "-band", "R="+red+":1", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "NDVI = (N - R)/(N + R), 48x48 in EPSG:32616") {
		t.Errorf("stdout %q", stdout)
	}
	f, err := geotiff.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.DataType() != geotiff.Float32 || f.Compression() != 8 || f.Predictor() != 3 {
		t.Errorf("output type %v compression %v predictor %d", f.DataType(), f.Compression(), f.Predictor())
	}
	got, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	n, r := readBand(t, nir, 0), readBand(t, red, 0)
	if err := got.Grid.Match(n.Grid); err != nil {
		t.Fatal(err)
	}
	for i := range got.Data {
		nv, rv := float64(n.Data[i]), float64(r.Data[i])
		if want := float32((nv - rv) / (nv + rv)); got.Data[i] != want {
			t.Fatalf("pixel %d: %v, want %v", i, got.Data[i], want)
		}
	}
}

// -expr with a user constant and a band taken from a multi-band file.
func TestIndexCLIExprAndBandNumber(t *testing.T) {
	dir := t.TempDir()
	n := readBand(t, filepath.Join(l8crop, "l8_B5.tif"), 0)
	r := readBand(t, filepath.Join(l8crop, "l8_B4.tif"), 0)
	n.Name, r.Name = "nir", "red"
	stack, err := raster.NewStack(r, n)
	if err != nil {
		t.Fatal(err)
	}
	two := filepath.Join(dir, "two.tif")
	if err := geotiff.WriteFile(two, stack, &geotiff.Options{Type: geotiff.UInt16}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.tif")
	_, stderr, code := runCLI("index", "-expr", "a * nir - R", "-param", "a=2", "-band", "nir="+two+":2", "-band", "R="+two, "-o", out, "-compress", "zstd")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := readBand(t, out, 0)
	for i := range got.Data {
		if want := float32(2*float64(n.Data[i]) - float64(r.Data[i])); got.Data[i] != want {
			t.Fatalf("pixel %d: %v, want %v", i, got.Data[i], want)
		}
	}
}

func TestIndexCLIList(t *testing.T) {
	stdout, _, code := runCLI("index", "-list", "-domain", "kernel")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// The catalogue's five kernel indices.
	for _, name := range []string{"kEVI", "kIPVI", "kNDVI", "kRVI", "kVARI"} {
		if !strings.Contains(stdout, "\n"+name+" ") {
			t.Errorf("kernel list lacks %s:\n%s", name, stdout)
		}
	}
	if !strings.HasSuffix(stdout, "5 indices\n") {
		t.Errorf("list ends %q", stdout[max(0, len(stdout)-40):])
	}
	stdout, _, _ = runCLI("index", "-list", "-platform", "Sentinel-1 (Dual Polarisation HH-HV)")
	if !strings.HasSuffix(stdout, "2 indices\n") {
		t.Errorf("HH-HV list: %s", stdout)
	}
}

func TestIndexCLIErrors(t *testing.T) {
	dir := t.TempDir()
	nir := filepath.Join(l8crop, "l8_B5.tif")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-index", "NDVI", "-band", "N=" + nir, "-o", filepath.Join(dir, "a.tif")}, 1, "needs band R"},
		{[]string{"-expr", "(N - ", "-band", "N=" + nir, "-o", filepath.Join(dir, "a.tif")}, 1, "column 6"},
		{[]string{"-index", "NOPE", "-o", filepath.Join(dir, "a.tif")}, 1, `no index "NOPE"`},
		{[]string{"-index", "NDVI", "-band", "N", "-o", "x.tif"}, 2, "LETTER=file.tif"},
		{[]string{"-index", "NDVI", "-band", "N=" + nir, "-band", "R=" + nir + ":3", "-o", filepath.Join(dir, "a.tif")}, 1, "band 3 out of range"},
		{[]string{"-index", "NDVI", "-band", "N=" + nir, "-band", "R=missing.tif", "-o", filepath.Join(dir, "a.tif")}, 1, "missing.tif"},
		{[]string{"-index", "NDVI", "-expr", "N", "-o", "x.tif"}, 2, "usage"},
		{[]string{"-list", "-domain", "forest"}, 1, `no domain "forest"`},
		{[]string{"-index", "NDVI", "-band", "N=" + nir, "-band", "R=" + filepath.Join("..", "..", "raster", "geotiff", "testdata", "corpus", "rgb_byte_1band_lzw.tif"), "-o", filepath.Join(dir, "a.tif")}, 1, "rgb_byte_1band_lzw.tif"},
		{[]string{"-index", "FAI", "-band", "N=" + nir, "-band", "R=" + nir, "-band", "S1=" + nir, "-o", filepath.Join(dir, "a.tif")}, 1, "lambda"},
	}
	for _, c := range cases {
		_, stderr, code := runCLI(append([]string{"index"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	// A given wavelength makes FAI computable.
	_, stderr, code := runCLI("index", "-index", "FAI", "-band", "N="+nir, "-band", "R="+nir, "-band", "S1="+nir,
		"-param", "lambdaN=865", "-param", "lambdaR=655", "-param", "lambdaS1=1610", "-o", filepath.Join(dir, "fai.tif"))
	if code != 0 {
		t.Errorf("FAI with wavelengths: exit %d %s", code, stderr)
	}
	if got := readBand(t, filepath.Join(dir, "fai.tif"), 0); got.Data[0] != 0 || math.IsNaN(float64(got.Data[0])) {
		// N = R = S1 gives N - (R + (S1 - R)*w) = 0.
		t.Errorf("FAI with N = R = S1: %v, want 0", got.Data[0])
	}
}

// -product reads a Landsat Collection 2 Level-2 folder and -mask turns the
// QA_PIXEL-flagged pixels to NaN. The expectation is worked from the raw
// files: surface reflectance = 2.75e-5·DN − 0.2 (the MTL's
// REFLECTANCE_MULT/ADD_BAND_4 and _5, also the Collection 2 Level-2 product
// guide's constants), NDVI = (N − R)/(N + R) with N = SR_B5, R = SR_B4, and
// a pixel masked when QA_PIXEL has bit 0 (fill), 1 (dilated cloud),
// 3 (cloud) or 4 (cloud shadow) set, or its DN is 0 (no data).
func TestIndexCLIProductMask(t *testing.T) {
	dir := filepath.Join("..", "..", "indices", "sensor", "testdata", "landsat8_c2l2_crop")
	const id = "LC08_L2SP_005009_20150710_20200908_02_T2_"
	out := filepath.Join(t.TempDir(), "ndvi.tif")
	stdout, stderr, code := runCLI("index", "-index", "NDVI", "-product", dir, "-mask", "clouds,shadow", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	red := readBand(t, filepath.Join(dir, id+"SR_B4.TIF"), 0)
	nir := readBand(t, filepath.Join(dir, id+"SR_B5.TIF"), 0)
	qa := readBand(t, filepath.Join(dir, id+"QA_PIXEL.TIF"), 0)
	got := readBand(t, out, 0)
	if err := got.Grid.Match(red.Grid); err != nil {
		t.Fatal(err)
	}
	masked := 0
	for i, g := range got.Data {
		q := uint16(qa.Data[i])
		if q&(1<<0|1<<1|1<<3|1<<4) != 0 || math.IsNaN(float64(red.Data[i])) || math.IsNaN(float64(nir.Data[i])) {
			masked++
			if !math.IsNaN(float64(g)) {
				t.Fatalf("pixel %d: QA %#x, got %v, want NaN", i, q, g)
			}
			continue
		}
		r := 2.75e-5*float64(red.Data[i]) - 0.2
		n := 2.75e-5*float64(nir.Data[i]) - 0.2
		want := (n - r) / (n + r)
		if d := math.Abs(float64(g) - want); d > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("pixel %d: got %v, want %v", i, g, want)
		}
	}
	if masked == 0 || masked == len(got.Data) {
		t.Fatalf("%d of %d pixels masked: the crop should have both", masked, len(got.Data))
	}
	if !strings.Contains(stdout, "mask clouds,shadow keeps") {
		t.Errorf("stdout %q does not report the clear fraction", stdout)
	}
	if _, stderr, code := runCLI("index", "-index", "NDVI", "-band", "N="+filepath.Join(dir, id+"SR_B5.TIF"), "-mask", "clouds", "-o", out); code == 0 || !strings.Contains(stderr, "-mask needs -product") {
		t.Errorf("-mask without -product: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runCLI("index", "-index", "NDVI", "-product", dir, "-mask", "clowds", "-o", out); code == 0 || !strings.Contains(stderr, "clowds") {
		t.Errorf("bad -mask: exit %d, %s", code, stderr)
	}
}
