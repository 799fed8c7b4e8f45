// Command khorgos runs the Khorgos case study end to end and writes a report
// folder a person can open in a browser.
//
// Usage:
//
//	go run ./examples/khorgos [-out khorgos-report] [-quiet] [-size 1000] [-seed 1]
//	    [-trees 60] [-reps 299] [-mmu 2] [-employment table.csv]
//	go run ./examples/khorgos -scene DIR1 -scene DIR2 [-years 2014,2024]
//	    [-aoi minlon,minlat,maxlon,maxlat] [-border line.geojson]
//	    [-sides sides.geojson [-side-property iso_a3] [-side-names NEG,POS]]
//	    [-training polygons.geojson [-class-property class]] [-employment table.csv]
//
// It answers the three questions of the Khorgos study by composing the
// borderzone packages: how the border town grew between two dates (land
// cover by rules and by a random forest, accuracy and area estimates,
// change and the urban-expansion typology), how the two sides of the border
// differ (distance bands, zonal statistics, landscape metrics, side-versus-
// side comparisons with block-bootstrap intervals, gradient profiles and
// the jump at the line), and how freight through the crossing grew (the
// sourced figures of package freight, trend fits and a forecast); with
// -employment it adds the functional specialization of the places.
//
// Without -scene the run is simulated, and says so on the first line of the
// report and in every caption: the China and Kazakhstan polygons, the border
// line around Khorgos (Natural Earth) and the freight figures are real; the
// two Landsat 8/9 Collection 2 Level-2-like scenes of 2014 and 2024 are made
// by the documented generator of package examples/khorgos/sim, written as
// COGs and read back through indices/sensor and raster/geotiff, so the
// simulated run takes the same path as real data. With two -scene folders
// (Landsat Collection 1/2 Level-1 or Level-2, or Sentinel-2 L2A band sets)
// the same pipeline runs on real data: the first scene is cropped to -aoi,
// the second resampled onto its grid; -training polygons (classes named or
// coded as in the legend: water 1, built-up 2, cropland 3, trees 4, steppe
// 5, bare 6, solar 7) train the random forest, which is skipped without
// them. A -scene may also be a comma-separated list of http(s) URLs of
// the product's files (Cloud Optimized GeoTIFFs and the MTL, as USGS and
// cloud buckets serve them): only the -aoi window of each image is read, by
// HTTP range requests, into the report's scene folder, which indices/sensor
// then opens like any product folder.
//
// The report folder holds index.html (self-contained, figures by relative
// path), report.md, figures/*.png, tables/*.csv and products/*.tif (Cloud
// Optimized GeoTIFFs of every product).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

func main() {
	// Ctrl-C stops the steps that check the context between windows.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the arguments, runs the study and returns the exit code: 0
// done, 1 the study failed, 2 bad flags.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "khorgos: %v\n", err)
		return 2
	}
	log := newProgress(stderr, cfg.quiet)
	start := time.Now()
	st, err := runStudy(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "khorgos: %v\n", err)
		return 1
	}
	if !cfg.quiet {
		fmt.Fprintf(stdout, "report written to %s (index.html, report.md, %d figures, %d tables, %d GeoTIFFs) in %.1f s\n",
			cfg.out, st.rep.count(kindFigure), st.rep.count(kindTable), len(st.products), time.Since(start).Seconds())
	}
	return 0
}

// progress prints timed progress lines to the terminal unless quiet.
type progress struct {
	w     io.Writer
	quiet bool
	start time.Time
}

func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, quiet: quiet, start: time.Now()}
}

// printf writes one progress line prefixed by the elapsed time.
func (p *progress) printf(format string, a ...any) {
	if p.quiet {
		return
	}
	fmt.Fprintf(p.w, "[%5.1fs] %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, a...))
}
