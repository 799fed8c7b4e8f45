package warp

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// goldenCase is one line of testdata/cases.txt.
type goldenCase struct {
	name, input string
	method      Method
	tSRS        string
	te          []float64
	tr          []float64
}

func readCases(t testing.TB) []goldenCase {
	f, err := os.Open("testdata/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("bad case line %q", line)
		}
		c := goldenCase{name: parts[0], input: parts[1]}
		args := strings.Fields(parts[2])
		nums := func(i, n int) []float64 {
			v := make([]float64, n)
			for k := range n {
				x, err := strconv.ParseFloat(args[i+1+k], 64)
				if err != nil {
					t.Fatalf("case %s: %v", c.name, err)
				}
				v[k] = x
			}
			return v
		}
		for i := 0; i < len(args); i++ {
			switch args[i] {
			case "-t_srs":
				c.tSRS = args[i+1]
				i++
			case "-te":
				c.te = nums(i, 4)
				i += 4
			case "-tr":
				c.tr = nums(i, 2)
				i += 2
			case "-r":
				m, err := ParseMethod(args[i+1])
				if err != nil {
					t.Fatal(err)
				}
				c.method = m
				i++
			default:
				t.Fatalf("case %s: unexpected argument %q", c.name, args[i])
			}
		}
		out = append(out, c)
	}
	return out
}

// dataDir returns the shared data directory, or "" when it is missing.
func dataDir(t testing.TB) string {
	d := os.Getenv("BORDERZONE_DATA")
	if d == "" {
		d = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(d); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the shared data directory %s is missing (set BORDERZONE_DATA)", d)
		}
		return ""
	}
	return d
}

// inputPath resolves a case input; "" when the shared data are missing.
func inputPath(t testing.TB, in string) string {
	switch {
	case strings.HasPrefix(in, "corpus/"):
		return filepath.Join("..", "geotiff", "testdata", in)
	case strings.HasPrefix(in, "data/"):
		d := dataDir(t)
		if d == "" {
			return ""
		}
		return filepath.Join(d, strings.TrimPrefix(in, "data/"))
	}
	t.Fatalf("unknown input %q", in)
	return ""
}

func readStack(t testing.TB, path string) *raster.Stack {
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := f.ReadStack(context.Background(), nil, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readBand(t testing.TB, path string) *raster.Band {
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// targetGrid builds the case's target grid the way gdalwarp does.
func (c goldenCase) targetGrid(t testing.TB, src raster.Grid) raster.Grid {
	rc := src.CRS
	if c.tSRS != "" {
		cc, err := crs.Parse(c.tSRS)
		if err != nil {
			t.Fatal(err)
		}
		rc = rasterCRS(cc)
	}
	g, err := GridForBounds(orb.Bound{Min: orb.Point{c.te[0], c.te[1]}, Max: orb.Point{c.te[2], c.te[3]}}, rc, c.tr[0], c.tr[1])
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// agreement compares got with want: the share of pixels where both are NaN
// or both are numbers within tol, and the largest difference.
type agreement struct {
	n, agree, nanMismatch, exact int
	maxDiff                      float64
}

func (a agreement) String() string {
	return fmt.Sprintf("%d/%d pixels agree (%.4f%%), %d identical, %d NaN mismatches, max |diff| %.3g",
		a.agree, a.n, 100*float64(a.agree)/float64(a.n), a.exact, a.nanMismatch, a.maxDiff)
}

func compare(got, want []float32, tol float64) agreement {
	a := agreement{n: len(want)}
	for i, w := range want {
		g := got[i]
		gn, wn := g != g, w != w
		switch {
		case gn && wn:
			a.agree++
			a.exact++
		case gn != wn:
			a.nanMismatch++
		default:
			d := math.Abs(float64(g) - float64(w))
			a.maxDiff = max(a.maxDiff, d)
			if d <= tol {
				a.agree++
			}
			if g == w {
				a.exact++
			}
		}
	}
	return a
}

// valueRange returns max - min of the non-NaN values.
func valueRange(v []float32) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if x == x {
			lo, hi = min(lo, float64(x)), max(hi, float64(x))
		}
	}
	if lo > hi {
		return 0
	}
	return hi - lo
}

// requirement returns the tolerance (relative to the value range) and the
// share of pixels that must agree for a method: identical for the methods
// that pick a source value, 1e-4 of the range on 99.9 % of pixels for the
// interpolating and averaging ones.
func requirement(m Method) (relTol, share float64) {
	switch m {
	case Bilinear, Cubic, Average:
		return 1e-4, 0.999
	}
	return 0, 0.9999
}

// TestGoldenGDAL warps every case's input (all its bands together, as
// gdalwarp does) and compares each band with gdalwarp's output.
func TestGoldenGDAL(t *testing.T) {
	for _, c := range readCases(t) {
		t.Run(c.name, func(t *testing.T) {
			in := inputPath(t, c.input)
			if in == "" {
				t.Skip("shared data missing")
			}
			src := readStack(t, in)
			want := readStack(t, filepath.Join("testdata", "golden", c.name+".tif"))
			dst := c.targetGrid(t, src.Grid)
			if err := dst.Match(want.Grid); err != nil {
				t.Fatalf("target grid differs from gdalwarp's: %v", err)
			}
			got, err := Stack(context.Background(), src, dst, Options{Method: c.method, Exact: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Bands) != len(want.Bands) {
				t.Fatalf("%d bands, gdalwarp %d", len(got.Bands), len(want.Bands))
			}
			relTol, share := requirement(c.method)
			for bi, w := range want.Bands {
				rng := valueRange(w.Data)
				a := compare(got.Bands[bi].Data, w.Data, relTol*rng)
				t.Logf("%s band %d (range %g): %v", c.method, bi+1, rng, a)
				if float64(a.agree) < share*float64(a.n) {
					t.Errorf("%s band %d: only %v", c.method, bi+1, a)
				}
			}
		})
	}
}
