package codec

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
)

// DecodeJPEG decodes one JPEG-compressed strip or tile (TIFF Compression 7,
// TIFF Technical Note 2) into width*height*samples interleaved 8-bit
// samples, row-major, in dst when cap(dst) is large enough, in a new slice
// otherwise.
//
// tables is the JPEGTables tag (347), an abbreviated table-specification
// stream (SOI, DQT/DHT segments, EOI), or nil. When present it is spliced in
// front of src, the chunk's abbreviated image stream, as TN2 describes:
// tables without its EOI marker followed by src without its SOI marker.
//
// width and height are the strip or tile size in pixels, samples the
// SamplesPerPixel (1 or 3). ycbcr is true when PhotometricInterpretation is
// YCbCr (6): the decoded components are then converted to RGB with the
// JFIF equations of [color.YCbCrToRGB] (libjpeg rounds slightly differently,
// so values may differ from GDAL's by a unit or two). Otherwise the
// components are returned as stored, whatever colour transform markers the
// stream carries, as libtiff does.
//
// A JPEG image smaller than width x height (a last strip, say) fills only
// its own rows and columns and the rest of the output is zero; a larger one
// is an error, as it is for libtiff. Streams the standard library's
// image/jpeg cannot decode (12-bit, arithmetic coding, lossless) are errors.
func DecodeJPEG(tables, src []byte, width, height, samples int, ycbcr bool, dst []byte) ([]byte, error) {
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("codec: JPEG: bad chunk size %dx%d", width, height)
	}
	if samples != 1 && samples != 3 {
		return nil, fmt.Errorf("codec: JPEG: %d samples per pixel (want 1 or 3)", samples)
	}
	const maxInt = int(^uint(0) >> 1)
	if width > maxInt/height/samples {
		return nil, fmt.Errorf("codec: JPEG: chunk %dx%dx%d is too large", width, height, samples)
	}
	size := width * height * samples
	stream := func() io.Reader {
		s := src
		if len(tables) == 0 {
			return bytes.NewReader(s)
		}
		t := tables
		if n := len(t); n >= 2 && t[n-2] == 0xff && t[n-1] == 0xd9 {
			t = t[:n-2]
		}
		if len(s) >= 2 && s[0] == 0xff && s[1] == 0xd8 {
			s = s[2:]
		}
		return io.MultiReader(bytes.NewReader(t), bytes.NewReader(s))
	}
	cfg, err := jpeg.DecodeConfig(stream())
	if err != nil {
		return nil, fmt.Errorf("codec: JPEG: %w", err)
	}
	if cfg.Width > width || cfg.Height > height {
		return nil, fmt.Errorf("codec: JPEG: image of %dx%d pixels is larger than its %dx%d chunk",
			cfg.Width, cfg.Height, width, height)
	}
	img, err := jpeg.Decode(stream())
	if err != nil {
		return nil, fmt.Errorf("codec: JPEG: %w", err)
	}
	if cap(dst) >= size {
		dst = dst[:size]
	} else {
		dst = make([]byte, size)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > width || h > height {
		return nil, fmt.Errorf("codec: JPEG: image of %dx%d pixels is larger than its %dx%d chunk", w, h, width, height)
	}
	if w < width || h < height {
		clear(dst)
	}
	rowLen := width * samples
	switch m := img.(type) {
	case *image.Gray:
		if samples != 1 {
			return nil, fmt.Errorf("codec: JPEG: grey image in a chunk of %d samples per pixel", samples)
		}
		for y := range h {
			copy(dst[y*rowLen:y*rowLen+w], m.Pix[y*m.Stride:y*m.Stride+w])
		}
	case *image.YCbCr:
		if samples != 3 {
			return nil, fmt.Errorf("codec: JPEG: 3-component image in a chunk of %d samples per pixel", samples)
		}
		jpegYCbCr(dst, rowLen, m, w, h, ycbcr)
	case *image.RGBA:
		// 3 components the stream marks as RGB; the samples are as stored.
		if samples != 3 {
			return nil, fmt.Errorf("codec: JPEG: 3-component image in a chunk of %d samples per pixel", samples)
		}
		for y := range h {
			in := m.Pix[y*m.Stride : y*m.Stride+4*w]
			out := dst[y*rowLen : y*rowLen+3*w]
			for x := range w {
				p, q := in[4*x:4*x+3:4*x+3], out[3*x:3*x+3:3*x+3]
				if ycbcr {
					q[0], q[1], q[2] = color.YCbCrToRGB(p[0], p[1], p[2])
				} else {
					q[0], q[1], q[2] = p[0], p[1], p[2]
				}
			}
		}
	default:
		return nil, errors.New("codec: JPEG: unsupported colour model (want 1 or 3 components)")
	}
	return dst, nil
}

// jpegYCbCr writes the 3-component image m into dst, converted to RGB when
// convert is true and as raw component values otherwise.
func jpegYCbCr(dst []byte, rowLen int, m *image.YCbCr, w, h int, convert bool) {
	r := m.Rect
	for y := range h {
		out := dst[y*rowLen : y*rowLen+3*w]
		if m.SubsampleRatio == image.YCbCrSubsampleRatio444 {
			yr := m.Y[y*m.YStride : y*m.YStride+w]
			cb := m.Cb[y*m.CStride : y*m.CStride+w]
			cr := m.Cr[y*m.CStride : y*m.CStride+w]
			for x := range w {
				q := out[3*x : 3*x+3 : 3*x+3]
				if convert {
					q[0], q[1], q[2] = color.YCbCrToRGB(yr[x], cb[x], cr[x])
				} else {
					q[0], q[1], q[2] = yr[x], cb[x], cr[x]
				}
			}
			continue
		}
		for x := range w {
			yi := m.YOffset(r.Min.X+x, r.Min.Y+y)
			ci := m.COffset(r.Min.X+x, r.Min.Y+y)
			q := out[3*x : 3*x+3 : 3*x+3]
			if convert {
				q[0], q[1], q[2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			} else {
				q[0], q[1], q[2] = m.Y[yi], m.Cb[ci], m.Cr[ci]
			}
		}
	}
}
