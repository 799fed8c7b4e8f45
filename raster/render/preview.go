package render

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// ReadPreview reads band (0-based) of a GeoTIFF for display with its longer
// side at most maxSize pixels (full resolution when maxSize <= 0). It picks
// the overview level with File.LevelFor for the needed pixel size (GDAL's
// choice, so an overview a little finer than needed is preferred to full
// resolution), then block-averages that level by the remaining integer
// factor with [ReadReduced], in strips, so memory stays bounded by the
// preview plus one strip.
func ReadPreview(ctx context.Context, f *geotiff.File, band, maxSize int) (*raster.Band, error) {
	g := f.RasterGrid()
	factor := factorFor(g.Width, g.Height, maxSize)
	dx, dy := g.Transform.PixelSize()
	level := f.LevelFor(math.Max(math.Abs(dx), math.Abs(dy)) * float64(factor))
	lg := level.RasterGrid()
	b, err := ReadReduced(ctx, level, band, factorFor(lg.Width, lg.Height, maxSize))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return b, nil
}
