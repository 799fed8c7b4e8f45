package zones

import (
	"context"
	"image"
	"math"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// patternSource is a Source computed on demand: a value that varies with
// column and row, NaN on every 37th diagonal.
type patternSource struct{ grid raster.Grid }

func (s patternSource) RasterGrid() raster.Grid { return s.grid }
func (s patternSource) NumBands() int           { return 1 }
func (s patternSource) ReadWindow(_ context.Context, _ int, win image.Rectangle) (*raster.Band, error) {
	g, err := s.grid.Window(win)
	if err != nil {
		return nil, err
	}
	b := &raster.Band{Grid: g, Data: make([]float32, win.Dx()*win.Dy())}
	i := 0
	for r := win.Min.Y; r < win.Max.Y; r++ {
		for c := win.Min.X; c < win.Max.X; c++ {
			v := float32((c*7+r*13)%101) / 7
			if (c+r)%37 == 0 {
				v = float32(math.NaN())
			}
			b.Data[i] = v
			i++
		}
	}
	return b, nil
}

// TestStatsOfSetMatchesStats summarises 250 real zones (every 4th of
// zones_1000.geojson) on a 30 m grid that cuts through many of them and
// misses others entirely, rasterizing on demand, and checks that every
// value is bit for bit the one Stats gives with the whole CoverageSet, for
// windows of 7 and 300 rows.
func TestStatsOfSetMatchesStats(t *testing.T) {
	set, err := ReadFile("testdata/geo_zones_subset.geojson", "id")
	if err != nil {
		t.Fatal(err)
	}
	g := raster.Grid{Width: 2500, Height: 2200, Transform: raster.Affine{560000, 30, 0, 3300000, 0, -30}, CRS: set.CRS}
	layers := []Layer{{Source: patternSource{g}, Name: "p"}}
	stats, _ := ParseStats("count,sum,mean,stdev,median,majority,nodata,outside,area")
	for _, rule := range []Rule{Exact, Center} {
		cov, err := Rasterize(context.Background(), set, g, rule)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := Stats(context.Background(), set, cov, layers, &StatsOptions{Stats: stats})
		if err != nil {
			t.Fatal(err)
		}
		inside, partial, outside := 0, 0, 0
		for _, c := range cov.Zones {
			switch {
			case c.Window.Empty():
				outside++
			case c.Outside > 0:
				partial++
			default:
				inside++
			}
		}
		if inside < 10 || partial < 3 || outside < 10 {
			t.Fatalf("grid does not exercise the cases: %d inside, %d partly, %d wholly outside", inside, partial, outside)
		}
		for _, rows := range []int{7, 300} {
			got, err := StatsOfSet(context.Background(), set, rule, layers, &StatsOptions{Stats: stats, WindowRows: rows})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range got.Rows {
				if r.ID != ref.Rows[i].ID {
					t.Fatalf("row %d: zone %s, Stats has %s", i, r.ID, ref.Rows[i].ID)
				}
				for j, v := range r.Values {
					w := ref.Rows[i].Values[j]
					if math.Float64bits(v) != math.Float64bits(w) && !(math.IsNaN(v) && math.IsNaN(w)) {
						t.Errorf("rule %v rows %d zone %s %s = %v, Stats %v", rule, rows, r.ID, stats[j].Name, v, w)
					}
				}
			}
		}
	}
}
