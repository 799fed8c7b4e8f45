package zones

import (
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// A 1° grid over the whole WGS 84 ellipsoid adds up to its surface,
// 510 065 621.724 km² (NIMA TR8350.2, "Department of Defense World Geodetic
// System 1984", table 3.5: surface area of the ellipsoid).
func TestCellAreaWholeEllipsoid(t *testing.T) {
	g := raster.Grid{Width: 360, Height: 180, Transform: raster.Affine{-180, 1, 0, 90, 0, -1}, CRS: raster.CRS{EPSG: 4326}}
	total := 0.0
	for r := range g.Height {
		a, err := CellArea(g, 0, r)
		if err != nil {
			t.Fatal(err)
		}
		total += a * 360
	}
	if want := 510065621.724e6; math.Abs(total-want)/want > 1e-11 {
		t.Errorf("surface %.6f km², want %.6f km²", total/1e6, want/1e6)
	}
}

// Small longitude/latitude cells agree with crs.GeodesicArea of the same
// quadrilateral (geodesic edges differ from parallels by far less than the
// tolerance at this size), and a rotated grid is measured by it.
func TestCellAreaGeodesic(t *testing.T) {
	for _, lat := range []float64{-60, 0.5, 44.2, 80} {
		g := raster.Grid{Width: 10, Height: 10, Transform: raster.Affine{80, 0.0003, 0, lat, 0, -0.0003}, CRS: raster.CRS{EPSG: 4326}}
		got, err := CellArea(g, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		x0, y0 := g.Transform.Apply(3, 4)
		x1, y1 := g.Transform.Apply(4, 5)
		want, err := crs.GeodesicArea(orb.Polygon{orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want)/want > 1e-6 {
			t.Errorf("lat %v: cell area %.6f m², geodesic %.6f m²", lat, got, want)
		}
		rot := g
		rot.Transform = raster.Affine{80, 0.0003, 1e-6, lat, 1e-6, -0.0003}
		if a, err := CellArea(rot, 3, 4); err != nil || math.Abs(a-want)/want > 1e-2 {
			t.Errorf("rotated lat %v: %v m² (%v), want about %v", lat, a, err, want)
		}
	}
}

func TestCellAreaProjected(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 2, Transform: raster.Affine{500000, 30, 0, 4e6, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	if a, err := CellArea(g, 1, 1); err != nil || a != 900 {
		t.Errorf("UTM 30 m cell: %v m² (%v), want 900", a, err)
	}
	g.CRS = raster.CRS{}
	if _, err := CellArea(g, 0, 0); err == nil {
		t.Error("a grid without CRS has a cell area")
	}
}

// A zone's area (Σ coverage fraction × cell area) on a longitude/latitude
// grid of 0.001° cells near Khorgos equals crs.GeodesicArea of the polygon
// to 1e-5: within a cell the area per square degree barely changes, so the
// exact coverage fractions carry the area over.
func TestZoneAreaGeographic(t *testing.T) {
	g := raster.Grid{Width: 300, Height: 300, Transform: raster.Affine{80.2, 0.001, 0, 44.3, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	poly := orb.Polygon{orb.Ring{{80.2123, 44.2911}, {80.4567, 44.2702}, {80.4801, 44.0333}, {80.2302, 44.0575}, {80.2123, 44.2911}}}
	set := &Set{CRS: g.CRS, Zones: []Zone{{ID: "z", Geometry: orb.MultiPolygon{poly}}}}
	cov, err := Rasterize(context.Background(), set, g, Exact)
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := ParseStats("area,cell_area")
	b := raster.NewBand(g, "zero")
	for i := range b.Data {
		b.Data[i] = 0
	}
	tab, err := Stats(context.Background(), set, cov, []Layer{{Source: b}}, &StatsOptions{Stats: stats})
	if err != nil {
		t.Fatal(err)
	}
	want, err := crs.GeodesicArea(poly)
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Rows[0].Values[0]; math.Abs(got-want)/want > 1e-5 {
		t.Errorf("zone area %.1f m², geodesic %.1f m²", got, want)
	}
	// A 0.001° cell at 44.2° N is about 111.1 m × 79.8 m.
	if ca := tab.Rows[0].Values[1]; ca < 8800 || ca > 8900 {
		t.Errorf("mean cell area %.1f m²", ca)
	}
}
