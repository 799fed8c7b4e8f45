package render

import (
	"fmt"
	"image"

	"github.com/borderzone/borderzone/raster"
)

// BandOptions control [Band]. The zero value renders through Viridis with
// the 2–98 % percentile stretch at full size.
type BandOptions struct {
	// Ramp is the colour ramp; nil means Viridis.
	Ramp *Ramp
	// Stretch chooses the range spanned by the ramp; the zero value is the
	// 2–98 % percentile stretch.
	Stretch Stretch
	// MaxSize, when positive, limits the longer side of the image in
	// pixels: the band is first block-averaged by the smallest integer
	// factor that fits (see [Reduce]), and the stretch is computed on the
	// reduced band.
	MaxSize int
}

// Band renders b through a colour ramp (see the package documentation for
// the mapping). NaN pixels are transparent, all others opaque. It returns
// the image and the stretch range [lo, hi] used, for a [Legend].
func Band(b *raster.Band, opt *BandOptions) (img *image.NRGBA, lo, hi float64, err error) {
	var o BandOptions
	if opt != nil {
		o = *opt
	}
	if o.Ramp == nil {
		o.Ramp = Viridis
	}
	if err := b.Validate(); err != nil {
		return nil, 0, 0, err
	}
	b, err = Reduce(b, factorFor(b.Grid.Width, b.Grid.Height, o.MaxSize))
	if err != nil {
		return nil, 0, 0, err
	}
	lo, hi, err = o.Stretch.Range(b.Data)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("render: band %q: %w", b.Name, err)
	}
	img = image.NewNRGBA(image.Rect(0, 0, b.Grid.Width, b.Grid.Height))
	if err := Colorize(img, b.Data, b.Grid.Width, o.Ramp, lo, hi); err != nil {
		return nil, 0, 0, err
	}
	return img, lo, hi, nil
}

// Colorize writes data (w values per row, NaN = no data) into dst through
// ramp r stretched over [lo, hi]: entry clamp(floor((v-lo)/(hi-lo)*256),
// 0, 255), entry 0 everywhere when hi == lo, and transparent black for NaN.
// dst must be at least as large as the data (an error otherwise); it is
// written from its top-left corner through its Pix slice and Stride on all
// cores.
func Colorize(dst *image.NRGBA, data []float32, w int, r *Ramp, lo, hi float64) error {
	if w <= 0 || len(data)%w != 0 {
		return fmt.Errorf("render: %d values do not make rows of %d", len(data), w)
	}
	h := len(data) / w
	if sz := dst.Rect.Size(); sz.X < w || sz.Y < h {
		return fmt.Errorf("render: %dx%d image too small for %dx%d values", sz.X, sz.Y, w, h)
	}
	var lut [256]uint32 // RGBA bytes packed little-endian
	for i, c := range r.lut {
		lut[i] = uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
	}
	parallelRows(h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			row := data[y*w : (y+1)*w]
			pix := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
			for x, v := range row {
				p := pix[4*x : 4*x+4 : 4*x+4]
				if v != v {
					p[0], p[1], p[2], p[3] = 0, 0, 0, 0
					continue
				}
				c := lut[index256(float64(v), lo, hi)]
				p[0], p[1], p[2], p[3] = uint8(c), uint8(c>>8), uint8(c>>16), uint8(c>>24)
			}
		}
	})
	return nil
}

// index256 is matplotlib's Normalize + Colormap index for N = 256.
func index256(v, lo, hi float64) int {
	if hi == lo {
		return 0
	}
	x := (v - lo) / (hi - lo) * 256
	switch {
	case x < 0:
		return 0
	case x >= 255:
		return 255
	}
	return int(x)
}
