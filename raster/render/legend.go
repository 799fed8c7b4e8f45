package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"github.com/borderzone/borderzone/raster"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// LegendOptions control [Legend]. The zero value gives a 256-pixel bar with
// five tick labels and no title.
type LegendOptions struct {
	// Units is the title printed above the bar, such as "NDVI",
	// "reflectance" or "K"; empty for none. Text is drawn with
	// basicfont.Face7x13, which covers ASCII and Latin-1.
	Units string
	// Ticks is the number of labelled ticks, evenly spaced from lo to hi
	// (at least 2; 0 means 5).
	Ticks int
	// Width is the length of the colour bar in pixels (0 means 256).
	Width int
	// BarHeight is the thickness of the colour bar in pixels (0 means 16).
	BarHeight int
}

// Legend geometry shared with the tests.
const (
	legendPad     = 4
	legendTickLen = 4
	glyphW        = 7  // basicfont.Face7x13 advance
	glyphH        = 13 // basicfont.Face7x13 height
	glyphAscent   = 11
)

// FormatTick formats a tick value with at most 4 significant digits, as the
// legends print it ("0.25", "1500", "-0.1", "1.235e+04").
func FormatTick(v float64) string {
	if v == 0 {
		return "0" // not "-0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// Legend draws a horizontal colour bar for ramp r stretched over [lo, hi]
// (the values [Band] returns), with tick marks and labels below it and the
// units above it, black on an opaque white background. Bar pixel x (of
// Width) shows the ramp at t = (x+0.5)/Width; tick k of n sits at value
// lo + k*(hi-lo)/(n-1).
func Legend(r *Ramp, lo, hi float64, opt *LegendOptions) *image.NRGBA {
	var o LegendOptions
	if opt != nil {
		o = *opt
	}
	if o.Ticks == 0 {
		o.Ticks = 5
	}
	o.Ticks = max(o.Ticks, 2)
	if o.Width <= 0 {
		o.Width = 256
	}
	if o.BarHeight <= 0 {
		o.BarHeight = 16
	}
	labels := make([]string, o.Ticks)
	widest := 0
	for k := range labels {
		v := lo + float64(k)*(hi-lo)/float64(o.Ticks-1)
		if math.Abs(v) < 1e-9*math.Abs(hi-lo) {
			v = 0 // not 2.776e-17 from rounding
		}
		labels[k] = FormatTick(v)
		widest = max(widest, len(labels[k])*glyphW)
	}
	margin := max(2*legendPad, widest/2+legendPad)
	width := max(o.Width+2*margin, len(o.Units)*glyphW+2*legendPad)
	top := legendPad
	if o.Units != "" {
		top += glyphH + legendPad
	}
	height := top + o.BarHeight + legendTickLen + glyphH + legendPad
	img := image.NewNRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	if o.Units != "" {
		drawText(img, legendPad, legendPad+glyphAscent, o.Units)
	}
	black := color.NRGBA{0, 0, 0, 255}
	for x := range o.Width {
		c := r.At((float64(x) + 0.5) / float64(o.Width))
		for y := top; y < top+o.BarHeight; y++ {
			img.SetNRGBA(margin+x, y, c)
		}
	}
	for k, s := range labels {
		x := margin + (k*(o.Width-1)+(o.Ticks-1)/2)/(o.Ticks-1)
		for y := top + o.BarHeight; y < top+o.BarHeight+legendTickLen; y++ {
			img.SetNRGBA(x, y, black)
		}
		drawText(img, x-len(s)*glyphW/2, top+o.BarHeight+legendTickLen+glyphAscent, s)
	}
	return img
}

// ClassLegend draws one row per class (code 0 skipped): a swatch of the
// class colour and its name (its code when the name is empty), black on an
// opaque white background, in the order given.
func ClassLegend(classes []raster.Class) *image.NRGBA {
	const rowH, swatch = glyphH + legendPad, glyphH - 1
	var names []string
	var cols []color.Color
	widest := 0
	for _, c := range classes {
		if c.Code == 0 {
			continue
		}
		n := c.Name
		if n == "" {
			n = strconv.Itoa(int(c.Code))
		}
		names = append(names, n)
		cols = append(cols, c.Color)
		widest = max(widest, len(n)*glyphW)
	}
	textX := legendPad + swatch + legendPad
	img := image.NewNRGBA(image.Rect(0, 0, textX+widest+legendPad, legendPad+len(names)*rowH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for i, n := range names {
		y := legendPad + i*rowH
		draw.Draw(img, image.Rect(legendPad, y, legendPad+swatch, y+swatch), image.NewUniform(cols[i]), image.Point{}, draw.Over)
		drawText(img, textX, y+glyphAscent-1, n)
	}
	return img
}

// drawText draws s in black with its baseline at y, starting at x.
func drawText(dst draw.Image, x, y int, s string) {
	d := font.Drawer{Dst: dst, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
