package zones

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// s2Grid is a 10980 x 10980 grid of 10 m pixels in UTM 44N, the size of a
// Sentinel-2 tile, placed so that the Khorgos border line crosses it from
// south to north (about 445–475 km easting).
var s2Grid = raster.Grid{Width: 10980, Height: 10980, Transform: raster.Affine{399960, 10, 0, 4900020, 0, -10}, CRS: raster.CRS{EPSG: 32644}}

// BenchmarkSignedDistanceS2 measures SignedDistance on the Sentinel-2-sized
// UTM grid against the Khorgos line (47 vertices in longitude/latitude,
// transformed to UTM 44N as 372 chords within 1 cm of the exact image), the
// sides given by a point in China. The peer, a rasterized line through
// scipy's Euclidean distance transform (approximate), is
// testdata/border_peer_edt.py.
func BenchmarkSignedDistanceS2(b *testing.B) {
	line, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		b.Fatal(err)
	}
	s := SidesFromPoint(raster.CRS{EPSG: 4326}, orb.Point{80.6, 44.2}, "CHN", "KAZ")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SignedDistance(context.Background(), s2Grid, line, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s2Grid.Len())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpixel/s")
}

// BenchmarkSignedDistanceS2Areas is the same with the sides given by the
// two country polygons (an extra scanline pass).
func BenchmarkSignedDistanceS2Areas(b *testing.B) {
	line, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		b.Fatal(err)
	}
	c := readCountriesB(b)
	s := Sides{NegativeName: "CHN", PositiveName: "KAZ", CRS: raster.CRS{EPSG: 4326}, Negative: c["CHN"], Positive: c["KAZ"]}
	for b.Loop() {
		if _, err := SignedDistance(context.Background(), s2Grid, line, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignedDistanceGeodesic measures the geodesic mode on a 1000 x
// 1000 longitude/latitude grid of 0.001° around Khorgos.
func BenchmarkSignedDistanceGeodesic(b *testing.B) {
	line, err := ReadBorderFile(filepath.Join("testdata", "border_line.geojson"))
	if err != nil {
		b.Fatal(err)
	}
	g := raster.Grid{Width: 1000, Height: 1000, Transform: raster.Affine{79.9, 0.001, 0, 44.7, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	s := SidesFromPoint(raster.CRS{EPSG: 4326}, orb.Point{80.6, 44.2}, "CHN", "KAZ")
	for b.Loop() {
		if _, err := SignedDistance(context.Background(), g, line, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(g.Len())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpixel/s")
}
