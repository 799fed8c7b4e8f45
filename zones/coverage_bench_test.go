package zones

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// rzRedGrid is the grid of bench-inputs/red_10980.tif (gdalinfo: 10980 x 10980,
// origin 452475, 3408645, 30 m pixels, WGS 84 / UTM zone 16N).
var rzRedGrid = raster.Grid{Width: 10980, Height: 10980,
	Transform: raster.Affine{452475, 30, 0, 3408645, 0, -30}, CRS: raster.CRS{EPSG: 32616}}

func rzBenchZones(b *testing.B) *Set {
	path := filepath.Join(rasterBenchDir(), "zones_1000.geojson")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("benchmark input %s absent (set BORDERZONE_BENCH)", path)
	}
	s, err := ReadFile(path, "id")
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func rzBenchmarkCoverage(b *testing.B, rule Rule) {
	s := rzBenchZones(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Rasterize(context.Background(), s, rzRedGrid, rule); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCoverageExact1000 is the exact coverage of the 1000 zones of
// zones_1000.geojson on red_10980.tif's grid.
func BenchmarkCoverageExact1000(b *testing.B) { rzBenchmarkCoverage(b, Exact) }

// BenchmarkCoverageCenter1000 is the same under the Center rule.
func BenchmarkCoverageCenter1000(b *testing.B) { rzBenchmarkCoverage(b, Center) }

// BenchmarkCoverageAllTouched1000 is the same under the AllTouched rule.
func BenchmarkCoverageAllTouched1000(b *testing.B) { rzBenchmarkCoverage(b, AllTouched) }

// BenchmarkReadZones1000 reads zones_1000.geojson (1 MB, 1000 polygons).
func BenchmarkReadZones1000(b *testing.B) {
	path := filepath.Join(rasterBenchDir(), "zones_1000.geojson")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("benchmark input %s absent (set BORDERZONE_BENCH)", path)
	}
	for b.Loop() {
		if _, err := ReadFile(path, "id"); err != nil {
			b.Fatal(err)
		}
	}
}
