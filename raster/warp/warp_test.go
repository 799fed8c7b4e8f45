package warp

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func caseByName(t *testing.T, name string) goldenCase {
	for _, c := range readCases(t) {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no case %s", name)
	return goldenCase{}
}

// TestFromSourceMatchesGolden warps straight from the GeoTIFF file, window
// by window with small blocks, and must give gdalwarp's values and the same
// values as the in-memory warp.
func TestFromSourceMatchesGolden(t *testing.T) {
	for _, name := range []string{"nodata_4326_bilinear", "nodata_4326_cubic", "nodata_4326_average", "nodata_4326_near",
		"nodata_4326_coarse_cubic", "rgb_3857_bilinear"} {
		t.Run(name, func(t *testing.T) {
			c := caseByName(t, name)
			f, err := geotiff.Open(inputPath(t, c.input))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := readStack(t, filepath.Join("testdata", "golden", c.name+".tif"))
			dst := c.targetGrid(t, f.RasterGrid())
			bands := make([]int, f.NumBands())
			for i := range bands {
				bands[i] = i
			}
			got, err := FromSource(context.Background(), f, bands, dst, Options{Method: c.method, Exact: true, BlockSize: 37})
			if err != nil {
				t.Fatal(err)
			}
			src, err := f.ReadStack(context.Background(), nil, f.RasterGrid().Rect())
			if err != nil {
				t.Fatal(err)
			}
			mem, err := Stack(context.Background(), src, dst, Options{Method: c.method, Exact: true})
			if err != nil {
				t.Fatal(err)
			}
			relTol, share := requirement(c.method)
			for bi, w := range want.Bands {
				a := compare(got[bi].Data, w.Data, relTol*valueRange(w.Data))
				if float64(a.agree) < share*float64(a.n) {
					t.Errorf("band %d window by window: %v", bi+1, a)
				}
				if a := compare(got[bi].Data, mem.Bands[bi].Data, 0); a.exact != a.n {
					t.Errorf("band %d: FromSource and Stack differ: %v", bi+1, a)
				}
				if got[bi].Name != mem.Bands[bi].Name {
					t.Errorf("band %d named %q, in memory %q", bi+1, got[bi].Name, mem.Bands[bi].Name)
				}
			}
		})
	}
}

// TestDeterministic: the same warp (approximate transformer, cubic) on 1
// and several cores is bit-identical.
func TestDeterministic(t *testing.T) {
	c := caseByName(t, "nodata_4326_cubic")
	src := readBand(t, inputPath(t, c.input))
	dst := c.targetGrid(t, src.Grid)
	run := func(procs int) *raster.Band {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		b, err := Band(context.Background(), src, dst, Options{Method: Cubic, BlockSize: 64})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := run(1), run(4)
	for i := range a.Data {
		if math.Float32bits(a.Data[i]) != math.Float32bits(b.Data[i]) {
			t.Fatalf("pixel %d: %v on 1 core, %v on 4", i, a.Data[i], b.Data[i])
		}
	}
}

// TestApproxTransformError: the approximate transformer stays within the
// threshold of the exact mapping, measured over a whole UTM → lon/lat grid.
func TestApproxTransformError(t *testing.T) {
	src := raster.Grid{Width: 5000, Height: 5000, Transform: raster.Affine{300000, 10, 0, 5000000, 0, -10}, CRS: raster.CRS{EPSG: 32644}}
	dst, err := SuggestGrid(src, crs.WGS84())
	if err != nil {
		t.Fatal(err)
	}
	for _, thr := range []float64{0.125, 0.01} {
		m, err := newMapper(src, dst, thr, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 256
		ax, ay := make([]float64, n), make([]float64, n)
		ex, ey := make([]float64, n), make([]float64, n)
		worst := 0.0
		for y := 0; y < dst.Height; y += 97 {
			for x0 := 0; x0+n <= dst.Width; x0 += n {
				m.row(float64(x0)+0.5, float64(y)+0.5, ax, ay)
				m.exact(float64(x0)+0.5, float64(y)+0.5, ex, ey)
				for i := range ax {
					worst = max(worst, math.Abs(ax[i]-ex[i])+math.Abs(ay[i]-ey[i]))
				}
			}
		}
		if worst > thr {
			t.Errorf("threshold %v: worst error %v source pixels", thr, worst)
		}
		t.Logf("threshold %v: worst error %.3g source pixels", thr, worst)
	}
}

// TestNoSmear: a constant field with holes. Every interpolated value must
// be the constant (renormalised weights), and a target pixel whose centre
// falls in a hole must stay a hole.
func TestNoSmear(t *testing.T) {
	g := raster.Grid{Width: 8, Height: 8, Transform: raster.Affine{0, 1, 0, 8, 0, -1}, CRS: raster.CRS{EPSG: 32644}}
	b := raster.NewBand(g, "c")
	for i := range b.Data {
		b.Data[i] = 5
	}
	holes := [][2]int{{2, 2}, {3, 2}, {5, 6}, {0, 0}}
	for _, h := range holes {
		b.Set(h[0], h[1], float32(math.NaN()))
	}
	dst := raster.Grid{Width: 32, Height: 32, Transform: raster.Affine{0, 0.25, 0, 8, 0, -0.25}, CRS: g.CRS}
	for _, m := range []Method{Nearest, Bilinear, Cubic, Average, Mode, Min, Max} {
		out, err := Band(context.Background(), b, dst, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		for y := range 32 {
			for x := range 32 {
				v := out.At(x, y)
				inHole := false
				for _, h := range holes {
					if x/4 == h[0] && y/4 == h[1] {
						inHole = true
					}
				}
				switch {
				case inHole && v == v:
					t.Errorf("%v: pixel (%d,%d) in a hole got %v", m, x, y, v)
				case !inHole && math.Abs(float64(v)-5) > 1e-6:
					t.Errorf("%v: pixel (%d,%d) got %v, want 5", m, x, y, v)
				}
			}
		}
	}
}

// TestCrop: by hand, a 4x3 band cropped to a box reaching one pixel
// beyond its left edge and cutting its last row.
func TestCrop(t *testing.T) {
	g := raster.Grid{Width: 4, Height: 3, Transform: raster.Affine{100, 10, 0, 200, 0, -10}, CRS: raster.CRS{EPSG: 32644}}
	b := &raster.Band{Grid: g, Name: "b", Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	out, err := Crop(b, orb.Bound{Min: orb.Point{95, 182}, Max: orb.Point{121, 200}})
	if err != nil {
		t.Fatal(err)
	}
	// columns x = 90 … 130 (4: one padding column, then source columns 0-2),
	// rows y = 200 … 180 (2)
	nan := float32(math.NaN())
	want := []float32{nan, 1, 2, 3, nan, 5, 6, 7}
	if out.Grid.Width != 4 || out.Grid.Height != 2 || out.Grid.Transform[0] != 90 || out.Grid.Transform[3] != 200 {
		t.Fatalf("grid %v", out.Grid)
	}
	for i, w := range want {
		if v := out.Data[i]; !(v == w || (v != v && w != w)) {
			t.Errorf("pixel %d = %v, want %v", i, v, w)
		}
	}
	poly := orb.Polygon{{{95, 182}, {121, 182}, {121, 200}, {95, 182}}}
	out2, err := CropToGeometry(b, poly)
	if err != nil || out2.Grid.Match(out.Grid) != nil {
		t.Errorf("CropToGeometry: %v %v", out2, err)
	}
}

// TestAlignSentinel2 snaps the 200 m B12 band onto the 100 m B04 grid and
// compares a corner of it with gdalwarp's.
func TestAlignSentinel2(t *testing.T) {
	c := caseByName(t, "s2_b12_on_b04_bilinear")
	in := inputPath(t, c.input)
	if in == "" {
		t.Skip("shared data missing")
	}
	b12 := readBand(t, in)
	b04 := readBand(t, strings.Replace(in, "B12", "B04", 1))
	s, err := Align(context.Background(), b04.Grid, Options{Method: Bilinear}, b04, b12)
	if err != nil {
		t.Fatal(err)
	}
	if s.Grid.Match(b04.Grid) != nil || s.Bands[1].Name == "" {
		t.Fatalf("stack grid %v", s.Grid)
	}
	want := readBand(t, filepath.Join("testdata", "golden", c.name+".tif"))
	win, err := s.Bands[1].Window(want.Grid.Rect())
	if err != nil {
		t.Fatal(err)
	}
	if a := compare(win.Data, want.Data, 1e-4*valueRange(want.Data)); a.agree != a.n {
		t.Errorf("aligned B12: %v", a)
	}
}

// TestLabelsMode aggregates the B04 band as categories and must match
// gdalwarp's mode (codes are the integer reflectances; 0 is none).
func TestLabelsMode(t *testing.T) {
	c := caseByName(t, "s2_b04_200m_mode")
	in := inputPath(t, c.input)
	if in == "" {
		t.Skip("shared data missing")
	}
	src := readBand(t, in)
	l := raster.NewLabels(src.Grid, nil)
	for i, v := range src.Data {
		if v == v {
			l.Data[i] = uint16(v)
		}
	}
	want := readBand(t, filepath.Join("testdata", "golden", c.name+".tif"))
	out, err := Labels(context.Background(), l, c.targetGrid(t, src.Grid), Options{Method: Mode})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want.Data {
		g := out.Data[i]
		if (w != w && g != 0) || (w == w && float32(g) != w) {
			t.Fatalf("pixel %d: %d, gdalwarp %v", i, g, w)
		}
	}
	if _, err := Labels(context.Background(), l, out.Grid, Options{Method: Bilinear}); err == nil {
		t.Error("bilinear accepted for labels")
	}
}

func TestErrorsAndCancel(t *testing.T) {
	g := raster.Grid{Width: 4, Height: 4, Transform: raster.Affine{0, 1, 0, 4, 0, -1}, CRS: raster.CRS{EPSG: 32644}}
	b := raster.NewBand(g, "red")
	bad := g
	bad.CRS = raster.CRS{Definition: "not a crs"}
	_, err := Band(context.Background(), b, bad, Options{})
	if err == nil || !strings.Contains(err.Error(), `"red"`) || !strings.Contains(err.Error(), "not a crs") {
		t.Errorf("error should name the band and the grid: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := raster.Grid{Width: 2000, Height: 2000, Transform: raster.Affine{0, 0.002, 0, 4, 0, -0.002}, CRS: g.CRS}
	if _, err := Band(ctx, b, big, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled warp: %v", err)
	}
	if _, err := ParseMethod("lanczos"); err == nil {
		t.Error("lanczos accepted")
	}
	if m, err := ParseMethod("near"); err != nil || m != Nearest {
		t.Error("near not accepted")
	}
}
