package zones

import (
	"context"
	"image"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/borderzone/borderzone/raster"
)

// utm44 is WGS 84 / UTM zone 44N, the zone of Khorgos.
var utm44 = raster.CRS{EPSG: 32644}

// utmTestGrid returns a north-up UTM 44N grid of w x h pixels of size px m
// whose top-left corner is (x0, y0).
func utmTestGrid(w, h int, x0, y0, px float64) raster.Grid {
	return raster.Grid{Width: w, Height: h, Transform: raster.Affine{x0, px, 0, y0, 0, -px}, CRS: utm44}
}

// bruteDistance is the test's own distance from (x, y) to a polyline: the
// least, over every segment, of the distance to the segment's nearest point,
// t = clamp(((p-a)·(b-a))/|b-a|², 0, 1) (the orthogonal projection onto the
// segment, e.g. Ericson 2005, "Real-Time Collision Detection", §5.1.2).
func bruteDistance(x, y float64, ml orb.MultiLineString) float64 {
	best := math.Inf(1)
	for _, l := range ml {
		for i := 0; i+1 < len(l); i++ {
			ax, ay := l[i][0], l[i][1]
			bx, by := l[i+1][0], l[i+1][1]
			dx, dy := bx-ax, by-ay
			t := 0.0 // a repeated vertex is a point
			if dx != 0 || dy != 0 {
				t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/(dx*dx+dy*dy)))
			}
			best = math.Min(best, math.Hypot(x-(ax+t*dx), y-(ay+t*dy)))
		}
	}
	return best
}

