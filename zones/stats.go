package zones

import (
	"context"
	"fmt"
	"image"
	"math"
	"runtime"
	"slices"
	"strconv"

	"github.com/borderzone/borderzone/raster"
)

// Layer is one band of a raster to summarise per zone: a raster.Band or
// Stack in memory, a GeoTIFF file read window by window (package
// raster/geotiff), or a categorical raster through LabelsLayer.
type Layer struct {
	// Source hands out the band's windows; its grid must match the
	// CoverageSet's grid.
	Source raster.Source
	// Band is the band's 0-based index in Source.
	Band int
	// Name prefixes the layer's columns ("red" gives red_mean); when empty
	// it is "band<N>" with N the 1-based band number.
	Name string
	// Classes, when set, name the values of a categorical layer in
	// ClassFraction.Name (LabelsLayer fills it from raster.Labels).
	Classes []raster.Class
}

func (l Layer) name() string {
	if l.Name != "" {
		return l.Name
	}
	return "band" + strconv.Itoa(l.Band+1)
}

// CoverageWeight says what weight c_i a covered cell has in the statistics
// (exactextract's coverage_weight argument).
type CoverageWeight int

const (
	// CoverageFraction weights each cell by its coverage fraction (0–1),
	// exactextract's default. Under the Center and AllTouched rules every
	// covered cell weighs 1.
	CoverageFraction CoverageWeight = iota
	// CoverageNone weighs every cell with a positive coverage fraction 1,
	// as rasterstats and a rasterio mask do.
	CoverageNone
)

// StatsOptions tunes Stats. The zero value (or nil) computes count and
// mean with coverage-fraction weights on all cores.
type StatsOptions struct {
	// Stats are the statistics to compute (see ParseStats); nil means
	// count and mean.
	Stats []Stat
	// CoverageWeight chooses c_i; CoverageFraction by default.
	CoverageWeight CoverageWeight
	// Weights is an optional weighting raster (population, crop area, ...)
	// for the weighted_* statistics, on the same grid. Without it w_i = 1
	// and weighted_mean equals mean, and so on.
	Weights *Layer
	// WindowRows is the height in rows of the windows read from each
	// source; 0 uses the source's block height (for a GeoTIFF) taken
	// enough times to reach 256 rows, or 256 rows. The results are the
	// same for any value.
	WindowRows int
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The results
	// are the same for any value.
	Workers int
}

// ClassFraction is the share of a zone taken by one value of a
// categorical layer (frac, weighted_frac).
type ClassFraction struct {
	// Value is the raster value (the class code of a Labels raster).
	Value float64
	// Name is the class's name from Layer.Classes, "" when unknown.
	Name string
	// Fraction is the share, 0–1, of the zone's weight.
	Fraction float64
}

// Row holds the statistics of one zone on one layer.
type Row struct {
	// Zone is the zone's index in the Set (Coverage.Zone).
	Zone int
	// ID is the zone's ID (Zone.ID), or its 1-based position when Stats
	// was given no Set.
	ID string
	// Properties are the zone's GeoJSON properties (nil without a Set).
	Properties map[string]any
	// Layer is the layer's index in the layers given to Stats, LayerName
	// its name.
	Layer     int
	LayerName string
	// Values holds one value per Table.Stats entry, NaN where it is
	// undefined (the mean of an empty zone) or where the statistic is frac
	// or weighted_frac, whose values are in Frac and WeightedFrac.
	Values []float64
	// Frac and WeightedFrac hold, sorted by value, the share of each
	// distinct value when frac or weighted_frac was asked for.
	Frac, WeightedFrac []ClassFraction
}

// Table is the result of Stats: one Row per zone per layer, zone by zone
// in the CoverageSet's order, layers in the given order within a zone.
type Table struct {
	// Stats are the statistics computed, in the order of Row.Values.
	Stats []Stat
	// Layers are the layers' names, in the order given.
	Layers []string
	// Rows holds len(Layers) rows per zone: Rows[z*len(Layers)+l] is zone
	// z (in CoverageSet or Set order) on layer l.
	Rows []Row
}

