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

// studyRules is the rule-based land cover: thresholds on the indices in the
// order water, solar, built-up, trees, cropland, bare, else steppe. The
// thresholds are the usual ones of the index literature (MNDWI > 0 water,
// Xu 2006; NDBI > 0 with low NDVI built-up, Zha et al. 2003) set for a
// semi-arid valley.
func studyRules(legend []raster.Class) classify.Rules {
	c := classify.Compare
	return classify.Rules{
		Classes: legend,
		Rules: []classify.Rule{
			{Name: "water", Class: classWater, When: c("mndwi", ">", 0.1)},
			{Name: "solar", Class: classSolar, When: classify.All(c("ndvi", "<", 0.15), c("N", "<", 0.12), c("B", ">", 0.06))},
			{Name: "built-up", Class: classBuiltUp, When: classify.All(c("ndbi", ">", 0.0), c("ndvi", "<", 0.25), c("mndwi", "<", -0.05))},
			{Name: "trees", Class: classTrees, When: c("ndvi", ">", 0.6)},
			{Name: "cropland", Class: classCropland, When: c("ndvi", ">", 0.35)},
			{Name: "bare", Class: classBare, When: c("ndvi", "<", 0.12)},
		},
		Default: classSteppe,
	}
}

// sieveSize is the smallest patch kept in the land-cover maps, pixels
// (0.45 ha at 30 m): smaller ones take the class of their largest neighbour.
const sieveSize = 5

// forestInfo summarises one date's forest.
type forestInfo struct {
	trainPixels, trainPolygons int
	testPixels, testPolygons   int
	oob, testAccuracy          float64
	importance                 [][2]string
}

// classify maps land cover at both dates by rules and, when there are
// training polygons, by a random forest.
func (st *study) classify(ctx context.Context) error {
	sec := st.rep.section("Land cover")
	rc, err := studyRules(st.legend).Compile()
	if err != nil {
		return err
	}
	sec.text("Two classifiers map the seven classes (%s). The rules are thresholds on the indices (water MNDWI > 0.1; solar NDVI < 0.15, NIR < 0.12, blue > 0.06; built-up NDBI > 0, NDVI < 0.25; trees NDVI > 0.6; cropland NDVI > 0.35; bare NDVI < 0.12; else steppe). The random forest (%d trees) reads the six reflectance bands and the three indices and is trained on sample polygons, a share of whose polygons (not pixels) is held out for testing. Patches under %d pixels are sieved into their largest neighbour (as gdal_sieve). Clouds and shadow stay unclassified.",
		classNamesList(st.legend), st.cfg.trees, sieveSize)
	rows := [][]string{{"date", "method", "training pixels (polygons)", "held-out pixels (polygons)", "out-of-bag error", "held-out accuracy"}}
	for i, d := range st.dates {
		feats, err := featureStack(d)
		if err != nil {
			return err
		}
		if d.rules, err = classify.Classify(ctx, rc, feats); err != nil {
			return fmt.Errorf("%s: rules: %w", d.label, err)
		}
		d.cover, d.method = d.rules, "rules"
		if st.training[i] != nil {
			forest, info, err := st.trainForest(ctx, i, feats)
			if err != nil {
				return fmt.Errorf("%s: random forest: %w", d.label, err)
			}
			if d.forest, err = classify.Classify(ctx, forest, feats); err != nil {
				return fmt.Errorf("%s: random forest: %w", d.label, err)
			}
			d.cover, d.method = d.forest, "random forest"
			rows = append(rows, []string{d.label, "random forest", fmt.Sprintf("%d (%d)", info.trainPixels, info.trainPolygons),
				fmt.Sprintf("%d (%d)", info.testPixels, info.testPolygons), fmt.Sprintf("%.4f", info.oob), fmt.Sprintf("%.4f", info.testAccuracy)})
			st.log.printf("%s: random forest: OOB error %.4f, held-out polygons accuracy %.4f", d.label, info.oob, info.testAccuracy)
		}
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
	}
	if len(rows) > 1 {
		if err := st.table(sec, "forest.csv", "Random forest per date: training and held-out polygons.", rows); err != nil {
			return err
		}
	} else {
		sec.text("No training polygons were given (-training), so the random forest is skipped and the rule-based map is the land cover used below.")
	}
	return st.areaTable(sec)
}

// trainForest trains date i's forest on its polygons, holding out 30 % of
// each class's polygons for testing.
func (st *study) trainForest(ctx context.Context, i int, feats *raster.Stack) (*classify.Forest, *forestInfo, error) {
	samples, err := classify.SamplesFromPolygons(ctx, st.training[i], feats, classify.PolygonSampling{
		ClassProperty: st.cfg.classProp, Classes: st.legend, MaxPerClass: 3000, Seed: st.cfg.seed})
	if err != nil {
		return nil, nil, fmt.Errorf("training polygons: %w", err)
	}
	train, test, err := classify.SplitByGroup(samples, classify.GroupSplit{TestFraction: 0.3, Seed: st.cfg.seed})
	if err != nil {
		return nil, nil, err
	}
	forest, err := classify.TrainForest(ctx, train, classify.ForestOptions{Trees: st.cfg.trees, Seed: st.cfg.seed})
	if err != nil {
		return nil, nil, err
	}
	info := &forestInfo{trainPixels: len(train.Y), trainPolygons: groups(train), oob: forest.OOBError(), testAccuracy: math.NaN()}
	if test != nil && len(test.Y) > 0 {
		pred := make([]uint16, len(test.Y))
		forest.Predict(test.X, pred)
		right := 0
		for k, y := range test.Y {
			if pred[k] == y {
				right++
			}
		}
		info.testPixels, info.testPolygons = len(test.Y), groups(test)
		info.testAccuracy = float64(right) / float64(len(test.Y))
	}
	return forest, info, nil
}

// groups counts the distinct polygons of a sample set.
func groups(s *classify.Samples) int {
	seen := map[int]bool{}
	for _, g := range s.Group {
		seen[g] = true
	}
	return len(seen)
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