func signedDistance(t *testing.T, g raster.Grid, line orb.MultiLineString, s Sides) *raster.Band {
	t.Helper()
	b, err := SignedDistance(context.Background(), g, &Border{CRS: g.CRS, Lines: line}, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	return b
}

// distCloseTo accepts the float32 rounding of a float64 distance plus tol
// metres.
func distCloseTo(got float32, want, tol float64) bool {
	return math.Abs(float64(got)-want) <= tol+6e-8*math.Abs(want)
}

// TestSignedDistanceStraightLine: a straight north-south line x = x0 that
// runs far beyond the grid; the distance is |x - x0| (analytic), negative
// west of the line where the point is. The line has only two vertices, far
// from every pixel, so a vertex-only distance would fail.
func TestSignedDistanceStraightLine(t *testing.T) {
	g := utmTestGrid(40, 30, 500000, 4900000, 10)
	x0 := 500123.4
	line := orb.MultiLineString{{{x0, 4800000}, {x0, 5000000}}}
	d := signedDistance(t, g, line, SidesFromPoint(utm44, orb.Point{499000, 4899000}, "W", "E"))
	for r := range g.Height {
		for c := range g.Width {
			x, _ := g.Center(c, r)
			if got := d.At(c, r); !distCloseTo(got, x-x0, 1e-9) {
				t.Fatalf("pixel (%d, %d): %g, want %g", c, r, got, x-x0)
			}
		}
	}
	// Reversing the line or moving the point to the east flips every sign.
	rev := orb.MultiLineString{{{x0, 5000000}, {x0, 4800000}}}
	e := signedDistance(t, g, rev, SidesFromPoint(utm44, orb.Point{501000, 4899000}, "E", "W"))
	for i := range d.Data {
		if e.Data[i] != -d.Data[i] {
			t.Fatalf("pixel %d: %g with the east point, %g with the west", i, e.Data[i], d.Data[i])
		}
	}
}

// TestSignedDistanceLShape: a line going north along x = x0 up to the
// corner (x0, y0), then east along y = y0. Analytically the distance is
// |x - x0| when y <= y0 and x <= x0, |y - y0| when x >= x0 and y >= y0, the
// smaller of the two in the quadrant x > x0, y < y0 (inside the turn), and
// the distance to the corner in the quadrant x < x0, y > y0 (outside it).
// The inside of the turn, where the point is, is negative.
func TestSignedDistanceLShape(t *testing.T) {
	g := utmTestGrid(50, 50, 600000, 4500000, 30)
	x0, y0 := 600701.0, 4499203.0
	line := orb.MultiLineString{{{x0, 4400000}, {x0, y0}, {700000, y0}}}
	d := signedDistance(t, g, line, SidesFromPoint(utm44, orb.Point{x0 + 5, y0 - 500}, "in", "out"))
	for r := range g.Height {
		for c := range g.Width {
			x, y := g.Center(c, r)
			var want float64
			switch {
			case x > x0 && y < y0:
				want = -math.Min(x-x0, y0-y)
			case x < x0 && y > y0:
				want = math.Hypot(x-x0, y-y0)
			case x <= x0:
				want = x0 - x
			default:
				want = y - y0
			}
			if got := d.At(c, r); !distCloseTo(got, want, 1e-9) {
				t.Fatalf("pixel (%d, %d) at (%g, %g): %g, want %g", c, r, x, y, got, want)
			}
		}
	}
}

// TestSignedDistanceCornerTouch: an L whose corner vertex is exactly the
// top-left corner of the grid, both arms outside it. Every pixel's nearest
// point is that vertex, so the distance is the distance to it, and every
// pixel is on the side of the point placed inside the grid (the vertex
// pseudo-normal rule).
func TestSignedDistanceCornerTouch(t *testing.T) {
	g := utmTestGrid(25, 20, 400000, 4700000, 20)
	cx, cy := 400000.0, 4700000.0
	line := orb.MultiLineString{{{cx - 3000, cy}, {cx, cy}, {cx, cy + 3000}}}
	d := signedDistance(t, g, line, SidesFromPoint(utm44, orb.Point{cx + 100, cy - 300}, "grid", "outside"))
	for r := range g.Height {
		for c := range g.Width {
			x, y := g.Center(c, r)
			want := -math.Hypot(x-cx, y-cy)
			if got := d.At(c, r); !distCloseTo(got, want, 1e-9) {
				t.Fatalf("pixel (%d, %d): %g, want %g", c, r, got, want)
			}
		}
	}
}

// randomStar returns a closed ring around (cx, cy) with n vertices at
// random radii between rmin and rmax: a star-shaped, simple polygon.
func randomStar(rng *rand.Rand, cx, cy, rmin, rmax float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + 0.8*rng.Float64()) / float64(n)
		r := rmin + (rmax-rmin)*rng.Float64()
		ring = append(ring, orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// TestSignedDistanceBruteForce compares the distances on rotated and
// north-up grids with bruteDistance for random open polylines and random
// closed star-shaped rings. For the rings the sign is checked against
// containment (orb/planar.RingContains, even-odd ray casting): the point
// is inside, so inside is negative.
func TestSignedDistanceBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2026))
	grids := []raster.Grid{
		utmTestGrid(61, 47, 300000, 4600000, 25),
		// Rotated by 30° with unequal pixel sides.
		{Width: 53, Height: 41, Transform: raster.Affine{300000, 25 * math.Cos(math.Pi/6), 18 * math.Sin(math.Pi/6),
			4600000, 25 * math.Sin(math.Pi/6), -18 * math.Cos(math.Pi/6)}, CRS: utm44},
	}
	for gi, g := range grids {
		bd := g.Bounds()
		cx, cy := (bd.Min[0]+bd.Max[0])/2, (bd.Min[1]+bd.Max[1])/2
		for trial := range 6 {
			// An open polyline wandering across (and beyond) the grid.
			var l orb.LineString
			n := 3 + rng.IntN(40)
			for range n {
				l = append(l, orb.Point{cx + (rng.Float64()-0.5)*3000, cy + (rng.Float64()-0.5)*3000})
			}
			line := orb.MultiLineString{l}
			if trial%2 == 1 { // two parts
				line = orb.MultiLineString{l[:n/2+1], {{cx - 2000, cy + 900}, {cx + 100, cy - 50}, {cx + 2000, cy + 700}}}
			}
			d := signedDistance(t, g, line, SidesFromPoint(utm44, orb.Point{cx + 1e4, cy}, "a", "b"))
			for r := range g.Height {
				for c := range g.Width {
					x, y := g.Center(c, r)
					if want := bruteDistance(x, y, line); !distCloseTo(float32(math.Abs(float64(d.At(c, r)))), want, 1e-7) {
						t.Fatalf("grid %d trial %d pixel (%d, %d): |%g|, brute force %g", gi, trial, c, r, d.At(c, r), want)
					}
				}
			}
			// A closed ring: sign by containment.
			ring := randomStar(rng, cx+(rng.Float64()-0.5)*300, cy+(rng.Float64()-0.5)*300, 100, 900, 5+rng.IntN(60))
			closed := orb.MultiLineString{orb.LineString(ring)}
			if trial%3 == 2 {
				rev := orb.LineString(ring.Clone())
				rev.Reverse()
				closed = orb.MultiLineString{rev}
			}
			centre := orb.Point{(ring[0][0] + cx) / 2, (ring[0][1] + cy) / 2}
			for !planar.RingContains(ring, centre) {
				centre = orb.Point{(centre[0] + cx) / 2, (centre[1] + cy) / 2}
			}
			d = signedDistance(t, g, closed, SidesFromPoint(utm44, centre, "in", "out"))
			for r := range g.Height {
				for c := range g.Width {
					x, y := g.Center(c, r)
					want := bruteDistance(x, y, closed)
					if planar.RingContains(ring, orb.Point{x, y}) {
						want = -want
					}
					if got := d.At(c, r); !distCloseTo(got, want, 1e-7) {
						t.Fatalf("grid %d ring %d pixel (%d, %d): %g, brute force with containment %g", gi, trial, c, r, got, want)
					}
				}
			}
		}
	}
}

