package main

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/zones"
)

// rdPixels bounds the pixels of each discontinuity fit and gradient
// profile (a seeded random subsample of the valid ones).
const rdPixels = 300_000

// fallbackBandwidth is the RD bandwidth in metres when the
// Imbens–Kalyanaraman rule cannot be computed.
const fallbackBandwidth = 2000.0

// gradients profiles each variable against signed distance in 1 km bands
// and estimates its jump at the border by local linear regression.
func (st *study) gradients(ctx context.Context) error {
	sec := st.rep.section("Gradients and the discontinuity at the border")
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	sec.text("Each profile is the mean per 1 km band with 95 %% block-bootstrap intervals. The jump at the line is the difference of two local linear fits at distance 0 (%s limit minus %s limit), triangular kernel, Imbens–Kalyanaraman bandwidth, standard errors clustered by %g km blocks.", pos, neg, blockSize/1000)
	rows := [][]string{{"value", "jump", "ci95_low", "ci95_high", "p", "bandwidth_m", "limit_" + neg, "limit_" + pos, "n_" + neg, "n_" + pos, "truth_jump"}}
	for _, v := range st.variables() {
		if v.name == "mndwi_"+st.dates[1].label {
			continue
		}
		prof, err := asymmetry.Gradient(ctx, v.band, st.dist, st.edges, &asymmetry.GradientOptions{
			Bootstrap: asymmetry.BootstrapOptions{Replicates: st.cfg.reps, Seed: st.cfg.seed}, BlockSize: blockSize, MaxPixels: rdPixels,
			NegativeName: neg, PositiveName: pos})
		if err != nil {
			sec.text("%s has no gradient profile: %v.", v.label, err)
			continue
		}
		rel, f, err := st.createFile(tabDir, "gradient_"+v.name+".csv")
		if err != nil {
			return err
		}
		if err := closeFile(f, prof.WriteCSV(f)); err != nil {
			return err
		}
		sec.tableBlock(rel, fmt.Sprintf("Gradient profile of %s per 1 km band.", v.label), nil)
		ylabel := v.label
		if v.unit != "" {
			ylabel += " (" + v.unit + ")"
		}
		if err := st.profilePNG(sec, "gradient_"+v.name+".png", prof, nil, ylabel,
			fmt.Sprintf("Gradient of %s against signed distance from the border (%s negative, %s positive): band means with 95 %% block-bootstrap intervals.", v.label, neg, pos)); err != nil {
			return err
		}
		rd, err := asymmetry.Discontinuity(ctx, v.band, st.dist, &asymmetry.RDOptions{BlockSize: blockSize, MaxPixels: rdPixels, Seed: st.cfg.seed})
		if err != nil {
			// The Imbens–Kalyanaraman rule needs curvature in the data;
			// a share that is flat on one side has none. Fall back to a
			// fixed bandwidth and say so.
			sec.text("%s: the Imbens–Kalyanaraman bandwidth cannot be computed (%v); a fixed bandwidth of %g m is used.", v.label, err, fallbackBandwidth)
			rd, err = asymmetry.Discontinuity(ctx, v.band, st.dist, &asymmetry.RDOptions{Bandwidth: fallbackBandwidth, BlockSize: blockSize, MaxPixels: rdPixels, Seed: st.cfg.seed})
		}
		if err != nil {
			sec.text("%s has no discontinuity estimate: %v.", v.label, err)
			continue
		}
		truthJump := math.NaN()
		if v.truth != nil {
			tr, err := asymmetry.Discontinuity(ctx, v.truth, st.dist, &asymmetry.RDOptions{Bandwidth: rd.Bandwidth, BlockSize: blockSize, MaxPixels: rdPixels, Seed: st.cfg.seed})
			if err != nil {
				return fmt.Errorf("%s (truth): discontinuity: %w", v.label, err)
			}
			truthJump = tr.Jump
			if v.name == st.className(classCropland)+"_share_"+st.dates[1].label {
				st.results.Jump = interval{Value: rd.Jump, Low: rd.Low, High: rd.High, Truth: truthJump}
			}
		}
		rows = append(rows, []string{v.label, sig(rd.Jump), sig(rd.Low), sig(rd.High), num(rd.P, 4), num(rd.Bandwidth, 0),
			sig(rd.LimitNegative), sig(rd.LimitPositive), fmt.Sprint(rd.NNegative), fmt.Sprint(rd.NPositive), sig(truthJump)})
		txt := fmt.Sprintf("%s jumps by %s at the border (%s − %s; 95 %% interval [%s, %s], %s, bandwidth %.0f m).", v.label, sig(rd.Jump), pos, neg, sig(rd.Low), sig(rd.High), pValue(rd.P), rd.Bandwidth)
		if v.truth != nil {
			txt += fmt.Sprintf(" The same estimator (same bandwidth and pixels) on the generator's truth gives %s.", sig(truthJump))
		}
		sec.text("%s", txt)
		st.jumps[v.name] = rd
		// The discontinuity plot: finer bands near the line with the fits.
		w := math.Max(250, math.Round(rd.Bandwidth/4/50)*50)
		maxD := math.Min(st.edges[len(st.edges)-1], math.Max(4*w, 2*rd.Bandwidth))
		fine, err := zones.BandEdges(w, math.Floor(maxD/w)*w)
		if err != nil {
			return err
		}
		fp, err := asymmetry.Gradient(ctx, v.band, st.dist, fine, &asymmetry.GradientOptions{
			Bootstrap: asymmetry.BootstrapOptions{Replicates: st.cfg.reps, Seed: st.cfg.seed}, BlockSize: blockSize, MaxPixels: rdPixels,
			NegativeName: neg, PositiveName: pos})
		if err != nil {
			return fmt.Errorf("%s: discontinuity profile: %w", v.label, err)
		}
		if err := st.profilePNG(sec, "discontinuity_"+v.name+".png", fp, rd, ylabel,
			fmt.Sprintf("Discontinuity of %s at the border: %.0f m band means and the two local linear fits within the bandwidth (%.0f m); jump %s [%s, %s].", v.label, w, rd.Bandwidth, sig(rd.Jump), sig(rd.Low), sig(rd.High))); err != nil {
			return err
		}
	}
	st.log.printf("gradients and discontinuities: %d values", len(rows)-1)
	return st.table(sec, "discontinuities.csv", "Jumps at the border by local linear regression (95 % intervals, cluster-robust by blocks).", rows)
}

// profilePNG plots a profile (with the discontinuity fits when rd is not
// nil) to a figure.
func (st *study) profilePNG(sec *section, name string, p *asymmetry.Profile, rd *asymmetry.RDEstimate, ylabel, caption string) error {
	rel, f, err := st.createFile(figDir, name)
	if err != nil {
		return err
	}
	title := ylabel + " across the border"
	if rd != nil {
		title = ylabel + ": the jump at the border"
	}
	if err := closeFile(f, p.Plot(f, asymmetry.ProfilePlotOptions{Title: title, YLabel: ylabel, Discontinuity: rd})); err != nil {
		return err
	}
	sec.figure(rel, caption)
	return nil
}
