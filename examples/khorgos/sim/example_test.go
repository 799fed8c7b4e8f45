package sim_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/borderzone/borderzone/examples/khorgos/sim"
	"github.com/borderzone/borderzone/indices/sensor"
)

// Generate a small simulated Khorgos scene, open the 2024 product as any
// Landsat Collection 2 Level-2 product, and print the truth of the new
// built-up patches.
func Example() {
	dir, err := os.MkdirTemp("", "khorgos-sim-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	truth, err := sim.Generate(context.Background(), dir, sim.Options{Size: 300, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	p, err := sensor.Open(truth.Scenes[1].Dir, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	fmt.Println(p.Name, p.Platform, p.Level, p.Letters())
	fmt.Println(truth.Grid.CRS, truth.Grid.Width, "x", truth.Grid.Height)
	for _, k := range []string{"infilling", "edge-expansion", "outlying"} {
		e := truth.Expansion[k]
		fmt.Printf("%s: %d patches, %d pixels\n", k, e.Patches, e.Pixels)
	}
	// Output:
	// LC09_L2SP_147029_20240818_20240819_02_T1 landsat9 L2 [B G N N2 R S1 S2 T1]
	// EPSG:32644 300 x 300
	// infilling: 1 patches, 49 pixels
	// edge-expansion: 4 patches, 537 pixels
	// outlying: 2 patches, 175 pixels
}
