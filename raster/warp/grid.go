package warp

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// GridForBounds returns the north-up grid in c that starts at the top-left
// corner of b with pixels resX wide and resY tall (CRS units, positive), as
// gdalwarp -te minX minY maxX maxY -tr resX resY makes it: the width is
// int((maxX-minX)/resX + 0.5), the height likewise, so the grid may end up
// to half a pixel short of or beyond the right and bottom edges of b.
func GridForBounds(b orb.Bound, c raster.CRS, resX, resY float64) (raster.Grid, error) {
	if !(resX > 0) || !(resY > 0) || math.IsInf(resX, 0) || math.IsInf(resY, 0) {
		return raster.Grid{}, fmt.Errorf("warp: resolution %v x %v must be positive and finite", resX, resY)
	}
	w := (b.Max[0] - b.Min[0] + resX/2) / resX
	h := (b.Max[1] - b.Min[1] + resY/2) / resY
	if !(w >= 1 && h >= 1) || w*h > 1<<31 {
		return raster.Grid{}, fmt.Errorf("warp: bounds %v at %v x %v give a %v x %v pixel grid", b, resX, resY, math.Floor(w), math.Floor(h))
	}
	return raster.Grid{Width: int(w), Height: int(h), CRS: c,
		Transform: raster.Affine{b.Min[0], resX, 0, b.Max[1], 0, -resY}}, nil
}

// GridForSize returns the north-up grid in c of width x height pixels that
// covers b exactly (gdalwarp -te ... -ts width height).
func GridForSize(b orb.Bound, c raster.CRS, width, height int) (raster.Grid, error) {
	if width <= 0 || height <= 0 || width > (1<<31)/height {
		return raster.Grid{}, fmt.Errorf("warp: grid size %d x %d", width, height)
	}
	dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if !(dx > 0) || !(dy > 0) || math.IsInf(dx, 0) || math.IsInf(dy, 0) {
		return raster.Grid{}, fmt.Errorf("warp: bounds %v are empty or not finite", b)
	}
	return raster.Grid{Width: width, Height: height, CRS: c,
		Transform: raster.Affine{b.Min[0], dx / float64(width), 0, b.Max[1], 0, -dy / float64(height)}}, nil
}

// rasterCRS turns a crs.CRS into the raster.CRS a grid carries.
func rasterCRS(c *crs.CRS) raster.CRS {
	if c.EPSG() != 0 {
		return raster.CRS{EPSG: c.EPSG()}
	}
	return raster.CRS{Definition: c.ProjString()}
}

