package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/zones"
)

func init() {
	register("distance", "signed distance to a border line and distance-band zones on each side", runDistance)
}

// runDistance implements
//
//	borderzone distance -border line.geojson
//	                    (-sides countries.geojson [-side-name iso_a3] [-negative CHN -positive KAZ]
//	                     | -point lon,lat [-point-crs EPSG:4326] -names NEG,POS)
//	                    -like r.tif (-bands WIDTH,MAX | -edges E0,E1,...) -o bands.tif
//	                    [-distance distance.tif] [-compress deflate]
//
// The output grid is the reference file's (-like; its pixels are not read).
// With -sides the two zones named by -negative and -positive (values of the
// -side-name property; by default the file's first zone is negative and its
// second positive) decide the sign: negative in the first, positive in the
// second, no data in neither. With -point the side of the line the point
// lies on is negative. -bands 1000,20000 makes 1 km bands out to 20 km on
// each side; -edges gives any increasing edges in metres. The labels are
// written with their palette and class names; -distance also writes the
// signed distance in metres (Float32, NaN no data).
func runDistance(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("distance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	borderPath := fs.String("border", "", "GeoJSON border line (LineString or MultiLineString)")
	sidesPath := fs.String("sides", "", "GeoJSON polygons of the two sides (countries)")
	sideName := fs.String("side-name", "iso_a3", "property of -sides that names each side")
	negative := fs.String("negative", "", "name of the negative side in -sides (default: the first zone)")
	positive := fs.String("positive", "", "name of the positive side in -sides (default: the second zone)")
	point := fs.String("point", "", "x,y of a point on the negative side (instead of -sides)")
	pointCRS := fs.String("point-crs", "EPSG:4326", "CRS of -point")
	names := fs.String("names", "", "NEG,POS: names of the two sides with -point")
	like := fs.String("like", "", "reference GeoTIFF whose grid the output takes")
	bands := fs.String("bands", "", "WIDTH,MAX: bands of WIDTH metres out to MAX metres on each side")
	edgesFlag := fs.String("edges", "", "band edges in metres, increasing (instead of -bands), e.g. 0,500,1000,5000,20000")
	out := fs.String("o", "", "output GeoTIFF of the distance-band labels")
	distOut := fs.String("distance", "", "also write the signed distance (metres, Float32) to this GeoTIFF")
	compress := fs.String("compress", "deflate", "output compression: none, deflate, lzw, zstd or packbits")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone distance -border line.geojson (-sides countries.geojson | -point x,y -names NEG,POS) -like r.tif (-bands W,MAX | -edges E0,E1,...) -o bands.tif [-distance d.tif]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 || *borderPath == "" || *like == "" || *out == "" ||
		(*sidesPath == "") == (*point == "") || (*bands == "") == (*edgesFlag == "") {
		fs.Usage()
		return 2
	}
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone distance: %s: %v\n", what, oneLine(err))
		return 1
	}
	var edges []float64
	var err error
	if *bands != "" {
		v, err := parseFloats(*bands)
		if err != nil || len(v) != 2 {
			return fail("-bands", fmt.Errorf("want WIDTH,MAX in metres, got %q", *bands))
		}
		if edges, err = zones.BandEdges(v[0], v[1]); err != nil {
			return fail("-bands", err)
		}
	} else if edges, err = parseFloats(*edgesFlag); err != nil {
		return fail("-edges", err)
	}
	compression, err := parseCompression(*compress)
	if err != nil {
		return fail("-compress", err)
	}
	border, err := zones.ReadBorderFile(*borderPath)
	if err != nil {
		return fail(*borderPath, err)
	}
	var sides zones.Sides
	if *sidesPath != "" {
		if sides, err = readSides(*sidesPath, *sideName, *negative, *positive); err != nil {
			return fail(*sidesPath, err)
		}
	} else {
		p, err := parseFloats(*point)
		if err != nil || len(p) != 2 {
			return fail("-point", fmt.Errorf("want x,y, got %q", *point))
		}
		c, err := crs.Parse(*pointCRS)
		if err != nil {
			return fail("-point-crs", err)
		}
		n := strings.Split(*names, ",")
		if len(n) != 2 || n[0] == "" || n[1] == "" {
			return fail("-names", fmt.Errorf("want NEG,POS, got %q", *names))
		}
		sides = zones.SidesFromPoint(raster.CRS{EPSG: c.EPSG(), Definition: *pointCRS}, orb.Point{p[0], p[1]}, n[0], n[1])
	}
	ref, err := geotiff.Open(*like)
	if err != nil {
		return fail(*like, err)
	}
	grid := ref.RasterGrid()
	ref.Close()
	d, err := zones.SignedDistance(context.Background(), grid, border, sides)
	if err != nil {
		return fail(*borderPath, err)
	}
	labels, err := zones.DistanceBands(d, edges, sides.NegativeName, sides.PositiveName)
	if err != nil {
		return fail("bands", err)
	}
	if err := geotiff.WriteFile(*out, labels, &geotiff.Options{Compression: compression}); err != nil {
		return fail(*out, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %dx%d, %d distance bands (%s negative, %s positive) out to %g m\n",
		*out, grid.Width, grid.Height, len(labels.Classes), sides.NegativeName, sides.PositiveName, edges[len(edges)-1])
	if *distOut != "" {
		d.Name = "signed distance to the border (m), negative in " + sides.NegativeName
		opt := &geotiff.Options{Compression: compression}
		if compression != geotiff.CompressionNone && compression != geotiff.CompressionPackBits {
			opt.Predictor = 3
		}
		if err := geotiff.WriteFile(*distOut, d, opt); err != nil {
			return fail(*distOut, err)
		}
		fmt.Fprintf(stdout, "wrote %s: signed distance in metres\n", *distOut)
	}
	return 0
}

// readSides reads the two side polygons from a GeoJSON file of zones
// identified by the property idProp.
func readSides(path, idProp, negative, positive string) (zones.Sides, error) {
	set, err := zones.ReadFile(path, idProp)
	if err != nil {
		return zones.Sides{}, err
	}
	if negative == "" || positive == "" {
		if len(set.Zones) < 2 {
			return zones.Sides{}, fmt.Errorf("%d zones; two are needed, or name them with -negative and -positive", len(set.Zones))
		}
		if negative == "" {
			negative = set.Zones[0].ID
		}
		if positive == "" {
			positive = set.Zones[1].ID
			if positive == negative {
				positive = set.Zones[0].ID
			}
		}
	}
	return zones.SidesFromSet(set, negative, positive)
}

// parseFloats parses comma-separated numbers.
func parseFloats(s string) ([]float64, error) {
	var v []float64
	for f := range strings.SplitSeq(s, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", f)
		}
		v = append(v, x)
	}
	return v, nil
}
