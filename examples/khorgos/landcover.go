package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/indices"
	"github.com/borderzone/borderzone/raster"
)

// computeIndices computes NDVI, NDBI and MNDWI of both dates from the masked
// surface reflectance, writes them as COGs and renders them.
func (st *study) computeIndices(ctx context.Context) error {
	sec := st.rep.section("Scenes, cloud masks and spectral indices")
	for _, d := range st.dates {
		b := func(l string) *raster.Band { b, _ := d.stack.Band(l); return b }
		var err error
		if d.ndvi, err = indices.NDVI(ctx, b("N"), b("R")); err != nil {
			return fmt.Errorf("%s: NDVI: %w", d.label, err)
		}
		if d.ndbi, err = indices.NDBI(ctx, b("S1"), b("N")); err != nil {
			return fmt.Errorf("%s: NDBI: %w", d.label, err)
		}
		if d.mndwi, err = indices.MNDWI(ctx, b("G"), b("S1")); err != nil {
			return fmt.Errorf("%s: MNDWI: %w", d.label, err)
		}
		d.ndvi.Name, d.ndbi.Name, d.mndwi.Name = "ndvi", "ndbi", "mndwi"
		st.log.printf("%s: %s, %.1f %% of the pixels clear of clouds and shadow; NDVI, NDBI, MNDWI%s",
			d.label, d.product, 100*d.clear, map[bool]string{true: ", LST", false: ""}[d.lst != nil])
		sec.text("%s: %s (%s), %d x %d pixels of %.0f m in %s; the quality band's clouds, dilated clouds and cloud shadow (%s) leave %.1f %% of the pixels clear.",
			d.label, d.product, d.source, st.grid.Width, st.grid.Height, pixelSize(st.grid), st.grid.CRS, maskConditions, 100*d.clear)
		if err := st.sceneFigures(sec, d); err != nil {
			return err
		}
		for _, p := range []struct {
			b    *raster.Band
			name string
		}{{d.ndvi, "ndvi"}, {d.ndbi, "ndbi"}, {d.mndwi, "mndwi"}, {d.lst, "lst_celsius"}} {
			if p.b == nil {
				continue
			}
			if err := st.writeCOG(p.name+"_"+d.label+".tif", p.b); err != nil {
				return err
			}
		}
	}
	if st.truth != nil {
		st.cloudAgreement(sec)
	}
	if st.dates[0].lst == nil || st.dates[1].lst == nil {
		sec.text("Land-surface temperature needs a Landsat thermal band; at least one scene has none, so the temperature results are left out.")
	}
	return nil
}

// pixelSize returns the side of a pixel in CRS units.
func pixelSize(g raster.Grid) float64 { return math.Hypot(g.Transform[1], g.Transform[4]) }

// featureStack is the stack the classifiers read: the six reflectance bands
// and the three indices.
func featureStack(d *date) (*raster.Stack, error) {
	bands := slices.Clone(d.stack.Bands)
	bands = append(bands, d.ndvi, d.ndbi, d.mndwi)
	return raster.NewStack(bands...)
}

// forestStack is the stack the random forest reads: the three indices and
// the spectral shape, each reflectance band divided by the mean of the six
// (named "shape_B", ...). Both are free of overall brightness, which varies
// within a class (illumination, moisture, texture) far more than the shape of
// its spectrum does, so a forest trained on a few polygons does not mistake a
// dark patch of steppe for built-up land.
func forestStack(d *date) (*raster.Stack, error) {
	g := d.stack.Grid
	mean := make([]float32, g.Len())
	for _, b := range d.stack.Bands {
		for i, v := range b.Data {
			mean[i] += v / float32(len(d.stack.Bands))
		}
	}
	bands := []*raster.Band{d.ndvi, d.ndbi, d.mndwi}
	for _, b := range d.stack.Bands {
		s := raster.NewBand(g, "shape_"+b.Name)
		for i, v := range b.Data {
			s.Data[i] = v / mean[i]
		}
		bands = append(bands, s)
	}
	return raster.NewStack(bands...)
}

