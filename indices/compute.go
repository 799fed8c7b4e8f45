package indices

import (
	"context"
	"fmt"
	"image"
	"slices"
	"sort"
	"strings"

	"github.com/borderzone/borderzone/raster"
)

// Compute computes the catalogue index called name (see [Lookup]) on a stack
// whose band names are catalogue letters ("B", "G", "R", "N", "S1", ...),
// returning a band on the stack's grid named after the index. A band the
// index needs and the stack lacks is an error naming the index and the
// letter.
func Compute(ctx context.Context, name string, s *raster.Stack, opt *Options) (*raster.Band, error) {
	ix, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	p, err := ix.Compile(opt)
	if err != nil {
		return nil, err
	}
	return p.ComputeStack(ctx, s)
}

// ComputeStack runs the program on the bands of s named as the program's
// inputs (see [Program.Bands]) and returns the result on s's grid.
func (p *Program) ComputeStack(ctx context.Context, s *raster.Stack) (*raster.Band, error) {
	inputs := make([][]float32, len(p.bands))
	for i, name := range p.bands {
		b := findBand(s, name)
		if b == nil {
			return nil, fmt.Errorf("indices: %s needs band %s, which the stack does not have (it has %s)", p.Name(), name, strings.Join(s.Names(), ", "))
		}
		if err := b.Validate(); err != nil {
			return nil, fmt.Errorf("indices: %s: band %s: %w", p.Name(), name, err)
		}
		if err := s.Grid.Match(b.Grid); err != nil {
			return nil, fmt.Errorf("indices: %s: band %s: %w", p.Name(), name, err)
		}
		inputs[i] = b.Data
	}
	out := &raster.Band{Grid: s.Grid, Name: p.Name(), Data: make([]float32, s.Grid.Len())}
	if err := p.Run(ctx, out.Data, inputs...); err != nil {
		return nil, err
	}
	return out, nil
}

func findBand(s *raster.Stack, name string) *raster.Band {
	for _, b := range s.Bands {
		if b.Name == name {
			return b
		}
	}
	return nil
}

// ComputeBands runs the program on bands given by input name, all on one grid
// (checked with Grid.Match; the error names both grids and bands).
func (p *Program) ComputeBands(ctx context.Context, bands map[string]*raster.Band) (*raster.Band, error) {
	inputs := make([][]float32, len(p.bands))
	var grid raster.Grid
	first := ""
	for i, name := range p.bands {
		b, ok := bands[name]
		if !ok || b == nil {
			return nil, fmt.Errorf("indices: %s needs band %s, which was not given (given: %s)", p.Name(), name, strings.Join(sortedKeys(bands), ", "))
		}
		if err := b.Validate(); err != nil {
			return nil, fmt.Errorf("indices: %s: band %s: %w", p.Name(), name, err)
		}
		if first == "" {
			grid, first = b.Grid, name
		} else if err := grid.Match(b.Grid); err != nil {
			return nil, fmt.Errorf("indices: %s: bands %s and %s: %w", p.Name(), first, name, err)
		}
		inputs[i] = b.Data
	}
	if first == "" {
		return nil, fmt.Errorf("indices: %s uses no band, so it has no grid", p.Name())
	}
	out := &raster.Band{Grid: grid, Name: p.Name(), Data: make([]float32, grid.Len())}
	if err := p.Run(ctx, out.Data, inputs...); err != nil {
		return nil, err
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// Source computes an index window by window from other sources, so that an
// index of a raster larger than memory can be written (with
// geotiff.WriteSource) while holding only the windows being computed. It is
// a single-band [raster.Source] whose band is named after the index.
type Source struct {
	prog   *Program
	inputs []raster.Source // in prog.Bands() order
	grid   raster.Grid
}

// NewSource returns a Source computing prog from inputs, keyed by the
// program's input names (catalogue letters for catalogue indices). Band 0 of
// each input is read; wrap a multi-band source with [SelectBand] to read
// another. All inputs must be on the same grid; the error names both.
func NewSource(prog *Program, inputs map[string]raster.Source) (*Source, error) {
	s := &Source{prog: prog}
	first := ""
	for _, name := range prog.bands {
		in, ok := inputs[name]
		if !ok || in == nil {
			return nil, fmt.Errorf("indices: %s needs band %s, which was not given (given: %s)", prog.Name(), name, strings.Join(sortedKeys(inputs), ", "))
		}
		if in.NumBands() < 1 {
			return nil, fmt.Errorf("indices: %s: input %s has no bands", prog.Name(), name)
		}
		g := in.RasterGrid()
		if first == "" {
			s.grid, first = g, name
		} else if err := s.grid.Match(g); err != nil {
			return nil, fmt.Errorf("indices: %s: inputs %s and %s: %w", prog.Name(), first, name, err)
		}
		s.inputs = append(s.inputs, in)
	}
	if first == "" {
		return nil, fmt.Errorf("indices: %s uses no band, so it has no grid", prog.Name())
	}
	return s, nil
}

// RasterGrid returns the inputs' grid.
func (s *Source) RasterGrid() raster.Grid { return s.grid }

// NumBands returns 1.
func (s *Source) NumBands() int { return 1 }

// ReadWindow reads window win of every input (band 0) and computes the index
// there. Memory is the inputs' windows plus the result.
func (s *Source) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("indices: %s: band %d out of range (the index source has 1 band)", s.prog.Name(), band)
	}
	if !win.In(s.grid.Rect()) || win.Empty() {
		return nil, fmt.Errorf("indices: %s: window %v is not inside the raster %v", s.prog.Name(), win, s.grid.Rect())
	}
	g, err := s.grid.Window(win)
	if err != nil {
		return nil, err
	}
	data := make([][]float32, len(s.inputs))
	if err := s.readGrouped(ctx, win, data); err != nil {
		return nil, err
	}
	for i, in := range s.inputs {
		if data[i] == nil {
			b, err := in.ReadWindow(ctx, 0, win)
			if err != nil {
				return nil, fmt.Errorf("indices: %s: input %s: %w", s.prog.Name(), s.prog.bands[i], err)
			}
			data[i] = b.Data
		}
		if len(data[i]) != g.Len() {
			return nil, fmt.Errorf("indices: %s: input %s returned %d values for window %v, want %d", s.prog.Name(), s.prog.bands[i], len(data[i]), win, g.Len())
		}
	}
	out := &raster.Band{Grid: g, Name: s.prog.Name(), Data: make([]float32, g.Len())}
	if err := s.prog.Run(ctx, out.Data, data...); err != nil {
		return nil, err
	}
	return out, nil
}

