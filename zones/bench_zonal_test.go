package zones

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// zonalBench is the speed case: count, sum, mean, min, max and
// stdev of red_10980.tif (10980 x 10980 float32) over the 1,000 zones of
// zones_1000.geojson. It opens the file, reads the zones and streams the
// band window by window, rasterizing under rule, all of it timed. With
// onDemand it calls StatsOfSet (each zone rasterized when the pass reaches
// it), otherwise Rasterize then Stats (every zone's coverage held at once).
func zonalBench(tb testing.TB, tif, zpath string, rule Rule, cw CoverageWeight, onDemand bool) *Table {
	ctx := context.Background()
	f, err := geotiff.Open(tif)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	set, err := ReadFile(zpath, "id")
	if err != nil {
		tb.Fatal(err)
	}
	g := f.RasterGrid()
	on, err := set.Transform(g.CRS, 0)
	if err != nil {
		tb.Fatal(err)
	}
	stats, _ := ParseStats("count,sum,mean,min,max,stdev")
	layers := []Layer{{Source: f.Image, Name: "red"}}
	opt := &StatsOptions{Stats: stats, CoverageWeight: cw}
	var tab *Table
	if onDemand {
		tab, err = StatsOfSet(ctx, on, rule, layers, opt)
	} else {
		var cov *CoverageSet
		if cov, err = Rasterize(ctx, on, g, rule); err != nil {
			tb.Fatal(err)
		}
		tab, err = Stats(ctx, set, cov, layers, opt)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return tab
}

// BenchmarkZonal1000Exact times the case under the Exact rule,
// reading included (compare: /usr/bin/python3 ../shared/bench/peer_zonal.py
// red_10980.tif zones_1000.geojson, pixel-centre rule): "coverage"
// rasterizes every zone first, "ondemand" as the pass reaches it.
func BenchmarkZonal1000Exact(b *testing.B) {
	tif := benchInput(b, "red_10980.tif")
	zpath := benchInput(b, "zones_1000.geojson")
	for _, mode := range []struct {
		name     string
		onDemand bool
	}{{"coverage", false}, {"ondemand", true}} {
		b.Run(mode.name, func(b *testing.B) {
			for b.Loop() {
				zonalBench(b, tif, zpath, Exact, CoverageFraction, mode.onDemand)
			}
		})
	}
}

// peerScript returns ../shared/bench/<name> (or $BORDERZONE_PEERS/<name>)
// and skips the test when it or /usr/bin/python3 with rasterio is missing,
// except under CI=true.
func peerScript(t *testing.T, name string) string {
	dir := os.Getenv("BORDERZONE_PEERS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "bench")
	}
	p := filepath.Join(dir, name)
	missing := ""
	if _, err := os.Stat(p); err != nil {
		missing = p
	} else if err := exec.Command("/usr/bin/python3", "-c", "import numpy, rasterio").Run(); err != nil {
		missing = "/usr/bin/python3 with numpy and rasterio"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", missing)
		}
		t.Skipf("%s missing", missing)
	}
	return p
}

// TestStatsMatchPeerLive runs ../shared/bench/peer_zonal.py (rasterio's
// pixel-centre mask, then numpy: count, sum, mean, min, max, std with
// ddof=0 over float64 values) on zones_1000.geojson over red_10980.tif and
// checks our Center-rule statistics with CoverageNone against its CSV,
// zone by zone. It then times our Exact-rule run against the peer's
// reported seconds and logs the ratio (the issue asks for at most 0.5).
func TestStatsMatchPeerLive(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 10980 x 10980 raster")
	}
	tif := benchInput(t, "red_10980.tif")
	zsrc := benchInput(t, "zones_1000.geojson")
	peer := peerScript(t, "peer_zonal.py")
	dir := t.TempDir()
	zpath := filepath.Join(dir, "zones_1000.geojson")
	data, err := os.ReadFile(zsrc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zpath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", peer, tif, zpath).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", peer, err, out)
	}
	m := regexp.MustCompile(`seconds=([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no time in the peer's output %q", out)
	}
	peerSeconds, _ := strconv.ParseFloat(string(m[1]), 64)
	fh, err := os.Open(filepath.Join(dir, "zones_1000.peer_zonal.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(fh).ReadAll()
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}

	tab := zonalBench(t, tif, zsrc, Center, CoverageNone, true)
	if len(recs)-1 != len(tab.Rows) {
		t.Fatalf("peer has %d zones, we %d", len(recs)-1, len(tab.Rows))
	}
	set, err := ReadFile(zsrc, "id")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"count", "sum", "mean", "min", "max", "stdev"}
	bad, skipped := 0, 0
	for i, rec := range recs[1:] {
		r := tab.Rows[i]
		if rec[0] != r.ID {
			t.Fatalf("line %d: peer zone %s, ours %s", i+1, rec[0], r.ID)
		}
		// The peer rasterizes each zone on the window of its outer ring's
		// bounds; a zone with a ring reaching beyond them (a "hole" outside
		// its shell, which the even-odd rule fills) is cut by that window,
		// while rasterio on the whole grid agrees with us. Leave those out.
		if ringOutsideShell(set.Zones[r.Zone].Geometry) {
			skipped++
			continue
		}
		for j, name := range names {
			got, _ := tab.Value(r, name)
			if rec[1+j] == "" {
				if !math.IsNaN(got) && !(name == "count" && got == 0) && !(name == "sum" && got == 0) {
					t.Errorf("zone %s %s: peer empty, ours %v", r.ID, name, got)
					bad++
				}
				continue
			}
			want, err := strconv.ParseFloat(rec[1+j], 64)
			if err != nil {
				t.Fatalf("peer line %d: %v", i+1, err)
			}
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				bad++
				if bad < 20 {
					t.Errorf("zone %s %s = %.17g, peer (rasterio + numpy) %.17g", r.ID, name, got, want)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d values differ from the peer's", bad)
	}
	if skipped > 10 {
		t.Errorf("%d zones left out of the comparison", skipped)
	}
	t.Logf("%d zones compared, %d with a ring outside their shell's bounds left out", len(tab.Rows)-skipped, skipped)

	for _, onDemand := range []bool{false, true} {
		start := time.Now()
		zonalBench(t, tif, zsrc, Exact, CoverageFraction, onDemand)
		ours := time.Since(start).Seconds()
		t.Logf("exact rule (StatsOfSet: %v): ours %.3f s, peer (centre rule) %.3f s, ratio %.2f", onDemand, ours, peerSeconds, ours/peerSeconds)
	}
}

// ringOutsideShell reports whether a ring of the zone's first polygon
// reaches beyond the bounding box of its outer ring.
func ringOutsideShell(mp orb.MultiPolygon) bool {
	if len(mp) == 0 || len(mp[0]) == 0 {
		return false
	}
	b := mp[0][0].Bound()
	for _, ring := range mp[0][1:] {
		for _, p := range ring {
			if !b.Contains(p) {
				return true
			}
		}
	}
	return false
}
