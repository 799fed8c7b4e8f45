package freight

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"math"
	"runtime"
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind PeriodKind
		days int
		mid  float64
	}{
		{"2024", Year, 366, 2024.5},
		{"2023", Year, 365, 2023.5},
		{"2024-Q1", Quarter, 91, 2024 + 45.5/366},
		{"2023-02", Month, 28, 2023 + (31+14)/365.0},
		{"2018-01-01/2018-11-07", Dates, 311, 2018 + 155.5/365},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if p.Kind != c.kind || p.Days() != c.days || math.Abs(p.Time()-c.mid) > 1e-12 || p.String() != c.in {
			t.Errorf("%s: kind %v days %d mid %v string %s; want %v %d %v", c.in, p.Kind, p.Days(), p.Time(), p, c.kind, c.days, c.mid)
		}
	}
	for _, bad := range []string{"", "24", "2024-Q5", "2024-13", "2024-1", "2018-02-01/2018-01-01", "x/y", "0999"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q): no error", bad)
		}
	}
}

func TestPropagate(t *testing.T) {
	up, down := []int{+1, -1}, []int{-1}
	for _, c := range []struct {
		qs    []Qualifier
		signs []int
		want  Qualifier
	}{
		{[]Qualifier{Exact, Exact}, up, Exact},
		{[]Qualifier{LowerBound, Exact}, up, LowerBound},      // lower bound at the end: growth at least
		{[]Qualifier{Exact, LowerBound}, up, UpperBound},      // lower bound at the start: growth at most
		{[]Qualifier{LowerBound, UpperBound}, up, LowerBound}, // both push the same way
		{[]Qualifier{LowerBound, LowerBound}, up, Indeterminate},
		{[]Qualifier{Approximate, Exact}, up, Approximate},
		{[]Qualifier{Approximate, LowerBound}, up, Approximate},
		{[]Qualifier{Indeterminate, Exact}, up, Indeterminate},
		{[]Qualifier{LowerBound}, down, UpperBound},
		{[]Qualifier{UpperBound}, nil, UpperBound},
	} {
		if got := Propagate(c.qs, c.signs); got != c.want {
			t.Errorf("Propagate(%v, %v) = %v, want %v", c.qs, c.signs, got, c.want)
		}
	}
}

func TestGrowthQualifiersAndPartial(t *testing.T) {
	s := embeddedSeries(t, "khorgos", "trains")
	// 2022 ("more than 7,000") to 2024 (8,730): a lower bound at the start
	// caps the growth: upper bound, (8730/7000)^(1/2) − 1.
	g, err := CAGR(s, YearPeriod(2022), YearPeriod(2024), PartialAsLowerBound)
	if err != nil {
		t.Fatal(err)
	}
	if g.Qualifier != UpperBound || math.Abs(g.Rate-(math.Sqrt(8730.0/7000)-1)) > 1e-15 || g.Years != 2 {
		t.Errorf("2022–2024: %+v", g)
	}
	d, dq, err := DoublingTime(g)
	if err != nil || dq != LowerBound || math.Abs(d-math.Ln2/math.Log(math.Sqrt(8730.0/7000))) > 1e-12 {
		t.Errorf("doubling %v %v %v", d, dq, err)
	}
	// 2016 → 2020 (">4,720"): lower bound on growth.
	if g, _ := CAGR(s, YearPeriod(2016), YearPeriod(2020), PartialAsLowerBound); g.Qualifier != LowerBound {
		t.Errorf("2016–2020 qualifier %v", g.Qualifier)
	}
	// 2021 is partial: excluded → error; scaled → 6000·365/348, approximate.
	if _, err := CAGR(s, YearPeriod(2021), YearPeriod(2024), PartialExclude); err == nil {
		t.Error("excluded partial period: no error")
	}
	g, err = CAGR(s, YearPeriod(2021), YearPeriod(2024), PartialScale)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(g.FromValue-6000*365.0/348) > 1e-9 || g.FromQualifier != Approximate || g.Qualifier != Approximate {
		t.Errorf("scaled 2021: %+v", g)
	}
	// Gaps stay gaps.
	if _, err := CAGR(s, YearPeriod(2017), YearPeriod(2024), PartialAsLowerBound); err == nil {
		t.Error("gap: no error")
	}
	yoy, err := YoY(s, PartialExclude)
	if err != nil {
		t.Fatal(err)
	}
	// With 2021 excluded: only 2022→2023 and 2023→2024 remain adjacent.
	if len(yoy) != 2 || math.Abs(yoy[1].Rate-(8730.0/7762-1)) > 1e-15 || yoy[1].Qualifier != Exact || yoy[0].Qualifier != UpperBound {
		t.Errorf("YoY: %+v", yoy)
	}
	if _, _, err := DoublingTime(Growth{Rate: -0.1}); !errors.Is(err, ErrNoGrowth) {
		t.Errorf("negative growth: %v", err)
	}
}

