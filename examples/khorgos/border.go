package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Spatial settings of the border analysis.
const (
	bandWidth = 1000.0 // distance bands, metres
	maxBands  = 20     // bands per side at most
	blockSize = 2000.0 // block bootstrap and RD clusters, metres
)

// borderZones makes the distance bands and side labels from the signed
// distance, and computes zonal statistics per band and landscape metrics
// per side and per band.
func (st *study) borderZones(ctx context.Context) error {
	sec := st.rep.section("The two sides and distance bands")
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	maxD := 0.0
	for _, v := range st.dist.Data {
		if a := math.Abs(float64(v)); a > maxD {
			maxD = a
		}
	}
	n := min(maxBands, int(maxD/bandWidth))
	if n < 2 {
		return fmt.Errorf("the scene reaches only %.0f m from the border: at least 2 km are needed for distance bands", maxD)
	}
	var err error
	if st.edges, err = zones.BandEdges(bandWidth, float64(n)*bandWidth); err != nil {
		return err
	}
	if st.bandLabels, err = zones.DistanceBands(st.dist, st.edges, neg, pos); err != nil {
		return err
	}
	st.sideLabels = raster.NewLabels(st.grid, []raster.Class{
		{Code: 1, Name: neg, Color: color.RGBA{215, 48, 39, 255}},
		{Code: 2, Name: pos, Color: color.RGBA{69, 117, 180, 255}},
	})
	for i, v := range st.dist.Data {
		switch {
		case math.IsNaN(float64(v)):
		case math.Signbit(float64(v)):
			st.sideLabels.Data[i] = 1
		default:
			st.sideLabels.Data[i] = 2
		}
	}
	st.dist.Name = "signed distance to the border (m), negative in " + neg
	for _, p := range []struct {
		name string
		data any
	}{{"signed_distance.tif", st.dist}, {"distance_bands.tif", st.bandLabels}, {"sides.tif", st.sideLabels}} {
		if err := st.writeCOG(p.name, p.data); err != nil {
			return err
		}
	}
	sec.text("The signed distance to the border line is negative in %s and positive in %s (the sides decided by the polygons); the scene reaches %.1f km from the line, cut into %d bands of 1 km on each side.", neg, pos, maxD/1000, n)
	if err := st.labelsFigure(sec, "distance_bands.png", st.bandLabels, fmt.Sprintf("Distance bands of 1 km on each side of the border (%s reds, %s blues, darker nearer the line).", neg, pos)); err != nil {
		return err
	}
	if err := st.zonalBands(ctx, sec); err != nil {
		return err
	}
	return st.landscapeSides(ctx, sec)
}

// labelsCoverage turns labels into a zone set and its coverage: one zone per
// class, each cell fully in the zone of its code.
func labelsCoverage(l *raster.Labels) (*zones.Set, *zones.CoverageSet) {
	g := l.Grid
	set := &zones.Set{CRS: g.CRS}
	cov := &zones.CoverageSet{Grid: g, Rule: zones.Center}
	for zi, c := range l.Classes {
		var win image.Rectangle
		for i, v := range l.Data {
			if v == c.Code {
				p := image.Rect(i%g.Width, i/g.Width, i%g.Width+1, i/g.Width+1)
				win = win.Union(p)
			}
		}
		frac := make([]float32, win.Dx()*win.Dy())
		for y := win.Min.Y; y < win.Max.Y; y++ {
			for x := win.Min.X; x < win.Max.X; x++ {
				if l.Data[y*g.Width+x] == c.Code {
					frac[(y-win.Min.Y)*win.Dx()+x-win.Min.X] = 1
				}
			}
		}
		set.Zones = append(set.Zones, zones.Zone{ID: c.Name, Properties: map[string]any{"code": c.Code}})
		cov.Zones = append(cov.Zones, zones.Coverage{Zone: zi, Window: win, Frac: frac})
	}
	return set, cov
}

