package sensor

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/raster/warp"
)

// Options control how a product is loaded. The zero value (or nil) loads
// every band found, on the grid of the finest band, with automatic
// resampling and no mask.
type Options struct {
	// Grid, when not nil, is the grid every band is resampled onto.
	Grid *raster.Grid
	// Resampling is the warp method for bands whose grid differs from the
	// product grid ("nearest", "bilinear", "cubic", "average", ...; see
	// warp.ParseMethod). Empty means automatic: bilinear for a band
	// coarser than the product grid (Sentinel-2's 20 m B11/B12 onto 10 m),
	// average for a finer one. Quality bands are always resampled with
	// nearest neighbour.
	Resampling string
	// Mask, when not empty, makes every band read NaN where the product's
	// quality band flags one of the conditions or is fill
	// ([ParseConditions]). It needs a quality band (QA_PIXEL, BQA or SCL).
	Mask []Condition
	// Sentinel2Baseline is the processing baseline of a Sentinel-2 product
	// ("04.00"), needed when neither a STAC item in the folder nor a
	// product name tells it. It decides the reflectance offset.
	Sentinel2Baseline string
	// Sentinel2Files maps Sentinel-2 band names ("B04", "B8A", "SCL") to
	// files, instead of (or on top of) scanning the folder.
	Sentinel2Files map[string]string
}

// ProductBand describes one catalogue band of a Product.
type ProductBand struct {
	// Letter is the catalogue letter ("R").
	Letter string
	// Band is the product's band name ("SR_B4", "B10", "B04").
	Band string
	// Path is the file the band is read from.
	Path string
	// Unit is "reflectance" (0–1) or "kelvin".
	Unit string
	// Resampling is the warp method used to put the band on the product
	// grid, "" when the file is already on it.
	Resampling string
	// Calibration says how DN became the physical value, for reports
	// ("ρ = (2e-05·DN − 0.1)/sin(64.74°)").
	Calibration string
}

// Product is a Landsat or Sentinel-2 product opened by [OpenLandsat],
// [OpenSentinel2] or [Open]: for each catalogue letter, a single-band
// raster.Source in physical units on one common grid.
//
// Band 0 of each source holds reflectance 0–1 (TOA for Level-1 and L1C,
// surface for Level-2 and L2A) or, for thermal letters, kelvin (brightness
// temperature for Level-1, surface temperature for Level-2), with NaN for
// fill and no data. Reading a window reads only the blocks of each file that
// the window needs (through warp.FromSource when a band is resampled).
// Close the product when done.
type Product struct {
	// Name is the product id (LANDSAT_PRODUCT_ID, the Sentinel-2 product
	// name, or the folder name).
	Name string
	// Platform and Level identify the sensor and processing level.
	Platform Platform
	Level    Level
	// Metadata is the parsed MTL of a Landsat product (nil for Sentinel-2).
	Metadata *Metadata
	// Sentinel2Baseline is the processing baseline of a Sentinel-2 product
	// ("02.14"), "" for Landsat.
	Sentinel2Baseline string
	// Grid is the common grid of every band.
	Grid raster.Grid
	// Quality is the coding of the quality band (QualityNone when there is
	// none).
	Quality QualityKind

	bands   map[string]ProductBand
	sources map[string]raster.Source // on Grid, physical units, unmasked
	quality raster.Source            // codes on Grid, nil when none
	qpath   string
	mask    []Condition
	files   []*geotiff.File
}

