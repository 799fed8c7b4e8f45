package classify

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/borderzone/borderzone/raster"
)

// FeatureNamer is implemented by classifiers whose features are named bands
// (the band names of the stack they were trained or fitted on, or the bands
// a rule set refers to). Classify then takes the stack's bands by name, in
// the classifier's order, so a stack with extra bands or bands in another
// order still works.
type FeatureNamer interface {
	// FeatureNames returns NumFeatures() band names, or nil when the
	// features are positional.
	FeatureNames() []string
}

// chunkPixels is the number of pixels handed to one Predict call. Chunks
// are fixed by position, not by the number of workers, so the output never
// depends on how many cores run.
const chunkPixels = 16384

// Classify assigns a class to every pixel of s with c and returns the
// classified raster on s's grid, with c's class table.
//
// When c implements FeatureNamer with names, the bands are taken from s by
// name (an error names the first band s lacks); otherwise s must have
// exactly c.NumFeatures() bands, used in order. Pixels are passed to
// Predict pixel-interleaved in blocks of 16,384, on all cores; a
// pixel with a NaN in any feature is 0 ("none") whatever Predict writes.
// The result does not depend on the number of cores. Classify stops early
// with ctx's error when ctx is cancelled.
func Classify(ctx context.Context, c Classifier, s *raster.Stack) (*raster.Labels, error) {
	if c == nil || s == nil {
		return nil, fmt.Errorf("classify: nil classifier or stack")
	}
	idx, err := featureBands(c, s.Names())
	if err != nil {
		return nil, err
	}
	n := s.Grid.Len()
	cols := make([][]float32, len(idx))
	for f, b := range idx {
		band := s.Bands[b]
		if len(band.Data) != n {
			return nil, fmt.Errorf("classify: band %d (%q) has %d values, want %d for %s", b+1, band.Name, len(band.Data), n, s.Grid)
		}
		cols[f] = band.Data
	}
	out := raster.NewLabels(s.Grid, c.Classes())
	if err := predictColumns(ctx, c, cols, out.Data); err != nil {
		return nil, err
	}
	return out, nil
}

