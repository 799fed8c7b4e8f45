package asymmetry

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// IKBandwidth returns the bandwidth h (units of d, metres) of Imbens and
// Kalyanaraman (2012, "Optimal bandwidth choice for the regression
// discontinuity estimator", Review of Economic Studies 79:933–959, section
// 4.2) for the local linear estimator with a triangular kernel at the
// threshold d = 0, in the form of the R package rdd's IKbandwidth (Dimmery,
// version 0.57), which pools the conditional variance of the two sides:
//
//  1. Pilot: h₁ = 1.84·s_d·N^(−1/5) (s_d the sample standard deviation of
//     d). With N₋, N₊ the observations in [−h₁, 0) and [0, h₁] and Ȳ₋, Ȳ₊
//     their means: f̂ = (N₋ + N₊)/(2·N·h₁) and
//     σ̂² = [Σ₋(y − Ȳ₋)² + Σ₊(y − Ȳ₊)²]/(N₋ + N₊).
//  2. Third derivative: least squares of y on 1, 1{d ≥ 0}, d, d², d³ over
//     the observations with median(d | d < 0) ≤ d ≤ median(d | d ≥ 0);
//     m̂₃ = 6·(coefficient of d³). Then, with N₋, N₊ the numbers of
//     observations on each side, h₂± = 3.56·(σ̂²/(f̂·m̂₃²))^(1/7)·N±^(−1/7).
//  3. Second derivatives: least squares of y on 1, d, d² on [−h₂₋, 0) and on
//     [0, h₂₊]; m̂₂± = 2·(coefficient of d²), with N₂± observations.
//  4. Regularization r± = 720·σ̂²/(N₂±·h₂±⁴) and
//     h = C_K·(2σ̂²/(f̂·((m̂₂₊ − m̂₂₋)² + r₊ + r₋)))^(1/5)·N^(−1/5),
//     C_K = 3.4375 for the triangular kernel.
//
// rdd floors m̂₃² at 0.01; that floor depends on the units of d and y (with d
// in metres m̂₃ is of order 1e-12 and the floor would shrink h₂ to a few
// metres), so the paper's m̂₃² is used, as the paper writes it. An m̂₃ of
// exactly 0 is an error.
//
// Cross-checked against an independent numpy/statsmodels implementation of
// the same steps (testdata/rd_golden.py). Errors say which step lacks data.
func IKBandwidth(d, y []float64) (float64, error) {
	n := len(d)
	if n != len(y) {
		return 0, fmt.Errorf("ik bandwidth: %d distances and %d values", len(d), len(y))
	}
	if n < 10 {
		return 0, fmt.Errorf("ik bandwidth: %d observations; need at least 10", n)
	}
	for i := range d {
		if math.IsNaN(d[i]) || math.IsInf(d[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return 0, fmt.Errorf("ik bandwidth: observation %d is not finite (d = %v, y = %v)", i+1, d[i], y[i])
		}
	}
	N := float64(n)
	md := 0.0
	for _, x := range d {
		md += x
	}
	md /= N
	var sd float64
	for _, x := range d {
		sd += (x - md) * (x - md)
	}
	sd = math.Sqrt(sd / (N - 1))
	h1 := 1.84 * sd * math.Pow(N, -0.2)
	// Step 1.
	var nl, nr int
	var yl, yr float64
	for i, x := range d {
		switch {
		case !isPositive(x) && x >= -h1:
			nl++
			yl += y[i]
		case isPositive(x) && x <= h1:
			nr++
			yr += y[i]
		}
	}
	if nl < 2 || nr < 2 {
		return 0, fmt.Errorf("ik bandwidth: %d and %d observations within the pilot bandwidth %g on the negative and positive sides; need 2 each", nl, nr, h1)
	}
	yl /= float64(nl)
	yr /= float64(nr)
	var ss float64
	for i, x := range d {
		switch {
		case !isPositive(x) && x >= -h1:
			ss += (y[i] - yl) * (y[i] - yl)
		case isPositive(x) && x <= h1:
			ss += (y[i] - yr) * (y[i] - yr)
		}
	}
	f := float64(nl+nr) / (2 * N * h1)
	v := ss / float64(nl+nr)
	// Step 2: global cubic between the sides' medians.
	var left, right []float64
	for _, x := range d {
		if isPositive(x) {
			right = append(right, x)
		} else {
			left = append(left, x)
		}
	}
	if len(left) < 2 || len(right) < 2 {
		return 0, fmt.Errorf("ik bandwidth: %d and %d observations on the negative and positive sides; need 2 each", len(left), len(right))
	}
	slices.Sort(left)
	slices.Sort(right)
	medL, medR := quantile7(left, 0.5), quantile7(right, 0.5)
	scale := math.Max(-medL, medR)
	var rows [][]float64
	var ys []float64
	for i, x := range d {
		if x >= medL && x <= medR {
			u := x / scale
			t := 0.0
			if isPositive(x) {
				t = 1
			}
			rows = append(rows, []float64{1, t, u, u * u, u * u * u})
			ys = append(ys, y[i])
		}
	}
	beta, err := leastSquares(rows, ys)
	if err != nil {
		return 0, fmt.Errorf("ik bandwidth: cubic fit between the medians %g and %g: %w", medL, medR, err)
	}
	m3 := 6 * beta[4] / (scale * scale * scale)
	if m3 == 0 {
		return 0, fmt.Errorf("ik bandwidth: the cubic fit has no third derivative (m3 = 0)")
	}
	c := v / (f * m3 * m3)
	h2l := 3.56 * math.Pow(c, 1.0/7) * math.Pow(float64(len(left)), -1.0/7)
	h2r := 3.56 * math.Pow(c, 1.0/7) * math.Pow(float64(len(right)), -1.0/7)
	// Step 3: quadratics on each side.
	m2 := func(positive bool, h2 float64) (float64, int, error) {
		var rows [][]float64
		var ys []float64
		for i, x := range d {
			if isPositive(x) != positive || math.Abs(x) > h2 {
				continue
			}
			u := x / h2
			rows = append(rows, []float64{1, u, u * u})
			ys = append(ys, y[i])
		}
		if len(rows) < 3 {
			return 0, len(rows), fmt.Errorf("%d observations; need 3", len(rows))
		}
		b, err := leastSquares(rows, ys)
		if err != nil {
			return 0, 0, err
		}
		return 2 * b[2] / (h2 * h2), len(rows), nil
	}
	m2l, n2l, err := m2(false, h2l)
	if err != nil {
		return 0, fmt.Errorf("ik bandwidth: quadratic on the negative side within %g: %w", h2l, err)
	}
	m2r, n2r, err := m2(true, h2r)
	if err != nil {
		return 0, fmt.Errorf("ik bandwidth: quadratic on the positive side within %g: %w", h2r, err)
	}
	rl := 720 * v / (float64(n2l) * math.Pow(h2l, 4))
	rr := 720 * v / (float64(n2r) * math.Pow(h2r, 4))
	const ck = 3.4375
	h := ck * math.Pow(2*v/(f*((m2r-m2l)*(m2r-m2l)+rl+rr)), 0.2) * math.Pow(N, -0.2)
	if !(h > 0) || math.IsInf(h, 0) {
		return 0, fmt.Errorf("ik bandwidth: the rule gives %v (is the value constant near the border?)", h)
	}
	return h, nil
}

// isPositive reports whether a signed distance is on the positive side (its
// sign bit is clear).
func isPositive(x float64) bool { return !math.Signbit(x) }

// leastSquares solves min ‖Xβ − y‖ by QR.
func leastSquares(rows [][]float64, y []float64) ([]float64, error) {
	if len(rows) == 0 || len(rows) < len(rows[0]) {
		return nil, fmt.Errorf("%d observations for %d coefficients", len(rows), max(len(rows), 1))
	}
	k := len(rows[0])
	x := mat.NewDense(len(rows), k, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	var qr mat.QR
	qr.Factorize(x)
	var b mat.Dense
	if err := qr.SolveTo(&b, false, mat.NewDense(len(y), 1, y)); err != nil {
		return nil, fmt.Errorf("singular design: %w", err)
	}
	out := make([]float64, k)
	for j := range out {
		out[j] = b.At(j, 0)
	}
	return out, nil
}
