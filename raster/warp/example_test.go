package warp_test

import (
	"context"
	"fmt"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/warp"
)

// Resample a 4 x 1 band with 10 m pixels onto 5 m pixels covering its two
// middle pixels. The target pixel centres fall at 1.25, 1.75, 2.25 and 2.75
// source pixels; worked by hand, bilinear interpolation between the source
// centres (0.5, 1.5, ...) gives 7.5, 12.5, 17.5, 22.5 and nearest takes
// the pixel containing each centre.
func Example() {
	utm := raster.CRS{EPSG: 32644}
	src := &raster.Band{
		Grid: raster.Grid{Width: 4, Height: 1, Transform: raster.Affine{0, 10, 0, 10, 0, -10}, CRS: utm},
		Name: "red",
		Data: []float32{0, 10, 20, 30},
	}
	dst := raster.Grid{Width: 4, Height: 1, Transform: raster.Affine{10, 5, 0, 10, 0, -10}, CRS: utm}
	for _, m := range []warp.Method{warp.Bilinear, warp.Nearest} {
		out, err := warp.Band(context.Background(), src, dst, warp.Options{Method: m})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(m, out.Data)
	}
	// Output:
	// bilinear [7.5 12.5 17.5 22.5]
	// nearest [10 10 20 20]
}

// The grid gdalwarp -t_srs EPSG:4326 picks for the Landsat 8 test scene
// (627 x 603 pixels of 30 m in UTM zone 16N): gdalwarp 3.6 chose 671 x 558
// pixels of 0.00029378768971° from (-87.496835283072, 30.810550417593).
func ExampleSuggestGrid() {
	src := raster.Grid{Width: 627, Height: 603, Transform: raster.Affine{452475, 30, 0, 3408645, 0, -30}, CRS: raster.CRS{EPSG: 32616}}
	g, err := warp.SuggestGrid(src, crs.WGS84())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d x %d pixels of %.11f° from (%.12f, %.12f)\n", g.Width, g.Height, g.Transform[1], g.Transform[0], g.Transform[3])
	// Output:
	// 671 x 558 pixels of 0.00029378769° from (-87.496835283072, 30.810550417593)
}
