package borderzone_test

import (
	"context"
	"fmt"
	"log"

	"github.com/borderzone/borderzone/freight"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// Reading a Landsat 5 TM stack with the raster reader and the embedded
// Khorgos train counts with the freight package: the two ends of a border
// study. Expected values: gdalinfo -stats reports a mean of 61.279 for band
// 1 of the Landsat 5 file (nodata 255 excluded), and the sources give 386
// trains in 2016 and 8,730 in 2024.
func Example() {
	f, err := geotiff.Open("raster/geotiff/testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	blue, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		log.Fatal(err)
	}
	var sum float64
	var n int
	for _, v := range blue.Data {
		if v == v { // NaN (nodata) is not equal to itself
			sum += float64(v)
			n++
		}
	}
	fmt.Printf("Landsat 5 band 1: %dx%d, %s, mean DN %.3f\n", blue.Grid.Width, blue.Grid.Height, blue.Grid.CRS, sum/float64(n))

	series, err := freight.Embedded("khorgos")
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range series[0].Obs { // "Khorgos trains"
		if y := o.Period.String(); y == "2016" || y == "2024" {
			fmt.Printf("Khorgos %s: %.0f trains\n", y, o.Value)
		}
	}
	// Output:
	// Landsat 5 band 1: 287x310, EPSG:32622, mean DN 61.279
	// Khorgos 2016: 386 trains
	// Khorgos 2024: 8730 trains
}
