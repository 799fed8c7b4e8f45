package freight

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The expectations in testdata/golden.json come from SciPy curve_fit,
// statsmodels OLS and a reference Mann–Kendall implementation, produced by
// testdata/gen_golden.py (see its header for the command). The tests below
// compare the package's results with them; TestGoldenLive reruns the script.

type goldenForecast struct {
	T, Value, SE, Low, High float64
	PredLow                 float64 `json:"pred_low"`
	PredHigh                float64 `json:"pred_high"`
}

type goldenFit struct {
	Case, Model, Policy string
	From                *float64
	T, Y                []float64
	T0                  float64
	Params, SE, Low     []float64
	High                []float64
	Cov                 [][]float64
	SSE, Sigma          float64
	DF                  int
	LogLik, AIC, BIC    float64
	AICc                *float64
	Forecasts           []goldenForecast
}

type goldenMK struct {
	Case             string
	T, Y             []float64
	N                int
	S                float64
	VarS             float64 `json:"var_s"`
	Z, P, Tau        float64
	TauB             float64 `json:"tau_b"`
	Slope, Intercept float64
}

type goldenChow struct {
	Case, Transform string
	MinSegment      int `json:"min_segment"`
	T, Y            []float64
	Tests           []struct {
		Break     float64
		N1, N2    int
		SSRPooled float64 `json:"ssr_pooled"`
		SSR1      float64 `json:"ssr1"`
		SSR2      float64 `json:"ssr2"`
		F, P      float64
	}
}

type goldenGrowth struct {
	Case     string
	From, To int
	Rate     float64
	Doubling *float64
}

type golden struct {
	Fits        []goldenFit
	MannKendall []goldenMK `json:"mann_kendall"`
	Chow        []goldenChow
	Growth      []goldenGrowth
}

func loadGolden(t *testing.T, path string) *golden {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(g.Fits) == 0 || len(g.MannKendall) == 0 || len(g.Chow) == 0 || len(g.Growth) == 0 {
		t.Fatalf("%s: a section is empty", path)
	}
	return &g
}

// relDiff is |got − want| / max(|want|, floor).
func relDiff(got, want, floor float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), floor)
}

// tracker records the largest relative difference per quantity, for the
// log and the report.
type tracker map[string]float64

func (tr tracker) check(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	d := relDiff(got, want, 1e-300)
	if math.IsNaN(got) || d > tol {
		t.Errorf("%s: got %.12g, want %.12g (relative difference %.3g > %.g)", what, got, want, d, tol)
	}
	if d > tr[what] {
		tr[what] = d
	}
}

func embeddedSeries(t *testing.T, set, column string) *Series {
	t.Helper()
	ss, err := Embedded(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Column == column {
			return s
		}
	}
	t.Fatalf("embedded %s has no column %s", set, column)
	return nil
}

// caseSeries maps the golden case labels to the package's own reading of
// the bundled CSVs.
func caseSeries(t *testing.T, label string) *Series {
	switch label {
	case "khorgos trains, all points", "khorgos trains from 2016", "khorgos trains from 2016, partial scaled", "khorgos trains from 2016, partial excluded":
		return embeddedSeries(t, "khorgos", "trains")
	case "china-europe trains":
		return embeddedSeries(t, "china-europe", "trains")
	case "china-europe teu":
		return embeddedSeries(t, "china-europe", "teu")
	}
	t.Fatalf("unknown golden case %q", label)
	return nil
}

// casePoints selects the points the way the generator did, through the
// package's API, and checks they are the generator's points.
func casePoints(t *testing.T, label, policy string, from *float64, wantT, wantY []float64) ([]Point, FitOptions) {
	t.Helper()
	pp, err := ParsePartialPolicy(policy)
	if err != nil {
		t.Fatal(err)
	}
	opt := FitOptions{Partial: pp}
	if from != nil {
		opt.From = *from
	}
	s := caseSeries(t, label)
	all, err := s.Points(pp)
	if err != nil {
		t.Fatal(err)
	}
	var pts []Point
	for _, p := range all {
		if opt.From == 0 || p.T >= opt.From {
			pts = append(pts, p)
		}
	}
	if len(pts) != len(wantT) {
		t.Fatalf("%s: %d points, generator used %d", label, len(pts), len(wantT))
	}
	for i := range pts {
		if math.Abs(pts[i].T-wantT[i]) > 1e-9 || relDiff(pts[i].Y, wantY[i], 1) > 1e-12 {
			t.Fatalf("%s: point %d is (%v, %v), generator used (%v, %v)", label, i, pts[i].T, pts[i].Y, wantT[i], wantY[i])
		}
	}
	return pts, opt
}

