package zones

import (
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// TestSignedDistanceGeodesicGolden compares the geodesic distances on two
// longitude/latitude grids around Khorgos with a brute-force search made by
// pyproj's Geod.inv (GeographicLib; testdata/border_geodesic_golden.py,
// sampling error under 1 cm, in practice far less). The wide grid spans
// 1.95° of longitude, with distances up to about 90 km. Tolerances: 0.2 mm
// for the float64 computation, and 1 mm plus the float32 rounding (6e-8
// relative) for the band SignedDistance returns.
func TestSignedDistanceGeodesicGolden(t *testing.T) {
	b, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Grids []struct {
			Name          string
			Transform     raster.Affine
			Width, Height int
			Distance      []float64 `json:"distance_m"`
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "border_geodesic_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden.Grids) != 2 {
		t.Fatalf("%d golden grids, want 2", len(golden.Grids))
	}
	for _, gg := range golden.Grids {
		g := raster.Grid{Width: gg.Width, Height: gg.Height, Transform: gg.Transform, CRS: raster.CRS{EPSG: 4326}}
		// The point on the negative side is in China, east of the line.
		d, err := SignedDistance(context.Background(), g, b, SidesFromPoint(raster.CRS{EPSG: 4326}, orb.Point{80.6, 44.2}, "CHN", "KAZ"))
		if err != nil {
			t.Fatal(err)
		}
		// The same computation in float64, without the quadtree and the
		// float32 result: the method's own error.
		e, err := newDistanceEngine(g, b, SidesFromPoint(raster.CRS{EPSG: 4326}, orb.Point{80.6, 44.2}, "CHN", "KAZ"))
		if err != nil {
			t.Fatal(err)
		}
		worst64 := 0.0
		for i, want := range gg.Distance {
			x, y := g.Center(i%g.Width, i/g.Width)
			got, err := e.distanceAt(x, y)
			if err != nil {
				t.Fatal(err)
			}
			// The golden is rounded to 0.1 mm; 0.2 mm is allowed.
			if diff := math.Abs(got - want); diff > 2e-4 {
				t.Errorf("%s pixel %d in float64: %.5f m, brute force %.4f m", gg.Name, i, got, want)
			} else {
				worst64 = math.Max(worst64, diff)
			}
		}
		worst := 0.0
		for i, want := range gg.Distance {
			got := math.Abs(float64(d.Data[i]))
			diff := math.Abs(got - want)
			worst = math.Max(worst, diff)
			if diff > 1e-3+6e-8*want {
				t.Errorf("%s pixel %d: %.4f m, brute force %.4f m", gg.Name, i, got, want)
			}
		}
		t.Logf("%s: largest difference from the brute force %.2g m in float64, %.2g m as float32", gg.Name, worst64, worst)

		// With the country polygons as sides, on the geographic grid: the
		// same magnitudes, signed by the country that contains the centre.
		countries := readCountries(t)
		a, err := SignedDistance(context.Background(), g, b, Sides{NegativeName: "CHN", PositiveName: "KAZ",
			CRS: raster.CRS{EPSG: 4326}, Negative: countries["CHN"], Positive: countries["KAZ"]})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range a.Data {
			lon, lat := g.Center(i%g.Width, i/g.Width)
			chn := planar.MultiPolygonContains(countries["CHN"], orb.Point{lon, lat})
			kaz := planar.MultiPolygonContains(countries["KAZ"], orb.Point{lon, lat})
			switch {
			case chn && !kaz:
				if v != -float32(math.Abs(float64(d.Data[i]))) {
					t.Errorf("%s pixel %d in China: %g, want -|%g|", gg.Name, i, v, d.Data[i])
				}
			case kaz && !chn:
				if v != float32(math.Abs(float64(d.Data[i]))) {
					t.Errorf("%s pixel %d in Kazakhstan: %g, want |%g|", gg.Name, i, v, d.Data[i])
				}
			default:
				if !math.IsNaN(float64(v)) {
					t.Errorf("%s pixel %d in neither country: %g, want NaN", gg.Name, i, v)
				}
			}
		}
	}
}

// readCountries reads the two country polygons of
// testdata/border_countries.geojson (Natural Earth, clipped) in
// longitude/latitude, keyed by iso_a3.
func readCountries(t *testing.T) map[string]orb.MultiPolygon { return readCountriesB(t) }

func readCountriesB(t testing.TB) map[string]orb.MultiPolygon {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "border_countries.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]string
			Geometry   struct {
				Type        string
				Coordinates [][][]float64
			}
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	out := map[string]orb.MultiPolygon{}
	for _, f := range fc.Features {
		if f.Geometry.Type != "Polygon" {
			t.Fatalf("%s is a %s", f.Properties["iso_a3"], f.Geometry.Type)
		}
		var poly orb.Polygon
		for _, ring := range f.Geometry.Coordinates {
			var r orb.Ring
			for _, p := range ring {
				r = append(r, orb.Point{p[0], p[1]})
			}
			poly = append(poly, r)
		}
		out[f.Properties["iso_a3"]] = orb.MultiPolygon{poly}
	}
	return out
}

// TestSignedDistanceKhorgosSides: on a UTM 44N grid around Khorgos (the
// line transformed to UTM), the two-polygon rule must give, for every pixel,
// the sign of the country containing the pixel centre (orb/planar, tested
// on the centre converted back to longitude/latitude) — negative in China,
// positive in Kazakhstan, NaN in neither — and the point rule (a point in
// China) the same signs wherever the centre is in exactly one country.
// Magnitudes match the brute-force distance to the line densified and
// transformed to UTM, within the 1 cm to which SignedDistance represents the
// transformed edges by chords.
func TestSignedDistanceKhorgosSides(t *testing.T) {
	b, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	countries := readCountries(t)
	wgs := raster.CRS{EPSG: 4326}
	// 1 km pixels over 80.0–81.4 E, 43.55–45.0 N; the polygons stop at
	// 81.5 E and 43.5 N, so the grid holds pixels in both countries and, in
	// the north-west corner, beyond the clip of the polygons.
	g := utmTestGrid(115, 160, 420000, 4985000, 1000)
	set, err := ReadFile(filepath.Join("testdata", "border_countries.geojson"), "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	areas, err := SidesFromSet(set, "CHN", "KAZ")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{{"CHN", "CHN"}, {"CHN", "KGZ"}, {"XXX", "KAZ"}} {
		if _, err := SidesFromSet(set, bad[0], bad[1]); err == nil {
			t.Errorf("SidesFromSet(%q, %q): no error", bad[0], bad[1])
		}
	}
	byAreas, err := SignedDistance(context.Background(), g, b, areas)
	if err != nil {
		t.Fatal(err)
	}
	byPoint, err := SignedDistance(context.Background(), g, b, SidesFromPoint(wgs, orb.Point{80.6, 44.2}, "CHN", "KAZ"))
	if err != nil {
		t.Fatal(err)
	}
	utm, _ := crs.FromEPSG(32644)
	geo, _ := crs.FromEPSG(4326)
	toUTM, _ := crs.NewTransformer(geo, utm)
	toGeo := toUTM.Reverse()
	// Densified every 0.0005° (about 50 m), the chords of the reference
	// line are within 0.1 mm of the exact image; SignedDistance's own
	// chords are within 1 cm (chordTolerance).
	dense, err := toUTM.Geometry(b.Lines, 0.0005)
	if err != nil {
		t.Fatal(err)
	}
	var inCHN, inKAZ, neither int
	for r := range g.Height {
		for c := range g.Width {
			x, y := g.Center(c, r)
			lon, lat, err := toGeo.Transform(x, y)
			if err != nil {
				t.Fatal(err)
			}
			p := orb.Point{lon, lat}
			chn := planar.MultiPolygonContains(countries["CHN"], p)
			kaz := planar.MultiPolygonContains(countries["KAZ"], p)
			a, pt := byAreas.At(c, r), byPoint.At(c, r)
			want := bruteDistance(x, y, dense.(orb.MultiLineString))
			if !distCloseTo(float32(math.Abs(float64(pt))), want, chordTolerance+1e-4) {
				t.Fatalf("pixel (%d, %d): |%g|, brute force %g", c, r, pt, want)
			}
			switch {
			case chn && !kaz:
				inCHN++
				if !(a < 0) || !(pt < 0) || a != pt {
					t.Errorf("pixel (%d, %d) at %.4f E %.4f N is in China: %g by areas, %g by point", c, r, lon, lat, a, pt)
				}
			case kaz && !chn:
				inKAZ++
				if !(a > 0) || !(pt > 0) || a != pt {
					t.Errorf("pixel (%d, %d) at %.4f E %.4f N is in Kazakhstan: %g by areas, %g by point", c, r, lon, lat, a, pt)
				}
			default:
				neither++
				if !math.IsNaN(float64(a)) {
					t.Errorf("pixel (%d, %d) at %.4f E %.4f N is in neither or both: %g by areas, want NaN", c, r, lon, lat, a)
				}
			}
		}
	}
	t.Logf("%d pixels in China, %d in Kazakhstan, %d in neither", inCHN, inKAZ, neither)
	if inCHN < 1000 || inKAZ < 1000 || neither == 0 {
		t.Errorf("the grid should cover both countries and some of neither: %d, %d, %d", inCHN, inKAZ, neither)
	}
}

func TestReadBorder(t *testing.T) {
	b, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	// Natural Earth's line around Khorgos: 47 vertices, the first
	// (80.6911708, 43.5), as in the file (see testdata/README.md).
	if b.CRS.EPSG != 4326 || len(b.Lines) != 1 || len(b.Lines[0]) != 47 || b.Lines[0][0] != (orb.Point{80.6911708, 43.5}) {
		t.Fatalf("read %v, %d parts, first part %d vertices", b.CRS, len(b.Lines), len(b.Lines[0]))
	}
	for _, c := range []struct {
		name, doc string
		parts     int
		epsg      int
	}{
		{"bare LineString with a repeated vertex", `{"type":"LineString","coordinates":[[1,2],[1,2],[3,4,100]]}`, 1, 4326},
		{"MultiLineString feature", `{"type":"Feature","properties":null,"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]}}`, 2, 4326},
		{"crs name", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32644"}},"features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[500000,4800000],[501000,4900000]]}}]}`, 1, 32644},
		{"crs EPSG", `{"type":"LineString","crs":{"type":"EPSG","properties":{"code":3857}},"coordinates":[[0,0],[1e6,1e6]]}`, 1, 3857},
		{"CRS84", `{"type":"LineString","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"coordinates":[[0,0],[1,1]]}`, 1, 4326},
		{"projected coordinates beyond 180", `{"type":"LineString","crs":{"type":"name","properties":{"name":"EPSG:32644"}},"coordinates":[[500000,0],[500000,1000]]}`, 1, 32644},
	} {
		b, err := ReadBorder(strings.NewReader(c.doc), c.name)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(b.Lines) != c.parts || b.CRS.EPSG != c.epsg {
			t.Errorf("%s: %d parts in %v, want %d in EPSG:%d", c.name, len(b.Lines), b.CRS, c.parts, c.epsg)
		}
		for _, l := range b.Lines {
			for i := 1; i < len(l); i++ {
				if l[i] == l[i-1] {
					t.Errorf("%s: repeated vertex kept", c.name)
				}
			}
		}
	}
	for _, c := range []struct{ name, doc, says string }{
		{"not JSON", `{"type":`, "not GeoJSON"},
		{"polygon", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, "GeoJSON type"},
		{"polygon feature", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]}}]}`, "feature 2"},
		{"null geometry", `{"type":"Feature","geometry":null}`, "no geometry"},
		{"one point", `{"type":"LineString","coordinates":[[0,0],[0,0]]}`, "fewer than 2 distinct"},
		{"short position", `{"type":"LineString","coordinates":[[0],[1,1]]}`, "position 1"},
		{"latitude", `{"type":"LineString","coordinates":[[0,0],[1,91]]}`, "vertex 2"},
		{"unknown CRS", `{"type":"LineString","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"coordinates":[[0,0],[1,1]]}`, "crs member"},
		{"crs link", `{"type":"LineString","crs":{"type":"link","properties":{}},"coordinates":[[0,0],[1,1]]}`, "crs member"},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, "no features"},
		{"empty multi", `{"type":"MultiLineString","coordinates":[]}`, "empty"},
		{"huge number", `{"type":"LineString","coordinates":[[0,0],[1e999,1]]}`, "geometry"},
	} {
		_, err := ReadBorder(strings.NewReader(c.doc), "doc.geojson")
		if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "doc.geojson") {
			t.Errorf("%s: error %v, want one naming doc.geojson and saying %q", c.name, err, c.says)
		}
	}
	if _, err := ReadBorderFile(filepath.Join("testdata", "missing.geojson")); err == nil || !strings.Contains(err.Error(), "missing.geojson") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzReadBorder: any input gives a border or an error, never a panic, and