// zonalBands writes the zonal statistics of the indices, the temperature
// and the land cover per distance band.
func (st *study) zonalBands(ctx context.Context, sec *section) error {
	set, cov := labelsCoverage(st.bandLabels)
	d0, d1 := st.dates[0], st.dates[1]
	var layers []zones.Layer
	for _, d := range st.dates {
		layers = append(layers, zones.Layer{Source: d.ndvi, Name: "ndvi_" + d.label}, zones.Layer{Source: d.ndbi, Name: "ndbi_" + d.label},
			zones.Layer{Source: d.mndwi, Name: "mndwi_" + d.label})
		if d.lst != nil {
			layers = append(layers, zones.Layer{Source: d.lst, Name: "lst_" + d.label})
		}
	}
	stats, err := zones.ParseStats("count,mean,stdev")
	if err != nil {
		return err
	}
	t, err := zones.Stats(ctx, set, cov, layers, &zones.StatsOptions{Stats: stats})
	if err != nil {
		return fmt.Errorf("zonal statistics: %w", err)
	}
	if err := st.writeZonal(sec, "zonal_distance_bands.csv", t, "Zonal statistics of the indices and LST (°C) per 1 km distance band (count, mean, standard deviation)."); err != nil {
		return err
	}
	frac, err := zones.ParseStats("frac")
	if err != nil {
		return err
	}
	t, err = zones.Stats(ctx, set, cov, []zones.Layer{zones.LabelsLayer(d0.cover, "cover_"+d0.label), zones.LabelsLayer(d1.cover, "cover_"+d1.label)}, &zones.StatsOptions{Stats: frac})
	if err != nil {
		return fmt.Errorf("zonal statistics: %w", err)
	}
	return st.writeZonal(sec, "zonal_cover_distance_bands.csv", t, "Share of each land-cover class per 1 km distance band at both dates (columns cover_<date>_frac_<code>, codes as in the legend).")
}

// writeZonal writes a zonal table as CSV in the tables folder.
func (st *study) writeZonal(sec *section, name string, t *zones.Table, caption string) error {
	rel, f, err := st.createFile(tabDir, name)
	if err != nil {
		return err
	}
	if err := closeFile(f, zones.WriteCSV(f, t)); err != nil {
		return err
	}
	sec.tableBlock(rel, caption, nil)
	return nil
}

