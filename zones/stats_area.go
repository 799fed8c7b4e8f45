package zones

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// CellArea returns the area in m² of cell (col, row) of grid g (divide by
// 10⁴ for hectares).
//
// On a projected grid (UTM, Albers, ... whose coordinates are metres) it is
// the planar area of the pixel, |A1·A5 − A2·A4|: the area on the map, which
// for a conformal projection such as UTM differs from the ground area by the
// square of the scale factor (at most about 0.1 % inside a UTM zone); use an
// equal-area projection when that matters.
//
// On a longitude/latitude grid each cell's area depends on its latitude. A
// north-up cell is bounded by two meridians and two parallels, and its area
// on the CRS's ellipsoid is exact:
//
//	A = a²(1−e²)/2 · Δλ · [g(φ₂) − g(φ₁)],  g(φ) = sinφ/(1−e²sin²φ) + atanh(e·sinφ)/e
//
// (Snyder 1987, "Map Projections — A Working Manual", USGS PP 1395, eq. 3-12
// for the authalic q, times a²(1−e²)/2·Δλ; a sphere gives a²·Δλ·(sinφ₂ −
// sinφ₁)). A rotated or sheared longitude/latitude cell is measured with
// crs.GeodesicArea as a quadrilateral with geodesic edges.
//
// The grid's CRS must be known to package raster/crs.
func CellArea(g raster.Grid, col, row int) (float64, error) {
	ca, err := newCellAreas(g)
	if err != nil {
		return 0, err
	}
	return ca.at(col, row)
}

// cellAreas computes cell areas of one grid, caching per row for north-up
// longitude/latitude grids.
type cellAreas struct {
	g          raster.Grid
	planar     float64 // > 0 for projected grids
	geographic bool
	northUp    bool
	a, e2, e   float64 // ellipsoid
}

func newCellAreas(g raster.Grid) (*cellAreas, error) {
	if g.CRS.IsZero() {
		return nil, fmt.Errorf("zones: cell area of grid %v: the grid's CRS is unknown", g)
	}
	c, err := crs.FromRaster(g.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: cell area of grid %v: %w", g, err)
	}
	t := g.Transform
	ca := &cellAreas{g: g}
	if !c.IsGeographic() {
		ca.planar = math.Abs(t[1]*t[5] - t[2]*t[4])
		if ca.planar == 0 || math.IsNaN(ca.planar) || math.IsInf(ca.planar, 0) {
			return nil, fmt.Errorf("zones: cell area of grid %v: %w", g, raster.ErrSingular)
		}
		return ca, nil
	}
	el := c.Ellipsoid()
	ca.geographic = true
	ca.northUp = t.IsNorthUp()
	ca.a = el.A
	ca.e2 = el.F * (2 - el.F)
	ca.e = math.Sqrt(ca.e2)
	return ca, nil
}

// at returns the area of cell (col, row) in m².
func (ca *cellAreas) at(col, row int) (float64, error) {
	if ca.planar > 0 {
		return ca.planar, nil
	}
	t := ca.g.Transform
	if ca.northUp {
		return ca.band(t[3]+float64(row)*t[5], t[3]+float64(row+1)*t[5], t[1]), nil
	}
	x0, y0 := t.Apply(float64(col), float64(row))
	x1, y1 := t.Apply(float64(col+1), float64(row))
	x2, y2 := t.Apply(float64(col+1), float64(row+1))
	x3, y3 := t.Apply(float64(col), float64(row+1))
	poly := orb.Polygon{orb.Ring{{x0, y0}, {x1, y1}, {x2, y2}, {x3, y3}, {x0, y0}}}
	a, err := crs.GeodesicArea(poly)
	if err != nil {
		return 0, fmt.Errorf("zones: cell area of cell (%d, %d) of grid %v: %w", col, row, ca.g, err)
	}
	return a, nil
}

// rowConstant reports whether every cell of a row has the same area, so
// that at(0, row) serves the whole row.
func (ca *cellAreas) rowConstant() bool { return ca.planar > 0 || ca.northUp }

// band returns the area in m² of a cell between latitudes lat1 and lat2
// (degrees, clamped to ±90) spanning dlon degrees of longitude.
func (ca *cellAreas) band(lat1, lat2, dlon float64) float64 {
	clamp := func(v float64) float64 { return math.Max(-90, math.Min(90, v)) }
	s1 := math.Sin(clamp(lat1) * math.Pi / 180)
	s2 := math.Sin(clamp(lat2) * math.Pi / 180)
	dl := math.Abs(dlon) * math.Pi / 180
	if ca.e2 == 0 {
		return ca.a * ca.a * dl * math.Abs(s2-s1)
	}
	g := func(s float64) float64 {
		return s/(1-ca.e2*s*s) + math.Atanh(ca.e*s)/ca.e
	}
	return ca.a * ca.a * (1 - ca.e2) / 2 * dl * math.Abs(g(s2)-g(s1))
}