// TestSignedDistanceCores: the same answer, bit for bit, on 1 and on all
// cores, for a grid of many tiles.
func TestSignedDistanceCores(t *testing.T) {
	g := utmTestGrid(700, 300, 300000, 4600000, 5)
	rng := rand.New(rand.NewPCG(1, 2))
	var l orb.LineString
	for range 200 {
		l = append(l, orb.Point{300000 + rng.Float64()*3500, 4600000 - rng.Float64()*1500})
	}
	line := orb.MultiLineString{l}
	s := SidesFromPoint(utm44, orb.Point{290000, 4590000}, "a", "b")
	all := signedDistance(t, g, line, s)
	prev := runtimeSetProcs(1)
	one := signedDistance(t, g, line, s)
	runtimeSetProcs(prev)
	for i := range all.Data {
		if math.Float32bits(all.Data[i]) != math.Float32bits(one.Data[i]) {
			t.Fatalf("pixel %d: %g on all cores, %g on one", i, all.Data[i], one.Data[i])
		}
	}
	for i := 0; i < len(all.Data); i += 997 {
		x, y := g.Center(i%g.Width, i/g.Width)
		if want := bruteDistance(x, y, line); !distCloseTo(float32(math.Abs(float64(all.Data[i]))), want, 1e-7) {
			t.Fatalf("pixel %d: %g, brute force %g", i, all.Data[i], want)
		}
	}
}

// TestSignedDistanceCancel: a cancelled context stops the computation with
// its error.
func TestSignedDistanceCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := utmTestGrid(300, 300, 300000, 4600000, 5)
	_, err := SignedDistance(ctx, g, &Border{CRS: utm44, Lines: orb.MultiLineString{{{0, 0}, {1, 1}}}},
		SidesFromPoint(utm44, orb.Point{5, 0}, "a", "b"))
	if err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// TestSignedDistanceErrors: bad input is an error that says what is wrong.
func TestSignedDistanceErrors(t *testing.T) {
	g := utmTestGrid(10, 10, 300000, 4600000, 5)
	line := &Border{CRS: utm44, Lines: orb.MultiLineString{{{300000, 4500000}, {300000, 4700000}}}}
	pt := SidesFromPoint(utm44, orb.Point{299000, 4600000}, "a", "b")
	cases := []struct {
		name string
		g    raster.Grid
		b    *Border
		s    Sides
	}{
		{"empty grid", raster.Grid{CRS: utm44}, line, pt},
		{"huge grid", utmTestGrid(1<<20, 1<<20, 0, 0, 1), line, pt},
		{"singular transform", raster.Grid{Width: 2, Height: 2, CRS: utm44}, line, pt},
		{"grid without CRS", raster.Grid{Width: 2, Height: 2, Transform: raster.Affine{0, 1, 0, 0, 0, -1}}, line, pt},
		{"nil border", g, nil, pt},
		{"point on the line", g, line, SidesFromPoint(utm44, orb.Point{300000, 4600000}, "a", "b")},
		{"no sides", g, line, Sides{}},
		{"one area", g, line, Sides{CRS: utm44, Negative: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}},
		{"NaN point", g, line, SidesFromPoint(utm44, orb.Point{math.NaN(), 0}, "a", "b")},
		{"border CRS unknown", g, &Border{CRS: raster.CRS{Definition: "nonsense"}, Lines: line.Lines}, pt},
	}
	for _, c := range cases {
		if _, err := SignedDistance(context.Background(), c.g, c.b, c.s); err == nil {
			t.Errorf("%s: no error", c.name)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
}

func runtimeSetProcs(n int) int { return runtime.GOMAXPROCS(n) }

// TestSignedDistanceWindows: computing windows of the grid gives the values
// of the whole grid, with a point and with areas as sides: bit for bit with
// 7 m pixels (exact window origins), within 1e-6 m with 7.3 m pixels.
func TestSignedDistanceWindows(t *testing.T) {
	for _, px := range []float64{7, 7.3} {
		testWindows(t, utmTestGrid(300, 260, 300000, 4600000, px), px == 7)
	}
}

func testWindows(t *testing.T, g raster.Grid, exact bool) {
	line := orb.MultiLineString{{{300100, 4598000}, {301000, 4599500}, {301200, 4598200}, {302500, 4599000}}}
	neg := orb.MultiPolygon{{{{299000, 4590000}, {301500, 4590000}, {301500, 4601000}, {299000, 4601000}, {299000, 4590000}}}}
	pos := orb.MultiPolygon{{{{301500, 4590000}, {304000, 4590000}, {304000, 4601000}, {301500, 4601000}, {301500, 4590000}}}}
	for _, s := range []Sides{
		SidesFromPoint(utm44, orb.Point{300000, 4590000}, "a", "b"),
		{NegativeName: "a", PositiveName: "b", CRS: utm44, Negative: neg, Positive: pos},
	} {
		whole := signedDistance(t, g, line, s)
		for _, r := range []image.Rectangle{image.Rect(0, 0, 300, 1), image.Rect(17, 33, 180, 250), image.Rect(299, 259, 300, 260), image.Rect(128, 0, 257, 260)} {
			wg, err := g.Window(r)
			if err != nil {
				t.Fatal(err)
			}
			part := signedDistance(t, wg, line, s)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					a, b := whole.At(x, y), part.At(x-r.Min.X, y-r.Min.Y)
					if exact && math.Float32bits(a) != math.Float32bits(b) || !distCloseTo(b, float64(a), 1e-6) {
						t.Fatalf("window %v pixel (%d, %d): %g, whole grid %g", r, x, y, b, a)
					}
				}
			}
		}
	}
}

