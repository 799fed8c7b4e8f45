package thermal_test

import (
	"fmt"
	"math"

	"github.com/borderzone/borderzone/indices/thermal"
)

// Land-surface temperature of one Landsat 8 pixel from its Level-1 DN, with
// the coefficients of the scene's MTL (LC80200392015216LGN00, pixel 100, 100).
func Example() {
	l := thermal.Radiance(24628, 3.3420e-4, 0.1)                // W/(m²·sr·µm)
	bt := thermal.BrightnessTemperature(l, 774.8853, 1321.0789) // K
	red := thermal.Reflectance(6784, 2e-5, -0.1, 64.74360932)   // TOA, 0–1
	nir := thermal.Reflectance(12879, 2e-5, -0.1, 64.74360932)  // TOA, 0–1
	ndvi := (nir - red) / (nir + red)
	eps := thermal.Sobrino2004().Emissivity(ndvi, math.NaN())
	w, _ := thermal.Wavelength("landsat8", "B10")
	lst := thermal.LandSurfaceTemperature(bt, eps, w)
	fmt.Printf("L = %.4f W/(m²·sr·µm), BT = %.2f K, NDVI = %.3f, ε = %.3f\n", l, bt, ndvi, eps)
	fmt.Printf("LST = %.2f K = %.2f °C\n", lst, thermal.KelvinToCelsiusValue(lst))
	// Output:
	// L = 8.3307 W/(m²·sr·µm), BT = 290.76 K, NDVI = 0.631, ε = 0.990
	// LST = 291.41 K = 18.26 °C
}

// The NDVI-threshold emissivity of Sobrino et al. (2004) across the three
// NDVI ranges.
func ExampleNDVIThreshold_Emissivity() {
	p := thermal.Sobrino2004()
	for _, ndvi := range []float64{0.1, 0.35, 0.8} {
		fmt.Printf("NDVI %.2f: ε = %.4f\n", ndvi, p.Emissivity(ndvi, math.NaN()))
	}
	// Output:
	// NDVI 0.10: ε = 0.9700
	// NDVI 0.35: ε = 0.9873
	// NDVI 0.80: ε = 0.9900
}
