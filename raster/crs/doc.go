// Package crs defines the coordinate reference systems borderzone works in
// and transforms coordinates and orb geometries between them.
//
// Supported systems:
//
//   - WGS 84 geographic (EPSG:4326). Coordinates are always longitude,
//     latitude in degrees, in that order, whatever the EPSG axis order says.
//   - Web Mercator (EPSG:3857): spherical Mercator on a sphere of radius
//     6378137 m applied to WGS 84 longitude/latitude.
//   - UTM north and south for every zone (EPSG:32601–32660, 32701–32760),
//     and the generic transverse Mercator with explicit parameters on any
//     ellipsoid. Transverse Mercator follows Karney (2011), "Transverse
//     Mercator with an accuracy of a few nanometers", J. Geodesy 85:475–485:
//     Krüger's series to order n^6 forward, and the inverse series followed
//     by Newton's method for the conformal latitude. Within 4000 km of the
//     central meridian the error is a few nanometres.
//   - Lambert azimuthal equal-area (including EPSG:3035, ETRS89-extended /
//     LAEA Europe) and Albers equal-area conic, ellipsoidal, after Snyder
//     (1987), "Map Projections — A Working Manual", USGS Professional Paper
//     1395, pp. 98–103 and 182–190, with the latitude recovered by Newton's
//     method from the authalic quantity q (Snyder eq. 3-16).
//   - Sinusoidal on a sphere, including the MODIS land grid (sphere of
//     radius 6371007.181 m, no EPSG code), Snyder (1987) pp. 243–248.
//   - Mercator on an ellipsoid or sphere (+proj=merc), which includes World
//     Mercator, EPSG:3395.
//
// A CRS is obtained from an EPSG code ([FromEPSG]), from a string ([Parse]:
// "EPSG:32644", PROJ strings such as "+proj=utm +zone=44 +datum=WGS84",
// WKT1 as GDAL writes it, WKT2), from the GeoTIFF keys of a file
// ([FromGeoKeys]) or from the [raster.CRS] that travels with a raster
// ([FromRaster]). Anything the package does not understand is an error
// that names what was not understood; it never guesses.
//
// # Datums
//
// No datum shift is ever applied. A [Transformer] goes from one CRS to the
// other through geodetic longitude/latitude and hands those on unchanged,
// so both CRSs must share a datum. WGS 84 based systems transform freely
// among themselves. Systems whose datum is not specified (a PROJ string
// with only +ellps or +R, a GeoTIFF or WKT with a custom ellipsoid such as
// the MODIS sphere) take the other side's longitude/latitude unchanged,
// as PROJ and GDAL do ("ballpark" transformation): for the MODIS grid this
// is the convention of the product itself. Systems on a named datum other
// than WGS 84 (ETRS89 for EPSG:3035) are refused by [NewTransformer] unless
// the caller passes [AssumeSameDatum], which accepts an error of up to
// about one metre between ETRS89 and WGS 84 (they drift apart by about
// 2.5 cm a year since 1989). CRSs on any other datum (NAD27, Pulkovo, ...)
// are refused when they are parsed.
//
// # Accuracy
//
// Every projection is checked against PROJ 9 (cs2cs) on a grid of points
// spanning its domain (testdata/gen_golden.sh): forward and inverse agree
// within 1 mm and 1e-9 degrees; in practice within 10 nm, except 8 µm for
// polar Lambert azimuthal points 1 km from the pole, where PROJ's own
// formula loses digits.
//
// # Speed
//
// About 4 million UTM forward and 2.7 million inverse point conversions
// per second per core (BenchmarkUTMForward, BenchmarkUTMInverse);
// [Transformer.TransformSlices] spreads long slices over all cores.
//
// # Geodesics
//
// [GeodesicLength] and [GeodesicArea] measure longitude/latitude
// geometries on the WGS 84 ellipsoid, edges being geodesics. Lengths use
// Vincenty's (1975) inverse method (about 0.1 mm); areas follow each edge
// along the geodesic in steps of at most 2 km and sum exact spherical
// excesses on the authalic sphere, which preserves area. Both agree with
// GeographicLib (Karney 2013, "Algorithms for geodesics", J. Geodesy
// 87:43–55; through pyproj) to 1e-8 relative or better on the test
// polygons (testdata/gen_geodesic.py).
package crs