func TestYoYMonths(t *testing.T) {
	var obs []Observation
	for _, ym := range [][3]int{{2023, 2, 100}, {2024, 2, 150}, {2024, 3, 90}} {
		p, _ := MonthPeriod(ym[0], ym[1])
		obs = append(obs, Observation{Period: p, Value: float64(ym[2]), Coverage: 1})
	}
	s := &Series{Name: "m", Unit: TEU, Scale: 1, Obs: obs}
	g, err := YoY(s, PartialAsLowerBound)
	if err != nil || len(g) != 1 || g[0].Rate != 0.5 {
		t.Errorf("YoY months: %+v %v", g, err)
	}
}

func TestShareAndImbalance(t *testing.T) {
	k := embeddedSeries(t, "khorgos", "trains")
	c := embeddedSeries(t, "china-europe", "trains")
	sh, err := Share(k, c, PartialAsLowerBound)
	if err != nil {
		t.Fatal(err)
	}
	// Matching years with figures in both: 2016, 2020, 2021, 2024.
	want := []struct {
		year int
		v    float64
		q    Qualifier
	}{{2016, 386.0 / 1702, Exact}, {2020, 4720.0 / 12400, Approximate}, {2021, 6000.0 / 15183, LowerBound}, {2024, 8730.0 / 19000, Approximate}}
	if len(sh) != len(want) {
		t.Fatalf("shares %+v", sh)
	}
	for i, w := range want {
		if !sh[i].Period.Equal(YearPeriod(w.year)) || sh[i].Value != w.v || sh[i].Qualifier != w.q {
			t.Errorf("share %d: %+v, want %+v", i, sh[i], w)
		}
	}
	teu := embeddedSeries(t, "china-europe", "teu")
	if _, err := Share(k, teu, PartialAsLowerBound); err == nil {
		t.Error("trains over TEU: no error")
	}

	mk := func(name string, vals []float64, qs []Qualifier) *Series {
		s := &Series{Name: name, Unit: Trains, Scale: 1}
		for i, v := range vals {
			s.Obs = append(s.Obs, Observation{Period: YearPeriod(2020 + i), Value: v, Qualifier: qs[i], Coverage: 1})
		}
		return s
	}
	west := mk("west", []float64{300, 0, 80, math.NaN()}, []Qualifier{Exact, Exact, LowerBound, Exact})
	east := mk("east", []float64{100, 0, 20, 5}, []Qualifier{Exact, Exact, Exact, Exact})
	per, pooled, err := Imbalance(west, east, PartialAsLowerBound)
	if err != nil {
		t.Fatal(err)
	}
	// (300−100)/400 = 0.5; 2021 both zero: skipped; (80−20)/100 = 0.6, a
	// lower bound; 2023 gap: skipped. Pooled (380−120)/500 = 0.52.
	if len(per) != 2 || per[0].Value != 0.5 || per[1].Value != 0.6 || per[1].Qualifier != LowerBound {
		t.Errorf("per period %+v", per)
	}
	if pooled.Value != 0.52 || pooled.Qualifier != LowerBound || pooled.A != 380 || pooled.B != 120 {
		t.Errorf("pooled %+v", pooled)
	}
	if Asymmetry(1, 0) != 1 || Asymmetry(0, 1) != -1 || !math.IsNaN(Asymmetry(0, 0)) {
		t.Error("Asymmetry limits")
	}
}

