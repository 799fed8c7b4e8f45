package zones_test

import (
	"context"
	"fmt"
	"image"
	"log"
	"math"
	"os"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Zonal statistics of a 4 x 2 band of 30 m cells (UTM 44N) over two zones
// whose coverage was computed beforehand (by zones' rasterization, for
// example, once per zone set and grid). Zone "A" covers the left half of
// the top row fully and its right half by half; zone "B" covers the bottom
// row, whose last cell has no data.
//
// By hand, with exactextract's definitions: A has count 1+1+0.5+0.5 = 3,
// sum 1+2+1.5+2 = 6.5, mean 6.5/3 = 2.1667, variance (1·1.1667² +
// 1·0.1667² + 0.5·0.8333² + 0.5·1.8333²)/3 = 1.1389 so stdev 1.0672; its
// weighted median: cumulative weights 1, 2, 2.5, 3 give s = 0, 1+3·1 = 4,
// 2·0.5+3·2 = 7, 3·0.5+3·2.5 = 9 and 0.5·3·3 = 4.5 lies 1/6 of the way
// from s=4 (value 2) to s=7 (value 3): 2.1667. B has count 3 (cells with
// values), nodata 1, values 5, 6, 7 so mean 6, population stdev √(2/3) =
// 0.8165 and median 6. Every cell is 30 m × 30 m = 900 m², so A's area is
// 3 × 900 = 2700 m² and B's 4 × 900 = 3600 m².
func ExampleStats() {
	grid := raster.Grid{Width: 4, Height: 2, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	band := &raster.Band{Grid: grid, Name: "ndvi", Data: []float32{
		1, 2, 3, 4,
		5, 6, 7, float32(nan()),
	}}
	set := &zones.Set{CRS: grid.CRS, Zones: []zones.Zone{{ID: "A"}, {ID: "B"}}}
	cov := &zones.CoverageSet{Grid: grid, Rule: zones.Exact, Zones: []zones.Coverage{
		{Zone: 0, Window: image.Rect(0, 0, 4, 1), Frac: []float32{1, 1, 0.5, 0.5}},
		{Zone: 1, Window: image.Rect(0, 1, 4, 2), Frac: []float32{1, 1, 1, 1}},
	}}
	stats, err := zones.ParseStats("count,mean,stdev,median,nodata,area")
	if err != nil {
		log.Fatal(err)
	}
	table, err := zones.Stats(context.Background(), set, cov, []zones.Layer{{Source: band, Name: "ndvi"}}, &zones.StatsOptions{Stats: stats})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range table.Rows {
		fmt.Printf("%s %s: count %.2f mean %.4f stdev %.4f median %.2f nodata %.0f area %.0f m²\n",
			row.ID, row.LayerName, row.Values[0], row.Values[1], row.Values[2], row.Values[3], row.Values[4], row.Values[5])
	}
	if err := zones.WriteCSV(os.Stdout, table); err != nil {
		log.Fatal(err)
	}
	// Output:
	// A ndvi: count 3.00 mean 2.1667 stdev 1.0672 median 2.17 nodata 0 area 2700 m²
	// B ndvi: count 3.00 mean 6.0000 stdev 0.8165 median 6.00 nodata 1 area 3600 m²
	// id,ndvi_count,ndvi_mean,ndvi_stdev,ndvi_median,ndvi_nodata,ndvi_area
	// A,3,2.1666666666666665,1.0671873729054748,2.1666666666666665,0,2700
	// B,3,6,0.816496580927726,6,1,3600
}

func nan() float64 { return math.NaN() }

// With equal weights the quantile is numpy.quantile(x, q,
// method="linear"): the 0.25 quantile of 1, 2, 3, 4 lies at position
// 0.25·(4−1) = 0.75 between 1 and 2, so 1.75. With the coverage weights
// 1, 1, 0.5, 0.5 the median is exactextract's weighted one, 2.1667 (worked
// in ExampleStats).
func ExampleWeightedQuantile() {
	x := []float64{4, 1, 3, 2}
	fmt.Printf("%.4f\n", zones.WeightedQuantile(x, []float64{1, 1, 1, 1}, 0.25))
	fmt.Printf("%.4f\n", zones.WeightedQuantile([]float64{1, 2, 3, 4}, []float64{1, 1, 0.5, 0.5}, 0.5))
	// Output:
	// 1.7500
	// 2.1667
}