// stackReader is a multi-band source that reads several bands of a window
// in one pass over its blocks (a pixel-interleaved geotiff.Image decodes
// every band of a block at once).
type stackReader interface {
	ReadStack(ctx context.Context, bands []int, win image.Rectangle) (*raster.Stack, error)
}

// readGrouped fills data[i] for the inputs that are SelectBand views of one
// multi-band source able to read several bands at once, reading each such
// source once for all its bands; the other entries stay nil.
func (s *Source) readGrouped(ctx context.Context, win image.Rectangle, data [][]float32) error {
	done := make([]bool, len(s.inputs))
	for i, in := range s.inputs {
		v, ok := in.(*bandView)
		if !ok || done[i] {
			continue
		}
		sr, ok := v.src.(stackReader)
		if !ok {
			continue
		}
		var pos, bands []int
		for j := i; j < len(s.inputs); j++ {
			if w, ok := s.inputs[j].(*bandView); ok && !done[j] && w.src == v.src {
				pos, bands = append(pos, j), append(bands, w.band)
			}
		}
		if len(pos) < 2 {
			continue
		}
		st, err := sr.ReadStack(ctx, bands, win)
		if err != nil {
			return fmt.Errorf("indices: %s: inputs %s: %w", s.prog.Name(), s.prog.bands[i], err)
		}
		if len(st.Bands) != len(pos) {
			return fmt.Errorf("indices: %s: %d bands read for window %v, want %d", s.prog.Name(), len(st.Bands), win, len(pos))
		}
		for k, j := range pos {
			data[j], done[j] = st.Bands[k].Data, true
		}
	}
	return nil
}

// BlockSize returns the largest block width and height among the inputs
// that report one (0, 0 when none does), so that window-by-window writers
// such as geotiff.WriteSource can read whole blocks of the inputs at a time.
func (s *Source) BlockSize() (w, h int) {
	for _, in := range s.inputs {
		if b, ok := in.(interface{ BlockSize() (int, int) }); ok {
			bw, bh := b.BlockSize()
			w, h = max(w, bw), max(h, bh)
		}
	}
	return w, h
}

// SelectBand returns a single-band view of band (0-based) of src, for
// [NewSource] inputs that are bands of a multi-band file.
func SelectBand(src raster.Source, band int) (raster.Source, error) {
	if band < 0 || band >= src.NumBands() {
		return nil, fmt.Errorf("indices: band %d out of range (the source has %d bands)", band+1, src.NumBands())
	}
	return &bandView{src: src, band: band}, nil
}

type bandView struct {
	src  raster.Source
	band int
}

// RasterGrid returns the grid of the raster (raster.Source).
func (v *bandView) RasterGrid() raster.Grid { return v.src.RasterGrid() }

// NumBands returns the number of bands (raster.Source).
func (v *bandView) NumBands() int { return 1 }

// BlockSize forwards the viewed source's block size, or 0, 0.
func (v *bandView) BlockSize() (w, h int) {
	if b, ok := v.src.(interface{ BlockSize() (int, int) }); ok {
		return b.BlockSize()
	}
	return 0, 0
}

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (v *bandView) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("indices: band %d out of range (the band view has 1 band)", band)
	}
	return v.src.ReadWindow(ctx, v.band, win)
}

// Names returns the short names of the indices, sorted.
func Names() []string {
	return slices.Clone(mustLoad().names)
}
