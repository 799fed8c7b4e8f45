package crs

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// checkParsed exercises a CRS that a parser accepted: its PROJ string must
// parse back to the same CRS, and transforming points must not panic.
func checkParsed(t *testing.T, c *CRS) {
	back, err := ParseProj(c.ProjString())
	if err != nil {
		t.Fatalf("ProjString %q does not parse: %v", c.ProjString(), err)
	}
	if !back.Equal(c) {
		t.Fatalf("ProjString %q parses to %q", c.ProjString(), back.ProjString())
	}
	for _, p := range [][2]float64{{0, 0}, {c.params.Lon0 + 1, c.params.Lat0 + 1}, {-179, -89}, {180, 90}, {math.NaN(), 1}} {
		if x, y, err := c.Forward(p[0], p[1]); err == nil {
			_, _, _ = c.Inverse(x, y)
		}
	}
}

func addSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b))
		}
	}
}

// FuzzParseWKT: ParseWKT never panics or hangs, and what it accepts is a
// usable CRS. Seeds: testdata/wkt and testdata/fuzz/FuzzParseWKT.
func FuzzParseWKT(f *testing.F) {
	addSeeds(f, "testdata/wkt/*.wkt1")
	addSeeds(f, "testdata/wkt/*.wkt2")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseWKT(s)
		if err != nil {
			if c != nil {
				t.Fatal("non-nil CRS with an error")
			}
			return
		}
		checkParsed(t, c)
	})
}

// FuzzParseProj: ParseProj and Parse never panic, and what they accept is
// a usable CRS. Seeds: testdata/wkt/*.proj and testdata/fuzz/FuzzParseProj.
func FuzzParseProj(f *testing.F) {
	addSeeds(f, "testdata/wkt/*.proj")
	for _, s := range []string{"EPSG:32644", "+init=epsg:3857", "+proj=utm +zone=44 +south +datum=WGS84",
		"+proj=aea +lat_1=29.5 +lat_2=45.5 +lat_0=23 +lon_0=-96 +datum=WGS84", "+proj=sinu +R=6371007.181"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		checkParsed(t, c)
	})
}
