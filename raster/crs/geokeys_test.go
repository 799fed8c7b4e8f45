package crs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestFromGeoKeys reads the GeoKeys GDAL wrote for each definition in
// testdata/geotiff (testdata/gen_geotiff.sh) and checks that they give the
// same CRS as the definition.
func TestFromGeoKeys(t *testing.T) {
	files, err := filepath.Glob("testdata/geotiff/*.tif")
	if err != nil || len(files) < 8 {
		t.Fatalf("testdata/geotiff: %d files, %v", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".tif")
		t.Run(name, func(t *testing.T) {
			def, err := os.ReadFile(strings.TrimSuffix(f, ".tif") + ".proj")
			if err != nil {
				t.Fatal(err)
			}
			want, err := crs.Parse(string(def))
			if err != nil {
				t.Fatal(err)
			}
			file, err := geotiff.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			got, err := crs.FromGeoKeys(file.GeoKeys())
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) || got.EPSG() != want.EPSG() {
				t.Errorf("crs.FromGeoKeys = %s (EPSG %d), want %s (EPSG %d)", got.ProjString(), got.EPSG(), want.ProjString(), want.EPSG())
			}
		})
	}
}

// TestMODISFile recognises the sinusoidal grid of a real MODIS tile, which
// has no EPSG code, and checks a pixel corner against GDAL's gdalinfo.
func TestMODISFile(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/data/imagery/border_zimbabwe_mozambique_modis_h21v11/*_B01.TIF")
	if len(files) == 0 {
		t.Skip("MODIS tile not present in ../shared/data/imagery")
	}
	f, err := geotiff.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := crs.FromGeoKeys(f.GeoKeys())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Equal(crs.MODISSinusoidal()) {
		t.Fatalf("MODIS tile CRS = %s", c.ProjString())
	}
	// The tile's origin as gdalinfo reports it; cs2cs +proj=sinu
	// +R=6371007.181 +to +proj=longlat +R=6371007.181 gives
	// 31.925333171 E, 19.999999998 S (printed to 1e-9).
	lon, lat, err := c.Inverse(3335851.559, -2223901.039333)
	if err != nil {
		t.Fatal(err)
	}
	if d := lat - (-19.999999998); d > 1e-9 || d < -1e-9 {
		t.Errorf("tile corner latitude %v, want -19.999999998", lat)
	}
	if want := 31.925333171; lon < want-1e-9 || lon > want+1e-9 {
		t.Errorf("tile corner longitude %v, want %v", lon, want)
	}
	// raster.CRS keeps only the citation ("unnamed"): crs.FromRaster must say
	// so rather than guess.
	im, err := f.Level(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crs.FromRaster(im.RasterGrid().CRS); err == nil || !strings.Contains(err.Error(), "FromGeoKeys") {
		t.Errorf("crs.FromRaster(%v): error %v, want one pointing to crs.FromGeoKeys", im.RasterGrid().CRS, err)
	}
}

func TestFromGeoKeysErrors(t *testing.T) {
	cases := []struct {
		keys    map[int]crs.GeoKey
		mention string
	}{
		{nil, "no GeoTIFF keys"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 26910}}, "EPSG:26910"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 32767}, 2048: {Short: 32767}, 2056: {Short: 7030}, 3075: {Short: 8}}, "ProjCoordTransGeoKey 8"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 32767}, 2048: {Short: 32767}, 2056: {Short: 7030}, 3075: {Short: 1}, 3076: {Short: 9002}}, "ProjLinearUnitsGeoKey 9002"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 32767}, 2048: {Short: 32767}, 2050: {Short: 6267}}, "6267"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 32767}, 2048: {Short: 32767}, 2056: {Short: 7030}, 3075: {Short: 1}, 3080: {Doubles: []float64{1, 2}}}, "3080"},
		{map[int]crs.GeoKey{1024: {Short: 1}, 3072: {Short: 32767}, 2048: {Short: 32767}}, "no ellipsoid"},
	}
	for _, c := range cases {
		_, err := crs.FromGeoKeys(c.keys)
		if err == nil || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("crs.FromGeoKeys(%v): error %v, want one mentioning %q", c.keys, err, c.mention)
		}
	}
}
