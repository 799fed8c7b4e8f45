package main

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
)

// expansionResult is the urban-expansion typology between the two dates.
type expansionResult struct {
	e *classify.Expansion
}

// unchangedCode is the change map's code of pixels with the same class at
// both dates.
const unchangedCode = 100

// change cross-tabulates the two land-cover maps, maps the change and types
// the new built-up patches by the landscape expansion index.
func (st *study) change(ctx context.Context) error {
	d0, d1 := st.dates[0], st.dates[1]
	sec := st.rep.section(fmt.Sprintf("Change %s → %s and urban expansion", d0.label, d1.label))
	tr, err := classify.NewTransitions(ctx, d0.cover, d1.cover)
	if err != nil {
		return err
	}
	k := len(tr.Codes)
	rows := [][]string{{"from", "to", "pixels", "hectares"}}
	for i, a := range tr.Codes {
		for j, b := range tr.Codes {
			if n := tr.Pixels[i*k+j]; n > 0 {
				rows = append(rows, []string{st.className(a), st.className(b), strconv.FormatInt(n, 10), num(tr.Hectares[i*k+j], 1)})
			}
		}
	}
	if err := st.table(sec, "transitions.csv", fmt.Sprintf("Transitions %s → %s (pixels clear at both dates).", d0.label, d1.label), rows); err != nil {
		return err
	}
	t1, t2 := float64(d0.year), float64(d1.year)
	crow := [][]string{{"class", "ha_" + d0.label, "ha_" + d1.label, "gain_ha", "loss_ha", "net_ha", "swap_ha", "annual_rate_pct"}}
	for _, c := range tr.Change(true) {
		rate, err := classify.AnnualRate(c.From, c.To, t1, t2)
		if err != nil {
			rate = math.NaN()
		}
		crow = append(crow, []string{st.className(c.Code), num(c.From, 1), num(c.To, 1), num(c.Gain, 1), num(c.Loss, 1), num(c.Net, 1), num(c.Swap, 1), num(100*rate, 2)})
		if c.Code == classBuiltUp {
			st.builtUp = c
			sec.text("Built-up land went from %.0f ha to %.0f ha (gain %.0f ha, loss %.0f ha), an annual rate of %s %% (ln(A2/A1)/(t2−t1), Puyravaud 2003), over the area clear at both dates.",
				c.From, c.To, c.Gain, c.Loss, num(100*rate, 2))
		}
	}
	if err := st.table(sec, "change_by_class.csv", "Gross and net change of each class (Pontius et al. 2004) and annual rate of change.", crow); err != nil {
		return err
	}
	cm := st.changeMap(d0.cover, d1.cover)
	if err := st.writeCOG("change_"+d0.label+"_"+d1.label+".tif", cm); err != nil {
		return err
	}
	if err := st.labelsFigure(sec, "change.png", cm, fmt.Sprintf("Change %s → %s: the class of %s where it differs from %s's; unchanged grey.", d0.label, d1.label, d1.label, d0.label)); err != nil {
		return err
	}
	return st.expansionStep(ctx, sec)
}

// changeMap codes each pixel by its class at the second date where it
// changed, unchangedCode where it did not, 0 where either date has no data.
func (st *study) changeMap(a, b *raster.Labels) *raster.Labels {
	var classes []raster.Class
	for _, c := range st.legend {
		classes = append(classes, raster.Class{Code: c.Code, Name: "became " + c.Name, Color: c.Color})
	}
	classes = append(classes, raster.Class{Code: unchangedCode, Name: "unchanged", Color: color.RGBA{210, 210, 210, 255}})
	out := raster.NewLabels(a.Grid, classes)
	for i, x := range a.Data {
		y := b.Data[i]
		switch {
		case x == 0 || y == 0:
		case x == y:
			out.Data[i] = unchangedCode
		default:
			out.Data[i] = y
		}
	}
	return out
}

