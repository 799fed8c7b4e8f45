package raster

import (
	"fmt"
	"image"
	"math"

	"github.com/paulmach/orb"
)

// Grid describes where a raster's pixels are: Width x Height pixels placed
// on the map by Transform, in CRS.
type Grid struct {
	Width, Height int
	Transform     Affine
	CRS           CRS
}

// String describes the grid for error messages: size, CRS, origin and pixel
// size.
func (g Grid) String() string {
	return fmt.Sprintf("%dx%d %s origin (%.12g, %.12g) pixel (%.12g, %.12g)", g.Width, g.Height, g.CRS,
		g.Transform[0], g.Transform[3], g.Transform[1], g.Transform[5])
}

// Len returns Width*Height, the number of pixels.
func (g Grid) Len() int { return g.Width * g.Height }

// Rect returns the grid's pixel rectangle, (0,0)-(Width,Height).
func (g Grid) Rect() image.Rectangle { return image.Rect(0, 0, g.Width, g.Height) }

// Bounds returns the bounding box of the grid's footprint in CRS units (all
// four corners are considered, so rotated grids are covered).
func (g Grid) Bounds() orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, c := range [4][2]float64{{0, 0}, {float64(g.Width), 0}, {0, float64(g.Height)}, {float64(g.Width), float64(g.Height)}} {
		x, y := g.Transform.Apply(c[0], c[1])
		b = b.Extend(orb.Point{x, y})
	}
	return b
}

// PixelOf returns the fractional pixel position (col, row) of the map point
// (x, y); the pixel containing it is (floor(col), floor(row)). It fails only
// when the transform is singular.
func (g Grid) PixelOf(x, y float64) (col, row float64, err error) {
	inv, err := g.Transform.Invert()
	if err != nil {
		return 0, 0, err
	}
	col, row = inv.Apply(x, y)
	return col, row, nil
}

// Center returns the map coordinates of the centre of pixel (col, row).
func (g Grid) Center(col, row int) (x, y float64) {
	return g.Transform.Apply(float64(col)+0.5, float64(row)+0.5)
}

// Window returns the grid of the pixel rectangle r, which must lie inside
// the grid: same CRS and pixel size, origin moved to r.Min.
func (g Grid) Window(r image.Rectangle) (Grid, error) {
	if r.Empty() || !r.In(g.Rect()) {
		return Grid{}, fmt.Errorf("raster: window %v is empty or outside the %dx%d grid", r, g.Width, g.Height)
	}
	return Grid{Width: r.Dx(), Height: r.Dy(), Transform: g.Transform.Shift(float64(r.Min.X), float64(r.Min.Y)), CRS: g.CRS}, nil
}

// Match returns nil when o is the same grid as g (same size, same CRS and a
// geotransform equal to within 1e-9 of a pixel), and otherwise an error
// naming both grids.
func (g Grid) Match(o Grid) error {
	if g.Width != o.Width || g.Height != o.Height || !g.CRS.Same(o.CRS) || !g.sameTransform(o) {
		return fmt.Errorf("raster: grids differ: %v and %v", g, o)
	}
	return nil
}

func (g Grid) sameTransform(o Grid) bool {
	dx, dy := g.Transform.PixelSize()
	tol := 1e-9 * math.Max(dx, dy)
	for i, v := range g.Transform {
		t := tol
		if i != 0 && i != 3 {
			t = 1e-9 * math.Max(math.Abs(v), 1e-12)
		}
		if math.Abs(v-o.Transform[i]) > t {
			return false
		}
	}
	return true
}
