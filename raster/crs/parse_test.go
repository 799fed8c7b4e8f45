package crs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseGDALDefinitions parses the WKT1, WKT2 and PROJ strings that GDAL
// wrote for each case in testdata/wkt (testdata/gen_wkt.sh) and checks that
// they all give the same CRS.
func TestParseGDALDefinitions(t *testing.T) {
	defs, err := filepath.Glob("testdata/wkt/*.proj")
	if err != nil || len(defs) < 10 {
		t.Fatalf("testdata/wkt: %d cases, %v", len(defs), err)
	}
	wantEPSG := map[string]int{"epsg4326": 4326, "epsg3857": 3857, "epsg3395": 3395, "epsg32644": 32644,
		"epsg32645": 32645, "epsg32733": 32733, "epsg3035": 3035, "epsg4258": 4258}
	for _, f := range defs {
		name := strings.TrimSuffix(filepath.Base(f), ".proj")
		t.Run(name, func(t *testing.T) {
			var ref *CRS
			for _, ext := range []string{"proj", "wkt1", "wkt2"} {
				b, err := os.ReadFile("testdata/wkt/" + name + "." + ext)
				if err != nil {
					t.Fatal(err)
				}
				c, err := Parse(string(b))
				if err != nil {
					t.Fatalf("%s.%s: %v", name, ext, err)
				}
				switch {
				case ref == nil:
					ref = c
				case ext == "wkt1":
					// GDAL's PROJ strings lose the ETRS89 datum: compare the rest.
					if c.method != ref.method || !sameEllipsoid(c.ellipsoid, ref.ellipsoid) || c.params != ref.params {
						t.Errorf("%s.%s = %s, want %s", name, ext, c.ProjString(), ref.ProjString())
					}
					ref = c
				case !c.Equal(ref):
					t.Errorf("%s.%s = %s, want %s", name, ext, c.ProjString(), ref.ProjString())
				}
				if code, ok := wantEPSG[name]; ok && ext != "proj" && c.EPSG() != code {
					t.Errorf("%s.%s: EPSG %d, want %d", name, ext, c.EPSG(), code)
				}
			}
			if name == "modis" && !ref.Equal(MODISSinusoidal()) {
				t.Errorf("MODIS file CRS = %s, want %s", ref.ProjString(), MODISSinusoidal().ProjString())
			}
		})
	}
}

func TestParseSpellings(t *testing.T) {
	utm44, _ := UTM(44, true)
	cases := []struct {
		def  string
		want *CRS
	}{
		{"EPSG:32644", utm44},
		{"epsg:32644", utm44},
		{" 32644 ", utm44},
		{"urn:ogc:def:crs:EPSG::32644", utm44},
		{"http://www.opengis.net/def/crs/EPSG/0/32644", utm44},
		{"+init=epsg:32644", utm44},
		{"+proj=utm +zone=44 +datum=WGS84", utm44},
		{"+proj=utm +zone=44 +ellps=WGS84 +towgs84=0,0,0", utm44},
		{"proj=utm zone=44 datum=WGS84 units=m", utm44},
		{"+proj=tmerc +lon_0=81 +k=0.9996 +x_0=500000 +datum=WGS84 +units=m +no_defs +type=crs", utm44},
		{"+proj=longlat +datum=WGS84 +no_defs", WGS84()},
		{"+proj=latlong +ellps=WGS84 +towgs84=0,0,0,0,0,0,0", WGS84()},
		{"+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs", WebMercator()},
		{"+proj=webmerc +datum=WGS84", WebMercator()},
		{"EPSG:900913", WebMercator()},
		{"+proj=merc +datum=WGS84", WorldMercator()},
		{"+proj=sinu +R=6371007.181", MODISSinusoidal()},
		{"+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +a=6371007.181 +b=6371007.181 +units=m +no_defs", MODISSinusoidal()},
		{"+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs", ETRS89LAEAEurope()},
	}
	for _, c := range cases {
		got, err := Parse(c.def)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.def, err)
			continue
		}
		if !got.Equal(c.want) || got.EPSG() != c.want.EPSG() {
			t.Errorf("Parse(%q) = %s (EPSG %d), want %s", c.def, got.ProjString(), got.EPSG(), c.want)
		}
	}
}

// TestParseErrors checks that what is not understood is an error naming it.
func TestParseErrors(t *testing.T) {
	cases := []struct{ def, mention string }{
		{"", "empty"},
		{"EPSG:26910", "EPSG:26910"},
		{"EPSG:abc", "not an EPSG code"},
		{"+proj=lcc +lat_1=33 +lat_2=45 +datum=WGS84", "lcc"},
		{"+proj=utm +zone=61 +datum=WGS84", "zone"},
		{"+proj=utm +zone=44 +datum=NAD27", "NAD27"},
		{"+proj=utm +zone=44 +ellps=clrk66", "clrk66"},
		{"+proj=tmerc +lon_0=81 +datum=WGS84 +units=us-ft", "units"},
		{"+proj=tmerc +lon_0=81 +datum=WGS84 +foo=1", "+foo"},
		{"+proj=tmerc +lon_0=abc +datum=WGS84", "lon_0"},
		{"+proj=tmerc +lon_0=81", "ellipsoid"},
		{"+proj=tmerc +datum=WGS84 +towgs84=1,2,3", "towgs84"},
		{"+proj=longlat +datum=WGS84 +nadgrids=ntv2.gsb", "nadgrids"},
		{"+proj=merc +lat_ts=30 +datum=WGS84", "lat_ts"},
		{"+proj=aea +lat_1=30 +lat_2=-30 +datum=WGS84", "symmetric"},
		{"+proj=sinu +datum=WGS84", "spherical"},
		{"+proj=tmerc +lat_0=95 +datum=WGS84", "latitude"},
		{"+init=esri:102003", "init"},
		{`PROJCS["NAD27 / UTM zone 10N",GEOGCS["NAD27",DATUM["North_American_Datum_1927",SPHEROID["Clarke 1866",6378206.4,294.978698213898]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",-123],UNIT["metre",1]]`, "North_American_Datum_1927"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],UNIT["metre",1]]`, "Lambert_Conformal_Conic_2SP"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",81],UNIT["US survey foot",0.304800609601219]]`, "US survey foot"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Paris",2.33722917],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["metre",1]]`, "Paris"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["azimuth",30],UNIT["metre",1]]`, "azimuth"},
		{`GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563],TOWGS84[1,2,3,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`, "TOWGS84"},
		{`GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]`, "not closed"},
		{`VERTCS["x",VDATUM["y"]]`, "VERTCS"},
		{`COMPD_CS["x",GEOGCS["y"]]`, "COMPD_CS"},
	}
	for _, c := range cases {
		_, err := Parse(c.def)
		if err == nil {
			t.Errorf("Parse(%q): no error", c.def)
			continue
		}
		if !strings.Contains(err.Error(), c.mention) {
			t.Errorf("Parse(%q): error %q does not mention %q", c.def, err, c.mention)
		}
	}
}
