package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/freight"
)

// findings writes the opening section: the three questions of the study
// answered in sentences with the numbers of the steps, and, in the simulated
// run, how they compare with the generator's truth.
func (st *study) findings() {
	sec := &section{title: "Findings", note: st.rep.note}
	d0, d1 := st.dates[0], st.dates[1]
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	if st.simulated {
		sec.text("This run is SIMULATED: the two Landsat 8/9 Collection 2 Level-2-like scenes of 2014 and 2024 (30 m, UTM 44N, about %.0f x %.0f km around the crossing) are made by the documented, deterministic generator of package examples/khorgos/sim and written to the scene folder as COGs, then read back like real products. Real are the China and Kazakhstan polygons and the border line (Natural Earth) and the freight figures. The numbers below describe the simulated landscape, not Khorgos; run the program with two real scenes (-scene) for the real study.",
			float64(st.grid.Width)*pixelSize(st.grid)/1000, float64(st.grid.Height)*pixelSize(st.grid)/1000)
	}
	// 1. Peripheral urbanisation.
	if e := st.expansion; e != nil {
		total := e.e.Hectares[classify.Infilling] + e.e.Hectares[classify.EdgeExpansion] + e.e.Hectares[classify.Outlying]
		share := math.NaN()
		if total > 0 {
			share = 100 * e.e.Hectares[classify.Outlying] / total
		}
		rate, err := classify.AnnualRate(st.builtUp.From, st.builtUp.To, float64(d0.year), float64(d1.year))
		if err != nil {
			rate = math.NaN()
		}
		perSide := st.growthBySide()
		sec.text("1. Urbanisation. Built-up land (%s map) went from %.0f ha in %s to %.0f ha in %s, %s %% a year. The %d new built-up patches of at least %g ha are %d infilling (%.0f ha), %d edge-expansion (%.0f ha) and %d outlying (%.0f ha): outlying, leapfrog growth away from the existing town makes %s %% of the new area. Of the new built-up land, %s.",
			d1.method, st.builtUp.From, d0.label, st.builtUp.To, d1.label, num(100*rate, 2),
			e.e.Count[classify.Infilling]+e.e.Count[classify.EdgeExpansion]+e.e.Count[classify.Outlying], st.cfg.mmu,
			e.e.Count[classify.Infilling], e.e.Hectares[classify.Infilling], e.e.Count[classify.EdgeExpansion], e.e.Hectares[classify.EdgeExpansion],
			e.e.Count[classify.Outlying], e.e.Hectares[classify.Outlying], num(share, 0), perSide)
	}
	// 2. Asymmetry of the two sides.
	var parts []string
	for _, v := range st.variables() {
		c, ok := st.comparisons[v.name]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s in %s against %s in %s (difference %s, 95 %% interval [%s, %s])",
			v.label, sig(c.A.Value), pos, sig(c.B.Value), neg, sig(c.Difference.Value), sig(c.Difference.Low), sig(c.Difference.High)))
	}
	if len(parts) > 0 {
		sec.text("2. The two sides. Mean per side, %s minus %s, with block-bootstrap intervals: %s.", pos, neg, strings.Join(parts, "; "))
	}
	parts = parts[:0]
	for _, v := range st.variables() {
		rd, ok := st.jumps[v.name]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s [%s, %s]", v.label, sig(rd.Jump), sig(rd.Low), sig(rd.High)))
	}
	if len(parts) > 0 {
		sec.text("At the line itself (local linear regression, %s limit minus %s limit, 95 %% intervals): %s. An interval that excludes 0 is a discontinuity the border makes, not a gradual change across the valley.", pos, neg, strings.Join(parts, "; "))
	}
	// 3. Freight.
	if g := st.freightCAGR; g != nil {
		txt := fmt.Sprintf("3. Freight. China–Europe trains through Khorgos (real, sourced figures) grew from %.0f in %s to %.0f in %s, %.1f %% a year.", g.FromValue, g.From, g.ToValue, g.To, 100*g.Rate)
		if f := st.freightFit; f != nil {
			fc := f.Forecast(freight.YearPeriod(forecastYear).Time())
			txt += fmt.Sprintf(" A logistic curve puts the ceiling K at %.0f trains a year (95 %% interval [%.0f, %.0f]), so the %s figure is %.0f %% of it, and forecasts %.0f trains in %d (95 %% prediction interval [%.0f, %.0f]); the fits table compares it with the exponential and Gompertz curves by AICc.",
				f.Params[0], f.Low[0], f.High[0], g.To, 100*g.ToValue/f.Params[0], fc.Value, forecastYear, fc.PredLow, fc.PredHigh)
		}
		sec.text("%s", txt)
	}
	if st.truth != nil {
		st.truthFindings(sec)
	}
	st.rep.sections = append([]*section{sec}, st.rep.sections...)
}

// growthBySide says how the new built-up land divides between the sides.
func (st *study) growthBySide() string {
	var n [3]int
	for i, c := range st.expansion.e.Map.Data {
		if c != 0 {
			n[st.sideLabels.Data[i]]++
		}
	}
	all := n[0] + n[1] + n[2]
	if all == 0 {
		return "none lies on either side"
	}
	return fmt.Sprintf("%.0f %% lies in %s and %.0f %% in %s", 100*float64(n[2])/float64(all), st.sides.PositiveName, 100*float64(n[1])/float64(all), st.sides.NegativeName)
}

// truthFindings compares the recovered numbers with the generator's truth.
func (st *study) truthFindings(sec *section) {
	r := st.results
	covered, total := 0, 0
	for _, areas := range r.Areas {
		for _, a := range areas {
			total++
			if a.Covers() {
				covered++
			}
		}
	}
	var exp []string
	for _, t := range []string{"infilling", "edge-expansion", "outlying"} {
		iv := r.Expansion[t]
		exp = append(exp, fmt.Sprintf("%s %.0f mapped, %.0f true, interval [%.1f, %.1f]", t, iv.Value, iv.Truth, iv.Low, iv.High))
	}
	var bu []string
	for _, side := range []string{st.sides.PositiveName, st.sides.NegativeName} {
		if iv, ok := r.BuiltUpShare[side]; ok {
			bu = append(bu, fmt.Sprintf("%s %.4f mapped, %.4f true, [%.4f, %.4f]", side, iv.Value, iv.Truth, iv.Low, iv.High))
		}
	}
	sec.text("Against the generator's truth: the land-cover maps are %.4f (%s) and %.4f (%s) accurate pixel by pixel; the true class area lies inside the 95 %% interval for %d of %d class-date pairs; expansion counts: %s; built-up share: %s; cropland jump at the line %s mapped, %s true, [%s, %s].",
		r.MapAccuracy[0], st.dates[0].label, r.MapAccuracy[1], st.dates[1].label, covered, total, strings.Join(exp, "; "), strings.Join(bu, "; "),
		sig(r.Jump.Value), sig(r.Jump.Truth), sig(r.Jump.Low), sig(r.Jump.High))
}
