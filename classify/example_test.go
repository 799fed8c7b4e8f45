package classify_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
)

// exampleStack is a 4 x 1 stack of three index bands.
func exampleStack() *raster.Stack {
	g := raster.Grid{Width: 4, Height: 1, Transform: raster.Affine{500000, 10, 0, 4900000, 0, -10}}
	band := func(name string, v ...float32) *raster.Band {
		b := raster.NewBand(g, name)
		copy(b.Data, v)
		return b
	}
	s, _ := raster.NewStack(
		band("ndvi", 0.05, 0.10, 0.60, 0.15),
		band("ndbi", -0.30, 0.20, -0.25, -0.05),
		band("mndwi", 0.40, -0.20, -0.50, -0.30),
	)
	return s
}

// Rules written as Go values: water where MNDWI > 0, built-up where
// NDBI > 0 and NDVI < 0.2, vegetation where NDVI > 0.3, else bare.
func ExampleRules() {
	rules := classify.Rules{
		Classes: []raster.Class{{Code: 1, Name: "water"}, {Code: 2, Name: "built-up"}, {Code: 3, Name: "vegetation"}, {Code: 4, Name: "bare"}},
		Rules: []classify.Rule{
			{Name: "water", Class: 1, When: classify.Compare("mndwi", ">", 0)},
			{Name: "built-up", Class: 2, When: classify.All(classify.Compare("ndbi", ">", 0), classify.Compare("ndvi", "<", 0.2))},
			{Name: "vegetation", Class: 3, When: classify.Compare("ndvi", ">", 0.3)},
		},
		Default: 4,
	}
	rc, err := rules.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	labels, err := classify.Classify(context.Background(), rc, exampleStack())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, code := range labels.Data {
		c, _ := labels.Class(code)
		fmt.Print(c.Name, " ")
	}
	fmt.Println()
	// Output: water built-up vegetation bare
}

// The same rules from a JSON rule file; errors name the rule and field.
func ExampleParseRules() {
	_, err := classify.ParseRules(strings.NewReader(`{
	  "classes": [{"code": 1, "name": "water", "color": "#1f78b4"}],
	  "rules": [{"name": "water", "class": 1, "when": {"band": "mndwi", "op": "=>", "value": 0}}]
	}`))
	fmt.Println(err)
	rc, _ := classify.ParseRules(strings.NewReader(`{
	  "classes": [{"code": 1, "name": "water"}, {"code": 2, "name": "land"}],
	  "default": 2,
	  "rules": [{"name": "water", "class": 1, "when": "mndwi > 0"}]
	}`))
	labels, _ := classify.Classify(context.Background(), rc, exampleStack())
	fmt.Println(rc.FeatureNames(), labels.Data)
	// Output:
	// classify: rules: rule 1 ("water"): when: op: "=>" is not one of <, <=, >, >=
	// [mndwi] [1 2 2 2]
}

// k-means on six pixels in two tight groups: the centres are the group
// means, (0.1, 0) and (1.1, 1), and the inertia the within-group sum of
// squares, 4 x 0.1² = 0.04.
func ExampleFitKMeans() {
	rows := []float32{ // pixel-interleaved (x, y) features
		0, 0, 0.1, 0, 0.2, 0,
		1, 1, 1.1, 1, 1.2, 1,
	}
	km, err := classify.FitKMeans(context.Background(), rows, 2, classify.KMeansOptions{K: 2, Restarts: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	out := make([]uint16, 6)
	km.Predict(rows, out)
	fmt.Printf("inertia %.2f, same cluster: %v %v, different: %v\n",
		km.Inertia, out[0] == out[2], out[3] == out[5], out[0] != out[3])
	// Output: inertia 0.04, same cluster: true true, different: true
}

// Minimum distance and maximum likelihood trained from samples.
func ExampleTrainMaxLikelihood() {
	s := &classify.Samples{
		Features: []string{"ndvi", "ndbi"},
		X: []float32{
			0.60, -0.20, 0.70, -0.30, 0.65, -0.22, 0.55, -0.28, // vegetation
			0.05, 0.20, 0.10, 0.25, 0.08, 0.15, 0.12, 0.22, // built-up
		},
		Y:       []uint16{1, 1, 1, 1, 2, 2, 2, 2},
		Classes: []raster.Class{{Code: 1, Name: "vegetation"}, {Code: 2, Name: "built-up"}},
	}
	ml, err := classify.TrainMaxLikelihood(s, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	md, _ := classify.TrainMinimumDistance(s)
	pixels := []float32{0.62, -0.25, 0.09, 0.21}
	a, b := make([]uint16, 2), make([]uint16, 2)
	ml.Predict(pixels, a)
	md.Predict(pixels, b)
	fmt.Println(a, b)
	// Output: [1 2] [1 2]
}
