package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/borderzone/borderzone/freight"
)

func init() {
	register("freight", "growth, trend fits and forecasts of freight through a crossing", runFreight)
}

// runFreight implements
//
//	borderzone freight [-csv series.csv | -embedded khorgos] [-column trains]
//	    [-fit logistic|exponential|gompertz|all] [-forecast 2030] [-plot out.png]
//	    [-partial lower-bound|exclude|scale] [-from 2016] [-to 2024]
//	    [-bootstrap 0] [-seed 1] [-share-of china-europe]
func runFreight(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("freight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	csvPath := fs.String("csv", "", "read the series from this CSV (layout of freight.ReadCSV)")
	emb := fs.String("embedded", "", "use a bundled data set: "+strings.Join(freight.EmbeddedNames(), ", "))
	column := fs.String("column", "", "value column to analyse (default: the first, e.g. trains)")
	fitFlag := fs.String("fit", "", "trend models to fit: exponential, logistic, gompertz, comma-separated, or all")
	forecast := fs.Int("forecast", 0, "forecast the fitted models to this year (with 95% prediction intervals)")
	plotPath := fs.String("plot", "", "write a PNG chart of the series, fits and forecast band")
	partial := fs.String("partial", "lower-bound", "partial periods: lower-bound, exclude or scale")
	from := fs.Int("from", 0, "fit and test only figures from this year on")
	to := fs.Int("to", 0, "fit and test only figures up to this year")
	boot := fs.Int("bootstrap", 0, "residual-bootstrap replicates for parameter intervals (0: none)")
	seed := fs.Uint64("seed", 1, "bootstrap seed")
	shareOf := fs.String("share-of", "", "bundled corridor data set to compute the series' share of (same column)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone freight [-csv series.csv | -embedded khorgos] [-fit logistic] [-forecast 2030] [-plot out.png]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || (*csvPath == "") == (*emb == "") {
		fmt.Fprintln(stderr, "freight: give exactly one of -csv or -embedded, and no other arguments")
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "borderzone freight:", err)
		return 1
	}
	policy, err := freight.ParsePartialPolicy(*partial)
	if err != nil {
		return fail(err)
	}
	var models []freight.Model
	if *fitFlag == "all" {
		models = freight.Models
	} else if *fitFlag != "" {
		for _, name := range strings.Split(*fitFlag, ",") {
			m, err := freight.ParseModel(name)
			if err != nil {
				return fail(err)
			}
			models = append(models, m)
		}
	}
	var all []*freight.Series
	if *emb != "" {
		all, err = freight.Embedded(*emb)
	} else {
		var b []byte
		if b, err = os.ReadFile(*csvPath); err == nil {
			all, err = freight.ReadCSV(bytes.NewReader(b), strings.TrimSuffix(baseName(*csvPath), ".csv"))
			if err != nil {
				err = fmt.Errorf("%s: %w", *csvPath, err)
			}
		}
	}
	if err != nil {
		return fail(err)
	}
	s, err := pickColumn(all, *column)
	if err != nil {
		return fail(err)
	}
	if a, err := s.Annual(); err == nil {
		s = a
	}
	if err := writeFreightReport(stdout, s, policy, models, *forecast, *from, *to, *boot, *seed, *shareOf); err != nil {
		return fail(err)
	}
	if *plotPath != "" {
		var fits []*freight.Fit
		for _, m := range models {
			if f, err := freight.FitModel(s, m, fitOptions(policy, *from, *to)); err == nil {
				fits = append(fits, f)
			}
		}
		opt := freight.PlotOptions{Fits: fits}
		if *forecast != 0 {
			opt.ForecastTo = freight.YearPeriod(*forecast).Time()
		}
		var buf bytes.Buffer
		if err := freight.Plot(&buf, s, opt); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(*plotPath, buf.Bytes(), 0o644); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "\nplot written to %s\n", *plotPath)
	}
	return 0
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func pickColumn(all []*freight.Series, column string) (*freight.Series, error) {
	if column == "" {
		return all[0], nil
	}
	var have []string
	for _, s := range all {
		if s.Column == column {
			return s, nil
		}
		have = append(have, s.Column)
	}
	return nil, fmt.Errorf("no column %q (have %s)", column, strings.Join(have, ", "))
}

func fitOptions(policy freight.PartialPolicy, from, to int) freight.FitOptions {
	opt := freight.FitOptions{Partial: policy}
	if from != 0 {
		opt.From = float64(from) // a year's midpoint is from + 0.5
	}
	if to != 0 {
		opt.To = float64(to) + 1
	}
	return opt
}

