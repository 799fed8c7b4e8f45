package raster

import (
	"context"
	"errors"
	"image"
	"math"
	"slices"
	"strings"
	"testing"
)

// Expected values below are worked by hand from GDAL's geotransform
// definition (GDAL data model, "Affine GeoTransform"):
//
//	x = GT0 + col*GT1 + row*GT2
//	y = GT3 + col*GT4 + row*GT5
//
// and its inverse, for det = GT1*GT5 - GT2*GT4 != 0:
//
//	col = ( GT5*(x-GT0) - GT2*(y-GT3)) / det
//	row = (-GT4*(x-GT0) + GT1*(y-GT3)) / det

var (
	// northUp is a 10 m north-up grid with its corner at (100, 200).
	northUp = Affine{100, 10, 0, 200, 0, -10}
	// rotated has columns along (4, 3) and rows along (3, -4): 5-unit
	// pixels rotated by atan(3/4); det = 4*(-4) - 3*3 = -25.
	rotated = Affine{1000, 4, 3, 2000, 3, -4}
	// sheared has a shear term only: det = 2*(-1) - 0.5*0 = -2.
	sheared = Affine{-50, 2, 0.5, 80, 0, -1}
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestAffineApply(t *testing.T) {
	for _, c := range []struct {
		name     string
		a        Affine
		col, row float64
		x, y     float64
	}{
		{"north-up corner", northUp, 0, 0, 100, 200},
		{"north-up first centre", northUp, 0.5, 0.5, 105, 195},
		{"north-up (3,2)", northUp, 3, 2, 130, 180},
		{"rotated (2,1)", rotated, 2, 1, 1000 + 8 + 3, 2000 + 6 - 4},
		{"rotated (10,20)", rotated, 10, 20, 1000 + 40 + 60, 2000 + 30 - 80},
		{"sheared (4,6)", sheared, 4, 6, -50 + 8 + 3, 80 + 0 - 6},
		{"negative position", northUp, -1, -2, 90, 220},
	} {
		x, y := c.a.Apply(c.col, c.row)
		if x != c.x || y != c.y {
			t.Errorf("%s: Apply(%v, %v) = (%v, %v), want (%v, %v)", c.name, c.col, c.row, x, y, c.x, c.y)
		}
	}
}

func TestAffineInvert(t *testing.T) {
	for _, c := range []struct {
		name string
		a    Affine
		want Affine
	}{
		// col = (x-100)/10, row = (y-200)/-10.
		{"north-up", northUp, Affine{-10, 0.1, 0, 20, 0, -0.1}},
		// col = (-4(x-1000) - 3(y-2000))/-25 = -400 + 0.16x + 0.12y,
		// row = (-3(x-1000) + 4(y-2000))/-25 = 200 + 0.12x - 0.16y.
		{"rotated", rotated, Affine{-400, 0.16, 0.12, 200, 0.12, -0.16}},
		// col = (-(x+50) - 0.5(y-80))/-2 = 5 + 0.5x + 0.25y,
		// row = (2(y-80))/-2 = 80 - y.
		{"sheared", sheared, Affine{5, 0.5, 0.25, 80, 0, -1}},
	} {
		inv, err := c.a.Invert()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range inv {
			if !near(inv[i], c.want[i], 1e-12*math.Max(1, math.Abs(c.want[i]))) {
				t.Errorf("%s: Invert() = %v, want %v", c.name, inv, c.want)
				break
			}
		}
	}
}

func TestAffineRoundTrip(t *testing.T) {
	// A Landsat-sized grid rotated by about 8.7 degrees, a sheared one and
	// the hand-made ones: pixel -> map -> pixel must return the position.
	for _, a := range []Affine{
		northUp, rotated, sheared,
		{583804.25, 148.2, -23.1, 5185811.2, -22.8, -149.6},
		{-180, 0.25, 0, 90, 0, -0.25},
		{0, 1e-6, 3e-7, 0, -2e-7, -1e-6},
	} {
		inv, err := a.Invert()
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		for _, p := range [][2]float64{{0, 0}, {0.5, 0.5}, {7, 3}, {1234.25, 987.75}, {-3, 5000}} {
			x, y := a.Apply(p[0], p[1])
			col, row := inv.Apply(x, y)
			if !near(col, p[0], 1e-6) || !near(row, p[1], 1e-6) {
				t.Errorf("%v: pixel %v -> (%v, %v) -> (%v, %v)", a, p, x, y, col, row)
			}
		}
	}
}

func TestAffineInvertSingular(t *testing.T) {
	for _, c := range []struct {
		name string
		a    Affine
	}{
		{"all zero", Affine{}},
		{"zero pixel width", Affine{0, 0, 0, 0, 0, -1}},
		{"zero pixel height", Affine{0, 1, 0, 0, 0, 0}},
		// Column step (1, 2) and row step (2, 4) are collinear: det = 1*4 - 2*2.
		{"collinear axes", Affine{5, 1, 2, 5, 2, 4}},
		{"NaN term", Affine{0, math.NaN(), 0, 0, 0, -1}},
		{"infinite term", Affine{0, math.Inf(1), 0, 0, 0, -1}},
	} {
		_, err := c.a.Invert()
		if !errors.Is(err, ErrSingular) {
			t.Errorf("%s: Invert(%v) error = %v, want ErrSingular", c.name, c.a, err)
		}
		g := Grid{Width: 2, Height: 2, Transform: c.a}
		if _, _, err := g.PixelOf(1, 1); !errors.Is(err, ErrSingular) {
			t.Errorf("%s: PixelOf error = %v, want ErrSingular", c.name, err)
		}
	}
}

func TestAffineNorthUpPixelSizeShiftScale(t *testing.T) {
	if !northUp.IsNorthUp() || rotated.IsNorthUp() || sheared.IsNorthUp() {
		t.Error("IsNorthUp: want true only for the north-up transform")
	}
	// Pixel steps: columns (4, 3), rows (3, -4): both 5 long.
	if dx, dy := rotated.PixelSize(); !near(dx, 5, 1e-12) || !near(dy, 5, 1e-12) {
		t.Errorf("rotated PixelSize = %v, %v, want 5, 5", dx, dy)
	}
	if dx, dy := northUp.PixelSize(); dx != 10 || dy != 10 {
		t.Errorf("north-up PixelSize = %v, %v, want 10, 10", dx, dy)
	}
	// Shift to pixel (2, 1): the new origin is Apply(2, 1) = (1011, 2002).
	if got, want := rotated.Shift(2, 1), (Affine{1011, 4, 3, 2002, 3, -4}); got != want {
		t.Errorf("Shift = %v, want %v", got, want)
	}
	// An overview half as wide and a third as tall: column terms x2, row terms x3.
	if got, want := rotated.Scale(2, 3), (Affine{1000, 8, 9, 2000, 6, -12}); got != want {
		t.Errorf("Scale = %v, want %v", got, want)
	}
}

func TestGridBounds(t *testing.T) {
	for _, c := range []struct {
		name                   string
		g                      Grid
		minX, minY, maxX, maxY float64
	}{
		// Corners (100,200), (130,200), (100,180), (130,180).
		{"north-up", Grid{Width: 3, Height: 2, Transform: northUp}, 100, 180, 130, 200},
		// Corners: (0,0)->(1000,2000), (10,0)->(1040,2030),
		// (0,20)->(1060,1920), (10,20)->(1100,1950).
		{"rotated", Grid{Width: 10, Height: 20, Transform: rotated}, 1000, 1920, 1100, 2030},
		// Corners: (0,0)->(-50,80), (4,0)->(-42,80), (0,6)->(-47,74), (4,6)->(-39,74).
		{"sheared", Grid{Width: 4, Height: 6, Transform: sheared}, -50, 74, -39, 80},
		// South-up (positive GT5): y grows downwards from 10 to 40.
		{"south-up", Grid{Width: 2, Height: 3, Transform: Affine{0, 1, 0, 10, 0, 10}}, 0, 10, 2, 40},
	} {
		b := c.g.Bounds()
		if b.Min[0] != c.minX || b.Min[1] != c.minY || b.Max[0] != c.maxX || b.Max[1] != c.maxY {
			t.Errorf("%s: Bounds = %v, want (%v %v)-(%v %v)", c.name, b, c.minX, c.minY, c.maxX, c.maxY)
		}
	}
}

func TestGridPixelOfAndCenter(t *testing.T) {
	for _, c := range []struct {
		name     string
		g        Grid
		x, y     float64
		col, row float64
	}{
		{"north-up corner", Grid{Width: 3, Height: 2, Transform: northUp}, 100, 200, 0, 0},
		{"north-up inside", Grid{Width: 3, Height: 2, Transform: northUp}, 125, 185, 2.5, 1.5},
		{"north-up outside", Grid{Width: 3, Height: 2, Transform: northUp}, 50, 250, -5, -5},
		{"rotated", Grid{Width: 10, Height: 20, Transform: rotated}, 1011, 2002, 2, 1},
		{"rotated far corner", Grid{Width: 10, Height: 20, Transform: rotated}, 1100, 1950, 10, 20},
		// col = 5 + 0.5x + 0.25y, row = 80 - y.
		{"sheared", Grid{Width: 4, Height: 6, Transform: sheared}, -40, 76, 4, 4},
	} {
		col, row, err := c.g.PixelOf(c.x, c.y)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !near(col, c.col, 1e-9) || !near(row, c.row, 1e-9) {
			t.Errorf("%s: PixelOf(%v, %v) = (%v, %v), want (%v, %v)", c.name, c.x, c.y, col, row, c.col, c.row)
		}
	}
	// Centre of pixel (2, 1) of the rotated grid: Apply(2.5, 1.5) =
	// (1000 + 10 + 4.5, 2000 + 7.5 - 6).
	g := Grid{Width: 10, Height: 20, Transform: rotated}
	if x, y := g.Center(2, 1); x != 1014.5 || y != 2001.5 {
		t.Errorf("Center(2, 1) = (%v, %v), want (1014.5, 2001.5)", x, y)
	}
}

func TestGridWindow(t *testing.T) {
	crs := CRS{EPSG: 32643}
	g := Grid{Width: 10, Height: 20, Transform: northUp, CRS: crs}
	r := Grid{Width: 10, Height: 20, Transform: rotated, CRS: crs}
	for _, c := range []struct {
		name string
		g    Grid
		win  image.Rectangle
		want Grid
	}{
		// Origin moves to Apply(2, 3) = (120, 170).
		{"north-up", g, image.Rect(2, 3, 5, 7), Grid{Width: 3, Height: 4, Transform: Affine{120, 10, 0, 170, 0, -10}, CRS: crs}},
		{"whole", g, image.Rect(0, 0, 10, 20), g},
		{"last pixel", g, image.Rect(9, 19, 10, 20), Grid{Width: 1, Height: 1, Transform: Affine{190, 10, 0, 10, 0, -10}, CRS: crs}},
		// Origin moves to Apply(2, 1) = (1011, 2002); the axes stay rotated.
		{"rotated", r, image.Rect(2, 1, 6, 9), Grid{Width: 4, Height: 8, Transform: Affine{1011, 4, 3, 2002, 3, -4}, CRS: crs}},
	} {
		got, err := c.g.Window(c.win)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: Window(%v) = %+v, want %+v", c.name, c.win, got, c.want)
		}
	}
	for _, win := range []image.Rectangle{
		image.Rect(3, 3, 3, 5),   // empty
		image.Rect(8, 0, 11, 1),  // past the right edge
		image.Rect(0, 19, 1, 21), // past the bottom edge
		image.Rect(-1, 0, 2, 2),  // before the left edge
		image.Rect(20, 30, 25, 35),
	} {
		if _, err := g.Window(win); err == nil {
			t.Errorf("Window(%v) of a 10x20 grid: no error", win)
		}
	}
}

