package render

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

var nan32 = float32(math.NaN())

func testGrid(w, h int) raster.Grid {
	return raster.Grid{Width: w, Height: h, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}}
}

func bandOf(w, h int, vals ...float32) *raster.Band {
	return &raster.Band{Grid: testGrid(w, h), Name: "test", Data: vals}
}

// lcgValues regenerates the data of testdata/gen_percentiles.py.
func lcgValues(kind string, seed uint64, n int) []float32 {
	x := seed
	out := make([]float32, n)
	for i := range out {
		x = x*6364136223846793005 + 1442695040888963407
		r := uint32(x >> 32)
		switch {
		case r%10 == 0:
			out[i] = nan32
		case kind == "wide":
			out[i] = float32(int64(r>>8)-(1<<23)) / 1024
		default:
			out[i] = float32((r >> 24) % 50)
		}
	}
	return out
}

func TestPercentilesNumpy(t *testing.T) {
	raw, err := os.ReadFile("testdata/percentiles.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Ps    []float64
		Cases []struct {
			Kind  string
			Seed  uint64
			N     int
			Valid int
			Want  []float64
		}
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden.Cases) < 5 {
		t.Fatalf("only %d golden cases", len(golden.Cases))
	}
	for _, c := range golden.Cases {
		data := lcgValues(c.Kind, c.Seed, c.N)
		got, err := Percentiles(data, golden.Ps...)
		if err != nil {
			t.Fatalf("%s/%d: %v", c.Kind, c.Seed, err)
		}
		for i, p := range golden.Ps {
			if got[i] != c.Want[i] {
				t.Errorf("%s seed %d n %d: percentile %g = %.17g, numpy %.17g", c.Kind, c.Seed, c.N, p, got[i], c.Want[i])
			}
		}
	}
}

func TestPercentilesErrors(t *testing.T) {
	if _, err := Percentiles([]float32{nan32, nan32}, 50); err == nil {
		t.Error("all-NaN data: want an error")
	}
	if _, err := Percentiles([]float32{1}, 101); err == nil {
		t.Error("percentile 101: want an error")
	}
	if _, _, err := Explicit(2, 1).Range(nil); err == nil {
		t.Error("explicit lo > hi: want an error")
	}
	if _, _, err := MinMax().Range([]float32{1, float32(math.Inf(1))}); err == nil {
		t.Error("infinite max: want an error")
	}
}

func TestStretchRange(t *testing.T) {
	data := []float32{5, nan32, 1, 4, 2, 3}
	// numpy.nanpercentile([5,nan,1,4,2,3], [2,98]) = [1.08, 4.92] by hand:
	// h = 4*0.02 = 0.08 -> 1 + 0.08*(2-1); h = 3.92 -> 4 + 0.92*(5-4).
	for _, tc := range []struct {
		s      Stretch
		lo, hi float64
	}{
		{Stretch{}, 1.08, 4.92},
		{Percentile(0, 100), 1, 5},
		{MinMax(), 1, 5},
		{Explicit(-1, 7), -1, 7},
	} {
		lo, hi, err := tc.s.Range(data)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(lo-tc.lo) > 1e-12 || math.Abs(hi-tc.hi) > 1e-12 {
			t.Errorf("%+v: range [%g, %g], want [%g, %g]", tc.s, lo, hi, tc.lo, tc.hi)
		}
	}
}

type rampGolden struct {
	Vmin, Vmax float64
	Values     []*float64
	Tables     map[string][][4]uint8
	Mapped     map[string][][4]uint8
}

