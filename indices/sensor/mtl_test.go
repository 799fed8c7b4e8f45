package sensor

import (
	"bytes"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadMTLLandsat5 checks the NUL-padded pre-collection TM MTL against the
// values printed in the file.
func TestReadMTLLandsat5(t *testing.T) {
	m, err := ReadMTL("testdata/LT52240631988227CUB02_MTL.txt")
	if err != nil {
		t.Fatal(err)
	}
	if m.Platform != Landsat5 || m.Sensor != "TM" || m.ProcessingLevel != "L1T" || m.Level != LevelL1 || m.Collection != 0 {
		t.Errorf("ids: %+v", m)
	}
	if m.ProductID != "LT52240631988227CUB02" || m.SunElevation != 49.75588889 || m.SunAzimuth != 61.96724978 || m.CloudCover != 0 {
		t.Errorf("scene: %s %g %g %g", m.ProductID, m.SunElevation, m.SunAzimuth, m.CloudCover)
	}
	if m.EarthSunDistance != 0 {
		t.Errorf("EARTH_SUN_DISTANCE is absent, got %g", m.EarthSunDistance)
	}
	want := time.Date(1988, 8, 14, 13, 0, 47, 375019000, time.UTC)
	if !m.Acquired.Equal(want) {
		t.Errorf("acquired %v, want %v", m.Acquired, want)
	}
	b6, err := m.Band("B6")
	if err != nil {
		t.Fatal(err)
	}
	if b6.File != "LT52240631988227CUB02_B6.TIF" || *b6.Radiance != (Linear{0.055, 1.18243}) || b6.Thermal != nil || b6.Reflectance != nil {
		t.Errorf("B6 %+v", b6)
	}
	if b3, _ := m.Band("B3"); *b3.Radiance != (Linear{1.044, -2.21398}) {
		t.Errorf("B3 radiance %+v", b3.Radiance)
	}
	if _, err := m.Band("B8"); err == nil || !strings.Contains(err.Error(), "LT52240631988227CUB02_MTL.txt") {
		t.Errorf("missing band error %v", err)
	}
}

func TestReadMTLLandsat8PreCollection(t *testing.T) {
	m, err := ReadMTL("testdata/l8_MTL.txt")
	if err != nil {
		t.Fatal(err)
	}
	b10 := m.Bands["B10"]
	if *b10.Radiance != (Linear{3.3420e-4, 0.1}) || *b10.Thermal != (ThermalConstants{774.8853, 1321.0789}) {
		t.Errorf("B10 %+v %+v", b10.Radiance, b10.Thermal)
	}
	if b4 := m.Bands["B4"]; *b4.Reflectance != (Linear{2e-5, -0.1}) || *b4.Radiance != (Linear{9.7062e-03, -48.53088}) {
		t.Errorf("B4 %+v %+v", b4.Reflectance, b4.Radiance)
	}
	if m.Bands["BQA"].File != "LC80200392015216LGN00_BQA.TIF" || m.EarthSunDistance != 1.0145544 || m.CloudCover != 11.08 {
		t.Errorf("BQA %q d %g cc %g", m.Bands["BQA"].File, m.EarthSunDistance, m.CloudCover)
	}
	if m.Bands["B11"].Thermal.K1 != 480.8883 {
		t.Errorf("B11 K1 %g", m.Bands["B11"].Thermal.K1)
	}
}

// TestReadMTLCollection2 reads the C2 L2 MTL.txt and MTL.json: both describe
// the same product and must give the same Metadata.
func TestReadMTLCollection2(t *testing.T) {
	txt, err := ReadMTL("testdata/LC08_L2SP_005009_20150710_20200908_02_T2_MTL.txt")
	if err != nil {
		t.Fatal(err)
	}
	js, err := ReadMTL("testdata/LC08_L2SP_005009_20150710_20200908_02_T2_MTL.json")
	if err != nil {
		t.Fatal(err)
	}
	if txt.Level != LevelL2 || txt.ProcessingLevel != "L2SP" || txt.Collection != 2 || txt.ProductID != "LC08_L2SP_005009_20150710_20200908_02_T2" {
		t.Errorf("ids %s %s %d %s", txt.Level, txt.ProcessingLevel, txt.Collection, txt.ProductID)
	}
	sr4 := txt.Bands["SR_B4"]
	if sr4.File != "LC08_L2SP_005009_20150710_20200908_02_T2_SR_B4.TIF" || *sr4.Level2 != (Linear{2.75e-05, -0.2}) {
		t.Errorf("SR_B4 %+v %+v", sr4, sr4.Level2)
	}
	st := txt.Bands["ST_B10"]
	if st.File != "LC08_L2SP_005009_20150710_20200908_02_T2_ST_B10.TIF" || *st.Level2 != (Linear{0.00341802, 149.0}) {
		t.Errorf("ST_B10 %+v", st)
	}
	// The Level-1 record inside the Level-2 MTL: TOA coefficients without files.
	if b4 := txt.Bands["B4"]; b4.File != "" || *b4.Reflectance != (Linear{2e-5, -0.1}) || *b4.Radiance != (Linear{9.6662e-03, -48.33104}) {
		t.Errorf("B4 %+v", b4)
	}
	if txt.Bands["QA_PIXEL"].File != "LC08_L2SP_005009_20150710_20200908_02_T2_QA_PIXEL.TIF" {
		t.Errorf("QA_PIXEL %+v", txt.Bands["QA_PIXEL"])
	}
	if txt.SunElevation != 40.00159030 || txt.EarthSunDistance != 1.0166498 || txt.CloudCover != 54.65 {
		t.Errorf("scene %g %g %g", txt.SunElevation, txt.EarthSunDistance, txt.CloudCover)
	}
	js.Source = txt.Source
	if !reflect.DeepEqual(txt, js) {
		t.Errorf("MTL.txt and MTL.json differ:\n%+v\n%+v", txt, js)
	}
}

func TestParseMTLErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/l8_MTL.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ data, want string }{
		"truncated":    {string(good[:strings.Index(string(good), "  GROUP = RADIOMETRIC_RESCALING")]), "never closed"},
		"bad number":   {strings.Replace(string(good), "RADIANCE_MULT_BAND_10 = 3.3420E-04", "RADIANCE_MULT_BAND_10 = 3.3x", 1), "RADIANCE_MULT_BAND_10"},
		"bad group":    {strings.Replace(string(good), "END_GROUP = IMAGE_ATTRIBUTES", "END_GROUP = FOO", 1), "END_GROUP = FOO"},
		"no equals":    {"GROUP = A\n  JUNK\nEND_GROUP = A\nEND\n", "line 2"},
		"not landsat":  {strings.Replace(string(good), `"LANDSAT_8"`, `"SENTINEL_2"`, 1), "SPACECRAFT_ID"},
		"lonely add":   {strings.Replace(string(good), "RADIANCE_MULT_BAND_3 = 1.1510E-02", "", 1), "B3"},
		"json garbage": {`{"LANDSAT_METADATA_FILE": [`, "x.mtl"},
		"path in name": {strings.Replace(string(good), `"LC80200392015216LGN00_B1.TIF"`, `"../../etc/passwd"`, 1), "FILE_NAME_BAND_1"},
		"empty":        {"", "not a Landsat MTL"},
	}
	for name, c := range cases {
		_, err := ParseMTL([]byte(c.data), "x.mtl")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "x.mtl") {
			t.Errorf("%s: error %v, want one naming x.mtl and %q", name, err, c.want)
		}
	}
	if _, err := ParseMTL(make([]byte, MaxMTLSize+1), "big"); err == nil {
		t.Error("oversized MTL accepted")
	}
}

