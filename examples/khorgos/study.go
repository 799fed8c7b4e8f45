package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/freight"
	"github.com/borderzone/borderzone/indices/sensor"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// study holds everything the pipeline computes, step by step; the report
// is written from it.
type study struct {
	cfg *config
	log *progress
	rep *report

	simulated bool
	grid      raster.Grid
	legend    []raster.Class
	dates     [2]*date
	truth     *truth // nil for real scenes

	border *zones.Border
	sides  zones.Sides
	// training holds each date's training polygons (nil: no forest).
	training [2]*zones.Set

	// Products of the border step.
	dist       *raster.Band   // signed distance, metres
	bandLabels *raster.Labels // 1 km distance bands
	sideLabels *raster.Labels // 1 negative side, 2 positive side
	edges      []float64

	// Results of the change step, kept for the tests.
	expansion *expansionResult
	// Findings the end-to-end test checks against the truth.
	results studyResults

	products []string // GeoTIFFs written, relative to cfg.out

	// Numbers the findings summary quotes, filled by the steps.
	comparisons map[string]*asymmetry.Comparison // by variable name
	jumps       map[string]*asymmetry.RDEstimate // by variable name
	builtUp     classify.ClassChange
	freightFit  *freight.Fit // logistic, when it fits
	freightCAGR *freight.Growth
}

// date is one of the two scenes with everything derived from it.
type date struct {
	year    int
	label   string // "2014"
	product string // product name
	source  string // folder or description
	stack   *raster.Stack
	clear   float64 // share of the pixels with data the mask keeps
	mask    *sensor.Mask
	ndvi    *raster.Band
	ndbi    *raster.Band
	mndwi   *raster.Band
	lst     *raster.Band // °C; nil when the sensor has no thermal band
	rules   *raster.Labels
	forest  *raster.Labels // nil without training polygons
	cover   *raster.Labels // the land cover used downstream (forest, else rules)
	method  string         // "random forest" or "rules"
}

// truth is the generator's truth in the simulated run.
type truth struct {
	cover     [2]*raster.Labels
	cloud     [2]*raster.Labels // 1 cloud, 2 shadow, 0 clear
	expansion map[string]expansionTruth
}

// expansionTruth is the generator's count and size of the new built-up
// patches of one expansion type.
type expansionTruth struct{ patches, pixels int }

// Sub-folders of the report.
const (
	figDir  = "figures"
	tabDir  = "tables"
	prodDir = "products"
)

// runStudy runs every step and writes the report.
func runStudy(ctx context.Context, cfg *config, log *progress) (*study, error) {
	st := &study{cfg: cfg, log: log, simulated: len(cfg.scenes) == 0,
		comparisons: map[string]*asymmetry.Comparison{}, jumps: map[string]*asymmetry.RDEstimate{}}
	for _, d := range []string{cfg.out, filepath.Join(cfg.out, figDir), filepath.Join(cfg.out, tabDir), filepath.Join(cfg.out, prodDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("report folder: %w", err)
		}
	}
	if st.simulated {
		log.printf("SIMULATED scene (real: China/Kazakhstan polygons, border line, freight figures); give -scene twice for real data")
	}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"boundaries", st.loadBoundaries},
		{"scenes", st.loadScenes},
		{"distance", st.signedDistance},
		{"indices", st.computeIndices},
		{"land cover", st.classify},
		{"accuracy", st.assessAccuracy},
		{"change", st.change},
		{"border", st.borderZones},
		{"sides", st.compareSides},
		{"gradients", st.gradients},
		{"freight", st.freight},
		{"specialization", st.specialization},
	}
	for i, s := range steps {
		if i == 2 {
			// The report's note names the scenes' products.
			st.rep = newReport(st.title(), st.note())
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		log.printf("%s", s.name)
		if err := s.run(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	st.findings()
	files := st.rep.section("Products")
	files.text("Every product as a Cloud Optimized GeoTIFF (Float32 with NaN for no data, or class codes with their palette), in the scenes' grid (%s); QGIS and GDAL open them.", st.grid)
	files.linkList(st.products)
	log.printf("writing report.md and index.html")
	if err := st.rep.write(cfg.out); err != nil {
		return nil, err
	}
	log.printf("done: %s", filepath.Join(cfg.out, "index.html"))
	return st, nil
}

// title is the report's first line.
func (st *study) title() string {
	if st.simulated {
		return "Khorgos case study — SIMULATED scene (real: boundaries, border line and freight figures)"
	}
	return "Border case study — real scenes"
}

// note is the provenance sentence every caption carries.
func (st *study) note() string {
	if st.simulated {
		return "Simulated Landsat-like scene (examples/khorgos/sim); real: China/Kazakhstan boundaries and border line (Natural Earth), freight figures (package freight)."
	}
	return "Real scenes: " + st.dates[0].product + " and " + st.dates[1].product + "."
}

// path returns the report-relative path of a file in a sub-folder and its
// path on disk.
func (st *study) path(dir, name string) (rel, abs string) {
	rel = dir + "/" + name
	return rel, filepath.Join(st.cfg.out, dir, name)
}
