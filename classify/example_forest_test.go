package classify_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// A random forest learns "water where NDWI > 0.2" from 1,000 labelled
// pixels with a second, irrelevant feature, then classes new pixels.
func ExampleTrainForest() {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &classify.Samples{
		Features: []string{"ndwi", "slope"},
		Classes:  []raster.Class{{Code: 1, Name: "land"}, {Code: 2, Name: "water"}},
	}
	for range 1000 {
		ndwi, slope := rng.Float32()*2-1, rng.Float32()*30
		class := uint16(1)
		if ndwi > 0.2 {
			class = 2
		}
		s.X = append(s.X, ndwi, slope)
		s.Y = append(s.Y, class)
	}
	f, err := classify.TrainForest(context.Background(), s, classify.ForestOptions{Trees: 50, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	imp := f.Importance()
	fmt.Printf("OOB error below 1%%: %v\n", f.OOBError() < 0.01)
	fmt.Printf("ndwi importance above 0.9: %v\n", imp[0] > 0.9)

	pixels := []float32{-0.5, 10, 0.6, 2, 0.1, 25}
	out := make([]uint16, 3)
	f.Predict(pixels, out)
	for i, code := range out {
		fmt.Printf("pixel %d (ndwi %.1f): %s\n", i, pixels[2*i], f.Classes()[code-1].Name)
	}
	// Output:
	// OOB error below 1%: true
	// ndwi importance above 0.9: true
	// pixel 0 (ndwi -0.5): land
	// pixel 1 (ndwi 0.6): water
	// pixel 2 (ndwi 0.1): land
}

// Training pixels come from labelled polygons; whole polygons are held out
// for testing, so no polygon has pixels on both sides.
func ExampleSamplesFromPolygons() {
	// A 10 x 10 grid of 30 m pixels in UTM 44N with one band, "ndwi".
	g := raster.Grid{Width: 10, Height: 10, Transform: raster.Affine{500000, 30, 0, 4900000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	ndwi := raster.NewBand(g, "ndwi")
	for i := range ndwi.Data {
		ndwi.Data[i] = float32(i%10)/10 - 0.5 // −0.5 on the left to 0.4 on the right
	}
	stack, _ := raster.NewStack(ndwi)
	square := func(class string, col, row int) string {
		x, y := 500000+30*col, 4900000-30*row // a 60 m square: 2 x 2 pixel centres
		return fmt.Sprintf(`{"type":"Feature","properties":{"class":%q},"geometry":{"type":"Polygon","coordinates":[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}`,
			class, x, y, x+60, y, x+60, y-60, x, y-60, x, y)
	}
	geojson := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32644"}},"features":[` +
		square("land", 0, 0) + "," + square("land", 1, 4) + "," + square("land", 0, 7) + "," +
		square("water", 8, 0) + "," + square("water", 7, 4) + "," + square("water", 8, 7) + `]}`
	set, err := zones.Read(strings.NewReader(geojson), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := classify.SamplesFromPolygons(context.Background(), set, stack, classify.PolygonSampling{ClassProperty: "class"})
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := classify.SplitByGroup(s, classify.GroupSplit{TestGroups: 1, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d pixels from %d polygons; classes %s and %s\n", len(s.Y), len(set.Zones), s.Classes[0].Name, s.Classes[1].Name)
	fmt.Printf("training %d pixels, test %d pixels (one polygon of each class)\n", len(train.Y), len(test.Y))
	// Output:
	// 24 pixels from 6 polygons; classes land and water
	// training 16 pixels, test 8 pixels (one polygon of each class)
}
