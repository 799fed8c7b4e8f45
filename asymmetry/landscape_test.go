package asymmetry

import (
	"bytes"
	"context"
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// gridOf is a w x h north-up grid of square cells of side cell metres.
func gridOf(w, h int, cell float64) raster.Grid {
	return raster.Grid{Width: w, Height: h, Transform: raster.Affine{500000, cell, 0, 4000000, 0, -cell}, CRS: raster.CRS{EPSG: 32644}}
}

// labelsOf builds labels from rows of digits ('0' is no data).
func labelsOf(cell float64, rows ...string) *raster.Labels {
	l := raster.NewLabels(gridOf(len(rows[0]), len(rows), cell), nil)
	for r, row := range rows {
		for c, ch := range row {
			l.Data[r*len(row)+c] = uint16(ch - '0')
		}
	}
	return l
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func classRow(t *testing.T, res *LandscapeResult, zone, class uint16) ClassMetrics {
	t.Helper()
	for _, c := range res.Class {
		if c.Zone.Code == zone && c.Class == class {
			return c
		}
	}
	t.Fatalf("no class %d in zone %d", class, zone)
	return ClassMetrics{}
}

// TestLandscapeOneCellIn30mCells works a 3 x 3 map of 30 m cells by hand:
// one class-1 cell in the middle of class 2.
func TestLandscapeOneCellIn30mCells(t *testing.T) {
	res, err := Landscape(context.Background(), labelsOf(30, "222", "212", "222"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2, land := classRow(t, res, 0, 1), classRow(t, res, 0, 2), res.Landscape[0]
	const ta = 9 * 900.0 / 10000 // 0.81 ha
	checks := []struct {
		name      string
		got, want float64
	}{
		{"CA 1", c1.CA, 0.09},
		{"PLAND 1", c1.PLAND, 100.0 / 9},
		{"TE 1 (4 sides of 30 m)", c1.TE, 120},
		{"ED 1", c1.ED, 120 / ta},
		{"LSI 1 (4 sides / 4)", c1.LSI, 1},
		{"AI 1 (one cell: undefined)", c1.AI, math.NaN()},
		{"ENN 1 (alone)", c1.EnnMN, math.NaN()},
		{"TE 2 (boundary is not edge)", c2.TE, 120},
		// 8 cells: min perimeter with m = 2, 8 > m(m+1): 4m+4 = 12 sides;
		// actual 12 boundary + 4 inner sides.
		{"LSI 2", c2.LSI, 16.0 / 12},
		// Like adjacencies of class 2 (single count): 8 cells in a ring,
		// 8 joins; max for n = 8, m = 2: 2·2·1 + 2·4 − 2 = 10.
		{"AI 2", c2.AI, 80},
		{"PD 2 (1 patch per 0.81 ha)", c2.PD, 100 / ta},
		{"TA", land.TA, ta},
		{"TE", land.TE, 120},
		{"LSI (12 + 4 sides over 12)", land.LSI, 16.0 / 12},
		// P1 = 1/9, P2 = 8/9.
		{"SHDI", land.SHDI, -(1.0/9)*math.Log(1.0/9) - (8.0/9)*math.Log(8.0/9)},
		{"SIDI", land.SIDI, 1 - 1.0/81 - 64.0/81},
		// m = 2 < 3.
		{"IJI", land.IJI, math.NaN()},
		// g11 = 0, g12 = 4; g21 = 4, g22 = 16 (8 joins counted twice).
		// CONTAG = 1 + [P1·ln P1 + P2·(0.2 ln(0.2 P2) + 0.8 ln(0.8 P2))] / (2 ln 2).
		{"CONTAG", land.Contag, 100 * (1 + ((1.0/9)*math.Log(1.0/9)+
			(8.0/9)*0.2*math.Log(0.2*8/9)+(8.0/9)*0.8*math.Log(0.8*8/9))/(2*math.Log(2)))},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	p := res.Patch[1] // the class-1 cell is the second patch in row-major order
	if p.Class != 1 || p.Area != 0.09 || p.Perimeter != 120 || p.Gyrate != 0 || p.Shape != 1 || p.Frac != 1 || p.Contig != 0 || !near(p.PARA, 120/0.09) {
		t.Errorf("one-cell patch = %+v", p)
	}
}

// TestLandscapeNeighbourRule: two diagonal pairs are one patch each under
// the 8-cell rule and four one-cell patches √2 cells apart under the 4-cell
// rule.
func TestLandscapeNeighbourRule(t *testing.T) {
	l := labelsOf(10, "12", "21")
	for _, tc := range []struct {
		rule, np int
		enn      float64
	}{{8, 2, math.NaN()}, {4, 4, 10 * math.Sqrt2}} {
		res, err := Landscape(context.Background(), l, &LandscapeOptions{Neighbours: tc.rule})
		if err != nil {
			t.Fatal(err)
		}
		if res.Landscape[0].NP != tc.np || !near(res.Landscape[0].EnnMN, tc.enn) {
			t.Errorf("%d-cell rule: NP %d ENN_MN %v, want %d and %v", tc.rule, res.Landscape[0].NP, res.Landscape[0].EnnMN, tc.np, tc.enn)
		}
	}
	if _, err := Landscape(context.Background(), l, &LandscapeOptions{Neighbours: 6}); err == nil {
		t.Error("6 neighbours accepted")
	}
}

// bruteENN is the definition of ENN computed over all pairs of cells.
func bruteENN(l *raster.Labels, lab []int32, np int) []float64 {
	w := l.Grid.Width
	enn := make([]float64, np)
	for i := range enn {
		enn[i] = math.Inf(1)
	}
	for i, p := range lab {
		if p < 0 {
			continue
		}
		for j, q := range lab {
			if q < 0 || q == p || l.Data[j] != l.Data[i] {
				continue
			}
			d := math.Hypot(float64(i%w-j%w), float64(i/w-j/w))
			enn[p] = math.Min(enn[p], d)
		}
	}
	for i := range enn {
		if math.IsInf(enn[i], 1) {
			enn[i] = math.NaN()
		}
	}
	return enn
}

// TestLandscapeENNAgainstAllPairs checks the bucketed nearest-neighbour
// search against all pairs of cells on random sparse and dense maps.
func TestLandscapeENNAgainstAllPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 12 {
		w, h := 20+rng.IntN(60), 20+rng.IntN(60)
		l := raster.NewLabels(gridOf(w, h, 1), nil)
		density := []float64{0.02, 0.2, 0.6}[trial%3]
		for i := range l.Data {
			if rng.Float64() < density {
				l.Data[i] = uint16(1 + rng.IntN(3))
			}
		}
		for _, rule := range []int{8, 4} {
			res, err := Landscape(context.Background(), l, &LandscapeOptions{Neighbours: rule})
			if err != nil {
				t.Fatal(err)
			}
			key := make([]int32, len(l.Data))
			for i, v := range l.Data {
				key[i] = int32(v) - 1
			}
			lb, err := labelPatches(context.Background(), w, h, key, 3, 1, rule == 8)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteENN(l, lb.lab, len(lb.patches))
			for i, p := range res.Patch {
				if !near(p.ENN, want[i]) {
					t.Fatalf("trial %d rule %d patch %d: ENN %v, all pairs %v", trial, rule, p.ID, p.ENN, want[i])
				}
			}
		}
	}
}

// TestLandscapeZonesAreSeparateLandscapes: with zone labels splitting the
// map into a left and a right half, each zone's rows equal those of its
// half measured alone, and no patch crosses the split.
func TestLandscapeZonesAreSeparateLandscapes(t *testing.T) {
	l := readLandscapeTif(t)
	w, h := l.Grid.Width, l.Grid.Height
	z := raster.NewLabels(l.Grid, []raster.Class{{Code: 1, Name: "west"}, {Code: 2, Name: "east"}})
	for r := range h {
		for c := range w {
			z.Data[r*w+c] = 1 + uint16(2*c/w)
		}
	}
	res, err := Landscape(context.Background(), l, &LandscapeOptions{Zones: z})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Landscape) != 2 || res.Landscape[0].Zone.Name != "west" || res.Landscape[1].Zone.Name != "east" {
		t.Fatalf("landscape rows %+v", res.Landscape)
	}
	for zi, win := range []image.Rectangle{image.Rect(0, 0, w/2, h), image.Rect(w/2, 0, w, h)} {
		half, err := l.Window(win)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := Landscape(context.Background(), half, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := res.Landscape[zi], alone.Landscape[0]
		got.Zone = Zone{}
		if !sameMetrics(got, want) {
			t.Errorf("zone %d: %+v\nalone: %+v", zi+1, got, want)
		}
	}
	// Through a zone set and its pixel-centre coverage: the west half.
	x0, y0 := l.Grid.Transform.Apply(0, 0)
	x1, y1 := l.Grid.Transform.Apply(float64(w/2), float64(h))
	set := &zones.Set{CRS: l.Grid.CRS, Zones: []zones.Zone{{ID: "west", Geometry: orbRect(x0, y0, x1, y1)}}}
	cov, err := zones.Rasterize(context.Background(), set, l.Grid, zones.Center)
	if err != nil {
		t.Fatal(err)
	}
	byCov, err := LandscapeOfZones(context.Background(), l, set, cov, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := byCov.Landscape[0]
	if got.Zone != (Zone{Code: 1, Name: "west"}) {
		t.Errorf("zone %+v", got.Zone)
	}
	got.Zone = res.Landscape[0].Zone
	if !sameMetrics(got, res.Landscape[0]) {
		t.Errorf("coverage zone %+v\nlabels zone %+v", got, res.Landscape[0])
	}
	covExact, err := zones.Rasterize(context.Background(), set, l.Grid, zones.Exact)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LandscapeOfZones(context.Background(), l, set, covExact, nil); err == nil {
		t.Error("exact coverage accepted")
	}
}

// sameMetrics compares two landscape rows, NaN equal to NaN.
func sameMetrics(a, b LandscapeMetrics) bool {
	fa := []float64{a.TA, float64(a.NP), a.PD, a.LPI, a.TE, a.ED, a.LSI, a.AreaMN, a.AreaSD, a.GyrateMN, a.ShapeMN,
		a.FracMN, a.ParaMN, a.ContigMN, a.EnnMN, a.Cohesion, a.AI, a.Division, a.Mesh, a.Split, a.IJI, a.Contag, a.SHDI}
	fb := []float64{b.TA, float64(b.NP), b.PD, b.LPI, b.TE, b.ED, b.LSI, b.AreaMN, b.AreaSD, b.GyrateMN, b.ShapeMN,
		b.FracMN, b.ParaMN, b.ContigMN, b.EnnMN, b.Cohesion, b.AI, b.Division, b.Mesh, b.Split, b.IJI, b.Contag, b.SHDI}
	for i := range fa {
		if !near(fa[i], fb[i]) {
			return false
		}
	}
	return a.Zone == b.Zone
}

// TestLandscapeBackground: a background code behaves as code 0.
func TestLandscapeBackground(t *testing.T) {
	a, err := Landscape(context.Background(), labelsOf(1, "1190", "1290", "3330"), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Landscape(context.Background(), labelsOf(1, "1199", "1299", "3339"), &LandscapeOptions{Background: 9})
	if err != nil {
		t.Fatal(err)
	}
	// 9 and 0 both no data in the first map, only 9 in the second: compare
	// with the first map where 9 is also background.
	a9, err := Landscape(context.Background(), labelsOf(1, "1190", "1290", "3330"), &LandscapeOptions{Background: 9})
	if err != nil {
		t.Fatal(err)
	}
	if !sameMetrics(a9.Landscape[0], b.Landscape[0]) {
		t.Errorf("background 9: %+v\nzeros: %+v", b.Landscape[0], a9.Landscape[0])
	}
	if a.Landscape[0].PR != 4 || b.Landscape[0].PR != 3 {
		t.Errorf("PR %d and %d, want 4 and 3", a.Landscape[0].PR, b.Landscape[0].PR)
	}
	// 7 cells of classes; edges 1|2 (2 sides: left of and above the 2),
	// 1|3 (1) and 2|3 (1): TE = 4 m.
	if !near(b.Landscape[0].TA, 7e-4) || b.Landscape[0].TE != 4 {
		t.Errorf("TA %v TE %v, want 0.0007 ha and 4 m", b.Landscape[0].TA, b.Landscape[0].TE)
	}
}

func TestLandscapeBadInput(t *testing.T) {
	ctx := context.Background()
	l := labelsOf(10, "12", "21")
	rect := l.Grid
	rect.Transform[5] = -20
	bad := []struct {
		name string
		l    *raster.Labels
		opt  *LandscapeOptions
		want string
	}{
		{"nil", nil, nil, "nil labels"},
		{"non-square", &raster.Labels{Grid: rect, Data: l.Data}, nil, "square"},
		{"short data", &raster.Labels{Grid: l.Grid, Data: l.Data[:3]}, nil, "hold 3 codes"},
		{"zones on another grid", l, &LandscapeOptions{Zones: labelsOf(20, "11", "11")}, "zones"},
	}
	for _, b := range bad {
		if _, err := Landscape(ctx, b.l, b.opt); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: error %v, want one containing %q", b.name, err, b.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Landscape(cctx, l, nil); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestLandscapeCSV(t *testing.T) {
	res, err := Landscape(context.Background(), labelsOf(30, "222", "212", "222"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteCSV(&buf, LevelClass); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "zone,zone_name,class,CA,PLAND,NP,PD,") ||
		!strings.HasPrefix(lines[1], "0,,1,0.09,11.11") || !strings.Contains(lines[1], ",NA,") {
		t.Errorf("class CSV:\n%s", buf.String())
	}
	for _, level := range []string{LevelPatch, LevelLandscape} {
		buf.Reset()
		if err := res.WriteCSV(&buf, level); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), "\n"); n != map[string]int{LevelPatch: 3, LevelLandscape: 2}[level] {
			t.Errorf("%s CSV has %d lines:\n%s", level, n, buf.String())
		}
	}
	if err := res.WriteCSV(&buf, "region"); err == nil {
		t.Error("unknown level accepted")
	}
}

// orbRect is the rectangle with corners (x0, y0) and (x1, y1).
func orbRect(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// TestLandscapeDegenerate: a map of no data gives no rows; a map of one
// class is one patch with FRAGSTATS's limits (SHDI = SHEI = 0, CONTAG and
// IJI undefined, DIVISION 0, SPLIT 1).
func TestLandscapeDegenerate(t *testing.T) {
	empty, err := Landscape(context.Background(), labelsOf(10, "000", "000"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Landscape)+len(empty.Class)+len(empty.Patch) != 0 {
		t.Errorf("no-data map gave rows: %+v", empty)
	}
	one, err := Landscape(context.Background(), labelsOf(10, "444", "444"), nil)
	if err != nil {
		t.Fatal(err)
	}
	l := one.Landscape[0]
	if l.NP != 1 || l.PR != 1 || l.SHDI != 0 || l.SHEI != 0 || !math.IsNaN(l.Contag) || !math.IsNaN(l.IJI) ||
		l.Division != 0 || l.Split != 1 || l.LPI != 100 || l.TE != 0 || !near(l.Mesh, 0.06) {
		t.Errorf("one-class map: %+v", l)
	}
}
