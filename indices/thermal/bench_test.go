package thermal

import (
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// BenchmarkLSTChain4000 runs radiance → brightness temperature → emissivity →
// LST on synthetic 4000 × 4000 bands (16 M pixels), the per-pixel work of a
// Landsat thermal scene. The numpy equivalent is in testdata/bench_lst.py.
func BenchmarkLSTChain4000(b *testing.B) {
	const n = 4000
	g := raster.Grid{Width: n, Height: n, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	dn := &raster.Band{Grid: g, Data: make([]float32, n*n)}
	ndvi := &raster.Band{Grid: g, Data: make([]float32, n*n)}
	for i := range dn.Data {
		dn.Data[i] = float32(20000 + i%9000)
		ndvi.Data[i] = float32(-0.2 + float64(i%1000)/1000)
	}
	p := Sobrino2004()
	b.ResetTimer()
	for range b.N {
		l, _ := RadianceBand(dn, 3.3420e-4, 0.1)
		bt, _ := BrightnessTemperatureBand(l, 774.8853, 1321.0789)
		eps, _ := EmissivityBand(ndvi, nil, p)
		if _, err := LandSurfaceTemperatureBand(bt, eps, 10.895e-6); err != nil {
			b.Fatal(err)
		}
	}
}
