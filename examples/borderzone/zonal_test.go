package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// zonalFixture writes a 10 x 10 raster of 10 m cells (UTM 33N, value
// col + 10·row, the last cell no data) and two zones:
//
//   - "square" covers columns 2–4 and rows 2–5 exactly: 12 whole cells
//     under every rule, mean = 3 + 10·3.5 = 38, min 22, max 54;
//   - "sliver" spans x = 4–16 m in the top row, 0.6 of cell 0 (value 0)
//     and 0.6 of cell 1 (value 1): exact count 1.2, sum 0.6, mean 0.5; its
//     centre rule takes both cells (count 2, sum 1, mean 0.5).
func zonalFixture(t *testing.T) (dir, tif, zpath string) {
	dir = t.TempDir()
	g := raster.Grid{Width: 10, Height: 10, Transform: raster.Affine{500000, 10, 0, 5000100, 0, -10}, CRS: raster.CRS{EPSG: 32633}}
	b := raster.NewBand(g, "v")
	for r := range 10 {
		for c := range 10 {
			b.Set(c, r, float32(c+10*r))
		}
	}
	b.Set(9, 9, float32(math.NaN()))
	tif = filepath.Join(dir, "v.tif")
	if err := geotiff.WriteFile(tif, b, nil); err != nil {
		t.Fatal(err)
	}
	fc := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32633"}},"features":[
{"type":"Feature","properties":{"name":"square","kind":"block"},"geometry":{"type":"Polygon","coordinates":[[[500020,5000080],[500050,5000080],[500050,5000040],[500020,5000040],[500020,5000080]]]}},
{"type":"Feature","properties":{"name":"sliver"},"geometry":{"type":"Polygon","coordinates":[[[500004,5000100],[500016,5000100],[500016,5000090],[500004,5000090],[500004,5000100]]]}}]}`
	zpath = filepath.Join(dir, "z.geojson")
	if err := os.WriteFile(zpath, []byte(fc), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, tif, zpath
}

func readCSV(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range recs[1:] {
		out[r[0]] = map[string]string{}
		for i, h := range recs[0] {
			out[r[0]][h] = r[i]
		}
	}
	return out
}

func TestZonalCLI(t *testing.T) {
	dir, tif, zpath := zonalFixture(t)
	for _, tc := range []struct {
		rule string
		want map[string]map[string]float64
	}{
		{"exact", map[string]map[string]float64{
			"square": {"v_count": 12, "v_mean": 38, "v_min": 22, "v_max": 54, "v_area": 1200},
			"sliver": {"v_count": 1.2, "v_sum": 0.6, "v_mean": 0.5, "v_area": 120},
		}},
		{"center", map[string]map[string]float64{
			"square": {"v_count": 12, "v_mean": 38},
			"sliver": {"v_count": 2, "v_sum": 1, "v_mean": 0.5, "v_area": 200},
		}},
	} {
		out := filepath.Join(dir, tc.rule+".csv")
		so, se, code := runCLI("zonal", "-zones", zpath, "-id", "name", "-raster", tif, "-rule", tc.rule, "-stats", "count,sum,mean,min,max,area", "-o", out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s %s", tc.rule, code, so, se)
		}
		got := readCSV(t, out)
		for zone, stats := range tc.want {
			for col, want := range stats {
				v, err := strconv.ParseFloat(got[zone][col], 64)
				if err != nil || math.Abs(v-want) > 1e-6*math.Max(1, want) { // fractions are float32
					t.Errorf("%s: zone %s %s = %q, want %v", tc.rule, zone, col, got[zone][col], want)
				}
			}
		}
	}

	// The same raster twice: its second columns are named v_2_<stat>.
	twice := filepath.Join(dir, "twice.csv")
	if so, se, code := runCLI("zonal", "-zones", zpath, "-id", "name", "-raster", tif, "-raster", tif, "-stats", "mean", "-o", twice); code != 0 {
		t.Fatalf("twice: exit %d: %s %s", code, so, se)
	}
	if got := readCSV(t, twice)["square"]; got["v_mean"] != "38" || got["v_2_mean"] != "38" {
		t.Errorf("same raster twice: %v", got)
	}

	// Weighted by itself: Σx²/Σx over the square, Σx = 456 and Σx² =
	// 4·(2²+3²+4²) + 20·(2+3+4)·(2+3+4+5) + 300·(2²+3²+4²+5²) = 18836.
	wout := filepath.Join(dir, "weighted.csv")
	if so, se, code := runCLI("zonal", "-zones", zpath, "-id", "name", "-raster", tif, "-weights", tif, "-stats", "weighted_mean", "-o", wout); code != 0 {
		t.Fatalf("weights: exit %d: %s %s", code, so, se)
	}
	if v, err := strconv.ParseFloat(readCSV(t, wout)["square"]["v_weighted_mean"], 64); err != nil || math.Abs(v-18836.0/456) > 1e-9 {
		t.Errorf("weighted mean %v (%v), want %v", v, err, 18836.0/456)
	}

	out := filepath.Join(dir, "z.geojson")
	if so, se, code := runCLI("zonal", "-zones", zpath, "-id", "name", "-raster", tif+":1", "-stats", "mean,nodata", "-o", out); code != 0 {
		t.Fatalf("geojson: exit %d: %s %s", code, so, se)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 2 || fc.Features[0].Properties["kind"] != "block" || fc.Features[0].Properties["v_mean"] != 38.0 || fc.Features[0].Geometry.Type != "Polygon" {
		t.Errorf("GeoJSON features %+v", fc.Features)
	}
}

func TestZonalCLIErrors(t *testing.T) {
	dir, tif, zpath := zonalFixture(t)
	other := filepath.Join(dir, "other.tif")
	g := raster.Grid{Width: 5, Height: 5, Transform: raster.Affine{500000, 20, 0, 5000100, 0, -20}, CRS: raster.CRS{EPSG: 32633}}
	if err := geotiff.WriteFile(other, raster.NewBand(g, "o"), nil); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "o.csv")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-zones", zpath, "-o", out}, 2, "usage"},
		{[]string{"-zones", zpath, "-raster", tif, "-stats", "mean,avg", "-o", out}, 1, `"avg"`},
		{[]string{"-zones", zpath, "-raster", tif, "-rule", "middle", "-o", out}, 1, "-rule"},
		{[]string{"-zones", zpath, "-raster", tif, "-o", filepath.Join(dir, "o.txt")}, 1, ".csv"},
		{[]string{"-zones", zpath, "-raster", tif + ":3", "-o", out}, 1, "band 3"},
		{[]string{"-zones", zpath, "-raster", tif, "-raster", other, "-o", out}, 1, "other.tif"},
		{[]string{"-zones", filepath.Join(dir, "missing.geojson"), "-raster", tif, "-o", out}, 1, "missing.geojson"},
	} {
		_, se, code := runCLI(append([]string{"zonal"}, tc.args...)...)
		if code != tc.code || !strings.Contains(se, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, se, tc.code, tc.want)
		}
	}
}
