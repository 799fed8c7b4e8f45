package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestWarpCLIAgainstGDAL reprojects a corpus file (UTM 18N, Byte, nodata 0)
// to EPSG:4326 with nearest neighbour and the exact transformer, and checks
// the result against gdalwarp's on the same grid: identical size,
// geotransform (to 1e-9 of a pixel) and pixels. gdalwarp runs live; without
// it the test skips, except under CI=true.
func TestWarpCLIAgainstGDAL(t *testing.T) {
	gdalwarp, err := exec.LookPath("gdalwarp")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but gdalwarp is missing")
		}
		t.Skip("gdalwarp not installed")
	}
	src := filepath.Join(corpus, "rgb_byte_1band_lzw.tif")
	dir := t.TempDir()
	ours, theirs := filepath.Join(dir, "ours.tif"), filepath.Join(dir, "gdal.tif")
	if out, errs, code := runCLI("warp", "-to", "EPSG:4326", "-r", "nearest", "-exact", src, ours); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	cmd := exec.Command(gdalwarp, "-q", "-overwrite", "-t_srs", "EPSG:4326", "-r", "near", "-et", "0", src, theirs)
	cmd.Env = append(os.Environ(), "GDAL_PAM_ENABLED=NO")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("gdalwarp: %v %s", err, stderr.String())
	}
	a, b := readAll(t, ours), readAll(t, theirs)
	ga, gb := a.f.RasterGrid(), b.f.RasterGrid()
	if ga.Width != gb.Width || ga.Height != gb.Height || ga.CRS.EPSG != 4326 {
		t.Fatalf("grid %v, gdalwarp %v", ga, gb)
	}
	for i := range ga.Transform {
		if d := ga.Transform[i] - gb.Transform[i]; d > 1e-9*ga.Transform[1] || -d > 1e-9*ga.Transform[1] {
			t.Fatalf("geotransform %v, gdalwarp %v", ga.Transform, gb.Transform)
		}
	}
	if !bytes.Equal(a.raw, b.raw) {
		n := 0
		for i := range a.raw {
			if a.raw[i] != b.raw[i] {
				n++
			}
		}
		t.Errorf("%d of %d pixels differ from gdalwarp's", n, len(a.raw))
	}
	// -like takes the reference's grid: aligning onto gdalwarp's output grid
	// gives gdalwarp's pixels again.
	liked := filepath.Join(dir, "liked.tif")
	if _, errs, code := runCLI("warp", "-like", theirs, "-exact", src, liked); code != 0 {
		t.Fatalf("-like: %s", errs)
	}
	if c := readAll(t, liked); c.f.RasterGrid().Match(gb) != nil || !bytes.Equal(c.raw, b.raw) {
		t.Errorf("-like: grid %v or pixels differ from the reference's", c.f.RasterGrid())
	}
	for _, bad := range [][]string{
		{"warp", "-to", "EPSG:99999", src, ours},
		{"warp", "-to", "EPSG:4326", "-r", "lanczos", src, ours},
		{"warp", "-like", filepath.Join(dir, "missing.tif"), src, ours},
	} {
		if _, errs, code := runCLI(bad...); code == 0 || !strings.Contains(errs, "borderzone warp") {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}
	if _, _, code := runCLI("warp", src, ours); code != 2 {
		t.Errorf("neither -to nor -like: exit %d, want 2", code)
	}
}

type rasterFile struct {
	f   *geotiff.File
	raw []byte
}

func readAll(t *testing.T, path string) rasterFile {
	t.Helper()
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := f.ReadRaw(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	return rasterFile{f: f, raw: r.Data}
}
