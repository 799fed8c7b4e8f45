package asymmetry

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// RDOptions tunes LocalLinearJump and Discontinuity.
type RDOptions struct {
	// Bandwidth is the kernel's half-width h in metres (units of the running
	// variable); 0 chooses it from the data with IKBandwidth.
	Bandwidth float64
	// Level is the confidence level of the interval; 0 means 0.95.
	Level float64
	// Clusters, when given to LocalLinearJump, holds one cluster id per
	// observation (a spatial block) for cluster-robust standard errors;
	// Discontinuity fills it from BlockSize.
	Clusters []int
	// BlockSize, in metres, clusters the pixels of Discontinuity by square
	// spatial blocks of this size for the standard error (CR1); 0 gives the
	// heteroskedasticity-robust HC1 error, which takes pixels as
	// independent.
	BlockSize float64
	// MaxPixels bounds the pixels Discontinuity uses: a seeded random
	// subsample of about that many of the valid pixels (see
	// SampleOptions.MaxPixels); 0 means 500000 and a negative value keeps
	// every pixel.
	MaxPixels int
	// Seed seeds the subsample.
	Seed uint64
}

// RDEstimate is a regression-discontinuity estimate of the jump of a value
// at the border.
type RDEstimate struct {
	// Jump is the limit of the value as the signed distance goes to 0 from
	// the positive side minus the limit from the negative side: the
	// difference of the two local linear fits' intercepts at 0.
	Jump float64
	// SE is its standard error (HC1, or CR1 with clusters), Interval the
	// normal confidence interval Jump ± z·SE at Level, Z = Jump/SE and P the
	// two-sided p-value from the normal distribution.
	SE    float64
	Level float64
	Interval
	Z, P float64
	// LimitNegative and LimitPositive are the two intercepts; SlopeNegative
	// and SlopePositive the fitted slopes per metre of signed distance.
	LimitNegative, LimitPositive float64
	SlopeNegative, SlopePositive float64
	// Bandwidth is h in metres and BandwidthRule how it was chosen
	// ("given" or "Imbens-Kalyanaraman").
	Bandwidth     float64
	BandwidthRule string
	// NNegative and NPositive count the observations with positive kernel
	// weight (|d| < h) on each side; Clusters the clusters among them (0
	// without clustering).
	NNegative, NPositive int
	Clusters             int
	// SEType is "HC1" or "CR1".
	SEType string
}

