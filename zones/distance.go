package zones

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// Densification applied when the side polygons (and, for a geographic grid,
// a projected border) are transformed into another CRS: edges longer than
// this are split first, so that the straight edges of the source (RFC 7946:
// straight in the source coordinates) stay faithful once transformed; at
// 0.001° (about 100 m) the image of a straight longitude/latitude edge
// departs from its chords by less than 1 mm in UTM.
const (
	densifyDegrees = 0.001
	densifyMetres  = 100.0
)

// maxDistancePixels bounds the size of the grid SignedDistance fills
// (2^31 pixels, 8 GiB of float32), so that a corrupt grid is an error rather
// than an attempt to allocate without limit.
const maxDistancePixels = 1 << 31

// SignedDistance returns, for every pixel of g, the distance in metres from
// the pixel centre to the nearest point of the border line, negative on the
// negative side and positive on the positive side given by s (see Sides).
// The result is a float32 band named "signed distance" on g; pixels whose side
// is unknown (with areas: centres in neither or both areas) are NaN.
//
// Projected grids get the exact Euclidean distance in the grid's CRS to the
// line: the distance to the nearest point of every segment, not only to the
// vertices. A border in another CRS is transformed with raster/crs, each of
// its edges (straight in its own CRS, RFC 7946) represented by chords that
// stay within 1 cm of the edge's exact image (the edge is halved until the
// image of its midpoint is within 1 cm of the chord's). Apart from that
// representation the only errors are float64 rounding and the conversion to
// float32 (a relative 6e-8).
//
// Longitude/latitude grids get the geodesic distance on the WGS 84
// ellipsoid from the pixel centre to the line, whose edges are straight in
// longitude/latitude (RFC 7946). The nearest point is
// found in a transverse Mercator projection with scale 1 on the grid's
// central meridian (Karney 2011, through raster/crs; the edges represented
// there by chords within 1 cm, as above), where the projection
// is conformal, so the geodesic that meets the line at right angles is
// nearly straight; every segment whose projected distance is within the
// projection's scale error of the nearest one is then measured with the
// geodesic inverse (crs.GeodesicDistance, Vincenty 1975, 0.1 mm) from the
// pixel centre to its projected foot point, and the least distance is kept.
// Misplacing the foot point by δ along the line changes the distance by
// about δ²/(2d); δ grows as d²·x/(2R²) (x: distance from the central
// meridian, R: Earth radius), so the error stays below 1 mm for distances
// under 50 km on grids spanning up to ±3° of longitude. Against a
// brute-force geodesic search with GeographicLib
// (testdata/border_geodesic_golden.json) the float64 distances agree within
// 0.05 mm, the golden's rounding, out to 90 km on a grid 1.95° wide. Grids
// must span less than 90° of longitude on either side of their centre and
// not cross the antimeridian. The geodesic inverse dominates the cost:
// about 2.4 µs of CPU per pixel (BenchmarkSignedDistanceGeodesic), some 30
// times the projected case.
//
// Side rule without areas: the sign of a pixel is the side of the line its
// nearest point lies on. When the nearest point is inside a segment, that
// is the side of the segment (left or right of its direction); at a vertex
// shared by two segments it is the side given by the sum of the two
// segments' unit normals (the angle-weighted pseudo-normal of Bærentzen and
// Aanæs 2005, "Signed distance computation using the angle weighted
// pseudonormal", IEEE TVCG 11(3):243–253, in two dimensions), which is exact
// for every pixel whose nearest point is that vertex; at the free end of an
// open line it is the side of the end segment's extension. Parts that meet
// end to end are first joined into one chain (reversing parts as needed, as
// PostGIS's ST_LineMerge), so a border drawn in pieces of any direction is
// handled; a chain whose last vertex equals its first is closed. Chains that
// do not touch are each taken in their own direction, so they must share an
// orientation (the negative side on the same hand). A pixel on the line gets
// 0.
//
// The search is exact and fast: the grid is cut into tiles of 128 x 128
// pixels, processed on all cores; in each tile a quadtree keeps only the
// segments whose distance to the node's box is not more than the least
// upper bound any segment gives for the node, down to 8 x 8 pixels, where
// each pixel measures the segments left in order of their lower bound,
// stopping when none can be nearer. A 10980 x 10980 UTM grid against the
// Khorgos line (47 vertices, 372 segments once transformed) takes about
// 4.4 s of CPU, 2.8 s on two cores (BenchmarkSignedDistanceS2). The
// answer does not depend on the number of cores (each pixel is computed
// alone, ties between equally near segments go to the lower segment index).
// ctx is checked between tiles.
//
// For bounded memory, compute window by window: SignedDistance on
// g.Window(r) gives the values of window r of the whole grid, since every
// pixel is computed from its own centre (bit for bit when the window's
// origin is exact in float64, as for whole-metre pixel sizes; otherwise to
// the rounding of the pixel centres' coordinates).
func SignedDistance(ctx context.Context, g raster.Grid, b *Border, s Sides) (*raster.Band, error) {
	e, err := newDistanceEngine(g, b, s)
	if err != nil {
		return nil, err
	}
	out := &raster.Band{Grid: g, Name: "signed distance", Data: make([]float32, g.Width*g.Height)}
	if err := e.run(ctx, out.Data); err != nil {
		return nil, err
	}
	if e.areas != nil {
		if err := e.applyAreas(ctx, out.Data); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lineSeg is one segment of the border in the working plane (the grid's
// CRS, or the local transverse Mercator of a geographic grid).
type lineSeg struct {
	ax, ay, bx, by float64
	dx, dy, len2   float64
	inv2           float64 // 1/len2
	// prev and next are the segments sharing the start and end vertex, -1
	// at the free end of an open part.
	prev, next int32
	// alon, alat, blon, blat are the end points in longitude/latitude
	// (geodesic mode only).
	alon, alat, blon, blat float64
}

// distanceEngine holds everything a worker needs.
type distanceEngine struct {
	g    raster.Grid
	segs []lineSeg
	// geo is the local transverse Mercator of a geographic grid; nil for
	// projected grids.
	geo *crs.CRS
	// rel and abs widen the pruning threshold: exactly enough for rounding
	// in planar mode, by the projection's scale error in geodesic mode.
	rel, abs float64
	// orient is +1 or -1: the sign of the left side of the line (point
	// mode); 0 when areas decide the sign.
	orient float64
	// areas holds the side polygons' edges in pixel coordinates.
	areas *sideEdges
}

type sideEdges struct{ neg, pos []sideEdge }

func newDistanceEngine(g raster.Grid, b *Border, s Sides) (*distanceEngine, error) {
	if g.Width <= 0 || g.Height <= 0 {
		return nil, fmt.Errorf("zones: signed distance: empty grid %v", g)
	}
	if int64(g.Width)*int64(g.Height) > maxDistancePixels {
		return nil, fmt.Errorf("zones: signed distance: grid %v has more than %d pixels", g, int64(maxDistancePixels))
	}
	if b == nil || len(b.Lines) == 0 {
		return nil, fmt.Errorf("zones: signed distance: the border has no line")
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	for i, v := range g.Transform {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("zones: signed distance: grid %v: geotransform term %d is %g", g, i, v)
		}
	}
	inv, err := g.Transform.Invert()
	if err != nil {
		return nil, fmt.Errorf("zones: signed distance: grid %v: %w", g, err)
	}
	gc, err := crs.FromRaster(g.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: signed distance: grid %v: %w", g, err)
	}
	bc, err := crs.FromRaster(b.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: signed distance: border CRS %v: %w", b.CRS, err)
	}
	e := &distanceEngine{g: g, rel: 1e-9, abs: 1e-6}
	parts := joinParts(b.Lines)
	var work, lonlat orb.MultiLineString
	switch {
	case gc.IsGeographic():
		// Longitude/latitude edges, then chords in the local projection.
		ll, err := transformGeometry(parts, bc, gc)
		if err != nil {
			return nil, fmt.Errorf("zones: signed distance: border line to %v: %w", g.CRS, err)
		}
		if err := e.setupGeodesic(ll.(orb.MultiLineString)); err != nil {
			return nil, err
		}
		if work, lonlat, err = chordLines(ll.(orb.MultiLineString), e.geo.Forward, chordTolerance); err != nil {
			return nil, fmt.Errorf("zones: signed distance: border line: %w", err)
		}
	case bc.Equal(gc):
		work = parts
	default:
		tr, err := crs.NewTransformer(bc, gc)
		if err != nil {
			return nil, fmt.Errorf("zones: signed distance: border line to %v: %w", g.CRS, err)
		}
		if work, _, err = chordLines(parts, tr.Transform, chordTolerance); err != nil {
			return nil, fmt.Errorf("zones: signed distance: border line to %v: %w", g.CRS, err)
		}
	}
	if err := e.buildSegments(work, lonlat); err != nil {
		return nil, err
	}
	if s.byAreas() {
		sc, err := crs.FromRaster(s.CRS)
		if err != nil {
			return nil, fmt.Errorf("zones: signed distance: CRS %v of the sides: %w", s.CRS, err)
		}
		neg, err := transformGeometry(s.Negative, sc, gc)
		if err != nil {
			return nil, fmt.Errorf("zones: signed distance: side %q to %v: %w", s.NegativeName, g.CRS, err)
		}
		pos, err := transformGeometry(s.Positive, sc, gc)
		if err != nil {
			return nil, fmt.Errorf("zones: signed distance: side %q to %v: %w", s.PositiveName, g.CRS, err)
		}
		e.areas = &sideEdges{neg: pixelEdges(neg.(orb.MultiPolygon), inv), pos: pixelEdges(pos.(orb.MultiPolygon), inv)}
		return e, nil
	}
	sc, err := crs.FromRaster(s.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: signed distance: CRS %v of the point on the negative side: %w", s.CRS, err)
	}
	pg, err := transformGeometry(s.Point, sc, gc)
	if err != nil {
		return nil, fmt.Errorf("zones: signed distance: point on the negative side to %v: %w", g.CRS, err)
	}
	px, py := pg.(orb.Point)[0], pg.(orb.Point)[1]
	if e.geo != nil {
		if px, py, err = e.geo.Forward(px, py); err != nil {
			return nil, fmt.Errorf("zones: signed distance: point on the negative side: %w", err)
		}
	}
	k, t, _ := e.nearestAll(px, py)
	side := e.side(k, t, px, py)
	if side == 0 {
		return nil, fmt.Errorf("zones: signed distance: the point (%g, %g) on the negative side lies on the border line", s.Point[0], s.Point[1])
	}
	if side > 0 {
		e.orient = -1 // the point is on the left: left is negative
	} else {
		e.orient = 1
	}
	return e, nil
}

// transformGeometry takes g from CRS src to dst, densifying its edges when
// the CRSs differ. It returns a copy.
func transformGeometry(g orb.Geometry, src, dst *crs.CRS) (orb.Geometry, error) {
	if src.Equal(dst) && !dst.IsGeographic() {
		return orb.Clone(g), nil
	}
	tr, err := crs.NewTransformer(src, dst)
	if err != nil {
		return nil, err
	}
	seg := densifyMetres
	if src.IsGeographic() {
		seg = densifyDegrees
	}
	return tr.Geometry(g, seg)
}

// setupGeodesic chooses the local transverse Mercator of a geographic grid
// and the pruning slack its scale error needs.
func (e *distanceEngine) setupGeodesic(ml orb.MultiLineString) error {
	bd := e.g.Bounds()
	lon0 := (bd.Min[0] + bd.Max[0]) / 2
	if bd.Max[0]-bd.Min[0] >= 180 {
		return fmt.Errorf("zones: signed distance: grid %v spans %g° of longitude; at most 180° (and no antimeridian) is supported", e.g, bd.Max[0]-bd.Min[0])
	}
	tm, err := crs.New("local transverse Mercator", crs.TransverseMercator, crs.WGS84Ellipsoid, crs.DatumWGS84, crs.Params{Lon0: lon0, K0: 1})
	if err != nil {
		return fmt.Errorf("zones: signed distance: grid %v: %w", e.g, err)
	}
	e.geo = tm
	// The point scale of transverse Mercator is k ≈ 1 + x²/(2R²) at a
	// distance x from the central meridian (Snyder 1987, eq. 8-11); planar
	// and geodesic distances differ by at most that factor, so every
	// segment within a relative x²/R² of the nearest is measured
	// geodesically. 1 m covers the chords of the densified edges.
	xmax := 0.0
	check := func(lon, lat float64) error {
		x, _, err := tm.Forward(lon, lat)
		if err != nil {
			return err
		}
		xmax = math.Max(xmax, math.Abs(x))
		return nil
	}
	for _, c := range []orb.Point{bd.Min, bd.Max, {bd.Min[0], bd.Max[1]}, {bd.Max[0], bd.Min[1]}} {
		if err := check(c[0], math.Max(-89.999, math.Min(89.999, c[1]))); err != nil {
			return fmt.Errorf("zones: signed distance: grid %v: %w", e.g, err)
		}
	}
	for _, l := range ml {
		for _, p := range l {
			if err := check(p[0], p[1]); err != nil {
				return fmt.Errorf("zones: signed distance: border vertex (%g, %g): %w", p[0], p[1], err)
			}
		}
	}
	const r = 6371008.8 // mean Earth radius, m
	e.rel = 2*xmax*xmax/(r*r) + 1e-6
	e.abs = 1
	return nil
}

// chordTolerance is how far (metres) the chords that represent a
// transformed border edge may depart from the edge's exact image.
const chordTolerance = 0.01

// maxChordDepth bounds the halving of one edge in chordLines (2^16 chords).
const maxChordDepth = 16

// chordLines maps the parts of ml with fwd, representing each edge (straight
// in the source) by chords in the target: an edge is halved at its source
// midpoint, recursively, until the image of the midpoint lies within tol of
// the chord's midpoint. It returns the target polylines and the source
// points of their vertices.
func chordLines(ml orb.MultiLineString, fwd func(x, y float64) (float64, float64, error), tol float64) (dst, src orb.MultiLineString, err error) {
	for _, l := range ml {
		var d, s orb.LineString
		var ax, ay float64
		var rec func(a, b orb.Point, bx, by float64, depth int) error
		rec = func(a, b orb.Point, bx, by float64, depth int) error {
			m := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
			mx, my, err := fwd(m[0], m[1])
			if err != nil {
				return fmt.Errorf("point (%g, %g): %w", m[0], m[1], err)
			}
			if depth < maxChordDepth && math.Hypot(mx-(ax+bx)/2, my-(ay+by)/2) > tol {
				if err := rec(a, m, mx, my, depth+1); err != nil {
					return err
				}
				return rec(m, b, bx, by, depth+1)
			}
			d = append(d, orb.Point{bx, by})
			s = append(s, b)
			ax, ay = bx, by
			return nil
		}
		for i, p := range l {
			x, y, err := fwd(p[0], p[1])
			if err != nil {
				return nil, nil, fmt.Errorf("vertex (%g, %g): %w", p[0], p[1], err)
			}
			if i == 0 {
				d, s = orb.LineString{{x, y}}, orb.LineString{p}
				ax, ay = x, y
				continue
			}
			if err := rec(l[i-1], p, x, y, 0); err != nil {
				return nil, nil, err
			}
		}
		dst, src = append(dst, d), append(src, s)
	}
	return dst, src, nil
}

// buildSegments turns the parts of the line in the working plane into
// segments; lonlat holds the same vertices in longitude/latitude in
// geodesic mode, and is nil otherwise.
func (e *distanceEngine) buildSegments(ml, lonlat orb.MultiLineString) error {
	for pi, l := range ml {
		// Drop repeats the transformation may have produced.
		pts := make([]orb.Point, 0, len(l))
		var lls []orb.Point
		for i, p := range l {
			if len(pts) == 0 || pts[len(pts)-1] != p {
				pts = append(pts, p)
				if lonlat != nil {
					lls = append(lls, lonlat[pi][i])
				}
			}
		}
		if len(pts) < 2 {
			continue
		}
		closed := len(pts) > 3 && pts[0] == pts[len(pts)-1]
		first := int32(len(e.segs))
		for i := 0; i+1 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			s := lineSeg{prev: int32(len(e.segs)) - 1, next: int32(len(e.segs)) + 1}
			if i == 0 {
				s.prev = -1
			}
			if i+2 == len(pts) {
				s.next = -1
			}
			s.ax, s.ay, s.bx, s.by = a[0], a[1], b[0], b[1]
			if lls != nil {
				s.alon, s.alat, s.blon, s.blat = lls[i][0], lls[i][1], lls[i+1][0], lls[i+1][1]
			}
			s.dx, s.dy = s.bx-s.ax, s.by-s.ay
			s.len2 = s.dx*s.dx + s.dy*s.dy
			s.inv2 = 1 / s.len2
			if !(s.len2 > 0) || math.IsInf(s.len2, 0) {
				return fmt.Errorf("zones: signed distance: border part %d, segment %d has length %g in %v", pi+1, i+1, math.Sqrt(s.len2), e.g.CRS)
			}
			e.segs = append(e.segs, s)
		}
		if closed {
			last := int32(len(e.segs)) - 1
			e.segs[first].prev = last
			e.segs[last].next = first
		}
	}
	if len(e.segs) == 0 {
		return fmt.Errorf("zones: signed distance: the border has no segment")
	}
	if len(e.segs) >= math.MaxInt32 {
		return fmt.Errorf("zones: signed distance: the border has %d segments", len(e.segs))
	}
	return nil
}

// foot returns the parameter t in [0, 1] of the point of segment s nearest
// to (x, y), and the squared distance to it. The nearest point at t = 0 or 1
// is the vertex itself, so a vertex shared by two segments is at exactly the
// same distance from both.
func (s *lineSeg) foot(x, y float64) (t, d2 float64) {
	t = ((x-s.ax)*s.dx + (y-s.ay)*s.dy) / s.len2
	var qx, qy float64
	switch {
	case t <= 0:
		t, qx, qy = 0, s.ax, s.ay
	case t >= 1:
		t, qx, qy = 1, s.bx, s.by
	default:
		qx, qy = s.ax+t*s.dx, s.ay+t*s.dy
	}
	qx -= x
	qy -= y
	return t, qx*qx + qy*qy
}

// nearestAll finds the nearest segment by trying them all.
func (e *distanceEngine) nearestAll(x, y float64) (k int32, t, d2 float64) {
	d2 = math.Inf(1)
	for i := range e.segs {
		ti, di := e.segs[i].foot(x, y)
		if di < d2 {
			k, t, d2 = int32(i), ti, di
		}
	}
	return k, t, d2
}

// side returns a value whose sign is the side of (x, y): positive on the
// left of the line's direction, negative on the right, 0 when undecided (on
// the line). k and t give the nearest point.
func (e *distanceEngine) side(k int32, t, x, y float64) float64 {
	s := &e.segs[k]
	cross := s.dx*(y-s.ay) - s.dy*(x-s.ax)
	var o *lineSeg
	var vx, vy float64
	switch {
	case t <= 0 && s.prev >= 0:
		o, vx, vy = &e.segs[s.prev], s.ax, s.ay
	case t >= 1 && s.next >= 0:
		o, vx, vy = &e.segs[s.next], s.bx, s.by
	default:
		return cross
	}
	// Pseudo-normal at the shared vertex: the sum of the two unit left
	// normals (-dy, dx)/|d|.
	l1, l2 := math.Sqrt(s.len2), math.Sqrt(o.len2)
	nx := -s.dy/l1 - o.dy/l2
	ny := s.dx/l1 + o.dx/l2
	if v := nx*(x-vx) + ny*(y-vy); v != 0 {
		return v
	}
	return cross
}

// box is an axis-aligned box in the working plane.
type box struct{ minx, miny, maxx, maxy float64 }

// dist2Point returns the squared distance from the box to (x, y).
func (b *box) dist2Point(x, y float64) float64 {
	dx := max(b.minx-x, x-b.maxx, 0)
	dy := max(b.miny-y, y-b.maxy, 0)
	return dx*dx + dy*dy
}

// dist2Seg returns the squared distance between the box and segment s: 0
// when they meet (Liang–Barsky clipping), otherwise the least of the
// distances from the segment's end points to the box and from the box's
// corners to the segment. When the distance between the box and the
// segment's bounding box (a lower bound) already exceeds limit2, that lower
// bound is returned instead.
func (b *box) dist2Seg(s *lineSeg, limit2 float64) float64 {
	dx := max(b.minx-max(s.ax, s.bx), min(s.ax, s.bx)-b.maxx, 0)
	dy := max(b.miny-max(s.ay, s.by), min(s.ay, s.by)-b.maxy, 0)
	if lb := dx*dx + dy*dy; lb > limit2 {
		return lb
	}
	t0, t1 := 0.0, 1.0
	clip := func(p, q float64) bool { // p*t <= q
		if p == 0 {
			return q >= 0
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			t0 = max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = min(t1, r)
		}
		return true
	}
	if clip(-s.dx, s.ax-b.minx) && clip(s.dx, b.maxx-s.ax) && clip(-s.dy, s.ay-b.miny) && clip(s.dy, b.maxy-s.ay) && t0 <= t1 {
		return 0
	}
	d := min(b.dist2Point(s.ax, s.ay), b.dist2Point(s.bx, s.by))
	for _, c := range [4][2]float64{{b.minx, b.miny}, {b.maxx, b.miny}, {b.minx, b.maxy}, {b.maxx, b.maxy}} {
		_, dc := s.foot(c[0], c[1])
		d = min(d, dc)
	}
	return d
}

const (
	tileSize = 128
	leafArea = 64
)

// tileWork is one worker's scratch space.
type tileWork struct {
	x0, y0 int       // tile origin (col, row)
	w      int       // tile width
	px, py []float64 // working-plane centres of the tile's pixels
	lon    []float64 // geodesic mode: longitude/latitude of the centres
	lat    []float64
	cands  [][]int32   // candidate lists, one per quadtree depth
	lbs    [][]float64 // their squared lower bounds
	order  []int       // leaf scratch: candidates by lower bound
	out    []float32
}

// run fills out with the distances (signed by the side rule when there are
// no areas, unsigned otherwise).
func (e *distanceEngine) run(ctx context.Context, out []float32) error {
	g := e.g
	tx, ty := (g.Width+tileSize-1)/tileSize, (g.Height+tileSize-1)/tileSize
	ntiles := tx * ty
	workers := min(runtime.GOMAXPROCS(0), ntiles)
	all := make([]int32, len(e.segs))
	for i := range all {
		all[i] = int32(i)
	}
	var next atomic.Int64
	errs := make([]error, ntiles)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &tileWork{
				px: make([]float64, tileSize*tileSize), py: make([]float64, tileSize*tileSize),
				cands: make([][]int32, 16), out: out,
			}
			if e.geo != nil {
				w.lon = make([]float64, tileSize*tileSize)
				w.lat = make([]float64, tileSize*tileSize)
			}
			w.lbs = make([][]float64, len(w.cands))
			for i := range w.cands {
				w.cands[i] = make([]int32, 0, len(e.segs))
				w.lbs[i] = make([]float64, 0, len(e.segs))
			}
			for {
				i := int(next.Add(1) - 1)
				if i >= ntiles || failed.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
				c0, r0 := (i%tx)*tileSize, (i/tx)*tileSize
				c1, r1 := min(c0+tileSize, g.Width), min(r0+tileSize, g.Height)
				if err := e.tile(w, c0, r0, c1, r1, all); err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstError(errs)
}

// firstError returns the error of the lowest-numbered tile, so that the
// error reported does not depend on scheduling.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// tile computes the pixels of one tile.
func (e *distanceEngine) tile(w *tileWork, c0, r0, c1, r1 int, all []int32) error {
	w.x0, w.y0, w.w = c0, r0, c1-c0
	a := e.g.Transform
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			i := (r-r0)*w.w + (c - c0)
			x, y := a.Apply(float64(c)+0.5, float64(r)+0.5)
			if e.geo != nil {
				w.lon[i], w.lat[i] = x, y
				var err error
				if x, y, err = e.geo.Forward(x, y); err != nil {
					return fmt.Errorf("zones: signed distance: pixel (%d, %d) at (%g, %g): %w", c, r, w.lon[i], w.lat[i], err)
				}
			}
			w.px[i], w.py[i] = x, y
		}
	}
	return e.node(w, c0, r0, c1, r1, all, 0)
}

// nodeBox returns the bounding box of the working-plane centres of the
// pixels in [c0, c1) x [r0, r1).
func (e *distanceEngine) nodeBox(w *tileWork, c0, r0, c1, r1 int) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	add := func(i int) {
		b.minx = min(b.minx, w.px[i])
		b.maxx = max(b.maxx, w.px[i])
		b.miny = min(b.miny, w.py[i])
		b.maxy = max(b.maxy, w.py[i])
	}
	idx := func(c, r int) int { return (r-w.y0)*w.w + (c - w.x0) }
	if e.geo == nil {
		// An affine image of a rectangle of centres: the corners bound it.
		add(idx(c0, r0))
		add(idx(c1-1, r0))
		add(idx(c0, r1-1))
		add(idx(c1-1, r1-1))
		return b
	}
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			add(idx(c, r))
		}
	}
	return b
}

