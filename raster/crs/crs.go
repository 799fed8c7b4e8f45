package crs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Method is the kind of coordinate system: geographic, or the map
// projection of a projected system.
type Method int

// The supported methods.
const (
	// Geographic is longitude/latitude in degrees.
	Geographic Method = iota + 1
	// TransverseMercator is the ellipsoidal transverse Mercator (Gauss–Krüger,
	// EPSG method 9807), which includes UTM.
	TransverseMercator
	// Mercator is the normal-aspect Mercator on an ellipsoid or a sphere
	// (EPSG methods 9804, and 1024 for Web Mercator).
	Mercator
	// LambertAzimuthalEqualArea is the ellipsoidal Lambert azimuthal
	// equal-area projection (EPSG method 9820).
	LambertAzimuthalEqualArea
	// AlbersEqualArea is the ellipsoidal Albers equal-area conic projection
	// (EPSG method 9822).
	AlbersEqualArea
	// Sinusoidal is the spherical sinusoidal projection, as in the MODIS
	// land grid.
	Sinusoidal
)

var methodNames = map[Method]string{
	Geographic:                "geographic",
	TransverseMercator:        "transverse Mercator",
	Mercator:                  "Mercator",
	LambertAzimuthalEqualArea: "Lambert azimuthal equal-area",
	AlbersEqualArea:           "Albers equal-area conic",
	Sinusoidal:                "sinusoidal",
}

// String returns the method's name.
func (m Method) String() string {
	if s, ok := methodNames[m]; ok {
		return s
	}
	return "Method(" + strconv.Itoa(int(m)) + ")"
}

// Datum is the geodetic datum a CRS is based on. The package never shifts
// between datums; see the package documentation.
type Datum int

// The datums the package knows.
const (
	// DatumUnspecified is a datum that was not named, as in a PROJ string
	// with only +ellps or +R, or a custom sphere such as the MODIS one.
	// Longitudes and latitudes pass to and from it unchanged.
	DatumUnspecified Datum = iota
	// DatumWGS84 is the World Geodetic System 1984 (EPSG:6326).
	DatumWGS84
	// DatumETRS89 is the European Terrestrial Reference System 1989
	// (EPSG:6258), on the GRS 1980 ellipsoid; within about a metre of WGS 84.
	DatumETRS89
)

// String returns the datum's name.
func (d Datum) String() string {
	switch d {
	case DatumUnspecified:
		return "unspecified datum"
	case DatumWGS84:
		return "WGS 84"
	case DatumETRS89:
		return "ETRS89"
	}
	return "Datum(" + strconv.Itoa(int(d)) + ")"
}

// Params holds the parameters of a projection. Angles are in degrees,
// lengths in metres. Which fields apply depends on the [Method]:
//
//   - TransverseMercator: Lon0, Lat0, K0, FalseEasting, FalseNorthing.
//   - Mercator: Lon0, K0 (scale on the equator), FalseEasting, FalseNorthing.
//   - LambertAzimuthalEqualArea: Lon0, Lat0 (centre), FalseEasting,
//     FalseNorthing.
//   - AlbersEqualArea: Lon0, Lat0 (false origin), Lat1, Lat2 (standard
//     parallels), FalseEasting, FalseNorthing.
//   - Sinusoidal: Lon0, FalseEasting, FalseNorthing.
//
// Fields that do not apply must be zero (K0 may be 0 to mean 1).
type Params struct {
	// Lon0 is the longitude of the central meridian or natural origin, degrees.
	Lon0 float64
	// Lat0 is the latitude of the origin, degrees.
	Lat0 float64
	// Lat1 and Lat2 are the standard parallels of a conic projection, degrees.
	Lat1, Lat2 float64
	// K0 is the scale factor at the natural origin (central meridian for
	// transverse Mercator, equator for Mercator); 0 means 1.
	K0 float64
	// FalseEasting and FalseNorthing are added to the projected
	// coordinates, metres.
	FalseEasting, FalseNorthing float64
}

// CRS is a coordinate reference system: geographic longitude/latitude or a
// projection of it. A CRS is immutable and safe for concurrent use.
type CRS struct {
	name      string
	epsg      int
	method    Method
	ellipsoid Ellipsoid
	datum     Datum
	params    Params
	proj      projection // nil for Geographic
}

