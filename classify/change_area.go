package classify

import (
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// CellAreas returns the area of the cells of each row of g, in square
// metres (len = g.Height).
//
//   - Projected grids in metres (UTM and other transverse Mercator, Lambert
//     azimuthal and Albers equal-area, sinusoidal): every cell has the area
//     of its parallelogram, |A[1]·A[5] − A[2]·A[4]|, in map units. On the
//     equal-area projections this is the true area; on UTM it is the area on
//     the projection plane, which differs from the ground by the square of
//     the scale factor (from −0.08 % on the central meridian to about +0.2 %
//     at the edge of a 6° zone) — the convention
//     of every GIS.
//   - Longitude/latitude grids (north-up only): each cell is a quadrangle
//     between two meridians and two parallels, and its area on the
//     ellipsoid is exact: a² Δλ (q(φ₂) − q(φ₁)) / 2 with Δλ in radians and
//     the authalic function q(φ) = (1−e²)[sin φ/(1−e² sin²φ) −
//     ln((1−e sin φ)/(1+e sin φ))/(2e)] (Snyder 1987, "Map Projections — A
//     Working Manual", USGS PP 1395, eq. 3-12); on a sphere R² Δλ (sin φ₂ −
//     sin φ₁). Cells therefore shrink towards the poles as they should.
//   - Mercator grids (Web Mercator, World Mercator) are refused: their cells
//     grow by 1/cos²φ on the ground and pixel counts cannot be turned into
//     hectares without reprojecting; warp them to UTM or an equal-area CRS.
//   - A grid with an unknown CRS is refused: its units could be degrees or
//     metres.
func CellAreas(g raster.Grid) ([]float64, error) {
	if g.CRS.IsZero() {
		return nil, fmt.Errorf("classify: cell area of grid %v: unknown CRS, cannot tell metres from degrees", g)
	}
	c, err := crs.FromRaster(g.CRS)
	if err != nil {
		return nil, fmt.Errorf("classify: cell area of grid %v: %w", g, err)
	}
	a := g.Transform
	rows := make([]float64, g.Height)
	switch c.Method() {
	case crs.Mercator:
		return nil, fmt.Errorf("classify: cell area of grid %v: %s is not equal-area (cells grow by 1/cos²(latitude)); reproject to UTM or an equal-area CRS first", g, c.Name())
	case crs.Geographic:
		if !a.IsNorthUp() {
			return nil, fmt.Errorf("classify: cell area of grid %v: rotated longitude/latitude grids are not supported", g)
		}
		e := c.Ellipsoid()
		dlon := math.Abs(a[1]) * math.Pi / 180
		for r := range rows {
			lat1 := (a[3] + float64(r)*a[5]) * math.Pi / 180
			lat2 := (a[3] + float64(r+1)*a[5]) * math.Pi / 180
			if math.Abs(lat1) > math.Pi/2+1e-12 || math.Abs(lat2) > math.Pi/2+1e-12 {
				return nil, fmt.Errorf("classify: cell area of grid %v: row %d lies beyond the poles", g, r)
			}
			rows[r] = math.Abs(bandArea(e, lat2)-bandArea(e, lat1)) * dlon
		}
	default:
		cell := math.Abs(a[1]*a[5] - a[2]*a[4])
		for r := range rows {
			rows[r] = cell
		}
	}
	return rows, nil
}

// bandArea returns the area between the equator and latitude φ (radians)
// per radian of longitude on ellipsoid e: a² q(φ)/2 with Snyder's (1987)
// authalic q (eq. 3-12), R² sin φ on a sphere.
func bandArea(e crs.Ellipsoid, phi float64) float64 {
	s := math.Sin(phi)
	if e.IsSphere() {
		return e.A * e.A * s
	}
	e2 := e.E2()
	ecc := math.Sqrt(e2)
	q := (1 - e2) * (s/(1-e2*s*s) - math.Log((1-ecc*s)/(1+ecc*s))/(2*ecc))
	return e.A * e.A * q / 2
}
