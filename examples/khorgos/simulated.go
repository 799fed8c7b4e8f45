package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/borderzone/borderzone/examples/khorgos/sim"
	"github.com/borderzone/borderzone/indices/sensor"
)

// sceneDir is the report sub-folder the simulated products are written to.
const sceneDir = "scene"

// loadSimulated generates the two simulated dates into the report's scene
// folder and reads them back like real products (indices/sensor, which reads
// the COGs through raster/geotiff).
func (st *study) loadSimulated(ctx context.Context) error {
	dir := filepath.Join(st.cfg.out, sceneDir)
	st.log.printf("generating the simulated %d x %d scene (seed %d) into %s", st.cfg.size, st.cfg.size, st.cfg.seed, dir)
	t, err := sim.Generate(ctx, dir, sim.Options{Size: st.cfg.size, Seed: st.cfg.seed})
	if err != nil {
		return err
	}
	st.grid = t.Grid
	st.legend = sim.Classes()
	st.truth = &truth{expansion: map[string]expansionTruth{}}
	for k, e := range t.Expansion {
		st.truth.expansion[k] = expansionTruth{patches: e.Patches, pixels: e.Pixels}
	}
	for i, s := range t.Scenes {
		p, err := sensor.Open(s.Dir, nil)
		if err != nil {
			return fmt.Errorf("simulated %d: %w", s.Year, err)
		}
		if err := p.Grid.Match(t.Grid); err != nil {
			p.Close()
			return fmt.Errorf("simulated %d: the product is not on the truth's grid: %w", s.Year, err)
		}
		d, err := readDate(ctx, p, "simulated, "+sceneDir+"/"+fmt.Sprint(s.Year), p.Grid.Rect())
		p.Close()
		if err != nil {
			return err
		}
		d.year, d.label = s.Year, fmt.Sprint(s.Year)
		st.dates[i] = d
		st.truth.cover[i], st.truth.cloud[i] = s.Cover, s.Cloud
		st.training[i] = s.Training
		if err := st.writeCOG(fmt.Sprintf("truth_landcover_%d.tif", s.Year), s.Cover); err != nil {
			return err
		}
	}
	return nil
}

// embeddedBorder is the Natural Earth border line around Khorgos.
func embeddedBorder() []byte { return sim.BorderLineGeoJSON }

// embeddedCountries are the Natural Earth China and Kazakhstan polygons
// around Khorgos.
func embeddedCountries() []byte { return sim.CountriesGeoJSON }
