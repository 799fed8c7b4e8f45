package geotiff

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
)

// tagEntry is one IFD entry ready to be written: its values are
// little-endian bytes of type typ.
type tagEntry struct {
	tag   uint16
	typ   uint16
	count uint64
	data  []byte
}

func shorts(tag uint16, v ...uint16) tagEntry {
	b := make([]byte, 2*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint16(b[2*i:], x)
	}
	return tagEntry{tag, tShort, uint64(len(v)), b}
}

func longs(tag uint16, v ...uint32) tagEntry {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return tagEntry{tag, tLong, uint64(len(v)), b}
}

func long8s(tag uint16, v ...uint64) tagEntry {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], x)
	}
	return tagEntry{tag, tLong8, uint64(len(v)), b}
}

func doubles(tag uint16, v ...float64) tagEntry {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return tagEntry{tag, tDouble, uint64(len(v)), b}
}

func asciiTag(tag uint16, s string) tagEntry {
	b := append([]byte(s), 0)
	return tagEntry{tag, tASCII, uint64(len(b)), b}
}

// offsetsTag returns StripOffsets/TileOffsets or the byte counts as LONG in
// classic TIFF and LONG8 in BigTIFF.
func offsetsTag(tag uint16, v []uint64, big bool) tagEntry {
	if big {
		return long8s(tag, v...)
	}
	u := make([]uint32, len(v))
	for i, x := range v {
		u[i] = uint32(x)
	}
	return longs(tag, u...)
}

// ifdSize returns the bytes an IFD with these entries takes, including the
// values that do not fit in their entries (each padded to an even size).
func ifdSize(tags []tagEntry, big bool) int64 {
	entry, head, inline := int64(12), int64(2+4), 4
	if big {
		entry, head, inline = 20, 8+8, 8
	}
	n := head + entry*int64(len(tags))
	for _, t := range tags {
		if len(t.data) > inline {
			n += int64(len(t.data)+1) &^ 1
		}
	}
	return n
}

// appendIFD appends the IFD placed at offset off, whose next IFD is at
// next (0 for the last).
func appendIFD(dst []byte, tags []tagEntry, off, next int64, big bool) []byte {
	slices.SortFunc(tags, func(a, b tagEntry) int { return int(a.tag) - int(b.tag) })
	le := binary.LittleEndian
	entry, head, inline := 12, 2, 4
	if big {
		entry, head, inline = 20, 8, 8
	}
	ext := off + int64(head+entry*len(tags)+inline)
	var extra []byte
	if big {
		dst = le.AppendUint64(dst, uint64(len(tags)))
	} else {
		dst = le.AppendUint16(dst, uint16(len(tags)))
	}
	for _, t := range tags {
		dst = le.AppendUint16(dst, t.tag)
		dst = le.AppendUint16(dst, t.typ)
		if big {
			dst = le.AppendUint64(dst, t.count)
		} else {
			dst = le.AppendUint32(dst, uint32(t.count))
		}
		if len(t.data) <= inline {
			v := make([]byte, inline)
			copy(v, t.data)
			dst = append(dst, v...)
			continue
		}
		pos := uint64(ext) + uint64(len(extra))
		if big {
			dst = le.AppendUint64(dst, pos)
		} else {
			dst = le.AppendUint32(dst, uint32(pos))
		}
		extra = append(extra, t.data...)
		if len(extra)%2 == 1 {
			extra = append(extra, 0)
		}
	}
	if big {
		dst = le.AppendUint64(dst, uint64(next))
	} else {
		dst = le.AppendUint32(dst, uint32(next))
	}
	return append(dst, extra...)
}

// imageTags returns the tags of the image without its chunk offsets and
// byte counts.
func (p *plan) imageTags() []tagEntry {
	es := p.dt.Size()
	bits := make([]uint16, p.spp)
	format := make([]uint16, p.spp)
	for i := range bits {
		bits[i] = uint16(8 * es)
		switch {
		case p.dt.IsFloat():
			format[i] = 3
		case p.dt == Int8 || p.dt == Int16 || p.dt == Int32:
			format[i] = 2
		default:
			format[i] = 1
		}
	}
	photometric := uint16(1) // MinIsBlack
	if p.labels != nil {
		photometric = 3 // Palette
	}
	planar := uint16(1)
	if p.planar {
		planar = 2
	}
	tags := []tagEntry{
		longs(tagImageWidth, uint32(p.w)),
		longs(tagImageLength, uint32(p.h)),
		shorts(tagBitsPerSample, bits...),
		shorts(tagCompression, uint16(p.comp)),
		shorts(tagPhotometric, photometric),
		shorts(tagSamplesPerPixel, uint16(p.spp)),
		shorts(tagPlanarConfig, planar),
		shorts(tagSampleFormat, format...),
	}
	if p.tiled {
		tags = append(tags, longs(tagTileWidth, uint32(p.bw)), longs(tagTileLength, uint32(p.bh)))
	} else {
		tags = append(tags, longs(tagRowsPerStrip, uint32(p.bh)))
	}
	if p.pred > 1 {
		tags = append(tags, shorts(tagPredictor, uint16(p.pred)))
	}
	if p.spp > 1 {
		tags = append(tags, shorts(tagExtraSamples, make([]uint16, p.spp-1)...))
	}
	if p.labels != nil {
		n := 1 << (8 * es)
		cm := make([]uint16, 3*n)
		for _, c := range p.classes {
			if int(c.Code) < n {
				cm[c.Code] = uint16(c.Color.R) * 257
				cm[n+int(c.Code)] = uint16(c.Color.G) * 257
				cm[2*n+int(c.Code)] = uint16(c.Color.B) * 257
			}
		}
		tags = append(tags, shorts(tagColorMap, cm...))
	}
	if p.overviewOf > 0 {
		tags = append(tags, longs(tagNewSubfileType, 1))
	} else {
		tags = append(tags, p.geoTags()...)
		if md := p.gdalMetadataXML(); md != "" {
			tags = append(tags, asciiTag(tagGDALMetadata, md))
		}
	}
	if p.hasNodata {
		tags = append(tags, asciiTag(tagGDALNodata, formatFloat(p.nodata)))
	}
	return tags
}

