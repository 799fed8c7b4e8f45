package geotiff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// TIFF field types (TIFF 6.0 section 2, BigTIFF additions 16–18).
const (
	tByte      = 1
	tASCII     = 2
	tShort     = 3
	tLong      = 4
	tRational  = 5
	tSByte     = 6
	tUndefined = 7
	tSShort    = 8
	tSLong     = 9
	tSRational = 10
	tFloat     = 11
	tDouble    = 12
	tIFD       = 13
	tLong8     = 16
	tSLong8    = 17
	tIFD8      = 18
)

var typeSize = [...]int{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8}

// Tag numbers used by the reader (TIFF 6.0, TIFF Technical Note 1 and 2,
// GeoTIFF 1.1, GDAL).
const (
	tagNewSubfileType     = 254
	tagImageWidth         = 256
	tagImageLength        = 257
	tagBitsPerSample      = 258
	tagCompression        = 259
	tagPhotometric        = 262
	tagImageDescription   = 270
	tagStripOffsets       = 273
	tagSamplesPerPixel    = 277
	tagRowsPerStrip       = 278
	tagStripByteCounts    = 279
	tagPlanarConfig       = 284
	tagPredictor          = 317
	tagColorMap           = 320
	tagTileWidth          = 322
	tagTileLength         = 323
	tagTileOffsets        = 324
	tagTileByteCounts     = 325
	tagExtraSamples       = 338
	tagSampleFormat       = 339
	tagJPEGTables         = 347
	tagYCbCrSubsampling   = 530
	tagModelPixelScale    = 33550
	tagModelTiepoint      = 33922
	tagModelTransform     = 34264
	tagGeoKeyDirectory    = 34735
	tagGeoDoubleParams    = 34736
	tagGeoASCIIParams     = 34737
	tagGDALMetadata       = 42112
	tagGDALNodata         = 42113
	maxIFDs               = 4096
	maxEntriesPerIFD      = 4096
	maxTagBytes           = 1 << 30
	bigTIFFHeaderSize     = 16
	classicTIFFHeaderSize = 8
)

var tagNames = map[uint16]string{
	tagNewSubfileType: "NewSubfileType", tagImageWidth: "ImageWidth", tagImageLength: "ImageLength",
	tagBitsPerSample: "BitsPerSample", tagCompression: "Compression", tagPhotometric: "PhotometricInterpretation",
	tagStripOffsets: "StripOffsets", tagSamplesPerPixel: "SamplesPerPixel", tagRowsPerStrip: "RowsPerStrip",
	tagStripByteCounts: "StripByteCounts", tagPlanarConfig: "PlanarConfiguration", tagPredictor: "Predictor",
	tagColorMap: "ColorMap", tagTileWidth: "TileWidth", tagTileLength: "TileLength", tagTileOffsets: "TileOffsets",
	tagTileByteCounts: "TileByteCounts", tagExtraSamples: "ExtraSamples", tagSampleFormat: "SampleFormat",
	tagJPEGTables: "JPEGTables", tagYCbCrSubsampling: "YCbCrSubsampling", tagModelPixelScale: "ModelPixelScale",
	tagModelTiepoint: "ModelTiepoint", tagModelTransform: "ModelTransformation", tagGeoKeyDirectory: "GeoKeyDirectory",
	tagGeoDoubleParams: "GeoDoubleParams", tagGeoASCIIParams: "GeoAsciiParams", tagGDALMetadata: "GDAL_METADATA",
	tagGDALNodata: "GDAL_NODATA", tagImageDescription: "ImageDescription",
}

func tagName(t uint16) string {
	if n, ok := tagNames[t]; ok {
		return fmt.Sprintf("%s (%d)", n, t)
	}
	return fmt.Sprintf("tag %d", t)
}

// entry is one IFD entry with its value bytes loaded (in file byte order).
type entry struct {
	tag   uint16
	typ   uint16
	count uint64
	raw   []byte
}

// rawIFD is the parsed directory: its offset and entries by tag.
type rawIFD struct {
	offset  int64
	entries map[uint16]*entry
}

// tiffReader holds what is needed to parse the header and IFD chain.
type tiffReader struct {
	r       io.ReaderAt
	size    int64
	order   binary.ByteOrder
	bigtiff bool
}

