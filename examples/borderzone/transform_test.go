package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// runTransformWith runs `borderzone transform args` with input on stdin.
func runTransformWith(t *testing.T, input string, args ...string) (string, string, int) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = old }()
	var out, errb bytes.Buffer
	code := dispatch(append([]string{"transform"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// cs2csCase holds points and what PROJ 9.1.1's cs2cs made of them. The
// expectations were generated with (EPSG:4326 in cs2cs is latitude first,
// so longitude/latitude columns are swapped on the way in and out):
//
//	awk '{print $2, $1}' | cs2cs -f %.6f EPSG:4326 EPSG:32644
//	awk '{print $2, $1}' | cs2cs -f %.6f EPSG:4326 EPSG:3857
//	cs2cs -f %.10f EPSG:32644 EPSG:4326 | awk '{print $2, $1}'
//	cs2cs -f %.10f +proj=utm +zone=45 +datum=WGS84 +units=m +no_defs +to +proj=longlat +datum=WGS84 +no_defs
//	awk '{print $2, $1}' | cs2cs -f %.6f EPSG:4326 EPSG:32744
type cs2csCase struct {
	name     string
	args     []string
	in, want [][2]float64
	tol      float64 // metres or degrees
}

var lonLats = [][2]float64{{80.4, 44.2}, {79.0, 43.5}, {84.9, 46.0}, {75.1, 40.0}, {80.0, 0.5}, {80.41, 44.19}}

var cs2csCases = []cs2csCase{
	{"4326→32644", []string{"-from", "EPSG:4326", "-to", "EPSG:32644"}, lonLats, [][2]float64{
		{452057.393508, 4894261.801029}, {338309.570683, 4818284.346103}, {801978.083725, 5101446.150422},
		{-3777.658668, 4444462.243136}, {388723.558837, 55273.511876}, {452848.464364, 4893145.298061}}, 1e-3},
	{"4326→3857", []string{"-from", "EPSG:4326", "-to", "EPSG:3857"}, lonLats, [][2]float64{
		{8950087.059779, 5496444.989878}, {8794239.772669, 5388389.272819}, {9451024.768349, 5780349.220256},
		{8360093.758575, 4865942.279503}, {8905559.263462, 55660.451865}, {8951200.254687, 5494892.354942}}, 1e-3},
	{"32644→4326", []string{"-from", "EPSG:32644", "-to", "EPSG:4326"},
		[][2]float64{{452057.394, 4894261.801}, {500000, 4882979.718}, {300000, 1000000}, {700000, 9000000}},
		[][2]float64{{80.4000000062, 44.1999999998}, {81.0000000000, 44.0999999994}, {79.1804774912, 9.0420470664}, {92.3791068808, 80.8845939442}}, 1e-9},
	{"-inverse", []string{"-from", "EPSG:4326", "-to", "EPSG:32644", "-inverse"},
		[][2]float64{{452057.394, 4894261.801}, {500000, 4882979.718}},
		[][2]float64{{80.4000000062, 44.1999999998}, {81.0000000000, 44.0999999994}}, 1e-9},
	{"PROJ string", []string{"-from", "+proj=utm +zone=45 +datum=WGS84 +units=m +no_defs", "-to", "+proj=longlat +datum=WGS84 +no_defs"},
		[][2]float64{{400000, 4800000}, {600000, 4900000}},
		[][2]float64{{85.7661878622, 43.3462000094}, {88.2524770518, 44.2463709152}}, 1e-9},
	{"UTM south", []string{"-from", "EPSG:4326", "-to", "EPSG:32744"},
		[][2]float64{{80.4, -15.5}, {77, -40}},
		[][2]float64{{435646.834318, 8286280.514818}, {158512.566269, 5564573.828438}}, 1e-3},
	{"WKT", []string{"-from", "EPSG:4326", "-to", utm44WKT}, lonLats[:2], [][2]float64{
		{452057.393508, 4894261.801029}, {338309.570683, 4818284.346103}}, 1e-3},
}

// utm44WKT is `gdalsrsinfo -o wkt1 EPSG:32644` on one line.
const utm44WKT = `PROJCS["WGS 84 / UTM zone 44N", GEOGCS["WGS 84", DATUM["WGS_1984", SPHEROID["WGS 84",6378137,298.257223563, AUTHORITY["EPSG","7030"]], AUTHORITY["EPSG","6326"]], PRIMEM["Greenwich",0, AUTHORITY["EPSG","8901"]], UNIT["degree",0.0174532925199433, AUTHORITY["EPSG","9122"]], AUTHORITY["EPSG","4326"]], PROJECTION["Transverse_Mercator"], PARAMETER["latitude_of_origin",0], PARAMETER["central_meridian",81], PARAMETER["scale_factor",0.9996], PARAMETER["false_easting",500000], PARAMETER["false_northing",0], UNIT["metre",1, AUTHORITY["EPSG","9001"]], AXIS["Easting",EAST], AXIS["Northing",NORTH], AUTHORITY["EPSG","32644"]]`

func pointsInput(ps [][2]float64) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%.10g %.10g\n", p[0], p[1])
	}
	return b.String()
}

// parseOutput reads "x\ty [rest]" lines.
func parseOutput(t *testing.T, out string) [][2]float64 {
	t.Helper()
	var ps [][2]float64
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			t.Fatalf("bad output line %q", l)
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad output line %q", l)
		}
		ps = append(ps, [2]float64{x, y})
	}
	return ps
}

