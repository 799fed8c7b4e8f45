package main

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/raster"
)

// variable is a per-pixel value compared between the sides and profiled
// across the border.
type variable struct {
	name, label, unit string
	band              *raster.Band
	truth             *raster.Band // the same value from the truth (simulated run), or nil
}

// indicator returns 1 where l is code, 0 where it is another class and NaN
// where it is 0 (no data); with mask, only where mask has a class.
func indicator(l *raster.Labels, code uint16, mask *raster.Labels, name string) *raster.Band {
	b := raster.NewBand(l.Grid, name)
	for i, c := range l.Data {
		switch {
		case c == 0 || (mask != nil && mask.Data[i] == 0):
			b.Data[i] = float32(math.NaN())
		case c == code:
			b.Data[i] = 1
		default:
			b.Data[i] = 0
		}
	}
	return b
}

// variables lists the values of the side and gradient analyses at the
// second date (and the NDVI change).
func (st *study) variables() []variable {
	d0, d1 := st.dates[0], st.dates[1]
	dv := raster.NewBand(st.grid, "ndvi_change")
	for i := range dv.Data {
		dv.Data[i] = d1.ndvi.Data[i] - d0.ndvi.Data[i]
	}
	vs := []variable{
		{name: "ndvi_" + d1.label, label: "NDVI " + d1.label, band: d1.ndvi},
		{name: "ndvi_change", label: fmt.Sprintf("NDVI change %s–%s", d0.label, d1.label), band: dv},
		{name: "mndwi_" + d1.label, label: "MNDWI " + d1.label, band: d1.mndwi},
	}
	if d1.lst != nil {
		vs = append(vs, variable{name: "lst_" + d1.label, label: "LST " + d1.label, unit: "°C", band: d1.lst})
	}
	for _, c := range []uint16{classBuiltUp, classCropland} {
		v := variable{name: st.className(c) + "_share_" + d1.label, label: st.className(c) + " share " + d1.label, unit: "fraction",
			band: indicator(d1.cover, c, nil, st.className(c))}
		if st.truth != nil {
			v.truth = indicator(st.truth.cover[1], c, d1.cover, st.className(c)+" (truth)")
		}
		vs = append(vs, v)
	}
	return vs
}

// compareSides compares each variable between the sides with block-
// bootstrap intervals and block permutation tests.
func (st *study) compareSides(ctx context.Context) error {
	sec := st.rep.section("Side versus side")
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	sec.text("Each value is compared between %s (A) and %s (B): the mean of each side with a 95 %% block-bootstrap interval (%d replicates of %g km blocks, so spatial autocorrelation is respected), the difference A − B and a block permutation test.", pos, neg, st.cfg.reps, blockSize/1000)
	st.results.BuiltUpShare = map[string]interval{}
	var cs []*asymmetry.Comparison
	var names []string
	for _, v := range st.variables() {
		a, b, err := asymmetry.SamplesFromLabels(v.band, st.sideLabels, 2, 1, &asymmetry.SampleOptions{BlockSize: blockSize, Seed: st.cfg.seed})
		if err != nil {
			sec.text("%s is not compared: %v.", v.label, err)
			continue
		}
		c, err := asymmetry.Compare(ctx, a, b, &asymmetry.CompareOptions{Bootstrap: asymmetry.BootstrapOptions{Replicates: st.cfg.reps, Seed: st.cfg.seed}, Permutations: 199})
		if err != nil {
			return fmt.Errorf("%s: %w", v.label, err)
		}
		cs, names = append(cs, c), append(names, v.label)
		sec.text("%s: %s %s [%s, %s], %s %s [%s, %s]; difference %s [%s, %s] %s (permutation %s).",
			v.label, pos, sig(c.A.Value), sig(c.A.Low), sig(c.A.High), neg, sig(c.B.Value), sig(c.B.Low), sig(c.B.High),
			sig(c.Difference.Value), sig(c.Difference.Low), sig(c.Difference.High), v.unit, pValue(c.PValue))
		st.comparisons[v.name] = c
		if v.truth != nil && v.name == st.className(classBuiltUp)+"_share_"+st.dates[1].label {
			for _, s := range []struct {
				side asymmetry.Side
				code uint16
			}{{c.A, 2}, {c.B, 1}} {
				t := sideMean(v.truth, st.sideLabels, s.code)
				st.results.BuiltUpShare[s.side.Name] = interval{Value: s.side.Value, Low: s.side.Low, High: s.side.High, Truth: t}
				sec.text("Built-up share of %s against the truth: %.4f mapped, %.4f true (same pixels), 95 %% interval [%.4f, %.4f].", s.side.Name, s.side.Value, t, s.side.Low, s.side.High)
			}
		}
	}
	st.log.printf("sides: %d comparisons %s vs %s", len(cs), pos, neg)
	if len(cs) == 0 {
		return nil
	}
	return st.table(sec, "sides_compare.csv", fmt.Sprintf("Side-versus-side comparisons (A = %s, B = %s; means with 95 %% block-bootstrap intervals).", pos, neg), comparisonRows(names, cs))
}

// sideMean is the mean of b over the pixels of side code.
func sideMean(b *raster.Band, sides *raster.Labels, code uint16) float64 {
	var s float64
	var n int
	for i, v := range b.Data {
		if sides.Data[i] == code && !math.IsNaN(float64(v)) {
			s += float64(v)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// comparisonRows lays out comparisons as a table.
func comparisonRows(names []string, cs []*asymmetry.Comparison) [][]string {
	rows := [][]string{{"value", "side_a", "a", "a_low", "a_high", "side_b", "b", "b_low", "b_high", "difference", "difference_low", "difference_high", "permutation_p", "blocks_a", "blocks_b"}}
	for i, c := range cs {
		rows = append(rows, []string{names[i], c.A.Name, sig(c.A.Value), sig(c.A.Low), sig(c.A.High), c.B.Name, sig(c.B.Value), sig(c.B.Low), sig(c.B.High),
			sig(c.Difference.Value), sig(c.Difference.Low), sig(c.Difference.High), num(c.PValue, 4), fmt.Sprint(c.A.Blocks), fmt.Sprint(c.B.Blocks)})
	}
	return rows
}
