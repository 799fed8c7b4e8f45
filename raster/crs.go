package raster

import "fmt"

// CRS identifies a coordinate reference system as read from a file or given
// by the caller. Package raster/crs interprets it; here it only travels with
// the data.
type CRS struct {
	// EPSG is the EPSG code, 0 when unknown or when the CRS has none.
	EPSG int
	// Definition is the CRS as it was described by the source, verbatim:
	// a GeoTIFF citation, WKT or PROJ string. It may be empty.
	Definition string
}

// String returns "EPSG:n", the definition when there is no code, or
// "unknown CRS".
func (c CRS) String() string {
	switch {
	case c.EPSG != 0:
		return fmt.Sprintf("EPSG:%d", c.EPSG)
	case c.Definition != "":
		return c.Definition
	}
	return "unknown CRS"
}

// IsZero reports whether nothing is known about the CRS.
func (c CRS) IsZero() bool { return c.EPSG == 0 && c.Definition == "" }

// Same reports whether two CRS are known to be the same: equal EPSG codes,
// or, when both have none, equal definitions.
func (c CRS) Same(o CRS) bool {
	if c.EPSG != 0 || o.EPSG != 0 {
		return c.EPSG == o.EPSG
	}
	return c.Definition == o.Definition
}
