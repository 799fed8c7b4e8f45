package zones

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

func TestReadFeatureCollection(t *testing.T) {
	const doc = `{"type":"FeatureCollection",
	 "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32616"}},
	 "features":[
	  {"type":"Feature","properties":{"name":"a","pop":12},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[4,2],[4,4],[2,2]]]}},
	  {"type":"Feature","id":"f2","properties":{"pop":7},"geometry":{"type":"MultiPolygon","coordinates":[[[[20,0],[30,0],[30,10],[20,0]]],[[[40,0],[50,0],[50,10],[40,0]]]]}},
	  {"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
	 ]}`
	s, err := Read(strings.NewReader(doc), "name")
	if err != nil {
		t.Fatal(err)
	}
	if s.CRS.EPSG != 32616 {
		t.Errorf("CRS %v, want EPSG:32616", s.CRS)
	}
	if len(s.Zones) != 3 {
		t.Fatalf("%d zones, want 3", len(s.Zones))
	}
	ids := []string{s.Zones[0].ID, s.Zones[1].ID, s.Zones[2].ID}
	if ids[0] != "a" || ids[1] != "f2" || ids[2] != "3" {
		t.Errorf("IDs %q, want a (property), f2 (feature id), 3 (position)", ids)
	}
	if got := s.Zones[0].Properties["pop"]; got != 12.0 {
		t.Errorf("property pop = %v", got)
	}
	if len(s.Zones[0].Geometry) != 1 || len(s.Zones[0].Geometry[0]) != 2 {
		t.Errorf("zone 1 geometry %v: want one polygon with a hole", s.Zones[0].Geometry)
	}
	if len(s.Zones[1].Geometry) != 2 {
		t.Errorf("zone 2 has %d polygons, want 2", len(s.Zones[1].Geometry))
	}
	// Numeric ID property.
	s, err = Read(strings.NewReader(doc), "pop")
	if err != nil {
		t.Fatal(err)
	}
	if s.Zones[0].ID != "12" || s.Zones[1].ID != "7" {
		t.Errorf("IDs %q %q, want 12 and 7", s.Zones[0].ID, s.Zones[1].ID)
	}
}

func TestReadBareGeometryAndFeature(t *testing.T) {
	s, err := Read(strings.NewReader(`{"type":"Polygon","coordinates":[[[80,44],[81,44],[81,45],[80,44]]]}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.CRS.EPSG != 4326 || len(s.Zones) != 1 || s.Zones[0].ID != "1" {
		t.Errorf("got %+v", s)
	}
	s, err = Read(strings.NewReader(`{"type":"Feature","properties":{"k":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[[[80,44],[81,44],[81,45],[80,44]]]]}}`), "k")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Zones) != 1 || s.Zones[0].ID != "x" {
		t.Errorf("got %+v", s)
	}
}

func TestReadCRSForms(t *testing.T) {
	for name, want := range map[string]int{
		"EPSG:32644":                                  32644,
		"urn:ogc:def:crs:EPSG::4326":                  4326,
		"urn:ogc:def:crs:OGC:1.3:CRS84":               4326,
		"urn:ogc:def:crs:EPSG::3857":                  3857,
		"http://www.opengis.net/def/crs/EPSG/0/32616": 32616,
	} {
		doc := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"` + name + `"}},"features":[]}`
		s, err := Read(strings.NewReader(doc), "")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if s.CRS.EPSG != want {
			t.Errorf("%s: EPSG %d, want %d", name, s.CRS.EPSG, want)
		}
	}
	for _, bad := range []string{
		`{"type":"name","properties":{"name":"EPSG:999999"}}`,
		`{"type":"name","properties":{"name":"not a crs"}}`,
		`{"type":"link","properties":{"href":"x"}}`,
		`{"type":"name","properties":{}}`,
	} {
		doc := `{"type":"FeatureCollection","crs":` + bad + `,"features":[]}`
		if _, err := Read(strings.NewReader(doc), ""); err == nil {
			t.Errorf("crs %s accepted", bad)
		}
	}
}