func TestGridMatch(t *testing.T) {
	base := Grid{Width: 10, Height: 20, Transform: Affine{600000, 30, 0, 4800000, 0, -30}, CRS: CRS{EPSG: 32643}}
	same := base
	tiny := base
	tiny.Transform[0] += 30 * 1e-10 // 1e-10 of a pixel: the same grid
	for _, o := range []Grid{same, tiny} {
		if err := base.Match(o); err != nil {
			t.Errorf("Match(%v): %v", o, err)
		}
	}
	wider, shifted, finer, otherCRS, noCRS, rotatedG := base, base, base, base, base, base
	wider.Width = 11
	shifted.Transform[3] -= 30 // one pixel down
	finer.Transform[1] = 29.99
	otherCRS.CRS = CRS{EPSG: 32644}
	noCRS.CRS = CRS{}
	rotatedG.Transform[2] = 0.5
	for name, o := range map[string]Grid{
		"wider": wider, "shifted": shifted, "finer": finer, "other CRS": otherCRS, "no CRS": noCRS, "rotated": rotatedG,
	} {
		err := base.Match(o)
		if err == nil {
			t.Errorf("%s: Match gave no error", name)
			continue
		}
		// The error names both grids.
		if !strings.Contains(err.Error(), base.String()) || !strings.Contains(err.Error(), o.String()) {
			t.Errorf("%s: error %q does not name both %q and %q", name, err, base, o)
		}
		if err2 := o.Match(base); err2 == nil {
			t.Errorf("%s: Match is not symmetric", name)
		}
	}
}

