package warp

import (
	"context"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// Align warps every band onto the reference grid ref with the given
// options, so that they can be stacked and combined pixel by pixel (a
// Sentinel-2 20 m band onto the 10 m grid, Landsat onto a Sentinel-2 grid).
// Bands already on ref are copied. The result is a stack on ref whose bands
// keep their names.
func Align(ctx context.Context, ref raster.Grid, opts Options, bands ...*raster.Band) (*raster.Stack, error) {
	if len(bands) == 0 {
		return nil, fmt.Errorf("warp: Align with no bands")
	}
	out := make([]*raster.Band, len(bands))
	for i, b := range bands {
		if err := b.Validate(); err != nil {
			return nil, err
		}
		if b.Grid.Match(ref) == nil {
			out[i] = &raster.Band{Grid: ref, Name: b.Name, Data: append([]float32(nil), b.Data...)}
			continue
		}
		w, err := Band(ctx, b, ref, opts)
		if err != nil {
			return nil, fmt.Errorf("warp: aligning band %q (%v) onto %v: %w", b.Name, b.Grid, ref, err)
		}
		out[i] = w
	}
	return &raster.Stack{Grid: ref, Bands: out}, nil
}

// Crop cuts band b to the bounding box box (in b's CRS), padding with NaN
// where the box reaches beyond b. The result keeps b's pixel size and
// alignment: its edges are b's grid lines at or just outside the box (see
// [SnapGrid]), so values are copied, never resampled.
func Crop(b *raster.Band, box orb.Bound) (*raster.Band, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	g, err := SnapGrid(b.Grid, box)
	if err != nil {
		return nil, fmt.Errorf("warp: cropping band %q: %w", b.Name, err)
	}
	// offset of the new grid in b's pixels (whole numbers by construction)
	inv, _ := b.Grid.Transform.Invert()
	fc, fr := inv.Apply(g.Transform[0], g.Transform[3])
	dc, dr := int(math.Round(fc)), int(math.Round(fr))
	out := raster.NewBand(g, b.Name)
	for y := range g.Height {
		sy := y + dr
		if sy < 0 || sy >= b.Grid.Height {
			continue
		}
		x0, x1 := max(0, -dc), min(g.Width, b.Grid.Width-dc)
		if x0 >= x1 {
			continue
		}
		copy(out.Data[y*g.Width+x0:y*g.Width+x1], b.Data[sy*b.Grid.Width+x0+dc:])
	}
	return out, nil
}

// CropToGeometry crops b to the envelope (bounding box) of g, which must be
// in b's CRS; see [Crop]. Pixels outside the geometry but inside its
// envelope are kept: mask them with a rasterized zone when needed.
func CropToGeometry(b *raster.Band, g orb.Geometry) (*raster.Band, error) {
	if g == nil {
		return nil, fmt.Errorf("warp: cropping band %q to a nil geometry", b.Name)
	}
	return Crop(b, g.Bound())
}