func TestReadInvalidNamesFeature(t *testing.T) {
	feature := func(geom string) string {
		return `{"type":"FeatureCollection","features":[
		 {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
		 {"type":"Feature","properties":{"name":"bad"},"geometry":` + geom + `}]}`
	}
	cases := map[string]string{
		"unclosed ring":         `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`,
		"too few positions":     `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`,
		"two distinct points":   `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0],[1,0],[0,0]]]}`,
		"empty polygon":         `{"type":"Polygon","coordinates":[]}`,
		"empty multipolygon":    `{"type":"MultiPolygon","coordinates":[]}`,
		"empty ring":            `{"type":"Polygon","coordinates":[[]]}`,
		"null geometry":         `null`,
		"point":                 `{"type":"Point","coordinates":[0,0]}`,
		"linestring":            `{"type":"LineString","coordinates":[[0,0],[1,1]]}`,
		"one coordinate":        `{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0,0]]]}`,
		"huge number":           `{"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]}`,
		"wrong nesting":         `{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}`,
		"string coordinate":     `{"type":"Polygon","coordinates":[[["a",0],[1,0],[1,1],["a",0]]]}`,
		"unclosed hole":         `{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[2,2],[1,2]]]}`,
		"geometry without type": `{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`,
	}
	for name, geom := range cases {
		_, err := Read(strings.NewReader(feature(geom)), "name")
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), "feature 2") || !strings.Contains(err.Error(), "bad") {
			t.Errorf("%s: error %q does not name feature 2 (id bad)", name, err)
		}
		if !errors.Is(err, ErrInvalidZone) && !strings.Contains(err.Error(), "feature 2") {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, doc := range []string{``, `{`, `[]`, `{"type":"FeatureCollection"}`, `{"type":"Point","coordinates":[1,2]}`, `{}`,
		`{"type":"FeatureCollection","features":[{"type":"Point"}]}`} {
		if _, err := Read(strings.NewReader(doc), ""); err == nil {
			t.Errorf("%q accepted", doc)
		}
	}
}

func TestCheckRingNaN(t *testing.T) {
	r := orb.Ring{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}
	if checkZoneRing(r) == nil {
		t.Error("NaN accepted")
	}
	r = orb.Ring{{0, 0}, {math.Inf(1), 0}, {1, 1}, {0, 0}}
	if checkZoneRing(r) == nil {
		t.Error("Inf accepted")
	}
}

func TestReadFileKhorgos(t *testing.T) {
	s, err := ReadFile("testdata/geo_khorgos_countries.geojson", "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Zones) != 2 || s.Zones[0].ID != "CHN" || s.Zones[1].ID != "KAZ" {
		t.Fatalf("zones %v", s.Zones)
	}
	if s.Zones[0].Properties["name"] != "China" {
		t.Errorf("properties %v", s.Zones[0].Properties)
	}
	if _, err := ReadFile("testdata/no-such-file.geojson", ""); err == nil || !strings.Contains(err.Error(), "no-such-file") {
		t.Errorf("missing file: %v", err)
	}
}

// TestTransformKhorgos transforms the countries to UTM 44N and compares every
// vertex with the copy transformed by rasterio.warp.transform_geom (GDAL/PROJ)
// in testdata/geo_khorgos_utm44n.geojson.
func TestTransformKhorgos(t *testing.T) {
	ll, err := ReadFile("testdata/geo_khorgos_countries.geojson", "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := ReadFile("testdata/geo_khorgos_utm44n.geojson", "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	utm, err := ll.Transform(raster.CRS{EPSG: 32644}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, z := range utm.Zones {
		for k, p := range z.Geometry {
			for j, r := range p {
				for n, pt := range r {
					q := ref.Zones[i].Geometry[k][j][n]
					if d := math.Hypot(pt[0]-q[0], pt[1]-q[1]); d > 1e-3 {
						t.Fatalf("zone %s vertex %d: %v, PROJ %v (%g m apart)", z.ID, n, pt, q, d)
					}
				}
			}
		}
	}
	if utm.Zones[0].ID != "CHN" || utm.CRS.EPSG != 32644 {
		t.Errorf("transformed set %v %v", utm.Zones[0].ID, utm.CRS)
	}
	// Densified transform keeps the ring closed and valid.
	dense, err := ll.Transform(raster.CRS{EPSG: 32644}, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if len(dense.Zones[0].Geometry[0][0]) <= len(utm.Zones[0].Geometry[0][0]) {
		t.Error("densifying added no vertices")
	}
	// Back and forth.
	back, err := utm.Transform(raster.CRS{EPSG: 4326}, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, q := back.Zones[1].Geometry[0][0][3], ll.Zones[1].Geometry[0][0][3]
	if d := [2]float64{p[0] - q[0], p[1] - q[1]}; math.Abs(d[0]) > 1e-9 || math.Abs(d[1]) > 1e-9 {
		t.Errorf("round trip moved a vertex by %v degrees", d)
	}
	if _, err := ll.Transform(raster.CRS{Definition: "nonsense"}, 0); err == nil {
		t.Error("transform to an unknown CRS succeeded")
	}
}
