package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("compare", "compare a value between the two sides of a border, with block-bootstrap intervals", runCompare)
}

// runCompare implements
//
//	borderzone compare -value v.tif[:band] (-distance d.tif | -sides sides.tif [-a 1 -b 2])
//	                   [-block 2000] [-reps 999] [-perms 999] [-stat mean|median] [-seed S]
//	                   [-level 0.95] [-names NEG,POS] [-max-distance M] [-max-pixels N]
//	                   [-permute-pixels] [-o out.csv]
//	borderzone compare -table zones.csv -column ED -group side -a CHN -b KAZ [-reps 999] [-seed S] [-o out.csv]
//
// With -distance (a signed distance in metres, as `borderzone distance
// -distance` writes it) side A is the positive side and B the negative
// side, so A − B has the sign of the jump that `borderzone gradient -rd`
// reports; -names names them (negative first). With -sides (a labels
// raster such as the rasterized countries) A and B are the pixels with codes
// -a and -b. With -table (per-zone values, such as the output of `borderzone
// zonal` or of landscape metrics per zone) the values of -column in the rows
// whose -group column is -a form side A and those with -b side B; every zone
// is one unit of the bootstrap and the permutation test, and an empty cell
// is skipped. The summary goes to standard output; -o writes the comparison
// as CSV (asymmetry.WriteComparisonsCSV).
func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	valueSpec := fs.String("value", "", "GeoTIFF[:band] of the value to compare (band 1-based)")
	distPath := fs.String("distance", "", "GeoTIFF of the signed distance to the border in metres (negative on one side)")
	sidesPath := fs.String("sides", "", "GeoTIFF of side labels (instead of -distance)")
	sideA := fs.String("a", "1", "with -sides: label code of side A; with -table: the -group value of side A")
	sideB := fs.String("b", "2", "with -sides: label code of side B; with -table: the -group value of side B")
	table := fs.String("table", "", "CSV of per-zone values (instead of -value)")
	column := fs.String("column", "", "with -table: the column of values to compare")
	groupCol := fs.String("group", "", "with -table: the column naming each zone's side")
	block := fs.Float64("block", 2000, "side in metres of the square blocks of the bootstrap and permutation test (0: single pixels)")
	reps := fs.Int("reps", 999, "bootstrap replicates")
	perms := fs.Int("perms", 999, "permutations of the test (0 skips it)")
	statName := fs.String("stat", "mean", "statistic of each side: mean or median")
	seed := fs.Uint64("seed", 1, "random seed of the bootstrap, the permutations and the subsample")
	level := fs.Float64("level", 0.95, "confidence level of the intervals")
	names := fs.String("names", "", "NEG,POS (with -distance) or A,B (with -sides): names of the sides")
	maxDist := fs.Float64("max-distance", 0, "with -distance: keep pixels nearer than this to the border, metres (0: all)")
	maxPix := fs.Int("max-pixels", 0, "keep a seeded random subsample of about this many pixels (0: all)")
	permPix := fs.Bool("permute-pixels", false, "permute single pixels instead of blocks (ignores spatial autocorrelation)")
	out := fs.String("o", "", "output CSV")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone compare -value v.tif[:band] (-distance d.tif | -sides sides.tif [-a 1 -b 2]) [-block 2000] [-reps 999] [-seed S] [-o out.csv]")
		fmt.Fprintln(stderr, "       borderzone compare -table zones.csv -column NAME -group SIDECOLUMN -a A -b B [-reps 999] [-seed S] [-o out.csv]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	byTable := *table != ""
	if fs.NArg() != 0 || (byTable && (*valueSpec != "" || *distPath != "" || *sidesPath != "" || *column == "" || *groupCol == "")) ||
		(!byTable && (*valueSpec == "" || (*distPath == "") == (*sidesPath == ""))) {
		fs.Usage()
		return 2
	}
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone compare: %s: %v\n", what, oneLine(err))
		return 1
	}
	stat, err := asymmetry.ParseStatistic(*statName)
	if err != nil {
		return fail("-stat", err)
	}
	var nameList []string
	if *names != "" {
		if nameList = strings.Split(*names, ","); len(nameList) != 2 || nameList[0] == "" || nameList[1] == "" {
			return fail("-names", fmt.Errorf("want two names separated by a comma, got %q", *names))
		}
	}
	if *perms == 0 {
		*perms = -1
	} else if *perms < 0 {
		return fail("-perms", fmt.Errorf("%d: want 0 or more", *perms))
	}
	ctx := context.Background()
	copt := &asymmetry.CompareOptions{
		Statistic:     stat,
		Bootstrap:     asymmetry.BootstrapOptions{Replicates: *reps, Level: *level, Seed: *seed},
		Permutations:  *perms,
		PermutePixels: *permPix,
	}
	if byTable {
		a, b, err := readTableSides(*table, *column, *groupCol, *sideA, *sideB)
		if err != nil {
			return fail(*table, err)
		}
		if nameList != nil {
			a.Name, b.Name = nameList[0], nameList[1]
		}
		c, err := asymmetry.Compare(ctx, a, b, copt)
		if err != nil {
			return fail("compare", err)
		}
		printComparison(stdout, *column, 0, c)
		return writeComparison(stdout, *out, c, fail)
	}
	value, err := readBandSpec(ctx, *valueSpec)
	if err != nil {
		return fail(*valueSpec, err)
	}
	sopt := &asymmetry.SampleOptions{BlockSize: *block, MaxDistance: *maxDist, MaxPixels: *maxPix, Seed: *seed}
	var a, b *asymmetry.Sample
	if *distPath != "" {
		dist, err := readBandSpec(ctx, *distPath)
		if err != nil {
			return fail(*distPath, err)
		}
		if nameList != nil {
			sopt.NegativeName, sopt.PositiveName = nameList[0], nameList[1]
		}
		neg, pos, err := asymmetry.SamplesFromDistance(value, dist, sopt)
		if err != nil {
			return fail(*distPath, err)
		}
		a, b = pos, neg
	} else {
		codeA, errA := strconv.ParseUint(*sideA, 10, 16)
		codeB, errB := strconv.ParseUint(*sideB, 10, 16)
		if errA != nil || errB != nil || codeA < 1 || codeB < 1 {
			return fail("-a/-b", fmt.Errorf("codes %q and %q: want 1 to 65535", *sideA, *sideB))
		}
		labels, err := readLabelsFile(ctx, *sidesPath, 1)
		if err != nil {
			return fail(*sidesPath, err)
		}
		if a, b, err = asymmetry.SamplesFromLabels(value, labels, uint16(codeA), uint16(codeB), sopt); err != nil {
			return fail(*sidesPath, err)
		}
		if nameList != nil {
			a.Name, b.Name = nameList[0], nameList[1]
		}
	}
	c, err := asymmetry.Compare(ctx, a, b, copt)
	if err != nil {
		return fail("compare", err)
	}
	printComparison(stdout, value.Name, *block, c)
	return writeComparison(stdout, *out, c, fail)
}

