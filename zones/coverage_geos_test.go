package zones

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestExactMatchesGEOS compares exact coverage fractions with the areas of
// cell ∩ zone computed by GEOS through GDAL/OGR (testdata/raster_exact_golden.py),
// on real zones, the Khorgos countries in UTM and a rotated lon/lat grid.
func TestExactMatchesGEOS(t *testing.T) {
	cases := []struct {
		name, file string
		grid       raster.Grid
	}{
		{"small", "geo_zones_subset.geojson", rzGoldenGrids["zones"].grid},
		{"utm1km", "geo_khorgos_utm44n.geojson", raster.Grid{Width: 95, Height: 95,
			Transform: raster.Affine{400015.5, 1000, 0, 4935007.25, 0, -1000}, CRS: raster.CRS{EPSG: 32644}}},
		{"rotated", "geo_khorgos_countries.geojson", raster.Grid{Width: 110, Height: 95,
			Transform: raster.Affine{79.3, 0.02, 0.007, 45.1, 0.006, -0.02}, CRS: raster.CRS{EPSG: 4326}}},
	}
	for _, tc := range cases {
		s, err := ReadFile("testdata/"+tc.file, "")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := Rasterize(context.Background(), s, tc.grid, Exact)
		if err != nil {
			t.Fatal(err)
		}
		partial, full := rzReadGEOS(t, "testdata/raster_exact_"+tc.name+".txt.gz")
		if len(full) == 0 {
			t.Fatalf("%s: golden file has no zones", tc.name)
		}
		for z, wantFull := range full {
			c := cs.Zones[z]
			gotFull, worst := 0, 0.0
			for y := c.Window.Min.Y; y < c.Window.Max.Y; y++ {
				for x := c.Window.Min.X; x < c.Window.Max.X; x++ {
					f := float64(c.Frac[(y-c.Window.Min.Y)*c.Window.Dx()+x-c.Window.Min.X])
					want, ok := partial[fmt.Sprint(z, y, x)]
					switch {
					case ok:
						worst = max(worst, math.Abs(f-want))
					case f == 1:
						gotFull++
					default:
						// GEOS found no area: at most rounding here.
						worst = max(worst, f)
					}
				}
			}
			// Cells the window misses must be ones GEOS found empty.
			for k := range partial {
				var zz, y, x int
				fmt.Sscan(k, &zz, &y, &x)
				if zz == z && !image.Pt(x, y).In(c.Window) {
					t.Errorf("%s zone %d: GEOS covers cell (%d, %d) outside the window %v", tc.name, z, x, y, c.Window)
				}
			}
			if gotFull != wantFull || worst > 2e-6 {
				t.Errorf("%s zone %d (id %s): %d full cells (GEOS %d), largest difference %g", tc.name, z, s.Zones[z].ID, gotFull, wantFull, worst)
			}
		}
	}
}

func rzReadGEOS(t *testing.T, path string) (map[string]float64, map[int]int) {
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
	partial, full := map[string]float64{}, map[int]int{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		z, err := strconv.Atoi(fs[0])
		if err != nil {
			t.Fatal(err)
		}
		if fs[1] == "full" {
			full[z], _ = strconv.Atoi(fs[2])
			continue
		}
		v, err := strconv.ParseFloat(fs[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		partial[fs[0]+" "+fs[1]+" "+fs[2]] = v
	}
	return partial, full
}
