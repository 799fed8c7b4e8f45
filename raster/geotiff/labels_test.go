package geotiff

import (
	"bytes"
	"context"
	"image/color"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestReadLabelsRoundTrip writes labels with named, coloured classes and
// reads them back: same codes, names and colours; an unnamed code gets its
// number and the ColorMap's colour.
func TestReadLabelsRoundTrip(t *testing.T) {
	g := raster.Grid{Width: 3, Height: 2, Transform: raster.Affine{500000, 30, 0, 4800000, 0, -30}, CRS: raster.CRS{EPSG: 32644}}
	classes := []raster.Class{
		{Code: 1, Name: "built-up", Color: color.RGBA{230, 0, 0, 255}},
		{Code: 3, Name: "water & wetland", Color: color.RGBA{0, 90, 230, 255}},
	}
	l := &raster.Labels{Grid: g, Data: []uint16{0, 1, 3, 3, 1, 7}, Classes: classes}
	var buf bytes.Buffer
	if err := Write(&buf, l, nil); err != nil {
		t.Fatal(err)
	}
	f, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "labels.tif")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.ReadLabels(context.Background(), 0, g.Rect())
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range l.Data {
		if got.Data[i] != v {
			t.Fatalf("codes %v, want %v", got.Data, l.Data)
		}
	}
	want := map[uint16]raster.Class{1: classes[0], 3: classes[1], 7: {Code: 7, Name: "7", Color: color.RGBA{0, 0, 0, 255}}}
	if len(got.Classes) != 3 {
		t.Fatalf("classes %v", got.Classes)
	}
	for _, c := range got.Classes {
		if w := want[c.Code]; c != w {
			t.Errorf("class %d: %+v, want %+v", c.Code, c, w)
		}
	}
	if err := got.Grid.Match(g); err != nil {
		t.Error(err)
	}
	fl, err := Open("testdata/corpus/l8_float32_nodata-9999_lzw.tif")
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Close()
	if _, err := fl.ReadLabels(context.Background(), 0, fl.RasterGrid().Rect()); err == nil {
		t.Error("labels from a Float32 band: no error")
	}
}
