package geotiff_test

import (
	"context"
	"fmt"
	"image"
	"log"
	"math"
	"strconv"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// The values printed by these examples were checked against GDAL 3.6.2:
// gdalinfo -json (size, type, EPSG, geotransform, overviews), gdallocationinfo
// (pixel values, "Descaled Value"), gdal_translate -srcwin ... -unscale -of
// XYZ (window values) and gdal_translate -ovr N -of VRT (overview grids).

// Open a Landsat 8 crop whose band carries a scale and offset in its
// GDAL_METADATA, and read one pixel as a physical value.
func ExampleOpen() {
	f, err := geotiff.Open("testdata/corpus/l8_uint16_scale_offset_deflate.tif")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	g := f.RasterGrid()
	fmt.Printf("%d x %d pixels, %d band, %s\n", g.Width, g.Height, f.NumBands(), f.DataType())
	fmt.Println("CRS:", g.CRS)
	fmt.Print("geotransform:")
	for _, v := range g.Transform {
		fmt.Print(" ", strconv.FormatFloat(v, 'f', -1, 64))
	}
	fmt.Println()

	// Pixel (col 100, row 50): the native sample and its analysis value,
	// native*scale + offset.
	ctx := context.Background()
	px := image.Rect(100, 50, 101, 51)
	raw, err := f.ReadRaw(ctx, 0, px)
	if err != nil {
		log.Fatal(err)
	}
	band, err := f.ReadWindow(ctx, 0, px)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("pixel (100, 50): %v * %v + %v = %v\n", raw.Float64At(0), f.Scale(0), f.Offset(0), band.Data[0])
	// Output:
	// 517 x 389 pixels, 1 band, UInt16
	// CRS: EPSG:32610
	// geotransform: 583804.2554557124 150.01925545571245 0 5185811.207332491 0 -150.0189633375474
	// pixel (100, 50): 18873 * 2e-05 + -0.1 = 0.27746
}

// Read a 4 x 2 window as analysis values. Only the strips the window
// touches are decoded, and the band comes back on the window's own grid.
func ExampleFile_ReadWindow() {
	f, err := geotiff.Open("testdata/corpus/l8_uint16_scale_offset_deflate.tif")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	b, err := f.ReadWindow(context.Background(), 0, image.Rect(100, 50, 104, 52))
	if err != nil {
		log.Fatal(err)
	}
	t := b.Grid.Transform
	fmt.Printf("%s: %d x %d, origin (%.4f, %.4f)\n", b.Name, b.Grid.Width, b.Grid.Height, t[0], t[3])
	for row := range b.Grid.Height {
		for _, v := range b.Row(row) {
			fmt.Printf(" %.5f", v)
		}
		fmt.Println()
	}
	// Output:
	// band1: 4 x 2, origin (598806.1810, 5178310.2592)
	//  0.27746 0.42304 0.11216 0.17406
	//  0.45432 0.34796 0.41278 0.39118
}

// Pick the resolution level for a requested pixel size, as GDAL picks the
// overview it reads for a decimated read.
func ExampleFile_LevelFor() {
	f, err := geotiff.Open("testdata/corpus/l5_7band_byte_zstd_pred2_ovr.tif")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	for i := 0; i <= len(f.Overviews()); i++ {
		im, err := f.Level(i)
		if err != nil {
			log.Fatal(err)
		}
		g := im.RasterGrid()
		dx, dy := g.Transform.PixelSize()
		fmt.Printf("level %d: %d x %d, pixel %.2f x %.2f m\n", i, g.Width, g.Height, dx, dy)
	}
	for _, metres := range []float64{30, 60, 130} {
		g := f.LevelFor(metres).RasterGrid()
		fmt.Printf("%g m -> %d x %d\n", metres, g.Width, g.Height)
	}

	// Band 1, pixel (10, 20) of the level for 60 m.
	b, err := f.LevelFor(60).ReadWindow(context.Background(), 0, image.Rect(10, 20, 11, 21))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("60 m level, pixel (10, 20):", b.Data[0])
	// Output:
	// level 0: 287 x 310, pixel 30.00 x 30.00 m
	// level 1: 144 x 155, pixel 59.79 x 60.00 m
	// level 2: 72 x 78, pixel 119.58 x 119.23 m
	// 30 m -> 287 x 310
	// 60 m -> 144 x 155
	// 130 m -> 72 x 78
	// 60 m level, pixel (10, 20): 60
}

// TestLevelForMatchesGDAL checks the claim of File.LevelFor's documentation
// that it picks the level GDAL reads for a decimated read. The expectations
// were recorded with GDAL 3.6.2: for each output width w (height
// w*310/287), `gdal_translate -b 1 -outsize w h -r nearest` of the file gave
// the same checksum as the same command on a copy without overviews (level
// 0), on `gdal_translate -ovr 0 -of VRT` (level 1) or on `-ovr 1` (level 2).
// The requested pixel size is the larger of the two axes' output pixel
// sizes, as LevelFor takes it.
func TestLevelForMatchesGDAL(t *testing.T) {
	f, err := geotiff.Open("testdata/corpus/l5_7band_byte_zstd_pred2_ovr.tif")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := f.RasterGrid()
	for _, c := range []struct{ width, gdalLevel int }{
		{287, 0}, {250, 0}, {200, 0}, {172, 1}, {160, 1}, {150, 1}, {144, 1}, {130, 1}, {100, 1}, {80, 2}, {72, 2},
	} {
		h := c.width * g.Height / g.Width
		px := math.Max(float64(g.Width)*30/float64(c.width), float64(g.Height)*30/float64(h))
		want, err := f.Level(c.gdalLevel)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.LevelFor(px); got != want {
			gg, wg := got.RasterGrid(), want.RasterGrid()
			t.Errorf("decimated read to %dx%d (%.2f m pixels): LevelFor picks %dx%d, GDAL reads level %d (%dx%d)",
				c.width, h, px, gg.Width, gg.Height, c.gdalLevel, wg.Width, wg.Height)
		}
	}
}
