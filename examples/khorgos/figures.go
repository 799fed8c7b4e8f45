package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/render"
)

// maxImage is the longest side of a map figure in pixels.
const maxImage = 1000

// bandStyle says how an index or temperature map is drawn.
type bandStyle struct {
	ramp    string
	stretch render.Stretch
	units   string
	title   string
}

// sceneFigures renders a date's colour-infrared composite and its index and
// temperature maps.
func (st *study) sceneFigures(sec *section, d *date) error {
	nir, _ := d.stack.Band("N")
	red, _ := d.stack.Band("R")
	green, _ := d.stack.Band("G")
	img, _, err := render.ColorInfrared(nir, red, green, &render.CompositeOptions{MaxSize: maxImage})
	if err != nil {
		return fmt.Errorf("%s: colour infrared: %w", d.label, err)
	}
	whiten(img)
	st.drawBorder(img)
	if err := st.savePNG(sec, "cir_"+d.label+".png", img, fmt.Sprintf(
		"Colour-infrared composite %s (NIR, red, green as red, green, blue; 2–98 %% stretch): vegetation red, built-up and bare land grey to cyan, water dark; masked clouds and shadow white; the border line in black.", d.label)); err != nil {
		return err
	}
	maps := []struct {
		b     *raster.Band
		name  string
		style bandStyle
	}{
		{d.ndvi, "ndvi", bandStyle{"rdylgn", render.Explicit(-0.2, 0.8), "NDVI", "NDVI (near-infrared vs red)"}},
		{d.ndbi, "ndbi", bandStyle{"magma", render.Explicit(-0.5, 0.3), "NDBI", "NDBI (SWIR 1 vs near-infrared; built-up and bare land high)"}},
		{d.mndwi, "mndwi", bandStyle{"viridis", render.Explicit(-0.7, 0.5), "MNDWI", "MNDWI (green vs SWIR 1; water high)"}},
		{d.lst, "lst", bandStyle{"magma", render.Percentile(2, 98), "LST (deg C)", "land-surface temperature"}},
	}
	for _, m := range maps {
		if m.b == nil {
			continue
		}
		if err := st.bandFigure(sec, m.name+"_"+d.label+".png", m.b, m.style,
			fmt.Sprintf("%s %s, with its legend; the border line in black, no data white.", m.style.title, d.label)); err != nil {
			return err
		}
	}
	return nil
}

// bandFigure renders a band through a ramp with its legend below.
func (st *study) bandFigure(sec *section, name string, b *raster.Band, style bandStyle, caption string) error {
	ramp, err := render.RampByName(style.ramp)
	if err != nil {
		return err
	}
	img, lo, hi, err := render.Band(b, &render.BandOptions{Ramp: ramp, Stretch: style.stretch, MaxSize: maxImage})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	whiten(img)
	st.drawBorder(img)
	legend := render.Legend(ramp, lo, hi, &render.LegendOptions{Units: style.units, Width: 320})
	return st.savePNG(sec, name, stackImages(img, legend), caption)
}

// labelsFigure renders a class map through its palette with the class
// legend beside it.
func (st *study) labelsFigure(sec *section, name string, l *raster.Labels, caption string) error {
	img, err := render.Labels(l, &render.LabelsOptions{MaxSize: maxImage})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	whiten(img)
	st.drawBorder(img)
	return st.savePNG(sec, name, sideBySide(img, render.ClassLegend(l.Classes)), caption+" No data (clouds, shadow) white; the border line in black.")
}

// savePNG writes a figure and adds it to the section.
func (st *study) savePNG(sec *section, name string, img image.Image, caption string) error {
	rel, f, err := st.createFile(figDir, name)
	if err != nil {
		return err
	}
	// Fastest deflate: the maps are large and flat colours compress well
	// anyway; the default level takes a third of a run.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := closeFile(f, enc.Encode(f, img)); err != nil {
		return err
	}
	sec.figure(rel, caption)
	return nil
}

// whiten makes transparent (no data) pixels opaque white, so maps read the
// same on any page background.
func whiten(img *image.NRGBA) {
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i+3] == 0 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 255, 255, 255
		}
	}
}

// drawBorder paints the border line in black on a map image of the study
// grid (possibly reduced by an integer factor): the pixels whose signed
// distance changes sign against a neighbour.
func (st *study) drawBorder(img *image.NRGBA) {
	if st.dist == nil {
		return
	}
	g := st.grid
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	f := int(math.Ceil(float64(max(g.Width, g.Height)) / float64(max(w, h))))
	side := func(x, y int) int {
		c, r := min(x*f+f/2, g.Width-1), min(y*f+f/2, g.Height-1)
		v := st.dist.Data[r*g.Width+c]
		switch {
		case math.IsNaN(float64(v)):
			return 0
		case math.Signbit(float64(v)):
			return -1
		}
		return 1
	}
	for y := range h {
		for x := range w {
			s := side(x, y)
			if s == 0 {
				continue
			}
			if (x+1 < w && side(x+1, y) == -s) || (y+1 < h && side(x, y+1) == -s) {
				img.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 255})
			}
		}
	}
}

// stackImages puts b under a on a white page.
func stackImages(a, b image.Image) *image.NRGBA {
	ab, bb := a.Bounds(), b.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, max(ab.Dx(), bb.Dx()), ab.Dy()+bb.Dy()+8))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(0, 0, ab.Dx(), ab.Dy()), a, ab.Min, draw.Src)
	draw.Draw(out, image.Rect(0, ab.Dy()+8, bb.Dx(), ab.Dy()+8+bb.Dy()), b, bb.Min, draw.Src)
	return out
}

// sideBySide puts b to the right of a on a white page.
func sideBySide(a, b image.Image) *image.NRGBA {
	ab, bb := a.Bounds(), b.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, ab.Dx()+bb.Dx()+8, max(ab.Dy(), bb.Dy())))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(0, 0, ab.Dx(), ab.Dy()), a, ab.Min, draw.Src)
	draw.Draw(out, image.Rect(ab.Dx()+8, 0, ab.Dx()+8+bb.Dx(), bb.Dy()), b, bb.Min, draw.Src)
	return out
}
