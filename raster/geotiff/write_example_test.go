package geotiff_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// Write an NDVI-like band as a compact Int16 GeoTIFF: physical values are
// stored as round(v / 0.0001), NaN as the nodata value -32768, and the
// scale goes into GDAL_METADATA so that readers (ours, GDAL, QGIS) give the
// physical values back.
func ExampleWrite() {
	g := raster.Grid{Width: 4, Height: 2, Transform: raster.Affine{500000, 30, 0, 4900020, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	ndvi := raster.NewBand(g, "ndvi")
	copy(ndvi.Data, []float32{0.1234, -0.5, 0.87656, float32(math.NaN()), 0, 0.25, 0.3333, 1})

	var buf bytes.Buffer
	err := geotiff.Write(&buf, ndvi, &geotiff.Options{
		Type: geotiff.Int16, Nodata: -32768, HasNodata: true, Scale: []float64{0.0001},
		Compression: geotiff.CompressionDeflate, Predictor: 2, TileWidth: 16, TileHeight: 16,
	})
	if err != nil {
		log.Fatal(err)
	}

	f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "ndvi.tif")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.DataType(), f.CompressionName(), "predictor", f.Predictor(), "EPSG", f.EPSG(), "scale", f.Scale(0))
	raw, err := f.ReadRaw(context.Background(), 0, g.Rect())
	if err != nil {
		log.Fatal(err)
	}
	back, err := f.ReadBand(context.Background(), 0)
	if err != nil {
		log.Fatal(err)
	}
	for i := range 4 {
		fmt.Printf("%v -> %v -> %.4f\n", ndvi.Data[i], raw.Float64At(i), back.Data[i])
	}
	// Output:
	// Int16 DEFLATE predictor 2 EPSG 32644 scale 0.0001
	// 0.1234 -> 1234 -> 0.1234
	// -0.5 -> -5000 -> -0.5000
	// 0.87656 -> 8766 -> 0.8766
	// NaN -> -32768 -> NaN
}
