package raster

import (
	"fmt"
	"image"
	"image/color"
)

// Class describes one category of a [Labels] raster.
type Class struct {
	// Code is the value stored in Labels.Data (1–65535; 0 means "none").
	Code uint16
	// Name is a human-readable name ("built-up", "Kazakhstan").
	Name string
	// Color is used when the labels are rendered or written with a palette.
	Color color.RGBA
}

// Labels is a categorical raster: land-cover classes, zone ids, patch ids.
// Data holds Width*Height codes in row-major order; 0 means "none" (no
// class, outside every zone, no data).
type Labels struct {
	Grid    Grid
	Data    []uint16
	Classes []Class
}

// NewLabels returns a labels raster on g with every cell 0.
func NewLabels(g Grid, classes []Class) *Labels {
	return &Labels{Grid: g, Data: make([]uint16, g.Len()), Classes: classes}
}

// At returns the code of cell (col, row), 0 outside the raster.
func (l *Labels) At(col, row int) uint16 {
	if col < 0 || row < 0 || col >= l.Grid.Width || row >= l.Grid.Height {
		return 0
	}
	return l.Data[row*l.Grid.Width+col]
}

// Class returns the class with the given code and whether it exists.
func (l *Labels) Class(code uint16) (Class, bool) {
	for _, c := range l.Classes {
		if c.Code == code {
			return c, true
		}
	}
	return Class{}, false
}

// Window returns a copy of the cells in r on the window's grid.
func (l *Labels) Window(r image.Rectangle) (*Labels, error) {
	g, err := l.Grid.Window(r)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	out := &Labels{Grid: g, Data: make([]uint16, g.Len()), Classes: l.Classes}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Data[(y-r.Min.Y)*g.Width:], l.Data[y*l.Grid.Width+r.Min.X:y*l.Grid.Width+r.Max.X])
	}
	return out, nil
}

// Validate checks that Data has exactly Width*Height codes.
func (l *Labels) Validate() error {
	if len(l.Data) != l.Grid.Len() {
		return fmt.Errorf("raster: labels have %d cells for a %dx%d grid", len(l.Data), l.Grid.Width, l.Grid.Height)
	}
	return nil
}
