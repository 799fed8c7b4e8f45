package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster/crs"
)

func init() {
	register("transform", "transform \"x y\" coordinates read from standard input between CRSs, like PROJ's cs2cs", runTransform)
}

// stdin is where `borderzone transform` reads its coordinates; tests
// replace it.
var stdin io.Reader = os.Stdin

// runTransform implements
//
//	borderzone transform -from CRS -to CRS [-inverse] [-f format] < points
//
// Each input line holds x and y (longitude and latitude in degrees for
// geographic CRSs, whatever the EPSG axis order says; easting and northing
// in metres for projected ones) separated by blanks, optionally followed
// by more columns. The output line is the transformed x and y separated by
// a tab, then the further columns unchanged (a height column is passed
// through: no datum shift is applied, see package raster/crs). As in
// cs2cs, blank lines and lines starting with '#' are copied, and a line
// that cannot be read or transformed prints "*\t*" followed by its other
// columns; it is also reported on standard error with its line number and
// makes the exit status 1. CRSs are anything [crs.Parse] recognises: EPSG
// codes ("EPSG:32644"), PROJ strings and WKT.
func runTransform(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("transform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "source CRS: EPSG code (EPSG:4326), PROJ string or WKT")
	to := fs.String("to", "", "target CRS: EPSG code, PROJ string or WKT")
	inverse := fs.Bool("inverse", false, "transform from -to to -from instead")
	format := fs.String("f", "", "printf format of output numbers (default %.3f for metres, %.9f for degrees)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone transform -from CRS -to CRS [-inverse] [-f format] < points")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || *to == "" || fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	src, err := crs.Parse(*from)
	if err != nil {
		fmt.Fprintf(stderr, "borderzone transform: -from: %v\n", oneLine(err))
		return 2
	}
	dst, err := crs.Parse(*to)
	if err != nil {
		fmt.Fprintf(stderr, "borderzone transform: -to: %v\n", oneLine(err))
		return 2
	}
	if *inverse {
		src, dst = dst, src
	}
	tr, err := crs.NewTransformer(src, dst)
	if err != nil {
		fmt.Fprintf(stderr, "borderzone transform: %v\n", oneLine(err))
		return 2
	}
	f := *format
	if f == "" {
		f = "%.3f"
		if dst.IsGeographic() {
			f = "%.9f"
		}
	}
	if strings.Count(f, "%") != 1 {
		fmt.Fprintf(stderr, "borderzone transform: -f %q must hold exactly one verb such as %%.3f\n", f)
		return 2
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	code := 0
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			fmt.Fprintln(out, text)
			continue
		}
		x, y, rest, err := transformLine(tr, trimmed)
		if err != nil {
			fmt.Fprintf(stderr, "borderzone transform: line %d: %v\n", line, oneLine(err))
			code = 1
			fmt.Fprint(out, "*\t*")
		} else {
			fmt.Fprintf(out, f+"\t"+f, x, y)
		}
		if rest != "" {
			fmt.Fprint(out, " ", rest)
		}
		fmt.Fprintln(out)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "borderzone transform: reading standard input after line %d: %v\n", line, err)
		return 1
	}
	return code
}

// transformLine parses "x y [rest]" and transforms the point; rest is
// returned even on error so the output keeps the line's other columns.
func transformLine(tr *crs.Transformer, s string) (x, y float64, rest string, err error) {
	fields := strings.Fields(s)
	if len(fields) > 2 {
		// the text after the second field, as written
		i := strings.Index(s, fields[1]) + len(fields[1])
		rest = strings.TrimSpace(s[i:])
	}
	if len(fields) < 2 {
		return 0, 0, rest, fmt.Errorf("want \"x y\", got %q", s)
	}
	x, err = strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return 0, 0, rest, fmt.Errorf("x %q is not a number", fields[0])
	}
	y, err = strconv.ParseFloat(fields[1], 64)
	if err != nil {
		return 0, 0, rest, fmt.Errorf("y %q is not a number", fields[1])
	}
	x, y, err = tr.Transform(x, y)
	return x, y, rest, err
}
