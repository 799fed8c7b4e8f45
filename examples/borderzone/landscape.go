package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/zones"
)

func init() {
	register("landscape", "FRAGSTATS landscape metrics of a class map, whole or per zone, as CSV", runLandscape)
}

// runLandscape implements
//
//	borderzone landscape labels.tif [-band n] [-zones z.geojson [-id name] | -zone-labels bands.tif]
//	                     [-level class|landscape|patch] [-neighbours 8|4] [-background code] -o out.csv
//
// The class map (a Byte or UInt16 band; its nodata value and code 0 are no
// data) is cut into patches and measured with asymmetry.Landscape at the
// level chosen. With -zones each polygon (transformed to the map's CRS,
// cells taken by their centre) is its own landscape; with -zone-labels each
// code of a categorical raster on the same grid is one (distance bands from
// borderzone distance, the sides of a border). Columns are FRAGSTATS's
// metric names and units.
func runLandscape(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("landscape", flag.ContinueOnError)
	fs.SetOutput(stderr)
	band := fs.Int("band", 1, "band of the class map (1-based)")
	zpath := fs.String("zones", "", "GeoJSON polygons: one landscape per zone (cells by their centre)")
	idProp := fs.String("id", "", "property holding each zone's ID (default: 1-based feature position)")
	zlabels := fs.String("zone-labels", "", "GeoTIFF of zone codes on the map's grid: one landscape per code (0 = none)")
	level := fs.String("level", "class", "output level: class, landscape or patch")
	neighbours := fs.Int("neighbours", 8, "patch rule: 8 (cells touching at corners join) or 4")
	background := fs.Int("background", 0, "class code treated as no data besides 0 and the file's nodata value")
	out := fs.String("o", "", "output CSV file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone landscape labels.tif [-zones z.geojson [-id name] | -zone-labels bands.tif] [-level class|landscape|patch] [-neighbours 8|4] -o out.csv")
		fs.PrintDefaults()
	}
	// Accept the map before or after the flags.
	var path string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		path, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	} else if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if path == "" || *out == "" {
		fs.Usage()
		return 2
	}
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone landscape: %s: %v\n", what, oneLine(err))
		return 1
	}
	switch *level {
	case asymmetry.LevelClass, asymmetry.LevelLandscape, asymmetry.LevelPatch:
	default:
		return fail("-level", fmt.Errorf("unknown level %q (class, landscape or patch)", *level))
	}
	if *neighbours != 8 && *neighbours != 4 {
		return fail("-neighbours", fmt.Errorf("%d: must be 8 or 4", *neighbours))
	}
	if *background < 0 || *background > 65535 {
		return fail("-background", fmt.Errorf("%d: must be a class code 0–65535", *background))
	}
	if *zpath != "" && *zlabels != "" {
		return fail("-zones", fmt.Errorf("give -zones or -zone-labels, not both"))
	}
	ctx := context.Background()
	labels, err := readLabelsFile(ctx, path, *band)
	if err != nil {
		return fail(path, err)
	}
	opt := &asymmetry.LandscapeOptions{Neighbours: *neighbours, Background: uint16(*background)}
	var res *asymmetry.LandscapeResult
	switch {
	case *zpath != "":
		set, err := zones.ReadFile(*zpath, *idProp)
		if err != nil {
			return fail(*zpath, err)
		}
		onGrid, err := set.Transform(labels.Grid.CRS, 0)
		if err != nil {
			return fail(*zpath, fmt.Errorf("to the map's CRS %v: %w", labels.Grid.CRS, err))
		}
		cov, err := zones.Rasterize(ctx, onGrid, labels.Grid, zones.Center)
		if err != nil {
			return fail(*zpath, err)
		}
		res, err = asymmetry.LandscapeOfZones(ctx, labels, onGrid, cov, opt)
		if err != nil {
			return fail(path, err)
		}
	default:
		if *zlabels != "" {
			z, err := readLabelsFile(ctx, *zlabels, 1)
			if err != nil {
				return fail(*zlabels, err)
			}
			if err := labels.Grid.Match(z.Grid); err != nil {
				return fail(*zlabels, fmt.Errorf("not on the grid of %s (align it with borderzone warp -like): %w", path, err))
			}
			opt.Zones = z
		}
		res, err = asymmetry.Landscape(ctx, labels, opt)
		if err != nil {
			return fail(path, err)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		return fail(*out, err)
	}
	if err := res.WriteCSV(f, *level); err != nil {
		f.Close()
		return fail(*out, err)
	}
	if err := f.Close(); err != nil {
		return fail(*out, err)
	}
	return 0
}
