package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// testTIFF is the little of a TIFF's first IFD that the tests need to find
// and decode its chunks. It is a test helper, deliberately minimal and
// independent of package raster/geotiff.
type testTIFF struct {
	order                  binary.ByteOrder
	width, height          int
	bitsPerSample, spp     int
	compression, predictor int
	planar, photometric    int
	rowsPerStrip           int
	tileWidth, tileHeight  int
	offsets, counts        []uint64
	jpegTables             []byte
}

// parseTestTIFF reads IFD0 of the classic TIFF or BigTIFF file b.
func parseTestTIFF(b []byte) (*testTIFF, error) {
	if len(b) < 16 {
		return nil, errors.New("short file")
	}
	t := &testTIFF{predictor: 1, planar: 1, spp: 1, compression: 1}
	switch string(b[:2]) {
	case "II":
		t.order = binary.LittleEndian
	case "MM":
		t.order = binary.BigEndian
	default:
		return nil, errors.New("not a TIFF")
	}
	o := t.order
	big := o.Uint16(b[2:]) == 43
	var off uint64
	if big {
		off = o.Uint64(b[8:])
	} else {
		off = uint64(o.Uint32(b[4:]))
	}
	var n uint64
	entry, hdr := uint64(12), uint64(2)
	if big {
		entry, hdr = 20, 8
		n = o.Uint64(b[off:])
	} else {
		n = uint64(o.Uint16(b[off:]))
	}
	typeSize := map[uint16]uint64{1: 1, 2: 1, 3: 2, 4: 4, 7: 1, 16: 8, 12: 8}
	for i := range n {
		e := b[off+hdr+i*entry:]
		tag, typ := o.Uint16(e), o.Uint16(e[2:])
		var count uint64
		var val []byte
		if big {
			count = o.Uint64(e[4:])
			val = e[12:20]
		} else {
			count = uint64(o.Uint32(e[4:]))
			val = e[8:12]
		}
		sz := typeSize[typ] * count
		if sz > uint64(len(val)) {
			var p uint64
			if big {
				p = o.Uint64(val)
			} else {
				p = uint64(o.Uint32(val))
			}
			val = b[p : p+sz]
		}
		ints := make([]uint64, count)
		for j := range count {
			switch typ {
			case 3:
				ints[j] = uint64(o.Uint16(val[2*j:]))
			case 4:
				ints[j] = uint64(o.Uint32(val[4*j:]))
			case 16:
				ints[j] = o.Uint64(val[8*j:])
			case 1, 7:
				ints[j] = uint64(val[j])
			}
		}
		first := 0
		if count > 0 {
			first = int(ints[0])
		}
		switch tag {
		case 256:
			t.width = first
		case 257:
			t.height = first
		case 258:
			t.bitsPerSample = first
		case 259:
			t.compression = first
		case 262:
			t.photometric = first
		case 273, 324:
			t.offsets = ints
		case 277:
			t.spp = first
		case 278:
			t.rowsPerStrip = first
		case 279, 325:
			t.counts = ints
		case 284:
			t.planar = first
		case 317:
			t.predictor = first
		case 322:
			t.tileWidth = first
		case 323:
			t.tileHeight = first
		case 347:
			t.jpegTables = val[:sz]
		}
	}
	if len(t.offsets) != len(t.counts) {
		return nil, fmt.Errorf("%d offsets, %d byte counts", len(t.offsets), len(t.counts))
	}
	return t, nil
}

// chunk describes one strip or tile of a testTIFF.
type chunk struct {
	data          []byte
	x0, y0        int // top-left pixel
	width, height int // decoded size in pixels (strips: rows actually present)
	plane         int // sample plane for planar files, else 0
}

// chunks lists the strips or tiles of t, plane by plane.
func (t *testTIFF) chunks(file []byte) []chunk {
	cw, ch := t.width, t.rowsPerStrip
	tiled := t.tileWidth > 0
	if tiled {
		cw, ch = t.tileWidth, t.tileHeight
	}
	if ch == 0 || ch > t.height {
		ch = t.height
	}
	across := (t.width + cw - 1) / cw
	down := (t.height + ch - 1) / ch
	planes := 1
	if t.planar == 2 {
		planes = t.spp
	}
	var out []chunk
	for p := range planes {
		for r := range down {
			for c := range across {
				i := (p*down+r)*across + c
				h := ch
				if !tiled {
					h = min(ch, t.height-r*ch)
				}
				// Clip to the file, for truncated files.
				start := min(t.offsets[i], uint64(len(file)))
				end := min(t.offsets[i]+t.counts[i], uint64(len(file)))
				out = append(out, chunk{
					data: file[start:end],
					x0:   c * cw, y0: r * ch, width: cw, height: h, plane: p,
				})
			}
		}
	}
	return out
}
