package crs

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestGeometry(t *testing.T) {
	utm44, _ := UTM(44, true)
	tr, err := NewTransformer(WGS84(), utm44)
	if err != nil {
		t.Fatal(err)
	}
	poly := orb.Polygon{{{80, 44}, {81, 44}, {81, 45}, {80, 45}, {80, 44}}}
	g, err := tr.Geometry(poly, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := g.(orb.Polygon)
	if len(out) != 1 || len(out[0]) != 5 {
		t.Fatalf("got %v", out)
	}
	for i, p := range poly[0] {
		x, y, _ := utm44.Forward(p[0], p[1])
		if out[0][i] != (orb.Point{x, y}) {
			t.Errorf("vertex %d = %v, want %v", i, out[0][i], orb.Point{x, y})
		}
	}
	// Densified to 0.25°: each 1° edge becomes 4 segments.
	g, err = tr.Geometry(poly, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(g.(orb.Polygon)[0]); n != 17 {
		t.Errorf("densified ring has %d points, want 17", n)
	}
	// The densified parallel 45° N bulges north of the straight chord in UTM.
	mid := g.(orb.Polygon)[0][10] // (80.5, 45)
	x, y, _ := utm44.Forward(80.5, 45)
	if mid != (orb.Point{x, y}) {
		t.Errorf("midpoint %v, want %v", mid, orb.Point{x, y})
	}
	// All geometry types round-trip.
	back := tr.Reverse()
	for _, in := range []orb.Geometry{
		orb.Point{80.4, 44.2},
		orb.MultiPoint{{80.4, 44.2}, {79, 40}},
		orb.LineString{{80.4, 44.2}, {79, 40}},
		orb.MultiLineString{{{80.4, 44.2}, {79, 40}}},
		orb.Ring{{80, 44}, {81, 44}, {81, 45}, {80, 44}},
		orb.MultiPolygon{poly, poly},
		orb.Collection{orb.Point{80, 40}, poly},
	} {
		fw, err := tr.Geometry(in, 0)
		if err != nil {
			t.Fatalf("%T: %v", in, err)
		}
		bw, err := back.Geometry(fw, 0)
		if err != nil {
			t.Fatalf("%T back: %v", in, err)
		}
		if !orbEqualWithin(in, bw, 1e-9) {
			t.Errorf("%T round trip: %v -> %v", in, in, bw)
		}
	}
	// A bound becomes the bound of its densified outline: parallels curve
	// towards the pole away from the central meridian, so the south edge's
	// lowest northing is at 81° E, below the corners'.
	b, err := tr.Geometry(orb.Bound{Min: orb.Point{78, 44}, Max: orb.Point{84, 45}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, yc, _ := utm44.Forward(84, 44)
	_, ym, _ := utm44.Forward(81, 44)
	bb := b.(orb.Bound)
	if bb.Min[1] != ym || ym >= yc {
		t.Errorf("bound min northing %v, want %v (corner %v)", bb.Min[1], ym, yc)
	}
	// Bad input: an error naming the point, never a panic.
	if _, err := tr.Geometry(orb.LineString{{80, 44}, {80, 95}}, 0); !errors.Is(err, ErrInvalidCoordinate) {
		t.Errorf("latitude 95: err %v", err)
	}
	if _, err := tr.Geometry(orb.LineString{{80, 44}, {math.NaN(), 45}}, 0.1); err == nil {
		t.Errorf("NaN with densification: no error")
	}
	if _, err := tr.Geometry(orb.LineString{{0, 0}, {100, 0}}, 1e-9); err == nil {
		t.Errorf("huge densification: no error")
	}
	if _, err := tr.Geometry(nil, 0); err == nil {
		t.Errorf("nil geometry: no error")
	}
}

func orbEqualWithin(a, b orb.Geometry, tol float64) bool {
	var pa, pb []orb.Point
	collect := func(g orb.Geometry, out *[]orb.Point) {
		var walk func(g orb.Geometry)
		walk = func(g orb.Geometry) {
			switch g := g.(type) {
			case orb.Point:
				*out = append(*out, g)
			case orb.MultiPoint:
				*out = append(*out, g...)
			case orb.LineString:
				*out = append(*out, g...)
			case orb.Ring:
				*out = append(*out, g...)
			case orb.MultiLineString:
				for _, l := range g {
					walk(l)
				}
			case orb.Polygon:
				for _, r := range g {
					walk(r)
				}
			case orb.MultiPolygon:
				for _, p := range g {
					walk(p)
				}
			case orb.Collection:
				for _, h := range g {
					walk(h)
				}
			}
		}
		walk(g)
	}
	collect(a, &pa)
	collect(b, &pb)
	if a.GeoJSONType() != b.GeoJSONType() || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > tol || math.Abs(pa[i][1]-pb[i][1]) > tol {
			return false
		}
	}
	return true
}

func TestTransformer(t *testing.T) {
	utm44, _ := UTM(44, true)
	utm45, _ := UTM(45, true)
	// Khorgos straddles zones 44 and 45: a point in 44 expressed in 45
	// agrees with cs2cs +proj=longlat +datum=WGS84 +to EPSG:32645 applied to
	// the point's lon/lat.
	tr, err := NewTransformer(utm44, utm45)
	if err != nil {
		t.Fatal(err)
	}
	x44, y44, _ := utm44.Forward(80.4, 44.2)
	x, y, err := tr.Transform(x44, y44)
	if err != nil {
		t.Fatal(err)
	}
	wx, wy, _ := utm45.Forward(80.4, 44.2)
	if math.Hypot(x-wx, y-wy) > 1e-8 {
		t.Errorf("44->45 = %v, %v; want %v, %v", x, y, wx, wy)
	}
	// Datums: ETRS89 and WGS 84 need AssumeSameDatum; MODIS (unspecified)
	// pairs with anything.
	if _, err := NewTransformer(WGS84(), ETRS89LAEAEurope()); err == nil {
		t.Error("WGS 84 -> ETRS89 without AssumeSameDatum: no error")
	}
	if _, err := NewTransformer(WGS84(), ETRS89LAEAEurope(), AssumeSameDatum()); err != nil {
		t.Error(err)
	}
	if _, err := NewTransformer(utm44, MODISSinusoidal()); err != nil {
		t.Error(err)
	}
	// Slices: failures become NaN and are counted; the rest is transformed.
	tr2, _ := NewTransformer(WGS84(), WebMercator())
	xs := []float64{0, 10, math.NaN(), 20, 30}
	ys := []float64{0, 90, 0, 95, 45}
	err = tr2.TransformSlices(xs, ys)
	if err == nil {
		t.Fatal("no error")
	}
	if !math.IsNaN(xs[1]) || !math.IsNaN(xs[2]) || !math.IsNaN(ys[3]) || xs[0] != 0 || math.IsNaN(xs[4]) {
		t.Errorf("slices = %v, %v", xs, ys)
	}
	if err := tr2.TransformSlices(xs, ys[:2]); err == nil {
		t.Error("length mismatch: no error")
	}
	// Large slices take the parallel path and agree with the serial one.
	n := 3 * parallelThreshold
	lx, ly := make([]float64, n), make([]float64, n)
	for i := range lx {
		lx[i], ly[i] = -180+360*float64(i)/float64(n), -80+160*float64(i%1000)/1000
	}
	lx[n-5] = math.Inf(1)
	px, py := append([]float64(nil), lx...), append([]float64(nil), ly...)
	perr := tr2.TransformSlices(px, py)
	if perr == nil {
		t.Error("parallel: no error for the infinite point")
	}
	for i := range lx {
		sx, sy := tr2.point(lx[i], ly[i])
		if i == n-5 {
			continue
		}
		if px[i] != sx || py[i] != sy {
			t.Fatalf("parallel point %d = %v, %v; serial %v, %v", i, px[i], py[i], sx, sy)
		}
	}
}