// analyticSeries evaluates a model at yearly points with no noise: the fit
// must recover the parameters (an analytic expectation, independent of the
// optimiser).
func analyticPoints(m Model, p []float64, years []int) []Point {
	var pts []Point
	t0 := YearPeriod(years[0]).Time()
	for _, y := range years {
		per := YearPeriod(y)
		f := &Fit{Model: m, T0: t0, Params: p, scale: 1}
		pts = append(pts, Point{Period: per, T: per.Time(), Y: f.Eval(per.Time()), Coverage: 1})
	}
	return pts
}

func TestFitRecoversAnalyticCurves(t *testing.T) {
	years := []int{2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020}
	for _, c := range []struct {
		m Model
		p []float64
	}{
		{Exponential, []float64{150, 0.3}},
		{Logistic, []float64{12000, 0.8, 2015.25}},
		{Gompertz, []float64{9000, 0.45, 2014.6}},
	} {
		pts := analyticPoints(c.m, c.p, years)
		f, err := FitPoints(c.m, pts, FitOptions{})
		if err != nil {
			t.Fatalf("%v: %v", c.m, err)
		}
		for j := range c.p {
			if relDiff(f.Params[j], c.p[j], 1e-3) > 1e-7 {
				t.Errorf("%v: %s = %v, want %v", c.m, c.m.ParamNames()[j], f.Params[j], c.p[j])
			}
		}
		if f.SSE > 1e-12*c.p[0]*c.p[0] {
			t.Errorf("%v: SSE %v on exact data", c.m, f.SSE)
		}
	}
}

func TestFitErrors(t *testing.T) {
	pts := analyticPoints(Logistic, []float64{100, 1, 2000}, []int{1998, 1999, 2000})
	if _, err := FitPoints(Logistic, pts, FitOptions{}); err == nil {
		t.Error("3 points, 3 parameters: no error")
	}
	if _, err := FitPoints(Model(9), pts, FitOptions{}); err == nil {
		t.Error("unknown model: no error")
	}
	zero := []Point{{T: 1}, {T: 2}, {T: 3}, {T: 4}}
	if _, err := FitPoints(Exponential, zero, FitOptions{}); err == nil {
		t.Error("all-zero values: no error")
	}
	nan := analyticPoints(Exponential, []float64{1, 0.1}, []int{2000, 2001, 2002})
	nan[1].Y = math.NaN()
	if _, err := FitPoints(Exponential, nan, FitOptions{}); err == nil {
		t.Error("NaN value: no error")
	}
	// Pure exponential growth shows no saturation: the logistic either
	// fails to converge or puts K far above the data.
	exp := analyticPoints(Exponential, []float64{10, 0.3}, []int{2000, 2001, 2002, 2003, 2004, 2005, 2006})
	if f, err := FitPoints(Logistic, exp, FitOptions{}); err == nil && f.Params[0] < 10*exp[len(exp)-1].Y {
		t.Errorf("logistic on exponential data: K = %v", f.Params[0])
	} else if err != nil && !errors.Is(err, ErrNoConvergence) {
		t.Errorf("logistic on exponential data: %v", err)
	}
	if _, err := FitPoints(Exponential, exp, FitOptions{Level: 2}); err == nil {
		t.Error("level 2: no error")
	}
}

