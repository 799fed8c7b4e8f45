package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/borderzone/borderzone/asymmetry"
)

func init() {
	register("specialization", "functional specialization of places from a sector x place employment CSV", runSpecialization)
}

// runSpecialization implements
//
//	borderzone specialization table.csv [-functions sector_functions.csv]
//	                          [-reference rest|all] [-dominant lq|share] [-o out.csv]
//
// The table is a sector x place employment CSV, wide (header: a sector label
// then place names) or long (header place,sector,count); see
// asymmetry.ReadEmploymentCSV. The report printed on stdout gives, per
// place, its employment, Herfindahl–Hirschman index (plain and normalized),
// Krugman index and relative Theil index against the reference structure
// (the rest of the places by default), and its dominant function; then the
// table of location quotients and the pairwise Hoover indices (with each
// place against the total). -functions maps sectors to functions (CSV
// header sector,function); without it each sector is its own function. -o
// writes one CSV row per place with every measure, the place's location
// quotients (lq_<sector>) and its Hoover indices (hoover_<place>).
// Flags may come before or after the table.
func runSpecialization(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specialization", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fpath := fs.String("functions", "", "CSV mapping sectors to functions (header sector,function)")
	refName := fs.String("reference", "rest", "structure the Krugman and Theil indices compare with: rest (other places) or all (whole table)")
	domName := fs.String("dominant", "lq", "dominant function by highest location quotient (lq) or employment share (share)")
	out := fs.String("o", "", "output CSV, one row per place")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone specialization table.csv [-functions sector_functions.csv] [-reference rest|all] [-dominant lq|share] [-o out.csv]")
		fs.PrintDefaults()
	}
	// Accept flags on either side of the table's path.
	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(positional) != 1 {
		fs.Usage()
		return 2
	}
	path := positional[0]
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone specialization: %s: %v\n", what, oneLine(err))
		return 1
	}
	ref, err := asymmetry.ParseStructureReference(*refName)
	if err != nil {
		return fail("-reference", err)
	}
	dom, err := asymmetry.ParseDominanceCriterion(*domName)
	if err != nil {
		return fail("-dominant", err)
	}
	t, err := asymmetry.ReadEmploymentCSVFile(path)
	if err != nil {
		// The error names the file.
		fmt.Fprintf(stderr, "borderzone specialization: %v\n", oneLine(err))
		return 1
	}
	opt := &asymmetry.SpecializationOptions{Reference: ref, Dominance: dom}
	if *fpath != "" {
		if opt.Functions, err = asymmetry.ReadSectorFunctionsCSVFile(*fpath); err != nil {
			return fail("-functions", err)
		}
	}
	places, err := t.Specialization(opt)
	if err != nil {
		if *fpath != "" {
			return fail(*fpath, err)
		}
		return fail(path, err)
	}
	lq := t.LocationQuotients()
	var hoover [][]float64
	if len(t.Places) <= asymmetry.MaxHooverPlaces {
		if hoover, err = t.HooverMatrix(context.Background()); err != nil {
			return fail(path, err)
		}
	} else {
		fmt.Fprintf(stderr, "borderzone specialization: %d places: pairwise Hoover indices omitted (limit %d)\n", len(t.Places), asymmetry.MaxHooverPlaces)
	}
	if err := printSpecialization(stdout, path, t, places, lq, hoover, opt); err != nil {
		return fail("stdout", err)
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fail(*out, err)
		}
		err = writeSpecializationCSV(f, t, places, lq, hoover)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(*out, err)
		}
		fmt.Fprintf(stdout, "\nwrote %s: %d places\n", *out, len(places))
	}
	return 0
}

// specNum formats a measure for the report.
func specNum(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

func printSpecialization(w io.Writer, path string, t *asymmetry.EmploymentTable, places []asymmetry.PlaceSpecialization,
	lq, hoover [][]float64, opt *asymmetry.SpecializationOptions) error {
	refWords := map[asymmetry.StructureReference]string{asymmetry.RestOfPlaces: "the rest of the places", asymmetry.AllPlaces: "all places"}
	fmt.Fprintf(w, "%s: %d sectors x %d places, %s employed\n", path, len(t.Sectors), len(t.Places), strconv.FormatFloat(t.Total(), 'f', -1, 64))
	fmt.Fprintf(w, "Krugman and Theil against %s; dominant function by %s", refWords[opt.Reference], opt.Dominance)
	if opt.Functions != nil {
		fmt.Fprintln(w, " over the sector→function map")
	} else {
		fmt.Fprintln(w, " (each sector its own function)")
	}
	// table writes aligned rows of cells.
	table := func(rows [][]string) error {
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	}

	fmt.Fprintln(w)
	rows := [][]string{{"place", "total", "HHI", "HHI norm", "Krugman", "Theil", "dominant function", "LQ", "share"}}
	for _, p := range places {
		rows = append(rows, []string{p.Place, strconv.FormatFloat(p.Total, 'f', -1, 64),
			specNum(p.Herfindahl), specNum(p.HerfindahlNormalized), specNum(p.Krugman), specNum(p.Theil),
			p.Dominant.Function, specNum(p.Dominant.LQ), specNum(p.Dominant.Share)})
	}
	if err := table(rows); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nlocation quotients (e_ij/e_j)/(E_i/E)")
	rows = [][]string{append([]string{"sector"}, t.Places...)}
	for i, s := range t.Sectors {
		r := []string{s}
		for j := range t.Places {
			r = append(r, specNum(lq[i][j]))
		}
		rows = append(rows, r)
	}
	if err := table(rows); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nHoover dissimilarity ½Σ|s_ij − s_ik|")
	head := []string{"place"}
	if hoover != nil {
		head = append(head, t.Places...)
	}
	rows = [][]string{append(head, "total")}
	for j, p := range places {
		r := []string{p.Place}
		if hoover != nil {
			for k := range t.Places {
				r = append(r, specNum(hoover[j][k]))
			}
		}
		rows = append(rows, append(r, specNum(p.HooverToTotal)))
	}
	return table(rows)
}

// writeSpecializationCSV writes one row per place with full-precision
// values.
func writeSpecializationCSV(w io.Writer, t *asymmetry.EmploymentTable, places []asymmetry.PlaceSpecialization, lq, hoover [][]float64) error {
	cw := csv.NewWriter(w)
	header := []string{"place", "total", "hhi", "hhi_normalized", "krugman", "theil", "theil_absolute", "hoover_total",
		"dominant_function", "dominant_lq", "dominant_share"}
	for _, s := range t.Sectors {
		header = append(header, "lq_"+s)
	}
	if hoover != nil {
		for _, p := range t.Places {
			header = append(header, "hoover_"+p)
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for j, p := range places {
		rec := []string{p.Place, g(p.Total), g(p.Herfindahl), g(p.HerfindahlNormalized), g(p.Krugman), g(p.Theil),
			g(p.TheilAbsolute), g(p.HooverToTotal), p.Dominant.Function, g(p.Dominant.LQ), g(p.Dominant.Share)}
		for i := range t.Sectors {
			rec = append(rec, g(lq[i][j]))
		}
		if hoover != nil {
			for _, h := range hoover[j] {
				rec = append(rec, g(h))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