// writeComparison writes c as CSV to path when it is not empty.
func writeComparison(stdout io.Writer, path string, c *asymmetry.Comparison, fail func(string, error) int) int {
	if path == "" {
		return 0
	}
	f, err := os.Create(path)
	if err != nil {
		return fail(path, err)
	}
	if err := asymmetry.WriteComparisonsCSV(f, []*asymmetry.Comparison{c}); err != nil {
		f.Close()
		return fail(path, err)
	}
	if err := f.Close(); err != nil {
		return fail(path, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return 0
}

// readTableSides reads the per-zone values of column for the rows whose
// group column is a or b from a CSV file with a header line. Empty cells are
// skipped; other cells that are not numbers are an error naming the row.
func readTableSides(path, column, group, a, b string) (sa, sb *asymmetry.Sample, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	vc, gc := slices.Index(head, column), slices.Index(head, group)
	if vc < 0 || gc < 0 {
		return nil, nil, fmt.Errorf("columns %q and %q: the header has %s", column, group, strings.Join(head, ", "))
	}
	var va, vb []float64
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		side := rec[gc]
		if side != a && side != b {
			continue
		}
		cell := strings.TrimSpace(rec[vc])
		if cell == "" {
			continue
		}
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, nil, fmt.Errorf("row %d, column %s: %q is not a finite number", line, column, cell)
		}
		if side == a {
			va = append(va, x)
		} else {
			vb = append(vb, x)
		}
	}
	if sa, err = asymmetry.UnitSample(a, va); err != nil {
		return nil, nil, fmt.Errorf("side %q (column %s = %q): %w", a, group, a, err)
	}
	if sb, err = asymmetry.UnitSample(b, vb); err != nil {
		return nil, nil, fmt.Errorf("side %q (column %s = %q): %w", b, group, b, err)
	}
	return sa, sb, nil
}

// printComparison writes a readable summary of c.
func printComparison(w io.Writer, value string, block float64, c *asymmetry.Comparison) {
	pct := fmt.Sprintf("%.0f%%", 100*c.Level)
	fmt.Fprintf(w, "%s: A = %s vs B = %s, %s per side; %s intervals from %d block-bootstrap replicates (%g m blocks)\n",
		value, c.A.Name, c.B.Name, c.Statistic, pct, c.Replicates, block)
	row := func(label string, e asymmetry.Estimate) {
		fmt.Fprintf(w, "  %-26s %12.6g  [%.6g, %.6g]\n", label, e.Value, e.Low, e.High)
	}
	for _, s := range []asymmetry.Side{c.A, c.B} {
		row(fmt.Sprintf("%s (n=%d, %d blocks)", s.Name, s.N, s.Blocks), s.Estimate)
	}
	row("difference A − B", c.Difference)
	row("ratio A / B", c.Ratio)
	row("log ratio ln(A / B)", c.LogRatio)
	row("normalized (A−B)/(A+B)", c.Normalized)
	if c.Permutations > 0 {
		fmt.Fprintf(w, "  permutation p-value        %12.4g  (%d permutations of %ss)\n", c.PValue, c.Permutations, c.PermutationUnit)
	}
	fmt.Fprintf(w, "  Welch t = %.4g, df = %.4g, p = %.4g; Mann-Whitney U = %.6g, z = %.4g, p = %.4g (both take pixels as independent)\n",
		c.Welch.T, c.Welch.DF, c.Welch.P, c.MannWhitney.U, c.MannWhitney.Z, c.MannWhitney.P)
	for _, m := range c.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", m)
	}
}

// readBandSpec reads "file.tif" or "file.tif:band" (1-based) as a float32
// analysis band named after the file.
func readBandSpec(ctx context.Context, spec string) (*raster.Band, error) {
	path, band := spec, 1
	if i := strings.LastIndex(spec, ":"); i > 0 {
		if n, err := strconv.Atoi(spec[i+1:]); err == nil {
			path, band = spec[:i], n
		}
	}
	f, err := geotiff.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if band < 1 || band > f.NumBands() {
		return nil, fmt.Errorf("band %d does not exist: the file has %d", band, f.NumBands())
	}
	b, err := f.ReadBand(ctx, band-1)
	if err != nil {
		return nil, fmt.Errorf("band %d: %w", band, err)
	}
	b.Name = strings.TrimSuffix(baseName(path), filepath.Ext(path))
	if band != 1 {
		b.Name += "_b" + strconv.Itoa(band)
	}
	return b, nil
}