func TestTransformMatchesCs2cs(t *testing.T) {
	for _, c := range cs2csCases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runTransformWith(t, pointsInput(c.in), append(c.args, "-f", "%.10f")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := parseOutput(t, out)
			if len(got) != len(c.want) {
				t.Fatalf("%d output lines, want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				if math.Abs(got[i][0]-w[0]) > c.tol || math.Abs(got[i][1]-w[1]) > c.tol {
					t.Errorf("point %v: got %v, cs2cs %v", c.in[i], got[i], w)
				}
			}
		})
	}
}

// TestTransformColumnsAndErrors: extra columns pass through, comments and
// blank lines are copied, bad lines print "*\t*", are reported with their
// line numbers and make the exit status 1; the default format is %.3f for
// metres.
func TestTransformColumnsAndErrors(t *testing.T) {
	in := "80.4 44.2 1250.5 station A\n# comment\n\nabc 44\n80.4\n80.4 95\n81 0\n"
	out, errs, code := runTransformWith(t, in, "-from", "EPSG:4326", "-to", "EPSG:32644")
	want := "452057.394\t4894261.801 1250.5 station A\n# comment\n\n*\t*\n*\t*\n*\t*\n500000.000\t0.000\n"
	if out != want {
		t.Errorf("output\n%q\nwant\n%q", out, want)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, l := range []string{"line 4:", "line 5:", "line 6:"} {
		if !strings.Contains(errs, l) {
			t.Errorf("stderr does not name %s: %s", l, errs)
		}
	}
	if strings.Contains(errs, "line 1:") || strings.Contains(errs, "line 7:") {
		t.Errorf("good lines reported: %s", errs)
	}
	for _, args := range [][]string{{"-from", "EPSG:4326"}, {"-from", "EPSG:4326", "-to", "EPSG:99999"}, {"-from", "nonsense", "-to", "EPSG:4326"}} {
		if _, _, code := runTransformWith(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestTransformLiveCs2cs reruns cs2cs on the first case; skipped when cs2cs
// is missing, except under CI=true where it fails.
func TestTransformLiveCs2cs(t *testing.T) {
	p, err := exec.LookPath("cs2cs")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but cs2cs is missing (%v); install proj-bin", err)
		}
		t.Skip("cs2cs not installed")
	}
	for _, c := range cs2csCases[:2] {
		var in strings.Builder
		for _, q := range c.in {
			fmt.Fprintf(&in, "%.10g %.10g\n", q[1], q[0]) // cs2cs: EPSG:4326 is latitude first
		}
		cmd := exec.Command(p, "-f", "%.10f", c.args[1], c.args[3])
		cmd.Stdin = strings.NewReader(in.String())
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("cs2cs: %v", err)
		}
		want := parseOutput(t, string(b))
		out, _, _ := runTransformWith(t, pointsInput(c.in), append(c.args, "-f", "%.10f")...)
		got := parseOutput(t, out)
		for i := range want {
			if math.Abs(got[i][0]-want[i][0]) > 1e-3 || math.Abs(got[i][1]-want[i][1]) > 1e-3 {
				t.Errorf("%s %v: got %v, cs2cs %v", c.name, c.in[i], got[i], want[i])
			}
		}
	}
}
