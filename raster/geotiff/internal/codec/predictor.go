package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
)

// TIFF Predictor tag (317) values.
const (
	// PredictorNone means no prediction (TIFF 6.0 section 14).
	PredictorNone = 1
	// PredictorHorizontal is horizontal differencing (TIFF 6.0 section 14).
	PredictorHorizontal = 2
	// PredictorFloatingPoint is floating-point prediction (Adobe Photoshop
	// TIFF Technical Note 3).
	PredictorFloatingPoint = 3
)

// UndoPredictor reverses the TIFF predictor, in place, on one decoded chunk
// (strip or tile) of rows rows, each rowSamples samples long: the chunk width
// times SamplesPerPixel for contiguous data (PlanarConfiguration 1), the
// chunk width for planar data (PlanarConfiguration 2). stride is the
// distance between a sample and the one it is predicted from:
// SamplesPerPixel for contiguous data, 1 for planar data. Samples are
// bytesPerSample (1, 2, 4 or 8) bytes long, in byte order order, the
// file's byte order (binary.LittleEndian for "II" files, binary.BigEndian
// for "MM" files).
//
//   - Predictor 1: nothing to do.
//   - Predictor 2, horizontal differencing (TIFF 6.0 section 14): every
//     sample but the first stride of each row holds its difference from the
//     sample stride before it; UndoPredictor adds them back in the sample's
//     own bit width with wrap-around, reading and writing the samples in
//     byte order order. Any sample format (signed, unsigned, floating
//     point bits) is handled alike.
//   - Predictor 3, floating point (Adobe Photoshop TIFF Technical Note 3,
//     2005): each row holds its values split into byte planes, most
//     significant byte first, and byte-wise differenced across the row with
//     stride; UndoPredictor undoes the differencing and puts each value's
//     bytes back together in byte order order, so that the caller decodes
//     chunks of every predictor the same way. bytesPerSample must be 2, 4
//     or 8.
//
// Other predictor values, a bad bytesPerSample, stride or rowSamples that is
// not a multiple of stride, or a buffer shorter than rows*rowSamples*
// bytesPerSample are errors; bytes of buf after the chunk are not touched.
func UndoPredictor(buf []byte, predictor int, order binary.ByteOrder, bytesPerSample, stride, rowSamples, rows int) error {
	pp, err := newPredictorParams(predictor, order, bytesPerSample, stride, rowSamples)
	if err != nil {
		return err
	}
	if pp.predictor == PredictorNone || rows == 0 || rowSamples == 0 {
		if rows < 0 {
			return fmt.Errorf("codec: predictor: %d rows", rows)
		}
		return nil
	}
	if rows < 0 || rows > maxInt/pp.rowBytes {
		return fmt.Errorf("codec: predictor: chunk of %d rows of %d %d-byte samples is too large", rows, rowSamples, bytesPerSample)
	}
	if len(buf) < rows*pp.rowBytes {
		return fmt.Errorf("codec: predictor: buffer of %d bytes is shorter than %d rows of %d %d-byte samples",
			len(buf), rows, rowSamples, bytesPerSample)
	}
	pp.undo(buf[:rows*pp.rowBytes])
	return nil
}

const maxInt = int(^uint(0) >> 1)

// predictorParams is a checked predictor description.
type predictorParams struct {
	predictor, bps, stride int
	little                 bool
	rowBytes               int // 0 for predictor 1
}

