package geotiff

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"image"
	"math"
)

// Info is what gdalinfo reports about a GeoTIFF, in the JSON layout of
// `borderzone info -json`. Values follow GDAL's names and conventions.
type Info struct {
	File         string     `json:"file"`
	Width        int        `json:"width"`
	Height       int        `json:"height"`
	Bands        int        `json:"bands"`
	DataType     string     `json:"data_type"`   // Byte, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64
	Compression  string     `json:"compression"` // NONE, LZW, DEFLATE, PACKBITS, ZSTD, JPEG
	Predictor    int        `json:"predictor"`
	Tiled        bool       `json:"tiled"`
	BlockWidth   int        `json:"block_width"`
	BlockHeight  int        `json:"block_height"`
	Interleave   string     `json:"interleave"` // PIXEL or BAND
	BigTIFF      bool       `json:"bigtiff"`
	ByteOrder    string     `json:"byte_order"` // little or big
	EPSG         *int       `json:"epsg"`
	GeoTransform [6]float64 `json:"geotransform"` // GDAL order, corner of pixel (0,0)
	RasterType   string     `json:"raster_type"`  // area or point
	// Nodata per band: a number, the string "nan", or nil.
	Nodata    []any       `json:"nodata"`
	Scale     []float64   `json:"scale"`
	Offset    []float64   `json:"offset"`
	Overviews [][2]int    `json:"overviews"`
	BandStats []BandStats `json:"band_stats"`
	// BandSHA256 is per band the hex SHA-256 of the native samples at full
	// resolution, row-major, little-endian.
	BandSHA256 []string `json:"band_sha256"`
}

// BandStats are the minimum, maximum and mean of a band's native values,
// nodata and NaN excluded; all nil when no value is valid. The mean is
// accumulated in float64.
type BandStats struct {
	Min   *float64 `json:"min"`
	Max   *float64 `json:"max"`
	Mean  *float64 `json:"mean"`
	Count int64    `json:"-"`
}

// Describe reads every band once, by strips of rows, and returns the file's
// Info.
func (f *File) Describe(ctx context.Context) (*Info, error) {
	in := &Info{
		File: f.name, Width: f.width, Height: f.height, Bands: f.spp, DataType: f.dataType.String(),
		Compression: f.CompressionName(), Predictor: f.predictor, Tiled: f.tiled,
		BlockWidth: f.blockW, BlockHeight: f.blockH, Interleave: f.Interleave(), BigTIFF: f.BigTIFF(),
		ByteOrder: "big", GeoTransform: f.grid.Transform, RasterType: "area",
		Overviews: [][2]int{},
	}
	if f.LittleEndian() {
		in.ByteOrder = "little"
	}
	if e := f.EPSG(); e != 0 {
		in.EPSG = &e
	}
	if f.PixelIsPoint() {
		in.RasterType = "point"
	}
	nd, hasNd := f.Nodata()
	for b := range f.spp {
		switch {
		case !hasNd:
			in.Nodata = append(in.Nodata, nil)
		case math.IsNaN(nd):
			in.Nodata = append(in.Nodata, "nan")
		default:
			in.Nodata = append(in.Nodata, nd)
		}
		in.Scale = append(in.Scale, f.Scale(b))
		in.Offset = append(in.Offset, f.Offset(b))
	}
	for _, o := range f.overviews {
		in.Overviews = append(in.Overviews, [2]int{o.width, o.height})
	}
	stats, sums, err := f.Image.statsAndHashes(ctx)
	if err != nil {
		return nil, err
	}
	in.BandStats = stats
	in.BandSHA256 = sums
	return in, nil
}

// statsAndHashes computes BandStats and the SHA-256 of every band's native
// samples, reading the image by horizontal strips so memory stays bounded.
func (im *Image) statsAndHashes(ctx context.Context) ([]BandStats, []string, error) {
	if err := im.checkOutputSize(int64(im.width) * int64(im.height) * int64(im.spp) * int64(im.dataType.Size())); err != nil {
		return nil, nil, err
	}
	nd, hasNd := im.f.Nodata()
	type acc struct {
		min, max, sum float64
		n             int64
		h             hash.Hash
	}
	accs := make([]acc, im.spp)
	for i := range accs {
		accs[i] = acc{min: math.Inf(1), max: math.Inf(-1), h: sha256.New()}
	}
	// Strips of rows holding about 64 MiB of samples for all bands.
	rowBytes := im.width * im.spp * im.dataType.Size()
	rows := max(im.blockH, (64<<20)/max(rowBytes, 1)/im.blockH*im.blockH)
	for y := 0; y < im.height; y += rows {
		win := image.Rect(0, y, im.width, min(y+rows, im.height))
		raws, err := im.ReadRawBands(ctx, nil, win)
		if err != nil {
			return nil, nil, err
		}
		for b, r := range raws {
			a := &accs[b]
			a.h.Write(r.Data)
			for i := range r.Width * r.Height {
				v := r.Float64At(i)
				if math.IsNaN(v) || hasNd && v == nd {
					continue
				}
				a.n++
				a.sum += v
				a.min = math.Min(a.min, v)
				a.max = math.Max(a.max, v)
			}
		}
	}
	stats := make([]BandStats, im.spp)
	sums := make([]string, im.spp)
	for b, a := range accs {
		sums[b] = hex.EncodeToString(a.h.Sum(nil))
		if a.n == 0 {
			continue
		}
		mn, mx, mean := a.min, a.max, a.sum/float64(a.n)
		stats[b] = BandStats{Min: &mn, Max: &mx, Mean: &mean, Count: a.n}
	}
	return stats, sums, nil
}
