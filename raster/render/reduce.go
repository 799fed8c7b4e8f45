package render

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// Reduce returns b averaged over factor x factor blocks: the result has
// ceil(W/factor) x ceil(H/factor) pixels, each the mean (accumulated in
// float64) of the non-NaN values in its block, or NaN when the block has
// none; blocks on the right and bottom edges are partial. This is GDAL's
// "average" overview resampling without weights. The grid's pixels are
// factor times larger. factor 1 returns b itself.
func Reduce(b *raster.Band, factor int) (*raster.Band, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if factor < 1 {
		return nil, fmt.Errorf("render: reduction factor %d < 1 for band %q", factor, b.Name)
	}
	if factor == 1 {
		return b, nil
	}
	out := &raster.Band{Grid: reducedGrid(b.Grid, factor), Name: b.Name}
	out.Data = make([]float32, out.Grid.Len())
	reduceRows(b.Data, b.Grid.Width, b.Grid.Height, factor, out.Data, out.Grid.Width)
	return out, nil
}

func reducedGrid(g raster.Grid, factor int) raster.Grid {
	return raster.Grid{
		Width:     (g.Width + factor - 1) / factor,
		Height:    (g.Height + factor - 1) / factor,
		Transform: g.Transform.Scale(float64(factor), float64(factor)),
		CRS:       g.CRS,
	}
}

// reduceRows block-averages a w x h slab into out rows of width ow.
func reduceRows(data []float32, w, h, factor int, out []float32, ow int) {
	oh := (h + factor - 1) / factor
	nan := float32(math.NaN())
	parallelRows(oh, w*factor, func(lo, hi int) {
		sum := make([]float64, ow)
		cnt := make([]int32, ow)
		for oy := lo; oy < hi; oy++ {
			clear(sum)
			clear(cnt)
			for y := oy * factor; y < min(h, (oy+1)*factor); y++ {
				row := data[y*w : (y+1)*w]
				for x, v := range row {
					if v == v {
						sum[x/factor] += float64(v)
						cnt[x/factor]++
					}
				}
			}
			o := out[oy*ow : (oy+1)*ow]
			for i := range o {
				if cnt[i] == 0 {
					o[i] = nan
				} else {
					o[i] = float32(sum[i] / float64(cnt[i]))
				}
			}
		}
	})
}

// factorFor returns the smallest reduction factor that brings the longer
// side of a w x h raster to at most maxSize pixels (1 when maxSize <= 0).
func factorFor(w, h, maxSize int) int {
	if maxSize <= 0 {
		return 1
	}
	long := max(w, h)
	return max(1, (long+maxSize-1)/maxSize)
}

// ReadReduced reads band (0-based) of src block-averaged by factor, as
// [Reduce] would on the whole band, but in strips of rows so that memory
// stays bounded by the output plus one strip. To start from an overview,
// pass the overview image as src (for a raster/geotiff file,
// f.LevelFor(pixelSize) is a raster.Source) and the remaining factor.
func ReadReduced(ctx context.Context, src raster.Source, band, factor int) (*raster.Band, error) {
	if factor < 1 {
		return nil, fmt.Errorf("render: reduction factor %d < 1", factor)
	}
	g := src.RasterGrid()
	og := reducedGrid(g, factor)
	out := &raster.Band{Grid: og, Data: make([]float32, og.Len())}
	// Strips of whole output rows, about 4 Mi input pixels each.
	stripRows := max(1, (1<<22)/max(1, g.Width*factor)) * factor
	for y0 := 0; y0 < g.Height; y0 += stripRows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		y1 := min(g.Height, y0+stripRows)
		win, err := src.ReadWindow(ctx, band, image.Rect(0, y0, g.Width, y1))
		if err != nil {
			return nil, fmt.Errorf("render: reading band %d rows %d–%d: %w", band, y0, y1, err)
		}
		if y0 == 0 {
			out.Name = win.Name
		}
		oy0 := y0 / factor
		reduceRows(win.Data, g.Width, y1-y0, factor, out.Data[oy0*og.Width:], og.Width)
	}
	return out, nil
}
