package freight

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Fit is a trend model fitted to a series by non-linear least squares:
// the parameters minimise SSE = Σ (y_i − f(t_i; p))², unweighted, as
// SciPy's curve_fit does by default.
//
// Uncertainty follows the standard asymptotic theory of non-linear
// regression (Bates & Watts 1988, Nonlinear Regression Analysis and Its
// Applications, ch. 2; Seber & Wild 1989, §5.1):
//
//	Cov = s² (JᵀJ)⁻¹,   s² = SSE / (n − p),
//
// with J the n×p Jacobian ∂f(t_i)/∂p_j at the estimate (the covariance
// curve_fit returns with absolute_sigma=False), and Wald intervals
// p_j ± t_{n−p, 1−α/2}·SE_j from Student's t.
//
// Information criteria use the Gaussian log-likelihood at the maximum,
// ln L = −n/2·(ln 2π + ln(SSE/n) + 1), counting the error variance as a
// parameter, k = p + 1 (Burnham & Anderson 2002, Model Selection and
// Multimodel Inference, §2.2 and eq. 2.14): AIC = −2 ln L + 2k,
// AICc = AIC + 2k(k+1)/(n − k − 1), BIC = −2 ln L + k ln n. Lower is
// better; only compare fits to the same points.
type Fit struct {
	// Model is the fitted curve.
	Model Model
	// T0 is the reference time (decimal year) of Exponential's level A:
	// the time of the first fitted point.
	T0 float64
	// Params are the estimates in the order of Model.ParamNames(), in
	// natural units: levels (A, K) in the series' units, r per year, tm a
	// decimal year.
	Params []float64
	// SE are the asymptotic standard errors of Params.
	SE []float64
	// Cov is the asymptotic covariance matrix s²(JᵀJ)⁻¹ of Params.
	Cov *mat.SymDense
	// Level is the confidence level of the intervals, 0.95 unless set in
	// FitOptions.
	Level float64
	// Low and High are the Wald confidence limits of Params at Level.
	Low, High []float64
	// BootLow and BootHigh are percentile bootstrap confidence limits at
	// Level, filled by [Fit.Bootstrap]; BootReps counts the replicates
	// that converged.
	BootLow, BootHigh []float64
	BootReps          int
	// N is the number of points, DF = N − len(Params) the residual
	// degrees of freedom.
	N, DF int
	// SSE is the residual sum of squares in squared series units; Sigma =
	// sqrt(SSE/DF) the residual standard error.
	SSE, Sigma float64
	// LogLik, AIC, AICc and BIC are the information criteria above. AICc
	// is NaN when N ≤ k + 1.
	LogLik, AIC, AICc, BIC float64
	// Points are the fitted points; Residuals are y − f(t) for each.
	Points    []Point
	Residuals []float64

	scale float64
}

// FitOptions tunes [FitPoints] and [FitModel].
type FitOptions struct {
	// Partial is the policy for partial periods in FitModel.
	Partial PartialPolicy
	// SkipBounds drops lower- and upper-bound figures (and Indeterminate
	// ones) in FitModel, fitting only exact and approximate figures.
	SkipBounds bool
	// From and To, when non-zero, keep only points whose period midpoint
	// lies in [From, To] (decimal years) in FitModel.
	From, To float64
	// Level is the confidence level of intervals; 0 means 0.95.
	Level float64
	// Start, when not nil, is the starting point in natural parameters
	// (see Model.ParamNames()), tried before the built-in starts.
	Start []float64
}

// ErrNoConvergence is returned (wrapped) when no start led the optimiser to
// a stationary point, typically a saturating model fitted to data that show
// no saturation, so that K runs off to infinity.
var ErrNoConvergence = errors.New("freight: the fit did not converge")

// FitModel selects points of s according to opt (partial policy, bounds,
// time window) and fits model m to them with [FitPoints].
func FitModel(s *Series, m Model, opt FitOptions) (*Fit, error) {
	pts, err := s.Points(opt.Partial)
	if err != nil {
		return nil, err
	}
	var keep []Point
	for _, p := range pts {
		if opt.SkipBounds && p.Qualifier != Exact && p.Qualifier != Approximate {
			continue
		}
		if (opt.From != 0 && p.T < opt.From) || (opt.To != 0 && p.T > opt.To) {
			continue
		}
		keep = append(keep, p)
	}
	f, err := FitPoints(m, keep, opt)
	if err != nil {
		return nil, fmt.Errorf("%w (series %q)", err, s.Name)
	}
	return f, nil
}