const maxClassicSize = 1<<32 - 1

// ghostHeader is GDAL's structural metadata for COGs, written right after
// the TIFF header (GDAL's COG driver documentation, "Header ghost area").
// Its first line gives the size of the rest; a pad byte keeps the first
// IFD on a word boundary.
var ghostHeader = func() string {
	body := "LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nKNOWN_INCOMPATIBLE_EDITION=NO\n"
	return fmt.Sprintf("GDAL_STRUCTURAL_METADATA_SIZE=%06d bytes\n", len(body)) + body
}()

// emit writes the header, every IFD (full resolution first, then the
// overviews by decreasing size) and the chunks (smallest overview first,
// full resolution last), so that the layout is the one the COG
// specification asks for.
func emit(w io.Writer, levels []*plan, chunks [][][]byte, opt *Options) error {
	ghost := ""
	if opt.COG {
		ghost = ghostHeader
		if len(ghost)%2 == 1 {
			ghost += "\x00"
		}
	}
	base := make([][]tagEntry, len(levels))
	for i, p := range levels {
		base[i] = p.imageTags()
	}
	layout := func(big bool) ([][]tagEntry, []int64, int64) {
		header := int64(classicTIFFHeaderSize)
		if big {
			header = bigTIFFHeaderSize
		}
		header += int64(len(ghost))
		ifdOff := make([]int64, len(levels))
		pos := header
		for i, p := range levels {
			n := len(chunks[i])
			placeholder := append(slices.Clone(base[i]), p.offsetTags(make([]uint64, n), make([]uint64, n), big)...)
			ifdOff[i] = pos
			pos += ifdSize(placeholder, big)
		}
		final := make([][]tagEntry, len(levels))
		for i := len(levels) - 1; i >= 0; i-- {
			n := len(chunks[i])
			offs, counts := make([]uint64, n), make([]uint64, n)
			for k, c := range chunks[i] {
				offs[k], counts[k] = uint64(pos), uint64(len(c))
				pos += int64(len(c))
			}
			final[i] = append(slices.Clone(base[i]), levels[i].offsetTags(offs, counts, big)...)
		}
		return final, ifdOff, pos
	}
	big := opt.BigTIFF == BigTIFFAlways
	final, ifdOff, end := layout(big)
	if !big && end > maxClassicSize {
		if opt.BigTIFF == BigTIFFNever {
			return fmt.Errorf("geotiff: write: the file would take %d bytes, more than classic TIFF's 4 GiB; allow BigTIFF", end)
		}
		big = true
		final, ifdOff, _ = layout(true)
	}
	var head []byte
	if big {
		head = []byte{'I', 'I', 43, 0, 8, 0, 0, 0, byte(ifdOff[0]), byte(ifdOff[0] >> 8), 0, 0, 0, 0, 0, 0}
	} else {
		head = []byte{'I', 'I', 42, 0, byte(ifdOff[0]), byte(ifdOff[0] >> 8), 0, 0}
	}
	head = append(head, ghost...)
	for i := range levels {
		next := int64(0)
		if i+1 < len(levels) {
			next = ifdOff[i+1]
		}
		head = appendIFD(head, final[i], ifdOff[i], next, big)
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for i := len(levels) - 1; i >= 0; i-- {
		for _, c := range chunks[i] {
			if _, err := w.Write(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// offsetTags returns the chunk offsets and byte counts tags.
func (p *plan) offsetTags(offs, counts []uint64, big bool) []tagEntry {
	if p.tiled {
		return []tagEntry{offsetsTag(tagTileOffsets, offs, big), offsetsTag(tagTileByteCounts, counts, big)}
	}
	return []tagEntry{offsetsTag(tagStripOffsets, offs, big), offsetsTag(tagStripByteCounts, counts, big)}
}