func TestBootstrapDeterministic(t *testing.T) {
	s := embeddedSeries(t, "china-europe", "trains")
	run := func(procs int) *Fit {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		f, err := FitModel(s, Logistic, FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Bootstrap(context.Background(), 200, 42); err != nil {
			t.Fatal(err)
		}
		return f
	}
	a, b := run(1), run(8)
	for j := range a.Params {
		if a.BootLow[j] != b.BootLow[j] || a.BootHigh[j] != b.BootHigh[j] {
			t.Errorf("bootstrap differs between runs: %v %v vs %v %v", a.BootLow, a.BootHigh, b.BootLow, b.BootHigh)
		}
		if !(a.BootLow[j] <= a.Params[j] && a.Params[j] <= a.BootHigh[j]) {
			t.Errorf("%s = %v outside its bootstrap interval [%v, %v]", Logistic.ParamNames()[j], a.Params[j], a.BootLow[j], a.BootHigh[j])
		}
	}
	if a.BootReps < 150 {
		t.Errorf("only %d of 200 replicates converged", a.BootReps)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Bootstrap(ctx, 100, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if err := a.Bootstrap(context.Background(), 3, 1); err == nil {
		t.Error("3 replicates: no error")
	}
}

func TestForecastPredictionIntervalWidens(t *testing.T) {
	s := embeddedSeries(t, "china-europe", "trains")
	f, err := FitModel(s, Exponential, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := f.Forecast(YearPeriod(2025).Time()), f.Forecast(YearPeriod(2030).Time())
	if !(a.PredHigh-a.PredLow < b.PredHigh-b.PredLow) || !(a.Low > a.PredLow && a.High < a.PredHigh) {
		t.Errorf("intervals: %+v %+v", a, b)
	}
}

func TestMannKendallAndChowErrors(t *testing.T) {
	if _, err := MannKendall([]Point{{T: 1, Y: 1}, {T: 2, Y: 2}}); err == nil {
		t.Error("2 points: no error")
	}
	if _, err := MannKendall([]Point{{T: 1, Y: 1}, {T: 1, Y: 2}, {T: 3, Y: 2}}); err == nil {
		t.Error("tied times: no error")
	}
	// A perfectly decreasing series: S = −n(n−1)/2, tau = −1, slope −2.
	var pts []Point
	for i := range 6 {
		pts = append(pts, Point{T: float64(2000 + i), Y: float64(20 - 2*i)})
	}
	r, err := MannKendall(pts)
	if err != nil || r.S != -15 || r.Tau != -1 || r.Slope != -2 || r.Z >= 0 {
		t.Errorf("decreasing: %+v %v", r, err)
	}
	pts[2].Y = 0
	if _, err := Chow(pts, 2003, Log); err == nil {
		t.Error("log of zero: no error")
	}
	if _, err := Chow(pts, 2001, Level); err == nil {
		t.Error("1 point before the break: no error")
	}
	if _, _, _, err := BreakSearch(pts[:4], Level, 3); err == nil {
		t.Error("4 points, segments of 3: no error")
	}
}

func TestPlotPNG(t *testing.T) {
	s := embeddedSeries(t, "khorgos", "trains")
	f, err := FitModel(s, Logistic, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Plot(&buf, s, PlotOptions{Fits: []*Fit{f}, ForecastTo: YearPeriod(2030).Time()}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() < 300 {
		t.Fatalf("image %v", b)
	}
	// The forecast band is drawn in translucent blue-grey on white: some
	// pixel must be bluish, and the image must not be blank.
	colours := map[[3]uint32]bool{}
	bluish := false
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if bl>>8 > 200 && r>>8 < 230 && g>>8 < 230 && bl > r+2000 {
				bluish = true
			}
		}
	}
	if len(colours) < 10 || !bluish {
		t.Errorf("%d colours, band found %v", len(colours), bluish)
	}
	empty := &Series{Name: "empty", Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: math.NaN(), Coverage: 1}}}
	if err := Plot(&bytes.Buffer{}, empty, PlotOptions{}); err == nil {
		t.Error("plot of gaps only: no error")
	}
}

func TestValidate(t *testing.T) {
	d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []*Series{
		nil,
		{Name: "no unit", Scale: 1},
		{Name: "scale", Unit: Trains},
		{Name: "overlap", Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: 1, Coverage: 1}, {Period: Period{Kind: Dates, Start: d, End: d}, Value: 1, Coverage: 1}}},
		{Name: "coverage", Unit: Trains, Scale: 1, Obs: []Observation{{Period: YearPeriod(2020), Value: 1, Coverage: 0}}},
		{Name: "period", Unit: Trains, Scale: 1, Obs: []Observation{{Value: 1, Coverage: 1}}},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
}

func BenchmarkFitLogistic(b *testing.B) {
	ss, err := Embedded("khorgos")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := FitModel(ss[0], Logistic, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBootstrap(b *testing.B) {
	ss, err := Embedded("khorgos")
	if err != nil {
		b.Fatal(err)
	}
	f, err := FitModel(ss[0], Logistic, FitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := f.Bootstrap(context.Background(), 200, 1); err != nil {
			b.Fatal(err)
		}
	}
}
