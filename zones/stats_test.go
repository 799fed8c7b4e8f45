package zones

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"image"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// statsFixture is testdata/stats_inputs.json, written by stats_golden.py.
type statsFixture struct {
	Width, Height int
	EPSG          int
	Transform     raster.Affine
	Layers        map[string][]*float64
	Weights       []*float64
	Zones         []struct {
		Window  [4]int
		Frac    []*float64
		Outside float64
	}
}

func f32s(v []*float64) []float32 {
	out := make([]float32, len(v))
	for i, p := range v {
		if p == nil {
			out[i] = float32(math.NaN())
		} else {
			out[i] = float32(*p)
		}
	}
	return out
}

// loadStatsFixture returns the fixture's layers (cont, cat), weights and
// coverage.
func loadStatsFixture(t testing.TB) (cont, cat, wts *raster.Band, cov *CoverageSet) {
	t.Helper()
	data, err := os.ReadFile("testdata/stats_inputs.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx statsFixture
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	g := raster.Grid{Width: fx.Width, Height: fx.Height, Transform: fx.Transform, CRS: raster.CRS{EPSG: fx.EPSG}}
	cont = &raster.Band{Grid: g, Name: "cont", Data: f32s(fx.Layers["cont"])}
	cat = &raster.Band{Grid: g, Name: "cat", Data: f32s(fx.Layers["cat"])}
	wts = &raster.Band{Grid: g, Name: "weights", Data: f32s(fx.Weights)}
	cov = &CoverageSet{Grid: g, Rule: Exact}
	for i, z := range fx.Zones {
		cov.Zones = append(cov.Zones, Coverage{
			Zone:    i,
			Window:  image.Rect(z.Window[0], z.Window[1], z.Window[2], z.Window[3]),
			Frac:    f32s(z.Frac),
			Outside: z.Outside,
		})
	}
	return cont, cat, wts, cov
}

const allStats = "count,sum,mean,min,max,range,stdev,variance,cv,median,q25,q90,q2.5,q0,q100," +
	"majority,minority,variety,frac,weighted_frac,weighted_sum,weighted_mean,weighted_stdev," +
	"weighted_variance,nodata,outside,area,cell_area"

// golden reads stats_golden.csv: mode → zone → layer → stat → value.
func golden(t *testing.T) map[string]map[int]map[string]map[string]float64 {
	t.Helper()
	f, err := os.Open("testdata/stats_golden.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int]map[string]map[string]float64{}
	for _, r := range recs[1:] {
		z, _ := strconv.Atoi(r[1])
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Fatalf("golden %v: %v", r, err)
		}
		if out[r[0]] == nil {
			out[r[0]] = map[int]map[string]map[string]float64{}
		}
		if out[r[0]][z] == nil {
			out[r[0]][z] = map[string]map[string]float64{}
		}
		if out[r[0]][z][r[2]] == nil {
			out[r[0]][z][r[2]] = map[string]float64{}
		}
		out[r[0]][z][r[2]][r[3]] = v
	}
	return out
}

func closeTo(got, want float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-10*math.Max(1, math.Abs(want))
}

// TestStatsMatchNumpy checks every statistic of every zone against numpy's
// (testdata/stats_golden.py) under both coverage weights.
func TestStatsMatchNumpy(t *testing.T) {
	cont, cat, wts, cov := loadStatsFixture(t)
	gold := golden(t)
	stats, err := ParseStats(allStats)
	if err != nil {
		t.Fatal(err)
	}
	for mode, cw := range map[string]CoverageWeight{"fraction": CoverageFraction, "none": CoverageNone} {
		tab, err := Stats(context.Background(), nil, cov,
			[]Layer{{Source: cont, Name: "cont"}, {Source: cat, Name: "cat"}},
			&StatsOptions{Stats: stats, CoverageWeight: cw, Weights: &Layer{Source: wts}})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 2*len(cov.Zones) {
			t.Fatalf("%d rows, want %d", len(tab.Rows), 2*len(cov.Zones))
		}
		checked := 0
		for _, r := range tab.Rows {
			want := gold[mode][r.Zone][r.LayerName]
			if want == nil {
				t.Fatalf("%s: no golden values for zone %d layer %s", mode, r.Zone, r.LayerName)
			}
			if r.ID != strconv.Itoa(r.Zone+1) {
				t.Errorf("zone %d: ID %q", r.Zone, r.ID)
			}
			nfrac, nwfrac := 0, 0
			for stat, w := range want {
				var got float64
				switch {
				case strings.HasPrefix(stat, "frac_"):
					got = findFrac(r.Frac, stat[len("frac_"):])
					nfrac++
				case strings.HasPrefix(stat, "weighted_frac_"):
					got = findFrac(r.WeightedFrac, stat[len("weighted_frac_"):])
					nwfrac++
				default:
					var ok bool
					got, ok = tab.Value(r, stat)
					if !ok {
						t.Fatalf("no statistic %q in the table", stat)
					}
				}
				if !closeTo(got, w) {
					t.Errorf("%s zone %d %s %s = %.17g, numpy %.17g", mode, r.Zone, r.LayerName, stat, got, w)
				}
				checked++
			}
			if r.LayerName == "cat" && (nfrac != len(r.Frac) || nwfrac != len(r.WeightedFrac)) {
				t.Errorf("%s zone %d: %d/%d class fractions, numpy has %d/%d", mode, r.Zone, len(r.Frac), len(r.WeightedFrac), nfrac, nwfrac)
			}
		}
		if checked < 500 {
			t.Errorf("%s: only %d values checked", mode, checked)
		}
	}
}

func findFrac(fs []ClassFraction, value string) float64 {
	v, _ := strconv.ParseFloat(value, 64)
	for _, f := range fs {
		if f.Value == v {
			return f.Fraction
		}
	}
	return math.NaN()
}

// TestStatsWindowInvariance runs the same statistics with windows of 1, 2,
// 3, 5, 7, 16, 29 and 100 rows and 1, 2 and 5 workers: every value must be
// bit-for-bit the same (issue 6 names results that change with the
// streaming window size as a known exactextract bug).
func TestStatsWindowInvariance(t *testing.T) {
	cont, cat, wts, cov := loadStatsFixture(t)
	stats, err := ParseStats(allStats)
	if err != nil {
		t.Fatal(err)
	}
	run := func(rows, workers int) *Table {
		tab, err := Stats(context.Background(), nil, cov,
			[]Layer{{Source: cont, Name: "cont"}, {Source: cat, Name: "cat"}},
			&StatsOptions{Stats: stats, Weights: &Layer{Source: wts}, WindowRows: rows, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	ref := run(1, 1)
	for _, rows := range []int{1, 2, 3, 5, 7, 16, 29, 100} {
		for _, workers := range []int{1, 2, 5} {
			tab := run(rows, workers)
			for i, r := range tab.Rows {
				for j, v := range r.Values {
					w := ref.Rows[i].Values[j]
					if math.Float64bits(v) != math.Float64bits(w) && !(math.IsNaN(v) && math.IsNaN(w)) {
						t.Errorf("rows %d workers %d: zone %d %s %s = %.17g, with 1-row windows %.17g",
							rows, workers, r.Zone, r.LayerName, tab.Stats[j].Name, v, w)
					}
				}
				for k, f := range r.Frac {
					if f != ref.Rows[i].Frac[k] {
						t.Errorf("rows %d workers %d: zone %d frac %v, with 1-row windows %v", rows, workers, r.Zone, f, ref.Rows[i].Frac[k])
					}
				}
			}
		}
	}
}

// TestStatsLabelsLayer checks that a Labels raster gives the same class
// fractions as the float band holding the same codes, with class names.
func TestStatsLabelsLayer(t *testing.T) {
	_, cat, _, cov := loadStatsFixture(t)
	lab := raster.NewLabels(cat.Grid, []raster.Class{{Code: 1, Name: "water"}, {Code: 3, Name: "built-up"}})
	for i, v := range cat.Data {
		if !math.IsNaN(float64(v)) {
			lab.Data[i] = uint16(v)
		}
	}
	stats, _ := ParseStats("frac,majority,variety,count")
	opt := &StatsOptions{Stats: stats}
	a, err := Stats(context.Background(), nil, cov, []Layer{{Source: cat}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Stats(context.Background(), nil, cov, []Layer{LabelsLayer(lab, "lc")}, opt)
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for i := range a.Rows {
		ra, rb := a.Rows[i], b.Rows[i]
		for j := range ra.Values {
			if !closeTo(rb.Values[j], ra.Values[j]) {
				t.Errorf("zone %d %s: labels %v, band %v", ra.Zone, a.Stats[j].Name, rb.Values[j], ra.Values[j])
			}
		}
		if len(ra.Frac) != len(rb.Frac) {
			t.Fatalf("zone %d: %d fractions from labels, %d from the band", ra.Zone, len(rb.Frac), len(ra.Frac))
		}
		for k := range ra.Frac {
			if ra.Frac[k].Value != rb.Frac[k].Value || ra.Frac[k].Fraction != rb.Frac[k].Fraction {
				t.Errorf("zone %d: labels %v, band %v", ra.Zone, rb.Frac[k], ra.Frac[k])
			}
			want := map[float64]string{1: "water", 3: "built-up"}[rb.Frac[k].Value]
			if rb.Frac[k].Name != want {
				t.Errorf("zone %d class %v named %q, want %q", ra.Zone, rb.Frac[k].Value, rb.Frac[k].Name, want)
			}
			if want != "" {
				named++
			}
		}
	}
	if named == 0 {
		t.Error("no class name reached the fractions")
	}
}

// TestStatsCountPlusNodataPlusOutside: count + nodata + outside is the
// zone's whole coverage (Σ fractions + Outside), worked from the fixture's
// fractions directly.
func TestStatsCountPlusNodataPlusOutside(t *testing.T) {
	cont, _, _, cov := loadStatsFixture(t)
	stats, _ := ParseStats("count,nodata,outside")
	tab, err := Stats(context.Background(), nil, cov, []Layer{{Source: cont}}, &StatsOptions{Stats: stats})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range tab.Rows {
		total := cov.Zones[i].Outside
		for _, f := range cov.Zones[i].Frac {
			total += float64(f)
		}
		got := r.Values[0] + r.Values[1] + r.Values[2]
		if math.Abs(got-total) > 1e-9 {
			t.Errorf("zone %d: count+nodata+outside = %v, coverage %v", r.Zone, got, total)
		}
	}
}

// TestWeightedQuantileUnitWeights: with unit weights the quantiles are
// numpy.quantile(x, q, method="linear") — here values worked by hand from
// its definition, position q·(n−1) interpolated linearly: for x = 10, 20,
// 30, 40, 50 the 0.1 quantile is at 0.4 → 14, 0.5 → 30, 0.9 at 3.6 → 46.
func TestWeightedQuantileUnitWeights(t *testing.T) {
	x := []float64{50, 10, 40, 20, 30}
	w := []float64{1, 1, 1, 1, 1}
	for q, want := range map[float64]float64{0: 10, 0.1: 14, 0.5: 30, 0.9: 46, 1: 50} {
		if got := WeightedQuantile(x, w, q); math.Abs(got-want) > 1e-12 {
			t.Errorf("q %v: %v, want %v", q, got, want)
		}
	}
	for _, bad := range [][]float64{{1, 0, 1, 1, 1}, {1, -1, 1, 1, 1}, {1, math.NaN(), 1, 1, 1}} {
		if got := WeightedQuantile(x, bad, 0.5); !math.IsNaN(got) {
			t.Errorf("weights %v: %v, want NaN", bad, got)
		}
	}
	if got := WeightedQuantile(nil, nil, 0.5); !math.IsNaN(got) {
		t.Errorf("no values: %v", got)
	}
}
