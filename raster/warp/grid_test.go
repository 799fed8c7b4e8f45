package warp

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestSuggestGridGDAL compares SuggestGrid with the grids gdalwarp chose
// (testdata/suggested.txt, made by gen_golden.sh).
func TestSuggestGridGDAL(t *testing.T) {
	f, err := os.Open("testdata/suggested.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "|")
		if len(p) != 5 {
			t.Fatalf("bad line %q", sc.Text())
		}
		t.Run(p[0]+"→"+p[1], func(t *testing.T) {
			in := inputPath(t, p[0])
			if in == "" {
				t.Skip("shared data missing")
			}
			gf, err := geotiff.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer gf.Close()
			dst, err := crs.Parse(p[1])
			if err != nil {
				t.Fatal(err)
			}
			g, err := SuggestGrid(gf.RasterGrid(), dst)
			if err != nil {
				t.Fatal(err)
			}
			w, _ := strconv.Atoi(p[2])
			h, _ := strconv.Atoi(p[3])
			var gt raster.Affine
			for i, s := range strings.Split(p[4], ",") {
				gt[i], _ = strconv.ParseFloat(s, 64)
			}
			if g.Width != w || g.Height != h {
				t.Errorf("size %dx%d, gdalwarp %dx%d", g.Width, g.Height, w, h)
			}
			for i := range gt {
				// 1e-9 of a pixel, or exact zeros
				if d := math.Abs(g.Transform[i] - gt[i]); d > 1e-9*math.Abs(gt[1]) {
					t.Errorf("geotransform[%d] = %.17g, gdalwarp %.17g", i, g.Transform[i], gt[i])
				}
			}
		})
	}
}

// TestGridForBounds checks gdalwarp's -te/-tr rounding by hand: 10.4 and
// 10.6 pixels round to 10 and 11.
func TestGridForBounds(t *testing.T) {
	g, err := GridForBounds(orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{104, 106}}, raster.CRS{EPSG: 32644}, 10, 10)
	if err != nil {
		t.Fatal(err)
	}
	if g.Width != 10 || g.Height != 11 || g.Transform != (raster.Affine{0, 10, 0, 106, 0, -10}) {
		t.Errorf("got %v", g)
	}
	if _, err := GridForBounds(orb.Bound{Max: orb.Point{1, 1}}, raster.CRS{}, 0, 1); err == nil {
		t.Error("zero resolution accepted")
	}
	g, err = GridForSize(orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{100, 50}}, raster.CRS{EPSG: 4326}, 4, 5)
	if err != nil || g.Transform != (raster.Affine{0, 25, 0, 50, 0, -10}) {
		t.Errorf("GridForSize: %v %v", g, err)
	}
}

// TestSnapGrid works out by hand the grid of a 20 m raster whose origin is
// (100, 1000) that covers a box from (135, 915) to (181, 979).
func TestSnapGrid(t *testing.T) {
	ref := raster.Grid{Width: 50, Height: 50, Transform: raster.Affine{100, 20, 0, 1000, 0, -20}, CRS: raster.CRS{EPSG: 32644}}
	g, err := SnapGrid(ref, orb.Bound{Min: orb.Point{135, 915}, Max: orb.Point{181, 979}})
	if err != nil {
		t.Fatal(err)
	}
	// columns from x=120 to 200 (4), rows from y=980 down to 900 (4)
	want := raster.Grid{Width: 4, Height: 4, Transform: raster.Affine{120, 20, 0, 980, 0, -20}, CRS: ref.CRS}
	if err := g.Match(want); err != nil {
		t.Error(err)
	}
	// a box on grid lines is not widened
	g, _ = SnapGrid(ref, orb.Bound{Min: orb.Point{120, 900}, Max: orb.Point{200, 980}})
	if err := g.Match(want); err != nil {
		t.Error(err)
	}
}
