package render

import (
	"image"
	"image/color"

	"github.com/borderzone/borderzone/raster"
)

// Labels renders a categorical raster through its classes' colours: each
// cell takes the Color of the class with its code (converted to
// non-premultiplied alpha); code 0 and codes without a class are
// transparent. No stretch or averaging is applied: classes cannot be
// averaged.
func Labels(l *raster.Labels) (*image.NRGBA, error) {
	if err := l.Validate(); err != nil {
		return nil, err
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
