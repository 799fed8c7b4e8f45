package render

import (
	"fmt"
	"image"
	"image/color"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// LabelsOptions control [Labels]. The zero value renders at full size.
type LabelsOptions struct {
	// MaxSize, when positive, limits the longer side of the image in
	// pixels: the labels are first reduced by the smallest integer factor
	// that fits with [ReduceLabels] (block mode, since classes cannot be
	// averaged).
	MaxSize int
}

// Labels renders a categorical raster through its classes' colours: each
// cell takes the Color of the class with its code (converted to
// non-premultiplied alpha); code 0 and codes without a class are
// transparent.
func Labels(l *raster.Labels, opt *LabelsOptions) (*image.NRGBA, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if opt != nil && opt.MaxSize > 0 {
		var err error
		if l, err = ReduceLabels(l, factorFor(l.Grid.Width, l.Grid.Height, opt.MaxSize)); err != nil {
			return nil, err
		}
	}
	maxCode := 0
	for _, c := range l.Classes {
		maxCode = max(maxCode, int(c.Code))
	}
	pal := make([]uint32, maxCode+1)
	for _, c := range l.Classes {
		if c.Code == 0 {
			continue
		}
		n := color.NRGBAModel.Convert(c.Color).(color.NRGBA)
		pal[c.Code] = uint32(n.R) | uint32(n.G)<<8 | uint32(n.B)<<16 | uint32(n.A)<<24
	}
	w, h := l.Grid.Width, l.Grid.Height
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			row := l.Data[y*w : (y+1)*w]
			pix := img.Pix[y*img.Stride : y*img.Stride+4*w]
			for x, code := range row {
				var c uint32
				if int(code) < len(pal) {
					c = pal[code]
				}
				p := pix[4*x : 4*x+4 : 4*x+4]
				p[0], p[1], p[2], p[3] = uint8(c), uint8(c>>8), uint8(c>>16), uint8(c>>24)
			}
		}
	})
	return img, nil
}

// ReduceLabels returns l reduced by factor x factor blocks to
// ceil(W/factor) x ceil(H/factor) cells, each taking the most frequent code
// of its block (0, "none", counts like any code; ties go to the smallest
// code), as GDAL's "mode" overview resampling does. Edge blocks are
// partial. factor 1 returns l itself.
func ReduceLabels(l *raster.Labels, factor int) (*raster.Labels, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if factor < 1 {
		return nil, fmt.Errorf("render: reduction factor %d < 1 for labels", factor)
	}
	if factor == 1 {
		return l, nil
	}
	w, h := l.Grid.Width, l.Grid.Height
	g := reducedGrid(l.Grid, factor)
	out := &raster.Labels{Grid: g, Data: make([]uint16, g.Len()), Classes: l.Classes}
	parallelRows(g.Height, w*factor, func(y0, y1 int) {
		buf := make([]uint16, 0, factor*factor)
		for oy := y0; oy < y1; oy++ {
			for ox := range g.Width {
				buf = buf[:0]
				for y := oy * factor; y < min(h, (oy+1)*factor); y++ {
					buf = append(buf, l.Data[y*w+ox*factor:y*w+min(w, (ox+1)*factor)]...)
				}
				slices.Sort(buf)
				best, bestN := buf[0], 0
				for i := 0; i < len(buf); {
					j := i + 1
					for j < len(buf) && buf[j] == buf[i] {
						j++
					}
					if j-i > bestN {
						best, bestN = buf[i], j-i
					}
					i = j
				}
				out.Data[oy*g.Width+ox] = best
			}
		}
	})
	return out, nil
}