// Letters returns the catalogue letters the product has, sorted.
func (p *Product) Letters() []string {
	out := make([]string, 0, len(p.bands))
	for l := range p.bands {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Band describes the band of a catalogue letter or STAC common name.
func (p *Product) Band(letter string) (ProductBand, error) {
	l, _ := Letter(letter)
	b, ok := p.bands[l]
	if !ok {
		return ProductBand{}, fmt.Errorf("sensor: %s has no band %q (it has %s)", p.Name, letter, strings.Join(p.Letters(), ", "))
	}
	return b, nil
}

// Source returns the band of a catalogue letter (or STAC common name) as a
// single-band raster.Source on the product grid in physical units, masked
// when Options.Mask was set.
func (p *Product) Source(letter string) (raster.Source, error) {
	b, err := p.Band(letter)
	if err != nil {
		return nil, err
	}
	src := p.sources[b.Letter]
	if len(p.mask) > 0 {
		return &maskedSource{src: src, p: p, name: b.Letter}, nil
	}
	return src, nil
}

// Sources returns every band keyed by catalogue letter, as Source gives them
// — the map package indices computes an index from (band 0 of each).
func (p *Product) Sources() map[string]raster.Source {
	out := make(map[string]raster.Source, len(p.bands))
	for _, l := range p.Letters() {
		s, _ := p.Source(l)
		out[l] = s
	}
	return out
}

// ReadStack reads window win of the given letters (all when letters is
// empty) into a Stack whose band names are the catalogue letters. An empty
// win means the whole grid.
func (p *Product) ReadStack(ctx context.Context, letters []string, win image.Rectangle) (*raster.Stack, error) {
	if len(letters) == 0 {
		letters = p.Letters()
	}
	if win.Empty() {
		win = p.Grid.Rect()
	}
	if !win.In(p.Grid.Rect()) {
		return nil, fmt.Errorf("sensor: %s: window %v is outside the product grid %v", p.Name, win, p.Grid.Rect())
	}
	g, err := p.Grid.Window(win)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", p.Name, err)
	}
	st := &raster.Stack{Grid: g}
	for _, l := range letters {
		src, err := p.Source(l)
		if err != nil {
			return nil, err
		}
		b, err := src.ReadWindow(ctx, 0, win)
		if err != nil {
			return nil, err
		}
		b.Name = p.bands[mustLetter(l)].Letter
		if err := st.Add(b); err != nil {
			return nil, fmt.Errorf("sensor: %s: %w", p.Name, err)
		}
	}
	return st, nil
}

func mustLetter(s string) string {
	l, _ := Letter(s)
	return l
}

// QualityCodes reads window win (empty: all) of the product's quality band on
// the product grid (nearest neighbour), as float32 codes (NaN for no data).
func (p *Product) QualityCodes(ctx context.Context, win image.Rectangle) (*raster.Band, error) {
	if p.quality == nil {
		return nil, fmt.Errorf("sensor: %s has no quality band (QA_PIXEL, BQA or SCL)", p.Name)
	}
	if win.Empty() {
		win = p.Grid.Rect()
	}
	return p.quality.ReadWindow(ctx, 0, win)
}

// Mask builds the mask of conditions over window win (empty: all) of the
// product grid from its quality band.
func (p *Product) Mask(ctx context.Context, conds []Condition, win image.Rectangle) (*Mask, error) {
	codes, err := p.QualityCodes(ctx, win)
	if err != nil {
		return nil, err
	}
	m, err := NewMask(codes, p.Quality, conds)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s (%s): %w", p.Name, p.qpath, err)
	}
	return m, nil
}

// Close closes the product's files.
func (p *Product) Close() error {
	var errs []error
	for _, f := range p.files {
		errs = append(errs, f.Close())
	}
	p.files = nil
	return errors.Join(errs...)
}

// maskedSource reads a band and the quality band over the same window and
// sets masked and fill pixels to NaN.
type maskedSource struct {
	src  raster.Source
	p    *Product
	name string
}

// RasterGrid returns the grid of the raster (raster.Source).
func (m *maskedSource) RasterGrid() raster.Grid { return m.src.RasterGrid() }

// NumBands returns the number of bands (raster.Source).
func (m *maskedSource) NumBands() int { return 1 }

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (m *maskedSource) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	b, err := m.src.ReadWindow(ctx, band, win)
	if err != nil {
		return nil, err
	}
	mk, err := m.p.Mask(ctx, m.p.mask, win)
	if err != nil {
		return nil, err
	}
	if err := mk.Apply(b); err != nil {
		return nil, err
	}
	return b, nil
}

