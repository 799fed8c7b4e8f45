package crs

import (
	"fmt"
	"math"
)

// authalic holds the quantities of an ellipsoid used by the equal-area
// projections (Snyder 1987, eqs. 3-12 and 14-15).
type authalic struct {
	a, e, e2 float64
	qp       float64 // q at the pole
}

func newAuthalic(el Ellipsoid) authalic {
	au := authalic{a: el.A, e2: el.E2(), e: math.Sqrt(el.E2())}
	au.qp = au.q(1)
	return au
}

// q returns Snyder's q for sin φ (eq. 3-12):
// q = (1-e²)[sin φ/(1-e² sin² φ) + atanh(e sin φ)/e], 2 sin φ on a sphere.
func (au *authalic) q(sinphi float64) float64 {
	if au.e == 0 {
		return 2 * sinphi
	}
	return (1 - au.e2) * (sinphi/(1-au.e2*sinphi*sinphi) + math.Atanh(au.e*sinphi)/au.e)
}

// qpMinusQ returns qp − q(φ) for sin φ = s without the cancellation of
// the plain difference near the north pole:
// (1−s)(1+e²s)/(1−e²s²) + (1−e²)/e·atanh(e(1−s)/(1−e²s)), with 1−s
// computed from φ as 2 sin²(π/4 − φ/2).
func (au *authalic) qpMinusQ(phi float64) float64 {
	h := math.Sin(math.Pi/4 - phi/2)
	oms := 2 * h * h // 1 - sin φ
	s := math.Sin(phi)
	if au.e == 0 {
		return 2 * oms
	}
	e2 := au.e2
	return oms*(1+e2*s)/(1-e2*s*s) + (1-e2)/au.e*math.Atanh(au.e*oms/(1-e2*s))
}

// m returns cos φ/sqrt(1 - e² sin² φ) (Snyder eq. 14-15).
func (au *authalic) m(sinphi, cosphi float64) float64 {
	return cosphi / math.Sqrt(1-au.e2*sinphi*sinphi)
}

// phiFromQ inverts q: the authalic latitude β = asin(q/qp) is turned into φ
// by Snyder's series (eq. 3-18) and then polished by Newton's method on
// eq. 3-16 until the step is below 1e-15 rad. |q| beyond qp by a rounding
// error gives the pole; beyond that, NaN.
func (au *authalic) phiFromQ(q float64) float64 {
	r := q / au.qp
	if math.Abs(r) >= 1 {
		if math.Abs(r) > 1+1e-12 {
			return math.NaN()
		}
		return math.Copysign(math.Pi/2, r)
	}
	if au.e == 0 {
		return math.Asin(r)
	}
	beta := math.Asin(r)
	e2 := au.e2
	e4, e6 := e2*e2, e2*e2*e2
	phi := beta + (e2/3+31*e4/180+517*e6/5040)*math.Sin(2*beta) +
		(23*e4/360+251*e6/3780)*math.Sin(4*beta) + (761*e6/45360)*math.Sin(6*beta)
	for range 6 {
		s, c := math.Sincos(phi)
		if c < 1e-9 {
			break
		}
		w := 1 - e2*s*s
		d := w * w / (2 * c) * (q/(1-e2) - s/w - math.Atanh(au.e*s)/au.e)
		phi += d
		if math.Abs(d) < 1e-15 {
			break
		}
	}
	return phi
}

// laea is the ellipsoidal Lambert azimuthal equal-area projection, oblique,
// equatorial and polar aspects (Snyder 1987, pp. 187–190, eqs. 24-11 to
// 24-29; EPSG Guidance Note 7-2, method 9820).
type laea struct {
	au           authalic
	rq, d        float64
	sinb1, cosb1 float64
	polar        int // +1 north polar, -1 south polar, 0 otherwise
	phi0, x0, y0 float64
}

func newLAEA(e Ellipsoid, p Params) *laea {
	l := &laea{au: newAuthalic(e), phi0: p.Lat0 * deg, x0: p.FalseEasting, y0: p.FalseNorthing}
	l.rq = e.A * math.Sqrt(l.au.qp/2)
	switch {
	case p.Lat0 == 90:
		l.polar = 1
	case p.Lat0 == -90:
		l.polar = -1
	default:
		s, c := math.Sincos(l.phi0)
		l.sinb1 = l.au.q(s) / l.au.qp
		l.cosb1 = math.Sqrt(1 - l.sinb1*l.sinb1)
		l.d = e.A * l.au.m(s, c) / (l.rq * l.cosb1)
	}
	return l
}