// projection is the mathematics of one map projection. Angles are radians;
// lam is the longitude relative to the central meridian, already reduced to
// [-π, π]. forward returns NaNs for points outside the domain; inverse
// returns NaNs for points outside the projected domain.
type projection interface {
	forward(lam, phi float64) (x, y float64)
	inverse(x, y float64) (lam, phi float64)
}

// ErrDomain is wrapped by the errors returned for points outside a
// projection's domain (for example more than 90° from the central meridian
// of a transverse Mercator, or a pole in Mercator).
var ErrDomain = errors.New("outside the projection's domain")

// ErrInvalidCoordinate is wrapped by the errors returned for NaN or
// infinite coordinates and latitudes beyond ±90°.
var ErrInvalidCoordinate = errors.New("invalid coordinate")

// New returns a CRS with the given method, ellipsoid, datum and
// parameters. The name is free text used in messages. It checks the
// parameters: finite values, latitudes within ±90°, a positive scale
// factor, and the constraints of each method (for example standard
// parallels that are not opposite).
func New(name string, m Method, e Ellipsoid, d Datum, p Params) (*CRS, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	if p.K0 == 0 {
		p.K0 = 1
	}
	for _, v := range []float64{p.Lon0, p.Lat0, p.Lat1, p.Lat2, p.K0, p.FalseEasting, p.FalseNorthing} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s %q: parameter %v is not finite", m, name, v)
		}
	}
	for _, v := range []float64{p.Lat0, p.Lat1, p.Lat2} {
		if math.Abs(v) > 90 {
			return nil, fmt.Errorf("%s %q: latitude %v° beyond ±90°", m, name, v)
		}
	}
	if math.Abs(p.Lon0) > 360 {
		return nil, fmt.Errorf("%s %q: central longitude %v° beyond ±360°", m, name, p.Lon0)
	}
	if !(p.K0 > 0 && p.K0 < 10) {
		return nil, fmt.Errorf("%s %q: scale factor %v outside (0, 10)", m, name, p.K0)
	}
	c := &CRS{name: name, method: m, ellipsoid: e, datum: d, params: p}
	notApplicable := func(field string, v float64) error {
		if v != 0 {
			return fmt.Errorf("%s %q: parameter %s = %v does not apply to this method", m, name, field, v)
		}
		return nil
	}
	var err error
	switch m {
	case Geographic:
		err = errors.Join(notApplicable("Lon0", p.Lon0), notApplicable("Lat0", p.Lat0), notApplicable("Lat1", p.Lat1),
			notApplicable("Lat2", p.Lat2), notApplicable("K0", p.K0-1), notApplicable("FalseEasting", p.FalseEasting),
			notApplicable("FalseNorthing", p.FalseNorthing))
	case TransverseMercator:
		err = errors.Join(notApplicable("Lat1", p.Lat1), notApplicable("Lat2", p.Lat2))
		if err == nil {
			c.proj = newTransverseMercator(e, p)
		}
	case Mercator:
		err = errors.Join(notApplicable("Lat0", p.Lat0), notApplicable("Lat1", p.Lat1), notApplicable("Lat2", p.Lat2))
		if err == nil {
			c.proj = newMercator(e, p)
		}
	case LambertAzimuthalEqualArea:
		err = errors.Join(notApplicable("Lat1", p.Lat1), notApplicable("Lat2", p.Lat2), notApplicable("K0", p.K0-1))
		if err == nil {
			c.proj = newLAEA(e, p)
		}
	case AlbersEqualArea:
		err = notApplicable("K0", p.K0-1)
		if err == nil {
			c.proj, err = newAlbers(e, p)
		}
	case Sinusoidal:
		err = errors.Join(notApplicable("Lat0", p.Lat0), notApplicable("Lat1", p.Lat1), notApplicable("Lat2", p.Lat2),
			notApplicable("K0", p.K0-1))
		if err == nil && !e.IsSphere() {
			err = fmt.Errorf("sinusoidal %q: only the spherical form is supported, ellipsoid %q has flattening %v", name, e.Name, e.F)
		}
		if err == nil {
			c.proj = newSinusoidal(e, p)
		}
	default:
		err = fmt.Errorf("CRS %q: unknown method %v", name, m)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Name returns the CRS's name, for example "WGS 84 / UTM zone 44N".
func (c *CRS) Name() string { return c.name }

// EPSG returns the EPSG code, 0 when the CRS has none.
func (c *CRS) EPSG() int { return c.epsg }

// Method returns the kind of coordinate system.
func (c *CRS) Method() Method { return c.method }

// Ellipsoid returns the ellipsoid (or sphere) of the CRS.
func (c *CRS) Ellipsoid() Ellipsoid { return c.ellipsoid }

// Datum returns the datum of the CRS.
func (c *CRS) Datum() Datum { return c.datum }

// Params returns the projection parameters (zero for geographic CRSs; K0
// is 1 when it was given as 0).
func (c *CRS) Params() Params { return c.params }

// IsGeographic reports whether coordinates are longitude/latitude degrees.
func (c *CRS) IsGeographic() bool { return c.method == Geographic }

// String returns "EPSG:n" when the CRS has a code, otherwise its PROJ string.
func (c *CRS) String() string {
	if c.epsg != 0 {
		return "EPSG:" + strconv.Itoa(c.epsg)
	}
	return c.ProjString()
}

// Equal reports whether two CRSs describe the same coordinates: same
// method, ellipsoid shape, datum and parameters (names and codes aside).
func (c *CRS) Equal(o *CRS) bool {
	if c == nil || o == nil {
		return c == o
	}
	return c.method == o.method && sameEllipsoid(c.ellipsoid, o.ellipsoid) && c.datum == o.datum && c.params == o.params
}

// ProjString returns a PROJ string that PROJ (cs2cs, gdal) understands as
// the same CRS, for example "+proj=tmerc +lat_0=0 +lon_0=81 +k=0.9996
// +x_0=500000 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs".
func (c *CRS) ProjString() string {
	var b strings.Builder
	f := func(k string, v float64) { fmt.Fprintf(&b, " +%s=%s", k, strconv.FormatFloat(v, 'f', -1, 64)) }
	p := c.params
	switch c.method {
	case Geographic:
		b.WriteString("+proj=longlat")
	case TransverseMercator:
		b.WriteString("+proj=tmerc")
		f("lat_0", p.Lat0)
		f("lon_0", p.Lon0)
		f("k", p.K0)
		f("x_0", p.FalseEasting)
		f("y_0", p.FalseNorthing)
	case Mercator:
		b.WriteString("+proj=merc")
		f("lon_0", p.Lon0)
		f("k", p.K0)
		f("x_0", p.FalseEasting)
		f("y_0", p.FalseNorthing)
	case LambertAzimuthalEqualArea:
		b.WriteString("+proj=laea")
		f("lat_0", p.Lat0)
		f("lon_0", p.Lon0)
		f("x_0", p.FalseEasting)
		f("y_0", p.FalseNorthing)
	case AlbersEqualArea:
		b.WriteString("+proj=aea")
		f("lat_0", p.Lat0)
		f("lon_0", p.Lon0)
		f("lat_1", p.Lat1)
		f("lat_2", p.Lat2)
		f("x_0", p.FalseEasting)
		f("y_0", p.FalseNorthing)
	case Sinusoidal:
		b.WriteString("+proj=sinu")
		f("lon_0", p.Lon0)
		f("x_0", p.FalseEasting)
		f("y_0", p.FalseNorthing)
	}
	e := c.ellipsoid
	switch {
	case c.method == Mercator && c.datum == DatumWGS84 && e.IsSphere() && e.A == 6378137:
		// Web Mercator: a sphere carrying WGS 84 longitudes/latitudes.
		b.WriteString(" +a=6378137 +b=6378137 +nadgrids=@null +wktext")
	case c.datum == DatumWGS84 && sameEllipsoid(e, WGS84Ellipsoid):
		b.WriteString(" +datum=WGS84")
	case c.datum == DatumETRS89 && sameEllipsoid(e, GRS80Ellipsoid):
		b.WriteString(" +ellps=GRS80 +towgs84=0,0,0,0,0,0,0")
	case e.IsSphere():
		f("R", e.A)
	default:
		f("a", e.A)
		if e.F != 0 {
			f("rf", 1/e.F)
		}
	}
	if c.method != Geographic {
		b.WriteString(" +units=m")
	}
	b.WriteString(" +no_defs +type=crs")
	return b.String()
}

const (
	deg = math.Pi / 180
	rad = 180 / math.Pi
)

// checkLonLat validates a longitude/latitude pair in degrees.
func checkLonLat(lon, lat float64) error {
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return fmt.Errorf("longitude %v, latitude %v: %w: not finite", lon, lat, ErrInvalidCoordinate)
	}
	if math.Abs(lat) > 90 {
		return fmt.Errorf("latitude %v°: %w: beyond ±90°", lat, ErrInvalidCoordinate)
	}
	return nil
}

