package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// landscapeFixture writes a 6 x 4 class map of 30 m cells in UTM 44N
// (built-up 1 as a 2 x 2 block in the west and two diagonal pairs in the
// east, cropland 2 elsewhere), zone labels splitting it into west (columns
// 0–2) and east (3–5), and the same two halves as GeoJSON polygons.
func landscapeFixture(t *testing.T) (dir, classes, zoneTif, zoneJSON string) {
	dir = t.TempDir()
	g := raster.Grid{Width: 6, Height: 4, Transform: raster.Affine{500000, 30, 0, 4800120, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	rows := []string{"112212", "112221", "222122", "222212"}
	cover := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "built-up"}, {Code: 2, Name: "cropland"}})
	sides := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "west"}, {Code: 2, Name: "east"}})
	for r, row := range rows {
		for c, ch := range row {
			cover.Data[r*6+c] = uint16(ch - '0')
			sides.Data[r*6+c] = 1 + uint16(c/3)
		}
	}
	classes, zoneTif = filepath.Join(dir, "cover.tif"), filepath.Join(dir, "sides.tif")
	if err := geotiff.WriteFile(classes, cover, nil); err != nil {
		t.Fatal(err)
	}
	if err := geotiff.WriteFile(zoneTif, sides, nil); err != nil {
		t.Fatal(err)
	}
	zoneJSON = filepath.Join(dir, "sides.geojson")
	fc := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32644"}},"features":[
{"type":"Feature","properties":{"side":"west"},"geometry":{"type":"Polygon","coordinates":[[[500000,4800000],[500090,4800000],[500090,4800120],[500000,4800120],[500000,4800000]]]}},
{"type":"Feature","properties":{"side":"east"},"geometry":{"type":"Polygon","coordinates":[[[500090,4800000],[500180,4800000],[500180,4800120],[500090,4800120],[500090,4800000]]]}}]}`
	if err := os.WriteFile(zoneJSON, []byte(fc), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, classes, zoneTif, zoneJSON
}

func readLandscapeCSV(t *testing.T, path string) []map[string]string {
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
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, c := range recs[0] {
			m[c] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// TestLandscapeCommandFragstatsMap runs the command on the FRAGSTATS
// reference map of package asymmetry and checks landscape-level values
// FRAGSTATS 4.2 printed for it (asymmetry/testdata/land_landscape.land).
func TestLandscapeCommandFragstatsMap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "land.csv")
	_, stderr, code := runCLI("landscape", "../../asymmetry/testdata/land_landscape.tif", "-level", "landscape", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readLandscapeCSV(t, out)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	want := map[string]float64{"TA": 0.09, "NP": 28, "TE": 340, "LSI": 3.8333, "CONTAG": 26.4538, "IJI": 89.7774, "AI": 82.4642, "SHDI": 1.0092}
	for col, w := range want {
		v, err := strconv.ParseFloat(rows[0][col], 64)
		if err != nil || v < w-0.5e-4 || v > w+0.5e-4 {
			t.Errorf("%s = %q, FRAGSTATS %.4f", col, rows[0][col], w)
		}
	}
}

func TestLandscapeCommandZones(t *testing.T) {
	dir, classes, zoneTif, zoneJSON := landscapeFixture(t)
	byLabels := filepath.Join(dir, "labels.csv")
	if _, stderr, code := runCLI("landscape", classes, "-zone-labels", zoneTif, "-level", "class", "-o", byLabels); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	byJSON := filepath.Join(dir, "json.csv")
	if _, stderr, code := runCLI("landscape", classes, "-zones", zoneJSON, "-id", "side", "-o", byJSON); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, b := readLandscapeCSV(t, byLabels), readLandscapeCSV(t, byJSON)
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("%d and %d class rows, want 4 (2 sides x 2 classes)", len(a), len(b))
	}
	// West built-up: one 2 x 2 block of 30 m cells, 0.36 ha; east built-up:
	// two diagonal pairs (8-cell rule), √5 cells = 67.08 m apart.
	for _, rows := range [][]map[string]string{a, b} {
		for _, r := range rows {
			if r["class"] != "1" {
				continue
			}
			switch r["zone_name"] {
			case "west":
				if r["CA"] != "0.36" || r["NP"] != "1" || r["ENN_MN"] != "NA" {
					t.Errorf("west built-up %v", r)
				}
			case "east":
				if r["NP"] != "2" || !strings.HasPrefix(r["ENN_MN"], "67.08") {
					t.Errorf("east built-up %v", r)
				}
			default:
				t.Errorf("zone %q", r["zone_name"])
			}
		}
	}
	// Rook's case: the east pairs fall apart into four single cells.
	rook := filepath.Join(dir, "rook.csv")
	if _, stderr, code := runCLI("landscape", classes, "-zone-labels", zoneTif, "-neighbours", "4", "-level", "patch", "-o", rook); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	n := 0
	for _, r := range readLandscapeCSV(t, rook) {
		if r["zone_name"] == "east" && r["class"] == "1" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d east built-up patches under the 4-cell rule, want 4", n)
	}
}

func TestLandscapeCommandErrors(t *testing.T) {
	dir, classes, zoneTif, zoneJSON := landscapeFixture(t)
	out := filepath.Join(dir, "o.csv")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{classes, "-level", "region", "-o", out}, 1, "-level"},
		{[]string{classes, "-neighbours", "6", "-o", out}, 1, "-neighbours"},
		{[]string{classes, "-zones", zoneJSON, "-zone-labels", zoneTif, "-o", out}, 1, "not both"},
		{[]string{filepath.Join(dir, "missing.tif"), "-o", out}, 1, "missing.tif"},
		{[]string{classes, "-band", "3", "-o", out}, 1, "band 3"},
		{[]string{classes}, 2, "usage"},
	} {
		_, stderr, code := runCLI(append([]string{"landscape"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}
