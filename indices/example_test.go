package indices_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/borderzone/borderzone/indices"
	"github.com/borderzone/borderzone/raster"
)

// A catalogue index on a stack whose bands are named by catalogue letter.
func ExampleCompute() {
	g := raster.Grid{Width: 3, Height: 1, Transform: raster.Affine{500000, 30, 0, 4800000, 0, -30}}
	nir := &raster.Band{Grid: g, Name: "N", Data: []float32{0.40, 0.30, 0}}
	red := &raster.Band{Grid: g, Name: "R", Data: []float32{0.10, 0.30, 0}}
	s, _ := raster.NewStack(nir, red)
	ndvi, err := indices.Compute(context.Background(), "NDVI", s, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %.2f\n", ndvi.Name, ndvi.Data) // 0/0 is NaN
	// Output: NDVI: [0.60 0.00 NaN]
}

// SAVI with Huete's L = 0.5 instead of the catalogue's default 1.0.
func ExampleIndex_Compile() {
	ix, _ := indices.Lookup("SAVI")
	fmt.Println(ix.LongName, "=", ix.Formula)
	p, _ := ix.Compile(&indices.Options{Constants: map[string]float64{"L": 0.5}})
	out := make([]float32, 1)
	_ = p.Run(context.Background(), out, []float32{0.4}, []float32{0.1}) // inputs in p.Bands() order
	fmt.Printf("%v %.4f\n", p.Bands(), out[0])
	// Output:
	// Soil-Adjusted Vegetation Index = (1.0 + L) * (N - R) / (N + R + L)
	// [N R] 0.4500
}

// A user formula, and the column a syntax error names.
func ExampleCompile() {
	p, err := indices.Compile("(nir - swir) / (nir + swir)", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Bands())
	_, err = indices.Compile("(N - R) / (N + R", nil)
	var pe *indices.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Column, pe.Msg)
	}
	// Output:
	// [nir swir]
	// 17 expected ")" to close the "(" at column 11, found the end of the formula
}

// The urban indices the catalogue defines for Landsat 8-9 OLI.
func ExampleByDomain() {
	n := 0
	for _, ix := range indices.ByDomain("urban") {
		for _, p := range ix.Platforms {
			if p == "Landsat-OLI" {
				n++
			}
		}
	}
	fmt.Println(len(indices.ByDomain("urban")), "urban indices,", n, "on Landsat OLI")
	// Output: 19 urban indices, 11 on Landsat OLI
}
