package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/borderzone/borderzone/asymmetry"
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
	rel, f, err := st.createFile(figDir, "freight.png")
	if err != nil {
		return err
	}
	err = freight.Plot(f, s, freight.PlotOptions{Title: "China–Europe trains through Khorgos", Fits: fits, ForecastTo: freight.YearPeriod(forecastYear).Time()})
	if err := closeFile(f, err); err != nil {
		return err
	}
	sec.figure(rel, fmt.Sprintf("Trains through Khorgos per year (real, sourced figures; lower bounds marked) with the %s, and the 95 %% prediction band of the first fit to %d.", fitNames(fits), forecastYear))
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

// specialization computes the functional specialization of the places of
// an -employment table; without one it says that none ships.
func (st *study) specialization(ctx context.Context) error {
	sec := st.rep.section("Functional specialization")
	if st.cfg.employment == "" {
		sec.text("No sourced employment figures for Khorgos, Yining, Nurkent or Zharkent ship with this program, so none are invented. Give a sector x place employment table with -employment table.csv (wide: a sector column then one column per place; or long: place,sector,count) to add location quotients, Krugman, Theil and Hoover indices and each place's dominant function.")
		return nil
	}
	t, err := asymmetry.ReadEmploymentCSVFile(st.cfg.employment)
	if err != nil {
		return fmt.Errorf("-employment: %w", err)
	}
	places, err := t.Specialization(&asymmetry.SpecializationOptions{})
	if err != nil {
		return fmt.Errorf("-employment %s: %w", st.cfg.employment, err)
	}
	lq := t.LocationQuotients()
	rows := [][]string{{"place", "employment", "hhi", "krugman", "theil", "hoover_total", "dominant_function", "dominant_lq"}}
	for _, p := range places {
		rows = append(rows, []string{p.Place, num(p.Total, 0), num(p.Herfindahl, 4), num(p.Krugman, 4), num(p.Theil, 4), num(p.HooverToTotal, 4), p.Dominant.Function, num(p.Dominant.LQ, 3)})
		sec.text("%s (%.0f employed): dominant function %s (location quotient %.2f); Krugman index %.3f against the other places.", p.Place, p.Total, p.Dominant.Function, p.Dominant.LQ, p.Krugman)
	}
	if err := st.table(sec, "specialization.csv", "Specialization of each place (Herfindahl, Krugman and Theil against the other places, Hoover against the total).", rows); err != nil {
		return err
	}
	lrows := [][]string{append([]string{"sector"}, t.Places...)}
	for i, s := range t.Sectors {
		r := []string{s}
		for j := range t.Places {
			r = append(r, num(lq[i][j], 3))
		}
		lrows = append(lrows, r)
	}
	if err := st.table(sec, "location_quotients.csv", "Location quotients (e_ij/e_j)/(E_i/E) of each sector in each place.", lrows); err != nil {
		return err
	}
	st.log.printf("specialization: %d places, %d sectors", len(t.Places), len(t.Sectors))
	return nil
}
