package zones_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Example reads a one-zone GeoJSON in UTM coordinates and computes the
// fraction of each 10 m cell it covers, then the pixel-centre cells.
func Example() {
	const doc = `{"type": "FeatureCollection",
	  "crs": {"type": "name", "properties": {"name": "EPSG:32644"}},
	  "features": [{"type": "Feature", "properties": {"name": "parcel"},
	    "geometry": {"type": "Polygon", "coordinates":
	      [[[500005, 4900015], [500025, 4900015], [500025, 4900035], [500005, 4900035], [500005, 4900015]]]}}]}`
	set, err := zones.Read(strings.NewReader(doc), "name")
	if err != nil {
		log.Fatal(err)
	}
	// A 4 x 4 grid of 10 m cells whose top-left corner is (500000, 4900040).
	grid := raster.Grid{Width: 4, Height: 4,
		Transform: raster.Affine{500000, 10, 0, 4900040, 0, -10}, CRS: raster.CRS{EPSG: 32644}}

	exact, err := zones.Rasterize(context.Background(), set, grid, zones.Exact)
	if err != nil {
		log.Fatal(err)
	}
	c := exact.Zones[0]
	fmt.Println(set.Zones[0].ID, "window", c.Window)
	for y := 0; y < c.Window.Dy(); y++ {
		fmt.Println(c.Frac[y*c.Window.Dx() : (y+1)*c.Window.Dx()])
	}

	// Centres lying exactly on the square's edges are decided as GDAL
	// decides them (rasterio.features.rasterize gives the same 6 cells).
	center, err := zones.Rasterize(context.Background(), set, grid, zones.Center)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, f := range center.Zones[0].Frac {
		if f > 0 {
			n++
		}
	}
	fmt.Println("cells with their centre inside:", n)
	// Output:
	// parcel window (0,0)-(3,3)
	// [0.25 0.5 0.25]
	// [0.5 1 0.5]
	// [0.25 0.5 0.25]
	// cells with their centre inside: 6
}

// ExampleCoverageSet_Labels burns the two sides of the China–Kazakhstan
// border around Khorgos into a categorical raster on a 0.05° grid.
func ExampleCoverageSet_Labels() {
	set, err := zones.ReadFile("testdata/geo_khorgos_countries.geojson", "iso_a3")
	if err != nil {
		log.Fatal(err)
	}
	grid := raster.Grid{Width: 42, Height: 32,
		Transform: raster.Affine{79.45, 0.05, 0, 45.05, 0, -0.05}, CRS: raster.CRS{EPSG: 4326}}
	cov, err := zones.Rasterize(context.Background(), set, grid, zones.Center)
	if err != nil {
		log.Fatal(err)
	}
	labels, err := cov.Labels(set)
	if err != nil {
		log.Fatal(err)
	}
	count := map[uint16]int{}
	for _, v := range labels.Data {
		count[v]++
	}
	for _, c := range labels.Classes {
		fmt.Printf("%d %s: %d cells\n", c.Code, c.Name, count[c.Code])
	}
	fmt.Printf("none: %d cells\n", count[0])
	// rasterio.features.rasterize gives the same counts on this grid.
	// Output:
	// 1 CHN: 678 cells
	// 2 KAZ: 522 cells
	// none: 144 cells
}
