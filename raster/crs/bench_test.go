package crs

import (
	"math/rand/v2"
	"testing"
)

// benchPoints returns n lon/lat points in UTM zone 44N (78°–84° E, 0°–84° N).
func benchPoints(n int) (lons, lats []float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	lons, lats = make([]float64, n), make([]float64, n)
	for i := range lons {
		lons[i] = 78 + 6*rng.Float64()
		lats[i] = 84 * rng.Float64()
	}
	return lons, lats
}

func BenchmarkUTMForward(b *testing.B) {
	c, _ := FromEPSG(32644)
	lons, lats := benchPoints(1024)
	b.ResetTimer()
	var sx float64
	for i := 0; b.Loop(); i++ {
		x, _, _ := c.Forward(lons[i&1023], lats[i&1023])
		sx += x
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpoints/s")
}

func BenchmarkUTMInverse(b *testing.B) {
	c, _ := FromEPSG(32644)
	lons, lats := benchPoints(1024)
	xs, ys := make([]float64, 1024), make([]float64, 1024)
	for i := range lons {
		xs[i], ys[i], _ = c.Forward(lons[i], lats[i])
	}
	b.ResetTimer()
	var s float64
	for i := 0; b.Loop(); i++ {
		lon, _, _ := c.Inverse(xs[i&1023], ys[i&1023])
		s += lon
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpoints/s")
}

// BenchmarkTransform converts batches of 4096 points from EPSG:4326 to
// EPSG:32644 and from EPSG:32644 to EPSG:3857 with TransformSlices on one
// goroutine (batches below the parallel threshold), so points/s is per core.
func BenchmarkTransform(b *testing.B) {
	const n = 4096
	lons, lats := benchPoints(n)
	utm, _ := FromEPSG(32644)
	for _, bc := range []struct {
		name     string
		src, dst *CRS
	}{
		{"4326to32644", WGS84(), utm},
		{"32644to3857", utm, WebMercator()},
	} {
		t, err := NewTransformer(bc.src, bc.dst)
		if err != nil {
			b.Fatal(err)
		}
		in := lons
		inY := lats
		if !bc.src.IsGeographic() {
			in, inY = make([]float64, n), make([]float64, n)
			for i := range lons {
				in[i], inY[i], _ = bc.src.Forward(lons[i], lats[i])
			}
		}
		xs, ys := make([]float64, n), make([]float64, n)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				copy(xs, in)
				copy(ys, inY)
				if err := t.TransformSlices(xs, ys); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds()/1e6, "Mpoints/s")
		})
	}
}
