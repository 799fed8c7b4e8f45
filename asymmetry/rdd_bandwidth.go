package asymmetry

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// IKBandwidth returns the bandwidth h (units of d, metres) of Imbens and
// Kalyanaraman (2012, "Optimal bandwidth choice for the regression
// discontinuity estimator", Review of Economic Studies 79:933–959, section
// 4.2, equations 13–17) for the local linear estimator with a triangular
// kernel at the threshold d = 0 (the positive side is d ≥ 0 by the sign
// bit):
//
//  1. Density and variances: pilot h₁ = 1.84·s_d·N^(−1/5) (s_d the sample
//     standard deviation of d); with N₁₋ and N₁₊ the observations in
//     [−h₁, 0) and [0, h₁], f̂ = (N₁₋ + N₁₊)/(2·N·h₁), and σ̂²₋, σ̂²₊ the
//     sample variances (n−1) of y in each.
//  2. Third derivative: least squares of y on 1, 1{d ≥ 0}, d, d², d³ over
//     all observations, m̂₃ = 6·(coefficient of d³); then, with N₋, N₊ the
//     observations on each side, h₂± = 7200^(1/7)·(σ̂²±/(f̂·m̂₃²))^(1/7)·N±^(−1/7)
//     (7200^(1/7) = 3.5567).
//  3. Second derivatives: least squares of y on 1, d, d² over [−h₂₋, 0) and
//     [0, h₂₊], with N₂± observations; m̂₂± = 2·(coefficient of d²).
//  4. Regularization r± = 2160·σ̂²±/(N₂±·h₂±⁴) and
//     h = C_K·((σ̂²₋ + σ̂²₊)/(f̂·((m̂₂₊ − m̂₂₋)² + r₊ + r₋)))^(1/5)·N^(−1/5),
//     C_K = 3.4375 for the triangular kernel.
//
// These are the steps of the published version, as the R package rddtools
// (Stigler and Quast) implements it; the 2009 working paper (R package rdd's
// IKbandwidth) pooled the two variances, fitted the cubic between the sides'
// medians, floored m̂₃² at 0.01 (a floor that depends on the units of d and
// y) and used 720 in the regularization. The polynomials are fitted in d
// divided by a scale (s_d, h₂±), which leaves the derivatives unchanged and
// keeps the least squares well conditioned. Calonico, Cattaneo and
// Titiunik (2014, Econometrica 82:2295–2326) refine this rule with bias
// correction; it is not implemented here.
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
	var in1 [2][]float64
	var nSide [2]int
	for i, x := range d {
		s := 0
		if isPositive(x) {
			s = 1
		}
		nSide[s]++
		if math.Abs(x) <= h1 && (s == 1 || x >= -h1) {
			in1[s] = append(in1[s], y[i])
		}
	}
	if len(in1[0]) < 2 || len(in1[1]) < 2 {
		return 0, fmt.Errorf("ik bandwidth: %d and %d observations within the pilot bandwidth %g on the negative and positive sides; need 2 each", len(in1[0]), len(in1[1]), h1)
	}
	f := float64(len(in1[0])+len(in1[1])) / (2 * N * h1)
	var v [2]float64
	for s := range v {
		_, v[s] = meanVar(in1[s])
	}
	// Step 2: global cubic with a jump.
	rows := make([][]float64, 0, n)
	for _, x := range d {
		u := x / sd
		t := 0.0
		if isPositive(x) {
			t = 1
		}
		rows = append(rows, []float64{1, t, u, u * u, u * u * u})
	}
	beta, err := leastSquares(rows, y)
	if err != nil {
		return 0, fmt.Errorf("ik bandwidth: global cubic: %w", err)
	}
	m3 := 6 * beta[4] / (sd * sd * sd)
	if m3 == 0 {
		return 0, fmt.Errorf("ik bandwidth: the global cubic has no third derivative (m3 = 0)")
	}
	var h2, m2, r [2]float64
	for s := range h2 {
		h2[s] = math.Pow(7200, 1.0/7) * math.Pow(v[s]/(f*m3*m3), 1.0/7) * math.Pow(float64(nSide[s]), -1.0/7)
		// Step 3: quadratic on the side within h2.
		var rows [][]float64
		var ys []float64
		for i, x := range d {
			if isPositive(x) != (s == 1) || math.Abs(x) > h2[s] {
				continue
			}
			u := x / h2[s]
			rows = append(rows, []float64{1, u, u * u})
			ys = append(ys, y[i])
		}
		name := [2]string{"negative", "positive"}[s]
		if len(rows) < 3 {
			return 0, fmt.Errorf("ik bandwidth: %d observations on the %s side within h2 = %g; need 3", len(rows), name, h2[s])
		}
		b, err := leastSquares(rows, ys)
		if err != nil {
			return 0, fmt.Errorf("ik bandwidth: quadratic on the %s side within h2 = %g: %w", name, h2[s], err)
		}
		m2[s] = 2 * b[2] / (h2[s] * h2[s])
		// Step 4's regularization term.
		r[s] = 2160 * v[s] / (float64(len(rows)) * math.Pow(h2[s], 4))
	}
	const ck = 3.4375
	h := ck * math.Pow((v[0]+v[1])/(f*((m2[1]-m2[0])*(m2[1]-m2[0])+r[0]+r[1])), 0.2) * math.Pow(N, -0.2)
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
