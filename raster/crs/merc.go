package crs

import "math"

// merc is the normal-aspect Mercator projection on an ellipsoid or sphere
// (EPSG Guidance Note 7-2, method 9804; Snyder 1987 eqs. 7-7 and 7-9):
// x = k0·a·λ, y = k0·a·asinh(tan χ) with χ the conformal latitude. The
// poles are outside the domain.
type merc struct {
	es, ak0, x0, y0 float64
}

func newMercator(e Ellipsoid, p Params) *merc {
	return &merc{es: math.Sqrt(e.E2()), ak0: e.A * p.K0, x0: p.FalseEasting, y0: p.FalseNorthing}
}

func (m *merc) forward(lam, phi float64) (x, y float64) {
	if math.Abs(phi) >= math.Pi/2 {
		return math.NaN(), math.NaN()
	}
	tau := math.Tan(phi)
	if m.es != 0 {
		tau = taupf(tau, m.es)
	}
	return m.ak0*lam + m.x0, m.ak0*math.Asinh(tau) + m.y0
}

func (m *merc) inverse(x, y float64) (lam, phi float64) {
	lam = (x - m.x0) / m.ak0
	taup := math.Sinh((y - m.y0) / m.ak0)
	if m.es != 0 {
		taup = tauf(taup, m.es)
	}
	return lam, math.Atan(taup)
}

// sinu is the sinusoidal projection on a sphere of radius r (Snyder 1987,
// pp. 243–248, eqs. 30-1, 30-2, 30-6, 30-7): x = r·λ·cos φ, y = r·φ.
// Projected points beyond the map edge (|λ| > 180°) are outside the domain.
type sinu struct {
	r, x0, y0 float64
}

func newSinusoidal(e Ellipsoid, p Params) *sinu {
	return &sinu{r: e.A, x0: p.FalseEasting, y0: p.FalseNorthing}
}

func (s *sinu) forward(lam, phi float64) (x, y float64) {
	return s.r*lam*math.Cos(phi) + s.x0, s.r*phi + s.y0
}

func (s *sinu) inverse(x, y float64) (lam, phi float64) {
	phi = (y - s.y0) / s.r
	if math.Abs(phi) > math.Pi/2*(1+1e-15) {
		return math.NaN(), math.NaN()
	}
	phi = math.Max(-math.Pi/2, math.Min(math.Pi/2, phi))
	x -= s.x0
	c := math.Cos(phi)
	if x == 0 {
		return 0, phi
	}
	lam = x / (s.r * c)
	if !(math.Abs(lam) <= math.Pi*(1+1e-12)) {
		return math.NaN(), math.NaN()
	}
	return lam, phi
}