// landscapeSides computes FRAGSTATS metrics of the land cover per side and
// per distance band, and compares the bands' metrics between the sides.
func (st *study) landscapeSides(ctx context.Context, sec *section) error {
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	if t := st.grid.Transform; t[2] != 0 || t[4] != 0 || math.Abs(math.Abs(t[1])-math.Abs(t[5])) > 1e-9*math.Abs(t[1]) {
		sec.text("Landscape metrics need square, north-up cells; this grid's are %g x %g, so they are left out (warp the scenes to square pixels first).", math.Abs(t[1]), math.Abs(t[5]))
		return nil
	}
	for _, d := range st.dates {
		res, err := asymmetry.Landscape(ctx, d.cover, &asymmetry.LandscapeOptions{Zones: st.sideLabels})
		if err != nil {
			return fmt.Errorf("%s: landscape metrics: %w", d.label, err)
		}
		for _, level := range []string{asymmetry.LevelLandscape, asymmetry.LevelClass} {
			rel, f, err := st.createFile(tabDir, fmt.Sprintf("landscape_%s_sides_%s.csv", level, d.label))
			if err != nil {
				return err
			}
			if err := closeFile(f, res.WriteCSV(f, level)); err != nil {
				return err
			}
			sec.tableBlock(rel, fmt.Sprintf("FRAGSTATS %s-level metrics of the %s land cover on each side.", level, d.label), nil)
		}
		for _, c := range res.Class {
			if c.Class == classBuiltUp {
				sec.text("%s, %s: built-up land covers %.2f %% of the side (PLAND) in %d patches (%.2f per 100 ha), largest patch index %.2f %%, edge density %.1f m/ha.",
					d.label, c.Zone.Name, c.PLAND, c.NP, c.PD, c.LPI, c.ED)
			}
		}
		for _, l := range res.Landscape {
			sec.text("%s, %s: Shannon diversity %.3f, contagion %.1f, %d patches, edge density %.1f m/ha.", d.label, l.Zone.Name, l.SHDI, l.Contag, l.NP, l.ED)
		}
	}
	// Each distance band is one landscape; the bands of a side are its
	// units in a comparison of the sides.
	d := st.dates[1]
	res, err := asymmetry.Landscape(ctx, d.cover, &asymmetry.LandscapeOptions{Zones: st.bandLabels})
	if err != nil {
		return fmt.Errorf("%s: landscape metrics per band: %w", d.label, err)
	}
	rel, f, err := st.createFile(tabDir, "landscape_bands_"+d.label+".csv")
	if err != nil {
		return err
	}
	if err := closeFile(f, res.WriteCSV(f, asymmetry.LevelLandscape)); err != nil {
		return err
	}
	sec.tableBlock(rel, fmt.Sprintf("FRAGSTATS landscape-level metrics of the %s land cover per 1 km distance band.", d.label), nil)
	sec.text("Below, each 1 km band is one unit of a side: the intervals come from resampling the bands and the p-values from permuting them between the sides. Neighbouring bands are alike, so these are descriptive rather than exact.")
	nb := len(st.edges) - 1
	var cs []*asymmetry.Comparison
	var names []string
	metrics := []struct {
		name string
		get  func(asymmetry.LandscapeMetrics) float64
	}{
		{"SHDI", func(m asymmetry.LandscapeMetrics) float64 { return m.SHDI }},
		{"ED", func(m asymmetry.LandscapeMetrics) float64 { return m.ED }},
		{"CONTAG", func(m asymmetry.LandscapeMetrics) float64 { return m.Contag }},
	}
	for _, m := range metrics {
		var a, b []float64
		for _, l := range res.Landscape {
			v := m.get(l)
			if math.IsNaN(v) {
				continue
			}
			if int(l.Zone.Code) > nb {
				a = append(a, v)
			} else {
				b = append(b, v)
			}
		}
		if len(a) < 2 || len(b) < 2 {
			sec.text("%s per band is not compared: %s has %d bands with a value and %s %d; two per side are needed.", m.name, pos, len(a), neg, len(b))
			continue
		}
		sa, err := asymmetry.UnitSample(pos, a)
		if err != nil {
			return fmt.Errorf("%s per band, %s: %w", m.name, pos, err)
		}
		sb, err := asymmetry.UnitSample(neg, b)
		if err != nil {
			return fmt.Errorf("%s per band, %s: %w", m.name, neg, err)
		}
		c, err := asymmetry.Compare(ctx, sa, sb, &asymmetry.CompareOptions{Bootstrap: asymmetry.BootstrapOptions{Replicates: st.cfg.reps, Seed: st.cfg.seed}, Permutations: 999, PermutePixels: true})
		if err != nil {
			return fmt.Errorf("%s per band: %w", m.name, err)
		}
		cs, names = append(cs, c), append(names, m.name+" per band")
		sec.text("%s per band (%s): %s %.3f [%.3f, %.3f] against %s %.3f [%.3f, %.3f]; difference %.3f [%.3f, %.3f] (95 %% bootstrap over the bands; permutation %s).",
			m.name, d.label, pos, c.A.Value, c.A.Low, c.A.High, neg, c.B.Value, c.B.Low, c.B.High, c.Difference.Value, c.Difference.Low, c.Difference.High, pValue(c.PValue))
	}
	if len(cs) == 0 {
		return nil
	}
	return st.table(sec, "landscape_bands_compare_"+d.label+".csv", fmt.Sprintf("Landscape metrics of the %s land cover per distance band compared between the sides (each band one unit; 95 %% bootstrap intervals).", d.label), comparisonRows(names, cs))
}
