package zones

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Stat is one zonal statistic, chosen by name with ParseStats. Its Name is
// the canonical name used in column headers ("mean", "q25", "frac").
//
// The definitions follow exactextract's (Baston, "exactextract", ISciences,
// https://github.com/isciences/exactextract, doc/operations.rst). In the
// formulas x_i is the value of cell i, c_i its coverage weight (the cell's
// coverage fraction 0–1 under StatsOptions.CoverageWeight = CoverageFraction,
// the default, or 1 for every covered cell under CoverageNone) and w_i the
// value of the weighting raster (StatsOptions.Weights; 1 when there is
// none). Only cells with c_i > 0 and a value that is not NaN take part,
// except in nodata, outside and area.
//
//	count      Σc_i (under the Center and AllTouched rules: the number of cells)
//	sum        Σc_i·x_i
//	mean       Σc_i·x_i / Σc_i
//	min, max   smallest and largest x_i, coverage not considered
//	range      max − min
//	variance   Σc_i·(x_i − mean)² / Σc_i, the population variance (numpy.var
//	           with ddof=0, numpy.average for the weighted form)
//	stdev      √variance, the population standard deviation (numpy.std, ddof=0)
//	coefficient_of_variation  stdev / mean
//	median, qNN  weighted quantiles (see WeightedQuantile): NN is a percentage,
//	           q25 is the 0.25 quantile, q2.5 the 0.025 quantile. With unit
//	           weights they are numpy.quantile(x, q, method="linear"),
//	           definition 7 of Hyndman and Fan (1996), "Sample quantiles in
//	           statistical packages", The American Statistician 50:361–365.
//	majority, minority  the value with the largest (smallest) Σc_i; ties go to
//	           the smallest value
//	variety    the number of distinct values
//	frac       for each distinct value v, Σ_{x_i=v} c_i / Σc_i
//	weighted_frac  for each distinct value v, Σ_{x_i=v} c_i·w_i / Σc_i·w_i
//	weighted_sum, weighted_mean, weighted_variance, weighted_stdev
//	           the forms above with c_i·w_i in place of c_i; cells whose
//	           weight is NaN are left out of them
//	nodata     Σc_i over the covered cells whose value is NaN
//	outside    Coverage.Outside: what the zone has beyond the raster's edge,
//	           in the same unit as count (cells, or summed fractions)
//	area       Σf_i·a_i in m², f_i the coverage fraction and a_i the cell's
//	           area (see CellArea), over every covered cell of the raster
//	           whether its value is NaN or not: the zone's area inside the
//	           grid (divide by 10⁴ for hectares)
//	cell_area  area / Σf_i: the mean area of the zone's cells in m²
//
// count + nodata + outside is the zone's whole coverage, in cells.
type Stat struct {
	// Name is the canonical name, used in column headers.
	Name string
	// Q is the quantile (0–1) of median (0.5) and qNN; 0 otherwise.
	Q  float64
	op statOp
}

type statOp int

const (
	opCount statOp = iota
	opSum
	opMean
	opMin
	opMax
	opRange
	opStdev
	opVariance
	opCV
	opQuantile
	opMajority
	opMinority
	opVariety
	opFrac
	opWeightedFrac
	opWeightedSum
	opWeightedMean
	opWeightedStdev
	opWeightedVariance
	opNodata
	opOutside
	opArea
	opCellArea
)

// statNames maps every accepted name (and alias) to its operation and
// canonical name.
var statNames = map[string]struct {
	op   statOp
	name string
}{
	"count":                    {opCount, "count"},
	"sum":                      {opSum, "sum"},
	"mean":                     {opMean, "mean"},
	"min":                      {opMin, "min"},
	"max":                      {opMax, "max"},
	"range":                    {opRange, "range"},
	"stdev":                    {opStdev, "stdev"},
	"std":                      {opStdev, "stdev"},
	"variance":                 {opVariance, "variance"},
	"var":                      {opVariance, "variance"},
	"coefficient_of_variation": {opCV, "coefficient_of_variation"},
	"cv":                       {opCV, "coefficient_of_variation"},
	"majority":                 {opMajority, "majority"},
	"mode":                     {opMajority, "majority"},
	"minority":                 {opMinority, "minority"},
	"variety":                  {opVariety, "variety"},
	"frac":                     {opFrac, "frac"},
	"weighted_frac":            {opWeightedFrac, "weighted_frac"},
	"weighted_sum":             {opWeightedSum, "weighted_sum"},
	"weighted_mean":            {opWeightedMean, "weighted_mean"},
	"weighted_stdev":           {opWeightedStdev, "weighted_stdev"},
	"weighted_variance":        {opWeightedVariance, "weighted_variance"},
	"nodata":                   {opNodata, "nodata"},
	"outside":                  {opOutside, "outside"},
	"area":                     {opArea, "area"},
	"cell_area":                {opCellArea, "cell_area"},
}

// ParseStats parses a comma-separated list of statistic names such as
// "mean,count,q25,median,frac" (see Stat for the names; "std", "var", "cv"
// and "mode" are accepted for stdev, variance, coefficient_of_variation and
// majority). Names are case-insensitive; spaces around them are ignored; a
// statistic named twice is kept once. Unknown names and quantiles outside
// 0–100 % are an error naming them.
func ParseStats(list string) ([]Stat, error) {
	var out []Stat
	seen := map[string]bool{}
	for _, raw := range strings.Split(list, ",") {
		name := strings.ToLower(strings.TrimSpace(raw))
		if name == "" {
			continue
		}
		s, err := parseStat(name)
		if err != nil {
			return nil, err
		}
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("zones: no statistic named in %q", list)
	}
	return out, nil
}

func parseStat(name string) (Stat, error) {
	if e, ok := statNames[name]; ok {
		return Stat{Name: e.name, op: e.op}, nil
	}
	if name == "median" {
		return Stat{Name: "median", Q: 0.5, op: opQuantile}, nil
	}
	if pct, ok := strings.CutPrefix(name, "q"); ok && pct != "" {
		p, err := strconv.ParseFloat(pct, 64)
		if err != nil || math.IsNaN(p) || p < 0 || p > 100 {
			return Stat{}, fmt.Errorf("zones: statistic %q: a quantile is q followed by a percentage 0–100 (q25, q2.5)", name)
		}
		return Stat{Name: "q" + strconv.FormatFloat(p, 'f', -1, 64), Q: p / 100, op: opQuantile}, nil
	}
	return Stat{}, fmt.Errorf("zones: unknown statistic %q (known: count, sum, mean, min, max, range, stdev, variance, coefficient_of_variation, median, qNN, majority, minority, variety, frac, weighted_frac, weighted_sum, weighted_mean, weighted_stdev, weighted_variance, nodata, outside, area, cell_area)", name)
}

// isClassStat reports whether the statistic expands to one value per
// distinct raster value (frac, weighted_frac).
func (s Stat) isClassStat() bool { return s.op == opFrac || s.op == opWeightedFrac }
