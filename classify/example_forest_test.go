package classify_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
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