// compareGolden checks the package against g and returns the largest
// relative differences.
func compareGolden(t *testing.T, g *golden) tracker {
	tr := tracker{}
	const tol = 1e-4
	for _, gf := range g.Fits {
		name := gf.Case + "/" + gf.Model
		m, err := ParseModel(gf.Model)
		if err != nil {
			t.Fatal(err)
		}
		_, opt := casePoints(t, gf.Case, gf.Policy, gf.From, gf.T, gf.Y)
		f, err := FitModel(caseSeries(t, gf.Case), m, opt)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.DF != gf.DF || math.Abs(f.T0-gf.T0) > 1e-9 {
			t.Errorf("%s: DF %d T0 %v, want %d %v", name, f.DF, f.T0, gf.DF, gf.T0)
		}
		for j := range gf.Params {
			tr.check(t, name+" param", f.Params[j], gf.Params[j], tol)
			tr.check(t, name+" SE", f.SE[j], gf.SE[j], tol)
			tr.check(t, name+" CI low", f.Low[j], gf.Low[j], tol)
			tr.check(t, name+" CI high", f.High[j], gf.High[j], tol)
			for k := range gf.Params {
				// Off-diagonal covariances relative to sqrt(var_j var_k).
				scale := math.Sqrt(gf.Cov[j][j] * gf.Cov[k][k])
				d := math.Abs(f.Cov.At(j, k)-gf.Cov[j][k]) / scale
				if d > tol {
					t.Errorf("%s: cov[%d][%d] = %g, want %g", name, j, k, f.Cov.At(j, k), gf.Cov[j][k])
				}
				tr[name+" cov"] = math.Max(tr[name+" cov"], d)
			}
		}
		tr.check(t, name+" SSE", f.SSE, gf.SSE, tol)
		tr.check(t, name+" sigma", f.Sigma, gf.Sigma, tol)
		tr.check(t, name+" loglik", f.LogLik, gf.LogLik, tol)
		tr.check(t, name+" AIC", f.AIC, gf.AIC, tol)
		tr.check(t, name+" BIC", f.BIC, gf.BIC, tol)
		if gf.AICc != nil {
			tr.check(t, name+" AICc", f.AICc, *gf.AICc, tol)
		} else if !math.IsNaN(f.AICc) {
			t.Errorf("%s: AICc = %v, want NaN (too few points)", name, f.AICc)
		}
		for _, gc := range gf.Forecasts {
			fc := f.Forecast(gc.T)
			tr.check(t, name+" forecast", fc.Value, gc.Value, tol)
			tr.check(t, name+" forecast SE", fc.SE, gc.SE, tol)
			tr.check(t, name+" forecast CI", fc.Low, gc.Low, tol)
			tr.check(t, name+" forecast CI", fc.High, gc.High, tol)
			tr.check(t, name+" prediction interval", fc.PredLow, gc.PredLow, tol)
			tr.check(t, name+" prediction interval", fc.PredHigh, gc.PredHigh, tol)
		}
	}
	for _, gm := range g.MannKendall {
		pts := make([]Point, len(gm.T))
		for i := range gm.T {
			pts[i] = Point{T: gm.T[i], Y: gm.Y[i]}
		}
		if gm.Case != "synthetic ties" {
			casePoints(t, gm.Case, "lower-bound", fromOf(gm.Case), gm.T, gm.Y)
		}
		r, err := MannKendall(pts)
		if err != nil {
			t.Errorf("%s: %v", gm.Case, err)
			continue
		}
		name := "Mann–Kendall " + gm.Case
		if r.N != gm.N || r.S != gm.S || r.VarS != gm.VarS {
			t.Errorf("%s: N, S, VarS = %d, %v, %v; want %d, %v, %v", name, r.N, r.S, r.VarS, gm.N, gm.S, gm.VarS)
		}
		tr.check(t, name+" Z", r.Z, gm.Z, 1e-12)
		tr.check(t, name+" p", r.P, gm.P, 1e-9)
		tr.check(t, name+" tau", r.Tau, gm.Tau, 1e-12)
		tr.check(t, name+" tau-b (scipy.stats.kendalltau)", r.TauB, gm.TauB, 1e-12)
		tr.check(t, name+" Sen slope", r.Slope, gm.Slope, 1e-12)
		tr.check(t, name+" intercept", r.Intercept, gm.Intercept, 1e-12)
	}
	for _, gc := range g.Chow {
		pts := make([]Point, len(gc.T))
		for i := range gc.T {
			pts[i] = Point{T: gc.T[i], Y: gc.Y[i]}
		}
		casePoints(t, gc.Case, "lower-bound", fromOf(gc.Case), gc.T, gc.Y)
		tf := Level
		if gc.Transform == "log" {
			tf = Log
		}
		tests, best, bonf, err := BreakSearch(pts, tf, gc.MinSegment)
		if err != nil {
			t.Errorf("%s: %v", gc.Case, err)
			continue
		}
		if len(tests) != len(gc.Tests) {
			t.Errorf("%s %s: %d tests, want %d", gc.Case, gc.Transform, len(tests), len(gc.Tests))
			continue
		}
		wantBest := 0
		for i, w := range gc.Tests {
			name := "Chow " + gc.Case + " " + gc.Transform
			got := tests[i]
			if got.Break != w.Break || got.N1 != w.N1 || got.N2 != w.N2 {
				t.Errorf("%s: test %d at %v (%d+%d), want %v (%d+%d)", name, i, got.Break, got.N1, got.N2, w.Break, w.N1, w.N2)
			}
			tr.check(t, name+" SSR", got.SSRPooled, w.SSRPooled, 1e-9)
			tr.check(t, name+" SSR", got.SSR1+got.SSR2, w.SSR1+w.SSR2, 1e-9)
			tr.check(t, name+" F", got.F, w.F, 1e-8)
			tr.check(t, name+" p", got.P, w.P, 1e-8)
			if w.F > gc.Tests[wantBest].F {
				wantBest = i
			}
			single, err := Chow(pts, w.Break, tf)
			if err != nil || single.F != got.F {
				t.Errorf("%s: Chow at %v gives %v (%v), search gave %v", name, w.Break, single.F, err, got.F)
			}
		}
		if best != wantBest {
			t.Errorf("%s: best break %d, want %d", gc.Case, best, wantBest)
		}
		if want := math.Min(1, float64(len(gc.Tests))*gc.Tests[wantBest].P); relDiff(bonf, want, 1e-300) > 1e-8 {
			t.Errorf("%s: Bonferroni p %v, want %v", gc.Case, bonf, want)
		}
	}
	for _, gg := range g.Growth {
		set := map[string]string{"khorgos trains": "khorgos", "china-europe trains": "china-europe"}[gg.Case]
		s := embeddedSeries(t, set, "trains")
		gr, err := CAGR(s, YearPeriod(gg.From), YearPeriod(gg.To), PartialAsLowerBound)
		if err != nil {
			t.Errorf("%s %d–%d: %v", gg.Case, gg.From, gg.To, err)
			continue
		}
		name := "CAGR " + gg.Case
		tr.check(t, name, gr.Rate, gg.Rate, 1e-12)
		dt, _, err := DoublingTime(gr)
		if gg.Doubling == nil {
			if err == nil {
				t.Errorf("%s %d–%d: doubling time %v, want ErrNoGrowth", gg.Case, gg.From, gg.To, dt)
			}
			continue
		}
		tr.check(t, "doubling time "+gg.Case, dt, *gg.Doubling, 1e-12)
	}
	return tr
}