// LocalLinearJump estimates the discontinuity at d = 0 of y against the
// running variable d (signed distance to the border in metres; the
// positive side is d ≥ 0 by its sign bit, so −0 is negative) by local
// linear regression with a triangular kernel (Imbens and Lemieux 2008,
// "Regression discontinuity designs: a guide to practice", Journal of
// Econometrics 142:615–635; Keele and Titiunik 2015, "Geographic boundaries
// as regression discontinuities", Political Analysis 23:127–155, for the
// border as the threshold).
//
// With kernel weights w_i = 1 − |d_i|/h for |d_i| < h (0 otherwise) and
// T_i = 1 on the positive side, it fits by weighted least squares
//
//	y_i = α + β·d_i + τ·T_i + γ·T_i·d_i + ε_i
//
// which is a separate weighted line on each side; τ is the jump. The
// standard error is the heteroskedasticity-robust sandwich HC1 of
// MacKinnon and White (1985),
//
//	V = n/(n−k) · (X'WX)⁻¹ (Σ w_i² e_i² x_i x_i') (X'WX)⁻¹,  k = 4
//
// over the n observations with positive weight — statsmodels'
// WLS(...).fit(cov_type="HC1") — or, with clusters g (spatial blocks,
// since neighbouring pixels are not independent), the cluster-robust CR1
//
//	V = G/(G−1)·(n−1)/(n−k) · (X'WX)⁻¹ (Σ_g s_g s_g') (X'WX)⁻¹,  s_g = Σ_{i∈g} w_i e_i x_i
//
// as statsmodels' cov_type="cluster" and Stata's vce(cluster). The
// interval is τ ± z_{(1+level)/2}·SE. Internally d is divided by h, which
// leaves τ and its error unchanged and keeps the sums well conditioned.
//
// opt.Bandwidth = 0 chooses h by IKBandwidth. Each side needs at least
// three observations with distinct distances inside the bandwidth.
func LocalLinearJump(d, y []float64, opt *RDOptions) (*RDEstimate, error) {
	if opt == nil {
		opt = &RDOptions{}
	}
	if len(d) != len(y) {
		return nil, fmt.Errorf("discontinuity: %d distances and %d values", len(d), len(y))
	}
	if opt.Clusters != nil && len(opt.Clusters) != len(d) {
		return nil, fmt.Errorf("discontinuity: %d cluster ids for %d observations", len(opt.Clusters), len(d))
	}
	for i := range d {
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("discontinuity: observation %d is not finite (d = %v, y = %v)", i+1, d[i], y[i])
		}
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("discontinuity: level %v: want a value between 0 and 1", level)
	}
	h, rule := opt.Bandwidth, "given"
	if h == 0 {
		var err error
		if h, err = IKBandwidth(d, y); err != nil {
			return nil, err
		}
		rule = "Imbens-Kalyanaraman"
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("discontinuity: bandwidth %v m: want a positive finite value", h)
	}
	r := &RDEstimate{Bandwidth: h, BandwidthRule: rule, Level: level, SEType: "HC1"}
	var sides [2]sideFit
	for s := range sides {
		f, err := fitSide(d, y, h, s == 1)
		if err != nil {
			return nil, err
		}
		sides[s] = f
	}
	neg, pos := sides[0], sides[1]
	r.LimitNegative, r.LimitPositive = neg.a, pos.a
	r.SlopeNegative, r.SlopePositive = neg.b/h, pos.b/h
	r.NNegative, r.NPositive = neg.n, pos.n
	r.Jump = pos.a - neg.a
	n := float64(neg.n + pos.n)
	const k = 4
	// ψ_i: observation i's term in the jump's linear expansion,
	// sign · w_i e_i [1/S0 − ū (u_i − ū)/Suu] (the intercept's row of
	// (X'WX)⁻¹ times w_i e_i x_i).
	psi := func(i int) float64 {
		u := d[i] / h
		f := &neg
		sign := -1.0
		if !math.Signbit(d[i]) {
			f, sign = &pos, 1
		}
		w := 1 - math.Abs(u)
		e := y[i] - f.a - f.b*u
		return sign * w * e * (1/f.s0 - f.ubar*(u-f.ubar)/f.suu)
	}
	inside := func(i int) bool { return math.Abs(d[i]) < h }
	var v float64
	if opt.Clusters == nil {
		for i := range d {
			if inside(i) {
				p := psi(i)
				v += p * p
			}
		}
		v *= n / (n - k)
	} else {
		r.SEType = "CR1"
		sum := map[int]float64{}
		var order []int
		for i := range d {
			if !inside(i) {
				continue
			}
			g := opt.Clusters[i]
			if _, ok := sum[g]; !ok {
				order = append(order, g)
			}
			sum[g] += psi(i)
		}
		G := float64(len(order))
		r.Clusters = len(order)
		if len(order) < 2 {
			return nil, fmt.Errorf("discontinuity: %d cluster within the bandwidth; need at least 2", len(order))
		}
		for _, g := range order {
			v += sum[g] * sum[g]
		}
		v *= G / (G - 1) * (n - 1) / (n - k)
	}
	r.SE = math.Sqrt(v)
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	r.Interval = Interval{r.Jump - z*r.SE, r.Jump + z*r.SE}
	r.Z = r.Jump / r.SE
	r.P = 2 * distuv.UnitNormal.Survival(math.Abs(r.Z))
	return r, nil
}

// sideFit is the weighted line a + b·u (u = d/h) on one side with the sums
// its standard error needs.
type sideFit struct {
	a, b                float64
	s0, ubar, ybar, suu float64
	n                   int
}

// fitSide fits the triangular-kernel weighted line on one side, in two
// passes (weighted means, then centred sums).
func fitSide(d, y []float64, h float64, positive bool) (sideFit, error) {
	var f sideFit
	name := "negative"
	if positive {
		name = "positive"
	}
	var su, sy float64
	for i, x := range d {
		if math.Signbit(x) == positive || math.Abs(x) >= h {
			continue
		}
		u := x / h
		w := 1 - math.Abs(u)
		f.s0 += w
		su += w * u
		sy += w * y[i]
		f.n++
	}
	if f.n < 3 {
		return f, fmt.Errorf("discontinuity: %d observations on the %s side within %g m of the border; need at least 3", f.n, name, h)
	}
	f.ubar, f.ybar = su/f.s0, sy/f.s0
	var suy float64
	for i, x := range d {
		if math.Signbit(x) == positive || math.Abs(x) >= h {
			continue
		}
		u := x / h
		w := 1 - math.Abs(u)
		f.suu += w * (u - f.ubar) * (u - f.ubar)
		suy += w * (u - f.ubar) * (y[i] - f.ybar)
	}
	if !(f.suu > 1e-14*f.s0) {
		return f, fmt.Errorf("discontinuity: every observation on the %s side within %g m has the same distance; a line cannot be fitted", name, h)
	}
	f.b = suy / f.suu
	f.a = f.ybar - f.b*f.ubar
	return f, nil
}
