package zones

import (
	"context"
	"encoding/json"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// benchInput returns the path of a large benchmark input from
// $BORDERZONE_BENCH (or $BORDERZONE_BENCH_INPUTS), by default the module
// root's bench-inputs/, and skips the benchmark when it is missing.
func benchInput(tb testing.TB, name string) string {
	dir := os.Getenv("BORDERZONE_BENCH")
	if dir == "" {
		dir = os.Getenv("BORDERZONE_BENCH_INPUTS")
	}
	if dir == "" {
		dir = filepath.Join("..", "bench-inputs")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("%s missing: set BORDERZONE_BENCH or run /usr/bin/python3 ../shared/bench/make_inputs.py bench-inputs", p)
	}
	return p
}

// bboxCoverage gives every zone of zones_1000.geojson its bounding window
// on g, fully covered: a coverage of the benchmark's size that isolates
// the statistics from the rasterization.
func bboxCoverage(tb testing.TB, path string, g raster.Grid) *CoverageSet {
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct{ Coordinates [][][2]float64 }
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		tb.Fatal(err)
	}
	cov := &CoverageSet{Grid: g, Rule: Center}
	for i, f := range fc.Features {
		minc, minr, maxc, maxr := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range f.Geometry.Coordinates[0] {
			c, r, _ := g.PixelOf(p[0], p[1])
			minc, maxc = math.Min(minc, c), math.Max(maxc, c)
			minr, maxr = math.Min(minr, r), math.Max(maxr, r)
		}
		w := image.Rect(int(math.Floor(minc)), int(math.Floor(minr)), int(math.Ceil(maxc)), int(math.Ceil(maxr))).Intersect(g.Rect())
		fr := make([]float32, w.Dx()*w.Dy())
		for k := range fr {
			fr[k] = 1
		}
		cov.Zones = append(cov.Zones, Coverage{Zone: i, Window: w, Frac: fr})
	}
	return cov
}

// BenchmarkStatsBBox1000 times count, sum, mean, min, max and stdev of
// red_10980.tif (10980 x 10980 float32, 512 x 512 deflate tiles) over the
// bounding windows of the 1,000 zones, the file opened and read window by
// window in each iteration.
func BenchmarkStatsBBox1000(b *testing.B) {
	tif := benchInput(b, "red_10980.tif")
	zpath := benchInput(b, "zones_1000.geojson")
	f, err := geotiff.Open(tif)
	if err != nil {
		b.Fatal(err)
	}
	cov := bboxCoverage(b, zpath, f.RasterGrid())
	f.Close()
	stats, _ := ParseStats("count,sum,mean,min,max,stdev")
	b.ResetTimer()
	for b.Loop() {
		f, err := geotiff.Open(tif)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Stats(context.Background(), nil, cov, []Layer{{Source: f}}, &StatsOptions{Stats: stats}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
