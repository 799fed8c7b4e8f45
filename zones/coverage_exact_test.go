package zones

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// The expectations here never come from the code under test: the area of a
// polygon is the shoelace formula, and the area of a polygon inside one cell
// is the shoelace area of the polygon clipped to the cell by
// Sutherland–Hodgman (Sutherland & Hodgman 1974, "Reentrant polygon
// clipping", CACM 17(1)), written below for the tests only.

// rzShoelace is the signed area of a closed or open ring, with coordinates
// taken relative to the first vertex so that large map coordinates (UTM
// northings of millions of metres) do not cancel digits away.
func rzShoelace(r []orb.Point) float64 {
	if len(r) == 0 {
		return 0
	}
	a := 0.0
	n := len(r)
	o := r[0]
	for i := range n {
		p, q := r[i], r[(i+1)%n]
		a += (p[0]-o[0])*(q[1]-o[1]) - (q[0]-o[0])*(p[1]-o[1])
	}
	return a / 2
}

// rzClipConvex clips subject by the convex polygon clip (counter-clockwise).
func rzClipConvex(subject, clip []orb.Point) []orb.Point {
	out := subject
	n := len(clip)
	for i := range n {
		a, b := clip[i], clip[(i+1)%n]
		inside := func(p orb.Point) bool {
			return (b[0]-a[0])*(p[1]-a[1])-(b[1]-a[1])*(p[0]-a[0]) >= 0
		}
		cut := func(p, q orb.Point) orb.Point {
			// Intersection of segment pq with the line ab.
			dp := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
			dq := (b[0]-a[0])*(q[1]-a[1]) - (b[1]-a[1])*(q[0]-a[0])
			t := dp / (dp - dq)
			return orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}
		}
		in := out
		out = nil
		for j := range in {
			p, q := in[j], in[(j+1)%len(in)]
			switch {
			case inside(p) && inside(q):
				out = append(out, q)
			case inside(p):
				out = append(out, cut(p, q))
			case inside(q):
				out = append(out, cut(p, q), q)
			}
		}
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

// rzCellPolygon is cell (col, row) of g as a counter-clockwise polygon in map
// coordinates.
func rzCellPolygon(g raster.Grid, col, row int) []orb.Point {
	c := []orb.Point{}
	for _, d := range [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}} {
		x, y := g.Transform.Apply(float64(col)+d[0], float64(row)+d[1])
		c = append(c, orb.Point{x, y})
	}
	if rzShoelace(c) < 0 {
		c[1], c[3] = c[3], c[1]
	}
	return c
}

// rzOpenRing drops a ring's closing point.
func rzOpenRing(r orb.Ring) []orb.Point { return []orb.Point(r[:len(r)-1]) }

// rzPolygonCellArea is the area of polygon p (holes subtracted) inside cell.
func rzPolygonCellArea(p orb.Polygon, cell []orb.Point) float64 {
	a := 0.0
	for k, r := range p {
		v := math.Abs(rzShoelace(rzClipConvex(rzOpenRing(r), cell)))
		if k == 0 {
			a += v
		} else {
			a -= v
		}
	}
	return a
}

func rzPolygonArea(p orb.Polygon) float64 {
	a := 0.0
	for k, r := range p {
		v := math.Abs(rzShoelace(rzOpenRing(r)))
		if k == 0 {
			a += v
		} else {
			a -= v
		}
	}
	return a
}

func rzClosed(pts ...orb.Point) orb.Ring { return orb.Ring(append(pts, pts[0])) }

