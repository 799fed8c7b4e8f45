package zones

import (
	"context"
	"image"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// epsilonIntersectOnly is GDAL's EPSILON_INTERSECT_ONLY (alg/llrasterize.cpp):
// a polygon edge within this distance (in pixels) of a cell boundary is taken
// to lie on it and does not touch the cells beyond.
const epsilonIntersectOnly = 1e-4

// touchRing marks, in frac (window win of a grid of w x h cells), the cells
// the ring's edges pass through, following GDALdllImageLineAllTouched with
// bIntersectOnly set, as GDAL does for polygon boundaries: edges are clipped
// to the grid, then stepped from cell to cell left to right. The floating
// point steps are GDAL's, so cells touched only at a corner or along a
// boundary are decided alike.
func touchRing(frac []float32, win image.Rectangle, w, h int, r pixelRing) {
	burn := func(row, col int) {
		if row >= win.Min.Y && row < win.Max.Y && col >= win.Min.X && col < win.Max.X {
			frac[(row-win.Min.Y)*win.Dx()+col-win.Min.X] = 1
		}
	}
	W, H := float64(w), float64(h)
	for j := 1; j < len(r.x); j++ {
		x, y := r.x[j-1], r.y[j-1]
		xEnd, yEnd := r.x[j], r.y[j]
		if (y < 0 && yEnd < 0) || (y > H && yEnd > H) || (x < 0 && xEnd < 0) || (x > W && xEnd > W) {
			continue
		}
		if x > xEnd {
			x, xEnd = xEnd, x
			y, yEnd = yEnd, y
		}
		// Nearly vertical edges.
		if math.Floor(x) == math.Floor(xEnd) || math.Abs(x-xEnd) < .01 {
			if math.Abs(x-math.Round(x)) < epsilonIntersectOnly && math.Abs(xEnd-math.Round(xEnd)) < epsilonIntersectOnly {
				continue
			}
			if yEnd < y {
				y, yEnd = yEnd, y
			}
			iX := floorPixel(xEnd)
			iY := floorPixel(y)
			iYEnd := floorPixel(yEnd - epsilonIntersectOnly)
			if iX < 0 || iX >= w {
				continue
			}
			iY = max(iY, 0)
			iYEnd = min(iYEnd, h-1)
			for ; iY <= iYEnd; iY++ {
				burn(iY, iX)
			}
			continue
		}
		// Nearly horizontal edges.
		if math.Floor(y) == math.Floor(yEnd) || math.Abs(y-yEnd) < .01 {
			if math.Abs(y-math.Round(y)) < epsilonIntersectOnly && math.Abs(yEnd-math.Round(yEnd)) < epsilonIntersectOnly {
				continue
			}
			iX := floorPixel(x)
			iY := floorPixel(y)
			iXEnd := floorPixel(xEnd - epsilonIntersectOnly)
			if iY < 0 || iY >= h {
				continue
			}
			iX = max(iX, 0)
			iXEnd = min(iXEnd, w-1)
			for ; iX <= iXEnd; iX++ {
				burn(iY, iX)
			}
			continue
		}
		// General case, left to right.
		slope := (yEnd - y) / (xEnd - x)
		if xEnd > W {
			yEnd -= float64((xEnd - W) * slope)
			xEnd = W
		}
		if x < 0 {
			y += float64((0 - x) * slope)
			x = 0
		}
		if yEnd > y {
			if y < 0 {
				x += (0 - y) / slope
				y = 0
			}
			if yEnd >= H {
				xEnd += (yEnd - H) / slope
				if xEnd > W {
					xEnd = W
				}
			}
		} else {
			if y >= H {
				x += (H - y) / slope
				y = H
			}
			if yEnd < 0 {
				xEnd -= (yEnd - 0) / slope
			}
		}
		for steps := 0; x >= 0 && x < xEnd && steps < 1<<40; steps++ {
			iX := floorPixel(x)
			iY := floorPixel(y)
			if iY >= 0 && iY < h {
				burn(iY, iX)
			}
			stepX := math.Floor(x+1) - x
			stepY := float64(stepX * slope)
			switch {
			case floorPixel(y+stepY) == iY:
				x += stepX
				y += stepY
			case slope < 0:
				stepY = float64(iY) - y
				if stepY > -0.000000001 {
					stepY = -0.000000001
				}
				stepX = stepY / slope
				x += stepX
				y += stepY
			default:
				stepY = float64(iY+1) - y
				if stepY < 0.000000001 {
					stepY = 0.000000001
				}
				stepX = stepY / slope
				x += stepX
				y += stepY
			}
		}
	}
}

// touchedBandRuns appends the columns [a, b] (inclusive, unclipped) of row
// row whose interior an edge of a passes through: the geometric rule used
// to count AllTouched cells beyond the grid's edges.
func touchedBandRuns(a *activeEdges, row int, runs [][2]int) [][2]int {
	lo, hi := float64(row), float64(row+1)
	a.advance(lo, hi)
	for _, i := range a.active {
		e := &a.edges[i]
		if e.ymax <= lo || e.ymin >= hi {
			if !(e.ymin == e.ymax && e.ymin > lo && e.ymin < hi) {
				continue
			}
		}
		xa, xb := e.x1, e.x2
		if e.y1 != e.y2 {
			ya, yb := max(min(e.y1, e.y2), lo), min(max(e.y1, e.y2), hi)
			at := func(y float64) float64 { return e.x1 + (y-e.y1)*(e.x2-e.x1)/(e.y2-e.y1) }
			xa, xb = at(ya), at(yb)
		}
		l, r := min(xa, xb), max(xa, xb)
		c0 := floorPixel(l)
		c1 := floorPixel(r)
		if r == math.Floor(r) && r > l {
			c1--
		}
		if c1 >= c0 {
			runs = append(runs, [2]int{c0, c1})
		}
	}
	return runs
}

func touchedCoverage(ctx context.Context, pz *pixelZone, g raster.Grid, sc *rasterScratch) (Coverage, error) {
	win, inside := pz.window(g, 1)
	var cov Coverage
	if !win.Empty() {
		cov.Window = win
		cov.Frac = make([]float32, win.Dx()*win.Dy())
		for _, part := range pz.parts {
			for _, r := range part {
				touchRing(cov.Frac, win, g.Width, g.Height, r)
			}
		}
	}
	sc.edges = appendEdges(sc.edges[:0], pz.parts, true, pz.detSign)
	var act, band activeEdges
	act.reset(sc.edges, sc.active)
	band.reset(sc.edges, nil)
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
			sc.runs = touchedBandRuns(&band, row, sc.runs)
			cov.Outside += outsideCells(sc.runs, row >= 0 && row < g.Height, g.Width)
		}
	}
	return cov, nil
}
