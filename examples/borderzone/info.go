package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("info", "describe GeoTIFF files as gdalinfo would (-json for machine-readable output)", runInfo)
}

// runInfo implements `borderzone info [-json] FILE...`.
func runInfo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per file (an array when several files are given)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone info [-json] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	code := 0
	var infos []*geotiff.Info
	for _, path := range fs.Args() {
		in, err := describe(path)
		if err != nil {
			fmt.Fprintf(stderr, "borderzone info: %s: %v\n", path, oneLine(err))
			code = 1
			continue
		}
		if *asJSON {
			infos = append(infos, in)
		} else {
			printInfo(stdout, in)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var err error
		switch {
		case fs.NArg() == 1 && len(infos) == 1:
			err = enc.Encode(infos[0])
		case fs.NArg() > 1:
			if infos == nil {
				infos = []*geotiff.Info{}
			}
			err = enc.Encode(infos)
		}
		if err != nil {
			fmt.Fprintf(stderr, "borderzone info: %v\n", err)
			return 1
		}
	}
	return code
}

func describe(path string) (*geotiff.Info, error) {
	f, err := geotiff.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Describe(context.Background())
}

// oneLine keeps an error message on one line, as the command promises.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// printInfo writes the report in words, in the order gdalinfo uses.
func printInfo(w io.Writer, in *geotiff.Info) {
	fmt.Fprintf(w, "File: %s\n", in.File)
	fmt.Fprintf(w, "Size is %d, %d\n", in.Width, in.Height)
	if in.EPSG != nil {
		fmt.Fprintf(w, "Coordinate System is EPSG:%d\n", *in.EPSG)
	} else {
		fmt.Fprintln(w, "Coordinate System is unknown")
	}
	gt := in.GeoTransform
	if gt[2] == 0 && gt[4] == 0 {
		fmt.Fprintf(w, "Origin = (%.15f,%.15f)\nPixel Size = (%.15f,%.15f)\n", gt[0], gt[3], gt[1], gt[5])
	} else {
		fmt.Fprintf(w, "GeoTransform =\n  %.16g, %.16g, %.16g\n  %.16g, %.16g, %.16g\n", gt[0], gt[1], gt[2], gt[3], gt[4], gt[5])
	}
	fmt.Fprintf(w, "Raster type: Pixel is %s\n", map[string]string{"area": "Area", "point": "Point"}[in.RasterType])
	fmt.Fprintln(w, "Image Structure Metadata:")
	fmt.Fprintf(w, "  COMPRESSION=%s\n  INTERLEAVE=%s\n  PREDICTOR=%d\n", in.Compression, in.Interleave, in.Predictor)
	layout := "strips"
	if in.Tiled {
		layout = "tiles"
	}
	order := "little-endian"
	if in.ByteOrder == "big" {
		order = "big-endian"
	}
	kind := "TIFF"
	if in.BigTIFF {
		kind = "BigTIFF"
	}
	fmt.Fprintf(w, "  %s, %s, %s of %dx%d\n", kind, order, layout, in.BlockWidth, in.BlockHeight)
	if len(in.Overviews) > 0 {
		var s []string
		for _, o := range in.Overviews {
			s = append(s, fmt.Sprintf("%dx%d", o[0], o[1]))
		}
		fmt.Fprintf(w, "Overviews: %s\n", strings.Join(s, ", "))
	}
	for b := range in.Bands {
		fmt.Fprintf(w, "Band %d Block=%dx%d Type=%s\n", b+1, in.BlockWidth, in.BlockHeight, in.DataType)
		st := in.BandStats[b]
		if st.Min != nil {
			fmt.Fprintf(w, "  Minimum=%.3f, Maximum=%.3f, Mean=%.3f\n", *st.Min, *st.Max, *st.Mean)
		} else {
			fmt.Fprintln(w, "  no valid pixels")
		}
		if in.Nodata[b] != nil {
			fmt.Fprintf(w, "  NoData Value=%v\n", in.Nodata[b])
		}
		if in.Scale[b] != 1 || in.Offset[b] != 0 {
			fmt.Fprintf(w, "  Offset: %.16g,   Scale:%.16g\n", in.Offset[b], in.Scale[b])
		}
		fmt.Fprintf(w, "  SHA-256=%s\n", in.BandSHA256[b])
	}
}