func rzCircle(cx, cy, r float64, n int, phase float64) orb.Ring {
	pts := make([]orb.Point, n)
	for i := range n {
		a := phase + 2*math.Pi*float64(i)/float64(n)
		pts[i] = orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return rzClosed(pts...)
}

func rzRotatedRect(cx, cy, w, h, angle float64) orb.Ring {
	s, c := math.Sincos(angle)
	var pts []orb.Point
	for _, d := range [][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		x, y := d[0]*w/2, d[1]*h/2
		pts = append(pts, orb.Point{cx + x*c - y*s, cy + x*s + y*c})
	}
	return rzClosed(pts...)
}

// rzTestGrid: 60 x 50 cells of 2 m x 2 m, origin (1000, 5000), north-up.
var rzTestGrid = raster.Grid{Width: 60, Height: 50, Transform: raster.Affine{1000, 2, 0, 5000, 0, -2}}

// rzCheckExact compares the Exact coverage of mp on g with the clipped areas,
// cell by cell, and the total (inside plus Outside) with the shoelace area.
func rzCheckExact(t *testing.T, name string, g raster.Grid, mp orb.MultiPolygon) {
	t.Helper()
	set := &Set{Zones: []Zone{{ID: name, Geometry: mp}}}
	cs, err := Rasterize(context.Background(), set, g, Exact)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := cs.Zones[0]
	cellArea := math.Abs(g.Transform[1]*g.Transform[5] - g.Transform[2]*g.Transform[4])
	want := 0.0
	for _, p := range mp {
		want += rzPolygonArea(p)
	}
	got := c.Outside * cellArea
	worst := 0.0
	for row := range g.Height {
		for col := range g.Width {
			cell := rzCellPolygon(g, col, row)
			a := 0.0
			for _, p := range mp {
				a += rzPolygonCellArea(p, cell)
			}
			exp := min(a/cellArea, 1)
			var f float64
			if (rzCell{col, row}).in(c) {
				f = float64(c.Frac[(row-c.Window.Min.Y)*c.Window.Dx()+col-c.Window.Min.X])
			}
			got += f * cellArea
			worst = max(worst, math.Abs(f-exp))
		}
	}
	// The fractions themselves, before their rounding to float32 in Frac.
	pz, err := toPixels(&set.Zones[0], g.Transform, rzInvert(t, g.Transform))
	if err != nil {
		t.Fatal(err)
	}
	_, acc, _, _, err := exactFractions(context.Background(), pz, g, &rasterScratch{})
	if err != nil {
		t.Fatal(err)
	}
	got64 := c.Outside * cellArea
	for _, v := range acc {
		got64 += v * cellArea
	}
	if rel := math.Abs(got64-want) / want; rel > 1e-9 {
		t.Errorf("%s: covered area in float64 %.12g (Outside %g cells), shoelace %.12g: relative error %g", name, got64, c.Outside, want, rel)
	}
	if worst > 1e-6 {
		t.Errorf("%s: a cell's fraction differs from the clipped area by %g", name, worst)
	}
	if rel := math.Abs(got-want) / want; rel > 1e-6 {
		t.Errorf("%s: covered area from Frac (float32) %.12g (Outside %g cells), shoelace %.12g: relative error %g", name, got, c.Outside, want, rel)
	}
}

func rzInvert(t *testing.T, a raster.Affine) raster.Affine {
	inv, err := gdalInvGeoTransform(a)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

type rzCell struct{ x, y int }

func (p rzCell) in(c Coverage) bool {
	return p.x >= c.Window.Min.X && p.x < c.Window.Max.X && p.y >= c.Window.Min.Y && p.y < c.Window.Max.Y
}

func TestExactAnalyticShapes(t *testing.T) {
	rotated := rzTestGrid
	rotated.Transform = raster.Affine{1000, 1.8, 0.7, 5000, 0.5, -1.9}
	cases := []struct {
		name string
		g    raster.Grid
		mp   orb.MultiPolygon
	}{
		{"axis-aligned rectangle", rzTestGrid, orb.MultiPolygon{{rzClosed(
			orb.Point{1010.3, 4930.7}, orb.Point{1077.1, 4930.7}, orb.Point{1077.1, 4987.25}, orb.Point{1010.3, 4987.25})}}},
		{"rectangle on cell boundaries", rzTestGrid, orb.MultiPolygon{{rzClosed(
			orb.Point{1010, 4930}, orb.Point{1078, 4930}, orb.Point{1078, 4988}, orb.Point{1010, 4988})}}},
		{"rotated rectangle", rzTestGrid, orb.MultiPolygon{{rzRotatedRect(1060.3, 4950.2, 61.7, 23.9, 0.5236)}}},
		{"circle 720 vertices", rzTestGrid, orb.MultiPolygon{{rzCircle(1061.11, 4950.37, 37.3, 720, 0.1)}}},
		{"triangle", rzTestGrid, orb.MultiPolygon{{rzClosed(
			orb.Point{1003.3, 4903.1}, orb.Point{1117.9, 4931.4}, orb.Point{1040.2, 4998.6})}}},
		{"clockwise triangle", rzTestGrid, orb.MultiPolygon{{rzClosed(
			orb.Point{1040.2, 4998.6}, orb.Point{1117.9, 4931.4}, orb.Point{1003.3, 4903.1})}}},
		{"square with holes", rzTestGrid, orb.MultiPolygon{{
			rzClosed(orb.Point{1005.5, 4905.5}, orb.Point{1110.5, 4905.5}, orb.Point{1110.5, 4995.5}, orb.Point{1005.5, 4995.5}),
			rzCircle(1040.3, 4950.1, 20.2, 90, 0),
			rzClosed(orb.Point{1070.1, 4920.2}, orb.Point{1100.7, 4925.3}, orb.Point{1080.4, 4980.9}),
		}}},
		{"multipolygon", rzTestGrid, orb.MultiPolygon{
			{rzCircle(1030.2, 4960.7, 12.9, 64, 0.3)},
			{rzRotatedRect(1090.1, 4930.3, 20.4, 11.1, 1.1)},
		}},
		{"crossing the grid's corner", rzTestGrid, orb.MultiPolygon{{rzCircle(1001.7, 4998.9, 30.3, 360, 0)}}},
		{"crossing the right and bottom edges", rzTestGrid, orb.MultiPolygon{{rzRotatedRect(1115.2, 4902.9, 40.3, 31.7, 0.3)}}},
		{"wholly outside", rzTestGrid, orb.MultiPolygon{{rzCircle(900, 4800, 10.1, 32, 0)}}},
		{"covering the grid", rzTestGrid, orb.MultiPolygon{{rzClosed(
			orb.Point{950.5, 4850.5}, orb.Point{1200.5, 4850.5}, orb.Point{1200.5, 5050.5}, orb.Point{950.5, 5050.5})}}},
		{"rotated grid, circle", rotated, orb.MultiPolygon{{rzCircle(1070.4, 4970.6, 25.3, 400, 0)}}},
		{"rotated grid, triangle with hole", rotated, orb.MultiPolygon{{
			rzClosed(orb.Point{1010.3, 4920.1}, orb.Point{1130.9, 4950.4}, orb.Point{1050.2, 5020.6}),
			rzRotatedRect(1060.7, 4960.2, 15.5, 9.3, 0.7),
		}}},
	}
	for _, tc := range cases {
		rzCheckExact(t, tc.name, tc.g, tc.mp)
	}
}

// TestExactSelfIntersecting checks the even-odd rule on a bow tie, whose two
// lobes are the triangles meeting at the crossing point (computed here).
func TestExactSelfIntersecting(t *testing.T) {
	a, b, c, d := orb.Point{1010.3, 4910.2}, orb.Point{1100.7, 4990.1}, orb.Point{1100.7, 4910.2}, orb.Point{1010.3, 4990.1}
	bow := orb.MultiPolygon{{rzClosed(a, b, c, d)}}
	// Diagonals a-b and c-d cross at their midpoint by symmetry.
	m := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	lobes := orb.MultiPolygon{{rzClosed(a, m, d)}, {rzClosed(m, b, c)}}
	g := rzTestGrid
	set := &Set{Zones: []Zone{{ID: "bow", Geometry: bow}, {ID: "lobes", Geometry: lobes}}}
	cs, err := Rasterize(context.Background(), set, g, Exact)
	if err != nil {
		t.Fatal(err)
	}
	rzCheckExact(t, "bow tie lobes", g, lobes)
	bz, lz := cs.Zones[0], cs.Zones[1]
	if bz.Window != lz.Window {
		t.Fatalf("windows %v and %v", bz.Window, lz.Window)
	}
	for i := range bz.Frac {
		if math.Abs(float64(bz.Frac[i]-lz.Frac[i])) > 1e-6 {
			t.Fatalf("cell %d: bow tie %g, its lobes %g", i, bz.Frac[i], lz.Frac[i])
		}
	}
	if f := set.Validate(); len(f) != 1 || f[0].Zone != 0 {
		t.Errorf("Validate: %v, want one finding on the bow tie", f)
	}
}

// TestExactRandomStars compares random star-shaped polygons, many with
// vertices on cell boundaries, with the clipped areas.
func TestExactRandomStars(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	for k := range 40 {
		n := 3 + rng.IntN(40)
		cx, cy := 1000+rng.Float64()*120, 4900+rng.Float64()*100
		r := 3 + rng.Float64()*40
		pts := make([]orb.Point, n)
		for i := range n {
			a := 2 * math.Pi * (float64(i) + 0.8*rng.Float64()) / float64(n)
			rr := r * (0.3 + 0.7*rng.Float64())
			p := orb.Point{cx + rr*math.Cos(a), cy + rr*math.Sin(a)}
			if k%3 == 0 { // snap to the 2 m cell lattice
				p = orb.Point{1000 + 2*math.Round((p[0]-1000)/2), 4900 + 2*math.Round((p[1]-4900)/2)}
			}
			pts[i] = p
		}
		ring := rzClosed(pts...)
		if checkZoneRing(ring) != nil || rzShoelace(pts) == 0 {
			continue
		}
		if len(simpleRingCrossings(ring)) > 0 {
			continue
		}
		rzCheckExact(t, "random star", rzTestGrid, orb.MultiPolygon{{ring}})
	}
}