// expansionStep applies the landscape expansion index (Liu et al. 2010)
// to the new built-up patches and reports each type with a 95 % interval on
// its count.
func (st *study) expansionStep(ctx context.Context, sec *section) error {
	d0, d1 := st.dates[0], st.dates[1]
	ha, err := st.pixelHectares()
	if err != nil {
		return err
	}
	minPx := int(math.Ceil(st.cfg.mmu / ha))
	after, dropped, err := dropSmallGrowth(d0.cover, d1.cover, minPx)
	if err != nil {
		return err
	}
	e, err := classify.UrbanExpansion(ctx, d0.cover, after, classify.ExpansionOptions{BuiltUp: classBuiltUp})
	if err != nil {
		return err
	}
	st.expansion = &expansionResult{e: e}
	if err := st.writeCOG("expansion_"+d0.label+"_"+d1.label+".tif", e.Map); err != nil {
		return err
	}
	// The figure shows the old built-up land under the new patches.
	view := raster.NewLabels(e.Map.Grid, append(append([]raster.Class(nil), classify.ExpansionClasses...),
		raster.Class{Code: 4, Name: "built-up in " + d0.label, Color: color.RGBA{90, 90, 90, 255}}))
	for i, c := range e.Map.Data {
		switch {
		case c != 0:
			view.Data[i] = c
		case d0.cover.Data[i] == classBuiltUp:
			view.Data[i] = 4
		}
	}
	if err := st.labelsFigure(sec, "expansion.png", view, fmt.Sprintf("New built-up patches %s → %s by expansion type (landscape expansion index, one-pixel buffer): infilling LEI > 50, edge-expansion 0 < LEI ≤ 50, outlying LEI = 0; old built-up grey.", d0.label, d1.label)); err != nil {
		return err
	}
	st.results.Expansion = map[string]interval{}
	rows := [][]string{{"type", "patches", "patches_ci95_low", "patches_ci95_high", "hectares", "pixels"}}
	if st.truth != nil {
		rows[0] = append(rows[0], "truth_patches", "truth_pixels")
	}
	var pixels [4]int64
	for _, p := range e.Patches {
		pixels[p.Type] += p.Pixels
	}
	for _, t := range []classify.ExpansionType{classify.Infilling, classify.EdgeExpansion, classify.Outlying} {
		n := e.Count[t]
		lo, hi := poissonInterval(n, 0.95)
		iv := interval{Value: float64(n), Low: lo, High: hi, Truth: math.NaN()}
		r := []string{t.String(), strconv.Itoa(n), num(lo, 1), num(hi, 1), num(e.Hectares[t], 1), strconv.FormatInt(pixels[t], 10)}
		if st.truth != nil {
			tr := st.truth.expansion[t.String()]
			iv.Truth = float64(tr.patches)
			r = append(r, strconv.Itoa(tr.patches), strconv.Itoa(tr.pixels))
		}
		st.results.Expansion[t.String()] = iv
		rows = append(rows, r)
	}
	if err := st.table(sec, "expansion.csv", "New built-up patches by expansion type, with exact Poisson 95 % intervals on the counts.", rows); err != nil {
		return err
	}
	sec.text("%d new built-up patches: %d infilling (%.0f ha), %d edge-expansion (%.0f ha), %d outlying (%.0f ha), %d undetermined (no land of known cover around them); the area-weighted mean expansion index is %s. Infilling fills gaps inside the built-up land, edge-expansion extends it from its edge, and outlying patches are leapfrog growth on the periphery.",
		len(e.Patches), e.Count[classify.Infilling], e.Hectares[classify.Infilling], e.Count[classify.EdgeExpansion], e.Hectares[classify.EdgeExpansion],
		e.Count[classify.Outlying], e.Hectares[classify.Outlying], e.Count[classify.Undetermined], sig(e.AWMEI))
	sec.text("New built-up patches smaller than the minimum mapping unit of %g ha (%d pixels; -mmu) are taken as map noise and left out (%d patches): at 30 m a few misclassified pixels at two dates make small false patches of change, which would all count as outlying growth.", st.cfg.mmu, minPx, dropped)
	sec.text("The interval on each count treats the new patches of a type as the events of a Poisson process (the exact Garwood interval, [χ²(2n; 0.025)/2, χ²(2n+2; 0.975)/2]): it measures how much the count of growth events of that intensity varies, the uncertainty that matters when two periods or two towns are compared. It does not include map error, which the minimum mapping unit keeps from inflating the counts.")
	return nil
}

// poissonInterval returns the exact (Garwood 1936) confidence interval of
// the mean of a Poisson variable observed as n.
func poissonInterval(n int, level float64) (lo, hi float64) {
	a := (1 - level) / 2
	if n > 0 {
		lo = distuv.ChiSquared{K: float64(2 * n)}.Quantile(a) / 2
	}
	hi = distuv.ChiSquared{K: float64(2*n + 2)}.Quantile(1-a) / 2
	return lo, hi
}

// dropSmallGrowth returns after with every new built-up patch (built-up in
// after, known and not built-up in before; 8-connected) smaller than minPx
// pixels given back its class in before, and the number of patches dropped.
func dropSmallGrowth(before, after *raster.Labels, minPx int) (*raster.Labels, int, error) {
	grown := raster.NewLabels(after.Grid, []raster.Class{{Code: 1, Name: "new built-up"}})
	for i, c := range after.Data {
		if c == classBuiltUp && before.Data[i] != classBuiltUp && before.Data[i] != 0 {
			grown.Data[i] = 1
		}
	}
	p, err := classify.FindPatches(grown, classify.Eight)
	if err != nil {
		return nil, 0, err
	}
	dropped := 0
	for id := 1; id < len(p.Size); id++ {
		if p.Size[id] < int64(minPx) {
			dropped++
		}
	}
	out := &raster.Labels{Grid: after.Grid, Classes: after.Classes, Data: append([]uint16(nil), after.Data...)}
	for i, id := range p.ID {
		if id != 0 && p.Size[id] < int64(minPx) {
			out.Data[i] = before.Data[i]
		}
	}
	return out, dropped, nil
}
