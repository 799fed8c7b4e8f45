package crs

import (
	"fmt"
	"math"
)

// Ellipsoid is a reference ellipsoid of revolution, or a sphere when F is 0.
type Ellipsoid struct {
	// Name is a human-readable name such as "WGS 84".
	Name string
	// A is the semi-major axis (equatorial radius) in metres.
	A float64
	// F is the flattening (a-b)/a; 0 for a sphere.
	F float64
}

// Reference ellipsoids (EPSG:7030, EPSG:7019) and the MODIS sphere.
var (
	// WGS84Ellipsoid is the WGS 84 ellipsoid, a = 6378137 m,
	// 1/f = 298.257223563 (EPSG:7030).
	WGS84Ellipsoid = Ellipsoid{Name: "WGS 84", A: 6378137, F: 1 / 298.257223563}
	// GRS80Ellipsoid is the GRS 1980 ellipsoid of ETRS89 and NAD83,
	// a = 6378137 m, 1/f = 298.257222101 (EPSG:7019).
	GRS80Ellipsoid = Ellipsoid{Name: "GRS 1980", A: 6378137, F: 1 / 298.257222101}
	// MODISSphere is the sphere of radius 6371007.181 m used by the MODIS
	// land products' sinusoidal grid.
	MODISSphere = Ellipsoid{Name: "MODIS sphere", A: 6371007.181}
)

// Sphere returns a sphere of radius r metres.
func Sphere(r float64) Ellipsoid { return Ellipsoid{Name: "sphere", A: r} }

// IsSphere reports whether the flattening is zero.
func (e Ellipsoid) IsSphere() bool { return e.F == 0 }

// B returns the semi-minor axis in metres.
func (e Ellipsoid) B() float64 { return e.A * (1 - e.F) }

// E2 returns the first eccentricity squared, f(2-f).
func (e Ellipsoid) E2() float64 { return e.F * (2 - e.F) }

// validate checks that the ellipsoid is usable: a positive finite semi-major
// axis and a flattening in [0, 0.1) (oblate, and far from degenerate).
func (e Ellipsoid) validate() error {
	if !(e.A > 0) || math.IsInf(e.A, 0) {
		return fmt.Errorf("ellipsoid %q: semi-major axis %v m is not a positive finite number", e.Name, e.A)
	}
	if !(e.F >= 0 && e.F < 0.1) {
		return fmt.Errorf("ellipsoid %q: flattening %v outside [0, 0.1)", e.Name, e.F)
	}
	return nil
}

// ellipsoidFromAxes builds an ellipsoid from a semi-major axis and either an
// inverse flattening (rf, 0 meaning a sphere) or a semi-minor axis.
func ellipsoidFromInverseFlattening(name string, a, rf float64) Ellipsoid {
	e := Ellipsoid{Name: name, A: a}
	if rf != 0 {
		e.F = 1 / rf
	}
	return e
}

func ellipsoidFromSemiMinor(name string, a, b float64) Ellipsoid {
	return Ellipsoid{Name: name, A: a, F: (a - b) / a}
}

// sameEllipsoid reports whether two ellipsoids have the same shape, to a
// micrometre on the axes.
func sameEllipsoid(x, y Ellipsoid) bool {
	return math.Abs(x.A-y.A) < 1e-6 && math.Abs(x.B()-y.B()) < 1e-6
}
