package asymmetry

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// Discontinuity estimates the jump of value at the border from the pixels
// of two bands on one grid: the value and the signed distance to the line
// (zones.SignedDistance, metres, negative on one side). It is a spatial
// (geographic) regression-discontinuity estimate (Keele and Titiunik 2015)
// with the signed distance as the running variable: LocalLinearJump on the
// pixels where both bands have data, so the jump is the limit from the
// positive side minus the limit from the negative side.
//
// Large rasters are subsampled: about opt.MaxPixels pixels (500000 by
// default) are kept at random, seeded by opt.Seed and decided per pixel by a
// hash of the seed and the pixel's index (see SampleOptions.MaxPixels), so
// the answer is reproducible and independent of the number of cores. A
// uniform subsample leaves the regression's expectation unchanged; the
// standard error, computed on the subsample, includes the noise it adds
// (it grows as 1/√(pixels used)). A negative MaxPixels uses every pixel.
//
// With opt.BlockSize > 0 the standard error is clustered by square spatial
// blocks of that size (CR1), which allows for correlation between
// neighbouring pixels; HC1, the default, takes pixels as independent and
// is too small when they are not. ctx is checked before the fit.
func Discontinuity(ctx context.Context, value, distance *raster.Band, opt *RDOptions) (*RDEstimate, error) {
	if opt == nil {
		opt = &RDOptions{}
	}
	if err := checkPair(value, distance); err != nil {
		return nil, err
	}
	bx, by, err := blockPixels(value.Grid, opt.BlockSize)
	if err != nil {
		return nil, err
	}
	maxPix := opt.MaxPixels
	if maxPix == 0 {
		maxPix = 500000
	}
	valid := func(i int) bool {
		v, d := value.Data[i], distance.Data[i]
		return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) && !math.IsNaN(float64(d)) && !math.IsInf(float64(d), 0)
	}
	n := 0
	for i := range value.Data {
		if valid(i) {
			n++
		}
	}
	thr, sub := subsampleThreshold(maxPix, n)
	w := value.Grid.Width
	nbx := (w + bx - 1) / bx
	var d, y []float64
	var cl []int
	for i := range value.Data {
		if !valid(i) || (sub && keepHash(opt.Seed, i) >= thr) {
			continue
		}
		d = append(d, float64(distance.Data[i]))
		y = append(y, float64(value.Data[i]))
		if opt.BlockSize > 0 {
			cl = append(cl, (i/w/by)*nbx+(i%w)/bx)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := *opt
	o.Clusters = cl
	r, err := LocalLinearJump(d, y, &o)
	if err != nil {
		return nil, fmt.Errorf("value band %q against distance band %q: %w", value.Name, distance.Name, err)
	}
	return r, nil
}