// studyRules is the rule-based land cover: thresholds on the indices, the
// first that holds winning: water MNDWI > −0.1; built-up NDBI > 0.1 with
// MNDWI < −0.45; trees NDVI > 0.74; cropland NDVI > 0.45; bare NDVI < 0.12;
// else steppe. The indices are those of the literature (NDVI; NDBI, Zha et
// al. 2003; MNDWI, Xu 2006); the thresholds were read off the 1st–99th
// percentile ranges of each class's indices in the simulated scenes, whose
// spectra are real Landsat pixels (examples/khorgos/sim), and fit a
// semi-arid valley in late summer, where irrigated crops and planted trees
// are the only dense vegetation and steppe is sparse grass. On other scenes
// they are a starting point to adjust. Solar farms have the indices of
// built-up land and are left to the forest.
func studyRules(legend []raster.Class) classify.Rules {
	c := classify.Compare
	return classify.Rules{
		Classes: legend,
		Rules: []classify.Rule{
			{Name: "water", Class: classWater, When: c("mndwi", ">", -0.1)},
			{Name: "built-up", Class: classBuiltUp, When: classify.All(c("ndbi", ">", 0.1), c("mndwi", "<", -0.45))},
			{Name: "trees", Class: classTrees, When: c("ndvi", ">", 0.74)},
			{Name: "cropland", Class: classCropland, When: c("ndvi", ">", 0.45)},
			{Name: "bare", Class: classBare, When: c("ndvi", "<", 0.12)},
		},
		Default: classSteppe,
	}
}

// sieveSize is the smallest patch kept in the land-cover maps, pixels
// (0.45 ha at 30 m): smaller ones take the class of their largest neighbour.
const sieveSize = 5

// classify maps land cover at both dates by rules and, when there are
// training polygons, by a random forest.
func (st *study) classify(ctx context.Context) error {
	sec := st.rep.section("Land cover")
	rc, err := studyRules(st.legend).Compile()
	if err != nil {
		return err
	}
	sec.text("Two classifiers map the seven classes (%s). The rules are thresholds on the indices, the first that holds winning (water MNDWI > −0.1; built-up NDBI > 0.1 and MNDWI < −0.45; trees NDVI > 0.74; cropland NDVI > 0.45; bare NDVI < 0.12; else steppe; solar farms have the indices of built-up land and are left to the forest; the thresholds were read off the class ranges of the simulated scenes' real-pixel spectra, a starting point on other scenes). The random forest (%d trees) reads the three indices and the shape of the spectrum (each reflectance band over the mean of the six), which overall brightness does not change; it is trained once on the sample polygons of both dates together (the same surfaces look alike at both dates, and pooling gives the forest more of their variety), 30 %% of each class's polygons (not pixels) per date held out for testing. Patches under %d pixels are sieved into their largest neighbour (as gdal_sieve). Clouds and shadow stay unclassified.",
		classNamesList(st.legend), st.cfg.trees, sieveSize)
	var feats [2]*raster.Stack
	for i, d := range st.dates {
		all, err := featureStack(d)
		if err != nil {
			return err
		}
		if feats[i], err = forestStack(d); err != nil {
			return err
		}
		if d.rules, err = classify.Classify(ctx, rc, all); err != nil {
			return fmt.Errorf("%s: rules: %w", d.label, err)
		}
		d.cover, d.method = d.rules, "rules"
	}
	if st.training[0] != nil {
		forest, rows, err := st.trainForest(ctx, feats)
		if err != nil {
			return fmt.Errorf("random forest: %w", err)
		}
		for i, d := range st.dates {
			if d.forest, err = classify.Classify(ctx, forest, feats[i]); err != nil {
				return fmt.Errorf("%s: random forest: %w", d.label, err)
			}
			// The forest's class table holds the classes it was
			// trained on; the maps carry the whole legend.
			d.forest.Classes = st.legend
			d.cover, d.method = d.forest, "random forest"
		}
		if err := st.table(sec, "forest.csv", "Random forest: training and held-out polygons per date, out-of-bag error of the pooled forest and accuracy on the held-out polygons.", rows); err != nil {
			return err
		}
	} else {
		sec.text("No training polygons were given (-training), so the random forest is skipped and the rule-based map is the land cover used below.")
	}
	for _, d := range st.dates {
		if d.cover, err = classify.Sieve(ctx, d.cover, sieveSize, classify.Eight); err != nil {
			return err
		}
		if err := st.writeCOG("landcover_rules_"+d.label+".tif", d.rules); err != nil {
			return err
		}
		if err := st.writeCOG("landcover_"+d.label+".tif", d.cover); err != nil {
			return err
		}
		if err := st.labelsFigure(sec, "landcover_"+d.label+".png", d.cover,
			fmt.Sprintf("Land cover %s (%s, sieved).", d.label, d.method)); err != nil {
			return err
		}
		if d.forest != nil {
			if err := st.labelsFigure(sec, "landcover_rules_"+d.label+".png", d.rules,
				fmt.Sprintf("Land cover %s by the index rules, for comparison with the forest.", d.label)); err != nil {
				return err
			}
		}
	}
	return st.areaTable(sec)
}