// ClassifySource classifies a raster that need not fit in memory: it reads
// src in strips of rows (about 64 MiB of features at a time), classifies
// each strip on all cores as Classify does and returns the labels on src's
// grid. bands gives, for each of c's features in order, the 0-based band of
// src it is read from; nil means bands 0 to c.NumFeatures()-1, and then src
// must have exactly that many bands. The result equals Classify's on the
// same pixels.
func ClassifySource(ctx context.Context, c Classifier, src raster.Source, bands []int) (*raster.Labels, error) {
	if c == nil || src == nil {
		return nil, fmt.Errorf("classify: nil classifier or source")
	}
	nf := c.NumFeatures()
	if nf < 1 {
		return nil, fmt.Errorf("classify: classifier has %d features", nf)
	}
	nb := src.NumBands()
	if bands == nil {
		if nb != nf {
			return nil, fmt.Errorf("classify: source has %d bands, classifier needs %d features", nb, nf)
		}
		bands = make([]int, nf)
		for i := range bands {
			bands[i] = i
		}
	}
	if len(bands) != nf {
		return nil, fmt.Errorf("classify: %d bands given for a classifier of %d features", len(bands), nf)
	}
	for i, b := range bands {
		if b < 0 || b >= nb {
			return nil, fmt.Errorf("classify: feature %d: band %d out of range (source has %d bands)", i+1, b+1, nb)
		}
	}
	g := src.RasterGrid()
	out := raster.NewLabels(g, c.Classes())
	if g.Width <= 0 || g.Height <= 0 {
		return out, nil
	}
	rows := max(1, (64<<20)/(4*nf*g.Width))
	for win := range raster.RowChunks(g.Width, g.Height, rows) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cols := make([][]float32, nf)
		for f, b := range bands {
			band, err := src.ReadWindow(ctx, b, win)
			if err != nil {
				return nil, fmt.Errorf("classify: band %d, rows %d–%d: %w", b+1, win.Min.Y, win.Max.Y-1, err)
			}
			if len(band.Data) != win.Dx()*win.Dy() {
				return nil, fmt.Errorf("classify: band %d, rows %d–%d: %d values for a %dx%d window", b+1, win.Min.Y, win.Max.Y-1, len(band.Data), win.Dx(), win.Dy())
			}
			cols[f] = band.Data
		}
		lo := win.Min.Y * g.Width
		if err := predictColumns(ctx, c, cols, out.Data[lo:lo+win.Dx()*win.Dy()]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// featureBands returns the stack band index of each of c's features.
func featureBands(c Classifier, names []string) ([]int, error) {
	nf := c.NumFeatures()
	if nf < 1 {
		return nil, fmt.Errorf("classify: classifier has %d features", nf)
	}
	if fn, ok := c.(FeatureNamer); ok {
		if want := fn.FeatureNames(); len(want) > 0 {
			if len(want) != nf {
				return nil, fmt.Errorf("classify: classifier names %d features but has %d", len(want), nf)
			}
			idx := make([]int, nf)
			for i, w := range want {
				idx[i] = -1
				for j, n := range names {
					if n == w {
						idx[i] = j
						break
					}
				}
				if idx[i] < 0 {
					return nil, fmt.Errorf("classify: the stack has no band %q (its bands are %q)", w, names)
				}
			}
			return idx, nil
		}
	}
	if len(names) != nf {
		return nil, fmt.Errorf("classify: stack has %d bands, classifier needs %d features", len(names), nf)
	}
	idx := make([]int, nf)
	for i := range idx {
		idx[i] = i
	}
	return idx, nil
}

// predictColumns classifies len(out) pixels whose features are the columns
// cols (one slice per feature), in fixed chunks on all cores.
func predictColumns(ctx context.Context, c Classifier, cols [][]float32, out []uint16) error {
	n := len(out)
	nf := len(cols)
	nChunks := (n + chunkPixels - 1) / chunkPixels
	workers := min(runtime.GOMAXPROCS(0), nChunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	var stop atomic.Bool
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float32, chunkPixels*nf)
			bad := make([]bool, chunkPixels)
			for !stop.Load() {
				ci := int(next.Add(1)) - 1
				if ci >= nChunks {
					return
				}
				if ci%64 == 0 && ctx.Err() != nil {
					stop.Store(true)
					return
				}
				lo := ci * chunkPixels
				hi := min(lo+chunkPixels, n)
				m := hi - lo
				xs, bs := x[:m*nf], bad[:m]
				clear(bs)
				for f, col := range cols {
					col = col[lo:hi]
					for i, v := range col {
						if v != v {
							bs[i] = true
						}
						xs[i*nf+f] = v
					}
				}
				o := out[lo:hi]
				c.Predict(xs, o)
				for i, b := range bs {
					if b {
						o[i] = 0
					}
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// rowHasNaN reports whether any value of row is NaN.
func rowHasNaN(row []float32) bool {
	for _, v := range row {
		if v != v {
			return true
		}
	}
	return false
}

// predictableRows returns how many pixels a built-in Predict can fill: len(out),
// or fewer when x is short, so a mis-sized call never panics.
func predictableRows(x []float32, out []uint16, nf int) int {
	n := len(out)
	if nf > 0 && len(x)/nf < n {
		n = len(x) / nf
	}
	return n
}

// forEachFixedChunk runs fn(lo, hi, chunk) on fixed chunks of [0, n) of the
// given size on all cores; chunk boundaries do not depend on the number of
// cores, so per-chunk partial results reduced in chunk order give the same
// answer on any machine.
func forEachFixedChunk(ctx context.Context, n, size int, fn func(lo, hi, chunk int)) error {
	nChunks := (n + size - 1) / size
	workers := min(runtime.GOMAXPROCS(0), nChunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ci := int(next.Add(1)) - 1
				if ci >= nChunks || ctx.Err() != nil {
					return
				}
				lo := ci * size
				fn(lo, min(lo+size, n), ci)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