// newPredictorParams checks the predictor arguments of UndoPredictor.
func newPredictorParams(predictor int, order binary.ByteOrder, bytesPerSample, stride, rowSamples int) (predictorParams, error) {
	switch predictor {
	case PredictorNone:
		return predictorParams{predictor: PredictorNone}, nil
	case PredictorHorizontal:
		switch bytesPerSample {
		case 1, 2, 4, 8:
		default:
			return predictorParams{}, fmt.Errorf("codec: predictor 2 on %d-byte samples", bytesPerSample)
		}
	case PredictorFloatingPoint:
		switch bytesPerSample {
		case 2, 4, 8:
		default:
			return predictorParams{}, fmt.Errorf("codec: predictor 3 on %d-byte samples (want 2, 4 or 8)", bytesPerSample)
		}
	default:
		return predictorParams{}, fmt.Errorf("codec: unknown predictor %d", predictor)
	}
	if order == nil {
		return predictorParams{}, errors.New("codec: predictor: no byte order")
	}
	if stride < 1 || rowSamples < 0 {
		return predictorParams{}, fmt.Errorf("codec: predictor: bad geometry: stride %d, %d samples per row", stride, rowSamples)
	}
	if rowSamples%stride != 0 {
		return predictorParams{}, fmt.Errorf("codec: predictor: %d samples per row is not a multiple of the stride %d", rowSamples, stride)
	}
	if rowSamples > maxInt/bytesPerSample {
		return predictorParams{}, fmt.Errorf("codec: predictor: row of %d %d-byte samples is too large", rowSamples, bytesPerSample)
	}
	return predictorParams{
		predictor: predictor,
		bps:       bytesPerSample,
		stride:    stride,
		little:    order.Uint16([]byte{1, 0}) == 1,
		rowBytes:  rowSamples * bytesPerSample,
	}, nil
}

// undo reverses the predictor on the whole rows of buf.
func (pp *predictorParams) undo(buf []byte) {
	switch pp.predictor {
	case PredictorHorizontal:
		undoHorizontal(buf, pp.little, pp.bps, pp.stride, pp.rowBytes)
	case PredictorFloatingPoint:
		undoFloatingPoint(buf, pp.little, pp.bps, pp.stride, pp.rowBytes)
	}
}

// undoHorizontal undoes predictor 2 on the whole rows of buf.
func undoHorizontal(buf []byte, little bool, bps, stride, rowBytes int) {
	var f func(row []byte, stride int)
	switch {
	case bps == 1:
		f = acc8
	case bps == 2 && little:
		f = acc16LE
	case bps == 2:
		f = acc16BE
	case bps == 4 && little:
		f = acc32LE
	case bps == 4:
		f = acc32BE
	case bps == 8 && little:
		f = acc64LE
	default:
		f = acc64BE
	}
	for off := 0; off+rowBytes <= len(buf); off += rowBytes {
		f(buf[off:off+rowBytes:off+rowBytes], stride)
	}
}

// The accN functions undo horizontal differencing on one row of N-bit
// samples. They run over one channel (sample position within the pixel)
// at a time, carrying the running value in a register: the row is small
// enough to stay in cache, and the loop avoids a store-to-load dependency
// from one pixel to the next.

func acc8(row []byte, stride int) {
	for c := 0; c < stride && c < len(row); c++ {
		acc := row[c]
		for i := c + stride; i < len(row); i += stride {
			acc += row[i]
			row[i] = acc
		}
	}
}

func acc16LE(row []byte, stride int) {
	for c := 0; c < stride && 2*c+2 <= len(row); c++ {
		acc := binary.LittleEndian.Uint16(row[2*c:])
		for i := 2 * (c + stride); i+2 <= len(row); i += 2 * stride {
			b := row[i : i+2 : i+2]
			acc += binary.LittleEndian.Uint16(b)
			binary.LittleEndian.PutUint16(b, acc)
		}
	}
}

func acc16BE(row []byte, stride int) {
	for c := 0; c < stride && 2*c+2 <= len(row); c++ {
		acc := binary.BigEndian.Uint16(row[2*c:])
		for i := 2 * (c + stride); i+2 <= len(row); i += 2 * stride {
			b := row[i : i+2 : i+2]
			acc += binary.BigEndian.Uint16(b)
			binary.BigEndian.PutUint16(b, acc)
		}
	}
}

func acc32LE(row []byte, stride int) {
	for c := 0; c < stride && 4*c+4 <= len(row); c++ {
		acc := binary.LittleEndian.Uint32(row[4*c:])
		for i := 4 * (c + stride); i+4 <= len(row); i += 4 * stride {
			b := row[i : i+4 : i+4]
			acc += binary.LittleEndian.Uint32(b)
			binary.LittleEndian.PutUint32(b, acc)
		}
	}
}

func acc32BE(row []byte, stride int) {
	for c := 0; c < stride && 4*c+4 <= len(row); c++ {
		acc := binary.BigEndian.Uint32(row[4*c:])
		for i := 4 * (c + stride); i+4 <= len(row); i += 4 * stride {
			b := row[i : i+4 : i+4]
			acc += binary.BigEndian.Uint32(b)
			binary.BigEndian.PutUint32(b, acc)
		}
	}
}