// Value returns the value of the named statistic (canonical name, as in
// Stat.Name) in the row, and whether the table has it.
func (t *Table) Value(r Row, stat string) (float64, bool) {
	for i, s := range t.Stats {
		if s.Name == stat {
			return r.Values[i], true
		}
	}
	return math.NaN(), false
}

// Stats computes zonal statistics of each layer over the zones of cov,
// exactextract's way (see Stat for the definitions). set gives the zones'
// IDs and properties; it may be nil.
//
// All layers are summarised in one pass over the rows, window by window —
// strips of StatsOptions.WindowRows rows, only the columns some zone
// needs, skipping rows no zone touches — and each zone accumulates the
// rows of a window as it is read, so a raster larger than memory is
// summarised in bounded memory: about three windows of every layer (one
// being read, one queued, one being summarised) and of the weights, a
// small accumulator per zone and layer, and, for the zones the current
// window crosses, 8 bytes per covered cell when a quantile or median is
// asked for (freed when the zone's last row is done) and up to 16 bytes
// per distinct value for majority, minority, variety and frac. The
// coverage is the caller's (4 bytes per cell of each zone's window); see
// StatsOfSet to hold only the coverage of the zones near the current
// window. For a 10980 x 10980 float32 GeoTIFF in 512 x 512 tiles a window
// is 512 rows, 22.5 MB.
//
// Each zone's row is summarised on its own (count, sum and, in a second
// pass over the row, the squared deviations about the row's mean), rows in
// parallel; then each zone merges its rows top to bottom (Chan, Golub and
// LeVeque 1979, "Updating formulae and a pairwise algorithm for computing
// sample variances", for the variance). The results therefore do not
// depend on WindowRows or on the number of workers.
func Stats(ctx context.Context, set *Set, cov *CoverageSet, layers []Layer, opt *StatsOptions) (*Table, error) {
	if cov == nil {
		return nil, fmt.Errorf("zones: Stats: no coverage")
	}
	if err := checkCoverage(set, cov); err != nil {
		return nil, err
	}
	p, o, err := prepare("Stats", cov.Grid, layers, opt)
	if err != nil {
		return nil, err
	}
	accs, err := p.run(ctx, cov, layers, o.Weights, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("zones: Stats: %w", err)
	}
	return p.table(set, cov, layers, accs), nil
}

// prepare checks the layers and options of a Stats call on grid g.
func prepare(caller string, g raster.Grid, layers []Layer, opt *StatsOptions) (*plan, StatsOptions, error) {
	var o StatsOptions
	if opt != nil {
		o = *opt
	}
	if o.Stats == nil {
		o.Stats = []Stat{{Name: "count", op: opCount}, {Name: "mean", op: opMean}}
	}
	if o.CoverageWeight != CoverageFraction && o.CoverageWeight != CoverageNone {
		return nil, o, fmt.Errorf("zones: %s: unknown coverage weight %d", caller, o.CoverageWeight)
	}
	if len(layers) == 0 {
		return nil, o, fmt.Errorf("zones: %s: no layer to summarise", caller)
	}
	for i, l := range layers {
		if err := checkLayer(l, g); err != nil {
			return nil, o, fmt.Errorf("zones: %s: layer %d (%s): %w", caller, i+1, l.name(), err)
		}
	}
	if o.Weights != nil {
		if err := checkLayer(*o.Weights, g); err != nil {
			return nil, o, fmt.Errorf("zones: %s: weights (%s): %w", caller, o.Weights.name(), err)
		}
	}
	p := newPlan(o)
	if p.needArea {
		ca, err := newCellAreas(g)
		if err != nil {
			return nil, o, err
		}
		p.areas = ca
	}
	return p, o, nil
}

