package sensor_test

import (
	"context"
	"fmt"
	"image"
	"log"

	"github.com/borderzone/borderzone/indices/sensor"
)

// Open a Landsat Collection 2 Level-2 product, read red, NIR and surface
// temperature for a window keyed by catalogue letter, and mask clouds and
// their shadows.
func Example() {
	conds, err := sensor.ParseConditions("clouds,shadow")
	if err != nil {
		log.Fatal(err)
	}
	p, err := sensor.Open("testdata/landsat8_c2l2_crop", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	fmt.Println(p.Platform, p.Level, p.Letters())
	win := image.Rect(128, 128, 130, 129)
	st, err := p.ReadStack(context.Background(), []string{"red", "N", "T1"}, win)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range st.Bands {
		fmt.Printf("%s: %.4f\n", b.Name, b.Data[0])
	}
	m, err := p.Mask(context.Background(), conds, image.Rectangle{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("clear: %.3f of the pixels with data\n", m.ClearFraction())
	// Output:
	// landsat8 L2 [N N2 R T1]
	// R: 0.8925
	// N: 0.8087
	// T1: 257.0846
	// clear: 0.324 of the pixels with data
}

func ExampleBandName() {
	for _, p := range []sensor.Platform{sensor.Landsat5, sensor.Landsat8, sensor.Sentinel2A} {
		nir, _ := sensor.BandName(p, "N")
		swir, _ := sensor.BandName(p, "swir16")
		fmt.Println(p, nir, swir)
	}
	// Output:
	// landsat5 B4 B5
	// landsat8 B5 B6
	// sentinel2a B08 B11
}
