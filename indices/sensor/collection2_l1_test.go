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

// c2L1MTL is a Collection 2 Level-1 MTL.txt in the layout USGS delivers
// (LC08_L1TP_…_MTL.txt: PRODUCT_CONTENTS, IMAGE_ATTRIBUTES,
// LEVEL1_RADIOMETRIC_RESCALING, LEVEL1_THERMAL_CONSTANTS), with the Level-1
// coefficients of LC08_L1GT_005009_20150710_20200908_02_T2 (the Level-1 record
// of the shipped C2 L2 MTL) and a subset of its keys.
const c2L1MTL = `GROUP = LANDSAT_METADATA_FILE
  GROUP = PRODUCT_CONTENTS
    LANDSAT_PRODUCT_ID = "LC08_L1TP_005009_20150710_20200908_02_T1"
    PROCESSING_LEVEL = "L1TP"
    COLLECTION_NUMBER = 02
    FILE_NAME_BAND_4 = "LC08_L1TP_005009_20150710_20200908_02_T1_B4.TIF"
    FILE_NAME_BAND_10 = "LC08_L1TP_005009_20150710_20200908_02_T1_B10.TIF"
    FILE_NAME_QUALITY_L1_PIXEL = "LC08_L1TP_005009_20150710_20200908_02_T1_QA_PIXEL.TIF"
  END_GROUP = PRODUCT_CONTENTS
  GROUP = IMAGE_ATTRIBUTES
    SPACECRAFT_ID = "LANDSAT_8"
    SENSOR_ID = "OLI_TIRS"
    DATE_ACQUIRED = 2015-07-10
    SCENE_CENTER_TIME = "14:34:35.9783990Z"
    CLOUD_COVER = 54.65
    SUN_AZIMUTH = 177.88460070
    SUN_ELEVATION = 40.00159030
    EARTH_SUN_DISTANCE = 1.0166498
  END_GROUP = IMAGE_ATTRIBUTES
  GROUP = LEVEL1_RADIOMETRIC_RESCALING
    RADIANCE_MULT_BAND_4 = 9.6662E-03
    RADIANCE_MULT_BAND_10 = 3.3420E-04
    RADIANCE_ADD_BAND_4 = -48.33104
    RADIANCE_ADD_BAND_10 = 0.10000
    REFLECTANCE_MULT_BAND_4 = 2.0000E-05
    REFLECTANCE_ADD_BAND_4 = -0.100000
  END_GROUP = LEVEL1_RADIOMETRIC_RESCALING
  GROUP = LEVEL1_THERMAL_CONSTANTS
    K1_CONSTANT_BAND_10 = 774.8853
    K2_CONSTANT_BAND_10 = 1321.0789
  END_GROUP = LEVEL1_THERMAL_CONSTANTS
END_GROUP = LANDSAT_METADATA_FILE
END
`

// TestCollection2Level1 writes a tiny C2 L1 product (UInt16 DN) and reads it
// back through OpenLandsat. Pixel values worked by hand:
//
//	B4 DN 10000: ρ = (2e-5·10000 − 0.1)/sin(40.00159030°) = 0.1/0.64280887 = 0.15556724
//	B10 DN 24628: L = 8.3306776, BT = 1321.0789/ln(774.8853/8.3306776 + 1) = 290.76471 K
//	DN 0 is fill (NaN); QA_PIXEL 21824 (0x5540) clear, 22280 (0x5708) cloud, 1 fill.
func TestCollection2Level1(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "LC08_L1TP_005009_20150710_20200908_02_T1_MTL.txt"), []byte(c2L1MTL), 0o644); err != nil {
		t.Fatal(err)
	}
	g := raster.Grid{Width: 3, Height: 1, Transform: raster.Affine{500000, 30, 0, 8000000, 0, -30}, CRS: raster.CRS{EPSG: 32624}}
	write := func(suffix string, vals ...float32) {
		b := &raster.Band{Grid: g, Name: suffix, Data: vals}
		if err := geotiff.WriteFile(filepath.Join(dir, "LC08_L1TP_005009_20150710_20200908_02_T1_"+suffix+".TIF"), b, &geotiff.Options{Type: geotiff.UInt16}); err != nil {
			t.Fatal(err)
		}
	}
	write("B4", 10000, 10000, 0)
	write("B10", 24628, 24628, 0)
	write("QA_PIXEL", 21824, 22280, 1)
	p, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Level != LevelL1 || p.Metadata.Collection != 2 || p.Quality != QualityQAPixel {
		t.Fatalf("level %s collection %d quality %s", p.Level, p.Metadata.Collection, p.Quality)
	}
	st, err := p.ReadStack(context.Background(), []string{"R", "T1"}, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ρ B4", st.Bands[0].Data[0], 0.15556724, 1e-7)
	near(t, "BT B10", st.Bands[1].Data[0], 290.76471, 2e-4)
	if !math.IsNaN(float64(st.Bands[0].Data[2])) || !math.IsNaN(float64(st.Bands[1].Data[2])) {
		t.Errorf("fill DN 0 must read NaN: %v %v", st.Bands[0].Data, st.Bands[1].Data)
	}
	conds, _ := ParseConditions("clouds")
	m, err := p.Mask(context.Background(), conds, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyStack(st); err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(float64(st.Bands[0].Data[0])) || !math.IsNaN(float64(st.Bands[0].Data[1])) || m.ClearFraction() != 0.5 {
		t.Errorf("masked red %v, clear fraction %g", st.Bands[0].Data, m.ClearFraction())
	}
}
