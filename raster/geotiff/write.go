package geotiff

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff/internal/codec"
)

// Compression selects how [Write] compresses strips and tiles. The zero
// value is no compression.
type Compression int

// Compression schemes [Write] supports, with the TIFF Compression (259)
// code each writes.
const (
	// CompressionNone stores samples as they are (code 1, TIFF 6.0).
	CompressionNone Compression = iota
	// CompressionDeflate is zlib DEFLATE (code 8, Adobe Deflate), level
	// 1–9, default 6 as GDAL's ZLEVEL.
	CompressionDeflate
	// CompressionLZW is TIFF LZW (code 5, TIFF 6.0 section 13).
	CompressionLZW
	// CompressionZSTD is Zstandard (code 50000, as libtiff), level 1–22,
	// default 9 as GDAL's ZSTD_LEVEL.
	CompressionZSTD
	// CompressionPackBits is PackBits run-length coding (code 32773, TIFF
	// 6.0 section 9).
	CompressionPackBits
)

var compressionCodes = [...]int{codec.None, codec.AdobeDeflate, codec.LZW, codec.ZSTD, codec.PackBits}

// String returns GDAL's name for the compression: NONE, DEFLATE, LZW, ZSTD
// or PACKBITS.
func (c Compression) String() string {
	if c >= 0 && int(c) < len(compressionCodes) {
		return codec.Name(compressionCodes[c])
	}
	return fmt.Sprintf("Compression(%d)", int(c))
}

// Interleave selects how the samples of a multi-band file are arranged
// (TIFF PlanarConfiguration, tag 284).
type Interleave int

const (
	// InterleavePixel stores the bands of a pixel next to each other
	// (PlanarConfiguration 1, GDAL's INTERLEAVE=PIXEL); the default.
	InterleavePixel Interleave = iota
	// InterleaveBand stores each band in its own strips or tiles
	// (PlanarConfiguration 2, GDAL's INTERLEAVE=BAND).
	InterleaveBand
)

// BigTIFFMode selects between classic TIFF (32-bit offsets, files under
// 4 GiB) and BigTIFF (64-bit offsets).
type BigTIFFMode int

const (
	// BigTIFFAuto writes BigTIFF only when the file would not fit classic
	// TIFF. The decision is exact: blocks are compressed before the
	// header is written, so the size is known.
	BigTIFFAuto BigTIFFMode = iota
	// BigTIFFAlways writes BigTIFF.
	BigTIFFAlways
	// BigTIFFNever writes classic TIFF and fails when the file would reach
	// 4 GiB.
	BigTIFFNever
)

