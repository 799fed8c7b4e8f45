package sensor

import (
	"context"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestSentinel2SCLAndBaseline writes a 4 × 2 B04 at 10 m and a 2 × 1 SCL at
// 20 m into a folder named like a SAFE product of baseline 04.00, and checks
// the offset (DN 2000 → (2000 − 1000)/10000 = 0.1), nodata DN 0, the nearest
// resampling of SCL onto the 10 m grid (each 20 m class covers 2 × 2 pixels
// of it) and the mask.
func TestSentinel2SCLAndBaseline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "S2B_MSIL2A_20230105T112111_N0509_R037_T29RKH_20230105T123947.SAFE")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	crs := raster.CRS{EPSG: 32629}
	g10 := raster.Grid{Width: 4, Height: 2, Transform: raster.Affine{199980, 10, 0, 2800020, 0, -10}, CRS: crs}
	g20 := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{199980, 20, 0, 2800020, 0, -20}, CRS: crs}
	write := func(name string, g raster.Grid, typ geotiff.DataType, vals ...float32) {
		if err := geotiff.WriteFile(filepath.Join(dir, name), &raster.Band{Grid: g, Data: vals}, &geotiff.Options{Type: typ}); err != nil {
			t.Fatal(err)
		}
	}
	write("T29RKH_20230105T112111_B04_10m.tif", g10, geotiff.UInt16, 2000, 3000, 0, 4000, 2000, 3000, 5000, 6000)
	write("T29RKH_20230105T112111_SCL_20m.tif", g20, geotiff.Byte, 9, 5) // cloud high | not vegetated
	conds, _ := ParseConditions("cloud")
	p, err := Open(dir, &Options{Mask: conds})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Platform != Sentinel2B || p.Level != LevelL2A || p.Sentinel2Baseline != "05.09" || p.Quality != QualitySCL {
		t.Fatalf("platform %s level %s baseline %s quality %s", p.Platform, p.Level, p.Sentinel2Baseline, p.Quality)
	}
	st, err := p.ReadStack(context.Background(), []string{"R"}, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	// Columns 0–1 lie under the cloudy 20 m pixel → NaN; (2,0) is DN 0 → NaN;
	// (3,0) = (4000 − 1000)/10000 = 0.3; (2,1) = 0.4; (3,1) = 0.5.
	want := []float64{math.NaN(), math.NaN(), math.NaN(), 0.3, math.NaN(), math.NaN(), 0.4, 0.5}
	for i, w := range want {
		got := float64(st.Bands[0].Data[i])
		if math.IsNaN(w) != math.IsNaN(got) || !math.IsNaN(w) && math.Abs(got-w) > 1e-7 {
			t.Errorf("pixel %d: %g, want %g", i, got, w)
		}
	}
	m, err := p.Mask(context.Background(), conds, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	if k, ms, f := m.Counts(); k != 4 || ms != 4 || f != 0 {
		t.Errorf("mask counts %d/%d/%d", k, ms, f)
	}
	if _, err := OpenSentinel2(dir, &Options{Mask: []Condition{{Feature: DilatedCloud}}}); err != nil {
		t.Errorf("dilated (part of \"clouds\") on SCL must be accepted as a no-op: %v", err)
	}
}