// table turns the accumulators into rows, zone by zone.
func (p *plan) table(set *Set, cov *CoverageSet, layers []Layer, accs [][]*zoneAcc) *Table {
	t := &Table{Stats: slices.Clone(p.stats), Rows: make([]Row, len(cov.Zones)*len(layers))}
	for li, l := range layers {
		t.Layers = append(t.Layers, l.name())
		for z, c := range cov.Zones {
			r := Row{Zone: c.Zone, ID: strconv.Itoa(c.Zone + 1), Layer: li, LayerName: l.name()}
			if set != nil {
				r.ID = set.Zones[c.Zone].ID
				r.Properties = set.Zones[c.Zone].Properties
			}
			p.finish(&r, accs[li][z], c.Outside, l.Classes)
			t.Rows[z*len(layers)+li] = r
		}
	}
	return t
}

// checkCoverage checks that every coverage has a window inside the grid,
// the right number of fractions, fractions in 0–1 and a zone of the set.
func checkCoverage(set *Set, cov *CoverageSet) error {
	g := cov.Grid
	if g.Width <= 0 || g.Height <= 0 {
		return fmt.Errorf("zones: Stats: coverage grid %v is empty", g)
	}
	for i, c := range cov.Zones {
		if set != nil && (c.Zone < 0 || c.Zone >= len(set.Zones)) {
			return fmt.Errorf("zones: Stats: coverage %d names zone %d, but the set has %d zones", i, c.Zone, len(set.Zones))
		}
		if c.Window.Empty() {
			if len(c.Frac) != 0 {
				return fmt.Errorf("zones: Stats: zone %d: empty window with %d fractions", c.Zone, len(c.Frac))
			}
		} else {
			if !c.Window.In(g.Rect()) {
				return fmt.Errorf("zones: Stats: zone %d: window %v is not inside grid %v", c.Zone, c.Window, g.Rect())
			}
			if len(c.Frac) != c.Window.Dx()*c.Window.Dy() {
				return fmt.Errorf("zones: Stats: zone %d: window %v needs %d fractions, has %d", c.Zone, c.Window, c.Window.Dx()*c.Window.Dy(), len(c.Frac))
			}
		}
		for k, f := range c.Frac {
			if !(f >= 0 && f <= 1) {
				return fmt.Errorf("zones: Stats: zone %d: coverage fraction %v of cell (%d, %d) is not within 0–1", c.Zone, f, c.Window.Min.X+k%c.Window.Dx(), c.Window.Min.Y+k/c.Window.Dx())
			}
		}
		if !(c.Outside >= 0) || math.IsInf(c.Outside, 0) {
			return fmt.Errorf("zones: Stats: zone %d: outside coverage %v is not a finite non-negative number", c.Zone, c.Outside)
		}
	}
	return nil
}

func checkLayer(l Layer, g raster.Grid) error {
	if l.Source == nil {
		return fmt.Errorf("no source")
	}
	if l.Band < 0 || l.Band >= l.Source.NumBands() {
		return fmt.Errorf("band %d does not exist: the source has %d bands", l.Band+1, l.Source.NumBands())
	}
	return l.Source.RasterGrid().Match(g)
}

// plan holds what a Stats call computes, derived once from the options.
type plan struct {
	stats      []Stat
	none       bool // CoverageNone
	weighted   bool // weights raster given and weighted stats asked
	needValues bool // quantiles
	needHist   bool // majority, minority, variety, frac
	needWHist  bool // weighted_frac with weights
	needArea   bool
	quantiles  []float64
	areas      *cellAreas
	windowRows int
	workers    int
}

