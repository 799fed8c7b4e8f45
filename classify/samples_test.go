package classify

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// sampleStack is a 20 x 20 grid with 1 m pixels whose top-left corner is
// (0, 20): pixel (col, row) has its centre at (col+0.5, 19.5−row). Band
// "col" holds col, band "row" holds row, so each row of samples says which
// pixel it came from. Pixel (3, 3) has no data in band "row".
func sampleStack(t *testing.T) *raster.Stack {
	t.Helper()
	g := raster.Grid{Width: 20, Height: 20, Transform: raster.Affine{0, 1, 0, 20, 0, -1}}
	c, r := raster.NewBand(g, "col"), raster.NewBand(g, "row")
	for row := range 20 {
		for col := range 20 {
			c.Set(col, row, float32(col))
			r.Set(col, row, float32(row))
		}
	}
	r.Set(3, 3, float32(math.NaN()))
	s, err := raster.NewStack(c, r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readZones(t *testing.T, js string) *zones.Set {
	t.Helper()
	s, err := zones.Read(strings.NewReader(js), "name")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rect(name string, class string, x0, y0, x1, y1 int) string {
	return `{"type":"Feature","properties":{"name":"` + name + `","class":` + class + `},"geometry":{"type":"Polygon","coordinates":[[[` +
		itoa(x0) + `,` + itoa(y0) + `],[` + itoa(x1) + `,` + itoa(y0) + `],[` + itoa(x1) + `,` + itoa(y1) + `],[` + itoa(x0) + `,` + itoa(y1) + `],[` + itoa(x0) + `,` + itoa(y0) + `]]]}}`
}

func itoa(i int) string { return strconv.Itoa(i) }

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// TestSamplesFromPolygons: the rectangle x 2–6, y 14–18 holds the centres
// of columns 2–5 (x = 2.5 … 5.5) and rows 2–5 (y = 17.5 … 14.5): 16 pixels,
// less pixel (3, 3), which has no data. The rectangle x 10–12, y 0–3 holds
// columns 10–11 and rows 17–19: 6 pixels.
func TestSamplesFromPolygons(t *testing.T) {
	set := readZones(t, collection(rect("field", `"crop"`, 2, 14, 6, 18), rect("town", `"built-up"`, 10, 0, 12, 3)))
	s, err := SamplesFromPolygons(context.Background(), set, sampleStack(t), PolygonSampling{ClassProperty: "class"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Y) != 15+6 || len(s.X) != 2*len(s.Y) || len(s.Group) != len(s.Y) {
		t.Fatalf("%d rows, %d values, %d groups; want 21, 42, 21", len(s.Y), len(s.X), len(s.Group))
	}
	if !slices.Equal(s.Features, []string{"col", "row"}) {
		t.Errorf("features %v", s.Features)
	}
	if len(s.Classes) != 2 || s.Classes[0].Name != "crop" || s.Classes[0].Code != 1 || s.Classes[1].Name != "built-up" || s.Classes[1].Code != 2 {
		t.Errorf("classes %v", s.Classes)
	}
	for i := range s.Y {
		col, row := int(s.X[2*i]), int(s.X[2*i+1])
		inField := col >= 2 && col <= 5 && row >= 2 && row <= 5 && !(col == 3 && row == 3)
		inTown := col >= 10 && col <= 11 && row >= 17 && row <= 19
		switch {
		case inField && s.Y[i] == 1 && s.Group[i] == 0:
		case inTown && s.Y[i] == 2 && s.Group[i] == 1:
		default:
			t.Errorf("row %d: pixel (%d, %d) class %d group %d", i, col, row, s.Y[i], s.Group[i])
		}
	}
}

func TestSamplesNumericCodesAndCap(t *testing.T) {
	set := readZones(t, collection(rect("a", `7`, 0, 0, 10, 10), rect("b", `3`, 10, 10, 20, 20), rect("c", `7`, 10, 0, 20, 10)))
	opt := PolygonSampling{ClassProperty: "class", MaxPerClass: 30, Seed: 5}
	s, err := SamplesFromPolygons(context.Background(), set, sampleStack(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	n := map[uint16]int{}
	for _, y := range s.Y {
		n[y]++
	}
	// Class 7 has 200 pixels (zones a and c: columns 0–19, rows 10–19),
	// class 3 has 100 (zone b: columns 10–19, rows 0–9); both are capped
	// at 30.
	if n[7] != 30 || n[3] != 30 || len(n) != 2 {
		t.Errorf("rows per class %v, want 30 each", n)
	}
	if s.Classes[0].Code != 3 || s.Classes[1].Code != 7 || s.Classes[1].Name != "class 7" {
		t.Errorf("classes %v", s.Classes)
	}
	again, _ := SamplesFromPolygons(context.Background(), set, sampleStack(t), opt)
	if !slices.Equal(again.X, s.X) {
		t.Error("the same seed drew different rows")
	}
	opt.Seed = 6
	other, _ := SamplesFromPolygons(context.Background(), set, sampleStack(t), opt)
	if slices.Equal(other.X, s.X) {
		t.Error("seeds 5 and 6 drew the same rows")
	}
}

func TestSamplesErrors(t *testing.T) {
	ctx := context.Background()
	st := sampleStack(t)
	cases := []struct {
		name string
		js   string
		opt  PolygonSampling
		want string
	}{
		{"missing", collection(rect("a", `"x"`, 0, 0, 5, 5), `{"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`),
			PolygonSampling{ClassProperty: "class"}, `zone 2 ("b"), property "class": missing`},
		{"unknown", collection(rect("a", `"water"`, 0, 0, 5, 5)),
			PolygonSampling{ClassProperty: "class", Classes: []raster.Class{{Code: 1, Name: "crop"}}}, `zone 1 ("a"), property "class": unknown class "water"`},
		{"bad code", collection(rect("a", `2.5`, 0, 0, 5, 5)), PolygonSampling{ClassProperty: "class"}, "not an integer"},
		{"mixed", collection(rect("a", `"crop"`, 0, 0, 5, 5), rect("b", `2`, 5, 5, 9, 9)), PolygonSampling{ClassProperty: "class"}, `zone 2 ("b")`},
		{"empty", collection(rect("a", `"crop"`, 0, 0, 5, 5), rect("tiny", `"town"`, 30, 30, 31, 31)), PolygonSampling{ClassProperty: "class"}, `class 2 "town": its polygons (zones 2 ("tiny"))`},
		{"no property", collection(rect("a", `"crop"`, 0, 0, 5, 5)), PolygonSampling{}, "no class property"},
	}
	bad := &raster.Stack{Grid: st.Grid, Bands: []*raster.Band{st.Bands[0], {Name: "short", Data: make([]float32, 7)}}}
	if _, err := SamplesFromPolygons(ctx, readZones(t, collection(rect("a", `"crop"`, 0, 0, 5, 5))), bad, PolygonSampling{ClassProperty: "class"}); err == nil || !strings.Contains(err.Error(), "band 2 of the stack has 7 values") {
		t.Errorf("short band: %v", err)
	}
	for _, c := range cases {
		_, err := SamplesFromPolygons(ctx, readZones(t, c.js), st, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
