package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/raster/render"
)

func init() {
	register("render", "render a band, an RGB / colour-infrared composite or a palette raster to PNG", runRender)
}

// runRender implements
//
//	borderzone render [-band N [-labels] | -rgb R,G,B | -cir NIR,RED,GREEN] [-ramp viridis|magma|rdylgn|greys]
//	                  [-stretch percentile|minmax|explicit] [-low 2] [-high 98] [-max-size N]
//	                  [-legend legend.png] [-units text] -o out.png FILE
//
// Band numbers are 1-based, as in GDAL.
func runRender(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	band := fs.Int("band", 1, "band to render through a colour ramp (1-based)")
	rgb := fs.String("rgb", "", "three bands R,G,B for a true-colour composite (1-based, e.g. 3,2,1)")
	cir := fs.String("cir", "", "three bands NIR,RED,GREEN for a colour-infrared composite (1-based)")
	labels := fs.Bool("labels", false, "render -band as categories through the file's palette (Byte or UInt16); -legend draws the class legend")
	rampName := fs.String("ramp", "viridis", "colour ramp for one band: viridis, magma, rdylgn or greys")
	stretch := fs.String("stretch", "percentile", "stretch: percentile (with -low/-high as percentiles), minmax, or explicit (-low/-high as values)")
	low := fs.Float64("low", 2, "lower percentile or value of the stretch")
	high := fs.Float64("high", 98, "upper percentile or value of the stretch")
	maxSize := fs.Int("max-size", 0, "limit the longer side of the image to this many pixels by block averaging (0: full size)")
	legend := fs.String("legend", "", "also write the ramp's legend to this PNG (one-band renders)")
	out := fs.String("o", "", "output PNG path (required)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone render [flags] -o out.png FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *out == "" {
		fs.Usage()
		return 2
	}
	path := fs.Arg(0)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone render: %s: %v\n", path, oneLine(err))
		return 1
	}
	st, err := parseStretch(*stretch, *low, *high)
	if err != nil {
		return fail(err)
	}
	f, err := geotiff.Open(path)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	ctx := context.Background()
	var img image.Image
	switch {
	case *labels:
		if *band < 1 || *band > f.NumBands() {
			return fail(fmt.Errorf("band %d out of range 1..%d", *band, f.NumBands()))
		}
		l, err := f.ReadLabels(ctx, *band-1, f.RasterGrid().Rect())
		if err != nil {
			return fail(err)
		}
		m, err := render.Labels(l, &render.LabelsOptions{MaxSize: *maxSize})
		if err != nil {
			return fail(err)
		}
		img = m
		if *legend != "" {
			if err := render.SavePNG(*legend, render.ClassLegend(l.Classes)); err != nil {
				return fail(err)
			}
		}
	case *rgb != "" || *cir != "":
		spec := *rgb
		if *cir != "" {
			spec = *cir
		}
		idx, err := parseBands(spec, f.NumBands())
		if err != nil {
			return fail(err)
		}
		s, err := f.ReadStack(ctx, idx, f.RasterGrid().Rect())
		if err != nil {
			return fail(err)
		}
		opt := &render.CompositeOptions{Stretch: st, MaxSize: *maxSize}
		if *cir != "" {
			img, _, err = render.ColorInfrared(s.Bands[0], s.Bands[1], s.Bands[2], opt)
		} else {
			img, _, err = render.Composite(s.Bands[0], s.Bands[1], s.Bands[2], opt)
		}
		if err != nil {
			return fail(err)
		}
	default:
		if *band < 1 || *band > f.NumBands() {
			return fail(fmt.Errorf("band %d out of range 1..%d", *band, f.NumBands()))
		}
		ramp, err := render.RampByName(*rampName)
		if err != nil {
			return fail(err)
		}
		b, err := f.ReadBand(ctx, *band-1)
		if err != nil {
			return fail(err)
		}
		m, lo, hi, err := render.Band(b, &render.BandOptions{Ramp: ramp, Stretch: st, MaxSize: *maxSize})
		if err != nil {
			return fail(err)
		}
		img = m
		if *legend != "" {
			if err := render.SavePNG(*legend, render.Legend(ramp, lo, hi, nil)); err != nil {
				return fail(err)
			}
		}
		fmt.Fprintf(stdout, "band %d stretched over [%s, %s]\n", *band, render.FormatTick(lo), render.FormatTick(hi))
	}
	if err := render.SavePNG(*out, img); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", *out, img.Bounds().Dx(), img.Bounds().Dy())
	return 0
}

// parseStretch turns the -stretch, -low and -high flags into a Stretch.
func parseStretch(kind string, low, high float64) (render.Stretch, error) {
	switch kind {
	case "percentile":
		if low < 0 || high > 100 || low >= high {
			return render.Stretch{}, fmt.Errorf("percentile stretch needs 0 <= low < high <= 100, got %g and %g", low, high)
		}
		return render.Percentile(low, high), nil
	case "minmax":
		return render.MinMax(), nil
	case "explicit":
		if !(low < high) {
			return render.Stretch{}, fmt.Errorf("explicit stretch needs low < high, got %g and %g", low, high)
		}
		return render.Explicit(low, high), nil
	}
	return render.Stretch{}, fmt.Errorf("unknown stretch %q (percentile, minmax or explicit)", kind)
}

// parseBands reads three 1-based band numbers "a,b,c" into 0-based indices.
func parseBands(spec string, n int) ([]int, error) {
	parts := strings.Split(spec, ",")
	if len(parts) != 3 {
		return nil, fmt.Errorf("want three bands like 4,3,2, got %q", spec)
	}
	idx := make([]int, 3)
	for i, p := range parts {
		b, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || b < 1 || b > n {
			return nil, fmt.Errorf("band %q is not a number in 1..%d", p, n)
		}
		idx[i] = b - 1
	}
	return idx, nil
}
