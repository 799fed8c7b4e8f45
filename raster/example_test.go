package raster_test

import (
	"fmt"
	"image"
	"log"

	"github.com/borderzone/borderzone/raster"
)

// The Landsat 5 crop of the shared imagery: 287 x 310 pixels of 30 m in
// UTM zone 22N, top-left corner at (619395, -410205). gdalinfo reports the
// same geotransform and the corner coordinates printed below.
var landsat = raster.Grid{
	Width: 287, Height: 310,
	Transform: raster.Affine{619395, 30, 0, -410205, 0, -30},
	CRS:       raster.CRS{EPSG: 32622},
}

// Map coordinates from pixel positions and back, with a geotransform in
// GDAL order.
func ExampleAffine() {
	a := raster.Affine{619395, 30, 0, -410205, 0, -30}

	// (0, 0) is the corner of the first pixel, (0.5, 0.5) its centre.
	x, y := a.Apply(0, 0)
	fmt.Printf("corner of pixel (0, 0): (%g, %g)\n", x, y)
	x, y = a.Apply(0.5, 0.5)
	fmt.Printf("centre of pixel (0, 0): (%g, %g)\n", x, y)

	inv, err := a.Invert()
	if err != nil {
		log.Fatal(err)
	}
	col, row := inv.Apply(619455, -410265)
	fmt.Printf("(619455, -410265) is at column %g, row %g\n", col, row)

	_, err = raster.Affine{0, 0, 0, 0, 0, -30}.Invert()
	fmt.Println(err != nil)
	// Output:
	// corner of pixel (0, 0): (619395, -410205)
	// centre of pixel (0, 0): (619410, -410220)
	// (619455, -410265) is at column 2, row 2
	// true
}

// A grid's footprint, the pixel under a map point, and the grid of a
// window.
func ExampleGrid() {
	g := landsat
	b := g.Bounds()
	fmt.Printf("bounds: x %.0f to %.0f, y %.0f to %.0f\n", b.Min[0], b.Max[0], b.Min[1], b.Max[1])

	col, row, err := g.PixelOf(623700, -414855) // the centre gdalinfo reports
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("centre point at pixel (%g, %g)\n", col, row)

	w, err := g.Window(image.Rect(100, 50, 110, 60))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("window:", w)
	fmt.Println("same grid as the scene:", g.Match(w) == nil)
	// Output:
	// bounds: x 619395 to 628005, y -419505 to -410205
	// centre point at pixel (143.5, 155)
	// window: 10x10 EPSG:32622 origin (622395, -411705) pixel (30, -30)
	// same grid as the scene: false
}

// Iterate over a raster in blocks; blocks on the right and bottom edges are
// clipped.
func ExampleBlocks() {
	for r := range raster.Blocks(10, 7, 4, 3) {
		fmt.Println(r)
	}
	// Output:
	// (0,0)-(4,3)
	// (4,0)-(8,3)
	// (8,0)-(10,3)
	// (0,3)-(4,6)
	// (4,3)-(8,6)
	// (8,3)-(10,6)
	// (0,6)-(4,7)
	// (4,6)-(8,7)
	// (8,6)-(10,7)
}

// Co-registered bands go into a Stack; a band on another grid is refused
// with an error naming both grids.
func ExampleStack() {
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{500000, 10, 0, 4800000, 0, -10}, CRS: raster.CRS{EPSG: 32643}}
	red := &raster.Band{Grid: g, Name: "red", Data: []float32{0.05, 0.20}}
	nir := &raster.Band{Grid: g, Name: "nir", Data: []float32{0.45, 0.25}}
	s, err := raster.NewStack(red, nir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Names())

	r, _ := s.Band("red")
	n, _ := s.Band("nir")
	for i := range r.Data {
		ndvi := (n.Data[i] - r.Data[i]) / (n.Data[i] + r.Data[i])
		fmt.Printf("pixel %d NDVI %.2f\n", i, ndvi)
	}

	shifted := g
	shifted.Transform[0] += 10
	_, err = raster.NewStack(red, &raster.Band{Grid: shifted, Name: "swir", Data: []float32{0.3, 0.3}})
	fmt.Println(err)
	// Output:
	// [red nir]
	// pixel 0 NDVI 0.80
	// pixel 1 NDVI 0.11
	// raster: band "swir" does not fit the stack: raster: grids differ: 2x1 EPSG:32643 origin (500000, 4800000) pixel (10, -10) and 2x1 EPSG:32643 origin (500010, 4800000) pixel (10, -10)
}