// FitPoints fits model m to the points by non-linear least squares, using
// gonum's optimize.Newton on ½·SSE (analytic gradient, Hessian by central
// differences of the gradient) from several starting points, and keeps the
// lowest SSE. Times are shifted by the first point's time and values scaled
// by their maximum while optimising, so the result does not depend on the
// calendar origin or the units.
//
// It needs more points than parameters, all finite, values not all zero.
func FitPoints(m Model, pts []Point, opt FitOptions) (*Fit, error) {
	if m < Exponential || m > Gompertz {
		return nil, fmt.Errorf("freight: unknown model %d", m)
	}
	np := len(m.ParamNames())
	if len(pts) <= np {
		return nil, fmt.Errorf("freight: %s fit needs more than %d points, have %d", m, np, len(pts))
	}
	pts = slices.Clone(pts)
	slices.SortStableFunc(pts, func(a, b Point) int { return cmpFloat(a.T, b.T) })
	t0 := pts[0].T
	u := make([]float64, len(pts))
	y := make([]float64, len(pts))
	scale := 0.0
	for i, p := range pts {
		if math.IsNaN(p.T) || math.IsInf(p.T, 0) || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
			return nil, fmt.Errorf("freight: %s fit: point %d (%s) is not finite", m, i+1, p.Period)
		}
		scale = math.Max(scale, math.Abs(p.Y))
	}
	if scale == 0 {
		return nil, fmt.Errorf("freight: %s fit: all values are zero", m)
	}
	for i, p := range pts {
		u[i] = p.T - t0
		y[i] = p.Y / scale
	}
	var starts [][]float64
	if opt.Start != nil {
		if len(opt.Start) != np {
			return nil, fmt.Errorf("freight: %s fit: %d start values, want %d", m, len(opt.Start), np)
		}
		starts = append(starts, m.toInternal(opt.Start, scale, t0))
	}
	starts = append(starts, m.starts(u, y)...)
	var best []float64
	bestSSE := math.Inf(1)
	for _, th0 := range starts {
		th, sse, ok := leastSquares(m, u, y, th0)
		if ok && sse < bestSSE {
			best, bestSSE = th, sse
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%w: %s model on %d points", ErrNoConvergence, m, len(pts))
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("freight: confidence level %v outside (0, 1)", level)
	}
	f := &Fit{Model: m, T0: t0, Level: level, N: len(pts), DF: len(pts) - np, Points: pts, scale: scale}
	if err := f.finish(u, y, best); err != nil {
		return nil, err
	}
	return f, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// finish computes the statistics of f from the internal optimum th.
func (f *Fit) finish(u, y, th []float64) error {
	m := f.Model
	np := len(th)
	n := len(u)
	J := mat.NewDense(n, np, nil)
	g := make([]float64, np)
	f.Residuals = make([]float64, n)
	var sse float64
	for i := range u {
		v := m.eval(u[i], th, g)
		J.SetRow(i, g)
		r := (y[i] - v) * f.scale
		f.Residuals[i] = r
		sse += r * r
	}
	f.Params = m.toNatural(th, f.scale, f.T0)
	f.SSE = sse
	f.Sigma = math.Sqrt(sse / float64(f.DF))
	var jtj mat.SymDense
	jtj.SymOuterK(1, J.T())
	var chol mat.Cholesky
	if !chol.Factorize(&jtj) {
		return fmt.Errorf("freight: %s fit: the parameters are not identifiable from these points (singular JᵀJ)", m)
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return fmt.Errorf("freight: %s fit: %w", m, err)
	}
	// Internal covariance in scaled residual units, then back to natural
	// units: the level parameter scales by f.scale, the others do not.
	s2 := sse / (f.scale * f.scale) / float64(f.DF)
	d := make([]float64, np)
	for j := range d {
		d[j] = 1
	}
	d[0] = f.scale
	f.Cov = mat.NewSymDense(np, nil)
	for i := 0; i < np; i++ {
		for j := i; j < np; j++ {
			f.Cov.SetSym(i, j, s2*d[i]*d[j]*inv.At(i, j))
		}
	}
	tq := studentQuantile(f.Level, f.DF)
	f.SE = make([]float64, np)
	f.Low = make([]float64, np)
	f.High = make([]float64, np)
	for j := range f.SE {
		f.SE[j] = math.Sqrt(f.Cov.At(j, j))
		f.Low[j] = f.Params[j] - tq*f.SE[j]
		f.High[j] = f.Params[j] + tq*f.SE[j]
	}
	nf := float64(n)
	k := float64(np + 1)
	f.LogLik = -nf / 2 * (math.Log(2*math.Pi) + math.Log(sse/nf) + 1)
	f.AIC = -2*f.LogLik + 2*k
	f.BIC = -2*f.LogLik + k*math.Log(nf)
	f.AICc = math.NaN()
	if nf-k-1 > 0 {
		f.AICc = f.AIC + 2*k*(k+1)/(nf-k-1)
	}
	return nil
}

// studentQuantile returns t_{df, (1+level)/2}, the two-sided critical value.
func studentQuantile(level float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile((1 + level) / 2)
}

// leastSquares minimises ½ Σ (y − f(u; θ))² from th0 and reports whether it
// reached a stationary point with a positive definite Gauss–Newton matrix.
func leastSquares(m Model, u, y, th0 []float64) ([]float64, float64, bool) {
	np := len(th0)
	g := make([]float64, np)
	obj := func(th []float64) float64 {
		var s float64
		for i := range u {
			r := y[i] - m.eval(u[i], th, nil)
			s += r * r
		}
		if math.IsNaN(s) {
			return math.Inf(1)
		}
		return s / 2
	}
	grad := func(dst, th []float64) {
		for j := range dst {
			dst[j] = 0
		}
		gi := g
		for i := range u {
			r := y[i] - m.eval(u[i], th, gi)
			for j := range dst {
				dst[j] -= r * gi[j]
			}
		}
	}
	hj := mat.NewDense(np, np, nil)
	gg := make([]float64, np)
	hess := func(dst *mat.SymDense, th []float64) {
		fd.Jacobian(hj, func(out, x []float64) {
			// A separate buffer: grad reuses g.
			for j := range out {
				out[j] = 0
			}
			for i := range u {
				r := y[i] - m.eval(u[i], x, gg)
				for j := range out {
					out[j] -= r * gg[j]
				}
			}
		}, th, &fd.JacobianSettings{Formula: fd.Central})
		for i := 0; i < np; i++ {
			for j := i; j < np; j++ {
				dst.SetSym(i, j, (hj.At(i, j)+hj.At(j, i))/2)
			}
		}
	}
	prob := optimize.Problem{Func: obj, Grad: grad, Hess: hess}
	settings := &optimize.Settings{
		GradientThreshold: 1e-13,
		MajorIterations:   400,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-18, Relative: 1e-15, Iterations: 30},
	}
	res, err := optimize.Minimize(prob, th0, settings, &optimize.Newton{})
	if err != nil || res == nil {
		return nil, 0, false
	}
	th := res.X
	for _, v := range th {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, false
		}
	}
	// Accept only a stationary point: gradient small against the scale of
	// the problem (y is scaled to max 1).
	gr := make([]float64, np)
	grad(gr, th)
	if floats.Norm(gr, math.Inf(1)) > 1e-9 {
		return nil, 0, false
	}
	// Reject degenerate optima (a flat direction, e.g. r → 0 or K → ∞).
	J := mat.NewDense(len(u), np, nil)
	row := make([]float64, np)
	for i := range u {
		m.eval(u[i], th, row)
		J.SetRow(i, row)
	}
	var jtj mat.SymDense
	jtj.SymOuterK(1, J.T())
	var chol mat.Cholesky
	if !chol.Factorize(&jtj) || chol.Cond() > 1e14 {
		return nil, 0, false
	}
	if m != Exponential && !(th[0] > 0) {
		return nil, 0, false
	}
	return th, 2 * obj(th), true
}

