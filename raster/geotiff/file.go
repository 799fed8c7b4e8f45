package geotiff

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff/internal/codec"
)

// File is an open TIFF, BigTIFF, GeoTIFF or Cloud-Optimized GeoTIFF. Its
// embedded *Image is the full-resolution image (the first IFD); reduced
// resolution levels are in [File.Overviews]. A File is safe for concurrent
// reads.
type File struct {
	*Image
	name      string
	closer    io.Closer
	tr        *tiffReader
	overviews []*Image
	ifdCount  int

	hasNodata  bool
	nodata     float64
	meta       bandMetadata
	geoKeys    map[int]GeoKey
	rasterType int
}

// Open opens the GeoTIFF at path, or at an http:// or https:// URL through
// [OpenURL] with default options. Errors name the file.
func Open(path string) (*File, error) {
	if IsURL(path) {
		return OpenURL(context.Background(), path, HTTPOptions{})
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := NewReader(fh, st.Size(), path)
	if err != nil {
		fh.Close()
		return nil, err
	}
	f.closer = fh
	return f, nil
}

// NewReader opens a GeoTIFF held by any io.ReaderAt of the given size in
// bytes; name is used in error messages (a path or URL). The reader must
// stay usable until the File is no longer used.
func NewReader(r io.ReaderAt, size int64, name string) (*File, error) {
	f := &File{name: name, tr: &tiffReader{r: r, size: size}}
	if err := f.parse(); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return f, nil
}

// Close releases the file opened by [Open]; it does nothing for a File made
// by [NewReader].
func (f *File) Close() error {
	if f.closer != nil {
		return f.closer.Close()
	}
	return nil
}

// Name returns the path or name the file was opened with.
func (f *File) Name() string { return f.name }

// BigTIFF reports whether the file is a BigTIFF (version 43).
func (f *File) BigTIFF() bool { return f.tr.bigtiff }

// LittleEndian reports whether the file's byte order is little-endian (II).
func (f *File) LittleEndian() bool { return f.tr.order.Uint16([]byte{1, 0}) == 1 }

// Overviews returns the reduced-resolution images (IFDs with bit 0 of
// NewSubfileType set and the same number of bands), largest first.
func (f *File) Overviews() []*Image { return f.overviews }

// Level returns image i of the resolution pyramid: 0 is the full
// resolution, 1.. the overviews in order of decreasing size.
func (f *File) Level(i int) (*Image, error) {
	if i == 0 {
		return f.Image, nil
	}
	if i < 0 || i > len(f.overviews) {
		return nil, fmt.Errorf("%s: level %d out of range [0, %d]", f.name, i, len(f.overviews))
	}
	return f.overviews[i-1], nil
}

// LevelFor returns the image to read for output pixels of pixelSize CRS
// units (the larger of the two axes): the most reduced overview whose
// reduction factor is at most 1.2 times the requested one, else the full
// resolution. This is GDAL's choice for a decimated nearest-neighbour read
// (GDALBandGetBestOverviewLevel2 with GDAL_OVERVIEW_OVERSAMPLING_THRESHOLD
// at its default of 1.2), so a read through LevelFor sees the pixels GDAL
// would.
func (f *File) LevelFor(pixelSize float64) *Image {
	const oversampling = 1.2
	dx, dy := f.grid.Transform.PixelSize()
	desired := pixelSize / math.Max(dx, dy)
	best, bestFactor := f.Image, 1.0
	for _, o := range f.overviews {
		factor := math.Min(float64(f.width)/float64(o.width), float64(f.height)/float64(o.height))
		if factor > bestFactor && factor <= desired*oversampling {
			best, bestFactor = o, factor
		}
	}
	return best
}

// Nodata returns the GDAL_NODATA value (one for all bands) and whether the
// file has one.
func (f *File) Nodata() (float64, bool) { return f.nodata, f.hasNodata }

// Scale returns band b's (0-based) scale factor from GDAL_METADATA, 1 when
// absent.
func (f *File) Scale(b int) float64 {
	if b < 0 || b >= len(f.meta.scale) || math.IsNaN(f.meta.scale[b]) {
		return 1
	}
	return f.meta.scale[b]
}

// Offset returns band b's (0-based) offset from GDAL_METADATA, 0 when
// absent. Physical value = native value * Scale + Offset.
func (f *File) Offset(b int) float64 {
	if b < 0 || b >= len(f.meta.offset) || math.IsNaN(f.meta.offset[b]) {
		return 0
	}
	return f.meta.offset[b]
}

// HasScaleOffset reports whether band b has an explicit scale or offset.
func (f *File) HasScaleOffset(b int) bool {
	return b >= 0 && b < len(f.meta.scale) && (!math.IsNaN(f.meta.scale[b]) || !math.IsNaN(f.meta.offset[b]))
}

// Description returns band b's (0-based) description from GDAL_METADATA,
// "" when absent.
func (f *File) Description(b int) string {
	if b < 0 || b >= len(f.meta.description) {
		return ""
	}
	return f.meta.description[b]
}

// Metadata returns a dataset-level GDAL_METADATA item (for example
// "AREA_OR_POINT") and whether it is present.
func (f *File) Metadata(name string) (string, bool) {
	v, ok := f.meta.items[name]
	return v, ok
}

// GeoKeys returns the GeoTIFF keys by id (nil when the file has none).
func (f *File) GeoKeys() map[int]GeoKey { return f.geoKeys }

// EPSG returns the EPSG code of the CRS (ProjectedCSType, or GeographicType
// for geographic models), 0 when unknown or user-defined.
func (f *File) EPSG() int { return f.grid.CRS.EPSG }

// PixelIsPoint reports whether GTRasterTypeGeoKey is PixelIsPoint; the
// geotransform reported by RasterGrid follows GDAL's default and refers to
// the corner of the top-left pixel all the same.
func (f *File) PixelIsPoint() bool { return f.rasterType == rasterPixelIsPoint }

// IFDCount returns the number of IFDs in the file's chain.
func (f *File) IFDCount() int { return f.ifdCount }

func (f *File) parse() error {
	first, err := f.tr.readHeader()
	if err != nil {
		return err
	}
	raws, err := f.tr.readIFDs(first)
	if err != nil {
		return err
	}
	f.ifdCount = len(raws)
	main, err := f.newImage(raws[0], 0)
	if err != nil {
		return err
	}
	f.Image = main
	if err := f.parseGeo(raws[0]); err != nil {
		return err
	}
	for i, r := range raws[1:] {
		nst, _ := f.optUint(r, tagNewSubfileType, 0)
		if nst&1 == 0 || nst&4 != 0 { // not reduced resolution, or a mask
			continue
		}
		im, err := f.newImage(r, i+1)
		if err != nil {
			return err
		}
		if im.spp != main.spp || im.dataType != main.dataType {
			continue
		}
		im.grid = raster.Grid{Width: im.width, Height: im.height, CRS: main.grid.CRS,
			Transform: main.grid.Transform.Scale(float64(main.width)/float64(im.width), float64(main.height)/float64(im.height))}
		f.overviews = append(f.overviews, im)
	}
	return nil
}

func (f *File) optUint(r *rawIFD, tag uint16, def uint64) (uint64, error) {
	e, ok := r.entries[tag]
	if !ok || e.count == 0 {
		return def, nil
	}
	v, err := f.tr.uints(e)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

// parseGeo reads the georeferencing and GDAL tags of IFD 0.
func (f *File) parseGeo(r *rawIFD) error {
	tr := f.tr
	g := &f.grid
	g.Transform = raster.Affine{0, 1, 0, 0, 0, 1}
	if e, ok := r.entries[tagGeoKeyDirectory]; ok {
		dir, err := tr.uints(e)
		if err != nil {
			return err
		}
		var doubles []float64
		if e, ok := r.entries[tagGeoDoubleParams]; ok {
			if doubles, err = tr.floats(e); err != nil {
				return err
			}
		}
		var ascii string
		if e, ok := r.entries[tagGeoASCIIParams]; ok {
			ascii = asciiValue(e)
		}
		if f.geoKeys, err = parseGeoKeys(dir, doubles, ascii); err != nil {
			return err
		}
	}
	f.rasterType = rasterPixelIsArea
	if k, ok := f.geoKeys[keyGTRasterType]; ok && k.Short == rasterPixelIsPoint {
		f.rasterType = rasterPixelIsPoint
	}
	model := f.geoKeys[keyGTModelType].Short
	if k, ok := f.geoKeys[keyProjectedCSType]; ok && k.Short != userDefined && model != modelTypeGeographic {
		g.CRS.EPSG = k.Short
	} else if k, ok := f.geoKeys[keyGeographicType]; ok && k.Short != userDefined && model != modelTypeProjected {
		g.CRS.EPSG = k.Short
	}
	for _, id := range []int{keyPCSCitation, keyGTCitation, keyGeogCitation} {
		if k, ok := f.geoKeys[id]; ok && k.ASCII != "" {
			g.CRS.Definition = k.ASCII
			break
		}
	}
	if e, ok := r.entries[tagModelTransform]; ok {
		m, err := tr.floats(e)
		if err != nil {
			return err
		}
		if len(m) < 16 {
			return fmt.Errorf("ModelTransformation (34264) has %d values, want 16", len(m))
		}
		g.Transform = raster.Affine{m[3], m[0], m[1], m[7], m[4], m[5]}
	} else if e, ok := r.entries[tagModelTiepoint]; ok {
		tp, err := tr.floats(e)
		if err != nil {
			return err
		}
		se, ok := r.entries[tagModelPixelScale]
		if len(tp) >= 6 && ok {
			sc, err := tr.floats(se)
			if err != nil {
				return err
			}
			if len(sc) < 2 {
				return fmt.Errorf("ModelPixelScale (33550) has %d values, want 3", len(sc))
			}
			g.Transform = raster.Affine{tp[3] - tp[0]*sc[0], sc[0], 0, tp[4] + tp[1]*sc[1], 0, -sc[1]}
		}
	}
	if f.rasterType == rasterPixelIsPoint {
		// GDAL's default (GTIFF_POINT_GEO_IGNORE=FALSE): the tiepoint names
		// the centre of the pixel, so the corner is half a pixel up-left.
		t := &g.Transform
		t[0] -= 0.5*t[1] + 0.5*t[2]
		t[3] -= 0.5*t[4] + 0.5*t[5]
	}
	if e, ok := r.entries[tagGDALNodata]; ok {
		v, err := parseNodata(asciiValue(e))
		if err != nil {
			return err
		}
		f.nodata, f.hasNodata = v, true
	}
	text := ""
	if e, ok := r.entries[tagGDALMetadata]; ok {
		text = asciiValue(e)
	}
	md, err := parseGDALMetadata(text, f.spp)
	if err != nil {
		return err
	}
	f.meta = md
	return nil
}

// Image is one image (IFD) of a file: the full resolution or an overview.
// It is a [raster.Source].
type Image struct {
	f           *File
	ifd         int
	width       int
	height      int
	spp         int
	dataType    DataType
	compression int
	predictor   int
	photometric int
	planar      int
	tiled       bool
	blockW      int
	blockH      int
	offsets     []uint64
	counts      []uint64
	jpegTables  []byte
	colorMap    []color.RGBA
	grid        raster.Grid
}

// maxDimension bounds the width and height of an image (GDAL's limit for
// GeoTIFF is the same order of magnitude); larger claims are rejected.
const maxDimension = 1 << 24

func (f *File) newImage(r *rawIFD, index int) (*Image, error) {
	tr := f.tr
	im := &Image{f: f, ifd: index}
	fail := func(format string, a ...any) (*Image, error) {
		return nil, fmt.Errorf("IFD %d: "+format, append([]any{index}, a...)...)
	}
	req := func(tag uint16) (uint64, error) {
		e, ok := r.entries[tag]
		if !ok || e.count == 0 {
			return 0, fmt.Errorf("IFD %d: missing required tag %s", index, tagName(tag))
		}
		v, err := tr.uints(e)
		if err != nil {
			return 0, fmt.Errorf("IFD %d: %w", index, err)
		}
		return v[0], nil
	}
	w, err := req(tagImageWidth)
	if err != nil {
		return nil, err
	}
	h, err := req(tagImageLength)
	if err != nil {
		return nil, err
	}
	if w == 0 || h == 0 || w > maxDimension || h > maxDimension {
		return fail("image size %d x %d is zero or larger than %d x %d", w, h, maxDimension, maxDimension)
	}
	im.width, im.height = int(w), int(h)
	spp, err := f.optUint(r, tagSamplesPerPixel, 1)
	if err != nil {
		return nil, fmt.Errorf("IFD %d: %w", index, err)
	}
	if spp == 0 || spp > 1024 {
		return fail("SamplesPerPixel (277) = %d is not supported", spp)
	}
	im.spp = int(spp)
	bits := []uint64{1}
	if e, ok := r.entries[tagBitsPerSample]; ok {
		if bits, err = tr.uints(e); err != nil {
			return fail("%v", err)
		}
	}
	for _, b := range bits {
		if b != bits[0] {
			return fail("unsupported BitsPerSample (258) = %v: samples of different sizes", bits)
		}
	}
	format := []uint64{1}
	if e, ok := r.entries[tagSampleFormat]; ok {
		if format, err = tr.uints(e); err != nil {
			return fail("%v", err)
		}
	}
	if len(bits) == 0 || len(format) == 0 {
		return fail("empty BitsPerSample or SampleFormat")
	}
	if im.dataType, err = dataTypeOf(int(bits[0]), int(format[0])); err != nil {
		return fail("%v", err)
	}
	comp, _ := f.optUint(r, tagCompression, 1)
	im.compression = int(comp)
	if comp != codec.JPEG && !codec.Supported(int(comp)) {
		return fail("unsupported Compression (259) = %d (%s)", comp, codec.Name(int(comp)))
	}
	pred, _ := f.optUint(r, tagPredictor, 1)
	im.predictor = int(pred)
	switch {
	case pred == 1:
	case pred == 2: // horizontal differencing of the sample bits; libtiff allows it on floats too
	case pred == 3 && im.dataType.IsFloat():
	default:
		return fail("unsupported Predictor (317) = %d for %s samples", pred, im.dataType)
	}
	photo, _ := f.optUint(r, tagPhotometric, 1)
	im.photometric = int(photo)
	planar, _ := f.optUint(r, tagPlanarConfig, 1)
	if planar != 1 && planar != 2 {
		return fail("unsupported PlanarConfiguration (284) = %d", planar)
	}
	im.planar = int(planar)
	if im.spp == 1 {
		im.planar = 2 // one band: contiguous and separate are the same
	}
	if comp == codec.JPEG {
		if im.dataType != Byte || (im.spp != 1 && im.spp != 3) || im.planar != 1 && im.spp != 1 {
			return fail("unsupported JPEG layout: %s, %d samples, PlanarConfiguration %d", im.dataType, im.spp, planar)
		}
		if e, ok := r.entries[tagJPEGTables]; ok {
			im.jpegTables = e.raw
		}
	} else if photo == 6 {
		return fail("unsupported PhotometricInterpretation (262) = 6 (YCbCr) without JPEG compression")
	}
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if _, ok := r.entries[tagTileWidth]; ok {
		im.tiled = true
		offTag, cntTag = tagTileOffsets, tagTileByteCounts
		tw, err := req(tagTileWidth)
		if err != nil {
			return nil, err
		}
		th, err := req(tagTileLength)
		if err != nil {
			return nil, err
		}
		if tw == 0 || th == 0 || tw > maxDimension || th > maxDimension {
			return fail("tile size %d x %d is not supported", tw, th)
		}
		im.blockW, im.blockH = int(tw), int(th)
	} else {
		rps, _ := f.optUint(r, tagRowsPerStrip, uint64(im.height))
		if rps == 0 || rps > uint64(im.height) {
			rps = uint64(im.height)
		}
		im.blockW, im.blockH = im.width, int(rps)
	}
	if e, ok := r.entries[offTag]; !ok {
		return fail("missing required tag %s", tagName(offTag))
	} else if im.offsets, err = tr.uints(e); err != nil {
		return fail("%v", err)
	}
	if e, ok := r.entries[cntTag]; !ok {
		return fail("missing required tag %s", tagName(cntTag))
	} else if im.counts, err = tr.uints(e); err != nil {
		return fail("%v", err)
	}
	want := im.chunksAcross() * im.chunksDown() * im.planes()
	if len(im.offsets) != want {
		return fail("%s has %d entries, the %d x %d image needs %d", tagName(offTag), len(im.offsets), im.width, im.height, want)
	}
	if len(im.counts) != want {
		return fail("%s has %d entries, the %d x %d image needs %d", tagName(cntTag), len(im.counts), im.width, im.height, want)
	}
	if maxChunk := int64(1) << 32; int64(im.blockW)*int64(im.blockH)*int64(im.chunkSamples())*int64(im.dataType.Size()) > maxChunk {
		return fail("a %d x %d block of %d samples is larger than %d bytes", im.blockW, im.blockH, im.chunkSamples(), maxChunk)
	}
	if e, ok := r.entries[tagColorMap]; ok && im.dataType.Size() <= 2 {
		cm, err := tr.uints(e)
		if err == nil && len(cm)%3 == 0 {
			n := len(cm) / 3
			im.colorMap = make([]color.RGBA, n)
			for i := range n {
				im.colorMap[i] = color.RGBA{uint8(cm[i] >> 8), uint8(cm[n+i] >> 8), uint8(cm[2*n+i] >> 8), 255}
			}
		}
	}
	im.grid = raster.Grid{Width: im.width, Height: im.height}
	return im, nil
}

func (im *Image) planes() int {
	if im.planar == 2 {
		return im.spp
	}
	return 1
}

// chunkSamples is the number of samples per pixel inside one chunk.
func (im *Image) chunkSamples() int {
	if im.planar == 2 {
		return 1
	}
	return im.spp
}

func (im *Image) chunksAcross() int { return (im.width + im.blockW - 1) / im.blockW }
func (im *Image) chunksDown() int   { return (im.height + im.blockH - 1) / im.blockH }

// RasterGrid returns the image's grid: size, geotransform (for an overview,
// the full-resolution transform scaled to its size) and CRS.
func (im *Image) RasterGrid() raster.Grid { return im.grid }

// NumBands returns the number of bands (SamplesPerPixel).
func (im *Image) NumBands() int { return im.spp }

// DataType returns the type of the native samples.
func (im *Image) DataType() DataType { return im.dataType }

// Compression returns the TIFF Compression tag value (1 none, 5 LZW, 7 JPEG,
// 8 or 32946 Deflate, 32773 PackBits, 50000 ZSTD).
func (im *Image) Compression() int { return im.compression }

// CompressionName returns GDAL's name for the compression: NONE, LZW,
// DEFLATE, PACKBITS, ZSTD or JPEG.
func (im *Image) CompressionName() string { return codec.Name(im.compression) }

// Predictor returns the Predictor tag value: 1 none, 2 horizontal
// differencing, 3 floating point.
func (im *Image) Predictor() int { return im.predictor }

// Tiled reports whether the image is stored in tiles rather than strips.
func (im *Image) Tiled() bool { return im.tiled }

// BlockSize returns the size of a tile, or for strips the image width and
// RowsPerStrip: GDAL's block size.
func (im *Image) BlockSize() (w, h int) { return im.blockW, im.blockH }

// Interleave returns GDAL's INTERLEAVE: "PIXEL" for PlanarConfiguration 1
// with several bands, "BAND" otherwise.
func (im *Image) Interleave() string {
	if im.planar == 1 && im.spp > 1 {
		return "PIXEL"
	}
	return "BAND"
}

// Photometric returns the PhotometricInterpretation tag value.
func (im *Image) Photometric() int { return im.photometric }

// ColorMap returns the palette of a palette-colour image (nil otherwise),
// with 16-bit TIFF colour values reduced to 8 bits.
func (im *Image) ColorMap() []color.RGBA { return im.colorMap }

// String names the image in error messages.
func (im *Image) String() string {
	return fmt.Sprintf("%s IFD %d", filepath.Base(im.f.name), im.ifd)
}

// chunkName names chunk i for error messages.
func (im *Image) chunkName(i int) string {
	kind := "strip"
	if im.tiled {
		kind = "tile"
	}
	return kind + " " + strconv.Itoa(i)
}
