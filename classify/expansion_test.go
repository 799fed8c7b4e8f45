package classify

import (
	"context"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// parseMap turns rows of characters into codes: '.' vacant (2), 'B' built-up
// (1), '0' none.
func parseMap(rows ...string) []uint16 {
	var d []uint16
	for _, r := range rows {
		for _, ch := range strings.ReplaceAll(r, " ", "") {
			switch ch {
			case 'B':
				d = append(d, 1)
			case '.':
				d = append(d, 2)
			default:
				d = append(d, 0)
			}
		}
	}
	return d
}

// expansionMaps is a hand-drawn 12 x 8 town of 30 m pixels (0.09 ha):
//
//	before                      after
//	. . . . . . . . . . 0 .     . . . . . . . . . . 0 B   row 0
//	. B B B . . . . . . 0 0     . B B B . . . . . . 0 0   row 1
//	. B . B . . . . . . . .     . B B B B B . . . . . .   row 2
//	. B B B . . . . . . . .     . B B B . . . . . . . .   row 3
//	. . . . . . . . . . . .     . . . . . . . . . . . .   row 4
//	. . . . . . . . . . . .     . . . . . . . . . B B .   row 5
//	. . . . . . . . . . . .     . . . . . . . . . B . .   row 6
//	. . . . . . . . . . . .     . . . . . . . . . . . .   row 7
//
// New patches in scan order: D (11,0) the corner pixel, whose neighbours are
// none ('0') or outside the raster; A (2,2) the hole in the old town; B (4,2)
// and (5,2) attached to its east edge; C (9,5), (10,5), (9,6), isolated.
func expansionMaps() (before, after *raster.Labels) {
	g := utmGrid(12, 8, 30)
	before = &raster.Labels{Grid: g, Data: parseMap(
		". . . . . . . . . . 0 .",
		". B B B . . . . . . 0 0",
		". B . B . . . . . . . .",
		". B B B . . . . . . . .",
		". . . . . . . . . . . .",
		". . . . . . . . . . . .",
		". . . . . . . . . . . .",
		". . . . . . . . . . . .")}
	after = &raster.Labels{Grid: g, Data: parseMap(
		". . . . . . . . . . 0 B",
		". B B B . . . . . . 0 0",
		". B B B B B . . . . . .",
		". B B B . . . . . . . .",
		". . . . . . . . . . . .",
		". . . . . . . . . B B .",
		". . . . . . . . . B . .",
		". . . . . . . . . . . .")}
	return before, after
}

// TestUrbanExpansionByHand works the LEI of each patch by hand.
//
// Buffer 30 m (one pixel; the default): the cells whose centres lie within
// 30 m of the patch are its 8 neighbours (edge neighbours at 15 m, diagonal
// ones at 21.2 m; the next ring at 45 m).
//   - D: neighbours (10,0), (10,1), (11,1) are none, the rest outside the
//     raster: nothing known, LEI undefined, undetermined.
//   - A: all 8 neighbours old built-up: A_o = 8, A_v = 0, LEI = 100: infilling.
//   - B: the ring of the 1 x 2 patch is the 3 x 4 box minus the patch, 10
//     cells; old built-up (3,1), (3,2), (3,3): LEI = 100·3/10 = 30: edge.
//   - C: its ring (cols 8–11 of rows 4–6 and cols 8–10 of row 7, 15 cells,
//     less the 3 of the patch: 12) holds no built-up land: LEI = 0: outlying.
//
// Buffer 60 m: offsets within 60 m of a cell are the 5 x 5 block without its
// corners (corner centres at hypot(45, 45) = 63.6 m).
//   - A: 21 − 1 = 20 cells, of which the 8 old-town cells are old and (4,2),
//     part of B, vacant: LEI = 100·8/20 = 40: edge-expansion.
//   - B: the union of the two 5 x 5 blocks centred on (4,2) and (5,2) is
//     cols 2–7 × rows 0–4, 30 cells; (2,0), (7,0), (2,4), (7,4) lie 63.6 m
//     away, and 2 are the patch: 24 cells. Old: (2,1), (3,1), (3,2), (3,3),
//     (2,3) (at 47.4 m or less; (2,2) was vacant): LEI = 100·5/24 = 20.83.
//   - D now reaches known land: (9,0), (9,1), (10,2), (11,2) ((9,2) is a
//     corner at 63.6 m), all vacant: LEI = 0, outlying.
//   - C: no built-up land within 60 m (the old town ends 5 columns away).
func TestUrbanExpansionByHand(t *testing.T) {
	before, after := expansionMaps()
	ctx := context.Background()
	type want struct {
		col, row    int
		pixels      int64
		old, vacant float64 // cells
		typ         ExpansionType
	}
	for _, tc := range []struct {
		width float64
		want  []want
	}{
		{0, []want{{11, 0, 1, 0, 0, Undetermined}, {2, 2, 1, 8, 0, Infilling}, {4, 2, 2, 3, 7, EdgeExpansion}, {9, 5, 3, 0, 12, Outlying}}},
		{60, []want{{11, 0, 1, 0, 4, Outlying}, {2, 2, 1, 8, 12, EdgeExpansion}, {4, 2, 2, 5, 19, EdgeExpansion}, {9, 5, 3, 0, 0, Outlying}}},
	} {
		e, err := UrbanExpansion(ctx, before, after, ExpansionOptions{BuiltUp: 1, BufferWidth: tc.width})
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Patches) != len(tc.want) {
			t.Fatalf("width %v: %d patches, want %d", tc.width, len(e.Patches), len(tc.want))
		}
		for i, w := range tc.want {
			p := e.Patches[i]
			if p.ID != i+1 || p.Col != w.col || p.Row != w.row || p.Pixels != w.pixels || math.Abs(p.Hectares-0.09*float64(w.pixels)) > 1e-12 || p.Type != w.typ {
				t.Errorf("width %v: patch %+v, want %+v", tc.width, p, w)
			}
			if i == 3 && tc.width == 60 {
				if p.OldHectares != 0 || p.LEI != 0 {
					t.Errorf("width 60: outlying patch %+v", p)
				}
				continue
			}
			if math.Abs(p.OldHectares-0.09*w.old) > 1e-12 || math.Abs(p.VacantHectares-0.09*w.vacant) > 1e-12 {
				t.Errorf("width %v: patch %d: A_o %v ha, A_v %v ha; want %v and %v cells", tc.width, p.ID, p.OldHectares, p.VacantHectares, w.old, w.vacant)
			}
			if w.old+w.vacant > 0 && math.Abs(p.LEI-100*w.old/(w.old+w.vacant)) > 1e-9 {
				t.Errorf("width %v: patch %d: LEI %v", tc.width, p.ID, p.LEI)
			}
			if w.typ == Undetermined && !math.IsNaN(p.LEI) {
				t.Errorf("undetermined patch has LEI %v", p.LEI)
			}
		}
	}
	e, _ := UrbanExpansion(ctx, before, after, ExpansionOptions{BuiltUp: 1})
	if e.Count != [4]int{1, 1, 1, 1} || math.Abs(e.Hectares[Outlying]-0.27) > 1e-12 {
		t.Errorf("counts %v, hectares %v", e.Count, e.Hectares)
	}
	// MEI = (100 + 30 + 0)/3; AWMEI = (100·0.09 + 30·0.18 + 0·0.27)/0.54 = 26.667.
	if math.Abs(e.MEI-130.0/3) > 1e-9 || math.Abs(e.AWMEI-14.4/0.54) > 1e-9 {
		t.Errorf("MEI %v, AWMEI %v", e.MEI, e.AWMEI)
	}
	// The type map: the hole is infilling, B edge, C outlying, D 0.
	if e.Map.At(2, 2) != 1 || e.Map.At(5, 2) != 2 || e.Map.At(9, 6) != 3 || e.Map.At(11, 0) != 0 || e.Map.At(1, 1) != 0 {
		t.Errorf("type map wrong: %v", e.Map.Data)
	}
	if e.PatchMap[2*12+5] != 3 {
		t.Errorf("patch map at (5,2) = %d, want 3", e.PatchMap[2*12+5])
	}
	if _, err := UrbanExpansion(ctx, before, after, ExpansionOptions{BuiltUp: 1, BufferWidth: -1}); err == nil {
		t.Error("negative buffer: no error")
	}
	if _, err := UrbanExpansion(ctx, before, after, ExpansionOptions{}); err == nil {
		t.Error("no built-up code: no error")
	}
	geo := before.Grid
	geo.CRS = raster.CRS{EPSG: 4326}
	geo.Transform = raster.Affine{80, 0.001, 0, 44, 0, -0.001}
	if _, err := UrbanExpansion(ctx, &raster.Labels{Grid: geo, Data: before.Data}, &raster.Labels{Grid: geo, Data: after.Data}, ExpansionOptions{BuiltUp: 1}); err == nil || !strings.Contains(err.Error(), "degrees") {
		t.Errorf("lon/lat grid: %v", err)
	}
}

