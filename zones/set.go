package zones

import (
	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// Zone is one polygon zone: a side of a border, a town, a distance band, a
// land parcel.
type Zone struct {
	// ID is the zone's identifier: the value of the id or name property the
	// caller chose, or the feature's 1-based position when there is none.
	ID string
	// Geometry is the zone's area in its Set's CRS; a Polygon is stored as a
	// one-polygon MultiPolygon.
	Geometry orb.MultiPolygon
	// Properties are the feature's GeoJSON properties, kept as read.
	Properties map[string]any
}

// Set is a collection of zones whose coordinates are in one CRS.
type Set struct {
	// CRS is the coordinate reference system of every zone's coordinates.
	CRS raster.CRS
	// Zones are the zones, in the order they were read.
	Zones []Zone
}
