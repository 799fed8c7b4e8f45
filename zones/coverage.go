package zones

import (
	"image"

	"github.com/borderzone/borderzone/raster"
)

// Rule says which cells of a grid belong to a zone.
type Rule int

const (
	// Center takes the cells whose centre lies inside the zone (GDAL's and
	// rasterio's default rule). Fractions are 0 or 1.
	Center Rule = iota
	// AllTouched takes every cell the zone's interior or boundary touches
	// (GDAL's ALL_TOUCHED=TRUE). Fractions are 0 or 1.
	AllTouched
	// Exact gives each cell the fraction (0–1) of its area that lies inside
	// the zone, by exactextract's algorithm.
	Exact
)

// Coverage is the set of cells of one zone on one grid: a window of the grid
// and, for each cell of the window, the fraction of the cell inside the zone.
type Coverage struct {
	// Zone is the zone's index in its Set.
	Zone int
	// Window is the zone's bounding window in the grid's pixel coordinates,
	// clipped to the grid; it is empty when the zone lies wholly outside.
	Window image.Rectangle
	// Frac holds Window.Dx()*Window.Dy() fractions in row-major order: the
	// share (0–1) of each cell's area inside the zone under the Exact rule, 0
	// or 1 under Center and AllTouched.
	Frac []float32
	// Outside is what the zone has beyond the grid's edges, in cells: the
	// number of cells (Center, AllTouched) or the summed coverage fractions
	// (Exact) that would belong to the zone on the grid extended without
	// limit. It is 0 for a zone wholly inside the grid.
	Outside float64
}

// CoverageSet is the coverage of every zone of a Set on one grid. It is
// computed once per (zone set, grid) and reused for every band and date on
// that grid.
type CoverageSet struct {
	// Grid is the grid the coverage was computed on.
	Grid raster.Grid
	// Rule is the rule it was computed under.
	Rule Rule
	// Zones holds one Coverage per zone of the Set, in the Set's order.
	Zones []Coverage
}
