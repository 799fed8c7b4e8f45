package zones

import (
	"context"
	"image"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// edge is one ring edge in pixel space, from (x1, y1) to (x2, y2) in ring
// order.
type pixelEdge struct {
	x1, y1, x2, y2 float64
	ymin, ymax     float64
}

// appendEdges appends the edges of the rings of parts sorted by ymin,
// dropping zero-length edges. With clockwise set, every ring is first
// oriented clockwise in map coordinates (detSign is the sign of the
// geotransform's determinant, which says whether pixel space is mirrored):
// GDAL, as called by rasterio, rasterizes rings in that orientation, and the
// direction of an edge lying exactly on a row of centres decides whether it
// is filled.
func appendEdges(dst []pixelEdge, parts [][]pixelRing, clockwise bool, detSign float64) []pixelEdge {
	for _, part := range parts {
		for _, r := range part {
			n := len(r.x)
			reverse := clockwise && pixelRingArea(r)*detSign > 0
			for i := range n {
				j := i - 1
				if i == 0 {
					j = n - 1
				}
				e := pixelEdge{x1: r.x[j], y1: r.y[j], x2: r.x[i], y2: r.y[i]}
				if reverse {
					e.x1, e.y1, e.x2, e.y2 = e.x2, e.y2, e.x1, e.y1
				}
				if e.x1 == e.x2 && e.y1 == e.y2 {
					continue
				}
				e.ymin, e.ymax = min(e.y1, e.y2), max(e.y1, e.y2)
				dst = append(dst, e)
			}
		}
	}
	slices.SortStableFunc(dst, func(a, b pixelEdge) int {
		switch {
		case a.ymin < b.ymin:
			return -1
		case a.ymin > b.ymin:
			return 1
		}
		return 0
	})
	return dst
}

// pixelRingArea is the shoelace area of a ring, positive when it turns
// counter-clockwise in its own axes.
func pixelRingArea(r pixelRing) float64 {
	a := 0.0
	for i := 1; i < len(r.x); i++ {
		a += (r.x[i-1]-r.x[0])*(r.y[i]-r.y[0]) - (r.x[i]-r.x[0])*(r.y[i-1]-r.y[0])
	}
	return a / 2
}

// activeEdges keeps the edges whose y-range meets a moving interval; the
// interval's ends must never decrease.
type activeEdges struct {
	edges  []pixelEdge
	next   int
	active []int
}

func (a *activeEdges) reset(edges []pixelEdge, buf []int) {
	a.edges, a.next, a.active = edges, 0, buf[:0]
}

// advance makes the active list the edges with ymin <= hi and ymax >= lo.
func (a *activeEdges) advance(lo, hi float64) {
	for a.next < len(a.edges) && a.edges[a.next].ymin <= hi {
		a.active = append(a.active, a.next)
		a.next++
	}
	k := 0
	for _, i := range a.active {
		if a.edges[i].ymax >= lo {
			a.active[k] = i
			k++
		}
	}
	a.active = a.active[:k]
}

// floorPixel is floor(v) as an int; v is bounded by toPixels.
func floorPixel(v float64) int { return int(math.Floor(v)) }

// centerRuns appends to runs the column runs [a, b] (inclusive, unclipped)
// GDAL's scanline fill gives row row: the crossings of the scanline
// y = row+0.5 with the edges, each rounded to floor(x+0.5), paired after
// sorting; plus the horizontal edges lying on the scanline that run right
// to left. The arithmetic follows GDALdllImageFilledPolygon operation by
// operation.
func centerRuns(a *activeEdges, row int, ints []int, runs [][2]int) ([]int, [][2]int) {
	dy := float64(row) + 0.5
	a.advance(dy, dy)
	ints = ints[:0]
	for _, i := range a.active {
		e := &a.edges[i]
		dy1, dy2 := e.y1, e.y2
		if (dy1 < dy && dy2 < dy) || (dy1 > dy && dy2 > dy) {
			continue
		}
		var dx1, dx2 float64
		switch {
		case dy1 < dy2:
			dx1, dx2 = e.x1, e.x2
		case dy1 > dy2:
			dy1, dy2 = dy2, dy1
			dx2, dx1 = e.x1, e.x2
		default:
			if e.x1 > e.x2 {
				h1 := floorPixel(e.x2 + 0.5)
				h2 := floorPixel(e.x1 + 0.5)
				if h2-1 >= h1 {
					runs = append(runs, [2]int{h1, h2 - 1})
				}
			}
			continue
		}
		if dy < dy2 && dy >= dy1 {
			t := float64(float64(dy-dy1) * float64(dx2-dx1))
			x := float64(t/float64(dy2-dy1)) + dx1
			ints = append(ints, floorPixel(x+0.5))
		}
	}
	slices.Sort(ints)
	for k := 0; k+1 < len(ints); k += 2 {
		if ints[k+1]-1 >= ints[k] {
			runs = append(runs, [2]int{ints[k], ints[k+1] - 1})
		}
	}
	return ints, runs
}

// outsideCells counts the cells of the union of runs (inclusive column
// ranges) that lie outside the grid's columns [0, w), or all of them when
// the row itself is outside the grid. runs is sorted in place.
func outsideCells(runs [][2]int, rowInside bool, w int) float64 {
	if len(runs) == 0 {
		return 0
	}
	slices.SortFunc(runs, func(p, q [2]int) int { return p[0] - q[0] })
	n := 0.0
	count := func(a, b int) {
		if !rowInside {
			n += float64(b - a + 1)
			return
		}
		if a < 0 {
			n += float64(min(b, -1) - a + 1)
		}
		if b >= w {
			n += float64(b - max(a, w) + 1)
		}
	}
	ca, cb := runs[0][0], runs[0][1]
	for _, r := range runs[1:] {
		if r[0] <= cb+1 {
			cb = max(cb, r[1])
			continue
		}
		count(ca, cb)
		ca, cb = r[0], r[1]
	}
	count(ca, cb)
	return n
}

// burnRuns sets to 1 the cells of runs that lie in row row of window win.
func burnRuns(frac []float32, win image.Rectangle, row int, runs [][2]int) {
	if row < win.Min.Y || row >= win.Max.Y {
		return
	}
	off := (row - win.Min.Y) * win.Dx()
	for _, r := range runs {
		a, b := max(r[0], win.Min.X), min(r[1], win.Max.X-1)
		for c := a; c <= b; c++ {
			frac[off+c-win.Min.X] = 1
		}
	}
}

func centerCoverage(ctx context.Context, pz *pixelZone, g raster.Grid, sc *rasterScratch) (Coverage, error) {
	win, inside := pz.window(g, 0)
	var cov Coverage
	if !win.Empty() {
		cov.Window = win
		cov.Frac = make([]float32, win.Dx()*win.Dy())
	}
	sc.edges = appendEdges(sc.edges[:0], pz.parts, true, pz.detSign)
	var act activeEdges
	act.reset(sc.edges, sc.active)
	defer func() { sc.active = act.active[:0] }()
	lo, hi := floorPixel(pz.minY), floorPixel(pz.maxY)
	if inside {
		lo, hi = max(lo, 0), min(hi, g.Height-1)
	}
	for row := lo; row <= hi; row++ {
		if (row-lo)&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return Coverage{}, err
			}
		}
		sc.runs = sc.runs[:0]
		sc.ints, sc.runs = centerRuns(&act, row, sc.ints, sc.runs)
		burnRuns(cov.Frac, win, row, sc.runs)
		if !inside {
			cov.Outside += outsideCells(sc.runs, row >= 0 && row < g.Height, g.Width)
		}
	}
	return cov, nil
}