// SuggestGrid chooses a north-up target grid in dst for warping a raster on
// src, the way gdalwarp does without -tr or -ts (GDALSuggestedWarpOutput2,
// GDAL 3.6): 21 points along each edge of the source (pixel corners) are
// transformed to dst and their bounding box is the extent; the pixel is
// square, its size chosen so that the target has as many pixels along the
// diagonal as the source: the distance between the transformed top-left
// and bottom-right corners divided by sqrt(width² + height²). The width is
// int(extent width / pixel size + 0.5), the height likewise, and the
// extent grows to the right and down to whole pixels. GDAL's last-resort
// adjustments (a pixel a thousandth smaller when the right or bottom border
// would fall outside the source, antimeridian handling, a dense sampling
// grid when edge points fail) are not made: edge points that fail are
// skipped, and an error is returned when fewer than two succeed.
func SuggestGrid(src raster.Grid, dst *crs.CRS, opts ...crs.Option) (raster.Grid, error) {
	if src.Width <= 0 || src.Height <= 0 {
		return raster.Grid{}, fmt.Errorf("warp: empty source grid %v", src)
	}
	sc, err := crs.FromRaster(src.CRS)
	if err != nil {
		return raster.Grid{}, fmt.Errorf("warp: source grid %v: %w", src, err)
	}
	tr, err := crs.NewTransformer(sc, dst, opts...)
	if err != nil {
		return raster.Grid{}, fmt.Errorf("warp: source grid %v: %w", src, err)
	}
	const steps = 21
	W, H := float64(src.Width), float64(src.Height)
	var xs, ys []float64
	for i := range steps {
		r := float64(i) / (steps - 1)
		for _, p := range [4][2]float64{{r * W, 0}, {r * W, H}, {0, r * H}, {W, r * H}} {
			x, y := src.Transform.Apply(p[0], p[1])
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	_ = tr.TransformSlices(xs, ys) // failed points are NaN and skipped
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	ok := 0
	for i, x := range xs {
		if !math.IsNaN(x) && !math.IsNaN(ys[i]) {
			b = b.Extend(orb.Point{x, ys[i]})
			ok++
		}
	}
	if ok < 2 {
		return raster.Grid{}, fmt.Errorf("warp: the footprint of %v cannot be transformed to %s", src, dst)
	}
	n := len(xs) - 1 // first point: top-left corner; last: bottom-right
	dx, dy := xs[n]-xs[0], ys[n]-ys[0]
	if math.IsNaN(dx) || math.IsNaN(dy) || dx == 0 || dy == 0 {
		dx, dy = b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	}
	px := math.Hypot(dx, dy) / math.Hypot(W, H)
	if !(px > 0) || math.IsInf(px, 0) {
		return raster.Grid{}, fmt.Errorf("warp: no pixel size can be derived for %v in %s", src, dst)
	}
	w := (b.Max[0] - b.Min[0]) / px
	h := (b.Max[1] - b.Min[1]) / px
	if w*h > 1<<31 {
		return raster.Grid{}, fmt.Errorf("warp: the suggested grid for %v in %s would be %.0f x %.0f pixels", src, dst, w, h)
	}
	return raster.Grid{Width: max(1, int(w+0.5)), Height: max(1, int(h+0.5)), CRS: rasterCRS(dst),
		Transform: raster.Affine{b.Min[0], px, 0, b.Max[1], 0, -px}}, nil
}

// SnapGrid returns the grid with ref's CRS, pixel size and pixel alignment
// that covers the bounding box b (in ref's CRS): its edges are the grid
// lines of ref at or just outside b, so a raster warped onto it lines up
// pixel for pixel with ref (gdalwarp -tap, with ref's origin instead of
// 0). ref must be north-up. The grid may reach beyond ref (padding) or
// cover only part of it (cropping).
func SnapGrid(ref raster.Grid, b orb.Bound) (raster.Grid, error) {
	a := ref.Transform
	if !a.IsNorthUp() || a[1] <= 0 || a[5] == 0 {
		return raster.Grid{}, fmt.Errorf("warp: SnapGrid needs a north-up reference grid, not %v", ref)
	}
	// fractional pixel positions of the box edges
	inv, err := a.Invert()
	if err != nil {
		return raster.Grid{}, fmt.Errorf("warp: reference grid %v: %w", ref, err)
	}
	c0, r0 := inv.Apply(b.Min[0], b.Max[1])
	c1, r1 := inv.Apply(b.Max[0], b.Min[1])
	if r0 > r1 {
		r0, r1 = r1, r0
	}
	const eps = 1e-9 // a box edge within 1e-9 pixel of a grid line is on it
	x0, y0 := math.Floor(c0+eps), math.Floor(r0+eps)
	x1, y1 := math.Ceil(c1-eps), math.Ceil(r1-eps)
	if !(x1 > x0 && y1 > y0) || (x1-x0)*(y1-y0) > 1<<31 {
		return raster.Grid{}, fmt.Errorf("warp: box %v gives no usable grid snapped to %v", b, ref)
	}
	return raster.Grid{Width: int(x1 - x0), Height: int(y1 - y0), CRS: ref.CRS, Transform: a.Shift(x0, y0)}, nil
}
