package zones_test

import (
	"context"
	"fmt"
	"log"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Signed distances (metres) to a north–south border at easting 501500 m,
// with Kazakhstan on the west (negative) side, then 1 km distance bands out
// to 2 km on each side. The pixel centres are at 500250, 500750, … m.
func ExampleSignedDistance() {
	utm44 := raster.CRS{EPSG: 32644}
	g := raster.Grid{Width: 7, Height: 1, Transform: raster.Affine{500000, 500, 0, 4900000, 0, -500}, CRS: utm44}
	border := &zones.Border{CRS: utm44, Lines: orb.MultiLineString{{{501500, 4800000}, {501500, 5000000}}}}
	sides := zones.SidesFromPoint(utm44, orb.Point{500000, 4900000}, "KAZ", "CHN")

	d, err := zones.SignedDistance(context.Background(), g, border, sides)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Data)

	edges, err := zones.BandEdges(1000, 2000)
	if err != nil {
		log.Fatal(err)
	}
	bands, err := zones.DistanceBands(d, edges, sides.NegativeName, sides.PositiveName)
	if err != nil {
		log.Fatal(err)
	}
	for i, code := range bands.Data {
		c, _ := bands.Class(code)
		fmt.Printf("%6.0f m: %d %s\n", d.Data[i], code, c.Name)
	}
	// Output:
	// [-1250 -750 -250 250 750 1250 1750]
	//  -1250 m: 1 KAZ 1-2 km
	//   -750 m: 2 KAZ 0-1 km
	//   -250 m: 2 KAZ 0-1 km
	//    250 m: 3 CHN 0-1 km
	//    750 m: 3 CHN 0-1 km
	//   1250 m: 4 CHN 1-2 km
	//   1750 m: 4 CHN 1-2 km
}
