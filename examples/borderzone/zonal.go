package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/zones"
)

func init() {
	register("zonal", "zonal statistics of rasters over GeoJSON zones, as CSV or GeoJSON", runZonal)
}

// rasterList collects repeated -raster flags.
type rasterList []string

// String returns the flag's value as the command line gives it (flag.Value).
func (l *rasterList) String() string { return strings.Join(*l, ",") }

// Set parses one occurrence of the flag (flag.Value).
func (l *rasterList) Set(v string) error { *l = append(*l, v); return nil }

// runZonal implements
//
//	borderzone zonal -zones z.geojson [-id name] -raster r.tif[:band] ... [-rule center|touched|exact]
//	                 [-stats mean,count,...] [-weights w.tif[:band]] [-coverage fraction|none]
//	                 -o out.csv|out.geojson
//
// The zones are transformed to the rasters' CRS and every raster band is
// summarised in one pass with zones.StatsOfSet, window by window, each zone
// rasterized under the rule (exact coverage fractions by default) when the
// pass reaches it. All rasters must share one
// grid (align them first with borderzone warp -like). Columns are named
// <raster>_<stat>, the raster's file name without extension (with _b<N>
// when a band other than the first is chosen). The output's extension
// chooses CSV or GeoJSON (zones in their own CRS, statistics added to their
// properties).
func runZonal(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zonal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	zpath := fs.String("zones", "", "GeoJSON FeatureCollection of Polygon/MultiPolygon zones")
	idProp := fs.String("id", "", "property holding each zone's ID (default: 1-based feature position)")
	var rasters rasterList
	fs.Var(&rasters, "raster", "GeoTIFF to summarise, optionally with :band (1-based); repeat for several")
	ruleName := fs.String("rule", "exact", "rasterization rule: center, touched or exact")
	statList := fs.String("stats", "count,sum,mean,min,max,stdev", "statistics, comma-separated (count, sum, mean, min, max, range, stdev, variance, cv, median, q25, majority, minority, variety, frac, weighted_*, nodata, outside, area, cell_area)")
	weights := fs.String("weights", "", "GeoTIFF[:band] of weights for the weighted_* statistics, on the same grid")
	coverage := fs.String("coverage", "fraction", "cell weight: fraction (exactextract) or none (every covered cell counts 1)")
	out := fs.String("o", "", "output file: .csv or .geojson/.json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone zonal -zones z.geojson [-id name] -raster r.tif[:band] ... [-rule center|touched|exact] [-stats mean,count,...] -o out.csv|out.geojson")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 || *zpath == "" || len(rasters) == 0 || *out == "" {
		fs.Usage()
		return 2
	}
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone zonal: %s: %v\n", what, oneLine(err))
		return 1
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".csv" && ext != ".geojson" && ext != ".json" {
		return fail(*out, fmt.Errorf("output must end in .csv, .geojson or .json"))
	}
	rule, err := zones.ParseRule(*ruleName)
	if err != nil {
		return fail("-rule", err)
	}
	stats, err := zones.ParseStats(*statList)
	if err != nil {
		return fail("-stats", err)
	}
	opt := &zones.StatsOptions{Stats: stats}
	switch strings.ToLower(*coverage) {
	case "fraction":
	case "none":
		opt.CoverageWeight = zones.CoverageNone
	default:
		return fail("-coverage", fmt.Errorf("unknown coverage weight %q (fraction or none)", *coverage))
	}

	var layers []zones.Layer
	for _, spec := range rasters {
		l, closeFile, err := openLayer(spec)
		if err != nil {
			return fail(spec, err)
		}
		defer closeFile()
		if len(layers) > 0 {
			if err := layers[0].Source.RasterGrid().Match(l.Source.RasterGrid()); err != nil {
				return fail(spec, fmt.Errorf("not on the grid of %s (align it with borderzone warp -like): %w", rasters[0], err))
			}
		}
		// The same file named twice gets distinct column prefixes.
		for n, base := 2, l.Name; slices.ContainsFunc(layers, func(o zones.Layer) bool { return o.Name == l.Name }); n++ {
			l.Name = base + "_" + strconv.Itoa(n)
		}
		layers = append(layers, l)
	}
	if *weights != "" {
		l, closeFile, err := openLayer(*weights)
		if err != nil {
			return fail(*weights, err)
		}
		defer closeFile()
		opt.Weights = &l
	}
	grid := layers[0].Source.RasterGrid()

	set, err := zones.ReadFile(*zpath, *idProp)
	if err != nil {
		return fail(*zpath, err)
	}
	onGrid, err := set.Transform(grid.CRS, 0)
	if err != nil {
		return fail(*zpath, fmt.Errorf("to the rasters' CRS %v: %w", grid.CRS, err))
	}
	// One pass over the rows for every raster, each zone rasterized when
	// the pass reaches it: memory holds a few windows and the coverage of
	// the zones the current window crosses.
	table, err := zones.StatsOfSet(context.Background(), onGrid, rule, layers, opt)
	if err != nil {
		return fail(*zpath, err)
	}
	f, err := os.Create(*out)
	if err != nil {
		return fail(*out, err)
	}
	if ext == ".csv" {
		err = zones.WriteCSV(f, table)
	} else {
		err = zones.WriteGeoJSON(f, table, set)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(*out, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d zones x %d rasters, %d statistics, rule %s\n", *out, len(set.Zones), len(layers), len(stats), *ruleName)
	return 0
}

// openLayer opens "file.tif" or "file.tif:band" (1-based band) as a Layer
// named after the file.
func openLayer(spec string) (zones.Layer, func(), error) {
	path, band := spec, 1
	if i := strings.LastIndex(spec, ":"); i > 0 {
		if n, err := strconv.Atoi(spec[i+1:]); err == nil {
			path, band = spec[:i], n
		}
	}
	f, err := geotiff.Open(path)
	if err != nil {
		return zones.Layer{}, nil, err
	}
	if band < 1 || band > f.NumBands() {
		f.Close()
		return zones.Layer{}, nil, fmt.Errorf("band %d does not exist: the file has %d", band, f.NumBands())
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if band != 1 {
		name += "_b" + strconv.Itoa(band)
	}
	return zones.Layer{Source: f.Image, Band: band - 1, Name: name}, func() { f.Close() }, nil
}
