package crs

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestLiveCS2CS reruns PROJ's cs2cs on fresh random points for several CRSs
// and compares. It is skipped when cs2cs is not installed (Debian package
// proj-bin), except under CI=true, where it fails.
func TestLiveCS2CS(t *testing.T) {
	bin, err := exec.LookPath("cs2cs")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cs2cs not found (install proj-bin): %v", err)
		}
		t.Skip("cs2cs not found; install proj-bin to compare against PROJ")
	}
	cases := []struct {
		def, src         string
		lon0, lat0, span float64 // points in lon0±span, lat0±span (clamped)
	}{
		{"EPSG:32644", "+proj=longlat +datum=WGS84", 81, 40, 9},
		{"EPSG:32719", "+proj=longlat +datum=WGS84", -69, -40, 9},
		{"EPSG:3857", "+proj=longlat +datum=WGS84", 0, 0, 85},
		{"+proj=tmerc +lat_0=12 +lon_0=-40 +k=0.9995 +x_0=123456 +y_0=-7890 +ellps=GRS80", "+proj=longlat +ellps=GRS80", -40, 12, 25},
		{"+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80", "+proj=longlat +ellps=GRS80", 10, 52, 40},
		{"+proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +datum=WGS84", "+proj=longlat +datum=WGS84", -96, 37, 40},
		{"+proj=sinu +R=6371007.181", "+proj=longlat +R=6371007.181", 0, 0, 89},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range cases {
		crs := mustParse(t, c.def)
		dst := crs.ProjString()
		if crs.EPSG() != 0 {
			dst = "EPSG:" + strconv.Itoa(crs.EPSG())
		}
		var in bytes.Buffer
		var lons, lats []float64
		for range 200 {
			lon := c.lon0 + (2*rng.Float64()-1)*c.span
			lat := math.Max(-89.9, math.Min(89.9, c.lat0+(2*rng.Float64()-1)*c.span))
			// Use exactly the values cs2cs reads.
			lon, _ = strconv.ParseFloat(strconv.FormatFloat(lon, 'f', 12, 64), 64)
			lat, _ = strconv.ParseFloat(strconv.FormatFloat(lat, 'f', 12, 64), 64)
			lons, lats = append(lons, lon), append(lats, lat)
			fmt.Fprintf(&in, "%.12f %.12f\n", lon, lat)
		}
		args := append([]string{"-f", "%.10f"}, strings.Fields(c.src)...)
		args = append(args, "+to")
		args = append(args, strings.Fields(dst)...)
		cmd := exec.Command(bin, args...)
		cmd.Stdin = &in
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("cs2cs %v: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(lons) {
			t.Fatalf("%s: cs2cs printed %d lines for %d points", c.def, len(lines), len(lons))
		}
		var maxErr float64
		for i, line := range lines {
			f := strings.Fields(line)
			px, err1 := strconv.ParseFloat(f[0], 64)
			py, err2 := strconv.ParseFloat(f[1], 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: cs2cs line %q", c.def, line)
			}
			if dst == "EPSG:3035" {
				px, py = py, px
			}
			x, y, err := crs.Forward(lons[i], lats[i])
			if err != nil {
				t.Errorf("%s Forward(%v, %v): %v", c.def, lons[i], lats[i], err)
				continue
			}
			d := math.Hypot(x-px, y-py)
			maxErr = math.Max(maxErr, d)
			if d > 1e-3 {
				t.Errorf("%s Forward(%v, %v) = %.4f, %.4f; cs2cs %.4f, %.4f", c.def, lons[i], lats[i], x, y, px, py)
			}
		}
		t.Logf("%s: 200 random points, max difference from cs2cs %.3g m", c.def, maxErr)
	}
}
