package zones

import (
	"context"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// StatsOfSet computes the same statistics as Stats (see Stat) for the zones
// of set, which must be in the layers' CRS (see Set.Transform),
// rasterizing each zone under rule only when the windows read reach its
// first row and dropping its coverage after its last. Memory is then
// bounded by the windows (see Stats) plus the coverage of the zones the
// current window crosses (4 bytes per cell of each such zone's window),
// instead of the coverage of every zone at once. Use Stats with a
// CoverageSet from Rasterize instead when the same zones are summarised
// over several rasters or dates on one grid: the coverage is then computed
// once.
func StatsOfSet(ctx context.Context, set *Set, rule Rule, layers []Layer, opt *StatsOptions) (*Table, error) {
	if set == nil {
		return nil, fmt.Errorf("zones: StatsOfSet: no zone set")
	}
	if len(layers) == 0 || layers[0].Source == nil {
		return nil, fmt.Errorf("zones: StatsOfSet: no layer to summarise")
	}
	g := layers[0].Source.RasterGrid()
	p, o, err := prepare("StatsOfSet", g, layers, opt)
	if err != nil {
		return nil, err
	}
	if !set.CRS.IsZero() && !g.CRS.IsZero() && !set.CRS.Same(g.CRS) {
		return nil, fmt.Errorf("zones: StatsOfSet: zone set in %v but rasters in %v: transform the set first (Set.Transform)", set.CRS, g.CRS)
	}
	inv, err := g.Transform.Invert()
	if err != nil {
		return nil, fmt.Errorf("zones: StatsOfSet: grid %v: %w", g, err)
	}
	// Plan with each zone's bounding window, one cell wider on every side;
	// the coverage Rasterize gives lies inside it.
	cov := &CoverageSet{Grid: g, Rule: rule, Zones: make([]Coverage, len(set.Zones))}
	var outside []int
	for i, z := range set.Zones {
		cov.Zones[i] = Coverage{Zone: i, Window: plannedWindow(z, inv, g)}
		if cov.Zones[i].Window.Empty() {
			outside = append(outside, i)
		}
	}
	var mu sync.Mutex
	activate := func(zs []int) error {
		errs := make([]error, len(zs))
		p.parallel(len(zs), func(k int) {
			i := zs[k]
			c, err := RasterizeZone(ctx, set, i, g, rule)
			if err != nil {
				errs[k] = err
				return
			}
			c.Zone = i
			mu.Lock()
			cov.Zones[i] = c
			mu.Unlock()
		})
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
	// Zones wholly outside the grid are rasterized first for their Outside.
	if err := activate(outside); err != nil {
		return nil, fmt.Errorf("zones: StatsOfSet: %w", err)
	}
	for _, i := range outside {
		if !cov.Zones[i].Window.Empty() {
			return nil, fmt.Errorf("zones: StatsOfSet: zone %d (id %s): bounds outside the grid but coverage window %v", i+1, set.Zones[i].ID, cov.Zones[i].Window)
		}
	}
	release := func(z int) { cov.Zones[z].Frac = nil }
	accs, err := p.run(ctx, cov, layers, o.Weights, activate, release)
	if err != nil {
		return nil, fmt.Errorf("zones: StatsOfSet: %w", err)
	}
	return p.table(set, cov, layers, accs), nil
}

// plannedWindow returns the pixel window of a zone's bounds on g, one cell
// wider on every side and clipped to the grid; empty when the zone is
// wholly outside or has no finite coordinates.
func plannedWindow(z Zone, inv raster.Affine, g raster.Grid) image.Rectangle {
	if len(z.Geometry) == 0 {
		return image.Rectangle{}
	}
	// Every ring counts: orb's Bound takes only each outer ring, and a
	// ring outside its shell is filled by the even-odd rule.
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, poly := range z.Geometry {
		for _, ring := range poly {
			for _, pt := range ring {
				b.Min[0], b.Min[1] = math.Min(b.Min[0], pt[0]), math.Min(b.Min[1], pt[1])
				b.Max[0], b.Max[1] = math.Max(b.Max[0], pt[0]), math.Max(b.Max[1], pt[1])
			}
		}
	}
	minC, minR, maxC, maxR := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, pt := range [][2]float64{{b.Min[0], b.Min[1]}, {b.Max[0], b.Min[1]}, {b.Max[0], b.Max[1]}, {b.Min[0], b.Max[1]}} {
		c, r := inv.Apply(pt[0], pt[1])
		minC, maxC = math.Min(minC, c), math.Max(maxC, c)
		minR, maxR = math.Min(minR, r), math.Max(maxR, r)
	}
	if !(minC <= maxC && minR <= maxR) || math.IsInf(minC, 0) || math.IsInf(maxC, 0) || math.IsInf(minR, 0) || math.IsInf(maxR, 0) {
		return image.Rectangle{}
	}
	// Clamp before converting so that far-away zones cannot overflow int.
	lim := func(v float64) int { return int(math.Max(-1, math.Min(v, float64(max(g.Width, g.Height))+1))) }
	w := image.Rect(lim(math.Floor(minC))-1, lim(math.Floor(minR))-1, lim(math.Ceil(maxC))+1, lim(math.Ceil(maxR))+1)
	return w.Intersect(g.Rect())
}