// Options controls [Write], [WriteFile] and [WriteSource]. The zero value
// (or a nil *Options) writes an uncompressed, pixel-interleaved classic
// TIFF in strips of about 64 KiB: Float32 with GDAL_NODATA "nan" for
// bands, Byte or UInt16 with a palette and nodata 0 for labels.
type Options struct {
	// Type is the sample type written. Zero means Float32 for a Band or
	// Stack, and Byte (codes up to 255) or UInt16 for Labels, which accept
	// only those two types.
	//
	// Analysis values v are written as round((v - Offset) / Scale), rounded
	// half away from zero and clamped to the type's range (±Inf clamp to
	// the ends); NaN is written as Nodata. For float types no rounding or
	// clamping is done (Float32 rounds to nearest float32). A finite value
	// that lands on Nodata reads back as no data.
	Type DataType
	// Nodata is the value written for NaN and recorded in GDAL_NODATA
	// (tag 42113) when HasNodata is set. Without it float types use NaN
	// (GDAL_NODATA "nan") and integer types have no nodata value, in which
	// case a NaN in the data is an error naming the band. Labels use 0
	// ("none") unless HasNodata is set.
	Nodata    float64
	HasNodata bool
	// Scale and Offset map stored values to physical ones (physical =
	// stored*Scale + Offset), written to GDAL_METADATA (tag 42112) per
	// band. Either slice may be empty (scale 1, offset 0), hold one value
	// for every band, or one value per band.
	Scale, Offset []float64
	// Compression and Level (0 = the codec's default) choose the codec.
	Compression Compression
	Level       int
	// Predictor is the TIFF Predictor (tag 317): 0 or 1 none, 2
	// horizontal differencing (integer types), 3 floating point (Float32
	// and Float64). Predictors need Deflate, LZW or ZSTD, as in libtiff.
	Predictor int
	// TileWidth and TileHeight, in pixels, select tiles when both are
	// positive. TIFF 6.0 asks for multiples of 16; other sizes are
	// written too (libtiff reads them with a warning).
	TileWidth, TileHeight int
	// RowsPerStrip is the strip height for striped files; 0 picks strips
	// of about 64 KiB uncompressed, at least one row.
	RowsPerStrip int
	// Interleave is the sample arrangement of multi-band files.
	Interleave Interleave
	// BigTIFF chooses classic TIFF or BigTIFF.
	BigTIFF BigTIFFMode
	// PixelIsPoint writes GTRasterType PixelIsPoint (the tiepoint names the
	// centre of the top-left pixel) instead of the default PixelIsArea.
	PixelIsPoint bool
	// Overviews lists the decimation factors (each at least 2, increasing)
	// of internal reduced-resolution images (TIFF NewSubfileType 1), each
	// ceil(Width/f) x ceil(Height/f) pixels and computed from the full
	// resolution: for bands the average of the valid (non-NaN) values of
	// each f x f block (NaN when there is none), as GDAL's AVERAGE; for
	// Labels the most frequent non-zero code (the smallest on ties, 0 when
	// the block has none), as GDAL's MODE with nodata 0.
	Overviews []int
	// COG writes a Cloud Optimized GeoTIFF (COG specification, OGC 21-026):
	// tiled (512 x 512 unless TileWidth and TileHeight are set), with
	// overviews by factors 2, 4, 8, ... until the smallest fits in one tile
	// when Overviews is empty, GDAL's ghost header (LAYOUT=IFDS_BEFORE_DATA,
	// BLOCK_ORDER=ROW_MAJOR), every IFD before the data, the smallest
	// overview's data first and the full resolution's last, tiles in
	// row-major order. Files passed GDAL's validate_cloud_optimized_geotiff.
	// Without COG the layout is the same but there is no ghost header.
	COG bool
}

// Write writes data as a GeoTIFF to w. data is a *raster.Band, a
// *raster.Stack or a *raster.Labels.
//
// The file is little-endian TIFF 6.0 (or BigTIFF) with the georeferencing
// of the data's Grid (GeoTIFF 1.1, OGC 19-008r4): ModelPixelScale and
// ModelTiepoint for north-up grids, ModelTransformation otherwise; GeoKeys
// GTModelType, GTRasterType, GTCitation and ProjectedCSType or
// GeographicType from the CRS's EPSG code. Band names are written as GDAL
// band descriptions, scale and offset as GDAL metadata. Labels are written
// with a Palette photometric interpretation and a ColorMap built from the
// class colours (codes without a class are black), and their class names
// as dataset metadata items CLASS_<code> in GDAL_METADATA; GDAL keeps
// category names only in .aux.xml side-car files, which [WriteFile]
// writes next to the file.
//
// Strips or tiles are compressed in parallel on all cores; the bytes
// written do not depend on the number of cores. All IFDs come before the
// image data, so w needs no Seek. Everything compressed is held in memory
// until it is written.
func Write(w io.Writer, data any, opt *Options) error {
	if opt == nil {
		opt = &Options{}
	}
	p, err := newPlan(data, opt)
	if err != nil {
		return err
	}
	levels := []*plan{p}
	for _, f := range p.factors {
		levels = append(levels, p.overview(f))
	}
	chunks := make([][][]byte, len(levels))
	for i, l := range levels {
		if chunks[i], err = l.compress(); err != nil {
			return err
		}
	}
	return emit(w, levels, chunks, opt)
}