func TestCRS(t *testing.T) {
	for _, c := range []struct {
		a, b CRS
		same bool
	}{
		{CRS{EPSG: 4326}, CRS{EPSG: 4326, Definition: "WGS 84"}, true},
		{CRS{EPSG: 4326}, CRS{EPSG: 32643}, false},
		{CRS{EPSG: 4326}, CRS{Definition: "WGS 84"}, false},
		{CRS{Definition: "sinusoidal"}, CRS{Definition: "sinusoidal"}, true},
		{CRS{Definition: "sinusoidal"}, CRS{Definition: "other"}, false},
		{CRS{}, CRS{}, true},
	} {
		if got := c.a.Same(c.b); got != c.same {
			t.Errorf("%v.Same(%v) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
	if s := (CRS{EPSG: 32643}).String(); s != "EPSG:32643" {
		t.Errorf("String = %q", s)
	}
	if s := (CRS{}).String(); s != "unknown CRS" || !(CRS{}).IsZero() {
		t.Errorf("zero CRS: String %q, IsZero %v", s, (CRS{}).IsZero())
	}
}

// seqBand returns a band on a width x height north-up grid whose value at
// (col, row) is row*width + col.
func seqBand(name string, width, height int) *Band {
	b := &Band{Grid: Grid{Width: width, Height: height, Transform: northUp}, Name: name, Data: make([]float32, width*height)}
	for i := range b.Data {
		b.Data[i] = float32(i)
	}
	return b
}

func TestBandWindow(t *testing.T) {
	b := seqBand("red", 4, 3)
	// Rows 1–2, columns 1–2: values 5, 6 and 9, 10.
	w, err := b.Window(image.Rect(1, 1, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{5, 6, 9, 10}; !slices.Equal(w.Data, want) {
		t.Errorf("Window data = %v, want %v", w.Data, want)
	}
	if want := (Affine{110, 10, 0, 190, 0, -10}); w.Grid.Transform != want || w.Grid.Width != 2 || w.Grid.Height != 2 || w.Name != "red" {
		t.Errorf("Window grid = %+v name %q", w.Grid, w.Name)
	}
	// A copy: writing to it leaves the band alone.
	w.Data[0] = -1
	if b.At(1, 1) != 5 {
		t.Error("Window shares memory with the band")
	}
	// Last column.
	if w, err := b.Window(image.Rect(3, 0, 4, 3)); err != nil || !slices.Equal(w.Data, []float32{3, 7, 11}) {
		t.Errorf("last column = %v, %v", w, err)
	}
	_, err = b.Window(image.Rect(3, 0, 5, 1))
	if err == nil || !strings.Contains(err.Error(), `"red"`) {
		t.Errorf("window outside: error %v, want one naming band \"red\"", err)
	}
	// The Source view of a band.
	if _, err := b.ReadWindow(context.Background(), 1, image.Rect(0, 0, 1, 1)); err == nil {
		t.Error("ReadWindow of band 1 of a one-band source: no error")
	}
	if w, err := b.ReadWindow(context.Background(), 0, image.Rect(2, 2, 4, 3)); err != nil || !slices.Equal(w.Data, []float32{10, 11}) {
		t.Errorf("ReadWindow = %v, %v", w, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.ReadWindow(ctx, 0, image.Rect(0, 0, 1, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadWindow with a cancelled context: %v", err)
	}
}

func TestBandAccess(t *testing.T) {
	nb := NewBand(Grid{Width: 3, Height: 2}, "x")
	for i, v := range nb.Data {
		if !math.IsNaN(float64(v)) {
			t.Fatalf("NewBand value %d = %v, want NaN", i, v)
		}
	}
	b := seqBand("b", 4, 3)
	if b.At(3, 2) != 11 || b.At(0, 1) != 4 {
		t.Errorf("At(3,2) = %v, At(0,1) = %v", b.At(3, 2), b.At(0, 1))
	}
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {4, 0}, {0, 3}} {
		if v := b.At(p[0], p[1]); !math.IsNaN(float64(v)) {
			t.Errorf("At%v outside = %v, want NaN", p, v)
		}
		b.Set(p[0], p[1], 99) // must not panic or write anywhere
	}
	b.Set(2, 1, 42)
	if b.Data[1*4+2] != 42 {
		t.Error("Set(2, 1) did not write Data[6]")
	}
	if !slices.Equal(b.Row(2), []float32{8, 9, 10, 11}) {
		t.Errorf("Row(2) = %v", b.Row(2))
	}
	if err := (&Band{Grid: Grid{Width: 2, Height: 2}, Data: make([]float32, 3)}).Validate(); err == nil {
		t.Error("Validate of 3 values on a 2x2 grid: no error")
	}
}

func TestStack(t *testing.T) {
	red, nir := seqBand("red", 4, 3), seqBand("nir", 4, 3)
	s, err := NewStack(red, nir)
	if err != nil {
		t.Fatal(err)
	}
	if s.NumBands() != 2 || !slices.Equal(s.Names(), []string{"red", "nir"}) || s.RasterGrid() != red.Grid {
		t.Errorf("stack: %d bands %v grid %v", s.NumBands(), s.Names(), s.RasterGrid())
	}
	if b, err := s.Band("nir"); err != nil || b != nir {
		t.Errorf("Band(nir) = %v, %v", b, err)
	}
	if _, err := s.Band("swir"); err == nil || !strings.Contains(err.Error(), "swir") || !strings.Contains(err.Error(), "nir") {
		t.Errorf("Band(swir) error = %v, want one naming swir and the bands there are", err)
	}
	w, err := s.ReadWindow(context.Background(), 1, image.Rect(1, 1, 3, 2))
	if err != nil || !slices.Equal(w.Data, []float32{5, 6}) || w.Name != "nir" {
		t.Errorf("ReadWindow = %v, %v", w, err)
	}
	for _, band := range []int{-1, 2} {
		if _, err := s.ReadWindow(context.Background(), band, image.Rect(0, 0, 1, 1)); err == nil {
			t.Errorf("ReadWindow band %d: no error", band)
		}
	}

	// Mismatched grids: the error names the band and both grids.
	moved := seqBand("swir", 4, 3)
	moved.Grid.Transform[0] += 10
	_, err = NewStack(red, moved)
	if err == nil {
		t.Fatal("NewStack with a shifted band: no error")
	}
	for _, want := range []string{`"swir"`, red.Grid.String(), moved.Grid.String()} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	otherSize := seqBand("small", 3, 3)
	if _, err := NewStack(red, otherSize); err == nil {
		t.Error("NewStack with a 3x3 and a 4x3 band: no error")
	}
	if _, err := NewStack(); err == nil {
		t.Error("NewStack(): no error")
	}
	bad := seqBand("short", 4, 3)
	bad.Data = bad.Data[:5]
	if err := s.Add(bad); err == nil || s.NumBands() != 2 {
		t.Errorf("Add of a band with 5 values for 12 pixels: %v, %d bands", err, s.NumBands())
	}
}

func TestLabels(t *testing.T) {
	classes := []Class{{Code: 1, Name: "built-up"}, {Code: 7, Name: "water"}}
	g := Grid{Width: 4, Height: 3, Transform: northUp}
	l := NewLabels(g, classes)
	if len(l.Data) != 12 || slices.ContainsFunc(l.Data, func(v uint16) bool { return v != 0 }) {
		t.Fatalf("NewLabels: %v, want 12 zeros", l.Data)
	}
	for i := range l.Data {
		l.Data[i] = uint16(i)
	}
	if l.At(3, 2) != 11 || l.At(1, 0) != 1 {
		t.Errorf("At(3,2) = %d, At(1,0) = %d", l.At(3, 2), l.At(1, 0))
	}
	for _, p := range [][2]int{{-1, 0}, {4, 0}, {0, 3}, {0, -1}} {
		if l.At(p[0], p[1]) != 0 {
			t.Errorf("At%v outside = %d, want 0", p, l.At(p[0], p[1]))
		}
	}
	if c, ok := l.Class(7); !ok || c.Name != "water" {
		t.Errorf("Class(7) = %v, %v", c, ok)
	}
	if _, ok := l.Class(2); ok {
		t.Error("Class(2) found")
	}
	w, err := l.Window(image.Rect(2, 1, 4, 3))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.Data, []uint16{6, 7, 10, 11}) || w.Grid.Transform != (Affine{120, 10, 0, 190, 0, -10}) || len(w.Classes) != 2 {
		t.Errorf("Window = %+v", w)
	}
	if _, err := l.Window(image.Rect(0, 0, 5, 1)); err == nil {
		t.Error("Window past the edge: no error")
	}
	if err := l.Validate(); err != nil {
		t.Error(err)
	}
	l.Data = l.Data[:11]
	if err := l.Validate(); err == nil {
		t.Error("Validate of 11 codes on a 4x3 grid: no error")
	}
}

func TestBlocks(t *testing.T) {
	// 10 x 7 in 4 x 3 blocks: columns 0-4, 4-8, 8-10 (clipped), rows 0-3,
	// 3-6, 6-7 (clipped), row by row.
	want := []image.Rectangle{
		image.Rect(0, 0, 4, 3), image.Rect(4, 0, 8, 3), image.Rect(8, 0, 10, 3),
		image.Rect(0, 3, 4, 6), image.Rect(4, 3, 8, 6), image.Rect(8, 3, 10, 6),
		image.Rect(0, 6, 4, 7), image.Rect(4, 6, 8, 7), image.Rect(8, 6, 10, 7),
	}
	if got := slices.Collect(Blocks(10, 7, 4, 3)); !slices.Equal(got, want) {
		t.Errorf("Blocks(10, 7, 4, 3) = %v\nwant %v", got, want)
	}
	for _, c := range []struct{ w, h, bw, bh int }{
		{10, 7, 4, 3}, {10, 7, 10, 7}, {10, 7, 20, 20}, {10, 7, 1, 1}, {10, 7, 3, 0}, {10, 7, 0, 2},
		{10, 7, -1, -1}, {1, 1, 512, 512}, {1000, 3, 256, 256}, {257, 513, 256, 256},
	} {
		// Every pixel is covered exactly once, and every block lies inside.
		seen := make([]int, c.w*c.h)
		bounds := image.Rect(0, 0, c.w, c.h)
		for r := range Blocks(c.w, c.h, c.bw, c.bh) {
			if r.Empty() || !r.In(bounds) {
				t.Errorf("Blocks%v: block %v empty or outside %v", c, r, bounds)
				continue
			}
			if c.bw > 0 && r.Dx() > c.bw || c.bh > 0 && r.Dy() > c.bh {
				t.Errorf("Blocks%v: block %v larger than %dx%d", c, r, c.bw, c.bh)
			}
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					seen[y*c.w+x]++
				}
			}
		}
		for i, n := range seen {
			if n != 1 {
				t.Errorf("Blocks%v: pixel (%d, %d) covered %d times", c, i%c.w, i/c.w, n)
				break
			}
		}
	}
	// Non-positive sizes mean the whole width or height.
	if got := slices.Collect(Blocks(10, 7, 0, 3)); len(got) != 3 || got[0] != image.Rect(0, 0, 10, 3) {
		t.Errorf("Blocks(10, 7, 0, 3) = %v", got)
	}
	if got := slices.Collect(Blocks(0, 0, 4, 4)); len(got) != 0 {
		t.Errorf("Blocks of an empty raster = %v", got)
	}
	// Stopping early stops the iteration.
	n := 0
	for range Blocks(10, 7, 4, 3) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("break after 2 blocks: %d", n)
	}
	if got, want := slices.Collect(RowChunks(5, 7, 3)), []image.Rectangle{image.Rect(0, 0, 5, 3), image.Rect(0, 3, 5, 6), image.Rect(0, 6, 5, 7)}; !slices.Equal(got, want) {
		t.Errorf("RowChunks(5, 7, 3) = %v, want %v", got, want)
	}
}

// The in-memory types are Sources.
var (
	_ Source = (*Band)(nil)
	_ Source = (*Stack)(nil)
)
