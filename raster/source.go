package raster

import (
	"context"
	"image"
	"iter"
)

// Source is anything that can hand out windows of its bands: a GeoTIFF file
// (package raster/geotiff, local or over HTTP), an in-memory [Stack] or
// [Band].
// Window-by-window algorithms take a Source so that they run with bounded
// memory on rasters larger than RAM.
type Source interface {
	// RasterGrid returns the grid of the whole raster.
	RasterGrid() Grid
	// NumBands returns the number of bands.
	NumBands() int
	// ReadWindow returns the analysis values (float32, NaN = no data, scale
	// and offset applied) of band (0-based) inside win, on the window's grid.
	// win must lie inside RasterGrid().Rect().
	ReadWindow(ctx context.Context, band int, win image.Rectangle) (*Band, error)
}

// Blocks yields the windows of a width x height raster in blocks of
// bw x bh pixels, row by row; blocks on the right and bottom edges are
// clipped to the raster. Non-positive block sizes mean the whole width or
// height.
func Blocks(width, height, bw, bh int) iter.Seq[image.Rectangle] {
	if bw <= 0 {
		bw = width
	}
	if bh <= 0 {
		bh = height
	}
	return func(yield func(image.Rectangle) bool) {
		for y := 0; y < height; y += bh {
			for x := 0; x < width; x += bw {
				if !yield(image.Rect(x, y, min(x+bw, width), min(y+bh, height))) {
					return
				}
			}
		}
	}
}

// RowChunks yields horizontal strips of at most rows rows that together
// cover a raster of the given height, the unit in which row-parallel
// algorithms split their work.
func RowChunks(width, height, rows int) iter.Seq[image.Rectangle] {
	return Blocks(width, height, width, rows)
}
