package geotiff

import (
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"strconv"

	"github.com/borderzone/borderzone/raster"
)

// ReadLabels reads window win of band b (0-based) as a categorical raster:
// the native codes of a Byte or UInt16 band, with nodata read as 0 ("none")
// and a class for every code that occurs, coloured from the file's ColorMap
// (palette files; grey otherwise) and named from the CLASS_<code> metadata
// items that [Write] records (the code's number when there is none). Codes
// above 65535 cannot occur in these types; other sample types are an error.
func (im *Image) ReadLabels(ctx context.Context, b int, win image.Rectangle) (*raster.Labels, error) {
	if im.dataType != Byte && im.dataType != UInt16 {
		return nil, fmt.Errorf("%v: band %d is %s; labels are read from Byte or UInt16 bands", im, b+1, im.dataType)
	}
	r, err := im.ReadRaw(ctx, b, win)
	if err != nil {
		return nil, err
	}
	g, _ := im.grid.Window(win)
	l := raster.NewLabels(g, nil)
	nd, hasNd := im.f.Nodata()
	seen := make(map[uint16]bool)
	for i := range l.Data {
		var v uint16
		if im.dataType == Byte {
			v = uint16(r.Data[i])
		} else {
			v = binary.LittleEndian.Uint16(r.Data[2*i:])
		}
		if hasNd && float64(v) == nd {
			v = 0
		}
		l.Data[i] = v
		seen[v] = true
	}
	for code := range 1 << 16 {
		c := uint16(code)
		if c == 0 || !seen[c] {
			continue
		}
		class := raster.Class{Code: c, Name: strconv.Itoa(code), Color: color.RGBA{128, 128, 128, 255}}
		if name, ok := im.f.Metadata("CLASS_" + strconv.Itoa(code)); ok && name != "" {
			class.Name = name
		}
		if code < len(im.colorMap) {
			class.Color = im.colorMap[code]
		}
		l.Classes = append(l.Classes, class)
	}
	return l, nil
}
