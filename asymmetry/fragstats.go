package asymmetry

import "math"

// This file holds the FRAGSTATS formulas that work on cell counts. The
// references are McGarigal K. & Marks B.J. 1995, FRAGSTATS: spatial pattern
// analysis program for quantifying landscape structure, USDA Forest Service
// GTR PNW-351, and McGarigal K. 2015, FRAGSTATS help (v4.2), University of
// Massachusetts, Amherst, which give each metric's raster form.

// minPerimeter is the smallest possible outline, in cell sides, of n cells
// gathered into a square as nearly as possible (Milne 1991; the raster form
// of SHAPE and LSI in McGarigal 2015): with m = ⌊√n⌋,
//
//	4m       when n = m²
//	4m + 2   when m² < n ≤ m(m+1)
//	4m + 4   when n > m(m+1)
func minPerimeter(n int64) float64 {
	if n <= 0 {
		return math.NaN()
	}
	m := isqrt(n)
	switch {
	case n == m*m:
		return float64(4 * m)
	case n <= m*(m+1):
		return float64(4*m + 2)
	default:
		return float64(4*m + 4)
	}
}

// maxLikeAdjacencies is the largest number of like adjacencies (single-count
// method) n cells of one class can have, max-g_ii of the aggregation index
// (He, DeZonia & Mladenoff 2000): with m = ⌊√n⌋,
//
//	2m(m−1)                 when n = m²
//	2m(m−1) + 2(n−m²) − 1   when m² < n ≤ m² + m
//	2m(m−1) + 2(n−m²) − 2   when n > m² + m
func maxLikeAdjacencies(n int64) float64 {
	if n <= 0 {
		return math.NaN()
	}
	m := isqrt(n)
	base := 2 * m * (m - 1)
	switch r := n - m*m; {
	case r == 0:
		return float64(base)
	case r <= m:
		return float64(base + 2*r - 1)
	default:
		return float64(base + 2*r - 2)
	}
}

// isqrt is ⌊√n⌋ for n ≥ 0.
func isqrt(n int64) int64 {
	m := int64(math.Sqrt(float64(n)))
	for m*m > n {
		m--
	}
	for (m+1)*(m+1) <= n {
		m++
	}
	return m
}

// moments is the mean, the population standard deviation (FRAGSTATS divides
// by the number of patches, not one less) and the coefficient of variation
// (percent) of the finite values of x; NaN when there are none.
func moments(x []float64) (mn, sd, cv float64) {
	var n, s float64
	for _, v := range x {
		if !math.IsNaN(v) {
			n++
			s += v
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	mn = s / n
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			ss += (v - mn) * (v - mn)
		}
	}
	sd = math.Sqrt(ss / n)
	cv = 100 * sd / mn
	return mn, sd, cv
}

// xlogx is x·ln x with 0·ln 0 = 0.
func xlogx(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return x * math.Log(x)
}
