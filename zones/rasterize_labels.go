package zones

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// Labels burns the zones of a CoverageSet into a categorical raster on its
// grid: zone i (0-based) gets code i+1, and the classes are named by the
// zone IDs of s (the Set the coverage was computed from). It suits sets of
// zones that do not overlap, such as the two sides of a border or distance
// bands.
//
// Where zones overlap anyway, a cell takes, under Center and AllTouched, the
// last zone in set order that covers it (as successive burns with
// gdal_rasterize or rasterio.features.rasterize do). Under Exact a cell is
// labelled when the zones together cover at least half of it, with the zone
// covering the largest share (the earlier zone on a tie), so that a cell on
// a shared border goes to the side holding most of it. Cells no zone takes
// are 0. A set with more than 65535 zones is an error.
func (c *CoverageSet) Labels(s *Set) (*raster.Labels, error) {
	if len(c.Zones) != len(s.Zones) {
		return nil, fmt.Errorf("zones: coverage of %d zones but a set of %d", len(c.Zones), len(s.Zones))
	}
	if len(s.Zones) > math.MaxUint16 {
		return nil, fmt.Errorf("zones: %d zones do not fit the 65535 codes of raster.Labels", len(s.Zones))
	}
	classes := make([]raster.Class, len(s.Zones))
	for i, z := range s.Zones {
		classes[i] = raster.Class{Code: uint16(i + 1), Name: z.ID}
	}
	l := raster.NewLabels(c.Grid, classes)
	w := c.Grid.Width
	if c.Rule != Exact {
		for i, zc := range c.Zones {
			code := uint16(i + 1)
			dx := zc.Window.Dx()
			for y := zc.Window.Min.Y; y < zc.Window.Max.Y; y++ {
				row := zc.Frac[(y-zc.Window.Min.Y)*dx:][:dx]
				out := l.Data[y*w+zc.Window.Min.X:][:dx]
				for x, f := range row {
					if f > 0 {
						out[x] = code
					}
				}
			}
		}
		return l, nil
	}
	best := make([]float32, len(l.Data))
	total := make([]float32, len(l.Data))
	for i, zc := range c.Zones {
		code := uint16(i + 1)
		dx := zc.Window.Dx()
		for y := zc.Window.Min.Y; y < zc.Window.Max.Y; y++ {
			row := zc.Frac[(y-zc.Window.Min.Y)*dx:][:dx]
			off := y*w + zc.Window.Min.X
			for x, f := range row {
				if f <= 0 {
					continue
				}
				total[off+x] += f
				if f > best[off+x] {
					best[off+x] = f
					l.Data[off+x] = code
				}
			}
		}
	}
	for i, t := range total {
		if t < 0.5 {
			l.Data[i] = 0
		}
	}
	return l, nil
}

// RasterizeLabels rasterizes s on g under rule and burns the result into a
// categorical raster (see Rasterize and CoverageSet.Labels).
func RasterizeLabels(ctx context.Context, s *Set, g raster.Grid, rule Rule) (*raster.Labels, error) {
	c, err := Rasterize(ctx, s, g, rule)
	if err != nil {
		return nil, err
	}
	return c.Labels(s)
}
