package sim

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// bandFiles are the file suffixes of the written bands, in dnImage order.
var bandFiles = [8]string{"SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10", "QA_PIXEL"}

// ProductID returns the Collection 2 Level-2 product id of a simulated date
// (2014 or 2024), e.g. LC08_L2SP_147029_20140815_20200911_02_T1; "" for
// other years.
func ProductID(year int) string {
	for _, d := range dates {
		if d.year == year {
			return d.productID()
		}
	}
	return ""
}

func (d dateInfo) productID() string {
	return fmt.Sprintf("%s_L2SP_147029_%s_%s_02_T1", d.prefix, strings.ReplaceAll(d.acquired, "-", ""), d.processed)
}

// writeProduct writes the band COGs and the MTL of one date into dir.
func writeProduct(dir string, d dateInfo, g raster.Grid, img *dnImage) error {
	id := d.productID()
	for b, suffix := range bandFiles {
		band := &raster.Band{Grid: g, Name: suffix, Data: make([]float32, len(img.bands[b]))}
		for i, v := range img.bands[b] {
			band.Data[i] = float32(v)
		}
		opt := &geotiff.Options{Type: geotiff.UInt16, Compression: geotiff.CompressionDeflate, Predictor: 2, COG: true}
		if suffix != "QA_PIXEL" {
			opt.Nodata, opt.HasNodata = 0, true
		}
		path := filepath.Join(dir, id+"_"+suffix+".TIF")
		var buf bytes.Buffer
		if err := geotiff.Write(&buf, band, opt); err != nil {
			return fmt.Errorf("sim: writing %s: %w", path, err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("sim: %w", err)
		}
	}
	path := filepath.Join(dir, id+"_MTL.txt")
	if err := os.WriteFile(path, mtl(d, g), 0o644); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	return nil
}

// mtl returns the ODL metadata of a simulated product, with the groups and
// keys of a real Collection 2 Level-2 MTL (LC08_L2SP_005009_20150710 in
// ../shared/data/imagery was the model) and an ORIGIN that says it is
// simulated.
func mtl(d dateInfo, g raster.Grid) []byte {
	id := d.productID()
	var b strings.Builder
	p := func(indent int, format string, a ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	sensor := "OLI_TIRS"
	p(0, "GROUP = LANDSAT_METADATA_FILE")
	p(1, "GROUP = PRODUCT_CONTENTS")
	p(2, `ORIGIN = "SIMULATED scene made by borderzone examples/khorgos/sim; not a USGS product"`)
	p(2, `LANDSAT_PRODUCT_ID = "%s"`, id)
	p(2, `PROCESSING_LEVEL = "L2SP"`)
	p(2, "COLLECTION_NUMBER = 02")
	p(2, `COLLECTION_CATEGORY = "T1"`)
	p(2, `OUTPUT_FORMAT = "GEOTIFF"`)
	for k := 2; k <= 7; k++ {
		p(2, `FILE_NAME_BAND_%d = "%s_SR_B%d.TIF"`, k, id, k)
	}
	p(2, `FILE_NAME_BAND_ST_B10 = "%s_ST_B10.TIF"`, id)
	p(2, `FILE_NAME_QUALITY_L1_PIXEL = "%s_QA_PIXEL.TIF"`, id)
	p(2, `FILE_NAME_METADATA_ODL = "%s_MTL.txt"`, id)
	for k := 2; k <= 7; k++ {
		p(2, `DATA_TYPE_BAND_%d = "UINT16"`, k)
	}
	p(2, `DATA_TYPE_BAND_ST_B10 = "UINT16"`)
	p(2, `DATA_TYPE_QUALITY_L1_PIXEL = "UINT16"`)
	p(1, "END_GROUP = PRODUCT_CONTENTS")
	p(1, "GROUP = IMAGE_ATTRIBUTES")
	p(2, `SPACECRAFT_ID = "%s"`, d.spacecraft)
	p(2, `SENSOR_ID = "%s"`, sensor)
	p(2, "WRS_TYPE = 2")
	p(2, "WRS_PATH = 147")
	p(2, "WRS_ROW = 29")
	p(2, "DATE_ACQUIRED = %s", d.acquired)
	p(2, `SCENE_CENTER_TIME = "%s"`, d.centreTime)
	p(2, `STATION_ID = "SIM"`)
	p(2, "SUN_AZIMUTH = %.8f", d.sunAzimuth)
	p(2, "SUN_ELEVATION = %.8f", d.sunElevation)
	p(2, "EARTH_SUN_DISTANCE = %.7f", d.earthSun)
	p(1, "END_GROUP = IMAGE_ATTRIBUTES")
	p(1, "GROUP = PROJECTION_ATTRIBUTES")
	p(2, `MAP_PROJECTION = "UTM"`)
	p(2, `DATUM = "WGS84"`)
	p(2, `ELLIPSOID = "WGS84"`)
	p(2, "UTM_ZONE = 44")
	p(2, "GRID_CELL_SIZE_REFLECTIVE = 30.00")
	p(2, "GRID_CELL_SIZE_THERMAL = 30.00")
	p(2, "REFLECTIVE_LINES = %d", g.Height)
	p(2, "REFLECTIVE_SAMPLES = %d", g.Width)
	p(2, "THERMAL_LINES = %d", g.Height)
	p(2, "THERMAL_SAMPLES = %d", g.Width)
	p(2, `ORIENTATION = "NORTH_UP"`)
	ulx, uly := g.Transform.Apply(0.5, 0.5)
	lrx, lry := g.Transform.Apply(float64(g.Width)-0.5, float64(g.Height)-0.5)
	p(2, "CORNER_UL_PROJECTION_X_PRODUCT = %.3f", ulx)
	p(2, "CORNER_UL_PROJECTION_Y_PRODUCT = %.3f", uly)
	p(2, "CORNER_LR_PROJECTION_X_PRODUCT = %.3f", lrx)
	p(2, "CORNER_LR_PROJECTION_Y_PRODUCT = %.3f", lry)
	p(1, "END_GROUP = PROJECTION_ATTRIBUTES")
	p(1, "GROUP = LEVEL2_PROCESSING_RECORD")
	p(2, `ORIGIN = "SIMULATED scene made by borderzone examples/khorgos/sim; not a USGS product"`)
	p(2, `LANDSAT_PRODUCT_ID = "%s"`, id)
	p(2, `PROCESSING_LEVEL = "L2SP"`)
	p(2, `PROCESSING_SOFTWARE_VERSION = "borderzone examples/khorgos/sim"`)
	p(1, "END_GROUP = LEVEL2_PROCESSING_RECORD")
	p(1, "GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS")
	for k := 2; k <= 7; k++ {
		p(2, "REFLECTANCE_MULT_BAND_%d = 2.75e-05", k)
	}
	for k := 2; k <= 7; k++ {
		p(2, "REFLECTANCE_ADD_BAND_%d = -0.2", k)
	}
	p(1, "END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS")
	p(1, "GROUP = LEVEL2_SURFACE_TEMPERATURE_PARAMETERS")
	p(2, "TEMPERATURE_MULT_BAND_ST_B10 = 0.00341802")
	p(2, "TEMPERATURE_ADD_BAND_ST_B10 = 149.0")
	p(1, "END_GROUP = LEVEL2_SURFACE_TEMPERATURE_PARAMETERS")
	p(0, "END_GROUP = LANDSAT_METADATA_FILE")
	p(0, "END")
	return []byte(b.String())
}

// writeTruth writes the truth maps of a scene into dir/truth.
func writeTruth(dir string, s Scene) error {
	td := filepath.Join(dir, "truth")
	if err := os.MkdirAll(td, 0o755); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	for _, m := range []struct {
		name string
		l    *raster.Labels
	}{{"cover", s.Cover}, {"cloud", s.Cloud}} {
		path := filepath.Join(td, fmt.Sprintf("%s_%d.tif", m.name, s.Year))
		if err := geotiff.WriteFile(path, m.l, &geotiff.Options{Compression: geotiff.CompressionDeflate, COG: true}); err != nil {
			return fmt.Errorf("sim: writing %s: %w", path, err)
		}
	}
	return nil
}

// writeReadme writes dir/README.txt saying what is real and what is
// simulated.
func writeReadme(dir string, opt Options, t *Truth) error {
	var b strings.Builder
	fmt.Fprintf(&b, `SIMULATED Landsat Collection 2 Level-2 scenes of Khorgos (China–Kazakhstan border)

Made by borderzone examples/khorgos/sim.Generate, size %d x %d pixels of 30 m, seed %d.
Real: the China and Kazakhstan polygons and the border line (Natural Earth 1:10m,
public domain), and the spectra and temperatures, which are sampled from real Landsat 8
and Sentinel-2 pixels of each cover (spectra.csv in the package documents which).
Simulated: the land cover, the clouds, and therefore every pixel of these files.
No real satellite scene of Khorgos is used. These are NOT USGS products.

Grid: %v
Truth maps: truth/cover_<year>.tif (1 water, 2 built-up, 3 cropland, 4 trees, 5 steppe,
6 bare, 7 solar) and truth/cloud_<year>.tif (1 cloud, 2 cloud shadow).
`, opt.Size, opt.Size, opt.Seed, t.Grid)
	for _, s := range t.Scenes {
		fmt.Fprintf(&b, "%d: %s\n", s.Year, filepath.Base(s.Dir)+"/"+ProductID(s.Year)+"_*")
	}
	for _, k := range []string{KindInfilling, KindEdge, KindOutlying} {
		e := t.Expansion[k]
		fmt.Fprintf(&b, "new built-up patches 2014-2024, %s: %d patches, %d pixels\n", k, e.Patches, e.Pixels)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	return nil
}
