package thermal

import (
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// NDVIThreshold holds the parameters of the NDVI-threshold emissivity method
// of Sobrino, Jiménez-Muñoz & Paolini (2004), "Land surface temperature
// retrieval from LANDSAT TM 5", Remote Sensing of Environment 90, 434–440.
//
// Pixels are split by NDVI:
//
//   - NDVI < NDVISoil (bare soil): ε = SoilEmissivity, or, when a red
//     reflectance band is given and SoilRedSlope is not zero,
//     ε = SoilRedIntercept + SoilRedSlope·ρred (the paper's TM6 regression
//     ε = 0.979 − 0.035·ρred);
//   - NDVI > NDVIVegetation (full vegetation): ε = VegetationEmissivity;
//   - in between (mixed): with the proportion of vegetation
//     Pv = ((NDVI − NDVISoil)/(NDVIVegetation − NDVISoil))² (Carlson &
//     Ripley 1997), ε = εv·Pv + εs·(1 − Pv) + dε, where the cavity term
//     dε = (1 − εs)·(1 − Pv)·F·εv with the geometrical factor F.
//
// With the defaults (εs = 0.97, εv = 0.99, F = 0.55) the mixed case is
// ε = 0.0037·Pv + 0.9863, the paper's ε = 0.004·Pv + 0.986 before rounding;
// code that uses the rounded form differs by at most 3e-4 in ε, about 0.02 K
// in LST.
//
// The method is meant for land: water (NDVI < 0) falls in the soil branch,
// while its emissivity is about 0.99. Mask water first (package
// indices/sensor, condition "water") or set its emissivity yourself.
type NDVIThreshold struct {
	// NDVISoil and NDVIVegetation are the NDVI of bare soil and full
	// vegetation (paper: 0.2 and 0.5).
	NDVISoil, NDVIVegetation float64
	// SoilEmissivity εs and VegetationEmissivity εv (paper: 0.97, 0.99).
	SoilEmissivity, VegetationEmissivity float64
	// ShapeFactor is the mean geometrical factor F of the cavity term
	// (paper: 0.55).
	ShapeFactor float64
	// SoilRedIntercept and SoilRedSlope give soil emissivity from red
	// reflectance when a red band is supplied (paper, TM band 6: 0.979 and
	// −0.035). Zero slope means "use SoilEmissivity".
	SoilRedIntercept, SoilRedSlope float64
}

// Sobrino2004 returns the parameters of Sobrino et al. (2004) for Landsat TM
// band 6: thresholds 0.2 and 0.5, εs = 0.97, εv = 0.99, F = 0.55, and the
// soil regression ε = 0.979 − 0.035·ρred.
func Sobrino2004() NDVIThreshold {
	return NDVIThreshold{
		NDVISoil: 0.2, NDVIVegetation: 0.5,
		SoilEmissivity: 0.97, VegetationEmissivity: 0.99, ShapeFactor: 0.55,
		SoilRedIntercept: 0.979, SoilRedSlope: -0.035,
	}
}

// Validate checks that the thresholds are ordered and the emissivities lie in
// (0, 1].
func (p NDVIThreshold) Validate() error {
	if !(p.NDVISoil < p.NDVIVegetation) {
		return fmt.Errorf("thermal: NDVI thresholds soil %g and vegetation %g are not increasing", p.NDVISoil, p.NDVIVegetation)
	}
	for _, e := range []float64{p.SoilEmissivity, p.VegetationEmissivity} {
		if !(e > 0 && e <= 1) {
			return fmt.Errorf("thermal: emissivity %g is not in (0, 1]", e)
		}
	}
	if !(p.ShapeFactor >= 0 && p.ShapeFactor <= 1) {
		return fmt.Errorf("thermal: geometrical factor %g is not in [0, 1]", p.ShapeFactor)
	}
	return nil
}

// ProportionOfVegetation returns Pv = ((NDVI − NDVISoil)/(NDVIVegetation −
// NDVISoil))², clamped to [0, 1] (Carlson & Ripley 1997, Remote Sensing of
// Environment 62, 241–252).
func (p NDVIThreshold) ProportionOfVegetation(ndvi float64) float64 {
	x := (ndvi - p.NDVISoil) / (p.NDVIVegetation - p.NDVISoil)
	x = math.Max(0, math.Min(1, x))
	return x * x
}

// Emissivity returns the emissivity of one pixel; red is its red reflectance
// (NaN when unknown). NaN NDVI gives NaN.
func (p NDVIThreshold) Emissivity(ndvi, red float64) float64 {
	switch {
	case math.IsNaN(ndvi):
		return math.NaN()
	case ndvi < p.NDVISoil:
		if p.SoilRedSlope != 0 && !math.IsNaN(red) {
			return p.SoilRedIntercept + p.SoilRedSlope*red
		}
		return p.SoilEmissivity
	case ndvi > p.NDVIVegetation:
		return p.VegetationEmissivity
	}
	pv := p.ProportionOfVegetation(ndvi)
	es, ev := p.SoilEmissivity, p.VegetationEmissivity
	return ev*pv + es*(1-pv) + (1-es)*(1-pv)*p.ShapeFactor*ev
}

// EmissivityBand computes [NDVIThreshold.Emissivity] for every pixel of an
// NDVI band; red (red reflectance, same grid) may be nil, and then bare soil
// gets SoilEmissivity.
func EmissivityBand(ndvi, red *raster.Band, p NDVIThreshold) (*raster.Band, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	bands := []*raster.Band{ndvi}
	if red != nil {
		bands = append(bands, red)
	}
	if err := check("emissivity", bands...); err != nil {
		return nil, err
	}
	out := &raster.Band{Grid: ndvi.Grid, Name: "emissivity", Data: make([]float32, len(ndvi.Data))}
	parallelRows(ndvi.Grid.Width, ndvi.Grid.Height, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r := math.NaN()
			if red != nil {
				r = float64(red.Data[i])
			}
			out.Data[i] = float32(p.Emissivity(float64(ndvi.Data[i]), r))
		}
	})
	return out, nil
}