// Eval returns the fitted curve at time t (decimal years), in series units.
func (f *Fit) Eval(t float64) float64 {
	th := f.Model.toInternal(f.Params, f.scale, f.T0)
	return f.Model.eval(t-f.T0, th, nil) * f.scale
}

// gradNatural returns ∂f(t)/∂p in natural parameters.
func (f *Fit) gradNatural(t float64) []float64 {
	th := f.Model.toInternal(f.Params, f.scale, f.T0)
	g := make([]float64, len(th))
	f.Model.eval(t-f.T0, th, g)
	// ∂y/∂p_j = scale·∂f/∂θ_j·∂θ_j/∂p_j; ∂θ_0/∂p_0 = 1/scale.
	for j := 1; j < len(g); j++ {
		g[j] *= f.scale
	}
	return g
}

// Forecast is the fitted value of a [Fit] at one time, with its
// uncertainty.
type Forecast struct {
	// T is the time in decimal years.
	T float64
	// Value is the fitted curve f(T) in series units.
	Value float64
	// SE is the standard error of the fitted mean, sqrt(gᵀ Cov g) with g =
	// ∂f(T)/∂p (delta method).
	SE float64
	// Low and High bound the confidence interval of the mean at the
	// fit's Level: Value ∓ t_{DF}·SE.
	Low, High float64
	// PredLow and PredHigh bound the prediction interval for a new
	// observation: Value ∓ t_{DF}·sqrt(SE² + s²) (Seber & Wild 1989, §5.3).
	// They are not clipped at zero.
	PredLow, PredHigh float64
}

