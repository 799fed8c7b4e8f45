package thermal

import (
	"math"
	"time"
)

// Rho is the constant ρ = h·c/σ = 1.4388e-2 m·K of the single-channel
// emissivity correction, with h Planck's constant, c the speed of light and
// σ Boltzmann's constant (written k_B elsewhere; CODATA 2018 gives
// 1.438777e-2 m·K). Weng, Lu & Schubring (2004) and Avdan & Jovanovska
// (2016) use this value.
const Rho = 1.4388e-2

// Radiance returns the Level-1 top-of-atmosphere spectral radiance
// L = ML·Q + AL in W/(m²·sr·µm) for the calibrated DN q, with ML and AL the
// RADIANCE_MULT_BAND_n and RADIANCE_ADD_BAND_n of the MTL (USGS, Landsat 8
// Data Users Handbook, section 5.1).
func Radiance(q, mult, add float64) float64 { return mult*q + add }

// Reflectance returns the Level-1 TOA reflectance with the sun-elevation
// correction, ρ = (Mρ·Q + Aρ) / sin(θSE), θSE the sun elevation in degrees
// (USGS, Landsat 8 Data Users Handbook, section 5.2). The result is the
// reflectance 0–1 (above 1 for bright targets at low sun).
func Reflectance(q, mult, add, sunElevationDeg float64) float64 {
	return (mult*q + add) / math.Sin(sunElevationDeg*math.Pi/180)
}

// ReflectanceFromRadiance returns the TOA reflectance
// ρ = π·L·d² / (ESUN·sin θSE) of radiance L (W/(m²·sr·µm)), with d the
// Earth–Sun distance in astronomical units, esun the band's mean exoatmospheric
// solar irradiance (W/(m²·µm), see [ESUN]) and θSE the sun elevation in
// degrees (Chander, Markham & Helder 2009, Remote Sensing of Environment
// 113, 893–903, eq. 2 with θSZ = 90° − θSE).
func ReflectanceFromRadiance(l, esun, earthSunDistanceAU, sunElevationDeg float64) float64 {
	return math.Pi * l * earthSunDistanceAU * earthSunDistanceAU / (esun * math.Sin(sunElevationDeg*math.Pi/180))
}

// BrightnessTemperature returns the at-sensor brightness temperature in
// kelvin, BT = K2 / ln(K1/L + 1), of the thermal radiance L
// (W/(m²·sr·µm)) with the band's calibration constants K1 (W/(m²·sr·µm)) and
// K2 (K) (Chander et al. 2009, eq. 3; USGS Landsat 8 Data Users Handbook,
// section 5.3). Non-positive radiance gives NaN.
func BrightnessTemperature(l, k1, k2 float64) float64 {
	if !(l > 0) {
		return math.NaN()
	}
	return k2 / math.Log(k1/l+1)
}

// LandSurfaceTemperature returns the land-surface temperature in kelvin by
// the single-channel emissivity correction
//
//	LST = BT / (1 + (λ·BT/ρ)·ln ε)
//
// with BT the brightness temperature (K), λ the band's effective wavelength in
// metres (see [Wavelength]), ρ = [Rho] and ε the surface emissivity (0–1)
// (Artis & Carnahan 1982, Remote Sensing of Environment 12, 313–329; Weng,
// Lu & Schubring 2004, Remote Sensing of Environment 89, 467–483, eq. 4).
// No atmospheric correction is made. Emissivity outside (0, 1] gives NaN.
func LandSurfaceTemperature(bt, emissivity, wavelengthMetres float64) float64 {
	if !(emissivity > 0 && emissivity <= 1) {
		return math.NaN()
	}
	return bt / (1 + wavelengthMetres*bt/Rho*math.Log(emissivity))
}

// EarthSunDistance returns the Earth–Sun distance in astronomical units on the
// day of t by the approximation d = 1 − 0.01672·cos(0.9856°·(DOY − 4))
// (accurate to about 1e-4 AU), for MTL files that do not give
// EARTH_SUN_DISTANCE (older TM and ETM+ products). Reference: the
// Earth's orbital eccentricity 0.01672 with perihelion on about 4 January;
// the same approximation is used by Landsat TOA tools (e.g. RStoolbox
// radCor's esdist, GRASS i.landsat.toar).
func EarthSunDistance(t time.Time) float64 {
	doy := float64(t.YearDay())
	return 1 - 0.01672*math.Cos(0.9856*(doy-4)*math.Pi/180)
}

// KelvinToCelsiusValue returns t − 273.15.
func KelvinToCelsiusValue(k float64) float64 { return k - 273.15 }
