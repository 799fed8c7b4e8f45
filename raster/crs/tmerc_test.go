package crs

import (
	"math"
	"testing"
)

// TestKrugerSeriesAreInverse checks the α and β coefficients against each
// other: the β series undoes the α series up to the truncation error
// O(n^7) (Karney 2011, sec. 4), here about 100·n^7 for |η| ≤ 0.3 (UTM
// strips reach η ≈ 0.16). This catches typos in the n–n^4 terms that the
// comparison with PROJ at WGS 84's n = 0.0017 cannot see; typos in the
// n^5 and n^6 terms are below double precision at small n and hidden by
// the truncation at large n, so those were checked by hand against
// GeographicLib's TransverseMercator coefficients.
func TestKrugerSeriesAreInverse(t *testing.T) {
	for _, n := range []float64{0.003, 0.005, 0.02, 0.05} {
		f := 2 * n / (1 + n) // n = f/(2-f)
		tm := newTransverseMercator(Ellipsoid{Name: "test", A: 1, F: f}, Params{K0: 1})
		var worst float64
		for xi := -1.5; xi <= 1.5; xi += 0.1 {
			for eta := -0.3; eta <= 0.3; eta += 0.05 {
				x2, e2 := kruger(&tm.alp, 1, xi, eta)
				x3, e3 := kruger(&tm.bet, -1, x2, e2)
				worst = math.Max(worst, math.Hypot(x3-xi, e3-eta))
			}
		}
		bound := 120*math.Pow(n, 7) + 1e-14
		t.Logf("n = %v: max |β∘α(ζ) − ζ| = %.3g (bound %.3g)", n, worst, bound)
		if worst > bound {
			t.Errorf("n = %v: β series does not invert α series: error %.3g > %.3g", n, worst, bound)
		}
	}
}