// readAt reads exactly len(p) bytes at off, reporting a short file as an
// error that says where.
func (t *tiffReader) readAt(p []byte, off int64, what string) error {
	if off < 0 || off > t.size || int64(len(p)) > t.size-off {
		return fmt.Errorf("%s at offset %d, length %d, lies past the end of the file (%d bytes)", what, off, len(p), t.size)
	}
	n, err := t.r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s at offset %d: %w", what, off, err)
}

// readHeader parses the 8- or 16-byte header and returns the first IFD
// offset.
func (t *tiffReader) readHeader() (int64, error) {
	var h [16]byte
	if t.size < classicTIFFHeaderSize {
		return 0, fmt.Errorf("not a TIFF file: only %d bytes", t.size)
	}
	n := min(int64(16), t.size)
	if err := t.readAt(h[:n], 0, "header"); err != nil {
		return 0, err
	}
	switch string(h[:2]) {
	case "II":
		t.order = binary.LittleEndian
	case "MM":
		t.order = binary.BigEndian
	default:
		return 0, fmt.Errorf("not a TIFF file: byte-order mark %q", h[:2])
	}
	switch v := t.order.Uint16(h[2:]); v {
	case 42:
		return int64(t.order.Uint32(h[4:])), nil
	case 43:
		if n < bigTIFFHeaderSize {
			return 0, fmt.Errorf("BigTIFF header truncated (%d bytes)", t.size)
		}
		t.bigtiff = true
		if bs, z := t.order.Uint16(h[4:]), t.order.Uint16(h[6:]); bs != 8 || z != 0 {
			return 0, fmt.Errorf("BigTIFF header: offset size %d, reserved %d (want 8, 0)", bs, z)
		}
		off := t.order.Uint64(h[8:])
		if off > math.MaxInt64 {
			return 0, fmt.Errorf("BigTIFF first IFD offset %d too large", off)
		}
		return int64(off), nil
	default:
		return 0, fmt.Errorf("not a TIFF file: version %d (want 42 or 43)", v)
	}
}

// readIFDs follows the IFD chain from first, detecting loops and bounding
// the number of directories.
func (t *tiffReader) readIFDs(first int64) ([]*rawIFD, error) {
	var ifds []*rawIFD
	seen := map[int64]bool{}
	for off := first; off != 0; {
		if seen[off] {
			return nil, fmt.Errorf("IFD %d: next-IFD offset %d loops back to an earlier IFD", len(ifds)-1, off)
		}
		if len(ifds) >= maxIFDs {
			return nil, fmt.Errorf("more than %d IFDs", maxIFDs)
		}
		seen[off] = true
		ifd, next, err := t.readIFD(off)
		if err != nil {
			return nil, fmt.Errorf("IFD %d: %w", len(ifds), err)
		}
		ifds = append(ifds, ifd)
		off = next
	}
	if len(ifds) == 0 {
		return nil, errors.New("no IFD (first IFD offset is 0)")
	}
	return ifds, nil
}