func (l *laea) forward(lam, phi float64) (x, y float64) {
	sinl, cosl := math.Sincos(lam)
	switch l.polar {
	case 1:
		rho := l.au.a * math.Sqrt(math.Max(0, l.au.qpMinusQ(phi)))
		return rho*sinl + l.x0, -rho*cosl + l.y0
	case -1:
		rho := l.au.a * math.Sqrt(math.Max(0, l.au.qpMinusQ(-phi)))
		return rho*sinl + l.x0, rho*cosl + l.y0
	}
	sinb := l.au.q(math.Sin(phi)) / l.au.qp
	sinb = math.Max(-1, math.Min(1, sinb))
	cosb := math.Sqrt(1 - sinb*sinb)
	den := 1 + l.sinb1*sinb + l.cosb1*cosb*cosl
	if !(den > 1e-14) {
		return math.NaN(), math.NaN() // the antipode of the centre
	}
	b := l.rq * math.Sqrt(2/den)
	return b*l.d*cosb*sinl + l.x0, b/l.d*(l.cosb1*sinb-l.sinb1*cosb*cosl) + l.y0
}

func (l *laea) inverse(x, y float64) (lam, phi float64) {
	x -= l.x0
	y -= l.y0
	a := l.au.a
	switch l.polar {
	case 1, -1:
		rho := math.Hypot(x, y)
		q := l.au.qp - rho*rho/(a*a)
		if q < -l.au.qp*(1+1e-12) {
			return math.NaN(), math.NaN()
		}
		if l.polar == 1 {
			return math.Atan2(x, -y), l.au.phiFromQ(q)
		}
		return math.Atan2(x, y), l.au.phiFromQ(-q)
	}
	rho := math.Hypot(x/l.d, l.d*y)
	if rho == 0 {
		return 0, l.phi0
	}
	sce := rho / (2 * l.rq)
	if sce > 1 {
		if sce > 1+1e-12 {
			return math.NaN(), math.NaN()
		}
		sce = 1
	}
	ce := 2 * math.Asin(sce)
	sinc, cosc := math.Sincos(ce)
	sinb := cosc*l.sinb1 + l.d*y*sinc*l.cosb1/rho
	lam = math.Atan2(x*sinc, l.d*l.cosb1*rho*cosc-l.d*l.d*y*l.sinb1*sinc)
	return lam, l.au.phiFromQ(l.au.qp * sinb)
}

// albers is the ellipsoidal Albers equal-area conic projection (Snyder
// 1987, pp. 98–103, eqs. 14-1 to 14-21; EPSG Guidance Note 7-2, method
// 9822).
type albers struct {
	au         authalic
	n, c, rho0 float64
	x0, y0     float64
}

func newAlbers(e Ellipsoid, p Params) (*albers, error) {
	if math.Abs(p.Lat1+p.Lat2) < 1e-10 {
		return nil, fmt.Errorf("albers: standard parallels %v° and %v° are symmetric about the equator (cone constant 0)", p.Lat1, p.Lat2)
	}
	if math.Abs(p.Lat1) == 90 || math.Abs(p.Lat2) == 90 {
		return nil, fmt.Errorf("albers: a standard parallel at a pole (%v°, %v°) is not allowed", p.Lat1, p.Lat2)
	}
	al := &albers{au: newAuthalic(e), x0: p.FalseEasting, y0: p.FalseNorthing}
	s1, c1 := math.Sincos(p.Lat1 * deg)
	s2, c2 := math.Sincos(p.Lat2 * deg)
	m1, m2 := al.au.m(s1, c1), al.au.m(s2, c2)
	q1, q2 := al.au.q(s1), al.au.q(s2)
	if math.Abs(p.Lat1-p.Lat2) > 1e-10 {
		al.n = (m1*m1 - m2*m2) / (q2 - q1)
	} else {
		al.n = s1 // the limit of (m1²-m2²)/(q2-q1) as φ2 → φ1
	}
	if math.Abs(al.n) < 1e-10 {
		return nil, fmt.Errorf("albers: standard parallels %v° and %v° give a cone constant of 0", p.Lat1, p.Lat2)
	}
	al.c = m1*m1 + al.n*q1
	q0 := al.au.q(math.Sin(p.Lat0 * deg))
	al.rho0 = al.au.a * math.Sqrt(al.c-al.n*q0) / al.n
	return al, nil
}

func (al *albers) forward(lam, phi float64) (x, y float64) {
	v := al.c - al.n*al.au.q(math.Sin(phi))
	if v < 0 {
		if v < -1e-12 {
			return math.NaN(), math.NaN()
		}
		v = 0
	}
	rho := al.au.a * math.Sqrt(v) / al.n
	s, c := math.Sincos(al.n * lam)
	return rho*s + al.x0, al.rho0 - rho*c + al.y0
}

func (al *albers) inverse(x, y float64) (lam, phi float64) {
	x -= al.x0
	y = al.rho0 - (y - al.y0)
	rho := math.Hypot(x, y)
	if al.n < 0 {
		rho, x, y = -rho, -x, -y
	}
	theta := math.Atan2(x, y)
	a := al.au.a
	q := (al.c - rho*rho*al.n*al.n/(a*a)) / al.n
	lam = theta / al.n
	if math.Abs(lam) > math.Pi*(1+1e-12) {
		return math.NaN(), math.NaN()
	}
	return lam, al.au.phiFromQ(q)
}