// TestSignedDistanceJoinsParts: a line cut into pieces given in shuffled
// order and mixed directions gives the distances and signs of the whole
// line, including at the joints (where the side rule needs both segments).
func TestSignedDistanceJoinsParts(t *testing.T) {
	g := utmTestGrid(80, 70, 300000, 4600000, 10)
	l := orb.LineString{{299900, 4599000}, {300300, 4599600}, {300350, 4599300}, {300500, 4599700}, {300700, 4599200}, {300900, 4599800}}
	s := SidesFromPoint(utm44, orb.Point{300800, 4599100}, "a", "b")
	whole := signedDistance(t, g, orb.MultiLineString{l}, s)
	pieces := orb.MultiLineString{reversed(l[3:]), l[1:3], reversed(l[:2]), reversed(l[2:4])}
	joined := signedDistance(t, g, pieces, s)
	for i := range whole.Data {
		if !distCloseTo(joined.Data[i], float64(whole.Data[i]), 1e-9) {
			t.Fatalf("pixel %d: %g from the pieces, %g from the whole line", i, joined.Data[i], whole.Data[i])
		}
	}
	if got := joinParts(pieces); len(got) != 1 || len(got[0]) != len(l) {
		t.Errorf("joined into %v", got)
	}
	// A closed ring in two halves becomes one closed chain.
	ring := orb.LineString{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	if got := joinParts(orb.MultiLineString{ring[:3], reversed(ring[2:])}); len(got) != 1 || got[0][0] != got[0][len(got[0])-1] || len(got[0]) != 5 {
		t.Errorf("ring halves joined into %v", got)
	}
}

// FuzzSignedDistance builds a polyline (vertices snapped to a coarse
// lattice, so that collinear, overlapping and repeated points are common)
// and a small, possibly rotated grid from the fuzzer's numbers, and checks
// every pixel's distance against bruteDistance.
func FuzzSignedDistance(f *testing.F) {
	f.Add(uint64(1), uint8(5), 10.0, 0.3, 100.0)
	f.Add(uint64(7), uint8(40), 1.0, 0.0, 5000.0)
	f.Add(uint64(3), uint8(2), 0.01, 1.2, 1.0)
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, px, angle, spread float64) {
		if !(px > 1e-3 && px < 1e4) || !(spread > 1e-3 && spread < 1e6) || math.IsNaN(angle) || math.IsInf(angle, 0) {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 99))
		var l orb.LineString
		for range 2 + int(n)%60 {
			// Grid-snapped vertices make collinear and repeated points likely.
			l = append(l, orb.Point{500000 + math.Round(rng.NormFloat64()*4)*spread/4, 4e6 + math.Round(rng.NormFloat64()*4)*spread/4})
		}
		line := orb.MultiLineString{l}
		if _, err := cleanLine(l, false); err != nil {
			return
		}
		cs, sn := math.Cos(angle), math.Sin(angle)
		g := raster.Grid{Width: 23, Height: 19, Transform: raster.Affine{500000 - 10*px, px * cs, px * sn, 4e6 + 10*px, px * sn, -px * cs}, CRS: utm44}
		d, err := SignedDistance(context.Background(), g, &Border{CRS: utm44, Lines: line}, SidesFromPoint(utm44, orb.Point{1e5, 1e5}, "a", "b"))
		if err != nil {
			return // the point may lie on the line's extension
		}
		for r := range g.Height {
			for c := range g.Width {
				x, y := g.Center(c, r)
				want := bruteDistance(x, y, line)
				if !distCloseTo(float32(math.Abs(float64(d.At(c, r)))), want, 1e-9*(spread+px*30)) {
					t.Fatalf("pixel (%d, %d): |%g|, brute force %g", c, r, d.At(c, r), want)
				}
			}
		}
	})
}