// Open opens a product folder: a Landsat product when it holds an *_MTL.txt
// or *_MTL.json, otherwise a Sentinel-2 band set.
func Open(dir string, opts *Options) (*Product, error) {
	if _, err := FindMTL(dir); err == nil {
		return OpenLandsat(dir, opts)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("sensor: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("sensor: %s is not a folder", dir)
	}
	return OpenSentinel2(dir, opts)
}

// bandSpec is a band about to be placed on the product grid.
type bandSpec struct {
	info ProductBand
	src  *fileBand
}

// openFile opens a GeoTIFF and remembers it for Close.
func (p *Product) openFile(path string) (*geotiff.File, error) {
	f, err := geotiff.Open(path)
	if err != nil {
		return nil, err
	}
	if f.NumBands() < 1 {
		f.Close()
		return nil, fmt.Errorf("sensor: %s has no bands", path)
	}
	p.files = append(p.files, f)
	return f, nil
}

// assemble chooses the product grid and wraps every band onto it.
func (p *Product) assemble(specs []bandSpec, quality *fileBand, opts *Options) error {
	if len(specs) == 0 {
		return fmt.Errorf("sensor: %s: no band files found", p.Name)
	}
	if opts == nil {
		opts = &Options{}
	}
	if opts.Grid != nil {
		p.Grid = *opts.Grid
	} else {
		// The finest band's grid; ties go to the first letter in order.
		sort.Slice(specs, func(i, j int) bool { return specs[i].info.Letter < specs[j].info.Letter })
		best := specs[0].src.RasterGrid()
		for _, s := range specs[1:] {
			g := s.src.RasterGrid()
			dx, _ := g.Transform.PixelSize()
			bx, _ := best.Transform.PixelSize()
			if dx < bx*(1-1e-9) {
				best = g
			}
		}
		p.Grid = best
	}
	var fixed *warp.Method
	if opts.Resampling != "" {
		m, err := warp.ParseMethod(opts.Resampling)
		if err != nil {
			return fmt.Errorf("sensor: %s: %w", p.Name, err)
		}
		fixed = &m
	}
	tx, _ := p.Grid.Transform.PixelSize()
	p.bands = map[string]ProductBand{}
	p.sources = map[string]raster.Source{}
	for _, s := range specs {
		g := s.src.RasterGrid()
		if g.Match(p.Grid) == nil {
			p.bands[s.info.Letter] = s.info
			p.sources[s.info.Letter] = s.src
			continue
		}
		m := warp.Average
		if sx, _ := g.Transform.PixelSize(); sx > tx*(1+1e-9) {
			m = warp.Bilinear
		}
		if fixed != nil {
			m = *fixed
		}
		s.info.Resampling = m.String()
		p.bands[s.info.Letter] = s.info
		p.sources[s.info.Letter] = &resampled{src: s.src, grid: p.Grid, method: m, name: s.info.Letter}
	}
	if quality != nil {
		p.qpath = quality.path
		if quality.RasterGrid().Match(p.Grid) == nil {
			p.quality = quality
		} else {
			p.quality = &resampled{src: quality, grid: p.Grid, method: warp.Nearest, name: quality.name}
		}
	}
	if len(opts.Mask) > 0 {
		if p.quality == nil {
			return fmt.Errorf("sensor: %s: a mask was asked for (%v) but the product has no quality band (QA_PIXEL, BQA or SCL)", p.Name, opts.Mask)
		}
		if _, err := compileConditions(p.Quality, opts.Mask); err != nil {
			return fmt.Errorf("sensor: %s: %w", p.Name, err)
		}
		p.mask = append([]Condition(nil), opts.Mask...)
	}
	return nil
}

// findBandFile returns the file of a band in dir: the MTL's name when it
// exists, else the one file whose name ends in _<key>.tif (any case), as in
// folders whose files were renamed (l8_B10.tif). "" when there is none.
func findBandFile(dir, mtlName, key string) (string, error) {
	if mtlName != "" {
		p := filepath.Join(dir, mtlName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("sensor: %w", err)
	}
	var found []string
	want := strings.ToLower("_" + key)
	for _, e := range entries {
		n := strings.ToLower(e.Name())
		base := strings.TrimSuffix(strings.TrimSuffix(n, ".tif"), ".tiff")
		if base == n || e.IsDir() {
			continue
		}
		if strings.HasSuffix(base, "_sr"+want) || strings.HasSuffix(base, "_st"+want) {
			continue // SR_B4 is not the Level-1 B4
		}
		if strings.HasSuffix(base, want) || base == strings.ToLower(key) {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("sensor: %s: several files for band %s: %s", dir, key, strings.Join(found, ", "))
}
