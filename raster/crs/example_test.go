package crs_test

import (
	"fmt"

	"github.com/borderzone/borderzone/raster/crs"
	"github.com/paulmach/orb"
)

// Khorgos (80.4° E, 44.2° N) lies in UTM zone 44, one kilometre east of
// zone 45. The expected values are those of PROJ:
//
//	echo "80.4 44.2" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to EPSG:32644
//	452057.394	4894261.801
//	echo "80.4 44.2" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to EPSG:32645
//	-27400.715	4915311.836
func Example() {
	zone, north, _ := crs.UTMZone(80.4, 44.2)
	fmt.Println("zone", zone, "north", north)

	utm44, _ := crs.Parse("EPSG:32644")
	x, y, _ := utm44.Forward(80.4, 44.2)
	fmt.Printf("EPSG:32644 %.3f %.3f\n", x, y)

	utm45, _ := crs.Parse("+proj=utm +zone=45 +datum=WGS84")
	t, _ := crs.NewTransformer(utm44, utm45)
	x45, y45, _ := t.Transform(x, y)
	fmt.Printf("EPSG:32645 %.3f %.3f\n", x45, y45)

	lon, lat, _ := utm45.Inverse(x45, y45)
	fmt.Printf("back %.9f %.9f\n", lon, lat)
	// Output:
	// zone 44 north true
	// EPSG:32644 452057.394 4894261.801
	// EPSG:32645 -27400.715 4915311.836
	// back 80.400000000 44.200000000
}

// The MODIS land tiles use a sinusoidal grid on a sphere and carry no EPSG
// code; PROJ agrees:
//
//	echo "31.5 -19.5" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to +proj=sinu +R=6371007.181
//	3301737.692	-2168303.514
func ExampleTransformer_TransformSlices() {
	t, _ := crs.NewTransformer(crs.WGS84(), crs.MODISSinusoidal())
	xs := []float64{31.5, 32}
	ys := []float64{-19.5, 95} // 95° N is not a latitude
	err := t.TransformSlices(xs, ys)
	fmt.Printf("%.3f %.3f\n", xs[0], ys[0])
	fmt.Println(xs[1], ys[1])
	fmt.Println(err != nil)
	// Output:
	// 3301737.692 -2168303.514
	// NaN NaN
	// true
}

// A zone polygon in longitude/latitude is put on the UTM grid with its long
// edges densified, and measured on the ellipsoid. GeographicLib (pyproj
// Geod(ellps="WGS84").polygon_area_perimeter) gives 8837263633 m².
func ExampleTransformer_Geometry() {
	zone := orb.Polygon{{{80, 44}, {81, 44}, {81, 45}, {80, 45}, {80, 44}}}
	utm44, _ := crs.FromEPSG(32644)
	t, _ := crs.NewTransformer(crs.WGS84(), utm44)
	g, _ := t.Geometry(zone, 0.1) // at most 0.1° per segment
	fmt.Println(len(g.(orb.Polygon)[0]), "vertices")

	area, _ := crs.GeodesicArea(zone)
	fmt.Printf("%.1f km²\n", area/1e6)
	// Output:
	// 41 vertices
	// 8837.3 km²
}
