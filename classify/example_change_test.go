package classify_test

import (
	"context"
	"fmt"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
)

// A town of 30 m pixels grows between two dates: the hole in its centre is
// filled (infilling), a block is added to its east edge (edge-expansion)
// and a new estate appears in the fields (outlying). Built-up land goes from
// 8 to 13 pixels of 0.09 ha: r = ln(13/8)/10 = 4.9 % a year. With a one-pixel
// buffer the hole's 8 neighbours are all old town (LEI 100); the east block
// (4,2)–(4,3) has 10 neighbours, 3 of them old town (LEI 30); the estate has
// none (LEI 0).
func Example_change() {
	g := raster.Grid{Width: 8, Height: 5, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	classes := []raster.Class{{Code: 1, Name: "built-up"}, {Code: 2, Name: "cropland"}}
	before := &raster.Labels{Grid: g, Classes: classes, Data: []uint16{
		2, 2, 2, 2, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 2,
		2, 1, 2, 1, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2,
	}}
	after := &raster.Labels{Grid: g, Classes: classes, Data: []uint16{
		2, 2, 2, 2, 2, 2, 2, 2,
		2, 1, 1, 1, 2, 2, 2, 1,
		2, 1, 1, 1, 1, 2, 2, 1,
		2, 1, 1, 1, 1, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2,
	}}
	ctx := context.Background()
	tr, err := classify.NewTransitions(ctx, before, after)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, c := range tr.Change(true) {
		fmt.Printf("%-8s gain %.2f ha, loss %.2f ha, net %+.2f ha\n", tr.Classes[i].Name, c.Gain, c.Loss, c.Net)
	}
	built := tr.Change(true)[0]
	r, _ := classify.AnnualRate(built.From, built.To, 2014, 2024)
	fmt.Printf("built-up grew %.1f %% a year\n", 100*r)

	e, err := classify.UrbanExpansion(ctx, before, after, classify.ExpansionOptions{BuiltUp: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range e.Patches {
		fmt.Printf("patch %d at (%d,%d): %.2f ha, LEI %.1f, %s\n", p.ID, p.Col, p.Row, p.Hectares, p.LEI, p.Type)
	}
	// Output:
	// built-up gain 0.45 ha, loss 0.00 ha, net +0.45 ha
	// cropland gain 0.00 ha, loss 0.45 ha, net -0.45 ha
	// built-up grew 4.9 % a year
	// patch 1 at (7,1): 0.18 ha, LEI 0.0, outlying
	// patch 2 at (2,2): 0.09 ha, LEI 100.0, infilling
	// patch 3 at (4,2): 0.18 ha, LEI 30.0, edge-expansion
}
