package zones

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// LabelsLayer returns a Layer that summarises a categorical raster: each
// cell's class code becomes its value and code 0 ("none") is no data, so
// frac, weighted_frac, majority, minority and variety give the classes'
// shares and ClassFraction.Name their names. Codes up to 65535 are exact in
// float32.
func LabelsLayer(l *raster.Labels, name string) Layer {
	return Layer{Source: labelsSource{l}, Name: name, Classes: l.Classes}
}

// labelsSource hands out windows of a Labels raster as float32 values.
type labelsSource struct{ l *raster.Labels }

// RasterGrid returns the grid of the raster (raster.Source).
func (s labelsSource) RasterGrid() raster.Grid { return s.l.Grid }

// NumBands returns the number of bands (raster.Source).
func (s labelsSource) NumBands() int { return 1 }

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (s labelsSource) ReadWindow(_ context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("zones: labels have one band, not band %d", band+1)
	}
	if err := s.l.Validate(); err != nil {
		return nil, err
	}
	g, err := s.l.Grid.Window(win)
	if err != nil {
		return nil, err
	}
	b := &raster.Band{Grid: g, Data: make([]float32, win.Dx()*win.Dy())}
	nan := float32(math.NaN())
	i := 0
	for r := win.Min.Y; r < win.Max.Y; r++ {
		row := s.l.Data[r*s.l.Grid.Width+win.Min.X : r*s.l.Grid.Width+win.Max.X]
		for _, c := range row {
			if c == 0 {
				b.Data[i] = nan
			} else {
				b.Data[i] = float32(c)
			}
			i++
		}
	}
	return b, nil
}
