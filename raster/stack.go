package raster

import (
	"context"
	"fmt"
	"image"
)

// Stack is a set of co-registered bands on one grid, such as the bands of a
// Landsat scene. Bands are addressed by index (0-based) or by name.
type Stack struct {
	Grid  Grid
	Bands []*Band
}

// NewStack returns a stack of the given bands, which must all lie on the
// same grid; the error names the first band whose grid differs.
func NewStack(bands ...*Band) (*Stack, error) {
	if len(bands) == 0 {
		return nil, fmt.Errorf("raster: a stack needs at least one band")
	}
	s := &Stack{Grid: bands[0].Grid}
	if err := s.Add(bands...); err != nil {
		return nil, err
	}
	return s, nil
}

// Add appends bands to the stack after checking that each has the stack's
// grid and the right number of values.
func (s *Stack) Add(bands ...*Band) error {
	for _, b := range bands {
		if err := b.Validate(); err != nil {
			return err
		}
		if err := s.Grid.Match(b.Grid); err != nil {
			return fmt.Errorf("raster: band %q does not fit the stack: %w", b.Name, err)
		}
		s.Bands = append(s.Bands, b)
	}
	return nil
}

// Band returns the band with the given name, or an error listing the names
// the stack has.
func (s *Stack) Band(name string) (*Band, error) {
	for _, b := range s.Bands {
		if b.Name == name {
			return b, nil
		}
	}
	return nil, fmt.Errorf("raster: no band %q in stack (bands: %v)", name, s.Names())
}

// Names returns the bands' names in order.
func (s *Stack) Names() []string {
	n := make([]string, len(s.Bands))
	for i, b := range s.Bands {
		n[i] = b.Name
	}
	return n
}

// RasterGrid returns the stack's grid.
func (s *Stack) RasterGrid() Grid { return s.Grid }

// NumBands returns the number of bands.
func (s *Stack) NumBands() int { return len(s.Bands) }

// ReadWindow returns a copy of window win of band (0-based).
func (s *Stack) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*Band, error) {
	if band < 0 || band >= len(s.Bands) {
		return nil, fmt.Errorf("raster: band index %d out of range [0, %d)", band, len(s.Bands))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.Bands[band].Window(win)
}
