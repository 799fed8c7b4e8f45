package asymmetry

import (
	"context"
	"fmt"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// LandscapeOfZones computes the landscape metrics of l inside each zone of a
// zone set: cov is the set's coverage on l's grid under the zones.Center rule
// (a cell belongs to a zone when its centre is inside), set gives the zones'
// IDs as names. Each zone is its own landscape, as with
// LandscapeOptions.Zones, but zones may overlap (a town inside a side). Zone
// codes are 1-based positions in the set; zones with no cell of a class give
// no rows. opt.Zones must be nil.
func LandscapeOfZones(ctx context.Context, l *raster.Labels, set *zones.Set, cov *zones.CoverageSet, opt *LandscapeOptions) (*LandscapeResult, error) {
	if l == nil || set == nil || cov == nil {
		return nil, fmt.Errorf("asymmetry: landscape of zones: nil labels, zone set or coverage")
	}
	if cov.Rule != zones.Center {
		return nil, fmt.Errorf("asymmetry: landscape of zones: coverage rule %v: patches need whole cells, use the center rule", cov.Rule)
	}
	if len(cov.Zones) != len(set.Zones) {
		return nil, fmt.Errorf("asymmetry: landscape of zones: coverage of %d zones for a set of %d", len(cov.Zones), len(set.Zones))
	}
	if err := l.Grid.Match(cov.Grid); err != nil {
		return nil, fmt.Errorf("asymmetry: landscape of zones: %w", err)
	}
	var o LandscapeOptions
	if opt != nil {
		o = *opt
	}
	if o.Zones != nil {
		return nil, fmt.Errorf("asymmetry: landscape of zones: options give zone labels too")
	}
	if len(l.Data) != l.Grid.Width*l.Grid.Height {
		return nil, fmt.Errorf("asymmetry: landscape of zones: labels on %v hold %d codes, want %d", l.Grid, len(l.Data), l.Grid.Width*l.Grid.Height)
	}
	var out *LandscapeResult
	for zi, c := range cov.Zones {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if zi+1 > 0xffff {
			return nil, fmt.Errorf("asymmetry: landscape of zones: more than 65535 zones")
		}
		zone := Zone{Code: uint16(zi + 1), Name: set.Zones[zi].ID}
		win := c.Window.Intersect(l.Grid.Rect())
		if win.Empty() || len(c.Frac) != c.Window.Dx()*c.Window.Dy() {
			if !win.Empty() {
				return nil, fmt.Errorf("asymmetry: landscape of zones: zone %q: coverage holds %d fractions for a %v window", zone.Name, len(c.Frac), c.Window)
			}
			continue
		}
		sub, err := l.Window(win)
		if err != nil {
			return nil, fmt.Errorf("asymmetry: landscape of zones: zone %q: %w", zone.Name, err)
		}
		inside := false
		for r := win.Min.Y; r < win.Max.Y; r++ {
			for col := win.Min.X; col < win.Max.X; col++ {
				i := (r-win.Min.Y)*win.Dx() + (col - win.Min.X)
				if c.Frac[(r-c.Window.Min.Y)*c.Window.Dx()+(col-c.Window.Min.X)] < 0.5 {
					sub.Data[i] = 0
				} else if sub.Data[i] != 0 {
					inside = true
				}
			}
		}
		if !inside {
			continue
		}
		res, err := Landscape(ctx, sub, &o)
		if err != nil {
			return nil, fmt.Errorf("asymmetry: landscape of zones: zone %q: %w", zone.Name, err)
		}
		if out == nil {
			out = &LandscapeResult{CellSize: res.CellSize, Neighbours: res.Neighbours}
		}
		out.merge(res, zone)
	}
	if out == nil {
		cell, err := squareCell(l.Grid)
		if err != nil {
			return nil, fmt.Errorf("asymmetry: landscape of zones: %w", err)
		}
		n := o.Neighbours
		if n == 0 {
			n = 8
		}
		out = &LandscapeResult{CellSize: cell, Neighbours: n}
	}
	return out, nil
}

// merge appends the rows of a one-landscape result under zone, numbering its
// patches after those already present.
func (r *LandscapeResult) merge(res *LandscapeResult, zone Zone) {
	base := len(r.Patch)
	for _, p := range res.Patch {
		p.Zone, p.ID = zone, p.ID+base
		r.Patch = append(r.Patch, p)
	}
	for _, c := range res.Class {
		c.Zone = zone
		r.Class = append(r.Class, c)
	}
	for _, l := range res.Landscape {
		l.Zone = zone
		r.Landscape = append(r.Landscape, l)
	}
}
