package crs

import (
	"fmt"
	"math"
)

// WGS84 returns WGS 84 geographic longitude/latitude in degrees
// (EPSG:4326; the API always takes longitude first).
func WGS84() *CRS {
	c, _ := New("WGS 84", Geographic, WGS84Ellipsoid, DatumWGS84, Params{})
	c.epsg = 4326
	return c
}

// WebMercator returns WGS 84 / Pseudo-Mercator (EPSG:3857): spherical
// Mercator with radius 6378137 m applied to WGS 84 longitude/latitude
// (EPSG Guidance Note 7-2, method 1024). Latitudes of ±90° are outside the
// domain; web maps stop at ±85.0511°.
func WebMercator() *CRS {
	c, _ := New("WGS 84 / Pseudo-Mercator", Mercator, Sphere(6378137), DatumWGS84, Params{})
	c.epsg = 3857
	return c
}

// UTM returns WGS 84 / UTM zone (1–60) north or south (EPSG:32601–32660 and
// 32701–32760): transverse Mercator with central meridian 6·zone − 183°,
// scale 0.9996, false easting 500000 m and false northing 0 (north) or
// 10000000 m (south).
func UTM(zone int, north bool) (*CRS, error) {
	if zone < 1 || zone > 60 {
		return nil, fmt.Errorf("UTM zone %d outside 1–60", zone)
	}
	p := Params{Lon0: float64(6*zone - 183), K0: 0.9996, FalseEasting: 500000}
	hemi, code := "N", 32600+zone
	if !north {
		p.FalseNorthing = 10000000
		hemi, code = "S", 32700+zone
	}
	c, err := New(fmt.Sprintf("WGS 84 / UTM zone %d%s", zone, hemi), TransverseMercator, WGS84Ellipsoid, DatumWGS84, p)
	if err != nil {
		return nil, err
	}
	c.epsg = code
	return c, nil
}

// ETRS89LAEAEurope returns ETRS89-extended / LAEA Europe (EPSG:3035):
// Lambert azimuthal equal-area on GRS 1980 centred at 52° N 10° E, false
// easting 4321000 m, false northing 3210000 m. Its datum is ETRS89; see
// [AssumeSameDatum]. Coordinates are easting, northing (the EPSG axis
// order is northing first).
func ETRS89LAEAEurope() *CRS {
	c, _ := New("ETRS89-extended / LAEA Europe", LambertAzimuthalEqualArea, GRS80Ellipsoid, DatumETRS89,
		Params{Lat0: 52, Lon0: 10, FalseEasting: 4321000, FalseNorthing: 3210000})
	c.epsg = 3035
	return c
}

// WorldMercator returns WGS 84 / World Mercator (EPSG:3395), ellipsoidal
// Mercator on WGS 84.
func WorldMercator() *CRS {
	c, _ := New("WGS 84 / World Mercator", Mercator, WGS84Ellipsoid, DatumWGS84, Params{})
	c.epsg = 3395
	return c
}

// ETRS89 returns ETRS89 geographic longitude/latitude (EPSG:4258).
func ETRS89() *CRS {
	c, _ := New("ETRS89", Geographic, GRS80Ellipsoid, DatumETRS89, Params{})
	c.epsg = 4258
	return c
}

// MODISSinusoidal returns the sinusoidal projection of the MODIS land
// products: sphere of radius 6371007.181 m, central meridian 0, no false
// easting or northing, and no EPSG code. Its datum is unspecified: WGS 84
// longitudes/latitudes are used on the sphere unchanged, as the product
// definition, GDAL and PROJ do.
func MODISSinusoidal() *CRS {
	c, _ := New("MODIS sinusoidal", Sinusoidal, MODISSphere, DatumUnspecified, Params{})
	return c
}

// FromEPSG returns the CRS with the given EPSG code. Supported codes: 4326
// (WGS 84), 4258 (ETRS89), 3857 (Web Mercator, also its old alias 900913),
// 3395 (World Mercator), 32601–32660 and 32701–32760 (WGS 84 / UTM), and
// 3035 (ETRS89 / LAEA Europe). Other codes are an error.
func FromEPSG(code int) (*CRS, error) {
	switch {
	case code == 4326:
		return WGS84(), nil
	case code == 4258:
		return ETRS89(), nil
	case code == 3857 || code == 900913:
		return WebMercator(), nil
	case code == 3395:
		return WorldMercator(), nil
	case code == 3035:
		return ETRS89LAEAEurope(), nil
	case code >= 32601 && code <= 32660:
		return UTM(code-32600, true)
	case code >= 32701 && code <= 32760:
		return UTM(code-32700, false)
	}
	return nil, fmt.Errorf("EPSG:%d is not supported (supported: 4326, 4258, 3857, 3395, 3035, 32601–32660, 32701–32760; other systems by explicit parameters)", code)
}

// UTMZone returns the UTM zone (1–60) and hemisphere for a longitude and
// latitude in degrees, following the Military Grid Reference System
// exceptions: zone 32 covers 3°–12° E between 56° and 64° N (southern
// Norway, band 32V), and between 72° and 84° N (Svalbard, band X) zones 31,
// 33, 35 and 37 are widened to 0°–9°, 9°–21°, 21°–33° and 33°–42° E.
// Latitudes outside [-80°, 84°] belong to the polar (UPS) systems and are
// an error; so are NaN and infinite input. Longitudes are reduced to
// [-180°, 180°); 180° itself is −180°, zone 1.
func UTMZone(lon, lat float64) (zone int, north bool, err error) {
	if err := checkLonLat(lon, lat); err != nil {
		return 0, false, err
	}
	if lat < -80 || lat > 84 {
		return 0, false, fmt.Errorf("latitude %v° is outside the UTM range [-80°, 84°] (polar stereographic UPS is not supported)", lat)
	}
	lon = reduceLon(lon*deg) * rad
	if lon >= 180 {
		lon -= 360
	}
	zone = int(math.Floor((lon+180)/6)) + 1
	if zone > 60 {
		zone = 60
	}
	switch {
	case lat >= 56 && lat < 64 && lon >= 3 && lon < 12:
		zone = 32
	case lat >= 72 && lon >= 0 && lon < 42:
		switch {
		case lon < 9:
			zone = 31
		case lon < 21:
			zone = 33
		case lon < 33:
			zone = 35
		default:
			zone = 37
		}
	}
	return zone, lat >= 0, nil
}

// UTMFor returns the WGS 84 / UTM CRS of the zone containing a longitude
// and latitude in degrees (see [UTMZone]).
func UTMFor(lon, lat float64) (*CRS, error) {
	zone, north, err := UTMZone(lon, lat)
	if err != nil {
		return nil, err
	}
	return UTM(zone, north)
}
