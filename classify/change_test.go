package classify

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/paulmach/orb"
)

func utmGrid(w, h int, pixel float64) raster.Grid {
	return raster.Grid{Width: w, Height: h, Transform: raster.Affine{500000, pixel, 0, 4900000, 0, -pixel}, CRS: raster.CRS{EPSG: 32644}}
}

// TestTransitionsByHand: two 4 x 3 maps of 30 m pixels (0.09 ha), classes
// 1 cropland, 2 built-up, 3 water. Worked by hand (from → to):
//
//	from  1 1 1 2      to  2 1 1 2
//	      1 1 3 2          2 2 3 2
//	      0 1 3 3          2 1 3 1
//
// The pixel with 0 at the first date is left out. 1→1: 3, 1→2: 3, 2→2: 2,
// 3→3: 2, 3→1: 1, others 0. Gains: 1: 1 (from 3), 2: 3, 3: 0; losses:
// 1: 3, 2: 0, 3: 1. Net 1: −2, 2: +3, 3: −1. Swap 1: 2·min(1,3) = 2, else 0.
// Overall change 4 pixels = net 3 + swap 1 (Pontius et al. 2004).
func TestTransitionsByHand(t *testing.T) {
	g := utmGrid(4, 3, 30)
	from := &raster.Labels{Grid: g, Data: []uint16{1, 1, 1, 2, 1, 1, 3, 2, 0, 1, 3, 3}}
	to := &raster.Labels{Grid: g, Data: []uint16{2, 1, 1, 2, 2, 2, 3, 2, 2, 1, 3, 1},
		Classes: []raster.Class{{Code: 2, Name: "built-up"}}}
	tr, err := NewTransitions(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{3, 3, 0, 0, 2, 0, 1, 0, 2}
	for i, n := range want {
		if tr.Pixels[i] != n || math.Abs(tr.Hectares[i]-float64(n)*0.09) > 1e-12 {
			t.Fatalf("pixels %v hectares %v, want %v pixels of 0.09 ha", tr.Pixels, tr.Hectares, want)
		}
	}
	if tr.Classes[1].Name != "built-up" || tr.Classes[0].Name != "1" {
		t.Errorf("classes %v", tr.Classes)
	}
	ch := tr.Change(false)
	type gl struct{ gain, loss, net, swap float64 }
	for i, w := range []gl{{1, 3, -2, 2}, {3, 0, 3, 0}, {0, 1, -1, 0}} {
		c := ch[i]
		if c.Gain != w.gain || c.Loss != w.loss || c.Net != w.net || c.Swap != w.swap || c.Total != w.gain+w.loss {
			t.Errorf("class %d: %+v, want %+v", c.Code, c, w)
		}
	}
	overall, net, swap := LandscapeChange(ch)
	if overall != 4 || net != 3 || swap != 1 {
		t.Errorf("landscape change %v = net %v + swap %v, want 4 = 3 + 1", overall, net, swap)
	}
	hc := tr.Change(true)
	if math.Abs(hc[1].Gain-0.27) > 1e-12 {
		t.Errorf("built-up gain %v ha, want 0.27", hc[1].Gain)
	}

	other := &raster.Labels{Grid: utmGrid(3, 4, 30), Data: make([]uint16, 12)}
	if _, err := NewTransitions(context.Background(), from, other); err == nil || !strings.Contains(err.Error(), "grids differ") {
		t.Errorf("mismatched grids: %v", err)
	}
	nocrs := from.Grid
	nocrs.CRS = raster.CRS{}
	if _, err := NewTransitions(context.Background(), &raster.Labels{Grid: nocrs, Data: from.Data}, &raster.Labels{Grid: nocrs, Data: to.Data}); err == nil || !strings.Contains(err.Error(), "unknown CRS") {
		t.Errorf("unknown CRS: %v", err)
	}
	merc := from.Grid
	merc.CRS = raster.CRS{EPSG: 3857}
	if _, err := CellAreas(merc); err == nil || !strings.Contains(err.Error(), "equal-area") {
		t.Errorf("Web Mercator: %v", err)
	}
}

// TestCellAreasGeographic: a global 1° WGS 84 grid covers the whole
// ellipsoid, 510 065 621.724 km² (GeographicLib's WGS 84 total area, Karney
// 2013); and one 0.001° cell at 43.5° N agrees with the geodesic area of the
// same quadrangle (raster/crs, whose edges are geodesics instead of
// parallels, a difference below 1e-5 relative at this size).
func TestCellAreasGeographic(t *testing.T) {
	g := raster.Grid{Width: 360, Height: 180, Transform: raster.Affine{-180, 1, 0, 90, 0, -1}, CRS: raster.CRS{EPSG: 4326}}
	rows, err := CellAreas(g)
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, a := range rows {
		total += a * 360
	}
	if math.Abs(total/1e6-510065621.724) > 0.01 {
		t.Errorf("ellipsoid area %.3f km², want 510065621.724", total/1e6)
	}
	small := raster.Grid{Width: 1, Height: 1, Transform: raster.Affine{80.0, 0.001, 0, 43.501, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	rows, err = CellAreas(small)
	if err != nil {
		t.Fatal(err)
	}
	ring := orb.Ring{{80, 43.5}, {80.001, 43.5}, {80.001, 43.501}, {80, 43.501}, {80, 43.5}}
	geo, err := crs.GeodesicArea(orb.Polygon{ring})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rows[0]-geo)/geo > 1e-5 {
		t.Errorf("0.001° cell: %.4f m², geodesic quadrangle %.4f m²", rows[0], geo)
	}
}

// TestRates: a forest of 100 ha shrinking to 50 ha in 10 years. Puyravaud
// (2003): r = ln(50/100)/10 = −0.0693147 per year; compound (FAO 1995):
// 0.5^(1/10) − 1 = −0.0669670 per year; and e^r − 1 = q.
func TestRates(t *testing.T) {
	r, err := AnnualRate(100, 50, 2014, 2024)
	if err != nil || math.Abs(r-(-0.0693147)) > 5e-8 {
		t.Errorf("annual rate %v, %v", r, err)
	}
	q, err := CompoundRate(100, 50, 2014, 2024)
	if err != nil || math.Abs(q-(-0.0669670)) > 5e-8 || math.Abs(math.Expm1(r)-q) > 1e-15 {
		t.Errorf("compound rate %v, %v", q, err)
	}
	if _, err := AnnualRate(0, 5, 2014, 2024); err == nil {
		t.Error("zero area: no error")
	}
	if _, err := CompoundRate(1, 5, 2014, 2014); err == nil {
		t.Error("same year: no error")
	}
}

// TestTransitionsGeographic: on a WGS 84 grid the hectares are the
// ellipsoidal areas of the cells; a 2 x 2 block of 0.001° cells at 44° N
// that stays class 1 covers the geodesic area of the block (raster/crs,
// within 1e-5).
func TestTransitionsGeographic(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 2, Transform: raster.Affine{80, 0.001, 0, 44.002, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	l := &raster.Labels{Grid: g, Data: []uint16{1, 1, 1, 1}}
	tr, err := NewTransitions(context.Background(), l, l)
	if err != nil {
		t.Fatal(err)
	}
	ring := orb.Ring{{80, 44}, {80.002, 44}, {80.002, 44.002}, {80, 44.002}, {80, 44}}
	geo, err := crs.GeodesicArea(orb.Polygon{ring})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Hectares[0] * 1e4; math.Abs(got-geo)/geo > 1e-5 || tr.Pixels[0] != 4 {
		t.Errorf("%d pixels, %.3f m², geodesic %.3f m²", tr.Pixels[0], got, geo)
	}
}
