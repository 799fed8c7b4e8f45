package geotiff_test

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// utmGrid is a 30 m grid in UTM zone 44N (EPSG:32644) near Khorgos.
func utmGrid(w, h int) raster.Grid {
	return raster.Grid{Width: w, Height: h, Transform: raster.Affine{500000, 30, 0, 4900020, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
}

// testStack returns n bands of smooth values with a few NaN, negative
// values and values beyond every integer type's range.
func testStack(g raster.Grid, n int) *raster.Stack {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	s := &raster.Stack{Grid: g}
	for b := range n {
		band := raster.NewBand(g, fmt.Sprintf("band %d", b+1))
		for i := range band.Data {
			x, y := float64(i%g.Width), float64(i/g.Width)
			band.Data[i] = float32(50*math.Sin(x/9+float64(b)) + 40*math.Cos(y/7) + float64(rng.IntN(3)))
		}
		band.Data[0] = float32(math.NaN())
		band.Data[len(band.Data)/2] = float32(math.NaN())
		band.Data[1] = 1e6
		band.Data[2] = -1e6
		band.Data[3] = float32(math.Inf(1))
		s.Bands = append(s.Bands, band)
	}
	return s
}

// expected returns what a reader must give back for value v written with
// type dt, scale s, offset o and nodata nd: the rule documented on
// Options.Type, computed here independently of the writer.
func expected(v float32, dt geotiff.DataType, s, o, nd float64) float32 {
	if v != v {
		return v
	}
	var lo, hi float64
	switch dt {
	case geotiff.Float32:
		return float32(float64(float32((float64(v)-o)/s))*s + o)
	case geotiff.Float64:
		return float32((float64(v)-o)/s*s + o)
	case geotiff.Byte:
		lo, hi = 0, 255
	case geotiff.Int8:
		lo, hi = -128, 127
	case geotiff.UInt16:
		lo, hi = 0, 65535
	case geotiff.Int16:
		lo, hi = -32768, 32767
	case geotiff.UInt32:
		lo, hi = 0, 4294967295
	case geotiff.Int32:
		lo, hi = -2147483648, 2147483647
	}
	q := math.Round((float64(v) - o) / s)
	q = math.Max(lo, math.Min(hi, q))
	if q == nd {
		return float32(math.NaN())
	}
	return float32(q*s + o)
}

type typeCase struct {
	dt            geotiff.DataType
	nodata        float64
	hasNodata     bool
	scale, offset float64
}

var typeCases = []typeCase{
	{geotiff.Float32, 0, false, 1, 0},
	{geotiff.Float64, 0, false, 1, 0},
	{geotiff.Float32, -3.4e38, true, 0.5, 10},
	{geotiff.Byte, 255, true, 1, 0},
	{geotiff.Int8, -128, true, 1, 0},
	{geotiff.UInt16, 0, true, 0.01, -1},
	{geotiff.Int16, -9999, true, 1, 0},
	{geotiff.UInt32, 4294967295, true, 0.001, 0},
	{geotiff.Int32, -2147483648, true, 1e-4, 3},
}

func TestWriteRoundTripMatrix(t *testing.T) {
	ctx := context.Background()
	g := utmGrid(61, 45)
	src := testStack(g, 3)
	type layout struct{ tw, th, rows int }
	layouts := []layout{{0, 0, 0}, {0, 0, 7}, {16, 16, 0}, {37, 23, 0}, {64, 48, 0}}
	comps := []geotiff.Compression{geotiff.CompressionNone, geotiff.CompressionDeflate, geotiff.CompressionLZW, geotiff.CompressionZSTD, geotiff.CompressionPackBits}
	for _, tc := range typeCases {
		for _, comp := range comps {
			preds := []int{1}
			if comp != geotiff.CompressionNone && comp != geotiff.CompressionPackBits {
				if tc.dt == geotiff.Float32 || tc.dt == geotiff.Float64 {
					preds = append(preds, 3)
				} else {
					preds = append(preds, 2)
				}
			}
			for _, pred := range preds {
				for li, lay := range layouts {
					for _, il := range []geotiff.Interleave{geotiff.InterleavePixel, geotiff.InterleaveBand} {
						big := geotiff.BigTIFFMode(li % 2) // alternate classic and BigTIFF
						opt := &geotiff.Options{Type: tc.dt, Nodata: tc.nodata, HasNodata: tc.hasNodata,
							Scale: []float64{tc.scale}, Offset: []float64{tc.offset}, Compression: comp, Predictor: pred,
							TileWidth: lay.tw, TileHeight: lay.th, RowsPerStrip: lay.rows, Interleave: il, BigTIFF: big}
						name := fmt.Sprintf("%v/%v/pred%d/%dx%d-%d/il%d", tc.dt, comp, pred, lay.tw, lay.th, lay.rows, il)
						var buf bytes.Buffer
						if err := geotiff.Write(&buf, src, opt); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), name)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						if f.DataType() != tc.dt || f.Predictor() != pred || f.Tiled() != (lay.tw > 0) || f.BigTIFF() != (big == geotiff.BigTIFFAlways) {
							t.Fatalf("%s: read back %v predictor %d tiled %v bigtiff %v", name, f.DataType(), f.Predictor(), f.Tiled(), f.BigTIFF())
						}
						if err := g.Match(f.RasterGrid()); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						got, err := f.ReadStack(ctx, nil, g.Rect())
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						nd := tc.nodata
						if !tc.hasNodata {
							nd = math.NaN()
						}
						for b, band := range got.Bands {
							if band.Name != src.Bands[b].Name {
								t.Fatalf("%s: band %d name %q", name, b, band.Name)
							}
							for i, v := range band.Data {
								want := expected(src.Bands[b].Data[i], tc.dt, tc.scale, tc.offset, nd)
								if math.Float32bits(v) != math.Float32bits(want) && !(v != v && want != want) {
									t.Fatalf("%s: band %d pixel %d: got %v, want %v (from %v)", name, b, i, v, want, src.Bands[b].Data[i])
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestWriteDeterministic checks that the bytes do not depend on the number
// of cores.
func TestWriteDeterministic(t *testing.T) {
	src := testStack(utmGrid(300, 257), 4)
	for _, comp := range []geotiff.Compression{geotiff.CompressionDeflate, geotiff.CompressionZSTD, geotiff.CompressionLZW} {
		opt := &geotiff.Options{Type: geotiff.Int16, Nodata: -1, HasNodata: true, Compression: comp, Predictor: 2, TileWidth: 32, TileHeight: 32}
		var ref []byte
		for _, procs := range []int{1, 2, 8} {
			prev := runtime.GOMAXPROCS(procs)
			var buf bytes.Buffer
			err := geotiff.Write(&buf, src, opt)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil {
				ref = buf.Bytes()
			} else if !bytes.Equal(ref, buf.Bytes()) {
				t.Fatalf("%v: output with GOMAXPROCS=%d differs", comp, procs)
			}
		}
	}
}

func TestWriteLabels(t *testing.T) {
	ctx := context.Background()
	g := raster.Grid{Width: 40, Height: 30, Transform: raster.Affine{80, 0.001, 0, 44, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	classes := []raster.Class{{Code: 1, Name: "built-up", Color: color.RGBA{255, 0, 0, 255}}, {Code: 2, Name: "water", Color: color.RGBA{0, 0, 255, 255}}}
	l := raster.NewLabels(g, classes)
	for i := range l.Data {
		l.Data[i] = uint16(i % 3)
	}
	for _, big := range []bool{false, true} {
		if big {
			l.Classes = append(l.Classes, raster.Class{Code: 300, Name: "other", Color: color.RGBA{1, 2, 3, 255}})
			l.Data[5] = 300
		}
		var buf bytes.Buffer
		if err := geotiff.Write(&buf, l, &geotiff.Options{Compression: geotiff.CompressionDeflate}); err != nil {
			t.Fatal(err)
		}
		f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "labels")
		if err != nil {
			t.Fatal(err)
		}
		wantType := geotiff.Byte
		if big {
			wantType = geotiff.UInt16
		}
		if f.DataType() != wantType || f.Photometric() != 3 || f.EPSG() != 4326 {
			t.Fatalf("type %v photometric %d EPSG %d", f.DataType(), f.Photometric(), f.EPSG())
		}
		cm := f.ColorMap()
		if cm[1] != (color.RGBA{255, 0, 0, 255}) || cm[2] != (color.RGBA{0, 0, 255, 255}) || cm[0] != (color.RGBA{0, 0, 0, 255}) {
			t.Fatalf("colour map %v", cm[:3])
		}
		if v, ok := f.Metadata("CLASS_1"); !ok || v != "built-up" {
			t.Fatalf("CLASS_1 = %q %v", v, ok)
		}
		raw, err := f.ReadRaw(ctx, 0, g.Rect())
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range l.Data {
			if raw.Float64At(i) != float64(v) {
				t.Fatalf("code %d: got %v want %d", i, raw.Float64At(i), v)
			}
		}
	}
}

func TestWriteGeoreferencing(t *testing.T) {
	ctx := context.Background()
	cases := []raster.Grid{
		utmGrid(10, 8),
		{Width: 10, Height: 8, Transform: raster.Affine{500000, 20, 5, 4900000, 5, -20}, CRS: raster.CRS{EPSG: 32644}}, // rotated
		{Width: 10, Height: 8, Transform: raster.Affine{70, 0.25, 0, 30, 0, 0.25}, CRS: raster.CRS{EPSG: 4326}},        // south-up
		{Width: 10, Height: 8, Transform: raster.Affine{0, 1, 0, 0, 0, 1}},                                             // none
		{Width: 10, Height: 8, Transform: raster.Affine{1, 2, 0, 3, 0, -2}, CRS: raster.CRS{Definition: "my local grid"}},
	}
	for _, g := range cases {
		for _, point := range []bool{false, true} {
			b := raster.NewBand(g, "x")
			var buf bytes.Buffer
			if err := geotiff.Write(&buf, b, &geotiff.Options{PixelIsPoint: point}); err != nil {
				t.Fatal(err)
			}
			f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "geo")
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Match(f.RasterGrid()); err != nil {
				t.Errorf("point=%v: %v", point, err)
			}
			if f.PixelIsPoint() != point && !g.CRS.IsZero() {
				t.Errorf("%v: PixelIsPoint %v", g, f.PixelIsPoint())
			}
			if _, err := f.ReadBand(ctx, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	g := utmGrid(10, 10)
	good := raster.NewBand(g, "good")
	other := raster.NewBand(utmGrid(11, 10), "wide")
	short := &raster.Band{Grid: g, Name: "short", Data: make([]float32, 5)}
	cases := []struct {
		name string
		data any
		opt  geotiff.Options
		want string
	}{
		{"nil band", (*raster.Band)(nil), geotiff.Options{}, "nil band"},
		{"nil in stack", &raster.Stack{Grid: g, Bands: []*raster.Band{good, nil}}, geotiff.Options{}, "band 2 is nil"},
		{"mismatch", &raster.Stack{Grid: g, Bands: []*raster.Band{good, other}}, geotiff.Options{}, `band 2 ("wide")`},
		{"short", &raster.Stack{Grid: g, Bands: []*raster.Band{short}}, geotiff.Options{}, `band 1 ("short") holds 5 values`},
		{"empty stack", &raster.Stack{Grid: g}, geotiff.Options{}, "without bands"},
		{"zero size", raster.NewBand(raster.Grid{}, "z"), geotiff.Options{}, "empty 0x0 grid"},
		{"wrong kind", 42, geotiff.Options{}, "cannot write int"},
		{"NaN without nodata", good, geotiff.Options{Type: geotiff.UInt16}, `band 1 ("good") has NaN`},
		{"nodata out of range", good, geotiff.Options{Type: geotiff.Byte, Nodata: 300, HasNodata: true}, "nodata 300 is not a Byte"},
		{"predictor 2 on floats", good, geotiff.Options{Compression: geotiff.CompressionZSTD, Predictor: 2}, "predictor 2 is for integer"},
		{"predictor 3 on integers", good, geotiff.Options{Type: geotiff.Int16, Nodata: 0, HasNodata: true, Compression: geotiff.CompressionDeflate, Predictor: 3}, "predictor 3"},
		{"predictor without codec", good, geotiff.Options{Predictor: 2}, "needs DEFLATE"},
		{"predictor with packbits", good, geotiff.Options{Predictor: 2, Compression: geotiff.CompressionPackBits}, "needs DEFLATE"},
		{"bad predictor", good, geotiff.Options{Predictor: 4, Compression: geotiff.CompressionLZW}, "unknown predictor"},
		{"bad level", good, geotiff.Options{Compression: geotiff.CompressionDeflate, Level: 12}, "level 12"},
		{"bad compression", good, geotiff.Options{Compression: 99}, "unknown compression"},
		{"bad type", good, geotiff.Options{Type: 42}, "unknown sample type"},
		{"half tile", good, geotiff.Options{TileWidth: 16}, "both must be positive"},
		{"scale count", &raster.Stack{Grid: g, Bands: []*raster.Band{good, good}}, geotiff.Options{Scale: []float64{1, 2, 3}}, "3 Scale values for 2 bands"},
		{"zero scale", good, geotiff.Options{Scale: []float64{0}}, `band 1 ("good"): scale 0`},
		{"labels as float", raster.NewLabels(g, nil), geotiff.Options{Type: geotiff.Float32}, "Byte or UInt16"},
		{"labels code too big", &raster.Labels{Grid: g, Data: append(make([]uint16, 99), 256)}, geotiff.Options{Type: geotiff.Byte}, "code 256"},
		{"labels short", &raster.Labels{Grid: g, Data: make([]uint16, 3)}, geotiff.Options{}, "3 codes"},
	}
	for _, tc := range cases {
		var buf bytes.Buffer
		err := geotiff.Write(&buf, tc.data, &tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
