package asymmetry

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// specClose reports whether got is within 1e-9 (absolute or relative) of
// want; infinities must match exactly.
func specClose(got, want float64) bool {
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func specCheckSlice(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for k := range want {
		if !specClose(got[k], want[k]) {
			t.Errorf("%s[%d] = %.10g, want %.10g", what, k, got[k], want[k])
		}
	}
}

// specTableTwoPlaces is a 3-sector x 2-place table worked by hand below:
//
//	        X    Y    E_i
//	a      30   10     40
//	b      10   30     40
//	c      60    0     60
//	e_j   100   40    140 = E
//
// Shares s_ij = e_ij/e_j: X (.3, .1, .6), Y (.25, .75, 0).
// All-places structure E_i/E: (2/7, 2/7, 3/7).
func specTableTwoPlaces(t *testing.T) *EmploymentTable {
	t.Helper()
	tab, err := NewEmploymentTable([]string{"a", "b", "c"}, []string{"X", "Y"},
		[][]float64{{30, 10}, {10, 30}, {60, 0}})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// specTableThreePlaces is a 4-sector x 3-place table with a sector→function
// map (administrative: gov, police; production: factory; transit: freight):
//
//	          P    Q    R    E_i
//	gov      50   10   10     70
//	police   10    0   10     20
//	factory  30   80   45    155
//	freight  10   10   35     55
//	e_j     100  100  100    300 = E
func specTableThreePlaces(t *testing.T) (*EmploymentTable, SectorFunctions) {
	t.Helper()
	tab, err := NewEmploymentTable([]string{"gov", "police", "factory", "freight"}, []string{"P", "Q", "R"},
		[][]float64{{50, 10, 10}, {10, 0, 10}, {30, 80, 45}, {10, 10, 35}})
	if err != nil {
		t.Fatal(err)
	}
	return tab, SectorFunctions{"gov": "administrative", "police": "administrative", "factory": "production", "freight": "transit", "unused": "other"}
}

func TestLocationQuotientsByHand(t *testing.T) {
	tab := specTableTwoPlaces(t)
	// LQ_ij = s_ij / (E_i/E):
	//   a,X: .3/(2/7) = 1.05    a,Y: .25/(2/7) = 0.875
	//   b,X: .1/(2/7) = 0.35    b,Y: .75/(2/7) = 2.625
	//   c,X: .6/(3/7) = 1.4     c,Y: 0
	want := [][]float64{{1.05, 0.875}, {0.35, 2.625}, {1.4, 0}}
	lq := tab.LocationQuotients()
	for i := range want {
		specCheckSlice(t, "LQ["+tab.Sectors[i]+"]", lq[i], want[i])
	}
	specCheckSlice(t, "place totals", tab.PlaceTotals(), []float64{100, 40})
	specCheckSlice(t, "sector totals", tab.SectorTotals(), []float64{40, 40, 60})
	if tab.Total() != 140 {
		t.Errorf("total %v, want 140", tab.Total())
	}
	sh := tab.Shares()
	specCheckSlice(t, "shares X", sh[0], []float64{.3, .1, .6})
	specCheckSlice(t, "shares Y", sh[1], []float64{.25, .75, 0})
}

func TestKrugmanByHand(t *testing.T) {
	tab := specTableTwoPlaces(t)
	// Rest of places: with two places the rest of X is Y, so
	//   K_X = K_Y = |.3−.25| + |.1−.75| + |.6−0| = .05 + .65 + .6 = 1.3.
	k, err := tab.Krugman(RestOfPlaces)
	if err != nil {
		t.Fatal(err)
	}
	specCheckSlice(t, "Krugman rest", k, []float64{1.3, 1.3})
	// All places, in 70ths for X: |21−20| + |7−20| + |42−30| = 26 → 26/70;
	// in 28ths for Y: |7−8| + |21−8| + |0−12| = 26 → 26/28.
	k, err = tab.Krugman(AllPlaces)
	if err != nil {
		t.Fatal(err)
	}
	specCheckSlice(t, "Krugman all", k, []float64{26.0 / 70, 26.0 / 28})
	// Hoover against the total is half of that.
	specCheckSlice(t, "Hoover to total", tab.HooverToTotal(), []float64{13.0 / 70, 13.0 / 28})

	tab3, _ := specTableThreePlaces(t)
	// Rest of P = Q+R: gov 20, police 10, factory 125, freight 45 of 200 =
	// (.1, .05, .625, .225); P = (.5, .1, .3, .1):
	//   K_P = .4 + .05 + .325 + .125 = .9
	// Rest of Q = P+R: (60, 20, 75, 45)/200 = (.3, .1, .375, .225); Q =
	// (.1, 0, .8, .1): K_Q = .2 + .1 + .425 + .125 = .85
	// Rest of R = P+Q: (60, 10, 110, 20)/200 = (.3, .05, .55, .1); R =
	// (.1, .1, .45, .35): K_R = .2 + .05 + .1 + .25 = .6
	k, err = tab3.Krugman(RestOfPlaces)
	if err != nil {
		t.Fatal(err)
	}
	specCheckSlice(t, "Krugman rest 3 places", k, []float64{.9, .85, .6})
}

func TestHooverByHand(t *testing.T) {
	tab, _ := specTableThreePlaces(t)
	// P (.5, .1, .3, .1), Q (.1, 0, .8, .1), R (.1, .1, .45, .35):
	//   H(P,Q) = ½(.4 + .1 + .5 + 0)    = .5
	//   H(P,R) = ½(.4 + 0 + .15 + .25)  = .4
	//   H(Q,R) = ½(0 + .1 + .35 + .25)  = .35
	want := [][]float64{{0, .5, .4}, {.5, 0, .35}, {.4, .35, 0}}
	m, err := tab.HooverMatrix(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for j := range want {
		specCheckSlice(t, "Hoover row "+tab.Places[j], m[j], want[j])
	}
	h, err := tab.Hoover(0, 2)
	if err != nil || !specClose(h, .4) {
		t.Errorf("Hoover(P, R) = %v, %v; want .4", h, err)
	}
	if _, err := tab.Hoover(0, 3); err == nil {
		t.Error("Hoover with an out-of-range place: no error")
	}
	// Two places with no sector in common are completely dissimilar; the
	// inputs need not be normalized.
	if d, err := DissimilarityIndex([]float64{5, 0}, []float64{0, 2}); err != nil || d != 1 {
		t.Errorf("disjoint dissimilarity %v, %v; want 1", d, err)
	}
	for _, bad := range [][2][]float64{
		{{1, 2}, {1}},
		{{0, 0}, {1, 1}},
		{{-1, 2}, {1, 1}},
		{{math.NaN(), 2}, {1, 1}},
		{{1, 1}, {math.Inf(1), 1}},
	} {
		if _, err := DissimilarityIndex(bad[0], bad[1]); err == nil {
			t.Errorf("DissimilarityIndex(%v, %v): no error", bad[0], bad[1])
		}
	}
}

func TestHerfindahlByHand(t *testing.T) {
	tab := specTableTwoPlaces(t)
	// X: .3² + .1² + .6² = .09 + .01 + .36 = .46
	// Y: .25² + .75² + 0 = .0625 + .5625 = .625
	specCheckSlice(t, "HHI", tab.Herfindahl(), []float64{.46, .625})
	// Normalized with N = 3: (H − 1/3)/(2/3) = (3H − 1)/2:
	// X (1.38 − 1)/2 = .19; Y (1.875 − 1)/2 = .4375
	specCheckSlice(t, "HHI normalized", tab.HerfindahlNormalized(), []float64{.19, .4375})

	one, err := NewEmploymentTable([]string{"only"}, []string{"A", "B"}, [][]float64{{3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	specCheckSlice(t, "HHI one sector", one.Herfindahl(), []float64{1, 1})
	specCheckSlice(t, "HHI normalized one sector", one.HerfindahlNormalized(), []float64{1, 1})
}

func TestTheilByHand(t *testing.T) {
	tab := specTableTwoPlaces(t)
	// Absolute form ln 3 − H (ln 3 = 1.0986123):
	//   X: H = −(.3 ln .3 + .1 ln .1 + .6 ln .6)
	//        = .3611918 + .2302585 + .3064954 = .8979457 → T = .2006666
	//   Y: H = −(.25 ln .25 + .75 ln .75) = .3465736 + .2157616 = .5623351
	//        → T = .5362771
	// (numpy: np.log(3) + (s*np.log(s)).sum() gives .20066656, .53627714)
	got := tab.TheilAbsolute()
	for j, want := range []float64{0.20066656, 0.53627714} {
		if math.Abs(got[j]-want) > 1e-8 {
			t.Errorf("Theil absolute %s = %.10f, want %.8f", tab.Places[j], got[j], want)
		}
	}
	// Against all places, Σ s_ij ln LQ_ij:
	//   X: .3 ln 1.05 + .1 ln .35 + .6 ln 1.4
	//      = .0146371 − .1049822 + .2018833 = .1115382
	//   Y: .25 ln .875 + .75 ln 2.625 + 0 = −.0333829 + .7238107 = .6904278
	all, err := tab.Theil(AllPlaces)
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []float64{0.11153818, 0.69042782} {
		if math.Abs(all[j]-want) > 1e-8 {
			t.Errorf("Theil all %s = %.10f, want %.8f", tab.Places[j], all[j], want)
		}
	}
	// Against the rest: X has sector c, which Y lacks → +Inf (documented).
	//   Y against X: .25 ln(.25/.3) + .75 ln(.75/.1) = −.0455804 + 1.5111772
	//              = 1.4655969
	rest, err := tab.Theil(RestOfPlaces)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(rest[0], 1) || math.Abs(rest[1]-1.46559688) > 1e-8 {
		t.Errorf("Theil rest = %v, want [+Inf 1.46559688]", rest)
	}
}

func TestEvenStructureIsNotSpecialized(t *testing.T) {
	// Two places with the same structure (one is 3 times the other) and
	// even sectors: every index is at its minimum.
	tab, err := NewEmploymentTable([]string{"a", "b", "c", "d"}, []string{"S", "L"},
		[][]float64{{5, 15}, {5, 15}, {5, 15}, {5, 15}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []StructureReference{RestOfPlaces, AllPlaces} {
		k, _ := tab.Krugman(ref)
		th, _ := tab.Theil(ref)
		specCheckSlice(t, "Krugman "+ref.String(), k, []float64{0, 0})
		specCheckSlice(t, "Theil "+ref.String(), th, []float64{0, 0})
	}
	specCheckSlice(t, "HHI", tab.Herfindahl(), []float64{.25, .25})
	specCheckSlice(t, "HHI normalized", tab.HerfindahlNormalized(), []float64{0, 0})
	specCheckSlice(t, "Theil absolute", tab.TheilAbsolute(), []float64{0, 0})
	for _, row := range tab.LocationQuotients() {
		specCheckSlice(t, "LQ", row, []float64{1, 1})
	}
}

func TestKrugmanRestNeedsTwoPlaces(t *testing.T) {
	tab, err := NewEmploymentTable([]string{"a", "b"}, []string{"alone"}, [][]float64{{1, 3}})
	if err == nil {
		t.Fatalf("one row of counts for two sectors accepted: %+v", tab)
	}
	tab, err = NewEmploymentTable([]string{"a", "b"}, []string{"alone"}, [][]float64{{1}, {3}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Krugman(RestOfPlaces); err == nil || !strings.Contains(err.Error(), "alone") {
		t.Errorf("Krugman rest with one place: %v, want an error naming the place", err)
	}
	k, err := tab.Krugman(AllPlaces)
	if err != nil || k[0] != 0 {
		t.Errorf("Krugman all with one place = %v, %v; want 0", k, err)
	}
	if _, err := tab.Krugman(StructureReference(7)); err == nil {
		t.Error("unknown reference: no error")
	}
}

func TestDominantFunctions(t *testing.T) {
	tab, fm := specTableThreePlaces(t)
	// Functions (administrative = gov + police):
	//                 P    Q    R    E_f
	//   administrative 60   10   20    90   E_f/E = .3
	//   production     30   80   45   155           31/60
	//   transit        10   10   35    55           11/60
	// LQ = share / (E_f/E):
	//   P: adm .6/.3 = 2, prod .3·60/31 = .5806, transit .1·60/11 = .5455
	//   Q: adm .1/.3 = .3333, prod .8·60/31 = 1.5484, transit .5455
	//   R: adm .2/.3 = .6667, prod .45·60/31 = .8710, transit .35·60/11 = 1.9091
	// so by LQ: P administrative, Q production, R transit; by share R is
	// production (.45 > .35 > .2).
	byLQ, err := tab.DominantFunctions(fm, ByLocationQuotient)
	if err != nil {
		t.Fatal(err)
	}
	want := []DominantFunction{
		{"P", "administrative", 2, .6},
		{"Q", "production", .8 * 60 / 31, .8},
		{"R", "transit", .35 * 60 / 11, .35},
	}
	for j, w := range want {
		g := byLQ[j]
		if g.Place != w.Place || g.Function != w.Function || !specClose(g.LQ, w.LQ) || !specClose(g.Share, w.Share) {
			t.Errorf("by LQ %d: %+v, want %+v", j, g, w)
		}
	}
	byShare, err := tab.DominantFunctions(fm, ByShare)
	if err != nil {
		t.Fatal(err)
	}
	for j, w := range []string{"administrative", "production", "production"} {
		if byShare[j].Function != w {
			t.Errorf("by share %s: %s, want %s", byShare[j].Place, byShare[j].Function, w)
		}
	}
	if !specClose(byShare[2].LQ, .45*60/31) || !specClose(byShare[2].Share, .45) {
		t.Errorf("by share R: %+v", byShare[2])
	}

	ft, err := tab.ByFunction(fm)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ft.Sectors, ",") != "administrative,production,transit" {
		t.Errorf("function order %v", ft.Sectors)
	}
	specCheckSlice(t, "administrative", ft.Counts[0], []float64{60, 10, 20})
	specCheckSlice(t, "production", ft.Counts[1], []float64{30, 80, 45})
	specCheckSlice(t, "transit", ft.Counts[2], []float64{10, 10, 35})

	// Without a map each sector is its own function: P's highest LQ is gov
	// (.5/(70/300) = 2.1429 > police .1/(20/300) = 1.5).
	bySector, err := tab.DominantFunctions(nil, ByLocationQuotient)
	if err != nil {
		t.Fatal(err)
	}
	if bySector[0].Function != "gov" || !specClose(bySector[0].LQ, .5*300/70) {
		t.Errorf("by sector P: %+v", bySector[0])
	}

	delete(fm, "freight")
	if _, err := tab.DominantFunctions(fm, ByLocationQuotient); err == nil || !strings.Contains(err.Error(), `"freight"`) {
		t.Errorf("unmapped sector: %v, want an error naming freight", err)
	}
	if _, err := tab.DominantFunctions(nil, DominanceCriterion(9)); err == nil {
		t.Error("unknown criterion: no error")
	}
}

func TestDominantFunctionTieGoesToFirst(t *testing.T) {
	// Both sectors have share .5 and LQ 1 in both places.
	tab, err := NewEmploymentTable([]string{"z", "a"}, []string{"A", "B"}, [][]float64{{1, 2}, {1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []DominanceCriterion{ByLocationQuotient, ByShare} {
		d, err := tab.DominantFunctions(nil, by)
		if err != nil {
			t.Fatal(err)
		}
		if d[0].Function != "z" || d[1].Function != "z" {
			t.Errorf("%v: tie went to %v", by, d)
		}
	}
}

func TestSpecializationSummary(t *testing.T) {
	tab, fm := specTableThreePlaces(t)
	got, err := tab.Specialization(&SpecializationOptions{Functions: fm})
	if err != nil {
		t.Fatal(err)
	}
	// Krugman (rest) from TestKrugmanByHand; HHI of P by hand:
	// .25 + .01 + .09 + .01 = .36; Q: .01 + 0 + .64 + .01 = .66;
	// R: .01 + .01 + .2025 + .1225 = .345.
	wantK := []float64{.9, .85, .6}
	wantH := []float64{.36, .66, .345}
	wantF := []string{"administrative", "production", "transit"}
	for j, s := range got {
		if s.Place != tab.Places[j] || s.Total != 100 || !specClose(s.Krugman, wantK[j]) ||
			!specClose(s.Herfindahl, wantH[j]) || s.Dominant.Function != wantF[j] {
			t.Errorf("place %d: %+v", j, s)
		}
		if !specClose(s.HerfindahlNormalized, (wantH[j]-.25)/.75) {
			t.Errorf("%s: normalized HHI %v", s.Place, s.HerfindahlNormalized)
		}
	}
	if _, err := tab.Specialization(&SpecializationOptions{Functions: SectorFunctions{"gov": "x"}}); err == nil {
		t.Error("incomplete function map: no error")
	}
	def, err := tab.Specialization(nil)
	if err != nil || def[0].Dominant.Function != "gov" {
		t.Errorf("nil options: %v, %v", def, err)
	}
}

func TestNewEmploymentTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name            string
		sectors, places []string
		counts          [][]float64
		is              error
		sector, place   string
	}{
		{"negative", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{1, 2}, {-3, 4}}, ErrNegativeCount, "b", "X"},
		{"nan", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{1, math.NaN()}, {3, 4}}, ErrInvalidCount, "a", "Y"},
		{"inf", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{1, 2}, {3, math.Inf(1)}}, ErrInvalidCount, "b", "Y"},
		{"duplicate sector", []string{"a", " a "}, []string{"X", "Y"}, [][]float64{{1, 2}, {3, 4}}, ErrDuplicateEmploymentName, "a", ""},
		{"duplicate place", []string{"a", "b"}, []string{"X", "X"}, [][]float64{{1, 2}, {3, 4}}, ErrDuplicateEmploymentName, "", "X"},
		{"empty place", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{1, 0}, {3, 0}}, ErrEmptyPlace, "", "Y"},
		{"empty sector", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{0, 0}, {3, 1}}, ErrEmptySector, "a", ""},
		{"all zero", []string{"a", "b"}, []string{"X", "Y"}, [][]float64{{0, 0}, {0, 0}}, ErrEmptyEmploymentTable, "", ""},
		{"no sectors", nil, []string{"X"}, nil, ErrEmptyEmploymentTable, "", ""},
		{"no places", []string{"a"}, nil, [][]float64{{}}, ErrEmptyEmploymentTable, "", ""},
		{"overflow", []string{"a", "b"}, []string{"X"}, [][]float64{{math.MaxFloat64}, {math.MaxFloat64}}, ErrInvalidCount, "", ""},
		{"too large", make([]string, MaxEmploymentSectors+1), []string{"X"}, nil, ErrEmploymentTooLarge, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewEmploymentTable(tc.sectors, tc.places, tc.counts)
			var ee *EmploymentError
			if !errors.As(err, &ee) || !errors.Is(err, tc.is) {
				t.Fatalf("error %v, want an *EmploymentError wrapping %v", err, tc.is)
			}
			if ee.Sector != tc.sector || ee.Place != tc.place {
				t.Errorf("error names sector %q place %q, want %q %q (%v)", ee.Sector, ee.Place, tc.sector, tc.place, err)
			}
		})
	}
	// A wrong row length and an empty name are errors too.
	if _, err := NewEmploymentTable([]string{"a"}, []string{"X", "Y"}, [][]float64{{1}}); err == nil {
		t.Error("short row accepted")
	}
	if _, err := NewEmploymentTable([]string{""}, []string{"X"}, [][]float64{{1}}); err == nil {
		t.Error("empty sector name accepted")
	}
	// Negative zero is zero.
	tab, err := NewEmploymentTable([]string{"a", "b"}, []string{"X", "Y"}, [][]float64{{math.Copysign(0, -1), 1}, {2, 2}})
	if err != nil || math.Signbit(tab.Counts[0][0]) {
		t.Errorf("-0: %v, %v", tab, err)
	}
}

func TestParseOptions(t *testing.T) {
	for s, want := range map[string]StructureReference{"rest": RestOfPlaces, "all": AllPlaces, "total": AllPlaces} {
		if got, err := ParseStructureReference(s); err != nil || got != want {
			t.Errorf("ParseStructureReference(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseStructureReference("some"); err == nil {
		t.Error("unknown reference parsed")
	}
	for s, want := range map[string]DominanceCriterion{"lq": ByLocationQuotient, "share": ByShare} {
		if got, err := ParseDominanceCriterion(s); err != nil || got != want || got.String() != s {
			t.Errorf("ParseDominanceCriterion(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseDominanceCriterion("max"); err == nil {
		t.Error("unknown criterion parsed")
	}
}

// TestHooverMatrixParallel checks the all-cores matrix against
// DissimilarityIndex pair by pair on a table large enough to use every
// worker, then the limit and cancellation.
func TestHooverMatrixParallel(t *testing.T) {
	const nS, nP = 40, 120
	sectors, places := make([]string, nS), make([]string, nP)
	counts := make([][]float64, nS)
	for i := range counts {
		sectors[i] = "s" + strconv.Itoa(i)
		counts[i] = make([]float64, nP)
		for j := range counts[i] {
			counts[i][j] = float64((i*7+j*13)%23) + 0.5
		}
	}
	for j := range places {
		places[j] = "p" + strconv.Itoa(j)
	}
	tab, err := NewEmploymentTable(sectors, places, counts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := tab.HooverMatrix(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for j := range nP {
		for k := range nP {
			want, _ := DissimilarityIndex(tab.column(j), tab.column(k))
			if !specClose(m[j][k], want) {
				t.Fatalf("H(%d,%d) = %v, want %v", j, k, m[j][k], want)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tab.HooverMatrix(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	wide := &EmploymentTable{Sectors: []string{"a"}, Places: make([]string, MaxHooverPlaces+1), Counts: [][]float64{make([]float64, MaxHooverPlaces+1)}}
	if _, err := wide.HooverMatrix(context.Background()); !errors.Is(err, ErrEmploymentTooLarge) {
		t.Errorf("%d places: %v, want ErrEmploymentTooLarge", MaxHooverPlaces+1, err)
	}
}

// TestSameAnswerOnAnyCores computes every measure of a table large enough
// for the all-cores paths with 1 and 4 procs: the results must be
// bit-identical.
func TestSameAnswerOnAnyCores(t *testing.T) {
	const nS, nP = 60, 700
	sectors, places := make([]string, nS), make([]string, nP)
	counts := make([][]float64, nS)
	for i := range counts {
		sectors[i] = "s" + strconv.Itoa(i)
		counts[i] = make([]float64, nP)
		for j := range counts[i] {
			counts[i][j] = float64((i*7+j*13)%29) * 0.37
		}
	}
	for j := range places {
		places[j] = "p" + strconv.Itoa(j)
	}
	tab, err := NewEmploymentTable(sectors, places, counts)
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) ([]PlaceSpecialization, [][]float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		s, err := tab.Specialization(nil)
		if err != nil {
			t.Fatal(err)
		}
		h, err := tab.HooverMatrix(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s, h
	}
	s1, h1 := run(1)
	s4, h4 := run(4)
	if !reflect.DeepEqual(s1, s4) || !reflect.DeepEqual(h1, h4) {
		t.Error("results differ between 1 and 4 procs")
	}
}
