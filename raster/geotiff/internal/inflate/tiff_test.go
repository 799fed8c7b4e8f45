package inflate

import (
	"encoding/binary"
	"errors"
	"os"
)

// tiffChunks is a minimal TIFF/BigTIFF parser for tests: it returns the
// compression tag and the raw bytes of every strip or tile of the first IFD.
// It is independent of the borderzone reader on purpose.
func tiffChunks(path string) (compression int, chunks [][]byte, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, nil, err
	}
	if len(b) < 16 {
		return 0, nil, errors.New("short file")
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, nil, errors.New("not a TIFF")
	}
	big := bo.Uint16(b[2:]) == 43
	var ifd uint64
	if big {
		ifd = bo.Uint64(b[8:])
	} else {
		ifd = uint64(bo.Uint32(b[4:]))
	}
	typeSize := map[uint16]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8}
	values := func(typ uint16, count uint64, field []byte) []uint64 {
		sz := typeSize[typ]
		data := field
		if uint64(sz)*count > uint64(len(field)) {
			var off uint64
			if big {
				off = bo.Uint64(field)
			} else {
				off = uint64(bo.Uint32(field))
			}
			data = b[off : off+uint64(sz)*count]
		}
		out := make([]uint64, count)
		for i := range out {
			switch sz {
			case 1:
				out[i] = uint64(data[i])
			case 2:
				out[i] = uint64(bo.Uint16(data[2*i:]))
			case 4:
				out[i] = uint64(bo.Uint32(data[4*i:]))
			case 8:
				out[i] = bo.Uint64(data[8*i:])
			}
		}
		return out
	}
	var n uint64
	var p uint64
	if big {
		n = bo.Uint64(b[ifd:])
		p = ifd + 8
	} else {
		n = uint64(bo.Uint16(b[ifd:]))
		p = ifd + 2
	}
	var offsets, counts []uint64
	for i := uint64(0); i < n; i++ {
		var tag, typ uint16
		var count uint64
		var field []byte
		if big {
			e := b[p+i*20:]
			tag, typ, count, field = bo.Uint16(e), bo.Uint16(e[2:]), bo.Uint64(e[4:]), e[12:20]
		} else {
			e := b[p+i*12:]
			tag, typ, count, field = bo.Uint16(e), bo.Uint16(e[2:]), uint64(bo.Uint32(e[4:])), e[8:12]
		}
		switch tag {
		case 259:
			compression = int(values(typ, count, field)[0])
		case 273, 324:
			offsets = values(typ, count, field)
		case 279, 325:
			counts = values(typ, count, field)
		}
	}
	if len(offsets) != len(counts) {
		return 0, nil, errors.New("offsets/counts mismatch")
	}
	for i := range offsets {
		chunks = append(chunks, b[offsets[i]:offsets[i]+counts[i]])
	}
	return compression, chunks, nil
}
