package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/borderzone/borderzone/freight"
)

// forecastYear is the horizon of the freight forecast.
const forecastYear = 2030

// freight analyses the sourced China–Europe train counts through Khorgos:
// growth, trend fits and a forecast.
func (st *study) freight(ctx context.Context) error {
	sec := st.rep.section("Freight through the Khorgos crossing")
	sec.text("These figures are real: China–Europe trains through China's Horgos/Khorgos railway port per year, as embedded in package freight with a source for every figure (gaps are left as gaps, partial years are lower bounds). They belong to Khorgos whatever scenes are analysed.")
	all, err := freight.Embedded("khorgos")
	if err != nil {
		return err
	}
	s := all[0]
	for _, x := range all {
		if x.Column == "trains" {
			s = x
		}
	}
	if a, err := s.Annual(); err == nil {
		s = a
	}
	rows := [][]string{{"period", "trains", "qualifier", "source"}}
	for _, o := range s.Obs {
		if o.IsGap() {
			rows = append(rows, []string{o.Period.String(), "", "gap", ""})
			continue
		}
		rows = append(rows, []string{o.Period.String(), num(o.Value, 0), o.Qualifier.String(), o.Source.Publisher})
	}
	if err := st.table(sec, "freight_series.csv", "China–Europe trains through Khorgos per year (sourced; gaps empty).", rows); err != nil {
		return err
	}
	pts, err := s.Points(freight.PartialAsLowerBound)
	if err != nil {
		return err
	}
	if len(pts) >= 3 {
		// From the first year every source agrees on (the 2013 figure
		// conflicts with the first train's date, see package freight).
		if g, err := freight.CAGR(s, pts[1].Period, pts[len(pts)-1].Period, freight.PartialAsLowerBound); err == nil {
			st.freightCAGR = &g
			sec.text("From %s to %s the trains grew by %.1f %% a year (compound annual growth rate, %s).", g.From, g.To, 100*g.Rate, g.Qualifier)
		}
	}
	var fits []*freight.Fit
	frows := [][]string{{"model", "parameter", "estimate", "se", "ci95_low", "ci95_high", "aicc"}}
	for _, m := range []freight.Model{freight.Logistic, freight.Exponential, freight.Gompertz} {
		f, err := freight.FitModel(s, m, freight.FitOptions{Partial: freight.PartialAsLowerBound})
		if err != nil {
			sec.text("The %s model does not fit these figures: %v.", m, err)
			continue
		}
		fits = append(fits, f)
		if m == freight.Logistic {
			st.freightFit = f
		}
		for j, name := range m.ParamNames() {
			frows = append(frows, []string{m.String(), name, sig(f.Params[j]), sig(f.SE[j]), sig(f.Low[j]), sig(f.High[j]), num(f.AICc, 2)})
		}
		fc := f.Forecast(freight.YearPeriod(forecastYear).Time())
		frows = append(frows, []string{m.String(), fmt.Sprintf("forecast %d", forecastYear), num(fc.Value, 0), num(fc.SE, 0), num(fc.PredLow, 0), num(fc.PredHigh, 0), ""})
		sec.text("%s fit (%d figures, AICc %s): %d forecast %.0f trains, 95 %% prediction interval [%.0f, %.0f].", strings.ToUpper(m.String()[:1])+m.String()[1:], f.N, num(f.AICc, 1), forecastYear, fc.Value, fc.PredLow, fc.PredHigh)
	}
	if err := st.table(sec, "freight_fits.csv", fmt.Sprintf("Trend fits by non-linear least squares (Wald 95 %% intervals) and the %d forecast with its 95 %% prediction interval.", forecastYear), frows); err != nil {
		return err
	}
	if len(fits) == 0 {
		return nil
	}
	// The exponential curve, which does not saturate, runs off the chart
	// by 2030 and flattens the rest; it stays in the table.
	var drawn []*freight.Fit
	for _, f := range fits {
		if f.Model != freight.Exponential || len(fits) == 1 {
			drawn = append(drawn, f)
		}
	}
	rel, f, err := st.createFile(figDir, "freight.png")
	if err != nil {
		return err
	}
	err = freight.Plot(f, s, freight.PlotOptions{Title: "China–Europe trains through Khorgos", Fits: drawn, ForecastTo: freight.YearPeriod(forecastYear).Time()})
	if err := closeFile(f, err); err != nil {
		return err
	}
	sec.figure(rel, fmt.Sprintf("Trains through Khorgos per year (real, sourced figures; lower bounds marked) with the %s, and the 95 %% prediction band of the first fit to %d.", fitNames(drawn), forecastYear))
	st.log.printf("freight: %d figures, %d fits, forecast to %d", len(pts), len(fits), forecastYear)
	return nil
}

// fitNames lists the fitted models.
func fitNames(fits []*freight.Fit) string {
	var n []string
	for _, f := range fits {
		n = append(n, f.Model.String())
	}
	return strings.Join(n, ", ") + " fits"
}
