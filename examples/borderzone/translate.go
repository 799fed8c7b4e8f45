package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("translate", "copy any readable raster to a GeoTIFF with chosen compression, layout and type", runTranslate)
}

// dataTypes maps GDAL type names to the writer's types.
var dataTypes = map[string]geotiff.DataType{
	"byte": geotiff.Byte, "int8": geotiff.Int8, "uint16": geotiff.UInt16, "int16": geotiff.Int16,
	"uint32": geotiff.UInt32, "int32": geotiff.Int32, "float32": geotiff.Float32, "float64": geotiff.Float64,
}

// keepInputEncoding completes write options for a copy of f: the input's
// per-band scale and offset, so native values survive, and, when no
// predictor was chosen, the one GDAL users pick with DEFLATE, LZW or ZSTD
// (2 for integers, 3 for floats).
func keepInputEncoding(opt *geotiff.Options, f *geotiff.File) {
	if opt.Predictor == 0 && opt.Compression != geotiff.CompressionNone && opt.Compression != geotiff.CompressionPackBits {
		opt.Predictor = 2
		if opt.Type.IsFloat() {
			opt.Predictor = 3
		}
	}
	for b := range f.NumBands() {
		opt.Scale = append(opt.Scale, f.Scale(b))
		opt.Offset = append(opt.Offset, f.Offset(b))
	}
}

// checkFloat32Exact refuses inputs whose native values float32 analysis
// bands cannot hold exactly (32-bit integers beyond ±2^24, Float64 values
// that are not float32 values), since translate goes through them and would
// silently change such values.
func checkFloat32Exact(f *geotiff.File) error {
	switch f.DataType() {
	case geotiff.UInt32, geotiff.Int32, geotiff.Float64:
	default:
		return nil
	}
	raws, err := f.ReadRawBands(context.Background(), nil, f.RasterGrid().Rect())
	if err != nil {
		return err
	}
	for b, r := range raws {
		for i := range r.Width * r.Height {
			v := r.Float64At(i)
			if v == v && float64(float32(v)) != v {
				return fmt.Errorf("band %d pixel (%d,%d): %s value %v has no exact float32 form; translate works on float32 analysis values and would change it",
					b+1, i%r.Width, i/r.Width, f.DataType(), v)
			}
		}
	}
	return nil
}

// runTranslate implements
//
//	borderzone translate [-compress none|deflate|lzw|zstd|packbits] [-level N] [-predictor 1|2|3]
//	                     [-tile 512x512 | -rows N] [-interleave pixel|band] [-bigtiff auto|yes|no]
//	                     [-type UInt16] [-nodata V] [-cog] [-overviews 2,4,8] IN OUT
//
// The input is read as analysis values (nodata as NaN, scale/offset
// applied) and written back; by default the output keeps the input's sample
// type, nodata value and scale/offset, so the native values survive.
func runTranslate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("translate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	compress := fs.String("compress", "deflate", "compression: none, deflate, lzw, zstd or packbits")
	level := fs.Int("level", 0, "compression level (0: the codec's default)")
	predictor := fs.Int("predictor", 0, "predictor: 1 none, 2 horizontal (integers), 3 floating point; 0 picks 2 or 3 for deflate/lzw/zstd")
	tile := fs.String("tile", "", "tile size WxH (e.g. 512x512); empty writes strips")
	rows := fs.Int("rows", 0, "rows per strip when not tiled (0: about 64 KiB per strip)")
	interleave := fs.String("interleave", "pixel", "pixel or band")
	bigtiff := fs.String("bigtiff", "auto", "auto, yes or no")
	typ := fs.String("type", "", "output sample type (Byte, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64); default: the input's")
	nodata := fs.String("nodata", "", "nodata value to write for NaN (default: the input's)")
	cog := fs.Bool("cog", false, "write a Cloud Optimized GeoTIFF (tiled, overviews, IFDs first)")
	overviews := fs.String("overviews", "", "internal overview factors, e.g. 2,4,8 (averages; COGs get them automatically)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone translate [flags] IN OUT")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	in, out := fs.Arg(0), fs.Arg(1)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone translate: %s: %v\n", in, oneLine(err))
		return 1
	}
	f, err := geotiff.Open(in)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	opt := &geotiff.Options{Level: *level, Predictor: *predictor, RowsPerStrip: *rows, COG: *cog}
	if *overviews != "" {
		for _, p := range strings.Split(*overviews, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || v < 2 {
				return fail(fmt.Errorf("overview factor %q is not an integer of at least 2", p))
			}
			opt.Overviews = append(opt.Overviews, v)
		}
	}
	if opt.Compression, err = parseCompression(*compress); err != nil {
		return fail(err)
	}
	switch strings.ToLower(*interleave) {
	case "pixel":
		opt.Interleave = geotiff.InterleavePixel
	case "band":
		opt.Interleave = geotiff.InterleaveBand
	default:
		return fail(fmt.Errorf("unknown interleave %q (pixel or band)", *interleave))
	}
	switch strings.ToLower(*bigtiff) {
	case "auto":
		opt.BigTIFF = geotiff.BigTIFFAuto
	case "yes":
		opt.BigTIFF = geotiff.BigTIFFAlways
	case "no":
		opt.BigTIFF = geotiff.BigTIFFNever
	default:
		return fail(fmt.Errorf("unknown -bigtiff %q (auto, yes or no)", *bigtiff))
	}
	if *tile != "" {
		w, h, ok := strings.Cut(strings.ToLower(*tile), "x")
		tw, err1 := strconv.Atoi(w)
		th, err2 := strconv.Atoi(h)
		if !ok || err1 != nil || err2 != nil || tw <= 0 || th <= 0 {
			return fail(fmt.Errorf("tile size %q is not WxH", *tile))
		}
		opt.TileWidth, opt.TileHeight = tw, th
	}
	opt.Type = f.DataType()
	if *typ != "" {
		t, ok := dataTypes[strings.ToLower(*typ)]
		if !ok {
			return fail(fmt.Errorf("unknown type %q", *typ))
		}
		opt.Type = t
	}
	if *nodata != "" {
		v, err := strconv.ParseFloat(*nodata, 64)
		if err != nil {
			return fail(fmt.Errorf("nodata %q is not a number", *nodata))
		}
		opt.Nodata, opt.HasNodata = v, true
	} else if v, ok := f.Nodata(); ok {
		opt.Nodata, opt.HasNodata = v, true
	}
	keepInputEncoding(opt, f)
	if err := checkFloat32Exact(f); err != nil {
		return fail(err)
	}
	s, err := f.ReadStack(context.Background(), nil, f.RasterGrid().Rect())
	if err != nil {
		return fail(err)
	}
	if err := geotiff.WriteFile(out, s, opt); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s: %dx%d, %d bands, %s, %s\n", out, s.Grid.Width, s.Grid.Height, len(s.Bands), opt.Type, opt.Compression)
	return 0
}
