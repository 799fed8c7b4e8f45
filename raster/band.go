package raster

import (
	"context"
	"fmt"
	"image"
	"math"
)

// Band is one layer of analysis values: Grid.Width*Grid.Height float32
// values in row-major order (Data[row*Width+col]), NaN meaning "no data".
// Values are in physical units once a reader has applied scale and offset
// (reflectance 0–1, kelvin, ...).
type Band struct {
	Grid Grid
	// Name is the band's name or description ("red", "SR_B4", "ndvi"); it
	// may be empty.
	Name string
	Data []float32
}

// NewBand returns a band on g with every value NaN (no data).
func NewBand(g Grid, name string) *Band {
	d := make([]float32, g.Len())
	nan := float32(math.NaN())
	for i := range d {
		d[i] = nan
	}
	return &Band{Grid: g, Name: name, Data: d}
}

// At returns the value of pixel (col, row), NaN when it is outside the band.
func (b *Band) At(col, row int) float32 {
	if col < 0 || row < 0 || col >= b.Grid.Width || row >= b.Grid.Height {
		return float32(math.NaN())
	}
	return b.Data[row*b.Grid.Width+col]
}

// Set sets the value of pixel (col, row); it does nothing outside the band.
func (b *Band) Set(col, row int, v float32) {
	if col < 0 || row < 0 || col >= b.Grid.Width || row >= b.Grid.Height {
		return
	}
	b.Data[row*b.Grid.Width+col] = v
}

// Row returns the slice of row r's values (shared, not copied).
func (b *Band) Row(r int) []float32 {
	w := b.Grid.Width
	return b.Data[r*w : (r+1)*w]
}

// Window returns a copy of the pixels in r as a new band on the window's
// grid.
func (b *Band) Window(r image.Rectangle) (*Band, error) {
	g, err := b.Grid.Window(r)
	if err != nil {
		return nil, fmt.Errorf("band %q: %w", b.Name, err)
	}
	out := &Band{Grid: g, Name: b.Name, Data: make([]float32, g.Len())}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Data[(y-r.Min.Y)*g.Width:], b.Data[y*b.Grid.Width+r.Min.X:y*b.Grid.Width+r.Max.X])
	}
	return out, nil
}

// Validate checks that Data has exactly Width*Height values.
func (b *Band) Validate() error {
	if b.Grid.Width < 0 || b.Grid.Height < 0 || len(b.Data) != b.Grid.Len() {
		return fmt.Errorf("raster: band %q has %d values for a %dx%d grid", b.Name, len(b.Data), b.Grid.Width, b.Grid.Height)
	}
	return nil
}

// RasterGrid, NumBands and ReadWindow make a Band a one-band Source.

// RasterGrid returns the band's grid.
func (b *Band) RasterGrid() Grid { return b.Grid }

// NumBands returns 1.
func (b *Band) NumBands() int { return 1 }

// ReadWindow returns a copy of window win of the band; band must be 0.
func (b *Band) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("raster: band %q: band index %d out of range [0, 1)", b.Name, band)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return b.Window(win)
}
