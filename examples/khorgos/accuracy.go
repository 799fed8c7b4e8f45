package main

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
)

// Sample design of the accuracy assessment: units allocated in proportion to
// the mapped area, at least minUnits per map class (Olofsson et al. 2014,
// §5.1.2).
const (
	sampleUnits = 2000
	minUnits    = 100
)

// interval is an estimate with its 95 % interval and, in the simulated run,
// the generator's true value.
type interval struct {
	Value, Low, High, Truth float64
}

// Covers reports whether the truth lies in the interval.
func (iv interval) Covers() bool { return iv.Truth >= iv.Low && iv.Truth <= iv.High }

// areaResult is one class's area estimate at one date.
type areaResult struct {
	Code uint16
	Name string
	interval
}

// studyResults are the numbers the end-to-end test checks against the truth.
type studyResults struct {
	// Areas are the Olofsson class-area estimates (hectares) per date.
	Areas [2][]areaResult
	// MapAccuracy is the overall accuracy of each date's land-cover map
	// against the truth, pixel by pixel.
	MapAccuracy [2]float64
	// BuiltUpShare is the built-up fraction of each side at the second date.
	BuiltUpShare map[string]interval
	// Expansion is the count of new patches per expansion type.
	Expansion map[string]interval
	// Jump is the jump of the cropland share at the border, second date.
	Jump interval
}

// assessAccuracy measures the land-cover maps against reference labels:
// in the simulated run the generator's truth stands in for the photo-
// interpretation of a stratified random sample (Olofsson et al. 2014).
func (st *study) assessAccuracy(ctx context.Context) error {
	sec := st.rep.section("Accuracy and area estimates")
	if st.truth == nil {
		sec.text("Real scenes carry no reference labels, so the only accuracy measure is the held-out polygons' (table above). For area estimates with confidence intervals, draw a stratified sample from the land-cover COG with `borderzone accuracy -draw`, label it by photo-interpretation and run `borderzone accuracy -samples`.")
		return nil
	}
	sec.text("A stratified random sample of %d pixels (in proportion to the mapped area, at least %d per map class) is drawn on each land-cover map; each unit's reference class is read from the generator's truth, standing in for the photo-interpretation of a real assessment. The error matrix gives the area-adjusted accuracies and class areas of Olofsson et al. (2014). Their standard error of an area, SE(Â_j) = A·√(Σ_i W_i² q_ij(1 − q_ij)/(n_i − 1)) with q_ij = n_ij/n_i, is zero when no sample unit of a stratum falls in class j, which with an accurate map claims an exact area; the intervals here use the same formula with q_ij replaced by its Jeffreys (Dirichlet ½) posterior mean (n_ij + ½)/(n_i + k/2), k classes, so every cell of the error matrix carries some uncertainty. Areas refer to the part of the scene clear of clouds and shadow at that date.", sampleUnits, minUnits)
	ha, err := st.pixelHectares()
	if err != nil {
		return err
	}
	for i, d := range st.dates {
		ref := st.truth.cover[i]
		full, err := classify.ConfusionFromLabels(ref, d.cover)
		if err != nil {
			return fmt.Errorf("%s: map against truth: %w", d.label, err)
		}
		rulesCM, err := classify.ConfusionFromLabels(ref, d.rules)
		if err != nil {
			return fmt.Errorf("%s: rules against truth: %w", d.label, err)
		}
		st.results.MapAccuracy[i] = full.OverallAccuracy()
		est, scm, err := st.sampleEstimate(ctx, d.cover, ref, ha, st.cfg.seed+uint64(i))
		if err != nil {
			return fmt.Errorf("%s: %w", d.label, err)
		}
		truthHa := map[uint16]float64{}
		for k, c := range d.cover.Data {
			if c != 0 {
				truthHa[ref.Data[k]] += ha
			}
		}
		rows := [][]string{{"class", "name", "mapped_ha", "sample_units", "estimated_ha", "ci95_low_ha", "ci95_high_ha", "truth_ha", "users_accuracy", "users_ci95", "producers_accuracy", "producers_ci95"}}
		n := scm.RowTotals()
		st.results.Areas[i] = nil
		covered := 0
		se := jeffreysAreaSE(scm, est)
		for k, c := range est.Codes {
			iv := interval{Value: est.Area[k], Low: est.Area[k] - classify.Z95*se[k], High: est.Area[k] + classify.Z95*se[k], Truth: truthHa[c]}
			if iv.Covers() {
				covered++
			}
			st.results.Areas[i] = append(st.results.Areas[i], areaResult{Code: c, Name: st.className(c), interval: iv})
			rows = append(rows, []string{strconv.Itoa(int(c)), st.className(c), num(est.Weights[k]*est.TotalArea, 1), strconv.FormatInt(n[k], 10),
				num(iv.Value, 1), num(iv.Low, 1), num(iv.High, 1), num(iv.Truth, 1),
				num(est.UsersAccuracy[k], 4), num(classify.Z95*est.UsersSE[k], 4), num(est.ProducersAccuracy[k], 4), num(classify.Z95*est.ProducersSE[k], 4)})
		}
		if err := st.table(sec, "accuracy_areas_"+d.label+".csv", fmt.Sprintf("Area-adjusted class areas and accuracies %s (hectares, 95 %% intervals; truth over the same clear pixels).", d.label), rows); err != nil {
			return err
		}
		crow := [][]string{{"class", "users_accuracy", "producers_accuracy", "f1", "rules_users_accuracy", "rules_producers_accuracy", "rules_f1"}}
		ua, pa, f1 := full.UsersAccuracy(), full.ProducersAccuracy(), full.F1()
		rua, rpa, rf1 := rulesCM.UsersAccuracy(), rulesCM.ProducersAccuracy(), rulesCM.F1()
		for k, c := range full.Codes {
			r := []string{st.className(c), num(ua[k], 4), num(pa[k], 4), num(f1[k], 4), "", "", ""}
			if j := rulesCM.Index(c); j >= 0 {
				r[4], r[5], r[6] = num(rua[j], 4), num(rpa[j], 4), num(rf1[j], 4)
			}
			crow = append(crow, r)
		}
		if err := st.table(sec, "accuracy_classes_"+d.label+".csv", fmt.Sprintf("User's and producer's accuracy and F1 of each class %s, whole map against the truth, for the land cover used (%s) and the rules.", d.label, d.method), crow); err != nil {
			return err
		}
		if err := st.table(sec, "confusion_"+d.label+".csv", fmt.Sprintf("Error matrix of the whole %s map against the truth (rows: map, columns: truth; pixels).", d.label), matrixRows(full, st)); err != nil {
			return err
		}
		sec.text("%s (%s): sample overall accuracy %.3f ± %.3f (95 %%); against the truth pixel by pixel the map's overall accuracy is %.4f (kappa %.4f), the rule-based map's %.4f (kappa %.4f). The truth area lies inside the 95 %% interval for %d of %d classes.",
			d.label, d.method, est.OverallAccuracy, classify.Z95*est.OverallSE, full.OverallAccuracy(), full.Kappa(), rulesCM.OverallAccuracy(), rulesCM.Kappa(), covered, len(est.Codes))
		st.log.printf("%s: overall accuracy %.4f against the truth (rules %.4f); sample estimate %.3f", d.label, full.OverallAccuracy(), rulesCM.OverallAccuracy(), est.OverallAccuracy)
	}
	return nil
}