// a border that is returned is valid.
func FuzzReadBorder(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"type":"MultiLineString","crs":{"type":"EPSG","properties":{"code":32644}},"coordinates":[[[0,0],[1,1]],[[2,2],[3,3],[2,2]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBorder(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			return
		}
		if len(b.Lines) == 0 {
			t.Fatal("no error and no line")
		}
		for _, l := range b.Lines {
			if len(l) < 2 {
				t.Fatalf("part with %d vertices", len(l))
			}
			for _, p := range l {
				if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
					t.Fatalf("vertex %v", p)
				}
			}
		}
	})
}

// TestSignedDistanceUTMGolden compares SignedDistance with the sides given
// by the country polygons against an independent numpy + rasterio
// computation on a 250 x 260 UTM 44N grid around Khorgos
// (testdata/border_utm_golden.py: brute force over the line densified every
// 0.0005°, signs from rasterio.features.rasterize of each country). The NaN
// pixels (in neither country) must be the same; distances agree within the
// 1 cm chord tolerance plus float32 rounding.
func TestSignedDistanceUTMGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "border_utm_golden.f32.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	g := raster.Grid{Width: 250, Height: 260, Transform: raster.Affine{400000, 500, 0, 5005000, 0, -500}, CRS: utm44}
	if len(raw) != 4*g.Len() {
		t.Fatalf("golden has %d bytes, want %d", len(raw), 4*g.Len())
	}
	b, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadFile(filepath.Join("testdata", "border_countries.geojson"), "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	sides, err := SidesFromSet(set, "CHN", "KAZ")
	if err != nil {
		t.Fatal(err)
	}
	d, err := SignedDistance(context.Background(), g, b, sides)
	if err != nil {
		t.Fatal(err)
	}
	worst, nan := 0.0, 0
	for i := range g.Len() {
		want := float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		got := float64(d.Data[i])
		if math.IsNaN(want) || math.IsNaN(got) {
			if math.IsNaN(want) != math.IsNaN(got) {
				t.Fatalf("pixel (%d, %d): %g, golden %g", i%g.Width, i/g.Width, got, want)
			}
			nan++
			continue
		}
		diff := math.Abs(got - want)
		worst = math.Max(worst, diff)
		if diff > chordTolerance+2e-7*math.Abs(want) {
			t.Fatalf("pixel (%d, %d): %g, golden %g", i%g.Width, i/g.Width, got, want)
		}
	}
	t.Logf("largest difference %.2g m; %d NaN pixels", worst, nan)
	if nan < 1000 || nan > g.Len()/2 {
		t.Errorf("%d NaN pixels; the golden has 10924", nan)
	}
}
