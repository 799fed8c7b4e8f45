package warp

import (
	"math"
	"slices"
)

// view is a window of a source band: data holds rows y0 … y0+h-1 and
// columns x0 … x0+w-1 of a W x H raster, row-major with the given stride.
type view struct {
	data         []float32
	stride       int
	x0, y0, w, h int
	W, H         int
	k            *kernelScale
	wx           []float64 // scratch for the general kernel's weights
}

// kernelScale describes how the interpolating kernels are widened when the
// target is coarser than the source, as GDAL does: scale is target pixels
// per source pixel along each axis; below 0.95 on either axis the 2 x 2 /
// 4 x 4 formulas give way to the general kernel whose weights are
// w((i - dx) * scale) over a radius of ceil(r / scale) pixels (r = 1 for
// bilinear, 2 for cubic), renormalised over the valid pixels
// (GWKResample).
type kernelScale struct {
	sx, sy   float64
	rx, ry   int // radius
	ix0, iy0 int // first offset of the window (nFiltInitX)
	use4     bool
}

// at returns the value of full-raster pixel (x, y) and whether it is valid
// (inside the window and not NaN).
func (v *view) at(x, y int) (float64, bool) {
	x -= v.x0
	y -= v.y0
	if x < 0 || y < 0 || x >= v.w || y >= v.h {
		return 0, false
	}
	f := v.data[y*v.stride+x]
	if f != f {
		return 0, false
	}
	return float64(f), true
}

// inside reports whether the mapped point (sx, sy) (fractional source
// pixels) falls in the source raster, GDAL's test for a target pixel to be
// computed at all (GWKCheckAndComputeSrcOffsets).
func (v *view) inside(sx, sy float64) (ix, iy int, ok bool) {
	if !(sx >= 0 && sy >= 0) { // also false for NaN
		return 0, 0, false
	}
	ix, iy = int(sx+1e-10), int(sy+1e-10)
	if ix >= v.W || iy >= v.H {
		return 0, 0, false
	}
	return ix, iy, true
}

var nan32 = float32(math.NaN())

// The kernels below are called only for target pixels whose centre passed
// the unified validity test (worker.unifiedValid).

func (v *view) nearest(sx, sy float64) float32 {
	ix, iy := int(sx+1e-10), int(sy+1e-10)
	f, ok := v.at(ix, iy)
	if !ok {
		return nan32
	}
	return float32(f)
}

func (v *view) bilinear(sx, sy float64) float32 {
	if !v.k.use4 {
		return v.general(sx, sy, false)
	}
	return v.bilinear4(sx, sy)
}

// weight is the kernel weight at distance x (in source pixels, scaled).
func weight(cubic bool, x float64) float64 {
	if cubic {
		return cubicWeight(x)
	}
	return bilinearWeight(x)
}

// bilinearWeight is the triangle kernel (GDAL's GWKBilinear).
func bilinearWeight(x float64) float64 {
	x = math.Abs(x)
	if x <= 1 {
		return 1 - x
	}
	return 0
}

// cubicWeight is Keys' kernel with a = -0.5 (GDAL's GWKCubic).
func cubicWeight(x float64) float64 {
	a := math.Abs(x)
	x2 := x * x
	if a <= 1 {
		return x2*(1.5*a-2.5) + 1
	}
	if a <= 2 {
		return x2*(-0.5*a+2.5) - 4*a + 2
	}
	return 0
}

// general is GDAL's GWKResample: a separable kernel, scaled where the
// target is coarser than the source, over the valid source pixels, with
// the weights renormalised. Taps of zero weight are skipped (they add
// exactly nothing), and the accumulation order is GDAL's: each row is
// summed, then weighted by its row weight.
func (v *view) general(sx, sy float64, cubic bool) float32 {
	k := v.k
	ix := int(math.Floor(sx - 0.5))
	iy := int(math.Floor(sy - 0.5))
	dx := sx - 0.5 - float64(ix)
	dy := sy - 0.5 - float64(iy)
	j0, j1 := k.iy0, k.ry
	if iy+j0 < 0 {
		j0 = -iy
	}
	if iy+j1 >= v.H {
		j1 = v.H - iy - 1
	}
	i0, i1 := k.ix0, k.rx
	if ix+i0 < 0 {
		i0 = -ix
	}
	if ix+i1 >= v.W {
		i1 = v.W - ix - 1
	}
	if cap(v.wx) < i1-i0+1 {
		v.wx = make([]float64, i1-i0+1)
	}
	wx := v.wx[:0]
	for i := i0; i <= i1; i++ {
		u := float64(i) - dx
		if k.sx < 1 {
			u *= k.sx
		}
		wx = append(wx, weight(cubic, u))
	}
	for len(wx) > 0 && wx[0] == 0 {
		wx = wx[1:]
		i0++
	}
	for len(wx) > 0 && wx[len(wx)-1] == 0 {
		wx = wx[:len(wx)-1]
	}
	var acc, wsum float64
	c0 := ix + i0 - v.x0
	inX := c0 >= 0 && c0+len(wx) <= v.w
	for j := j0; j <= j1; j++ {
		t := float64(j) - dy
		if k.sy < 1 {
			t *= k.sy
		}
		wy := weight(cubic, t)
		if wy == 0 {
			continue
		}
		var accRow, wRow float64
		r := iy + j - v.y0
		if inX && r >= 0 && r < v.h {
			row := v.data[r*v.stride+c0 : r*v.stride+c0+len(wx)]
			for i, w := range wx {
				f := row[i]
				if f != f {
					continue
				}
				accRow += float64(f) * w
				wRow += w
			}
		} else {
			for i, w := range wx {
				f, ok := v.at(ix+i0+i, iy+j)
				if !ok {
					continue
				}
				accRow += f * w
				wRow += w
			}
		}
		acc += accRow * wy
		wsum += wRow * wy
	}
	if wsum < 1e-6 {
		return nan32
	}
	if wsum < 0.99999 || wsum > 1.00001 {
		return float32(acc / wsum)
	}
	return float32(acc)
}

