package warp

import (
	"fmt"
	"strings"
)

// Method is a resampling method: how the value of a target pixel is computed
// from the source pixels around the point its centre maps to. The
// definitions follow GDAL's warp kernel (alg/gdalwarpkernel.cpp, GDAL 3.6),
// against whose gdalwarp the package is tested.
type Method int

const (
	// Nearest takes the source pixel containing the mapped centre:
	// column floor(x + 1e-10), row floor(y + 1e-10) in fractional source
	// pixels, as GDAL does (the 1e-10 decides exact ties upwards).
	Nearest Method = iota
	// Bilinear interpolates the 2 x 2 source pixel centres around the
	// mapped point. Pixels that are no data (NaN) or outside the source get
	// no weight and the remaining weights are renormalised to sum to 1;
	// when the valid weights sum to less than 1e-5 the target is no data
	// (GDAL's GWKBilinearResample4Sample).
	Bilinear
	// Cubic is Keys' (1981) cubic convolution with a = -0.5 over the 4 x 4
	// neighbourhood ("Cubic convolution interpolation for digital image
	// processing", IEEE Trans. ASSP 29(6):1153–1160). Where any of the 16
	// pixels is no data or outside the source, the pixel is computed with
	// Bilinear instead, as GDAL's GWKCubicResample4Sample does.
	Cubic
	// Average is the mean of the valid source pixels the target pixel
	// covers, each weighted by the part of it that is covered along each
	// axis (see the package documentation for the exact rule).
	Average
	// Mode is the most frequent valid value among the source pixels the
	// target pixel covers (for categories); among equally frequent values,
	// the one that first reached that count scanning the covered pixels row
	// by row (GDAL's rule when warping to Float32; GDAL's 8-bit output path
	// takes the smallest value instead).
	Mode
	// Min is the smallest valid value among the covered source pixels.
	Min
	// Max is the largest valid value among the covered source pixels.
	Max
)

var methodNames = [...]string{"nearest", "bilinear", "cubic", "average", "mode", "min", "max"}

// String returns the method's gdalwarp name (-r): "nearest", "bilinear", ...
func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the method with the given gdalwarp name (-r),
// case-insensitively; "near" is accepted for "nearest".
func ParseMethod(s string) (Method, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "near" {
		return Nearest, nil
	}
	for i, n := range methodNames {
		if n == t {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("warp: unknown resampling method %q (want one of %s)", s, strings.Join(methodNames[:], ", "))
}

// areaBased reports whether the method aggregates all the source pixels a
// target pixel covers (rather than interpolating at its centre).
func (m Method) areaBased() bool { return m >= Average }

// radius is the number of source pixels a kernel reaches beyond the pixel
// containing the mapped point.
func (m Method) radius() int {
	switch m {
	case Cubic:
		return 2
	default:
		return 1
	}
}
