package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("change", "transition matrix, gains and losses, rates of change and urban expansion types between two class maps", runChange)
}

// runChange implements
//
//	borderzone change -from a.tif -to b.tif -o transitions.csv [-summary classes.csv] [-years 2014,2024]
//	                  [-built-up CODE -expansion types.tif [-patches patches.csv] [-buffer METRES] [-4]]
//
// transitions.csv has one row per (from, to) pair present, with pixels and
// hectares. -summary writes, per class, its area at both dates, gain,
// loss, net and swap (Pontius et al. 2004) and, with -years, the annual
// rate ln(A2/A1)/(t2−t1) (Puyravaud 2003) and the compound rate
// (A2/A1)^(1/(t2−t1))−1. -built-up classes every new patch of that code by
// the landscape expansion index (Liu et al. 2010) and writes the type map
// (1 infilling, 2 edge-expansion, 3 outlying) to -expansion and the patches
// to -patches.
func runChange(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("change", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fromPath := fs.String("from", "", "class map at the first date (GeoTIFF, Byte or UInt16)")
	toPath := fs.String("to", "", "class map at the second date, same grid")
	band := fs.Int("band", 1, "band of both rasters to read (1-based)")
	out := fs.String("o", "", "transition table CSV (required)")
	summary := fs.String("summary", "", "per-class change table CSV (default: standard output)")
	years := fs.String("years", "", "the two dates as years, e.g. 2014,2024 (for rates of change)")
	builtUp := fs.Int("built-up", 0, "code of built-up land: class the new built-up patches by the landscape expansion index")
	expansion := fs.String("expansion", "", "with -built-up: write the expansion type map to this GeoTIFF")
	patches := fs.String("patches", "", "with -built-up: write the new patches with their LEI and type to this CSV")
	buffer := fs.Float64("buffer", 0, "with -built-up: buffer width in metres (0: one pixel; below half a pixel: the exact thin buffer)")
	four := fs.Bool("4", false, "with -built-up: 4-connected patches (default 8)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone change -from a.tif -to b.tif -o transitions.csv [-summary classes.csv] [-years 2014,2024] [-built-up CODE -expansion types.tif [-patches patches.csv] [-buffer M] [-4]]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 || *fromPath == "" || *toPath == "" || *out == "" ||
		(*builtUp == 0 && (*expansion != "" || *patches != "")) || *builtUp < 0 || *builtUp > 65535 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone change: %v\n", oneLine(err))
		return 1
	}
	var t1, t2 float64
	if *years != "" {
		parts := strings.Split(*years, ",")
		var err1, err2 error
		if len(parts) == 2 {
			t1, err1 = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
			t2, err2 = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		}
		if len(parts) != 2 || err1 != nil || err2 != nil || t1 == t2 {
			return fail(fmt.Errorf("-years %q: want two different years such as 2014,2024", *years))
		}
	}
	ctx := context.Background()
	from, err := readLabelsFile(ctx, *fromPath, *band)
	if err != nil {
		return fail(err)
	}
	to, err := readLabelsFile(ctx, *toPath, *band)
	if err != nil {
		return fail(err)
	}
	tr, err := classify.NewTransitions(ctx, from, to)
	if err != nil {
		return fail(fmt.Errorf("%s and %s: %w", *fromPath, *toPath, err))
	}
	names := classNames(to, from)
	k := len(tr.Codes)
	rows := [][]string{{"from", "from_name", "to", "to_name", "pixels", "hectares"}}
	for i, a := range tr.Codes {
		for j, b := range tr.Codes {
			if n := tr.Pixels[i*k+j]; n > 0 {
				rows = append(rows, []string{strconv.Itoa(int(a)), names[a], strconv.Itoa(int(b)), names[b], itoa(n), ftoa(tr.Hectares[i*k+j])})
			}
		}
	}
	if err := writeCSV(*out, stdout, rows); err != nil {
		return fail(err)
	}
	head := []string{"class", "name", "from_ha", "to_ha", "persistence_ha", "gain_ha", "loss_ha", "net_ha", "swap_ha", "total_change_ha"}
	if *years != "" {
		head = append(head, "annual_rate", "compound_rate")
	}
	srows := [][]string{head}
	for _, c := range tr.Change(true) {
		r := []string{strconv.Itoa(int(c.Code)), names[c.Code], ftoa(c.From), ftoa(c.To), ftoa(c.Persistence), ftoa(c.Gain), ftoa(c.Loss), ftoa(c.Net), ftoa(c.Swap), ftoa(c.Total)}
		if *years != "" {
			// A class absent at one date has no finite rate: the cell is empty.
			ar, err1 := classify.AnnualRate(c.From, c.To, t1, t2)
			cr, err2 := classify.CompoundRate(c.From, c.To, t1, t2)
			if err1 != nil || err2 != nil {
				ar, cr = math.NaN(), math.NaN()
			}
			r = append(r, ftoa(ar), ftoa(cr))
		}
		srows = append(srows, r)
	}
	if err := writeCSV(*summary, stdout, srows); err != nil {
		return fail(err)
	}
	overall, net, swap := classify.LandscapeChange(tr.Change(true))
	fmt.Fprintf(stdout, "%d classes: %s ha changed (net %s ha, swap %s ha); wrote %s\n", k, ftoa(overall), ftoa(net), ftoa(swap), *out)
	if *builtUp == 0 {
		return 0
	}
	conn := classify.Eight
	if *four {
		conn = classify.Four
	}
	e, err := classify.UrbanExpansion(ctx, from, to, classify.ExpansionOptions{BuiltUp: uint16(*builtUp), Connectivity: conn, BufferWidth: *buffer})
	if err != nil {
		return fail(fmt.Errorf("%s and %s: %w", *fromPath, *toPath, err))
	}
	if *expansion != "" {
		if err := geotiff.WriteFile(*expansion, e.Map, &geotiff.Options{Compression: geotiff.CompressionDeflate}); err != nil {
			return fail(err)
		}
	}
	if *patches != "" {
		prow := [][]string{{"id", "col", "row", "x", "y", "pixels", "hectares", "old_ha", "vacant_ha", "lei", "type"}}
		for _, p := range e.Patches {
			x, y := from.Grid.Center(p.Col, p.Row)
			prow = append(prow, []string{strconv.Itoa(p.ID), strconv.Itoa(p.Col), strconv.Itoa(p.Row), ftoa(x), ftoa(y), itoa(p.Pixels),
				ftoa(p.Hectares), ftoa(p.OldHectares), ftoa(p.VacantHectares), ftoa(p.LEI), p.Type.String()})
		}
		if err := writeCSV(*patches, stdout, prow); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(stdout, "%d new built-up patches: infilling %d (%s ha), edge-expansion %d (%s ha), outlying %d (%s ha), undetermined %d; AWMEI %s\n",
		len(e.Patches), e.Count[classify.Infilling], ftoa(e.Hectares[classify.Infilling]), e.Count[classify.EdgeExpansion], ftoa(e.Hectares[classify.EdgeExpansion]),
		e.Count[classify.Outlying], ftoa(e.Hectares[classify.Outlying]), e.Count[classify.Undetermined], ftoa(e.AWMEI))
	return 0
}