// node prunes the candidate segments for the pixels in [c0, c1) x [r0, r1)
// and either splits the node in four or measures its pixels.
func (e *distanceEngine) node(w *tileWork, c0, r0, c1, r1 int, cands []int32, depth int) error {
	b := e.nodeBox(w, c0, r0, c1, r1)
	cx, cy := (b.minx+b.maxx)/2, (b.miny+b.maxy)/2
	rad := math.Hypot(b.maxx-b.minx, b.maxy-b.miny) / 2
	// Every centre is within rad of (cx, cy), so every centre is within
	// dist((cx, cy), s) + rad of segment s: the least of these bounds the
	// distance of every centre of the node to the line.
	u := math.Inf(1)
	for _, k := range cands {
		_, d2 := e.segs[k].foot(cx, cy)
		u = min(u, d2)
	}
	u = math.Sqrt(u) + rad
	thr := u*(1+e.rel) + e.abs
	thr2 := thr * thr
	keep := w.cands[depth][:0]
	lbs := w.lbs[depth][:0]
	for _, k := range cands {
		if lb := b.dist2Seg(&e.segs[k], thr2); lb <= thr2 {
			keep = append(keep, k)
			lbs = append(lbs, lb)
		}
	}
	w.cands[depth], w.lbs[depth] = keep, lbs
	dc, dr := c1-c0, r1-r0
	if len(keep) == 1 || dc*dr <= leafArea || depth+1 >= len(w.cands) {
		return e.leaf(w, c0, r0, c1, r1, keep, lbs)
	}
	mc, mr := c0+(dc+1)/2, r0+(dr+1)/2
	for _, q := range [4][4]int{{c0, r0, mc, mr}, {mc, r0, c1, mr}, {c0, mr, mc, r1}, {mc, mr, c1, r1}} {
		if q[0] < q[2] && q[1] < q[3] {
			if err := e.node(w, q[0], q[1], q[2], q[3], keep, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// leaf measures every pixel of the node against the candidates, taken in
// order of their lower bound for the node: once a candidate's bound exceeds
// the best distance found, no later candidate can be nearer.
func (e *distanceEngine) leaf(w *tileWork, c0, r0, c1, r1 int, cands []int32, lbs []float64) error {
	order := w.order[:0]
	for i := range cands {
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(lbs[a], lbs[b]) })
	w.order = order
	gw := e.g.Width
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			i := (r-w.y0)*w.w + (c - w.x0)
			x, y := w.px[i], w.py[i]
			bk, bt, bd2 := int32(-1), 0.0, math.Inf(1)
			for _, j := range order {
				if lbs[j] > bd2 {
					break
				}
				k := cands[j]
				// foot, inlined: the nearest point of segment k.
				s := &e.segs[k]
				t := min(max(((x-s.ax)*s.dx+(y-s.ay)*s.dy)*s.inv2, 0), 1)
				qx, qy := s.ax+t*s.dx-x, s.ay+t*s.dy-y
				if d2 := qx*qx + qy*qy; d2 < bd2 || (d2 == bd2 && k < bk) {
					bk, bt, bd2 = k, t, d2
				}
			}
			if bk < 0 { // every distance overflowed: coordinates out of range
				w.out[r*gw+c] = float32(math.NaN())
				continue
			}
			d := math.Sqrt(bd2)
			if e.geo != nil {
				var err error
				if d, err = e.geodesic(w.lon[i], w.lat[i], x, y, d, cands); err != nil {
					return fmt.Errorf("zones: signed distance: pixel (%d, %d): %w", c, r, err)
				}
			}
			if e.orient != 0 {
				side := e.side(bk, bt, x, y) * e.orient
				if side < 0 {
					d = -d
				}
			}
			w.out[r*gw+c] = float32(d)
		}
	}
	return nil
}

// geodesic returns the geodesic distance from (lon, lat), at (x, y) in the
// local projection, to the line: every candidate segment whose projected
// distance is within the projection's scale error of the least, dmin, is
// measured from its projected foot point.
func (e *distanceEngine) geodesic(lon, lat, x, y, dmin float64, cands []int32) (float64, error) {
	thr := dmin*(1+e.rel) + e.abs
	best := math.Inf(1)
	for _, k := range cands {
		s := &e.segs[k]
		t, d2 := s.foot(x, y)
		if d2 > thr*thr {
			continue
		}
		qlon := s.alon + t*(s.blon-s.alon)
		qlat := s.alat + t*(s.blat-s.alat)
		switch t {
		case 0:
			qlon, qlat = s.alon, s.alat
		case 1:
			qlon, qlat = s.blon, s.blat
		}
		gd, err := crs.GeodesicDistance(lon, lat, qlon, qlat)
		if err != nil {
			return 0, err
		}
		best = math.Min(best, gd)
	}
	return best, nil
}

// applyAreas signs the distances by the side areas, row by row on all
// cores: negative in the negative area only, positive in the positive area
// only, NaN elsewhere.
func (e *distanceEngine) applyAreas(ctx context.Context, out []float32) error {
	g := e.g
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), g.Height)
	const chunk = 64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := make([]uint8, g.Width)
			var xs []float64
			for {
				r0 := int(next.Add(chunk) - chunk)
				if r0 >= g.Height || ctx.Err() != nil {
					return
				}
				for r := r0; r < min(r0+chunk, g.Height); r++ {
					clear(in)
					xs = rowCrossings(xs, e.areas.neg, r)
					markInside(in, xs, 1)
					xs = rowCrossings(xs, e.areas.pos, r)
					markInside(in, xs, 2)
					row := out[r*g.Width : (r+1)*g.Width]
					for c, v := range row {
						switch in[c] {
						case 1:
							row[c] = float32(math.Copysign(float64(v), -1))
						case 2:
							row[c] = float32(math.Abs(float64(v)))
						default:
							row[c] = float32(math.NaN())
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// distanceAt returns the unsigned distance in metres (float64) from the map
// point (x, y) of the grid's CRS to the line, trying every segment: the
// per-pixel computation without the quadtree.
func (e *distanceEngine) distanceAt(x, y float64) (float64, error) {
	wx, wy := x, y
	if e.geo != nil {
		var err error
		if wx, wy, err = e.geo.Forward(x, y); err != nil {
			return 0, err
		}
	}
	all := make([]int32, len(e.segs))
	for i := range all {
		all[i] = int32(i)
	}
	_, _, d2 := e.nearestAll(wx, wy)
	if e.geo == nil {
		return math.Sqrt(d2), nil
	}
	return e.geodesic(x, y, wx, wy, math.Sqrt(d2), all)
}
