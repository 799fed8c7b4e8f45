package freight

import (
	"fmt"
	"math"
	"strings"
)

// Model is a trend curve y(t) fitted by [FitPoints], with t in decimal
// years (see [Period.Time]) and y in the series' units.
type Model uint8

const (
	// Exponential is unbounded growth y = A·exp(r·(t − t0)), where t0 is
	// the time of the first fitted point ([Fit.T0]), A the level at t0 and r
	// the continuous growth rate per year (doubling time ln 2 / r).
	// Parameters: A, r.
	Exponential Model = iota + 1
	// Logistic is saturating growth y = K / (1 + exp(−r·(t − tm))) with
	// carrying capacity K (the level the series levels off at), rate r per
	// year and inflection time tm (decimal year, where y = K/2). Verhulst
	// (1838); see Meyer (1994), "Bi-logistic growth", Technological
	// Forecasting and Social Change 47, 89–102. Parameters: K, r, tm.
	Logistic
	// Gompertz is asymmetric saturating growth y = K·exp(−exp(−r·(t −
	// tm))) with asymptote K, rate r per year and inflection time tm, where
	// y = K/e. Gompertz (1825); parameterisation of Tjørve & Tjørve (2017),
	// PLoS ONE 12(6): e0178691, "the unified-Richards family". Parameters:
	// K, r, tm.
	Gompertz
)

// Models lists the trend models in a fixed order.
var Models = []Model{Exponential, Logistic, Gompertz}

// String returns "exponential", "logistic" or "gompertz".
func (m Model) String() string {
	switch m {
	case Exponential:
		return "exponential"
	case Logistic:
		return "logistic"
	case Gompertz:
		return "gompertz"
	}
	return fmt.Sprintf("Model(%d)", uint8(m))
}

// ParseModel reads "exponential" (or "exp"), "logistic" or "gompertz".
func ParseModel(s string) (Model, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "exponential", "exp":
		return Exponential, nil
	case "logistic":
		return Logistic, nil
	case "gompertz":
		return Gompertz, nil
	}
	return 0, fmt.Errorf("freight: %q is not a model (want exponential, logistic or gompertz)", s)
}

// ParamNames returns the parameter names in the order of [Fit.Params]:
// A, r for Exponential; K, r, tm for Logistic and Gompertz.
func (m Model) ParamNames() []string {
	if m == Exponential {
		return []string{"A", "r"}
	}
	return []string{"K", "r", "tm"}
}

// eval returns the model value at u = t − t0 for internal parameters θ
// (level parameter in scaled units, tm as an offset from t0) and, when grad
// is not nil, stores ∂f/∂θ in it.
func (m Model) eval(u float64, th, grad []float64) float64 {
	switch m {
	case Exponential:
		e := math.Exp(th[1] * u)
		f := th[0] * e
		if grad != nil {
			grad[0] = e
			grad[1] = f * u
		}
		return f
	case Logistic:
		d := u - th[2]
		e := math.Exp(-th[1] * d)
		f := th[0] / (1 + e)
		if grad != nil {
			q := th[0] * e / ((1 + e) * (1 + e))
			if math.IsInf(e, 1) {
				q = 0
			}
			grad[0] = 1 / (1 + e)
			grad[1] = q * d
			grad[2] = -q * th[1]
		}
		return f
	case Gompertz:
		d := u - th[2]
		e := math.Exp(-th[1] * d)
		g := math.Exp(-e)
		f := th[0] * g
		if grad != nil {
			q := th[0] * g * e
			if math.IsInf(e, 1) {
				q = 0
			}
			grad[0] = g
			grad[1] = q * d
			grad[2] = -q * th[1]
		}
		return f
	}
	return math.NaN()
}

// toInternal converts natural parameters (see [Model.ParamNames]) to
// internal ones for data scaled by 1/scale and times shifted by t0.
func (m Model) toInternal(p []float64, scale, t0 float64) []float64 {
	th := append([]float64(nil), p...)
	th[0] /= scale
	if m != Exponential {
		th[2] -= t0
	}
	return th
}

// toNatural is the inverse of toInternal.
func (m Model) toNatural(th []float64, scale, t0 float64) []float64 {
	p := append([]float64(nil), th...)
	p[0] *= scale
	if m != Exponential {
		p[2] += t0
	}
	return p
}

// olsLine fits y = a + b·x by ordinary least squares and returns a, b.
func olsLine(x, y []float64) (a, b float64) {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	n := float64(len(x))
	mx /= n
	my /= n
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if sxx == 0 {
		return my, 0
	}
	b = sxy / sxx
	return my - b*mx, b
}

// starts returns internal starting values for u = t − t0 and scaled y (max
// 1): a log-linear fit for Exponential; for the saturating models, a
// linearised fit (ln(K/y − 1) or ln(−ln(y/K)) against u) for each of
// several trial asymptotes K.
func (m Model) starts(u, y []float64) [][]float64 {
	var xs, ls []float64
	if m == Exponential {
		for i := range u {
			if y[i] > 0 {
				xs = append(xs, u[i])
				ls = append(ls, math.Log(y[i]))
			}
		}
		a, b := olsLine(xs, ls)
		return [][]float64{{math.Exp(a), b}, {1, 0}}
	}
	var out [][]float64
	for _, k := range []float64{1.05, 1.25, 1.5, 2, 3, 5} {
		xs, ls = xs[:0], ls[:0]
		for i := range u {
			if y[i] <= 0 {
				continue
			}
			xs = append(xs, u[i])
			if m == Logistic {
				ls = append(ls, math.Log(k/y[i]-1))
			} else {
				ls = append(ls, math.Log(-math.Log(y[i]/k)))
			}
		}
		if len(xs) < 2 {
			continue
		}
		// ln(...) = r·tm − r·u
		a, b := olsLine(xs, ls)
		r := -b
		if !(r > 0) || math.IsInf(r, 0) {
			continue
		}
		out = append(out, []float64{k, r, a / r})
	}
	return out
}