// bilinear4 is GDAL's GWKBilinearResample4Sample: weights of the valid
// pixels among the four are renormalised.
func (v *view) bilinear4(sx, sy float64) float32 {
	ix := int(math.Floor(sx - 0.5))
	iy := int(math.Floor(sy - 0.5))
	rx := 1.5 - (sx - float64(ix))
	ry := 1.5 - (sy - float64(iy))
	var acc, div float64
	if f, ok := v.at(ix, iy); ok {
		w := rx * ry
		acc += f * w
		div += w
	}
	if f, ok := v.at(ix+1, iy); ok {
		w := (1 - rx) * ry
		acc += f * w
		div += w
	}
	if f, ok := v.at(ix+1, iy+1); ok {
		w := (1 - rx) * (1 - ry)
		acc += f * w
		div += w
	}
	if f, ok := v.at(ix, iy+1); ok {
		w := rx * (1 - ry)
		acc += f * w
		div += w
	}
	switch {
	case div < 1e-5:
		return nan32
	case div == 1:
		return float32(acc)
	}
	return float32(acc / div)
}

// cubicConv is Keys' cubic convolution with a = -0.5 through v0…v3 at
// fraction t between v1 and v2 (GDAL's CubicConvolution).
func cubicConv(t, v0, v1, v2, v3 float64) float64 {
	return v1 + 0.5*t*(v2-v0+t*(2*v0-5*v1+4*v2-v3+t*(3*(v1-v2)+v3-v0)))
}

func (v *view) cubic(sx, sy float64) float32 {
	if !v.k.use4 {
		return v.general(sx, sy, true)
	}
	ix := int(sx - 0.5) // truncation, as GDAL; negative cases fall back below
	iy := int(sy - 0.5)
	if ix-1 < 0 || ix+2 >= v.W || iy-1 < 0 || iy+2 >= v.H {
		return v.bilinear4(sx, sy)
	}
	dx := sx - 0.5 - float64(ix)
	dy := sy - 0.5 - float64(iy)
	var col [4]float64
	for j := range 4 {
		var r [4]float64
		for i := range 4 {
			f, ok := v.at(ix-1+i, iy-1+j)
			if !ok {
				return v.bilinear4(sx, sy)
			}
			r[i] = f
		}
		col[j] = cubicConv(dx, r[0], r[1], r[2], r[3])
	}
	return float32(cubicConv(dy, col[0], col[1], col[2], col[3]))
}

// area computes an area-based method over the source pixels covered by
// the quadrilateral whose opposite corners map to (x1, y1) and (x2, y2),
// following GDAL's GWKAverageOrMode: the covered columns are
// floor(min x + 1e-10) … ceil(max x - 1e-10) - 1 clipped to the raster
// (at least one), the same for rows.
// scratch is per-worker space for the area-based methods.
type scratch struct {
	vals, uniq []float32
	counts     []int32
	index      map[float32]int
}