func fromOf(label string) *float64 {
	if label == "khorgos trains from 2016" {
		v := 2016.0
		return &v
	}
	return nil
}

func TestGolden(t *testing.T) {
	tr := compareGolden(t, loadGolden(t, filepath.Join("testdata", "golden.json")))
	worst := map[string]float64{}
	for k, v := range tr {
		kind := "other"
		for _, w := range []string{"param", "SE", "cov", "CI", "forecast", "prediction", "AIC", "BIC", "loglik", "SSE", "Mann–Kendall", "Chow", "CAGR", "doubling"} {
			if strings.Contains(k, w) {
				kind = w
				break
			}
		}
		worst[kind] = math.Max(worst[kind], v)
	}
	for k, v := range worst {
		t.Logf("max relative difference, %-13s %.2e", k, v)
	}
}

// TestGoldenLive reruns the generator with the system Python and compares
// the package with its fresh output. Without SciPy and statsmodels it skips,
// except under CI=true, where it fails.
func TestGoldenLive(t *testing.T) {
	const py = "/usr/bin/python3"
	if testing.Short() {
		t.Skip("live Python comparison skipped in -short mode")
	}
	if err := exec.Command(py, "-c", "import scipy, statsmodels, numpy").Run(); err != nil {
		msg := py + " with scipy, statsmodels and numpy is not available (" + err.Error() + "); install python3-scipy python3-statsmodels python3-numpy"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	out, err := exec.Command(py, filepath.Join("testdata", "gen_golden.py")).Output()
	if err != nil {
		t.Fatalf("gen_golden.py: %v", err)
	}
	path := filepath.Join(t.TempDir(), "golden.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, loadGolden(t, path))
}
