package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("accuracy", "confusion matrix, accuracy and kappa of a classified map; area-adjusted estimates from a stratified sample", runAccuracy)
}

// runAccuracy implements
//
//	borderzone accuracy -reference ref.tif -map map.tif [-band N] [-o table.csv] [-matrix matrix.csv]
//	borderzone accuracy -samples pairs.csv (-map map.tif | -areas areas.csv) [-o table.csv] [-matrix matrix.csv]
//	borderzone accuracy -draw N -map map.tif [-min 50] [-seed 1] -o sample.csv
//
// The first form compares two class rasters on the same grid pixel by
// pixel (pixels that are 0 or nodata in either are left out). The second
// takes a stratified random sample as a CSV with columns "reference" and
// "map" (class codes; other columns are ignored) and the mapped area of
// each class — from the map (pixel counts times cell area, hectares) or from
// a CSV with columns "class" and "area" (any unit) — and prints the
// area-adjusted estimates of Olofsson et al. (2014) with 95 % confidence
// intervals.
//
// -o writes one row per class and a last row "overall"; -matrix writes the
// error matrix (rows: map classes, columns: reference classes).
//
// The third form designs the sample: N units allocated to the map classes
// in proportion to their area and raised to at least -min per class
// (Olofsson et al. 2014, §5.1.2), drawn at random with the seed, written
// as id, col, row, x, y (pixel centre in the map's CRS), map and an empty
// reference column for the interpreter to fill in — the file the second
// form reads back.
func runAccuracy(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("accuracy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	refPath := fs.String("reference", "", "reference class raster (GeoTIFF, Byte or UInt16)")
	mapPath := fs.String("map", "", "classified map (GeoTIFF, Byte or UInt16)")
	band := fs.Int("band", 1, "band of both rasters to read (1-based)")
	samples := fs.String("samples", "", "CSV of sample units with columns reference and map (Olofsson estimates)")
	areas := fs.String("areas", "", "CSV of mapped areas with columns class and area (instead of -map, with -samples)")
	out := fs.String("o", "", "write the per-class table to this CSV (default: standard output)")
	matrix := fs.String("matrix", "", "also write the error matrix to this CSV")
	draw := fs.Int("draw", 0, "design a stratified random sample of this many units from -map and write it to -o")
	minPer := fs.Int("min", 50, "with -draw: at least this many units per map class")
	seed := fs.Uint64("seed", 1, "with -draw: random seed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone accuracy -reference ref.tif -map map.tif [-o table.csv] [-matrix matrix.csv]\n       borderzone accuracy -samples pairs.csv (-map map.tif | -areas areas.csv) [-o table.csv]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *draw != 0 {
		if fs.NArg() != 0 || *draw < 0 || *mapPath == "" || *out == "" || *refPath != "" || *samples != "" || *areas != "" {
			fs.Usage()
			return 2
		}
		if err := drawSample(*mapPath, *band, *draw, *minPer, *seed, *out); err != nil {
			fmt.Fprintf(stderr, "borderzone accuracy: %v\n", oneLine(err))
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s\n", *out)
		return 0
	}
	sampleMode := *samples != ""
	if fs.NArg() != 0 || (!sampleMode && (*refPath == "" || *mapPath == "" || *areas != "")) ||
		(sampleMode && (*refPath != "" || (*mapPath == "") == (*areas == ""))) {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone accuracy: %v\n", oneLine(err))
		return 1
	}
	ctx := context.Background()
	var names map[uint16]string
	var cm *classify.ConfusionMatrix
	var est *classify.AreaEstimate
	if !sampleMode {
		ref, err := readLabelsFile(ctx, *refPath, *band)
		if err != nil {
			return fail(err)
		}
		mp, err := readLabelsFile(ctx, *mapPath, *band)
		if err != nil {
			return fail(err)
		}
		if cm, err = classify.ConfusionFromLabels(ref, mp); err != nil {
			return fail(fmt.Errorf("%s and %s: %w", *refPath, *mapPath, err))
		}
		names = classNames(mp, ref)
	} else {
		refCodes, mapCodes, err := readSamplePairs(*samples)
		if err != nil {
			return fail(err)
		}
		if cm, err = classify.NewConfusionMatrix(refCodes, mapCodes); err != nil {
			return fail(fmt.Errorf("%s: %w", *samples, err))
		}
		var mapped map[uint16]float64
		if *mapPath != "" {
			mp, err := readLabelsFile(ctx, *mapPath, *band)
			if err != nil {
				return fail(err)
			}
			rows, err := classify.CellAreas(mp.Grid)
			if err != nil {
				return fail(fmt.Errorf("%s: %w", *mapPath, err))
			}
			mapped = map[uint16]float64{}
			w := mp.Grid.Width
			for i, c := range mp.Data {
				if c != 0 {
					mapped[c] += rows[i/w] / 1e4
				}
			}
			names = classNames(mp)
		} else if mapped, err = readAreas(*areas); err != nil {
			return fail(err)
		}
		if est, err = classify.EstimateAreas(cm, mapped); err != nil {
			return fail(fmt.Errorf("%s: %w", *samples, err))
		}
	}
	if len(cm.Codes) == 0 {
		return fail(errors.New("no pixel or sample unit has a class in both reference and map"))
	}
	var rows [][]string
	if est == nil {
		rows = pixelAccuracyTable(cm, names)
	} else {
		rows = sampleAccuracyTable(cm, est, names)
	}
	if err := writeCSV(*out, stdout, rows); err != nil {
		return fail(err)
	}
	if *matrix != "" {
		if err := writeCSV(*matrix, stdout, matrixTable(cm)); err != nil {
			return fail(err)
		}
	}
	if *out != "" {
		if est == nil {
			fmt.Fprintf(stdout, "%d pixels, %d classes: overall accuracy %.4f, kappa %.4f; wrote %s\n", cm.Total(), len(cm.Codes), cm.OverallAccuracy(), cm.Kappa(), *out)
		} else {
			fmt.Fprintf(stdout, "%d sample units, %d strata: overall accuracy %.4f ± %.4f (95 %%); wrote %s\n", cm.Total(), len(cm.Codes), est.OverallAccuracy, classify.Z95*est.OverallSE, *out)
		}
	}
	return 0
}

func pixelAccuracyTable(cm *classify.ConfusionMatrix, names map[uint16]string) [][]string {
	rows := [][]string{{"class", "name", "map_pixels", "reference_pixels", "correct", "users_accuracy", "producers_accuracy", "f1", "kappa"}}
	mt, rt := cm.RowTotals(), cm.ColumnTotals()
	ua, pa, f1 := cm.UsersAccuracy(), cm.ProducersAccuracy(), cm.F1()
	var diag int64
	for i, c := range cm.Codes {
		diag += cm.At(i, i)
		rows = append(rows, []string{strconv.Itoa(int(c)), names[c], itoa(mt[i]), itoa(rt[i]), itoa(cm.At(i, i)), ftoa(ua[i]), ftoa(pa[i]), ftoa(f1[i]), ""})
	}
	n, oa := itoa(cm.Total()), ftoa(cm.OverallAccuracy())
	return append(rows, []string{"overall", "", n, n, itoa(diag), oa, oa, "", ftoa(cm.Kappa())})
}

func sampleAccuracyTable(cm *classify.ConfusionMatrix, e *classify.AreaEstimate, names map[uint16]string) [][]string {
	rows := [][]string{{"class", "name", "mapped_area", "sample_units", "estimated_area", "area_ci95", "users_accuracy", "users_ci95", "producers_accuracy", "producers_ci95"}}
	n := cm.RowTotals()
	z := classify.Z95
	for i, c := range e.Codes {
		rows = append(rows, []string{strconv.Itoa(int(c)), names[c], ftoa(e.Weights[i] * e.TotalArea), itoa(n[i]),
			ftoa(e.Area[i]), ftoa(z * e.AreaSE[i]), ftoa(e.UsersAccuracy[i]), ftoa(z * e.UsersSE[i]), ftoa(e.ProducersAccuracy[i]), ftoa(z * e.ProducersSE[i])})
	}
	oa, ci := ftoa(e.OverallAccuracy), ftoa(z*e.OverallSE)
	return append(rows, []string{"overall", "", ftoa(e.TotalArea), itoa(cm.Total()), ftoa(e.TotalArea), "", oa, ci, oa, ci})
}

func matrixTable(cm *classify.ConfusionMatrix) [][]string {
	head := []string{`map\reference`}
	for _, c := range cm.Codes {
		head = append(head, strconv.Itoa(int(c)))
	}
	rows := [][]string{head}
	for i, c := range cm.Codes {
		r := []string{strconv.Itoa(int(c))}
		for j := range cm.Codes {
			r = append(r, itoa(cm.At(i, j)))
		}
		rows = append(rows, r)
	}
	return rows
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ftoa(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

// writeCSV writes rows to path, or to w when path is empty.
func writeCSV(path string, w io.Writer, rows [][]string) error {
	if path == "" {
		cw := csv.NewWriter(w)
		cw.WriteAll(rows)
		return cw.Error()
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readLabelsFile reads band (1-based) of a GeoTIFF as class labels.
func readLabelsFile(ctx context.Context, path string, band int) (*raster.Labels, error) {
	f, err := geotiff.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if band < 1 || band > f.NumBands() {
		return nil, fmt.Errorf("%s: band %d out of range 1..%d", path, band, f.NumBands())
	}
	l, err := f.ReadLabels(ctx, band-1, f.RasterGrid().Rect())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// classNames collects class names from the class tables, the first table
// that names a code winning; codes named only by their number are left out.
func classNames(ls ...*raster.Labels) map[uint16]string {
	names := map[uint16]string{}
	for _, l := range ls {
		for _, c := range l.Classes {
			if _, ok := names[c.Code]; !ok && c.Name != strconv.Itoa(int(c.Code)) {
				names[c.Code] = c.Name
			}
		}
	}
	return names
}

// readCSVTable reads a CSV with a header and returns, for each wanted
// column (matched case-insensitively), its values as class codes or numbers.
func readCSVTable(path string, want ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	idx := make([]int, len(want))
	for k, name := range want {
		idx[k] = -1
		for i, h := range head {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				idx[k] = i
			}
		}
		if idx[k] < 0 {
			return nil, fmt.Errorf("%s: no column %q in the header %q", path, name, strings.Join(head, ","))
		}
	}
	var out [][]string
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := make([]string, len(want))
		for k, i := range idx {
			if i >= len(rec) {
				return nil, fmt.Errorf("%s: line %d has no %s column", path, line, want[k])
			}
			row[k] = strings.TrimSpace(rec[i])
		}
		out = append(out, row)
		if len(out) > 50_000_000 {
			return nil, fmt.Errorf("%s: more than 50 million rows", path)
		}
	}
	return out, nil
}

func parseCode(s, path string, line int, column string) (uint16, error) {
	v, err := strconv.ParseUint(s, 10, 16)
	if err != nil || v == 0 {
		return 0, fmt.Errorf("%s: line %d: %s %q is not a class code 1–65535", path, line, column, s)
	}
	return uint16(v), nil
}

func readSamplePairs(path string) (ref, mp []uint16, err error) {
	rows, err := readCSVTable(path, "reference", "map")
	if err != nil {
		return nil, nil, err
	}
	for k, row := range rows {
		r, err := parseCode(row[0], path, k+2, "reference")
		if err != nil {
			return nil, nil, err
		}
		m, err := parseCode(row[1], path, k+2, "map")
		if err != nil {
			return nil, nil, err
		}
		ref, mp = append(ref, r), append(mp, m)
	}
	if len(ref) == 0 {
		return nil, nil, fmt.Errorf("%s: no sample units", path)
	}
	return ref, mp, nil
}

func readAreas(path string) (map[uint16]float64, error) {
	rows, err := readCSVTable(path, "class", "area")
	if err != nil {
		return nil, err
	}
	out := map[uint16]float64{}
	for k, row := range rows {
		c, err := parseCode(row[0], path, k+2, "class")
		if err != nil {
			return nil, err
		}
		a, err := strconv.ParseFloat(row[1], 64)
		if err != nil || !(a > 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("%s: line %d: area %q is not a positive number", path, k+2, row[1])
		}
		if _, dup := out[c]; dup {
			return nil, fmt.Errorf("%s: line %d: class %d given twice", path, k+2, c)
		}
		out[c] = a
	}
	return out, nil
}

// drawSample writes a stratified random sample of map to out.
func drawSample(mapPath string, band, n, minPer int, seed uint64, out string) error {
	ctx := context.Background()
	mp, err := readLabelsFile(ctx, mapPath, band)
	if err != nil {
		return err
	}
	sizes, err := classify.AllocateSample(classify.PixelCounts(mp), n, minPer)
	if err != nil {
		return fmt.Errorf("%s: %w", mapPath, err)
	}
	units, err := classify.StratifiedSample(ctx, mp, sizes, seed)
	if err != nil {
		return fmt.Errorf("%s: %w", mapPath, err)
	}
	rows := [][]string{{"id", "col", "row", "x", "y", "map", "reference"}}
	for i, u := range units {
		x, y := mp.Grid.Center(u.Col, u.Row)
		rows = append(rows, []string{strconv.Itoa(i + 1), strconv.Itoa(u.Col), strconv.Itoa(u.Row), ftoa(x), ftoa(y), strconv.Itoa(int(u.Stratum)), ""})
	}
	return writeCSV(out, nil, rows)
}
