package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/raster/warp"
)

func init() {
	register("warp", "reproject or align a raster onto another CRS or onto a reference grid", runWarp)
}

// runWarp implements
//
//	borderzone warp (-to CRS [-res R] | -like ref.tif) [-r nearest|bilinear|cubic|average|mode|min|max]
//	                [-et 0.125 | -exact] [-compress deflate] IN OUT
//
// -to takes what raster/crs parses (EPSG:32644, PROJ strings, WKT); without
// -res the target grid is the one gdalwarp would choose. -like aligns onto
// the reference file's grid (its CRS, pixel size and extent). The output
// keeps the input's sample type, nodata and scale/offset.
func runWarp(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "target CRS (EPSG:4326, a PROJ string or WKT)")
	like := fs.String("like", "", "reference GeoTIFF whose grid the output takes")
	res := fs.Float64("res", 0, "target pixel size in target CRS units (with -to; default: as gdalwarp chooses)")
	method := fs.String("r", "nearest", "resampling: nearest, bilinear, cubic, average, mode, min or max")
	et := fs.Float64("et", 0, "error threshold of the approximate transformer in pixels (0: 0.125, as gdalwarp)")
	exact := fs.Bool("exact", false, "transform every pixel exactly (gdalwarp -et 0)")
	compress := fs.String("compress", "deflate", "output compression: none, deflate, lzw, zstd or packbits")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone warp (-to CRS [-res R] | -like ref.tif) [flags] IN OUT")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 || (*to == "") == (*like == "") {
		fs.Usage()
		return 2
	}
	in, out := fs.Arg(0), fs.Arg(1)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone warp: %s: %v\n", in, oneLine(err))
		return 1
	}
	m, err := warp.ParseMethod(*method)
	if err != nil {
		return fail(err)
	}
	f, err := geotiff.Open(in)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	var dst raster.Grid
	if *like != "" {
		ref, err := geotiff.Open(*like)
		if err != nil {
			return fail(err)
		}
		dst = ref.RasterGrid()
		ref.Close()
	} else {
		c, err := crs.Parse(*to)
		if err != nil {
			return fail(err)
		}
		if dst, err = warp.SuggestGrid(f.RasterGrid(), c); err != nil {
			return fail(err)
		}
		if *res > 0 {
			if dst, err = warp.GridForBounds(dst.Bounds(), dst.CRS, *res, *res); err != nil {
				return fail(err)
			}
		}
	}
	ctx := context.Background()
	all := make([]int, f.NumBands())
	for i := range all {
		all[i] = i
	}
	bands, err := warp.FromSource(ctx, f, all, dst, warp.Options{Method: m, ErrorThreshold: *et, Exact: *exact})
	if err != nil {
		return fail(err)
	}
	s, err := raster.NewStack(bands...)
	if err != nil {
		return fail(err)
	}
	opt := &geotiff.Options{Type: f.DataType()}
	if opt.Compression, err = parseCompression(*compress); err != nil {
		return fail(err)
	}
	if v, ok := f.Nodata(); ok {
		opt.Nodata, opt.HasNodata = v, true
	} else if !opt.Type.IsFloat() && (m != warp.Nearest || hasNaN(s)) {
		// Pixels outside the source are NaN; an integer file without a
		// nodata value needs one to hold them. 0 is GDAL's choice too.
		opt.Nodata, opt.HasNodata = 0, true
	}
	keepInputEncoding(opt, f)
	if err := geotiff.WriteFile(out, s, opt); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s: %dx%d in %s, pixel %g, %s\n", out, dst.Width, dst.Height, dst.CRS, dst.Transform[1], strings.ToLower(*method))
	return 0
}

func hasNaN(s *raster.Stack) bool {
	for _, b := range s.Bands {
		for _, v := range b.Data {
			if v != v {
				return true
			}
		}
	}
	return false
}

// parseCompression maps a compression name to the writer's constant.
func parseCompression(name string) (geotiff.Compression, error) {
	switch strings.ToLower(name) {
	case "none":
		return geotiff.CompressionNone, nil
	case "deflate":
		return geotiff.CompressionDeflate, nil
	case "lzw":
		return geotiff.CompressionLZW, nil
	case "zstd":
		return geotiff.CompressionZSTD, nil
	case "packbits":
		return geotiff.CompressionPackBits, nil
	}
	return 0, fmt.Errorf("unknown compression %q (none, deflate, lzw, zstd or packbits)", name)
}