func (t *tiffReader) readIFD(off int64) (*rawIFD, int64, error) {
	countSize, entrySize, offSize := int64(2), int64(12), int64(4)
	if t.bigtiff {
		countSize, entrySize, offSize = 8, 20, 8
	}
	var cb [8]byte
	if err := t.readAt(cb[:countSize], off, "directory entry count"); err != nil {
		return nil, 0, err
	}
	var n uint64
	if t.bigtiff {
		n = t.order.Uint64(cb[:])
	} else {
		n = uint64(t.order.Uint16(cb[:]))
	}
	if n == 0 || n > maxEntriesPerIFD {
		return nil, 0, fmt.Errorf("directory at offset %d has %d entries", off, n)
	}
	buf := make([]byte, int64(n)*entrySize+offSize)
	if err := t.readAt(buf, off+countSize, "directory entries"); err != nil {
		return nil, 0, err
	}
	ifd := &rawIFD{offset: off, entries: make(map[uint16]*entry, n)}
	for i := uint64(0); i < n; i++ {
		e := buf[int64(i)*entrySize:]
		en := &entry{tag: t.order.Uint16(e), typ: t.order.Uint16(e[2:])}
		var valField []byte
		if t.bigtiff {
			en.count = t.order.Uint64(e[4:])
			valField = e[12:20]
		} else {
			en.count = uint64(t.order.Uint32(e[4:]))
			valField = e[8:12]
		}
		if int(en.typ) >= len(typeSize) || typeSize[en.typ] == 0 {
			continue // unknown field types are skipped, as TIFF 6.0 requires
		}
		sz := uint64(typeSize[en.typ])
		if en.count > maxTagBytes/sz || int64(en.count*sz) > t.size {
			return nil, 0, fmt.Errorf("%s: %d values of %d bytes do not fit in the file (%d bytes)", tagName(en.tag), en.count, sz, t.size)
		}
		nb := int64(en.count * sz)
		if nb <= int64(len(valField)) {
			en.raw = append([]byte(nil), valField[:nb]...)
		} else {
			var vo int64
			if t.bigtiff {
				u := t.order.Uint64(valField)
				if u > math.MaxInt64 {
					return nil, 0, fmt.Errorf("%s: value offset %d past the end of the file", tagName(en.tag), u)
				}
				vo = int64(u)
			} else {
				vo = int64(t.order.Uint32(valField))
			}
			en.raw = make([]byte, nb)
			if err := t.readAt(en.raw, vo, tagName(en.tag)+" values"); err != nil {
				return nil, 0, err
			}
		}
		ifd.entries[en.tag] = en
	}
	tail := buf[int64(n)*entrySize:]
	var next int64
	if t.bigtiff {
		u := t.order.Uint64(tail)
		if u > math.MaxInt64 {
			return nil, 0, fmt.Errorf("next-IFD offset %d past the end of the file", u)
		}
		next = int64(u)
	} else {
		next = int64(t.order.Uint32(tail))
	}
	if next != 0 && (next < 8 || next >= t.size) {
		return nil, 0, fmt.Errorf("next-IFD offset %d past the end of the file (%d bytes)", next, t.size)
	}
	return ifd, next, nil
}

// uints returns the entry's values as unsigned integers (BYTE, SHORT, LONG,
// LONG8, IFD types).
func (t *tiffReader) uints(e *entry) ([]uint64, error) {
	out := make([]uint64, e.count)
	switch e.typ {
	case tByte, tUndefined:
		for i := range out {
			out[i] = uint64(e.raw[i])
		}
	case tShort:
		for i := range out {
			out[i] = uint64(t.order.Uint16(e.raw[2*i:]))
		}
	case tLong, tIFD:
		for i := range out {
			out[i] = uint64(t.order.Uint32(e.raw[4*i:]))
		}
	case tLong8, tIFD8:
		for i := range out {
			out[i] = t.order.Uint64(e.raw[8*i:])
		}
	default:
		return nil, fmt.Errorf("%s has field type %d, want an unsigned integer type", tagName(e.tag), e.typ)
	}
	return out, nil
}

// floats returns the entry's values as float64 (any numeric type).
func (t *tiffReader) floats(e *entry) ([]float64, error) {
	out := make([]float64, e.count)
	switch e.typ {
	case tDouble:
		for i := range out {
			out[i] = math.Float64frombits(t.order.Uint64(e.raw[8*i:]))
		}
	case tFloat:
		for i := range out {
			out[i] = float64(math.Float32frombits(t.order.Uint32(e.raw[4*i:])))
		}
	case tRational, tSRational:
		for i := range out {
			a, b := t.order.Uint32(e.raw[8*i:]), t.order.Uint32(e.raw[8*i+4:])
			if e.typ == tSRational {
				out[i] = float64(int32(a)) / float64(int32(b))
			} else {
				out[i] = float64(a) / float64(b)
			}
		}
	case tSByte:
		for i := range out {
			out[i] = float64(int8(e.raw[i]))
		}
	case tSShort:
		for i := range out {
			out[i] = float64(int16(t.order.Uint16(e.raw[2*i:])))
		}
	case tSLong:
		for i := range out {
			out[i] = float64(int32(t.order.Uint32(e.raw[4*i:])))
		}
	case tSLong8:
		for i := range out {
			out[i] = float64(int64(t.order.Uint64(e.raw[8*i:])))
		}
	default:
		u, err := t.uints(e)
		if err != nil {
			return nil, err
		}
		for i, v := range u {
			out[i] = float64(v)
		}
	}
	return out, nil
}

// ascii returns an ASCII entry's text without its trailing NULs.
func asciiValue(e *entry) string {
	b := e.raw
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return string(b)
}
