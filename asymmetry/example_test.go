package asymmetry_test

import (
	"context"
	"fmt"
	"log"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/raster"
)

// A 6 x 4 land-cover map of 30 m cells split by a border between columns 2
// and 3: built-up (1) is one compact block on the west side and scattered
// on the east side; the rest is cropland (2). Landscape metrics per side,
// from zone labels on the same grid, show the difference: the two built-up
// cells touching at a corner (8-cell rule) form one patch, the two such
// pairs on the east side are √5 cells (67.1 m) apart.
func ExampleLandscape() {
	g := raster.Grid{Width: 6, Height: 4, Transform: raster.Affine{500000, 30, 0, 4800120, 0, -30}}
	rows := []string{
		"112212",
		"112221",
		"222122",
		"222212",
	}
	cover := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "built-up"}, {Code: 2, Name: "cropland"}})
	sides := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "west"}, {Code: 2, Name: "east"}})
	for r, row := range rows {
		for c, ch := range row {
			cover.Data[r*6+c] = uint16(ch - '0')
			sides.Data[r*6+c] = 1 + uint16(c/3)
		}
	}
	res, err := asymmetry.Landscape(context.Background(), cover, &asymmetry.LandscapeOptions{Zones: sides})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Class {
		if c.Class == 1 {
			fmt.Printf("%s built-up: CA %.2f ha, NP %d, LPI %.1f%%, ENN_MN %.1f m, AI %.1f\n",
				c.Zone.Name, c.CA, c.NP, c.LPI, c.EnnMN, c.AI)
		}
	}
	for _, l := range res.Landscape {
		fmt.Printf("%s: TA %.2f ha, NP %d, ED %.1f m/ha, CONTAG %.1f, SHDI %.3f\n", l.Zone.Name, l.TA, l.NP, l.ED, l.Contag, l.SHDI)
	}
	// res.WriteCSV(w, asymmetry.LevelClass) writes the same rows as CSV.

	// Output:
	// west built-up: CA 0.36 ha, NP 1, LPI 33.3%, ENN_MN NaN m, AI 100.0
	// east built-up: CA 0.36 ha, NP 2, LPI 16.7%, ENN_MN 67.1 m, AI 0.0
	// west: TA 1.08 ha, NP 2, ED 111.1 m/ha, CONTAG 16.0, SHDI 0.637
	// east: TA 1.08 ha, NP 3, ED 333.3 m/ha, CONTAG 21.0, SHDI 0.637
}
