package classify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/borderzone/borderzone/raster"
)

// FitKMeansSource fits k-means on a raster that need not fit in memory:
// it draws opt.SampleSize pixel positions (default 1,000,000, or every
// pixel of a smaller raster) uniformly without replacement over the whole
// grid, reads src strip by strip keeping the features of those positions,
// drops the drawn pixels with no data (a NaN in any band) and fits
// FitKMeans on the rest. ClassifySource(ctx, km, src, nil) then assigns
// every pixel. Memory is one strip of rows plus the sample.
func FitKMeansSource(ctx context.Context, src raster.Source, opt KMeansOptions) (*KMeans, error) {
	if src == nil {
		return nil, errors.New("classify: k-means: nil source")
	}
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	nf := src.NumBands()
	if nf < 1 {
		return nil, errors.New("classify: k-means: source has no bands")
	}
	g := src.RasterGrid()
	n := g.Len()
	m := o.SampleSize
	if m <= 0 {
		m = 1_000_000
	}
	m = min(m, n)
	rng := rand.New(rand.NewPCG(o.Seed, pcgStream))
	x := make([]float32, 0, m*nf)
	px := make([]float32, nf)
	left, need := n, m
	rows := max(1, (64<<20)/(4*nf*max(g.Width, 1)))
	cols := make([][]float32, nf)
	for win := range raster.RowChunks(g.Width, g.Height, rows) {
		if need == 0 {
			break
		}
		for b := range nf {
			band, err := src.ReadWindow(ctx, b, win)
			if err != nil {
				return nil, fmt.Errorf("classify: k-means: band %d, rows %d–%d: %w", b+1, win.Min.Y, win.Max.Y-1, err)
			}
			if len(band.Data) != win.Dx()*win.Dy() {
				return nil, fmt.Errorf("classify: k-means: band %d, rows %d–%d: %d values for a %dx%d window", b+1, win.Min.Y, win.Max.Y-1, len(band.Data), win.Dx(), win.Dy())
			}
			cols[b] = band.Data
		}
		for i := range win.Dx() * win.Dy() {
			if need == 0 {
				break
			}
			take := need == left || rng.IntN(left) < need
			left--
			if !take {
				continue
			}
			need--
			ok := true
			for b := range nf {
				v := cols[b][i]
				if v != v || math.IsInf(float64(v), 0) {
					ok = false
				}
				px[b] = v
			}
			if ok {
				x = append(x, px...)
			}
		}
	}
	if len(x) == 0 {
		return nil, errors.New("classify: k-means: no sampled pixel has a value in every band")
	}
	o.SampleSize = 0
	return fitKMeans(ctx, x, nf, o, rng)
}