// trainForest trains one forest on the polygons of both dates, holding out
// 30 % of each class's polygons of each date for testing, and returns it
// with a table of its training and test figures.
func (st *study) trainForest(ctx context.Context, feats [2]*raster.Stack) (*classify.Forest, [][]string, error) {
	var train, test [2]*classify.Samples
	for i, d := range st.dates {
		samples, err := classify.SamplesFromPolygons(ctx, st.training[i], feats[i], classify.PolygonSampling{
			ClassProperty: st.cfg.classProp, Classes: st.legend, MaxPerClass: 5000, Seed: st.cfg.seed})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: training polygons: %w", d.label, err)
		}
		if train[i], test[i], err = classify.SplitByGroup(samples, classify.GroupSplit{TestFraction: 0.3, Seed: st.cfg.seed}); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.label, err)
		}
	}
	pooled := poolSamples(train[0], train[1])
	forest, err := classify.TrainForest(ctx, pooled, classify.ForestOptions{Trees: st.cfg.trees, Seed: st.cfg.seed})
	if err != nil {
		return nil, nil, err
	}
	rows := [][]string{{"date", "training pixels", "training polygons", "held-out pixels", "held-out polygons", "out-of-bag error (pooled)", "held-out accuracy"}}
	for i, d := range st.dates {
		acc := math.NaN()
		if test[i] != nil && len(test[i].Y) > 0 {
			pred := make([]uint16, len(test[i].Y))
			forest.Predict(test[i].X, pred)
			right := 0
			for k, y := range test[i].Y {
				if pred[k] == y {
					right++
				}
			}
			acc = float64(right) / float64(len(test[i].Y))
		}
		nt := 0
		if test[i] != nil {
			nt = len(test[i].Y)
		}
		rows = append(rows, []string{d.label, fmt.Sprint(len(train[i].Y)), fmt.Sprint(train[i].NumGroups()), fmt.Sprint(nt), fmt.Sprint(test[i].NumGroups()),
			num(forest.OOBError(), 4), num(acc, 4)})
		st.log.printf("%s: random forest: %d training pixels, held-out polygons accuracy %.4f (pooled OOB error %.4f)", d.label, len(train[i].Y), acc, forest.OOBError())
	}
	return forest, rows, nil
}

// poolSamples concatenates two sample sets with the same features, keeping
// their polygons apart.
func poolSamples(a, b *classify.Samples) *classify.Samples {
	off := 0
	for _, g := range a.Group {
		off = max(off, g+1)
	}
	out := &classify.Samples{Features: a.Features, Classes: a.Classes}
	out.X = append(append([]float32(nil), a.X...), b.X...)
	out.Y = append(append([]uint16(nil), a.Y...), b.Y...)
	out.Group = append([]int(nil), a.Group...)
	for _, g := range b.Group {
		out.Group = append(out.Group, g+off)
	}
	return out
}

// classNamesList lists the legend's names.
func classNamesList(cl []raster.Class) string {
	s := ""
	for i, c := range cl {
		if i > 0 {
			s += ", "
		}
		s += c.Name
	}
	return s
}

// className returns the legend name of a code.
func (st *study) className(code uint16) string {
	for _, c := range st.legend {
		if c.Code == code {
			return c.Name
		}
	}
	return strconv.Itoa(int(code))
}

// hectares returns the area of one pixel in hectares (the grids here are
// projected in metres or longitude/latitude; the mean cell is used).
func (st *study) pixelHectares() (float64, error) {
	rows, err := classify.CellAreas(st.grid)
	if err != nil {
		return 0, err
	}
	var s float64
	for _, a := range rows {
		s += a
	}
	return s / float64(len(rows)) / 1e4, nil
}

// areaTable reports the mapped area of every class at both dates.
func (st *study) areaTable(sec *section) error {
	ha, err := st.pixelHectares()
	if err != nil {
		return err
	}
	rows := [][]string{{"class", "name", "mapped_ha_" + st.dates[0].label, "mapped_ha_" + st.dates[1].label, "rules_ha_" + st.dates[0].label, "rules_ha_" + st.dates[1].label}}
	var counts [4]map[uint16]int64
	for i, d := range st.dates {
		counts[i] = classify.PixelCounts(d.cover)
		counts[2+i] = classify.PixelCounts(d.rules)
	}
	for _, c := range st.legend {
		r := []string{strconv.Itoa(int(c.Code)), c.Name}
		for k := range counts {
			r = append(r, fmt.Sprintf("%.1f", float64(counts[k][c.Code])*ha))
		}
		rows = append(rows, r)
	}
	return st.table(sec, "landcover_areas.csv", "Mapped area of each class (hectares; clouds and shadow unmapped).", rows)
}
