package render

import (
	"fmt"
	"image"

	"github.com/borderzone/borderzone/raster"
)

// CompositeOptions control [Composite]. The zero value stretches each band
// from its 2nd to its 98th percentile at full size.
type CompositeOptions struct {
	// Stretch is applied to each band separately; the zero value is the
	// 2–98 % percentile stretch.
	Stretch Stretch
	// MaxSize, when positive, limits the longer side of the image as in
	// [BandOptions].
	MaxSize int
}

// Composite renders three bands on one grid as the red, green and blue
// channels of an image. Each band is stretched separately: channel value
// clamp(floor((v-lo)/(hi-lo)*256), 0, 255), the same rule as a ramp. A
// pixel that is NaN in any band is transparent. The ranges used are
// returned in channel order.
//
// For true colour pass the red, green and blue bands (Landsat 5/7 bands 3,
// 2, 1; Landsat 8/9 bands 4, 3, 2; Sentinel-2 B4, B3, B2); for the
// colour-infrared false colour use [ColorInfrared].
func Composite(r, g, b *raster.Band, opt *CompositeOptions) (*image.NRGBA, [3][2]float64, error) {
	var o CompositeOptions
	if opt != nil {
		o = *opt
	}
	var ranges [3][2]float64
	bands := [3]*raster.Band{r, g, b}
	for i, bd := range bands {
		if bd == nil {
			return nil, ranges, fmt.Errorf("render: composite channel %d has no band", i)
		}
		if err := bd.Validate(); err != nil {
			return nil, ranges, err
		}
		if err := r.Grid.Match(bd.Grid); err != nil {
			return nil, ranges, fmt.Errorf("render: composite bands %q and %q: %w", r.Name, bd.Name, err)
		}
	}
	f := factorFor(r.Grid.Width, r.Grid.Height, o.MaxSize)
	for i, bd := range bands {
		var err error
		if bands[i], err = Reduce(bd, f); err != nil {
			return nil, ranges, err
		}
		lo, hi, err := o.Stretch.Range(bands[i].Data)
		if err != nil {
			return nil, ranges, fmt.Errorf("render: band %q: %w", bd.Name, err)
		}
		ranges[i] = [2]float64{lo, hi}
	}
	w, h := bands[0].Grid.Width, bands[0].Grid.Height
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, w, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			rr := bands[0].Data[y*w : (y+1)*w]
			gg := bands[1].Data[y*w : (y+1)*w]
			bb := bands[2].Data[y*w : (y+1)*w]
			pix := img.Pix[y*img.Stride : y*img.Stride+4*w]
			for x := range rr {
				vr, vg, vb := rr[x], gg[x], bb[x]
				p := pix[4*x : 4*x+4 : 4*x+4]
				if vr != vr || vg != vg || vb != vb {
					p[0], p[1], p[2], p[3] = 0, 0, 0, 0
					continue
				}
				p[0] = uint8(index256(float64(vr), ranges[0][0], ranges[0][1]))
				p[1] = uint8(index256(float64(vg), ranges[1][0], ranges[1][1]))
				p[2] = uint8(index256(float64(vb), ranges[2][0], ranges[2][1]))
				p[3] = 255
			}
		}
	})
	return img, ranges, nil
}

// ColorInfrared renders the standard colour-infrared false colour: near
// infrared as red, red as green, green as blue, so that vegetation shows
// bright red, water dark and built-up areas cyan-grey (Landsat 5/7 bands 4,
// 3, 2; Landsat 8/9 bands 5, 4, 3; Sentinel-2 B8, B4, B3). See
// [Composite] for the stretch and options.
func ColorInfrared(nir, red, green *raster.Band, opt *CompositeOptions) (*image.NRGBA, [3][2]float64, error) {
	return Composite(nir, red, green, opt)
}
