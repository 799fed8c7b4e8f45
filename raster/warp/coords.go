package warp

import (
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// DefaultErrorThreshold is the largest error, in source pixels, that the
// approximate coordinate transformation may make: GDAL's gdalwarp default
// (-et 0.125).
const DefaultErrorThreshold = 0.125

// mapper maps target pixel positions to fractional source pixel positions:
// target pixel → target CRS (target geotransform) → source CRS (tr) →
// source pixel (inverse source geotransform).
type mapper struct {
	dst    raster.Affine
	srcInv raster.Affine
	tr     *crs.Transformer // nil when both grids share a CRS
	maxErr float64          // ≤ 0: transform every point exactly
}

func newMapper(src, dst raster.Grid, maxErr float64, opts []crs.Option) (*mapper, error) {
	inv, err := src.Transform.Invert()
	if err != nil {
		return nil, fmt.Errorf("warp: source grid %v: %w", src, err)
	}
	if _, err := dst.Transform.Invert(); err != nil {
		return nil, fmt.Errorf("warp: target grid %v: %w", dst, err)
	}
	m := &mapper{dst: dst.Transform, srcInv: inv, maxErr: maxErr}
	if !src.CRS.Same(dst.CRS) {
		if src.CRS.IsZero() || dst.CRS.IsZero() {
			return nil, fmt.Errorf("warp: cannot warp between %v and %v: one of them has no CRS", src, dst)
		}
		sc, err := crs.FromRaster(src.CRS)
		if err != nil {
			return nil, fmt.Errorf("warp: source grid %v: %w", src, err)
		}
		dc, err := crs.FromRaster(dst.CRS)
		if err != nil {
			return nil, fmt.Errorf("warp: target grid %v: %w", dst, err)
		}
		if !sc.Equal(dc) {
			m.tr, err = crs.NewTransformer(dc, sc, opts...)
			if err != nil {
				return nil, fmt.Errorf("warp: from %v to %v: %w", src, dst, err)
			}
		}
	}
	return m, nil
}

// exact maps the n target points (x0 + i, y), i in [0, n), writing source
// pixel positions into sx, sy; points that cannot be transformed become NaN.
func (m *mapper) exact(x0, y float64, sx, sy []float64) {
	a := m.dst
	for i := range sx {
		sx[i], sy[i] = a.Apply(x0+float64(i), y)
	}
	if m.tr != nil {
		// Failed points are NaN; the count in the error is not needed.
		_ = m.tr.TransformSlices(sx, sy)
	}
	b := m.srcInv
	for i, x := range sx {
		sx[i], sy[i] = b.Apply(x, sy[i])
	}
}

// row maps the target points (x0 + i, y), i in [0, len(sx)). When no CRS
// change is involved the mapping is affine and computed exactly. Otherwise,
// with a positive error threshold, it follows GDAL's approximate
// transformer (GDALApproxTransform, alg/gdaltransformer.cpp): transform the
// first, middle and last points exactly; if the middle one is within the
// threshold (|Δx| + |Δy| in source pixels) of the straight line between the
// ends, interpolate linearly, otherwise split the run at the middle and
// repeat on both halves. Runs of fewer than 5 points are transformed
// exactly.
func (m *mapper) row(x0, y float64, sx, sy []float64) {
	if m.tr == nil || m.maxErr <= 0 {
		m.exact(x0, y, sx, sy)
		return
	}
	m.approx(x0, y, sx, sy)
}

func (m *mapper) approx(x0, y float64, sx, sy []float64) {
	n := len(sx)
	if n < 5 {
		m.exact(x0, y, sx, sy)
		return
	}
	mid := n / 2
	var px, py [3]float64
	idx := [3]int{0, mid, n - 1}
	for k, i := range idx {
		m.exact(x0+float64(i), y, px[k:k+1], py[k:k+1])
	}
	for k := range px {
		if math.IsNaN(px[k]) || math.IsNaN(py[k]) {
			m.exact(x0, y, sx, sy)
			return
		}
	}
	dx := (px[2] - px[0]) / float64(n-1)
	dy := (py[2] - py[0]) / float64(n-1)
	errMid := math.Abs(px[1]-(px[0]+dx*float64(mid))) + math.Abs(py[1]-(py[0]+dy*float64(mid)))
	if errMid > m.maxErr {
		m.approx(x0, y, sx[:mid], sy[:mid])
		m.approx(x0+float64(mid), y, sx[mid:], sy[mid:])
		return
	}
	for i := range sx {
		sx[i] = px[0] + dx*float64(i)
		sy[i] = py[0] + dy*float64(i)
	}
}