func (v *view) area(m Method, x1, y1, x2, y2 float64, sc *scratch) float32 {
	if math.IsNaN(x1) || math.IsNaN(y1) || math.IsNaN(x2) || math.IsNaN(y2) {
		return nan32
	}
	xmin, xmax := min(x1, x2), max(x1, x2)
	ymin, ymax := min(y1, y2), max(y1, y2)
	const eps = 1e-10
	ix0 := int(max(math.Floor(xmin+eps), 0))
	ix1 := int(min(math.Ceil(xmax-eps), float64(v.W)))
	iy0 := int(max(math.Floor(ymin+eps), 0))
	iy1 := int(min(math.Ceil(ymax-eps), float64(v.H)))
	if ix0 == ix1 && ix1 < v.W {
		ix1++
	}
	if iy0 == iy1 && iy1 < v.H {
		iy1++
	}
	if ix0 >= ix1 || iy0 >= iy1 {
		return nan32
	}
	switch m {
	case Average:
		var acc, div float64
		for y := iy0; y < iy1; y++ {
			wy := edgeWeight(y, iy0, iy1, ymin, ymax)
			for x := ix0; x < ix1; x++ {
				f, ok := v.at(x, y)
				if !ok {
					continue
				}
				w := wy * edgeWeight(x, ix0, ix1, xmin, xmax)
				acc += f * w
				div += w
			}
		}
		if div < 1e-5 {
			return nan32
		}
		return float32(acc / div)
	case Min, Max:
		best, found := 0.0, false
		for y := iy0; y < iy1; y++ {
			for x := ix0; x < ix1; x++ {
				f, ok := v.at(x, y)
				if !ok {
					continue
				}
				if !found || (m == Min && f < best) || (m == Max && f > best) {
					best, found = f, true
				}
			}
		}
		if !found {
			return nan32
		}
		return float32(best)
	case Mode:
		vals := sc.vals[:0]
		for y := iy0; y < iy1; y++ {
			for x := ix0; x < ix1; x++ {
				if f, ok := v.at(x, y); ok {
					vals = append(vals, float32(f))
				}
			}
		}
		sc.vals = vals
		return mode(vals, sc)
	}
	return nan32
}

// edgeWeight is the weight of source column (or row) i in [i0, i1) for
// a target pixel spanning [lo, hi] source pixels.
func edgeWeight(i, i0, i1 int, lo, hi float64) float64 {
	w := 1.0
	if i == i0 {
		w = float64(i0+1) - lo
	}
	if i == i1-1 {
		w -= float64(i1) - hi
	}
	return w
}

// mode returns the most frequent value; among equally frequent values the
// one that reached that count first in row-major scan order, as GDAL's
// GWKAverageOrMode does for non-byte working data. NaN when vals is empty.
func mode(vals []float32, sc *scratch) float32 {
	if len(vals) == 0 {
		return nan32
	}
	uniq := sc.uniq[:0]
	cs := sc.counts[:0]
	best := 0
	if len(vals) > 64 {
		// many values: index the distinct ones with a map
		if sc.index == nil {
			sc.index = map[float32]int{}
		}
		clear(sc.index)
		for _, v := range vals {
			k, ok := sc.index[v]
			if !ok {
				sc.index[v] = len(uniq)
				uniq = append(uniq, v)
				cs = append(cs, 1)
				continue
			}
			cs[k]++
			if cs[k] > cs[best] {
				best = k
			}
		}
	} else {
		for _, v := range vals {
			k := slices.Index(uniq, v)
			if k < 0 {
				uniq = append(uniq, v)
				cs = append(cs, 1)
				continue
			}
			cs[k]++
			if cs[k] > cs[best] {
				best = k
			}
		}
	}
	sc.uniq, sc.counts = uniq, cs
	return uniq[best]
}

// newKernelScale computes GDAL's kernel scale for warping srcW x srcH
// source pixels into a dstW x dstH target whose edges map to the source
// pixel bounding box [minX, maxX] x [minY, maxY] (GDALWarpOperation::
// ComputeSourceWindow and GDALWarpKernel::PerformWarp): scale = target
// size / min(source size - max(0, min), max - min), snapped to 1/n when
// within 0.05 of it.
func newKernelScale(m Method, dstW, dstH, srcW, srcH int, minX, minY, maxX, maxY float64) *kernelScale {
	scale := func(dst, src int, lo, hi float64) float64 {
		raw := max(0, min(float64(src-int(max(0, lo))), hi-lo))
		if raw <= 0 {
			return 1
		}
		s := float64(dst) / raw
		if s < 1 {
			r := 1 / s
			if n := math.Floor(r + 0.5); math.Abs(r-n) < 0.05 {
				s = 1 / n
			}
		}
		return s
	}
	k := &kernelScale{sx: scale(dstW, srcW, minX, maxX), sy: scale(dstH, srcH, minY, maxY)}
	k.use4 = k.sx >= 0.95 && k.sy >= 0.95
	filt := 1.0
	if m == Cubic {
		filt = 2
	}
	radius := func(s float64) int {
		if s < 1 {
			return int(math.Ceil(filt / s))
		}
		return int(filt)
	}
	k.rx, k.ry = radius(k.sx), radius(k.sy)
	init := (int(filt)+1)%2 - 0
	k.ix0, k.iy0 = init-k.rx, init-k.ry
	return k
}