// Forecast returns the fitted value at time t (decimal years) with delta-
// method confidence and prediction intervals at f.Level. Use
// [Period.Time] to turn a year into t: YearPeriod(2030).Time() = 2030.5.
func (f *Fit) Forecast(t float64) Forecast {
	g := f.gradNatural(t)
	gv := mat.NewVecDense(len(g), g)
	se := math.Sqrt(mat.Inner(gv, f.Cov, gv))
	v := f.Eval(t)
	tq := studentQuantile(f.Level, f.DF)
	pse := math.Sqrt(se*se + f.Sigma*f.Sigma)
	return Forecast{T: t, Value: v, SE: se, Low: v - tq*se, High: v + tq*se, PredLow: v - tq*pse, PredHigh: v + tq*pse}
}

// Bootstrap fills BootLow and BootHigh with percentile confidence limits at
// f.Level from reps residual-bootstrap replicates (Efron & Tibshirani
// 1993, An Introduction to the Bootstrap, §9.5): each replicate refits the
// model to f(t_i) + e*_i, with e* drawn with replacement from the
// residuals. Replicate b draws from rand.New(rand.NewPCG(seed, b)), and
// replicates run on all cores, so the limits depend on seed and reps only.
// Replicates that fail to converge are dropped (BootReps counts the rest);
// fewer than 10 successes is an error. It stops early with ctx.Err() when
// ctx is cancelled.
func (f *Fit) Bootstrap(ctx context.Context, reps int, seed uint64) error {
	if reps < 10 {
		return fmt.Errorf("freight: bootstrap needs at least 10 replicates, got %d", reps)
	}
	np := len(f.Params)
	u := make([]float64, f.N)
	fitted := make([]float64, f.N)
	for i, p := range f.Points {
		u[i] = p.T - f.T0
		fitted[i] = f.Eval(p.T) / f.scale
	}
	th := f.Model.toInternal(f.Params, f.scale, f.T0)
	results := make([][]float64, reps)
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), reps)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			y := make([]float64, f.N)
			for {
				b := int(next.Add(1) - 1)
				if b >= reps || ctx.Err() != nil {
					return
				}
				rng := rand.New(rand.NewPCG(seed, uint64(b)))
				for i := range y {
					y[i] = fitted[i] + f.Residuals[rng.IntN(f.N)]/f.scale
				}
				if est, _, ok := leastSquares(f.Model, u, y, th); ok {
					results[b] = f.Model.toNatural(est, f.scale, f.T0)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	cols := make([][]float64, np)
	for _, r := range results {
		if r == nil {
			continue
		}
		for j := range cols {
			cols[j] = append(cols[j], r[j])
		}
	}
	if len(cols[0]) < 10 {
		return fmt.Errorf("%w: only %d of %d bootstrap replicates converged", ErrNoConvergence, len(cols[0]), reps)
	}
	f.BootReps = len(cols[0])
	f.BootLow = make([]float64, np)
	f.BootHigh = make([]float64, np)
	a := (1 - f.Level) / 2
	for j, c := range cols {
		slices.Sort(c)
		f.BootLow[j] = stat.Quantile(a, stat.LinInterp, c, nil)
		f.BootHigh[j] = stat.Quantile(1-a, stat.LinInterp, c, nil)
	}
	return nil
}
