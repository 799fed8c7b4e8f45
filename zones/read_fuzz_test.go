package zones

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// FuzzReadGeoJSON reads arbitrary bytes as GeoJSON: it must never panic or
// hang; whatever it accepts must validate and rasterize, with fractions in
// 0..1 and the Center cells among the AllTouched cells.
func FuzzReadGeoJSON(f *testing.F) {
	for _, name := range []string{"testdata/geo_khorgos_countries.geojson", "testdata/geo_khorgos_utm44n.geojson"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}`))
	f.Add([]byte(`{"type":"Feature","id":3,"properties":{"n":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[4,4],[4,0],[0,4],[0,0]]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`))
	g := raster.Grid{Width: 64, Height: 48, Transform: raster.Affine{-1, 0.25, 0, 8, 0, -0.25}}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(bytes.NewReader(data), "n")
		if err != nil {
			return
		}
		_ = s.Validate()
		s.CRS = raster.CRS{}
		for _, z := range s.Zones {
			b := z.Geometry.Bound()
			if b.Max[0]-b.Min[0] > 1e4 || b.Max[1]-b.Min[1] > 1e4 || b.Min[0] < -1e6 || b.Min[1] < -1e6 || b.Max[0] > 1e6 || b.Max[1] > 1e6 {
				return // keep each run fast: at most 40000 rows to sweep
			}
		}
		var covs [3]*CoverageSet
		for _, rule := range []Rule{Center, AllTouched, Exact} {
			cs, err := Rasterize(context.Background(), s, g, rule)
			if err != nil {
				t.Fatalf("%v: %v", rule, err)
			}
			covs[rule] = cs
			for _, c := range cs.Zones {
				if len(c.Frac) != c.Window.Dx()*c.Window.Dy() || c.Outside < 0 {
					t.Fatalf("%v: window %v with %d fractions, Outside %g", rule, c.Window, len(c.Frac), c.Outside)
				}
				for _, v := range c.Frac {
					if !(v >= 0 && v <= 1) {
						t.Fatalf("%v: fraction %g", rule, v)
					}
				}
			}
		}
		for i, c := range covs[Center].Zones {
			a := covs[AllTouched].Zones[i]
			for y := c.Window.Min.Y; y < c.Window.Max.Y; y++ {
				for x := c.Window.Min.X; x < c.Window.Max.X; x++ {
					if c.Frac[(y-c.Window.Min.Y)*c.Window.Dx()+x-c.Window.Min.X] == 0 {
						continue
					}
					in := x >= a.Window.Min.X && x < a.Window.Max.X && y >= a.Window.Min.Y && y < a.Window.Max.Y
					if !in || a.Frac[(y-a.Window.Min.Y)*a.Window.Dx()+x-a.Window.Min.X] == 0 {
						t.Fatalf("zone %d: centre cell (%d, %d) not among the touched cells", i, x, y)
					}
				}
			}
		}
	})
}
