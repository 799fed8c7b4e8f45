package sensor

import (
	"context"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"

	"github.com/borderzone/borderzone/indices/thermal"
	"github.com/borderzone/borderzone/raster"
)

// LandSurfaceTemperature returns the land-surface temperature in kelvin of
// window win (empty: all) of a Landsat product.
//
// For Level-2 products it is the ST band (ST_B10, ST_B6) as delivered, the
// USGS single-channel product with atmospheric correction and ASTER-based
// emissivity. For Level-1 products it is computed from the thermal band's
// brightness temperature (T1 = B10 for Landsat 8–9, T = B6 for TM/ETM+) with
// the emissivity of the NDVI-threshold method (params; thermal.Sobrino2004()
// for the paper's values), NDVI from the TOA red and near-infrared
// reflectance and the soil emissivity from red reflectance, and the
// single-channel correction LST = BT/(1 + (λ·BT/ρ)·ln ε) at the band's
// effective wavelength (thermal.Wavelength). No atmospheric correction is
// made at Level-1. Masks set in Options.Mask apply; NaN propagates.
func (p *Product) LandSurfaceTemperature(ctx context.Context, win image.Rectangle, params thermal.NDVIThreshold) (*raster.Band, error) {
	if !p.Platform.IsLandsat() {
		return nil, fmt.Errorf("sensor: %s: land-surface temperature needs a Landsat thermal band (platform %s)", p.Name, p.Platform)
	}
	tl := "T"
	if _, ok := p.bands["T1"]; ok {
		tl = "T1"
	}
	if _, ok := p.bands[tl]; !ok {
		return nil, fmt.Errorf("sensor: %s has no thermal band (it has %v)", p.Name, p.Letters())
	}
	if p.Level == LevelL2 {
		st, err := p.ReadStack(ctx, []string{tl}, win)
		if err != nil {
			return nil, err
		}
		b := st.Bands[0]
		b.Name = "lst"
		return b, nil
	}
	st, err := p.ReadStack(ctx, []string{"R", "N", tl}, win)
	if err != nil {
		return nil, err
	}
	red, nir, bt := st.Bands[0], st.Bands[1], st.Bands[2]
	ndvi := &raster.Band{Grid: red.Grid, Name: "ndvi", Data: make([]float32, len(red.Data))}
	parallelChunks(len(ndvi.Data), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r, n := float64(red.Data[i]), float64(nir.Data[i])
			v := (n - r) / (n + r)
			if math.IsInf(v, 0) {
				v = math.NaN()
			}
			ndvi.Data[i] = float32(v)
		}
	})
	eps, err := thermal.EmissivityBand(ndvi, red, params)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", p.Name, err)
	}
	w, err := thermal.Wavelength(string(p.Platform), p.bands[tl].Band)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", p.Name, err)
	}
	return thermal.LandSurfaceTemperatureBand(bt, eps, w)
}

// parallelChunks runs fn over [0, n) split into one chunk per core; each
// element is computed independently, so the result does not depend on the
// number of cores.
func parallelChunks(n int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < 1<<14 {
		fn(0, n)
		return
	}
	step := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += step {
		hi := min(lo+step, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
