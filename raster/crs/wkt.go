package crs

import "fmt"

// ParseWKT recognises WKT1 and WKT2 CRS definitions.
func ParseWKT(s string) (*CRS, error) {
	return nil, fmt.Errorf("crs: WKT %q is not supported yet", abbreviate(s))
}
