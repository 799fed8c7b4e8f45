package zones

import (
	"context"
	"errors"
	"image"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// rowSource is a Source whose value at (col, row) is row, computed on
// demand, so that a large raster needs no memory; it records the windows
// it hands out and can fail from a given row on.
type rowSource struct {
	grid    raster.Grid
	failAt  int // a window reaching this row fails; 0: never
	mu      sync.Mutex
	windows []image.Rectangle
}

func (s *rowSource) RasterGrid() raster.Grid { return s.grid }
func (s *rowSource) NumBands() int           { return 1 }
func (s *rowSource) ReadWindow(_ context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	s.mu.Lock()
	s.windows = append(s.windows, win)
	s.mu.Unlock()
	if s.failAt > 0 && win.Max.Y > s.failAt {
		return nil, errors.New("disk on fire")
	}
	g, err := s.grid.Window(win)
	if err != nil {
		return nil, err
	}
	b := &raster.Band{Grid: g, Data: make([]float32, win.Dx()*win.Dy())}
	for r := win.Min.Y; r < win.Max.Y; r++ {
		for c := win.Min.X; c < win.Max.X; c++ {
			b.Data[(r-win.Min.Y)*win.Dx()+c-win.Min.X] = float32(r)
		}
	}
	return b, nil
}

func fullCoverage(win image.Rectangle, zone int) Coverage {
	fr := make([]float32, win.Dx()*win.Dy())
	for i := range fr {
		fr[i] = 1
	}
	return Coverage{Zone: zone, Window: win, Frac: fr}
}

// TestStatsStreamingAnalytic streams a 6000 x 5000 raster whose value is
// the row number in windows of 97 rows. For a rectangle of rows r0..r1−1
// and k columns: count = k·n (n = r1−r0), mean = (r0+r1−1)/2, min r0, max
// r1−1, population variance (n²−1)/12 (that of n consecutive integers),
// median (r0+r1−1)/2. Each window read is a strip of at most 97 rows
// starting on a multiple of 97 (block alignment), within the columns the
// zones need, and rows no zone touches are not read.
func TestStatsStreamingAnalytic(t *testing.T) {
	g := raster.Grid{Width: 6000, Height: 5000, Transform: raster.Affine{0, 10, 0, 0, 0, -10}, CRS: raster.CRS{EPSG: 32633}}
	src := &rowSource{grid: g}
	wins := []image.Rectangle{
		image.Rect(100, 10, 400, 1300),
		image.Rect(5000, 1200, 5999, 1211),
		image.Rect(0, 3001, 1, 4999),
		image.Rect(2000, 4000, 2010, 5000),
	}
	cov := &CoverageSet{Grid: g, Rule: Center}
	for i, w := range wins {
		cov.Zones = append(cov.Zones, fullCoverage(w, i))
	}
	stats, _ := ParseStats("count,mean,min,max,variance,median")
	tab, err := Stats(context.Background(), nil, cov, []Layer{{Source: src}}, &StatsOptions{Stats: stats, WindowRows: 97})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range wins {
		n := float64(w.Dy())
		want := []float64{float64(w.Dx()) * n, float64(w.Min.Y+w.Max.Y-1) / 2, float64(w.Min.Y), float64(w.Max.Y - 1), (n*n - 1) / 12, float64(w.Min.Y+w.Max.Y-1) / 2}
		for j, v := range tab.Rows[i].Values {
			if math.Abs(v-want[j]) > 1e-9*math.Max(1, math.Abs(want[j])) {
				t.Errorf("zone %d %s = %v, want %v", i, stats[j].Name, v, want[j])
			}
		}
	}
	read := 0
	for _, w := range src.windows {
		if w.Dy() > 97 || w.Min.Y%97 != 0 {
			t.Errorf("window %v is taller than 97 rows or does not start on a multiple of 97", w)
		}
		hit := false
		for _, z := range wins {
			hit = hit || !w.Intersect(z).Empty()
		}
		if !hit {
			t.Errorf("window %v covers no zone", w)
		}
		read += w.Dx() * w.Dy()
	}
	// Rows 1300–3000 hold only zone 1's 11 rows.
	if read > 4_000_000 {
		t.Errorf("read %d cells; the zones need about 1.3 million", read)
	}
}

func TestStatsErrors(t *testing.T) {
	cont, _, _, cov := loadStatsFixture(t)
	ctx := context.Background()
	other := *cont
	other.Grid.Transform[0] += 30
	bad := func(name string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, want)
		}
	}
	_, err := Stats(ctx, nil, cov, []Layer{{Source: &other, Name: "shifted"}}, nil)
	bad("grid", err, "shifted")
	_, err = Stats(ctx, nil, cov, []Layer{{Source: cont, Band: 1}}, nil)
	bad("band", err, "band 2 does not exist")
	_, err = Stats(ctx, &Set{Zones: make([]Zone, 2)}, cov, []Layer{{Source: cont}}, nil)
	bad("set", err, "names zone 2")
	broken := *cov
	broken.Zones = append([]Coverage(nil), cov.Zones...)
	broken.Zones[1].Frac = append([]float32(nil), cov.Zones[1].Frac...)
	broken.Zones[1].Frac[3] = 1.5
	_, err = Stats(ctx, nil, &broken, []Layer{{Source: cont}}, nil)
	bad("fraction", err, "zone 1: coverage fraction 1.5")
	broken.Zones[1].Frac = broken.Zones[1].Frac[:4]
	_, err = Stats(ctx, nil, &broken, []Layer{{Source: cont}}, nil)
	bad("length", err, "zone 1: window")
	broken.Zones[1] = cov.Zones[1]
	broken.Zones[1].Window = image.Rect(30, 0, 40, 5)
	_, err = Stats(ctx, nil, &broken, []Layer{{Source: cont}}, nil)
	bad("window", err, "not inside grid")
	_, err = Stats(ctx, nil, cov, []Layer{{Source: cont}}, &StatsOptions{Stats: []Stat{{Name: "area", op: opArea}}, Weights: &Layer{Source: &other, Name: "pop"}})
	bad("weights", err, "weights (pop)")

	g := raster.Grid{Width: 100, Height: 1000, Transform: raster.Affine{0, 1, 0, 0, 0, -1}}
	src := &rowSource{grid: g, failAt: 500}
	fcov := &CoverageSet{Grid: g, Zones: []Coverage{fullCoverage(image.Rect(0, 0, 100, 1000), 0)}}
	_, err = Stats(ctx, nil, fcov, []Layer{{Source: src, Name: "flaky"}}, &StatsOptions{WindowRows: 64})
	bad("read", err, "flaky")
	bad("read", err, "disk on fire")
	area, _ := ParseStats("area")
	_, err = Stats(ctx, nil, fcov, []Layer{{Source: &rowSource{grid: g}}}, &StatsOptions{Stats: area})
	bad("area without CRS", err, "CRS is unknown")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = Stats(cctx, nil, fcov, []Layer{{Source: &rowSource{grid: g}}}, &StatsOptions{WindowRows: 10})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestParseStats(t *testing.T) {
	s, err := ParseStats(" Mean,count, q25 ,median,frac,std,q2.5,mean")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range s {
		names = append(names, x.Name)
	}
	if got := strings.Join(names, ","); got != "mean,count,q25,median,frac,stdev,q2.5" {
		t.Errorf("names %s", got)
	}
	if s[2].Q != 0.25 || s[3].Q != 0.5 || s[6].Q != 0.025 {
		t.Errorf("quantiles %v %v %v", s[2].Q, s[3].Q, s[6].Q)
	}
	for _, bad := range []string{"", "mean,avg", "q", "q101", "q-1", "qNaN", ",,"} {
		if _, err := ParseStats(bad); err == nil {
			t.Errorf("ParseStats(%q) accepted", bad)
		}
	}
}

// FuzzStatsParse checks that ParseStats never panics and that what it
// accepts parses again to the same statistics from their names.
func FuzzStatsParse(f *testing.F) {
	for _, s := range []string{"mean,count", "q25,median,q2.5", "frac,weighted_frac", "cv, std ,var", "q1e2", "q0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		s, err := ParseStats(list)
		if err != nil {
			return
		}
		var names []string
		for _, x := range s {
			if x.op == opQuantile && !(x.Q >= 0 && x.Q <= 1) {
				t.Fatalf("%q: quantile %v", list, x.Q)
			}
			names = append(names, x.Name)
		}
		again, err := ParseStats(strings.Join(names, ","))
		if err != nil || len(again) != len(s) {
			t.Fatalf("%q: names %v do not parse back: %v", list, names, err)
		}
		for i := range s {
			if again[i] != s[i] {
				t.Fatalf("%q: %v parses back as %v", list, s[i], again[i])
			}
		}
	})
}