func formatValue(v float64, q freight.Qualifier) string {
	return strings.TrimSpace(q.Symbol() + " " + trimFloat(v))
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

func pct(r float64) string { return fmt.Sprintf("%+.1f%%", 100*r) }

func writeFreightReport(w io.Writer, s *freight.Series, policy freight.PartialPolicy, models []freight.Model, forecast, from, to, boot int, seed uint64, shareOf string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	gaps := 0
	for _, o := range s.Obs {
		if o.IsGap() {
			gaps++
		}
	}
	fmt.Fprintf(tw, "series\t%s (%s), %d periods, %d gaps, partial periods: %s\n", s.Name, s.Unit, len(s.Obs), gaps, policy)
	fmt.Fprintln(tw, "\nperiod\tvalue\tqualifier\tcoverage\tpublisher")
	for _, o := range s.Obs {
		if o.IsGap() {
			fmt.Fprintf(tw, "%s\t-\tgap\t\t\n", o.Period)
			continue
		}
		cov := "whole"
		if o.Partial() {
			cov = "partial"
			if !math.IsNaN(o.Coverage) {
				cov = fmt.Sprintf("%.1f%%", 100*o.Coverage)
			}
			if !o.CoveredTo.IsZero() {
				cov += " to " + o.CoveredTo.Format("2006-01-02")
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.Period, formatValue(o.Value, o.Qualifier), o.Qualifier, cov, o.Source.Publisher)
	}

	yoy, err := freight.YoY(s, policy)
	if err != nil {
		return err
	}
	pts, err := s.Points(policy)
	if err != nil {
		return err
	}
	fmt.Fprintln(tw, "\ngrowth\tfrom\tto\trate/yr\tqualifier\tdoubling (yr)")
	row := func(kind string, g freight.Growth) {
		d, dq, err := freight.DoublingTime(g)
		ds := "never"
		if err == nil {
			ds = formatValue(math.Round(d*10)/10, dq)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", kind, g.From, g.To, pct(g.Rate), g.Qualifier, ds)
	}
	for _, g := range yoy {
		row("year on year", g)
	}
	if len(pts) >= 2 {
		first, last := pts[0], pts[len(pts)-1]
		if g, err := freight.CAGR(s, first.Period, last.Period, policy); err == nil {
			row("CAGR", g)
		}
		// From the first period every source agrees on, when the first
		// figure stands alone (e.g. Khorgos 2013).
		if len(pts) >= 3 {
			if g, err := freight.CAGR(s, pts[1].Period, last.Period, policy); err == nil {
				row("CAGR", g)
			}
		}
	}

	sel := pts[:0:0]
	for _, p := range pts {
		if (from == 0 || p.T >= float64(from)) && (to == 0 || p.T <= float64(to)+1) {
			sel = append(sel, p)
		}
	}
	if mk, err := freight.MannKendall(sel); err == nil {
		fmt.Fprintf(tw, "\nMann–Kendall: n = %d, S = %.0f, Z = %.3f, p = %.4f, Sen slope = %.4g %s/yr\n", mk.N, mk.S, mk.Z, mk.P, mk.Slope, s.Unit)
	}
	if tests, best, bonf, err := freight.BreakSearch(sel, freight.Log, 3); err == nil {
		b := tests[best]
		fmt.Fprintf(tw, "Chow test on log values, best break from %.0f: F = %.3f, p = %.4f (Bonferroni %.4f over %d breaks)\n", math.Floor(b.Break), b.F, b.P, bonf, len(tests))
	}

	if shareOf != "" {
		corr, err := freight.Embedded(shareOf)
		if err != nil {
			return err
		}
		total, err := pickColumn(corr, s.Column)
		if err != nil {
			return fmt.Errorf("share-of %s: %w", shareOf, err)
		}
		shares, err := freight.Share(s, total, policy)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "\nshare of\t%s\n", total.Name)
		for _, r := range shares {
			fmt.Fprintf(tw, "%s\t%.1f%%\t%s\t%s / %s\t\n", r.Period, 100*r.Value, r.Qualifier, trimFloat(r.A), trimFloat(r.B))
		}
	}

	if len(models) == 0 {
		return nil
	}
	fmt.Fprintln(tw, "\nmodel\tparameter\testimate\tSE\t95% CI\tbootstrap CI\tAIC\tBIC")
	opt := fitOptions(policy, from, to)
	for _, m := range models {
		f, err := freight.FitModel(s, m, opt)
		if err != nil {
			fmt.Fprintf(tw, "%s\t(no fit: %v)\n", m, err)
			continue
		}
		if boot > 0 {
			if err := f.Bootstrap(context.Background(), boot, seed); err != nil {
				return err
			}
		}
		for j, name := range m.ParamNames() {
			bs := ""
			if f.BootLow != nil {
				bs = fmt.Sprintf("[%.6g, %.6g]", f.BootLow[j], f.BootHigh[j])
			}
			ic := "\t"
			if j == 0 {
				ic = fmt.Sprintf("%.2f\t%.2f", f.AIC, f.BIC)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.6g\t%.3g\t[%.6g, %.6g]\t%s\t%s\n", m, name, f.Params[j], f.SE[j], f.Low[j], f.High[j], bs, ic)
		}
		if forecast != 0 {
			fc := f.Forecast(freight.YearPeriod(forecast).Time())
			fmt.Fprintf(tw, "%s\tforecast %d\t%.6g\t%.3g\tPI [%.6g, %.6g]\t\t\t\n", m, forecast, fc.Value, fc.SE, fc.PredLow, fc.PredHigh)
		}
	}
	fmt.Fprintf(tw, "\n(n = %d fitted figures; parameters: A, K in %s, r per year, tm decimal year; AIC/BIC count the error variance)\n", len(sel), s.Unit)
	return nil
}