func loadRampGolden(t *testing.T) rampGolden {
	raw, err := os.ReadFile("testdata/ramps.json")
	if err != nil {
		t.Fatal(err)
	}
	var g rampGolden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRampsMatplotlib(t *testing.T) {
	g := loadRampGolden(t)
	for name, table := range g.Tables {
		r, err := RampByName(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range table {
			c := r.Entry(i)
			if [4]uint8{c.R, c.G, c.B, c.A} != want {
				t.Errorf("%s entry %d = %v, matplotlib %v", name, i, c, want)
			}
		}
		// The same values through Colorize (as float32) and matplotlib's
		// Normalize + colormap (float64).
		data := make([]float32, len(g.Values))
		for i, v := range g.Values {
			data[i] = nan32
			if v != nil {
				data[i] = float32(*v)
			}
		}
		img := image.NewNRGBA(image.Rect(0, 0, len(data), 1))
		if err := Colorize(img, data, len(data), r, g.Vmin, g.Vmax); err != nil {
			t.Fatal(err)
		}
		if err := Colorize(img, append(data, data...), len(data), r, g.Vmin, g.Vmax); err == nil {
			t.Error("image too small: want an error")
		}
		for i, want := range g.Mapped[name] {
			c := img.NRGBAAt(i, 0)
			if [4]uint8{c.R, c.G, c.B, c.A} != want {
				t.Errorf("%s value %v -> %v, matplotlib %v", name, data[i], c, want)
			}
		}
	}
	if len(g.Tables) != 4 {
		t.Errorf("golden has %d ramps, want 4", len(g.Tables))
	}
}

// TestRampPublishedEnds checks ramp ends and middles against the published
// hex values: viridis #440154 ... #21918c (entry 128) ... #fde725, magma
// #000004 ... #fcfdbf, ColorBrewer RdYlGn-11 #a50026, #ffffbf (class 6,
// the middle), #006837.
func TestRampPublishedEnds(t *testing.T) {
	hex := func(s uint32) color.NRGBA { return color.NRGBA{uint8(s >> 16), uint8(s >> 8), uint8(s), 255} }
	for _, tc := range []struct {
		r     *Ramp
		entry int
		want  color.NRGBA
	}{
		{Viridis, 0, hex(0x440154)}, {Viridis, 128, hex(0x21918c)}, {Viridis, 255, hex(0xfde725)},
		{Magma, 0, hex(0x000004)}, {Magma, 255, hex(0xfcfdbf)},
		{RdYlGn, 0, hex(0xa50026)}, {RdYlGn, 255, hex(0x006837)},
		{Greys, 0, hex(0x000000)}, {Greys, 255, hex(0xffffff)},
	} {
		if got := tc.r.Entry(tc.entry); got != tc.want {
			t.Errorf("%s entry %d = %v, published %v", tc.r.Name(), tc.entry, got, tc.want)
		}
	}
	// RdYlGn's middle class #ffffbf sits at t = 0.5, between entries 127
	// and 128; both are within 1 of it in every channel.
	for _, i := range []int{127, 128} {
		c := RdYlGn.Entry(i)
		if c.R < 0xfe || c.G < 0xfe || absDiff(c.B, 0xbf) > 1 {
			t.Errorf("rdylgn entry %d = %v, want about #ffffbf", i, c)
		}
	}
	if r, err := RampByName("Viridis_r"); err != nil || r.Entry(0) != Viridis.Entry(255) {
		t.Errorf("viridis_r: %v %v", r, err)
	}
	if _, err := RampByName("jet"); err == nil {
		t.Error("jet: want an error")
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestBandByHand(t *testing.T) {
	// Explicit stretch 0..1 over greys: v -> floor(v*256) clamped.
	b := bandOf(3, 2, 0, 1, nan32, 0.5, -3, 0.25)
	img, lo, hi, err := Band(b, &BandOptions{Ramp: Greys, Stretch: Explicit(0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if lo != 0 || hi != 1 || img.Bounds() != image.Rect(0, 0, 3, 2) {
		t.Fatalf("range [%g, %g], bounds %v", lo, hi, img.Bounds())
	}
	want := [][4]uint8{
		{0, 0, 0, 255}, {255, 255, 255, 255}, {0, 0, 0, 0},
		{128, 128, 128, 255}, {0, 0, 0, 255}, {64, 64, 64, 255},
	}
	for i, w := range want {
		if got := img.Pix[4*i : 4*i+4]; !bytes.Equal(got, w[:]) {
			t.Errorf("pixel %d = %v, want %v", i, got, w)
		}
	}
	// Min-max stretch on viridis: the smallest value gets entry 0, the
	// largest entry 255.
	img, _, _, err = Band(bandOf(2, 1, 10, 20), &BandOptions{Stretch: MinMax()})
	if err != nil {
		t.Fatal(err)
	}
	if img.NRGBAAt(0, 0) != Viridis.Entry(0) || img.NRGBAAt(1, 0) != Viridis.Entry(255) {
		t.Errorf("min-max viridis: %v %v", img.NRGBAAt(0, 0), img.NRGBAAt(1, 0))
	}
	if _, _, _, err := Band(bandOf(2, 1, nan32, nan32), nil); err == nil {
		t.Error("all-NaN band: want an error")
	}
	// A constant band maps to entry 0, as matplotlib's Normalize does.
	img, _, _, err = Band(bandOf(2, 1, 7, 7), &BandOptions{Ramp: Magma})
	if err != nil || img.NRGBAAt(1, 0) != Magma.Entry(0) {
		t.Errorf("constant band: %v %v", img.NRGBAAt(1, 0), err)
	}
}

func TestCompositeByHand(t *testing.T) {
	nir := bandOf(3, 1, 0, 10, 5)
	red := bandOf(3, 1, 1, 0, nan32)
	green := bandOf(3, 1, 0, 1, 0.5)
	img, ranges, err := ColorInfrared(nir, red, green, &CompositeOptions{Stretch: MinMax()})
	if err != nil {
		t.Fatal(err)
	}
	if ranges != [3][2]float64{{0, 10}, {0, 1}, {0, 1}} {
		t.Errorf("ranges %v", ranges)
	}
	want := [][4]uint8{{0, 255, 0, 255}, {255, 0, 255, 255}, {0, 0, 0, 0}}
	for i, w := range want {
		if got := img.Pix[4*i : 4*i+4]; !bytes.Equal(got, w[:]) {
			t.Errorf("pixel %d = %v, want %v", i, got, w)
		}
	}
	other := &raster.Band{Grid: testGrid(1, 3), Data: []float32{1, 2, 3}}
	if _, _, err := Composite(nir, red, other, nil); err == nil {
		t.Error("mismatched grids: want an error")
	}
}

func TestLabelsByHand(t *testing.T) {
	l := raster.NewLabels(testGrid(2, 2), []raster.Class{
		{Code: 1, Name: "built-up", Color: color.RGBA{200, 0, 0, 255}},
		{Code: 3, Name: "water", Color: color.RGBA{0, 0, 128, 128}}, // premultiplied
	})
	copy(l.Data, []uint16{1, 0, 3, 2})
	img, err := Labels(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][4]uint8{{200, 0, 0, 255}, {0, 0, 0, 0}, {0, 0, 255, 128}, {0, 0, 0, 0}}
	for i, w := range want {
		if got := img.Pix[4*i : 4*i+4]; !bytes.Equal(got, w[:]) {
			t.Errorf("pixel %d = %v, want %v", i, got, w)
		}
	}
	// Block mode by hand: a 3x3 raster reduced by 2.
	m := raster.NewLabels(testGrid(3, 3), l.Classes)
	copy(m.Data, []uint16{
		1, 3, 3,
		3, 1, 0,
		0, 0, 1})
	r, err := ReduceLabels(m, 2)
	if err != nil {
		t.Fatal(err)
	}
	// {1,3,3,1}: tie 1 vs 3 -> 1; {3,0} -> tie -> 0; {0,0} -> 0; {1} -> 1.
	if !slices.Equal(r.Data, []uint16{1, 0, 0, 1}) || r.Grid.Width != 2 || r.Grid.Height != 2 {
		t.Errorf("ReduceLabels = %v on %v", r.Data, r.Grid)
	}
	small, err := Labels(m, &LabelsOptions{MaxSize: 2})
	if err != nil || small.Bounds() != image.Rect(0, 0, 2, 2) || small.NRGBAAt(0, 0) != (color.NRGBA{200, 0, 0, 255}) {
		t.Errorf("Labels MaxSize 2: %v %v", small.Bounds(), err)
	}
	if _, err := ReduceLabels(m, 0); err == nil {
		t.Error("factor 0: want an error")
	}
	leg := ClassLegend(l.Classes)
	// Two rows of 17 px plus padding; swatch, gap and the longest name
	// ("built-up", 8 glyphs of 7 px).
	if got, want := leg.Bounds().Size(), image.Pt(4+12+4+8*7+4, 4+2*17); got != want {
		t.Errorf("class legend size %v, want %v", got, want)
	}
	if c := leg.NRGBAAt(4+5, 4+5); c != (color.NRGBA{200, 0, 0, 255}) {
		t.Errorf("first swatch %v", c)
	}
	if n := darkPixels(leg, image.Rect(20, 4, leg.Bounds().Dx(), 4+17)); n < 20 {
		t.Errorf("first class name has %d dark pixels", n)
	}
}

func darkPixels(m *image.NRGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := m.NRGBAAt(x, y)
			if c.A == 255 && c.R < 64 && c.G < 64 && c.B < 64 {
				n++
			}
		}
	}
	return n
}

func TestLegend(t *testing.T) {
	leg := Legend(RdYlGn, -1, 1, &LegendOptions{Units: "NDVI"})
	// Labels -1 -0.5 0 0.5 1: widest 4 glyphs = 28 px, margin 28/2+4 = 18;
	// width 256+2*18; height pad+title+pad+bar+tick+text+pad.
	if got, want := leg.Bounds().Size(), image.Pt(256+36, 4+13+4+16+4+13+4); got != want {
		t.Fatalf("legend size %v, want %v", got, want)
	}
	top := 4 + 13 + 4
	if c := leg.NRGBAAt(18, top+8); c != RdYlGn.Entry(0) {
		t.Errorf("bar left end %v, want %v", c, RdYlGn.Entry(0))
	}
	if c := leg.NRGBAAt(18+255, top+8); c != RdYlGn.Entry(255) {
		t.Errorf("bar right end %v, want %v", c, RdYlGn.Entry(255))
	}
	if n := darkPixels(leg, image.Rect(0, 0, 40, top)); n < 20 {
		t.Errorf("title NDVI: %d dark pixels", n)
	}
	textTop := top + 16 + 4
	for k := range 5 {
		x := 18 + (k*255+2)/4
		if c := leg.NRGBAAt(x, top+16+1); c != (color.NRGBA{0, 0, 0, 255}) {
			t.Errorf("tick %d at x=%d: %v", k, x, c)
		}
		if n := darkPixels(leg, image.Rect(x-14, textTop, x+14, textTop+13)); n < 8 {
			t.Errorf("tick label %d: %d dark pixels", k, n)
		}
	}
	// Tick 1 of -0.1..0.2 computes to 1.39e-17 but is labelled "0"; with
	// the 9-glyph "1.388e-17" the margins would be wider.
	z := Legend(Greys, -0.1, 0.2, &LegendOptions{Ticks: 4})
	if got, want := z.Bounds().Dx(), 256+2*(4*7/2+4); got != want {
		t.Errorf("legend with a rounding-zero tick: width %d, want %d", got, want)
	}
	// Nothing is written between the labels.
	if n := darkPixels(leg, image.Rect(18+40, textTop, 18+50, textTop+13)); n != 0 {
		t.Errorf("%d dark pixels between labels", n)
	}
	if FormatTick(0.30000000000000004) != "0.3" || FormatTick(12345) != "1.234e+04" || FormatTick(math.Copysign(0, -1)) != "0" {
		t.Error("FormatTick")
	}
}

func TestReduce(t *testing.T) {
	b := bandOf(3, 3,
		1, 2, 10,
		3, nan32, nan32,
		5, 6, 7)
	r, err := Reduce(b, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Blocks: {1,2,3} -> 2; {10} -> 10; {5,6} -> 5.5; {7} -> 7.
	want := []float32{2, 10, 5.5, 7}
	for i, w := range want {
		if r.Data[i] != w {
			t.Errorf("cell %d = %g, want %g", i, r.Data[i], w)
		}
	}
	if r.Grid.Width != 2 || r.Grid.Height != 2 || r.Grid.Transform != (raster.Affine{500000, 60, 0, 4900000, 0, -60}) {
		t.Errorf("grid %v", r.Grid)
	}
	allNaN, _ := Reduce(bandOf(2, 1, nan32, nan32), 2)
	if !math.IsNaN(float64(allNaN.Data[0])) {
		t.Error("all-NaN block: want NaN")
	}
	if _, err := Reduce(b, 0); err == nil {
		t.Error("factor 0: want an error")
	}
	// ReadReduced through the Source interface gives the same values.
	big := bandOf(1000, 700, lcgValues("wide", 9, 700000)...)
	want2, _ := Reduce(big, 7)
	got2, err := ReadReduced(context.Background(), big, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	if got2.Grid != want2.Grid || !sameFloats(got2.Data, want2.Data) {
		t.Error("ReadReduced differs from Reduce")
	}
	img, _, _, err := Band(big, &BandOptions{MaxSize: 100})
	if err != nil || img.Bounds() != image.Rect(0, 0, 100, 70) {
		t.Errorf("MaxSize 100: %v %v", img.Bounds(), err)
	}
}

func sameFloats(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

func TestDeterministicAcrossCores(t *testing.T) {
	b := bandOf(900, 800, lcgValues("wide", 11, 720000)...)
	render := func() []byte {
		img, _, _, err := Band(b, &BandOptions{MaxSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := Composite(b, b, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		return append(img.Pix, c.Pix...)
	}
	prev := runtime.GOMAXPROCS(1)
	one := render()
	runtime.GOMAXPROCS(max(4, prev))
	many := render()
	runtime.GOMAXPROCS(prev)
	if !bytes.Equal(one, many) {
		t.Error("rendering differs between 1 and several cores")
	}
}

func TestSavePNG(t *testing.T) {
	img, _, _, err := Band(bandOf(2, 1, 0, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.png")
	if err := SavePNG(p, img); err != nil {
		t.Fatal(err)
	}
	if err := SavePNG(filepath.Join(t.TempDir(), "no", "such", "dir.png"), img); err == nil {
		t.Error("bad path: want an error")
	}
}
