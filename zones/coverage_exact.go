package zones

import (
	"context"
	"image"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// Exact coverage fractions.
//
// exactextract (Baston 2019, https://github.com/isciences/exactextract)
// defines the coverage fraction of a cell as the share of its area inside the
// polygon, and computes it in two steps: the cells a ring's boundary passes
// through are visited once, walking the ring, and the covered area of each
// is computed exactly; the cells the boundary does not reach are wholly in
// or wholly out, and are filled from the boundary cells (a flood fill).
//
// This file computes the same quantity with the same two steps organised by
// rows, which also gives the even-odd rule for self-intersecting rings
// without a GEOS-style point-in-polygon test:
//
//  1. The polygon is cut into horizontal slabs at every vertex ordinate and
//     every row boundary (and, where two edges cross, at the crossing).
//     Inside a slab the edges that span it do not cross, so sorted by x
//     they pair up under the even-odd rule into trapezoids (left edge L,
//     right edge R).
//  2. Each edge is walked once through the cells it crosses in the slab; for
//     every such cell the area of the cell's column strip lying right of the
//     edge is exact (a trapezoid: piece height times distance from the
//     piece's mean x to the column's right side). The covered area of
//     column c in the slab is G_L(c) - G_R(c), where G_e(c) is that area
//     right of edge e; G_e is 0 left of the edge and the full slab height
//     right of it, so storing only its differences in the crossed cells and
//     taking a running sum along the row fills the cells the boundary does
//     not reach (the fill step).
//
// Work is proportional to the number of cells the boundary crosses plus the
// cells of the zone's window, as in exactextract. Fractions are exact up to
// floating-point rounding (about 1e-15 of a cell).

// slabEdge is an edge spanning a slab: its x at the slab's top and bottom.
type slabEdge struct{ xa, xb float64 }

// xAt is the edge's x at ordinate y (ymin <= y <= ymax), exact at its ends.
func (e *pixelEdge) xAt(y float64) float64 {
	switch y {
	case e.y1:
		return e.x1
	case e.y2:
		return e.x2
	}
	return e.x1 + (y-e.y1)*(e.x2-e.x1)/(e.y2-e.y1)
}

// exactSweep accumulates the exact coverage of one polygon (even-odd over its
// rings) into acc, the window win's cells in row-major order.
type exactSweep struct {
	win  image.Rectangle
	acc  []float64 // summed fractions of several polygons, or nil
	frac []float32 // the fractions, written directly when acc is nil
	// inCells is the sum of the fractions written to frac.
	inCells float64
	delta   []float64
	cross   []slabEdge
	act     activeEdges
	area    float64 // total area of the polygon, in cells
	row     int     // row whose differences delta holds, or noRow
	lo, hi  int     // first and last index of delta written in this row
	splits  int     // what remains of the current slab's budget of splits
	dirty   bool
}

const noRow = math.MinInt

// flush turns the differences of the current row into fractions added to acc.
func (s *exactSweep) flush() {
	if !s.dirty {
		return
	}
	w := s.win.Dx()
	off := (s.row - s.win.Min.Y) * w
	// Left of the first difference the fractions are 0; right of the last
	// one the running sum is back to 0 (every left edge is matched by a
	// right edge), up to rounding.
	lo, hi := s.lo, min(s.hi, w-1)
	v := 0.0
	if s.acc == nil {
		// One polygon: straight into the float32 fractions.
		frac := s.frac[off : off+w]
		sum := 0.0
		fv := float32(0)
		for i := lo; i <= hi; i++ {
			if d := s.delta[i]; d != 0 {
				v += d
				s.delta[i] = 0
				fv = float32(min(max(v, 0), 1))
			}
			sum += v
			frac[i] = fv
		}
		s.inCells += sum
	} else {
		for i := lo; i <= hi; i++ {
			v += s.delta[i]
			s.acc[off+i] += v
			s.delta[i] = 0
		}
	}
	clear(s.delta[lo : min(s.hi, w)+1])
	s.lo, s.hi = w+1, -1
	s.dirty = false
}

// addEdge adds sign times the differences of G_e for the piece of an edge
// from (xa, ya) to (xb, yb) to the current row's differences.
func (s *exactSweep) addEdge(xa, xb, h, sign float64) {
	c0, c1 := s.win.Min.X, s.win.Max.X
	lo, hi := min(xa, xb), max(xa, xb)
	d := s.delta
	s.lo = min(s.lo, min(max(floorPixel(lo)-c0, 0), c1-c0))
	s.hi = max(s.hi, min(max(floorPixel(hi)-c0+1, 0), c1-c0))
	if hi == lo {
		c := floorPixel(lo)
		switch {
		case c < c0:
			d[0] += sign * h
		case c < c1:
			a := h * (float64(c+1) - lo)
			d[c-c0] += sign * a
			d[c-c0+1] += sign * (h - a)
		}
		return
	}
	k := h / (hi - lo)
	if lo < float64(c0) {
		d[0] += sign * (min(hi, float64(c0)) - lo) * k
	}
	first, last := max(floorPixel(lo), c0), min(floorPixel(hi), c1-1)
	for c := first; c <= last; c++ {
		pl, pr := max(lo, float64(c)), min(hi, float64(c+1))
		if pr <= pl {
			continue
		}
		hp := (pr - pl) * k
		a := hp * (float64(c+1) - 0.5*(pl+pr))
		d[c-c0] += sign * a
		d[c-c0+1] += sign * (hp - a)
	}
}

// slab handles the slab [ya, yb] of row (noRow when the slab lies outside
// the window's rows), splitting it where spanning edges cross.
func (s *exactSweep) slab(ya, yb float64, row int, depth int) {
	h := yb - ya
	if !(h > 0) {
		return
	}
	cr := s.cross[:0]
	for _, i := range s.act.active {
		e := &s.act.edges[i]
		if e.ymin <= ya && e.ymax >= yb {
			cr = append(cr, slabEdge{e.xAt(ya), e.xAt(yb)})
		}
	}
	s.cross = cr
	if len(cr) < 2 {
		return
	}
	slices.SortFunc(cr, func(p, q slabEdge) int {
		a, b := p.xa+p.xb, q.xa+q.xb
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
	if depth == 0 {
		// Splits allowed for this slab: every pair of edges crosses at most
		// once, so n² splits suffice; the budget keeps degenerate input
		// (many edges through one point, rounding) from splitting forever.
		s.splits = len(cr)*len(cr) + 8
	}
	if s.splits > 0 {
		split := yb
		for i := 0; i+1 < len(cr); i++ {
			p, q := cr[i], cr[i+1]
			if p.xa > q.xa || p.xb > q.xb {
				da, db := p.xa-q.xa, p.xb-q.xb
				if t := da / (da - db); t > 0 && t < 1 {
					split = min(split, ya+t*h)
				}
			}
		}
		if split > ya && split < yb {
			s.splits--
			s.slab(ya, split, row, depth+1)
			s.slab(split, yb, row, depth+1)
			return
		}
	}
	for i := 0; i+1 < len(cr); i += 2 {
		l, r := cr[i], cr[i+1]
		s.area += 0.5 * h * ((r.xa + r.xb) - (l.xa + l.xb))
	}
	if row == noRow {
		return
	}
	s.dirty = true
	for i := 0; i+1 < len(cr); i += 2 {
		l, r := cr[i], cr[i+1]
		s.addEdge(l.xa, l.xb, h, 1)
		s.addEdge(r.xa, r.xb, h, -1)
	}
}

// polygon sweeps one polygon whose edges (sorted by ymin) are given.
func (s *exactSweep) polygon(ctx context.Context, edges []pixelEdge, ys []float64) ([]float64, error) {
	ys = ys[:0]
	for i := range edges {
		ys = append(ys, edges[i].y1, edges[i].y2)
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	if len(ys) < 2 {
		return ys, nil
	}
	s.act.reset(edges, s.act.active)
	s.row, s.dirty = noRow, false
	rowLo, rowHi := s.win.Min.Y, s.win.Max.Y
	if s.win.Empty() {
		rowLo, rowHi = 0, 0
	}
	y := ys[0]
	k := 0
	for steps := 0; y < ys[len(ys)-1]; steps++ {
		if steps&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return ys, err
			}
		}
		for k+1 < len(ys) && ys[k+1] <= y {
			k++
		}
		next := ys[k+1]
		r := floorPixel(y)
		row := noRow
		switch {
		case r < rowLo:
			next = min(next, float64(rowLo))
		case r >= rowHi:
		default:
			row = r
			next = min(next, float64(r+1))
		}
		if row != s.row {
			s.flush()
			s.row = row
		}
		s.act.advance(next, y)
		s.slab(y, next, row, 0)
		y = next
	}
	s.flush()
	return ys, nil
}

func exactCoverage(ctx context.Context, pz *pixelZone, g raster.Grid, sc *rasterScratch) (Coverage, error) {
	var cov Coverage
	if len(pz.parts) > 1 {
		win, acc, area, inside, err := exactFractions(ctx, pz, g, sc)
		if err != nil {
			return Coverage{}, err
		}
		if !win.Empty() {
			cov.Window = win
			cov.Frac = make([]float32, len(acc))
		}
		inCells := 0.0
		for i, v := range acc {
			inCells += v
			cov.Frac[i] = float32(min(max(v, 0), 1))
		}
		if !inside {
			cov.Outside = max(area-inCells, 0)
		}
		return cov, nil
	}
	win, inside := pz.window(g, 0)
	s := exactSweep{win: win}
	if !win.Empty() {
		cov.Window = win
		cov.Frac = make([]float32, win.Dx()*win.Dy())
		s.frac = cov.Frac
	}
	if err := s.run(ctx, pz, sc); err != nil {
		return Coverage{}, err
	}
	if !inside {
		cov.Outside = max(s.area-s.inCells, 0)
	}
	return cov, nil
}

// run sweeps every polygon of the zone.
func (s *exactSweep) run(ctx context.Context, pz *pixelZone, sc *rasterScratch) error {
	s.cross, s.act.active = sc.cross, sc.active
	if !s.win.Empty() {
		if cap(sc.delta) < s.win.Dx()+1 {
			sc.delta = make([]float64, s.win.Dx()+1)
		}
		s.delta = sc.delta[:s.win.Dx()+1]
		clear(s.delta)
	}
	s.lo, s.hi = s.win.Dx()+1, -1
	defer func() { sc.cross, sc.active = s.cross[:0], s.act.active[:0] }()
	for _, part := range pz.parts {
		sc.edges = appendEdges(sc.edges[:0], [][]pixelRing{part}, false, 0)
		var err error
		sc.ys, err = s.polygon(ctx, sc.edges, sc.ys)
		if err != nil {
			return err
		}
	}
	return nil
}

// exactFractions computes in float64 the summed coverage of the zone's
// polygons for each cell of its window, and the zone's total area in cells.
func exactFractions(ctx context.Context, pz *pixelZone, g raster.Grid, sc *rasterScratch) (win image.Rectangle, acc []float64, area float64, inside bool, err error) {
	win, inside = pz.window(g, 0)
	s := exactSweep{win: win, acc: []float64{}}
	if !win.Empty() {
		s.acc = make([]float64, win.Dx()*win.Dy())
	}
	if err := s.run(ctx, pz, sc); err != nil {
		return win, nil, 0, false, err
	}
	return win, s.acc, s.area, inside, nil
}