// WriteFile writes data to the file at path with [Write]. For Labels it
// also writes path+".aux.xml" with the category names and colours, which
// GDAL and QGIS read. Errors name the file.
func WriteFile(path string, data any, opt *Options) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = Write(bw, data, opt)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	if l, ok := data.(*raster.Labels); ok {
		if err := os.WriteFile(path+".aux.xml", []byte(auxXML(l)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// plan is a checked description of the file to write.
type plan struct {
	grid          raster.Grid
	w, h, spp     int
	dt            DataType
	bands         [][]float32
	labels        []uint16
	classes       []raster.Class
	names         []string
	scale, offset []float64
	hasNodata     bool
	nodata        float64
	comp, level   int
	pred          int
	tiled, planar bool
	bw, bh        int
	opt           *Options
	factors       []int        // overview factors (full resolution only)
	overviewOf    int          // decimation factor of an overview, 0 for full resolution
	rowBase       int          // image row of the first row held in bands (streaming)
	nanBand       atomic.Int32 // 1 + index of a band with NaN and no nodata
}

func newPlan(data any, opt *Options) (*plan, error) {
	p := &plan{opt: opt}
	switch d := data.(type) {
	case *raster.Band:
		if d == nil {
			return nil, errors.New("geotiff: write: nil band")
		}
		if err := checkBand(d, 0, d.Grid); err != nil {
			return nil, err
		}
		p.grid, p.bands, p.names = d.Grid, [][]float32{d.Data}, []string{d.Name}
	case *raster.Stack:
		if d == nil || len(d.Bands) == 0 {
			return nil, errors.New("geotiff: write: stack without bands")
		}
		p.grid = d.Grid
		for i, b := range d.Bands {
			if err := checkBand(b, i, d.Grid); err != nil {
				return nil, err
			}
			p.bands = append(p.bands, b.Data)
			p.names = append(p.names, b.Name)
		}
	case *raster.Labels:
		if d == nil {
			return nil, errors.New("geotiff: write: nil labels")
		}
		if err := checkGrid(d.Grid, "labels"); err != nil {
			return nil, err
		}
		if len(d.Data) != d.Grid.Len() {
			return nil, fmt.Errorf("geotiff: write: labels hold %d codes for a %dx%d grid", len(d.Data), d.Grid.Width, d.Grid.Height)
		}
		p.grid, p.labels, p.classes, p.names = d.Grid, d.Data, d.Classes, []string{""}
	default:
		return nil, fmt.Errorf("geotiff: write: cannot write %T (want *raster.Band, *raster.Stack or *raster.Labels)", data)
	}
	p.w, p.h = p.grid.Width, p.grid.Height
	p.spp = max(len(p.bands), 1)
	if err := p.options(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkGrid(g raster.Grid, what string) error {
	if g.Width <= 0 || g.Height <= 0 {
		return fmt.Errorf("geotiff: write: %s has an empty %dx%d grid", what, g.Width, g.Height)
	}
	if g.Width > maxDimension || g.Height > maxDimension {
		return fmt.Errorf("geotiff: write: %s: %dx%d grid exceeds %d pixels a side", what, g.Width, g.Height, maxDimension)
	}
	return nil
}

func checkBand(b *raster.Band, i int, g raster.Grid) error {
	if b == nil {
		return fmt.Errorf("geotiff: write: band %d is nil", i+1)
	}
	what := fmt.Sprintf("band %d (%q)", i+1, b.Name)
	if err := checkGrid(b.Grid, what); err != nil {
		return err
	}
	if err := b.Grid.Match(g); err != nil {
		return fmt.Errorf("geotiff: write: %s: %w", what, err)
	}
	if len(b.Data) != b.Grid.Len() {
		return fmt.Errorf("geotiff: write: %s holds %d values for a %dx%d grid", what, len(b.Data), b.Grid.Width, b.Grid.Height)
	}
	return nil
}

// options checks the options against the data.
func (p *plan) options() error {
	o := p.opt
	p.dt = o.Type
	if p.labels != nil {
		if p.dt == 0 {
			p.dt = Byte
			maxCode := uint16(0)
			for _, v := range p.labels {
				maxCode = max(maxCode, v)
			}
			for _, c := range p.classes {
				maxCode = max(maxCode, c.Code)
			}
			if maxCode > 255 {
				p.dt = UInt16
			}
		}
		if p.dt != Byte && p.dt != UInt16 {
			return fmt.Errorf("geotiff: write: labels are written as Byte or UInt16, not %v", p.dt)
		}
		if p.dt == Byte {
			for i, v := range p.labels {
				if v > 255 {
					return fmt.Errorf("geotiff: write: labels: code %d at (%d, %d) does not fit Byte", v, i%p.w, i/p.w)
				}
			}
		}
		p.hasNodata, p.nodata = true, 0
		if o.HasNodata {
			p.nodata = o.Nodata
		}
	} else {
		if p.dt == 0 {
			p.dt = Float32
		}
		if p.dt < Byte || p.dt > Float64 {
			return fmt.Errorf("geotiff: write: unknown sample type %v", p.dt)
		}
		p.hasNodata, p.nodata = o.HasNodata, o.Nodata
		if !p.hasNodata && p.dt.IsFloat() {
			p.hasNodata, p.nodata = true, math.NaN()
		}
		if o.HasNodata && !p.dt.IsFloat() && encodeNative(p.dt, o.Nodata) == nil {
			return fmt.Errorf("geotiff: write: nodata %v is not a %v value", o.Nodata, p.dt)
		}
	}
	var err error
	if p.scale, err = perBand("Scale", o.Scale, p.spp, 1); err != nil {
		return err
	}
	if p.offset, err = perBand("Offset", o.Offset, p.spp, 0); err != nil {
		return err
	}
	for i, s := range p.scale {
		if s == 0 || math.IsNaN(s) || math.IsInf(s, 0) || math.IsNaN(p.offset[i]) || math.IsInf(p.offset[i], 0) {
			return fmt.Errorf("geotiff: write: band %d (%q): scale %v / offset %v unusable", i+1, p.names[i], s, p.offset[i])
		}
	}
	if p.labels != nil && (len(o.Scale) > 0 || len(o.Offset) > 0) {
		return errors.New("geotiff: write: labels take no scale or offset")
	}
	if o.Compression < 0 || int(o.Compression) >= len(compressionCodes) {
		return fmt.Errorf("geotiff: write: unknown compression %v", o.Compression)
	}
	p.comp, p.level = compressionCodes[o.Compression], o.Level
	if _, err := codec.Encode(p.comp, p.level, nil, nil); err != nil {
		return fmt.Errorf("geotiff: write: %w", err)
	}
	p.pred = max(o.Predictor, 1)
	switch p.pred {
	case 1:
	case 2, 3:
		if p.comp == codec.None || p.comp == codec.PackBits {
			return fmt.Errorf("geotiff: write: predictor %d needs DEFLATE, LZW or ZSTD compression, not %v", p.pred, o.Compression)
		}
		if p.pred == 3 && !p.dt.IsFloat() {
			return fmt.Errorf("geotiff: write: predictor 3 is for Float32 and Float64, not %v", p.dt)
		}
		if p.pred == 2 && p.dt.IsFloat() {
			return fmt.Errorf("geotiff: write: predictor 2 is for integer types, not %v: use predictor 3", p.dt)
		}
	default:
		return fmt.Errorf("geotiff: write: unknown predictor %d", o.Predictor)
	}
	p.planar = o.Interleave == InterleaveBand && p.spp > 1
	if o.Interleave != InterleavePixel && o.Interleave != InterleaveBand {
		return fmt.Errorf("geotiff: write: unknown interleave %d", o.Interleave)
	}
	cs := p.chunkSamples()
	switch {
	case o.TileWidth > 0 && o.TileHeight > 0:
		p.tiled, p.bw, p.bh = true, o.TileWidth, o.TileHeight
		if int64(p.bw)*int64(p.bh)*int64(cs*p.dt.Size()) > 1<<30 {
			return fmt.Errorf("geotiff: write: %dx%d tiles exceed 1 GiB", p.bw, p.bh)
		}
	case o.TileWidth != 0 || o.TileHeight != 0:
		return fmt.Errorf("geotiff: write: tile size %dx%d: both must be positive", o.TileWidth, o.TileHeight)
	default:
		p.bw, p.bh = p.w, o.RowsPerStrip
		if p.bh < 0 {
			return fmt.Errorf("geotiff: write: RowsPerStrip %d", p.bh)
		}
		if p.bh == 0 {
			p.bh = max(1, (64<<10)/(p.w*cs*p.dt.Size()))
		}
		p.bh = min(p.bh, p.h)
		if int64(p.bw)*int64(p.bh)*int64(cs*p.dt.Size()) > 1<<30 {
			return fmt.Errorf("geotiff: write: strips of %d rows exceed 1 GiB", p.bh)
		}
	}
	if o.COG && !p.tiled {
		p.tiled, p.bw, p.bh = true, 512, 512
	}
	prev := 1
	for _, f := range o.Overviews {
		if f <= prev {
			return fmt.Errorf("geotiff: write: overview factors %v must be increasing and at least 2", o.Overviews)
		}
		if f > p.w && f > p.h {
			return fmt.Errorf("geotiff: write: overview factor %d exceeds the %dx%d raster", f, p.w, p.h)
		}
		prev = f
	}
	p.factors = o.Overviews
	if o.COG && len(p.factors) == 0 {
		for f := 2; (p.w+f/2-1)/(f/2) > p.bw || (p.h+f/2-1)/(f/2) > p.bh; f *= 2 {
			p.factors = append(p.factors, f)
		}
	}
	if o.BigTIFF < BigTIFFAuto || o.BigTIFF > BigTIFFNever {
		return fmt.Errorf("geotiff: write: unknown BigTIFF mode %d", o.BigTIFF)
	}
	return nil
}

func perBand(name string, v []float64, n int, def float64) ([]float64, error) {
	out := make([]float64, n)
	switch len(v) {
	case 0:
		for i := range out {
			out[i] = def
		}
	case 1:
		for i := range out {
			out[i] = v[0]
		}
	case n:
		copy(out, v)
	default:
		return nil, fmt.Errorf("geotiff: write: %d %s values for %d bands", len(v), name, n)
	}
	return out, nil
}

func (p *plan) chunkSamples() int {
	if p.planar {
		return 1
	}
	return p.spp
}

func (p *plan) across() int { return (p.w + p.bw - 1) / p.bw }
func (p *plan) down() int   { return (p.h + p.bh - 1) / p.bh }

func (p *plan) numChunks() int {
	n := p.across() * p.down()
	if p.planar {
		n *= p.spp
	}
	return n
}

// compress converts and compresses every chunk, in parallel, in file
// order.
func (p *plan) compress() ([][]byte, error) {
	idx := make([]int, p.numChunks())
	for i := range idx {
		idx[i] = i
	}
	return p.compressChunks(idx)
}

// compressChunks converts and compresses the chunks idx, in parallel, and
// returns them in the order of idx.
func (p *plan) compressChunks(idx []int) ([][]byte, error) {
	n := len(idx)
	out := make([][]byte, n)
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), n)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var raw []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				var err error
				raw = p.chunk(idx[i], raw)
				out[i], err = p.encode(raw)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if b := p.nanBand.Load(); b != 0 {
		return nil, fmt.Errorf("geotiff: write: band %d (%q) has NaN (no data) but %v has no nodata value: set Options.Nodata", b, p.names[b-1], p.dt)
	}
	return out, nil
}

// encode applies the predictor to a converted chunk and compresses it.
func (p *plan) encode(raw []byte) ([]byte, error) {
	if p.pred > 1 {
		rows := len(raw) / (p.bw * p.chunkSamples() * p.dt.Size())
		if err := codec.ApplyPredictor(raw, p.pred, p.dt.Size(), p.chunkSamples(), p.bw*p.chunkSamples(), rows); err != nil {
			return nil, err
		}
	}
	est := codec.MaxEncodedSize(p.comp, int64(len(raw)))
	if p.comp != codec.None {
		est = est/3 + 64
	}
	return codec.Encode(p.comp, p.level, raw, make([]byte, 0, est))
}

// chunkRect returns the pixel rectangle and sample (-1 = all) of chunk i.
func (p *plan) chunkRect(i int) (x0, y0, x1, y1, sample int) {
	per := p.across() * p.down()
	sample = -1
	if p.planar {
		sample = i / per
		i %= per
	}
	x0, y0 = (i%p.across())*p.bw, (i/p.across())*p.bh
	return x0, y0, min(x0+p.bw, p.w), min(y0+p.bh, p.h), sample
}

// chunk converts chunk i to little-endian native samples in buf (reused
// when large enough). Tiles are padded to full size with zeros; the last
// strip is shorter.
func (p *plan) chunk(i int, buf []byte) []byte {
	x0, y0, x1, y1, sample := p.chunkRect(i)
	cs, es := p.chunkSamples(), p.dt.Size()
	rows := y1 - y0
	if p.tiled {
		rows = p.bh
	}
	size := p.bw * rows * cs * es
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	if p.tiled && (x1-x0 < p.bw || y1-y0 < p.bh) {
		clear(buf)
	}
	rowBytes := p.bw * cs * es
	for y := y0; y < y1; y++ {
		d := buf[(y-y0)*rowBytes:]
		if p.labels != nil {
			putLabels(d, p.labels[y*p.w+x0:y*p.w+x1], p.dt)
			continue
		}
		for s := range p.spp {
			if sample >= 0 && s != sample {
				continue
			}
			off := 0
			if sample < 0 {
				off = s * es
			}
			r := (y - p.rowBase) * p.w
			if p.convert(d[off:], cs*es, p.bands[s][r+x0:r+x1], s) {
				p.nanBand.CompareAndSwap(0, int32(s+1))
			}
		}
	}
	return buf
}

func putLabels(d []byte, src []uint16, dt DataType) {
	if dt == Byte {
		for k, v := range src {
			d[k] = byte(v)
		}
		return
	}
	for k, v := range src {
		binary.LittleEndian.PutUint16(d[2*k:], v)
	}
}

// convert writes the analysis values src of band b as native samples,
// step bytes apart, into d. It reports whether it met a NaN it could not
// write.
func (p *plan) convert(d []byte, step int, src []float32, b int) (badNaN bool) {
	scale, offset := p.scale[b], p.offset[b]
	plain := scale == 1 && offset == 0
	le := binary.LittleEndian
	switch p.dt {
	case Float32:
		nd := float32(p.nodata)
		for k, v := range src {
			switch {
			case v != v:
				v = nd
			case !plain:
				v = float32((float64(v) - offset) / scale)
			}
			le.PutUint32(d[k*step:], math.Float32bits(v))
		}
		return false
	case Float64:
		for k, v := range src {
			x := float64(v)
			switch {
			case v != v:
				x = p.nodata
			case !plain:
				x = (x - offset) / scale
			}
			le.PutUint64(d[k*step:], math.Float64bits(x))
		}
		return false
	}
	lo, hi := intRange(p.dt)
	for k, v := range src {
		var x float64
		if v != v {
			if !p.hasNodata {
				badNaN = true
			}
			x = p.nodata
		} else {
			x = math.Round((float64(v) - offset) / scale)
			x = min(max(x, lo), hi)
		}
		o := d[k*step:]
		switch p.dt {
		case Byte:
			o[0] = uint8(x)
		case Int8:
			o[0] = uint8(int8(x))
		case UInt16:
			le.PutUint16(o, uint16(x))
		case Int16:
			le.PutUint16(o, uint16(int16(x)))
		case UInt32:
			le.PutUint32(o, uint32(x))
		case Int32:
			le.PutUint32(o, uint32(int32(x)))
		}
	}
	return badNaN
}

// intRange returns the smallest and largest value of an integer type.
func intRange(dt DataType) (lo, hi float64) {
	switch dt {
	case Byte:
		return 0, math.MaxUint8
	case Int8:
		return math.MinInt8, math.MaxInt8
	case UInt16:
		return 0, math.MaxUint16
	case Int16:
		return math.MinInt16, math.MaxInt16
	case UInt32:
		return 0, math.MaxUint32
	case Int32:
		return math.MinInt32, math.MaxInt32
	}
	return math.Inf(-1), math.Inf(1)
}

// formatFloat formats v so that strconv.ParseFloat gives v back; NaN and
// infinities are spelled as GDAL spells them.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// xmlEscape escapes text for XML character data and attributes.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// gdalMetadataXML returns the GDAL_METADATA text: band descriptions,
// scale and offset, and for labels the class names. Item values are
// XML-escaped twice, as GDAL writes them (GDAL unescapes them twice when
// reading, so a single escape loses everything after a '&').
func (p *plan) gdalMetadataXML() string {
	var b strings.Builder
	for _, c := range p.classes {
		if c.Name != "" {
			fmt.Fprintf(&b, "  <Item name=\"CLASS_%d\">%s</Item>\n", c.Code, xmlEscape(xmlEscape(c.Name)))
		}
	}
	for i := range p.spp {
		if p.scale[i] != 1 || p.offset[i] != 0 {
			fmt.Fprintf(&b, "  <Item name=\"OFFSET\" sample=\"%d\" role=\"offset\">%s</Item>\n", i, formatFloat(p.offset[i]))
			fmt.Fprintf(&b, "  <Item name=\"SCALE\" sample=\"%d\" role=\"scale\">%s</Item>\n", i, formatFloat(p.scale[i]))
		}
		if p.names[i] != "" {
			fmt.Fprintf(&b, "  <Item name=\"DESCRIPTION\" sample=\"%d\" role=\"description\">%s</Item>\n", i, xmlEscape(xmlEscape(p.names[i])))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "<GDALMetadata>\n" + b.String() + "</GDALMetadata>"
}

// auxXML returns the GDAL PAM side-car of a labels raster: the category
// names (indexed by code, as GDAL's GetCategoryNames) and the colour
// table.
func auxXML(l *raster.Labels) string {
	maxCode := 0
	for _, c := range l.Classes {
		maxCode = max(maxCode, int(c.Code))
	}
	names := make([]string, maxCode+1)
	for _, c := range l.Classes {
		names[c.Code] = c.Name
	}
	var b strings.Builder
	b.WriteString("<PAMDataset>\n  <PAMRasterBand band=\"1\">\n    <CategoryNames>\n")
	for _, n := range names {
		fmt.Fprintf(&b, "      <Category>%s</Category>\n", xmlEscape(n))
	}
	b.WriteString("    </CategoryNames>\n  </PAMRasterBand>\n</PAMDataset>\n")
	return b.String()
}

// geoTags returns the georeferencing tags of the grid.
func (p *plan) geoTags() []tagEntry {
	g := p.grid
	a := g.Transform
	var tags []tagEntry
	identity := a == raster.Affine{0, 1, 0, 0, 0, 1}
	if identity && g.CRS.IsZero() {
		return nil
	}
	if p.opt.PixelIsPoint {
		a[0] += 0.5*a[1] + 0.5*a[2]
		a[3] += 0.5*a[4] + 0.5*a[5]
	}
	if a[2] == 0 && a[4] == 0 && a[5] < 0 {
		tags = append(tags, doubles(tagModelPixelScale, a[1], -a[5], 0),
			doubles(tagModelTiepoint, 0, 0, 0, a[0], a[3], 0))
	} else {
		tags = append(tags, doubles(tagModelTransform, a[1], a[2], 0, a[0], a[4], a[5], 0, a[3], 0, 0, 0, 0, 0, 0, 0, 1))
	}
	type key struct{ id, loc, count, val int }
	rt := rasterPixelIsArea
	if p.opt.PixelIsPoint {
		rt = rasterPixelIsPoint
	}
	var keys []key
	var ascii strings.Builder
	citation := g.CRS.Definition
	model := 0
	if g.CRS.EPSG != 0 {
		model = modelTypeProjected
		if c, err := crs.FromEPSG(g.CRS.EPSG); err == nil {
			if c.IsGeographic() {
				model = modelTypeGeographic
			}
			if citation == "" {
				citation = c.Name()
			}
		} else if g.CRS.EPSG >= 4000 && g.CRS.EPSG < 5000 {
			model = modelTypeGeographic // the EPSG range of geographic 2D CRSs
		}
	}
	if model != 0 {
		keys = append(keys, key{keyGTModelType, 0, 1, model})
	}
	keys = append(keys, key{keyGTRasterType, 0, 1, rt})
	if citation != "" {
		citation = strings.ReplaceAll(citation, "|", "/") + "|"
		keys = append(keys, key{keyGTCitation, tagGeoASCIIParams, len(citation), 0})
		ascii.WriteString(citation)
	}
	switch model {
	case modelTypeGeographic:
		keys = append(keys, key{keyGeographicType, 0, 1, g.CRS.EPSG})
	case modelTypeProjected:
		keys = append(keys, key{keyProjectedCSType, 0, 1, g.CRS.EPSG})
	}
	dir := []uint16{1, 1, 0, uint16(len(keys))}
	for _, k := range keys {
		dir = append(dir, uint16(k.id), uint16(k.loc), uint16(k.count), uint16(k.val))
	}
	tags = append(tags, shorts(tagGeoKeyDirectory, dir...))
	if ascii.Len() > 0 {
		tags = append(tags, asciiTag(tagGeoASCIIParams, ascii.String()))
	}
	return tags
}
