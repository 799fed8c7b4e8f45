package crs

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestGeodesicAgainstGeographicLib compares areas and perimeters with
// GeographicLib's values computed by pyproj (testdata/gen_geodesic.py).
func TestGeodesicAgainstGeographicLib(t *testing.T) {
	f, err := os.Open("testdata/geodesic.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 6 {
			t.Fatalf("bad line %q", sc.Text())
		}
		name := fs[0]
		wantArea, _ := strconv.ParseFloat(fs[1], 64)
		wantPerim, _ := strconv.ParseFloat(fs[2], 64)
		var ring orb.Ring
		for _, p := range fs[3:] {
			lon, lat, _ := strings.Cut(p, ",")
			x, _ := strconv.ParseFloat(lon, 64)
			y, _ := strconv.ParseFloat(lat, 64)
			ring = append(ring, orb.Point{x, y})
		}
		poly := orb.Polygon{ring}
		area, err := GeodesicArea(poly)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		perim, err := GeodesicLength(poly)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		ra := math.Abs(area-wantArea) / wantArea
		rp := math.Abs(perim-wantPerim) / wantPerim
		t.Logf("%s: area %.6f m² (GeographicLib %.6f, rel. error %.2g), perimeter %.6f m (rel. error %.2g)", name, area, wantArea, ra, perim, rp)
		if ra > 1e-8 || rp > 1e-9 {
			t.Errorf("%s: area %v, perimeter %v; GeographicLib %v, %v", name, area, perim, wantArea, wantPerim)
		}
		// Orientation and closure do not matter.
		rev := make(orb.Ring, 0, len(ring)+1)
		for i := len(ring) - 1; i >= 0; i-- {
			rev = append(rev, ring[i])
		}
		rev = append(rev, rev[0])
		if a2, _ := GeodesicArea(rev); math.Abs(a2-area) > 1e-9*area {
			t.Errorf("%s: reversed closed ring area %v, want %v", name, a2, area)
		}
		n++
	}
	if n < 5 {
		t.Fatalf("only %d polygons", n)
	}
}

func TestGeodesicMisc(t *testing.T) {
	// The meridian quadrant of WGS 84 is 10001965.729 m (GeographicLib;
	// geod -I +ellps=WGS84 <<< "0 0 90 0").
	d, err := GeodesicDistance(0, 0, 0, 90)
	if err != nil || math.Abs(d-10001965.729) > 1e-3 {
		t.Errorf("quadrant = %v, %v; want 10001965.729", d, err)
	}
	// Polygon with a hole.
	outer := orb.Ring{{80, 44}, {81, 44}, {81, 45}, {80, 45}, {80, 44}}
	hole := orb.Ring{{80.2, 44.2}, {80.4, 44.2}, {80.4, 44.4}, {80.2, 44.4}, {80.2, 44.2}}
	ao, _ := GeodesicArea(outer)
	ah, _ := GeodesicArea(hole)
	ap, err := GeodesicArea(orb.Polygon{outer, hole})
	if err != nil || math.Abs(ap-(ao-ah)) > 1e-6 {
		t.Errorf("polygon with hole: %v, %v; want %v", ap, err, ao-ah)
	}
	for _, g := range []orb.Geometry{orb.Point{0, 91}, orb.LineString{{0, 0}, {math.NaN(), 1}}, orb.Polygon{{{0, 0}, {1, 0}, {1, math.Inf(1)}}}} {
		if _, err := GeodesicArea(g); err == nil {
			t.Errorf("GeodesicArea(%v): no error", g)
		}
		if _, err := GeodesicLength(g); err == nil {
			t.Errorf("GeodesicLength(%v): no error", g)
		}
	}
}
