package asymmetry

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// syntheticLandscape is a w x h map of 6 classes with patches of many sizes:
// random rectangles of random classes painted over each other, seeded.
func syntheticLandscape(w, h int, seed uint64) *raster.Labels {
	g := raster.Grid{Width: w, Height: h, Transform: raster.Affine{0, 30, 0, float64(h) * 30, 0, -30}}
	l := raster.NewLabels(g, nil)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range l.Data {
		l.Data[i] = uint16(1 + rng.IntN(6))
	}
	n := w * h / 40
	for range n {
		rw, rh := 1+rng.IntN(24), 1+rng.IntN(24)
		c0, r0 := rng.IntN(w), rng.IntN(h)
		v := uint16(1 + rng.IntN(6))
		for r := r0; r < min(h, r0+rh); r++ {
			row := l.Data[r*w : (r+1)*w]
			for c := c0; c < min(w, c0+rw); c++ {
				row[c] = v
			}
		}
	}
	return l
}

// BenchmarkLandscape10000 measures all three levels on a 10000 x 10000 map
// (10⁸ cells, 30 m cells) with the 8-cell rule. The map has 2,101,316
// patches, the number scipy.ndimage.label (scipy 1.10.1, 3 x 3 structure,
// class by class) finds on the same cells: testdata/land_peer_label.py
// times that labelling as a peer.
func BenchmarkLandscape10000(b *testing.B) {
	if testing.Short() {
		b.Skip("10⁸-cell benchmark skipped in -short mode")
	}
	l := syntheticLandscape(10000, 10000, 7)
	b.ResetTimer()
	for b.Loop() {
		res, err := Landscape(context.Background(), l, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Patch)), "patches")
	}
}