// FuzzParseMTL: any input gives metadata or an error, never a panic; metadata
// has a known platform and finite coefficients. The seeds are the real MTLs
// (the Landsat 5 one without its 57 KB of NUL padding, which only slows the
// mutator; testdata/fuzz/FuzzParseMTL/nul_padded keeps a padded seed) and the
// small files in testdata/fuzz/FuzzParseMTL.
func FuzzParseMTL(f *testing.F) {
	for _, p := range []string{"testdata/l8_MTL.txt", "testdata/LT52240631988227CUB02_MTL.txt",
		"testdata/LC08_L2SP_005009_20150710_20200908_02_T2_MTL.txt", "testdata/LC08_L2SP_005009_20150710_20200908_02_T2_MTL.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bytes.TrimRight(data, "\x00"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMTL(data, "fuzz")
		if err != nil {
			return
		}
		if _, ok := bandTables[m.Platform]; !ok {
			t.Fatalf("platform %q", m.Platform)
		}
		for k, b := range m.Bands {
			for _, l := range []*Linear{b.Radiance, b.Reflectance, b.Level2} {
				if l != nil && (math.IsNaN(l.Mult) || math.IsInf(l.Add, 0)) {
					t.Fatalf("band %s: %+v", k, l)
				}
			}
		}
	})
}
