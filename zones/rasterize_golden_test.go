package zones

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// rzGoldenGrids are the grids of testdata/raster_golden.py.
var rzGoldenGrids = map[string]struct {
	file string
	grid raster.Grid
}{
	"zones": {"geo_zones_subset.geojson", raster.Grid{Width: 10980, Height: 10980,
		Transform: raster.Affine{452475, 30, 0, 3408645, 0, -30}, CRS: raster.CRS{EPSG: 32616}}},
	"utm44n": {"geo_khorgos_utm44n.geojson", raster.Grid{Width: 3000, Height: 3000,
		Transform: raster.Affine{400015.5, 30, 0, 4935007.25, 0, -30}, CRS: raster.CRS{EPSG: 32644}}},
	"lonlat": {"geo_khorgos_countries.geojson", raster.Grid{Width: 840, Height: 640,
		Transform: raster.Affine{79.45, 0.0025, 0, 45.05, 0, -0.0025}, CRS: raster.CRS{EPSG: 4326}}},
	"lonlathalf": {"geo_khorgos_countries.geojson", raster.Grid{Width: 840, Height: 640,
		Transform: raster.Affine{79.44875, 0.0025, 0, 45.05125, 0, -0.0025}, CRS: raster.CRS{EPSG: 4326}}},
	"rotated": {"geo_khorgos_countries.geojson", raster.Grid{Width: 900, Height: 900,
		Transform: raster.Affine{79.3, 0.002, 0.0007, 45.1, 0.0006, -0.002}, CRS: raster.CRS{EPSG: 4326}}},
	"lonlatfine": {"geo_khorgos_countries.geojson", raster.Grid{Width: 4200, Height: 3200,
		Transform: raster.Affine{79.4501234, 0.0005, 0, 45.0498766, 0, -0.0005}, CRS: raster.CRS{EPSG: 4326}}},
}

// rzReadGoldenRuns reads a raster_<case>_<rule>.txt.gz file into a map from
// "zone row" to the row's runs as written by the script.
func rzReadGoldenRuns(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 {
			t.Fatalf("%s: bad line %q", path, sc.Text())
		}
		m[fs[0]+" "+fs[1]] = strings.Join(fs[2:], " ")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// rzCoverageRuns converts a coverage set into the golden files' form.
func rzCoverageRuns(cs *CoverageSet) map[string]string {
	m := map[string]string{}
	for i, c := range cs.Zones {
		dx := c.Window.Dx()
		for y := c.Window.Min.Y; y < c.Window.Max.Y; y++ {
			row := c.Frac[(y-c.Window.Min.Y)*dx:][:dx]
			var b strings.Builder
			for x := 0; x < dx; {
				if row[x] == 0 {
					x++
					continue
				}
				s := x
				for x < dx && row[x] != 0 {
					x++
				}
				fmt.Fprintf(&b, " %d %d", s+c.Window.Min.X, x-1+c.Window.Min.X)
			}
			if b.Len() > 0 {
				m[fmt.Sprintf("%d %d", i, y)] = b.String()[1:]
			}
		}
	}
	return m
}

// rzCompareRuns reports differences between golden and computed runs.
func rzCompareRuns(t *testing.T, name string, want, got map[string]string) {
	t.Helper()
	bad := 0
	for k, w := range want {
		if g := got[k]; g != w {
			if bad < 8 {
				t.Errorf("%s: zone row %s: got runs %q, rasterio %q", name, k, g, w)
			}
			bad++
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			if bad < 8 {
				t.Errorf("%s: zone row %s: got runs %q, rasterio none", name, k, g)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d rows differ from rasterio", name, bad, len(want))
	}
}

func rzCheckGoldenDir(t *testing.T, dir string, cases []string) {
	for _, name := range cases {
		gg := rzGoldenGrids[name]
		path := filepath.Join(dir, gg.file)
		if _, err := os.Stat(path); err != nil {
			path = filepath.Join("testdata", gg.file)
		}
		s, err := ReadFile(path, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, rule := range []Rule{Center, AllTouched} {
			cs, err := Rasterize(context.Background(), s, gg.grid, rule)
			if err != nil {
				t.Fatal(err)
			}
			want := rzReadGoldenRuns(t, filepath.Join(dir, fmt.Sprintf("raster_%s_%s.txt.gz", name, rule)))
			rzCompareRuns(t, name+"/"+rule.String(), want, rzCoverageRuns(cs))
		}
	}
}

// TestRasterizeMatchesRasterio compares Center and AllTouched pixel sets with
// rasterio.features.rasterize (GDAL 3.6.2), golden files made once by
// testdata/raster_golden.py.
func TestRasterizeMatchesRasterio(t *testing.T) {
	rzCheckGoldenDir(t, "testdata", []string{"zones", "utm44n", "lonlat", "lonlathalf", "rotated", "lonlatfine"})
}

// TestRasterizeMatchesRasterioLive runs testdata/raster_golden.py now and
// compares: on all 1000 zones of zones_1000.geojson when the benchmark inputs
// are present (BORDERZONE_BENCH), otherwise on the committed 250-zone subset.
// It needs /usr/bin/python3 with rasterio.
func TestRasterizeMatchesRasterioLive(t *testing.T) {
	if testing.Short() {
		t.Skip("live rasterio comparison skipped in -short mode")
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import rasterio").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("live rasterio comparison needs %s with rasterio: %v", py, err)
		}
		t.Skipf("live rasterio comparison needs %s with rasterio: %v", py, err)
	}
	zonesPath := filepath.Join(rasterBenchDir(), "zones_1000.geojson")
	if _, err := os.Stat(zonesPath); err != nil {
		zonesPath = "testdata/geo_zones_subset.geojson"
	}
	t.Logf("zones from %s", zonesPath)
	dir := t.TempDir()
	out, err := exec.Command(py, "testdata/raster_golden.py", "--zones", zonesPath, "--every", "1",
		"--out", dir, "--cases", "zones,utm44n,lonlat,lonlathalf,rotated,lonlatfine").CombinedOutput()
	if err != nil {
		t.Fatalf("raster_golden.py: %v\n%s", err, out)
	}
	rzCheckGoldenDir(t, dir, []string{"zones", "utm44n", "lonlat", "lonlathalf", "rotated", "lonlatfine"})
}

// rasterBenchDir locates the benchmark inputs: env BORDERZONE_BENCH, else the
// repository's bench-inputs folder.
func rasterBenchDir() string {
	if d := os.Getenv("BORDERZONE_BENCH"); d != "" {
		return d
	}
	for _, d := range []string{"../bench-inputs", "../../bench-inputs"} {
		if _, err := os.Stat(filepath.Join(d, "zones_1000.geojson")); err == nil {
			return d
		}
	}
	return "../bench-inputs"
}
