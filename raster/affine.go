package raster

import (
	"errors"
	"fmt"
	"math"
)

// Affine is a geotransform in GDAL order: the map coordinates (x, y) of the
// fractional pixel position (col, row), measured from the top-left corner of
// the top-left pixel, are
//
//	x = A[0] + col*A[1] + row*A[2]
//	y = A[3] + col*A[4] + row*A[5]
//
// For a north-up image A[1] is the pixel width and A[5] the (negative) pixel
// height, both in CRS units (metres for UTM, degrees for longitude/latitude),
// and A[2] = A[4] = 0. Reference: GDAL data model, "Affine GeoTransform".
type Affine [6]float64

// Apply returns the map coordinates of the fractional pixel position
// (col, row); (0, 0) is the top-left corner of the raster and (0.5, 0.5) the
// centre of its first pixel.
func (a Affine) Apply(col, row float64) (x, y float64) {
	return a[0] + col*a[1] + row*a[2], a[3] + col*a[4] + row*a[5]
}

// ErrSingular is returned when a geotransform cannot be inverted (zero pixel
// size or collinear axes).
var ErrSingular = errors.New("raster: geotransform is not invertible")

// Invert returns the geotransform that maps map coordinates back to
// fractional pixel positions: inv.Apply(x, y) gives (col, row).
func (a Affine) Invert() (Affine, error) {
	det := a[1]*a[5] - a[2]*a[4]
	if det == 0 || math.IsNaN(det) || math.IsInf(det, 0) {
		return Affine{}, fmt.Errorf("%w: %v", ErrSingular, [6]float64(a))
	}
	inv := 1 / det
	return Affine{
		(a[2]*a[3] - a[0]*a[5]) * inv, a[5] * inv, -a[2] * inv,
		(a[0]*a[4] - a[1]*a[3]) * inv, -a[4] * inv, a[1] * inv,
	}, nil
}

// IsNorthUp reports whether the transform has no rotation or shear terms.
func (a Affine) IsNorthUp() bool { return a[2] == 0 && a[4] == 0 }

// PixelSize returns the lengths, in CRS units, of a pixel's column and row
// steps (always positive): sqrt(A1²+A4²) and sqrt(A2²+A5²).
func (a Affine) PixelSize() (dx, dy float64) {
	return math.Hypot(a[1], a[4]), math.Hypot(a[2], a[5])
}

// Shift returns the transform of a sub-grid whose pixel (0, 0) is pixel
// (col, row) of this one.
func (a Affine) Shift(col, row float64) Affine {
	x, y := a.Apply(col, row)
	return Affine{x, a[1], a[2], y, a[4], a[5]}
}

// Scale returns the transform of a grid whose pixels are fx times wider and
// fy times taller (as for an overview level, fx = width/overviewWidth).
func (a Affine) Scale(fx, fy float64) Affine {
	return Affine{a[0], a[1] * fx, a[2] * fy, a[3], a[4] * fx, a[5] * fy}
}
