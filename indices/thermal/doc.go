// Package thermal converts Landsat Level-1 quantised values into physical
// quantities and derives land-surface temperature from the thermal infrared.
//
// Each formula exists as a scalar function (Radiance, Reflectance,
// ReflectanceFromRadiance, BrightnessTemperature, LandSurfaceTemperature,
// NDVIThreshold.Emissivity) and as a band function (RadianceBand, …,
// LandSurfaceTemperatureBand, EmissivityBand, KelvinToCelsius) that maps
// float32 bands to new float32 bands on all cores (each pixel independent, so
// the result is the same on any number of cores), NaN in giving NaN out.
//
//   - TOA radiance L = ML·Q + AL and reflectance ρ = (Mρ·Q + Aρ)/sin θSE
//     from the MTL coefficients (USGS, Landsat 8 Data Users Handbook, §5);
//     for TM and ETM+, whose older MTLs give only radiance,
//     ρ = π·L·d²/(ESUN·sin θSE) with the ESUN values of Chander, Markham &
//     Helder (2009), Table 2, and d from the MTL or EarthSunDistance.
//   - Brightness temperature BT = K2 / ln(K1/L + 1), with K1, K2 from the MTL
//     or PublishedConstants (TM B6 607.76, 1260.56; ETM+ B6 666.09,
//     1282.71; Chander et al. 2009, Table 5).
//   - Emissivity by the NDVI-threshold method of Sobrino, Jiménez-Muñoz &
//     Paolini (2004), Remote Sensing of Environment 90, 434–440, with the
//     proportion of vegetation Pv = ((NDVI − NDVIs)/(NDVIv − NDVIs))² and the
//     paper's defaults (Sobrino2004).
//   - Land-surface temperature by the single-channel correction
//     LST = BT / (1 + (λ·BT/ρ)·ln ε), ρ = h·c/σ = 1.4388e-2 m·K
//     (Artis & Carnahan 1982; Weng, Lu & Schubring 2004), with the effective
//     wavelengths of Wavelength (band centres: TM/ETM+ B6 11.45 µm, TIRS B10
//     10.895 µm, B11 12.005 µm). No atmospheric correction is made; for
//     that, use the Collection 2 Level-2 ST_B10 product, which package
//     indices/sensor loads in kelvin directly.
//
// All temperatures are kelvin; KelvinToCelsius converts.
//
// The package knows nothing of files or metadata: package indices/sensor
// reads MTL files and products and calls these formulas, so thermal stays
// the lower layer (it imports only package raster).
package thermal