func acc64LE(row []byte, stride int) {
	for c := 0; c < stride && 8*c+8 <= len(row); c++ {
		acc := binary.LittleEndian.Uint64(row[8*c:])
		for i := 8 * (c + stride); i+8 <= len(row); i += 8 * stride {
			b := row[i : i+8 : i+8]
			acc += binary.LittleEndian.Uint64(b)
			binary.LittleEndian.PutUint64(b, acc)
		}
	}
}

func acc64BE(row []byte, stride int) {
	for c := 0; c < stride && 8*c+8 <= len(row); c++ {
		acc := binary.BigEndian.Uint64(row[8*c:])
		for i := 8 * (c + stride); i+8 <= len(row); i += 8 * stride {
			b := row[i : i+8 : i+8]
			acc += binary.BigEndian.Uint64(b)
			binary.BigEndian.PutUint64(b, acc)
		}
	}
}

// rowBuffers holds scratch rows for predictor 3.
var rowBuffers = sync.Pool{New: func() any { return new([]byte) }}

// undoFloatingPoint undoes predictor 3 (TN3) on the whole rows of buf.
func undoFloatingPoint(buf []byte, little bool, bps, stride, rowBytes int) {
	tp := rowBuffers.Get().(*[]byte)
	if cap(*tp) < rowBytes {
		*tp = make([]byte, rowBytes)
	}
	tmp := (*tp)[:rowBytes]
	wc := rowBytes / bps
	for off := 0; off+rowBytes <= len(buf); off += rowBytes {
		row := buf[off : off+rowBytes : off+rowBytes]
		// Undo the byte-wise differencing into tmp, one channel at a time.
		for c := 0; c < stride && c < len(row); c++ {
			acc := row[c]
			tmp[c] = acc
			for i := c + stride; i < len(row); i += stride {
				acc += row[i]
				tmp[i] = acc
			}
		}
		switch {
		case bps == 4 && little:
			p0, p1, p2, p3 := tmp[:wc], tmp[wc:2*wc], tmp[2*wc:3*wc], tmp[3*wc:4*wc]
			for c := range p0 {
				o := row[4*c : 4*c+4 : 4*c+4]
				o[0], o[1], o[2], o[3] = p3[c], p2[c], p1[c], p0[c]
			}
		case bps == 4:
			p0, p1, p2, p3 := tmp[:wc], tmp[wc:2*wc], tmp[2*wc:3*wc], tmp[3*wc:4*wc]
			for c := range p0 {
				o := row[4*c : 4*c+4 : 4*c+4]
				o[0], o[1], o[2], o[3] = p0[c], p1[c], p2[c], p3[c]
			}
		case bps == 2 && little:
			p0, p1 := tmp[:wc], tmp[wc:2*wc]
			for c := range p0 {
				o := row[2*c : 2*c+2 : 2*c+2]
				o[0], o[1] = p1[c], p0[c]
			}
		case bps == 2:
			p0, p1 := tmp[:wc], tmp[wc:2*wc]
			for c := range p0 {
				o := row[2*c : 2*c+2 : 2*c+2]
				o[0], o[1] = p0[c], p1[c]
			}
		default: // 8 bytes
			p0, p1, p2, p3 := tmp[:wc], tmp[wc:2*wc], tmp[2*wc:3*wc], tmp[3*wc:4*wc]
			p4, p5, p6, p7 := tmp[4*wc:5*wc], tmp[5*wc:6*wc], tmp[6*wc:7*wc], tmp[7*wc:8*wc]
			if little {
				p0, p1, p2, p3, p4, p5, p6, p7 = p7, p6, p5, p4, p3, p2, p1, p0
			}
			for c := range p0 {
				o := row[8*c : 8*c+8 : 8*c+8]
				o[0], o[1], o[2], o[3] = p0[c], p1[c], p2[c], p3[c]
				o[4], o[5], o[6], o[7] = p4[c], p5[c], p6[c], p7[c]
			}
		}
	}
	rowBuffers.Put(tp)
}