// reduceLon returns lon (radians) reduced to [-π, π].
func reduceLon(lam float64) float64 {
	if lam >= -math.Pi && lam <= math.Pi {
		return lam
	}
	lam = math.Remainder(lam, 2*math.Pi)
	return lam
}

// Forward projects a longitude/latitude in degrees (on this CRS's datum)
// to easting/northing in metres. For a geographic CRS it returns the
// longitude reduced to [-180, 180] and the latitude. NaN or infinite input,
// latitudes beyond ±90° and points outside the projection's domain are
// errors wrapping [ErrInvalidCoordinate] or [ErrDomain].
func (c *CRS) Forward(lon, lat float64) (x, y float64, err error) {
	if err := checkLonLat(lon, lat); err != nil {
		return math.NaN(), math.NaN(), fmt.Errorf("%s: %w", c.name, err)
	}
	x, y = c.forward(lon, lat)
	if math.IsNaN(x) || math.IsNaN(y) {
		return x, y, fmt.Errorf("%s: longitude %v°, latitude %v°: %w", c.name, lon, lat, ErrDomain)
	}
	return x, y, nil
}

// forward is Forward without input checks; NaN out for bad input.
func (c *CRS) forward(lon, lat float64) (x, y float64) {
	if c.proj == nil {
		if math.Abs(lat) > 90 {
			return math.NaN(), math.NaN()
		}
		return reduceLon(lon*deg) * rad, lat
	}
	if !(math.Abs(lat) <= 90) || math.IsInf(lon, 0) {
		return math.NaN(), math.NaN()
	}
	return c.proj.forward(reduceLon((lon-c.params.Lon0)*deg), lat*deg)
}