// TestUrbanExpansionConnectivity: two new pixels touching at a corner are
// one patch with 8-connectivity and two with 4.
func TestUrbanExpansionConnectivity(t *testing.T) {
	g := utmGrid(4, 4, 10)
	before := &raster.Labels{Grid: g, Data: parseMap(". . . .", ". . . .", ". . . .", ". . . .")}
	after := &raster.Labels{Grid: g, Data: parseMap(". . . .", ". B . .", ". . B .", ". . . .")}
	for conn, n := range map[Connectivity]int{Eight: 1, Four: 2} {
		e, err := UrbanExpansion(context.Background(), before, after, ExpansionOptions{BuiltUp: 1, Connectivity: conn})
		if err != nil || len(e.Patches) != n {
			t.Errorf("%d-connected: %v patches, %v; want %d", conn, len(e.Patches), err, n)
		}
	}
}

// BenchmarkUrbanExpansion5000: class 1 of the benchmark map is built-up at
// the second date; at the first date a tenth of it was not yet.
func BenchmarkUrbanExpansion5000(b *testing.B) {
	after := benchLabels()
	before := &raster.Labels{Grid: after.Grid, Data: append([]uint16(nil), after.Data...)}
	for i := range before.Data {
		if before.Data[i] == 1 && i%10 == 3 {
			before.Data[i] = 2
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := UrbanExpansion(context.Background(), before, after, ExpansionOptions{BuiltUp: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTransitions5000(b *testing.B) {
	after := benchLabels()
	before := &raster.Labels{Grid: after.Grid, Data: make([]uint16, len(after.Data))}
	for i, v := range after.Data {
		before.Data[i] = v%4 + 1
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := NewTransitions(context.Background(), before, after); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUrbanExpansionThinBuffer: a 1 m buffer on 30 m pixels is exact
// geometry. Worked by hand on expansionMaps:
//   - A, the hole: 4 edge strips of 1 m x 30 m and 4 quarter discs of
//     radius 1 m at its corners, all on old town: A_o = 120 + π m², A_v = 0,
//     LEI 100.
//   - B, (4,2)–(5,2): west strip on (3,2) 30 m² and quarter discs on (3,1),
//     (3,3) are old: A_o = 30 + π/2. North strips on (4,1), (5,1) and south
//     strips on (4,3), (5,3) (the quarter discs of their diagonal patch
//     pixel lie inside these strips), the east strip on (6,2) and quarter
//     discs on (6,1), (6,3) are vacant: A_v = 150 + π/2.
//     LEI = 100 (30 + π/2)/(180 + π) = 17.2384 — close to the share of B's
//     perimeter on the old town, 30/180.
//   - C: LEI 0, outlying.
func TestUrbanExpansionThinBuffer(t *testing.T) {
	before, after := expansionMaps()
	e, err := UrbanExpansion(context.Background(), before, after, ExpansionOptions{BuiltUp: 1, BufferWidth: 1})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := e.Patches[1], e.Patches[2], e.Patches[3]
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.12g, want %.12g", what, got, want)
		}
	}
	near("A: A_o", a.OldHectares*1e4, 120+math.Pi)
	near("A: A_v", a.VacantHectares*1e4, 0)
	near("B: A_o", b.OldHectares*1e4, 30+math.Pi/2)
	near("B: A_v", b.VacantHectares*1e4, 150+math.Pi/2)
	near("B: LEI", b.LEI, 100*(30+math.Pi/2)/(180+math.Pi))
	if a.Type != Infilling || b.Type != EdgeExpansion || c.Type != Outlying || c.LEI != 0 {
		t.Errorf("types %v %v %v", a.Type, b.Type, c.Type)
	}
}

// TestUrbanExpansionSameOnAnyCores: the patches, types and LEIs of a
// seeded 300 x 300 pair of maps are identical with 1 and 4 goroutines.
func TestUrbanExpansionSameOnAnyCores(t *testing.T) {
	const n = 300
	g := utmGrid(n, n, 10)
	before, after := &raster.Labels{Grid: g, Data: make([]uint16, n*n)}, &raster.Labels{Grid: g, Data: make([]uint16, n*n)}
	var s uint64 = 12345
	for i := range before.Data {
		s = s*6364136223846793005 + 1442695040888963407
		before.Data[i] = 2
		if s>>60 < 5 {
			before.Data[i] = 1
		}
		after.Data[i] = before.Data[i]
		if s>>56&0xf < 3 {
			after.Data[i] = 1
		}
	}
	run := func(procs int) *Expansion {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		e, err := UrbanExpansion(context.Background(), before, after, ExpansionOptions{BuiltUp: 1, BufferWidth: 25})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := run(1), run(4)
	if len(a.Patches) < 100 {
		t.Fatalf("only %d patches", len(a.Patches))
	}
	for i := range a.Patches {
		pa, pb := a.Patches[i], b.Patches[i]
		if pa.ID != pb.ID || pa.Type != pb.Type || pa.OldHectares != pb.OldHectares || pa.VacantHectares != pb.VacantHectares {
			t.Fatalf("patch %d differs: %+v vs %+v", i+1, pa, pb)
		}
	}
	if a.AWMEI != b.AWMEI || a.Count != b.Count {
		t.Errorf("summary differs: %v %v vs %v %v", a.AWMEI, a.Count, b.AWMEI, b.Count)
	}
}
