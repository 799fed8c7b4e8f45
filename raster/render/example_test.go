package render_test

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/render"
)

// An NDVI band through the red-yellow-green ramp with an explicit -1..1
// stretch, its legend, and a PNG.
func ExampleBand() {
	g := raster.Grid{Width: 4, Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	ndvi := &raster.Band{Grid: g, Name: "ndvi", Data: []float32{-1, 0, 0.8, float32(math.NaN())}}
	img, lo, hi, err := render.Band(ndvi, &render.BandOptions{Ramp: render.RdYlGn, Stretch: render.Explicit(-1, 1)})
	if err != nil {
		panic(err)
	}
	for x := range 4 {
		c := img.NRGBAAt(x, 0)
		fmt.Printf("%g -> #%02x%02x%02x alpha %d\n", ndvi.Data[x], c.R, c.G, c.B, c.A)
	}
	legend := render.Legend(render.RdYlGn, lo, hi, &render.LegendOptions{Units: "NDVI"})
	fmt.Println("legend", legend.Bounds().Dx(), "x", legend.Bounds().Dy())
	var buf bytes.Buffer
	if err := render.WritePNG(&buf, img); err != nil {
		panic(err)
	}
	fmt.Println("PNG signature ok:", bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")))
	// Output:
	// -1 -> #a50026 alpha 255
	// 0 -> #feffbe alpha 255
	// 0.8 -> #199750 alpha 255
	// NaN -> #000000 alpha 0
	// legend 292 x 58
	// PNG signature ok: true
}

// Land-cover classes through their palette.
func ExampleLabels() {
	g := raster.Grid{Width: 3, Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	l := raster.NewLabels(g, []raster.Class{
		{Code: 1, Name: "built-up", Color: color.RGBA{220, 40, 40, 255}},
		{Code: 2, Name: "cropland", Color: color.RGBA{240, 220, 90, 255}},
	})
	copy(l.Data, []uint16{1, 2, 0})
	img, err := render.Labels(l, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(img.Pix)
	fmt.Println("class legend", render.ClassLegend(l.Classes).Bounds().Size())
	// Output:
	// [220 40 40 255 240 220 90 255 0 0 0 0]
	// class legend (80,38)
}
