package thermal

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/borderzone/borderzone/raster"
)

// parallelRows runs fn over row strips of an h-row raster on all cores.
// Each output pixel depends only on the same input pixels, so the result is
// the same on any number of cores.
func parallelRows(w, h int, fn func(lo, hi int)) {
	n := runtime.GOMAXPROCS(0)
	if n < 1 || w*h < 1<<14 {
		fn(0, w*h)
		return
	}
	rows := (h + n - 1) / n
	var wg sync.WaitGroup
	for r0 := 0; r0 < h; r0 += rows {
		r1 := min(r0+rows, h)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(r0*w, r1*w)
		}()
	}
	wg.Wait()
}

func check(name string, bands ...*raster.Band) error {
	for i, b := range bands {
		if b == nil {
			return fmt.Errorf("thermal: %s: band %d is nil", name, i)
		}
		if err := b.Validate(); err != nil {
			return fmt.Errorf("thermal: %s: band %q: %w", name, b.Name, err)
		}
		if i > 0 {
			if err := bands[0].Grid.Match(b.Grid); err != nil {
				return fmt.Errorf("thermal: %s: bands %q and %q: %w", name, bands[0].Name, b.Name, err)
			}
		}
	}
	return nil
}

// mapBand applies f to every value of in, giving a new band named name.
func mapBand(in *raster.Band, name string, f func(float64) float64) *raster.Band {
	out := &raster.Band{Grid: in.Grid, Name: name, Data: make([]float32, len(in.Data))}
	parallelRows(in.Grid.Width, in.Grid.Height, func(lo, hi int) {
		src, dst := in.Data[lo:hi], out.Data[lo:hi]
		for i, v := range src {
			dst[i] = float32(f(float64(v)))
		}
	})
	return out
}

// RadianceBand converts a band of Level-1 DN to TOA spectral radiance
// (W/(m²·sr·µm)) with [Radiance]; NaN stays NaN.
func RadianceBand(dn *raster.Band, mult, add float64) (*raster.Band, error) {
	if err := check("radiance", dn); err != nil {
		return nil, err
	}
	return mapBand(dn, "radiance", func(q float64) float64 { return mult*q + add }), nil
}

// ReflectanceBand converts a band of Level-1 DN to TOA reflectance (0–1)
// with the sun-elevation correction of [Reflectance].
func ReflectanceBand(dn *raster.Band, mult, add, sunElevationDeg float64) (*raster.Band, error) {
	if err := check("reflectance", dn); err != nil {
		return nil, err
	}
	if !(sunElevationDeg > 0 && sunElevationDeg <= 90) {
		return nil, fmt.Errorf("thermal: reflectance of %q: sun elevation %g° is not in (0, 90]", dn.Name, sunElevationDeg)
	}
	s := math.Sin(sunElevationDeg * math.Pi / 180)
	return mapBand(dn, "reflectance", func(q float64) float64 { return (mult*q + add) / s }), nil
}

// ReflectanceFromRadianceBand converts a radiance band to TOA reflectance
// (0–1) with [ReflectanceFromRadiance], for TM and ETM+ products whose MTL
// gives only radiance coefficients.
func ReflectanceFromRadianceBand(radiance *raster.Band, esun, earthSunDistanceAU, sunElevationDeg float64) (*raster.Band, error) {
	if err := check("reflectance from radiance", radiance); err != nil {
		return nil, err
	}
	if !(sunElevationDeg > 0 && sunElevationDeg <= 90) || !(esun > 0) || !(earthSunDistanceAU > 0) {
		return nil, fmt.Errorf("thermal: reflectance of %q: need sun elevation in (0, 90], ESUN > 0 and distance > 0 (got %g°, %g, %g AU)",
			radiance.Name, sunElevationDeg, esun, earthSunDistanceAU)
	}
	return mapBand(radiance, "reflectance", func(l float64) float64 {
		return ReflectanceFromRadiance(l, esun, earthSunDistanceAU, sunElevationDeg)
	}), nil
}

// BrightnessTemperatureBand converts a thermal radiance band to brightness
// temperature in kelvin with [BrightnessTemperature].
func BrightnessTemperatureBand(radiance *raster.Band, k1, k2 float64) (*raster.Band, error) {
	if err := check("brightness temperature", radiance); err != nil {
		return nil, err
	}
	if !(k1 > 0 && k2 > 0) {
		return nil, fmt.Errorf("thermal: brightness temperature of %q: K1 = %g and K2 = %g must be positive", radiance.Name, k1, k2)
	}
	return mapBand(radiance, "brightness_temperature", func(l float64) float64 { return BrightnessTemperature(l, k1, k2) }), nil
}

// LandSurfaceTemperatureBand computes [LandSurfaceTemperature] pixel by pixel
// from a brightness-temperature band (K) and an emissivity band (0–1) on the
// same grid, for the effective wavelength in metres ([Wavelength]). The
// result is in kelvin; NaN in either input gives NaN.
func LandSurfaceTemperatureBand(bt, emissivity *raster.Band, wavelengthMetres float64) (*raster.Band, error) {
	if err := check("land-surface temperature", bt, emissivity); err != nil {
		return nil, err
	}
	if !(wavelengthMetres > 1e-6 && wavelengthMetres < 1e-4) {
		return nil, fmt.Errorf("thermal: land-surface temperature: wavelength %g m is not a thermal-infrared wavelength in metres (e.g. 10.895e-6)", wavelengthMetres)
	}
	out := &raster.Band{Grid: bt.Grid, Name: "lst", Data: make([]float32, len(bt.Data))}
	parallelRows(bt.Grid.Width, bt.Grid.Height, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out.Data[i] = float32(LandSurfaceTemperature(float64(bt.Data[i]), float64(emissivity.Data[i]), wavelengthMetres))
		}
	})
	return out, nil
}

// KelvinToCelsius returns a copy of a temperature band converted from kelvin
// to degrees Celsius (t − 273.15).
func KelvinToCelsius(k *raster.Band) (*raster.Band, error) {
	if err := check("kelvin to celsius", k); err != nil {
		return nil, err
	}
	return mapBand(k, k.Name+"_celsius", KelvinToCelsiusValue), nil
}