// Inverse converts easting/northing in metres to longitude/latitude in
// degrees on this CRS's datum; the longitude is in [-180, 180]. For a
// geographic CRS it checks and returns its input (longitude reduced).
// Points outside the projected domain (beyond the edge of a sinusoidal or
// Lambert azimuthal map, for example) are errors wrapping [ErrDomain].
func (c *CRS) Inverse(x, y float64) (lon, lat float64, err error) {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.NaN(), math.NaN(), fmt.Errorf("%s: x %v, y %v: %w: not finite", c.name, x, y, ErrInvalidCoordinate)
	}
	if c.proj == nil {
		if err := checkLonLat(x, y); err != nil {
			return math.NaN(), math.NaN(), fmt.Errorf("%s: %w", c.name, err)
		}
	}
	lon, lat = c.inverse(x, y)
	if math.IsNaN(lon) || math.IsNaN(lat) {
		return lon, lat, fmt.Errorf("%s: x %v m, y %v m: %w", c.name, x, y, ErrDomain)
	}
	return lon, lat, nil
}

// inverse is Inverse without input checks; NaN out for bad input.
func (c *CRS) inverse(x, y float64) (lon, lat float64) {
	if c.proj == nil {
		return c.forward(x, y)
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.NaN(), math.NaN()
	}
	lam, phi := c.proj.inverse(x, y)
	if math.IsNaN(lam) || math.IsNaN(phi) {
		return math.NaN(), math.NaN()
	}
	return reduceLon(lam+c.params.Lon0*deg) * rad, phi * rad
}
