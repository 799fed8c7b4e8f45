package indices

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// namedStack is the Landsat 8 crop of testdata plus edge cases appended as
// extra rows: zeros (0/0), opposite values (x/0), NaN, negative reflectance.
func namedStack(t *testing.T) *raster.Stack {
	s := landsatStack(t, "testdata/l8crop")
	w := s.Grid.Width
	edge := [][2]float32{{0, 0}, {0.3, -0.3}, {nan, 0.2}, {0.2, nan}, {-0.05, 0.1}, {1e-30, -1e-30}, {3e38, -3e38}}
	g := s.Grid
	g.Height += 2
	out := &raster.Stack{Grid: g}
	for k, b := range s.Bands {
		data := append([]float32(nil), b.Data...)
		for i := range 2 * w {
			e := edge[(i+k)%len(edge)]
			data = append(data, e[i%2])
		}
		if err := out.Add(&raster.Band{Grid: g, Name: b.Name, Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Each named helper equals, bit for bit, the catalogue entry compiled with
// the same constants.
func TestNamedHelpersEqualCatalogue(t *testing.T) {
	s := namedStack(t)
	ctx := context.Background()
	band := func(l string) *raster.Band {
		b, err := s.Band(l)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	N, R, G, B, S1, S2 := band("N"), band("R"), band("G"), band("B"), band("S1"), band("S2")
	cases := []struct {
		index string
		opt   *Options
		fn    func() (*raster.Band, error)
	}{
		{"NDVI", nil, func() (*raster.Band, error) { return NDVI(ctx, N, R) }},
		{"NDBI", nil, func() (*raster.Band, error) { return NDBI(ctx, S1, N) }},
		{"MNDWI", nil, func() (*raster.Band, error) { return MNDWI(ctx, G, S1) }},
		{"NDWI", nil, func() (*raster.Band, error) { return NDWI(ctx, G, N) }},
		{"NBR", nil, func() (*raster.Band, error) { return NBR(ctx, N, S2) }},
		{"NDSI", nil, func() (*raster.Band, error) { return NDSI(ctx, G, S1) }},
		{"UI", nil, func() (*raster.Band, error) { return UI(ctx, S2, N) }},
		{"EVI", nil, func() (*raster.Band, error) { return EVI(ctx, N, R, B) }},
		{"BI", nil, func() (*raster.Band, error) { return BI(ctx, S1, R, N, B) }},
		{"SAVI", nil, func() (*raster.Band, error) { return SAVI(ctx, N, R, 1.0) }},
		{"SAVI", &Options{Constants: map[string]float64{"L": 0.5}}, func() (*raster.Band, error) { return SAVI(ctx, N, R, 0.5) }},
	}
	for _, c := range cases {
		got, err := c.fn()
		if err != nil {
			t.Fatalf("%s: %v", c.index, err)
		}
		want, err := Compute(ctx, c.index, s, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		if got.Grid != s.Grid || got.Name != c.index {
			t.Errorf("%s: grid %v name %q", c.index, got.Grid, got.Name)
		}
		nans := 0
		for i := range want.Data {
			if math.Float32bits(got.Data[i]) != math.Float32bits(want.Data[i]) {
				// Both NaN is equal too (the payload may differ).
				if got.Data[i] == got.Data[i] || want.Data[i] == want.Data[i] {
					t.Errorf("%s pixel %d: helper %v, catalogue %v", c.index, i, got.Data[i], want.Data[i])
					break
				}
			}
			if got.Data[i] != got.Data[i] {
				nans++
			}
		}
		if nans == 0 {
			t.Errorf("%s: the edge rows gave no NaN", c.index)
		}
	}
}

func TestNamedHelpersCheckGrids(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 2, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	h := g
	h.Transform[0] = 15
	a := &raster.Band{Grid: g, Name: "B5", Data: make([]float32, 4)}
	b := &raster.Band{Grid: h, Name: "B4", Data: make([]float32, 4)}
	_, err := NDVI(context.Background(), a, b)
	if err == nil || !strings.Contains(err.Error(), `nir band "B5"`) || !strings.Contains(err.Error(), `red band "B4"`) {
		t.Errorf("grid mismatch error %v, want one naming both bands", err)
	}
	short := &raster.Band{Grid: g, Name: "B4", Data: make([]float32, 3)}
	if _, err := EVI(context.Background(), a, short, a); err == nil {
		t.Error("short band accepted")
	}
	if _, err := SAVI(context.Background(), a, a, math.NaN()); err == nil {
		t.Error("NaN L accepted")
	}
}
