package crs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster"
)

// maxDefinitionLen bounds the strings Parse accepts.
const maxDefinitionLen = 1 << 20

// Parse recognises a CRS from a string:
//
//   - an authority code: "EPSG:32644", "epsg:4326",
//     "urn:ogc:def:crs:EPSG::3857", "http://www.opengis.net/def/crs/EPSG/0/4326",
//     or a bare code "32644";
//   - a PROJ string: "+proj=utm +zone=44 +datum=WGS84", "+init=epsg:32644",
//     "+proj=sinu +R=6371007.181", ... (see [ParseProj]);
//   - WKT1 as GDAL writes it (PROJCS[...], GEOGCS[...]) or WKT2
//     (PROJCRS[...], GEOGCRS[...]) (see [ParseWKT]).
//
// Anything else, and any part of a definition the package does not
// understand, is an error that names it.
func Parse(s string) (*CRS, error) {
	if len(s) > maxDefinitionLen {
		return nil, fmt.Errorf("crs: definition of %d bytes is too long", len(s))
	}
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return nil, fmt.Errorf("crs: empty CRS definition")
	case strings.HasPrefix(t, "+") || strings.HasPrefix(strings.ToLower(t), "proj="):
		return ParseProj(t)
	case strings.Contains(t, "[") || strings.Contains(t, "("):
		return ParseWKT(t)
	}
	if code, ok := parseAuthorityCode(t); ok {
		return FromEPSG(code)
	}
	return nil, fmt.Errorf("crs: %q is not an EPSG code, a PROJ string or WKT", abbreviate(t))
}

// parseAuthorityCode recognises EPSG codes in their usual spellings.
func parseAuthorityCode(t string) (int, bool) {
	l := strings.ToLower(t)
	var num string
	switch {
	case strings.HasPrefix(l, "epsg:"):
		num = l[len("epsg:"):]
	case strings.HasPrefix(l, "urn:ogc:def:crs:epsg:"):
		num = l[len("urn:ogc:def:crs:epsg:"):]
		if i := strings.LastIndexByte(num, ':'); i >= 0 {
			num = num[i+1:]
		}
	case strings.HasPrefix(l, "http://www.opengis.net/def/crs/epsg/"), strings.HasPrefix(l, "https://www.opengis.net/def/crs/epsg/"):
		num = l[strings.LastIndexByte(l, '/')+1:]
	default:
		num = l
	}
	code, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil || code <= 0 {
		return 0, false
	}
	return code, true
}

// abbreviate shortens long definitions for error messages.
func abbreviate(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// FromRaster returns the CRS of a raster: its EPSG code when it has one,
// otherwise its definition parsed with [Parse]. GeoTIFF files with a
// user-defined CRS (the MODIS sinusoidal grid, for example) carry only a
// citation such as "unnamed" in raster.CRS; use [FromGeoKeys] with the
// file's GeoKeys for those.
func FromRaster(c raster.CRS) (*CRS, error) {
	if c.EPSG != 0 {
		return FromEPSG(c.EPSG)
	}
	if c.Definition == "" {
		return nil, fmt.Errorf("crs: the raster has no CRS (no EPSG code and no definition)")
	}
	out, err := Parse(c.Definition)
	if err != nil {
		return nil, fmt.Errorf("crs: raster CRS %q has no EPSG code and its definition is not understood (for a user-defined GeoTIFF CRS use FromGeoKeys): %w", abbreviate(c.Definition), err)
	}
	return out, nil
}
