package crs

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Option changes how [NewTransformer] treats a pair of CRSs.
type Option func(*options)

type options struct {
	assumeSameDatum bool
}

// AssumeSameDatum lets [NewTransformer] pair CRSs on different named datums
// (ETRS89 and WGS 84) by treating their longitudes/latitudes as equal. The
// result is then off by the difference between the datums: about 0.8 m in
// 2025 between ETRS89 and the current WGS 84 realisation, growing by about
// 2.5 cm a year.
func AssumeSameDatum() Option { return func(o *options) { o.assumeSameDatum = true } }

// Transformer converts coordinates from one CRS to another through
// longitude/latitude, without datum shift (see the package documentation).
// Geographic coordinates are longitude, latitude in degrees; projected
// coordinates are easting, northing in metres. A Transformer is immutable
// and safe for concurrent use.
type Transformer struct {
	src, dst *CRS
	identity bool
}

// NewTransformer returns a Transformer from src to dst. Pairs on different
// named datums are an error unless [AssumeSameDatum] is given.
func NewTransformer(src, dst *CRS, opts ...Option) (*Transformer, error) {
	if src == nil || dst == nil {
		return nil, fmt.Errorf("crs: NewTransformer with a nil CRS")
	}
	var o options
	for _, f := range opts {
		f(&o)
	}
	if src.datum != dst.datum && src.datum != DatumUnspecified && dst.datum != DatumUnspecified && !o.assumeSameDatum {
		return nil, fmt.Errorf("crs: %s (%s) and %s (%s) are on different datums and datum shifts are not done; pass crs.AssumeSameDatum() to accept an error of about a metre",
			src.name, src.datum, dst.name, dst.datum)
	}
	return &Transformer{src: src, dst: dst, identity: src.Equal(dst)}, nil
}

// Source returns the CRS coordinates are transformed from.
func (t *Transformer) Source() *CRS { return t.src }

// Target returns the CRS coordinates are transformed to.
func (t *Transformer) Target() *CRS { return t.dst }

// Reverse returns the Transformer from the target to the source.
func (t *Transformer) Reverse() *Transformer {
	return &Transformer{src: t.dst, dst: t.src, identity: t.identity}
}

// Transform converts one point. NaN or infinite input, latitudes beyond
// ±90° and points outside either projection's domain are errors wrapping
// [ErrInvalidCoordinate] or [ErrDomain]; the returned coordinates are then
// NaN.
func (t *Transformer) Transform(x, y float64) (float64, float64, error) {
	if t.src.proj == nil {
		if err := checkLonLat(x, y); err != nil {
			return math.NaN(), math.NaN(), fmt.Errorf("%s: %w", t.src.name, err)
		}
	} else if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.NaN(), math.NaN(), fmt.Errorf("%s: x %v, y %v: %w: not finite", t.src.name, x, y, ErrInvalidCoordinate)
	}
	ox, oy := t.point(x, y)
	if math.IsNaN(ox) || math.IsNaN(oy) {
		if _, _, err := t.src.Inverse(x, y); err != nil {
			return math.NaN(), math.NaN(), err
		}
		return math.NaN(), math.NaN(), fmt.Errorf("%s to %s: (%v, %v): %w", t.src.name, t.dst.name, x, y, ErrDomain)
	}
	return ox, oy, nil
}

// point transforms without input checks; NaN for anything that fails.
func (t *Transformer) point(x, y float64) (float64, float64) {
	if t.identity && t.src.proj != nil {
		return x, y
	}
	lon, lat := t.src.inverse(x, y)
	return t.dst.forward(lon, lat)
}

// parallelThreshold is the slice length above which TransformSlices uses
// all cores.
const parallelThreshold = 1 << 14

// TransformSlices converts the points (xs[i], ys[i]) in place. Points that
// cannot be transformed (see [Transformer.Transform]) become NaN and the
// returned error counts them and describes the first; all other points are
// transformed. Long slices are split over all cores; the result does not
// depend on the number of cores.
func (t *Transformer) TransformSlices(xs, ys []float64) error {
	if len(xs) != len(ys) {
		return fmt.Errorf("crs: TransformSlices with %d x and %d y values", len(xs), len(ys))
	}
	n := len(xs)
	workers := runtime.GOMAXPROCS(0)
	if n < parallelThreshold || workers < 2 {
		bad, first, fx, fy := t.transformRange(xs, ys)
		return t.sliceError(bad, first, fx, fy, n)
	}
	chunk := (n + workers - 1) / workers
	type result struct {
		bad, first int
		fx, fy     float64
	}
	res := make([]result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			res[w].first = -1
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &res[w]
			r.bad, r.first, r.fx, r.fy = t.transformRange(xs[lo:hi], ys[lo:hi])
			if r.first >= 0 {
				r.first += lo
			}
		}()
	}
	wg.Wait()
	bad, first := 0, -1
	var fx, fy float64
	for _, r := range res {
		bad += r.bad
		if first < 0 && r.first >= 0 {
			first, fx, fy = r.first, r.fx, r.fy
		}
	}
	return t.sliceError(bad, first, fx, fy, n)
}

// transformRange transforms in place and returns the number of failed
// points, the index and input of the first one (-1 when none).
func (t *Transformer) transformRange(xs, ys []float64) (bad, first int, fx, fy float64) {
	first = -1
	ys = ys[:len(xs)]
	geo := t.src.proj == nil
	for i, x := range xs {
		y := ys[i]
		var ox, oy float64
		if geo && !(math.Abs(y) <= 90) {
			ox, oy = math.NaN(), math.NaN()
		} else {
			ox, oy = t.point(x, y)
		}
		if math.IsNaN(ox) || math.IsNaN(oy) {
			ox, oy = math.NaN(), math.NaN()
			if bad == 0 {
				first, fx, fy = i, x, y
			}
			bad++
		}
		xs[i], ys[i] = ox, oy
	}
	return bad, first, fx, fy
}

func (t *Transformer) sliceError(bad, first int, fx, fy float64, n int) error {
	if bad == 0 {
		return nil
	}
	_, _, err := t.Transform(fx, fy)
	if err == nil {
		err = fmt.Errorf("(%v, %v): %w", fx, fy, ErrDomain)
	}
	return fmt.Errorf("crs: %d of %d points could not be transformed (set to NaN); first at index %d: %w", bad, n, first, err)
}
