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
