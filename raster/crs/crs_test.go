package crs

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) *CRS {
	t.Helper()
	c, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return c
}

func TestInvalidInputIsAnError(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, def := range []string{"EPSG:4326", "EPSG:32644", "EPSG:32733", "EPSG:3857", "EPSG:3035",
		"+proj=sinu +R=6371007.181", "+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=23 +lon_0=-96 +datum=WGS84"} {
		c := mustParse(t, def)
		for _, p := range [][2]float64{{nan, 0}, {0, nan}, {inf, 0}, {0, -inf}, {0, 90.5}, {10, -91}} {
			if x, y, err := c.Forward(p[0], p[1]); err == nil || !errors.Is(err, ErrInvalidCoordinate) || !math.IsNaN(x) || !math.IsNaN(y) {
				t.Errorf("%s Forward(%v, %v) = %v, %v, %v; want NaN and ErrInvalidCoordinate", def, p[0], p[1], x, y, err)
			}
		}
		for _, p := range [][2]float64{{nan, 0}, {0, inf}} {
			if _, _, err := c.Inverse(p[0], p[1]); !errors.Is(err, ErrInvalidCoordinate) {
				t.Errorf("%s Inverse(%v, %v): err %v, want ErrInvalidCoordinate", def, p[0], p[1], err)
			}
		}
	}
}

func TestOutsideDomainIsAnError(t *testing.T) {
	cases := []struct {
		def      string
		lon, lat float64
	}{
		{"EPSG:32644", 81 + 120, 10}, // the far side of the cylinder
		{"EPSG:32644", 81 - 95, -30},
		{"EPSG:3857", 10, 90},
		{"EPSG:3857", 10, -90},
		{"+proj=laea +lat_0=45 +lon_0=80 +datum=WGS84", -100, -45}, // antipode of the centre
	}
	for _, c := range cases {
		crs := mustParse(t, c.def)
		x, y, err := crs.Forward(c.lon, c.lat)
		if !errors.Is(err, ErrDomain) || !math.IsNaN(x) || !math.IsNaN(y) {
			t.Errorf("%s Forward(%v, %v) = %v, %v, %v; want NaN and ErrDomain", c.def, c.lon, c.lat, x, y, err)
		}
	}
	inv := []struct {
		def  string
		x, y float64
	}{
		{"+proj=sinu +R=6371007.181", 2.1e7, 0},         // beyond ±180° on the equator
		{"+proj=sinu +R=6371007.181", 0, 1.1e7},         // beyond the pole
		{"+proj=laea +lat_0=90 +datum=WGS84", 2e7, 0},   // beyond the antipode circle
		{"+proj=laea +lat_0=45 +datum=WGS84", 0, 1.5e7}, // beyond the antipode circle
		{"EPSG:32644", 1e9, 0},
		{"EPSG:32644", 500000, 2.1e7},
	}
	for _, c := range inv {
		crs := mustParse(t, c.def)
		lon, lat, err := crs.Inverse(c.x, c.y)
		if !errors.Is(err, ErrDomain) || !math.IsNaN(lon) || !math.IsNaN(lat) {
			t.Errorf("%s Inverse(%v, %v) = %v, %v, %v; want NaN and ErrDomain", c.def, c.x, c.y, lon, lat, err)
		}
	}
}

// TestUTMZone checks zones against the MGRS definition (NGA.STND.0037,
// Figure 1: the 32V and 31X–37X exceptions).
func TestUTMZone(t *testing.T) {
	cases := []struct {
		lon, lat float64
		zone     int
		north    bool
	}{
		{80.4, 44.2, 44, true}, // Khorgos, China side: 78°–84° E
		{80.0, 44.2, 44, true},
		{84.0, 44.2, 45, true},
		{-180, 0, 1, true},
		{180, 0, 1, true}, // 180° is −180°
		{179.999, -10, 60, false},
		{-0.0001, 0, 30, true},
		{0, -0.0001, 31, false},
		{2.9, 60, 31, true},    // west of the 32V widening
		{3.0, 60, 32, true},    // 32V
		{11.9, 63.9, 32, true}, // 32V
		{12.0, 60, 33, true},
		{5, 64, 31, true}, // north of band V: no exception
		{8.9, 78, 31, true},
		{9, 78, 33, true},
		{20.9, 78, 33, true},
		{21, 78, 35, true},
		{32.9, 78, 35, true},
		{33, 78, 37, true},
		{41.9, 84, 37, true},
		{42, 78, 38, true},
		{5, 71.9, 31, true},
		{10, 71.9, 32, true},
		{-71.5, -80, 19, false},
	}
	for _, c := range cases {
		zone, north, err := UTMZone(c.lon, c.lat)
		if err != nil || zone != c.zone || north != c.north {
			t.Errorf("UTMZone(%v, %v) = %d, %v, %v; want %d, %v", c.lon, c.lat, zone, north, err, c.zone, c.north)
		}
	}
	for _, p := range [][2]float64{{0, 84.01}, {0, -80.01}, {math.NaN(), 0}, {0, math.Inf(1)}} {
		if _, _, err := UTMZone(p[0], p[1]); err == nil {
			t.Errorf("UTMZone(%v, %v): no error", p[0], p[1])
		}
	}
	c, err := UTMFor(80.4, 44.2)
	if err != nil || c.EPSG() != 32644 {
		t.Errorf("UTMFor(Khorgos) = %v, %v; want EPSG:32644", c, err)
	}
}

func TestFromEPSG(t *testing.T) {
	for code := 32601; code <= 32760; code++ {
		if code > 32660 && code < 32701 {
			continue
		}
		c, err := FromEPSG(code)
		if err != nil {
			t.Fatal(err)
		}
		zone := code % 100
		p := c.Params()
		wantFN := 0.0
		if code > 32700 {
			wantFN = 10000000
		}
		if c.EPSG() != code || p.Lon0 != float64(6*zone-183) || p.K0 != 0.9996 || p.FalseEasting != 500000 || p.FalseNorthing != wantFN {
			t.Errorf("FromEPSG(%d) = %+v", code, p)
		}
	}
	for _, code := range []int{0, -1, 4269, 26910, 32661, 32700, 32761, 2154} {
		if _, err := FromEPSG(code); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("FromEPSG(%d): err %v, want not supported", code, err)
		}
	}
}