func newPlan(o StatsOptions) *plan {
	p := &plan{stats: o.Stats, none: o.CoverageWeight == CoverageNone, windowRows: o.WindowRows, workers: o.Workers}
	if p.workers <= 0 {
		p.workers = runtime.GOMAXPROCS(0)
	}
	for _, s := range o.Stats {
		switch s.op {
		case opQuantile:
			p.needValues = true
			p.quantiles = append(p.quantiles, s.Q)
		case opMajority, opMinority, opVariety, opFrac:
			p.needHist = true
		case opWeightedFrac:
			p.needHist = true
			if o.Weights != nil {
				p.needWHist = true
			}
		case opWeightedSum, opWeightedMean, opWeightedStdev, opWeightedVariance:
			if o.Weights != nil {
				p.weighted = true
			}
		case opArea, opCellArea:
			p.needArea = true
		}
	}
	return p
}

// finish turns a zone's accumulator into the row's values.
func (p *plan) finish(r *Row, a *zoneAcc, outside float64, classes []raster.Class) {
	m := a.m
	wm := m
	if p.weighted {
		wm = a.wm
	}
	qs := a.qs
	if p.needValues && qs == nil {
		qs = quantilesOf(nil, p.quantiles)
	}
	qi := 0
	r.Values = make([]float64, len(p.stats))
	for i, s := range p.stats {
		v := math.NaN()
		switch s.op {
		case opCount:
			v = m.w
		case opSum:
			v = m.sum
		case opMean:
			v = m.mean()
		case opMin:
			v = m.minimum()
		case opMax:
			v = m.maximum()
		case opRange:
			v = m.maximum() - m.minimum()
		case opVariance:
			v = m.variance()
		case opStdev:
			v = math.Sqrt(m.variance())
		case opCV:
			v = math.Sqrt(m.variance()) / m.mean()
		case opQuantile:
			v = qs[qi]
			qi++
		case opMajority, opMinority:
			v = extremeClass(a.hist, s.op == opMajority)
		case opVariety:
			v = float64(len(a.hist))
		case opFrac:
			r.Frac = fractions(a.hist, classes)
		case opWeightedFrac:
			if p.needWHist {
				r.WeightedFrac = fractions(a.whist, classes)
			} else {
				r.WeightedFrac = fractions(a.hist, classes)
			}
		case opWeightedSum:
			v = wm.sum
		case opWeightedMean:
			v = wm.mean()
		case opWeightedVariance:
			v = wm.variance()
		case opWeightedStdev:
			v = math.Sqrt(wm.variance())
		case opNodata:
			v = a.nodata
		case opOutside:
			v = outside
		case opArea:
			v = a.area
		case opCellArea:
			v = a.area / a.fsum
		}
		r.Values[i] = v
	}
}

// extremeClass returns the value with the largest (majority) or smallest
// weight; ties go to the smallest value; NaN when there is none.
func extremeClass(h map[float32]float64, majority bool) float64 {
	keys := sortedKeys(h)
	if len(keys) == 0 {
		return math.NaN()
	}
	best := keys[0]
	for _, k := range keys[1:] {
		if (majority && h[k] > h[best]) || (!majority && h[k] < h[best]) {
			best = k
		}
	}
	return float64(best)
}

func sortedKeys(h map[float32]float64) []float32 {
	keys := make([]float32, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fractions returns each value's share of the histogram's total weight,
// summed in value order.
func fractions(h map[float32]float64, classes []raster.Class) []ClassFraction {
	keys := sortedKeys(h)
	total := 0.0
	for _, k := range keys {
		total += h[k]
	}
	out := make([]ClassFraction, 0, len(keys))
	for _, k := range keys {
		cf := ClassFraction{Value: float64(k), Fraction: h[k] / total}
		if k >= 1 && k <= 65535 && k == float32(math.Trunc(float64(k))) {
			for _, c := range classes {
				if float32(c.Code) == k {
					cf.Name = c.Name
					break
				}
			}
		}
		out = append(out, cf)
	}
	return out
}

// rowsOf returns the rows [r0, r1) of window w that lie inside rows [y0, y1).
func rowsOf(w image.Rectangle, y0, y1 int) (r0, r1 int) {
	return max(w.Min.Y, y0), min(w.Max.Y, y1)
}