// sampleEstimate draws the stratified sample on m, labels it from ref and
// returns the Olofsson estimates with the sample's error matrix.
func (st *study) sampleEstimate(ctx context.Context, m, ref *raster.Labels, ha float64, seed uint64) (*classify.AreaEstimate, *classify.ConfusionMatrix, error) {
	counts := classify.PixelCounts(m)
	delete(counts, 0)
	sizes, err := classify.AllocateSample(counts, sampleUnits, minUnits)
	if err != nil {
		return nil, nil, err
	}
	units, err := classify.StratifiedSample(ctx, m, sizes, seed)
	if err != nil {
		return nil, nil, err
	}
	refCodes, mapCodes := make([]uint16, 0, len(units)), make([]uint16, 0, len(units))
	for _, u := range units {
		refCodes = append(refCodes, ref.At(u.Col, u.Row))
		mapCodes = append(mapCodes, u.Stratum)
	}
	cm, err := classify.NewConfusionMatrix(refCodes, mapCodes)
	if err != nil {
		return nil, nil, err
	}
	mapped := map[uint16]float64{}
	for c, n := range counts {
		mapped[c] = float64(n) * ha
	}
	est, err := classify.EstimateAreas(cm, mapped)
	if err != nil {
		return nil, nil, err
	}
	return est, cm, nil
}

// matrixRows lays out an error matrix with class names.
func matrixRows(cm *classify.ConfusionMatrix, st *study) [][]string {
	head := []string{`map \ truth`}
	for _, c := range cm.Codes {
		head = append(head, st.className(c))
	}
	rows := [][]string{head}
	for i, c := range cm.Codes {
		r := []string{st.className(c)}
		for j := range cm.Codes {
			r = append(r, strconv.FormatInt(cm.At(i, j), 10))
		}
		rows = append(rows, r)
	}
	return rows
}

// cloudAgreement compares the quality band's cloud and shadow mask with the
// generator's truth.
func (st *study) cloudAgreement(sec *section) {
	for i, d := range st.dates {
		if d.mask == nil {
			continue
		}
		var tp, fn, fp int
		for k, s := range d.mask.Data {
			masked := s != 0
			cloudy := st.truth.cloud[i].Data[k] != 0
			switch {
			case cloudy && masked:
				tp++
			case cloudy:
				fn++
			case masked:
				fp++
			}
		}
		sec.text("%s: the mask catches %d of the %d truly cloudy or shadowed pixels (%.1f %%) and masks %d clear ones.", d.label, tp, tp+fn, 100*float64(tp)/math.Max(1, float64(tp+fn)), fp)
	}
}

// jeffreysAreaSE returns the standard error of each class area of est
// (Olofsson et al. 2014, eq. 10 times the total area) with every
// within-stratum proportion n_ij/n_i replaced by its posterior mean under
// the Jeffreys prior Dirichlet(½, …, ½), (n_ij + ½)/(n_i + k/2): a stratum
// whose sample holds no unit of class j then still adds variance to class
// j's area, as it should when a zero count is a finite sample's outcome.
func jeffreysAreaSE(cm *classify.ConfusionMatrix, est *classify.AreaEstimate) []float64 {
	k := len(cm.Codes)
	n := cm.RowTotals()
	se := make([]float64, k)
	for j := range k {
		var v float64
		for i := range k {
			if n[i] < 2 {
				continue
			}
			q := (float64(cm.At(i, j)) + 0.5) / (float64(n[i]) + 0.5*float64(k))
			v += est.Weights[i] * est.Weights[i] * q * (1 - q) / float64(n[i]-1)
		}
		se[j] = est.TotalArea * math.Sqrt(v)
	}
	return se
}
