package sensor

import (
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"math"

	"github.com/borderzone/borderzone/indices/thermal"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/raster/warp"
)

// calibration turns a band's native DN into its physical value:
// v = Gain·DN + Offset, then, when K1 > 0, the brightness temperature
// K2/ln(K1/v + 1) of that radiance. DN equal to a fill value is NaN.
type calibration struct {
	Gain, Offset float64
	K1, K2       float64
	// FillZero makes DN 0 no data (Landsat and Sentinel-2 fill).
	FillZero bool
	// Nodata is the file's own nodata value, honoured when HasNodata.
	Nodata    float64
	HasNodata bool
}

func (c calibration) apply(dn float64) float32 {
	if c.FillZero && dn == 0 || c.HasNodata && dn == c.Nodata {
		return float32(math.NaN())
	}
	v := c.Gain*dn + c.Offset
	if c.K1 > 0 {
		v = thermal.BrightnessTemperature(v, c.K1, c.K2)
	}
	return float32(v)
}

// fileBand is band 0 of a GeoTIFF read through a calibration: a
// raster.Source in physical units on the file's own grid.
type fileBand struct {
	name string // letter or band key, for errors
	path string
	img  *geotiff.Image
	cal  calibration
}

// RasterGrid returns the grid of the raster (raster.Source).
func (s *fileBand) RasterGrid() raster.Grid { return s.img.RasterGrid() }

// NumBands returns the number of bands (raster.Source).
func (s *fileBand) NumBands() int { return 1 }

// BlockSize reports the file's block size so that warp.FromSource reads
// strips efficiently.
func (s *fileBand) BlockSize() (int, int) { return s.img.BlockSize() }

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (s *fileBand) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("sensor: %s (%s) has one band, asked for band %d", s.name, s.path, band)
	}
	g, err := s.img.RasterGrid().Window(win)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s (%s): %w", s.name, s.path, err)
	}
	raw, err := s.img.ReadRaw(ctx, 0, win)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", s.name, err)
	}
	out := &raster.Band{Grid: g, Name: s.name, Data: make([]float32, g.Len())}
	switch raw.Type {
	case geotiff.Byte:
		var lut [256]float32
		for i := range lut {
			lut[i] = s.cal.apply(float64(i))
		}
		for i, v := range raw.Data[:len(out.Data)] {
			out.Data[i] = lut[v]
		}
	case geotiff.UInt16:
		if len(out.Data) >= 1<<16 {
			// A full look-up table costs 65536 conversions (a logarithm
			// each for thermal bands) and saves one per pixel.
			lut := make([]float32, 1<<16)
			for i := range lut {
				lut[i] = s.cal.apply(float64(i))
			}
			for i := range out.Data {
				out.Data[i] = lut[binary.LittleEndian.Uint16(raw.Data[2*i:])]
			}
			break
		}
		for i := range out.Data {
			out.Data[i] = s.cal.apply(float64(binary.LittleEndian.Uint16(raw.Data[2*i:])))
		}
	default:
		for i := range out.Data {
			out.Data[i] = s.cal.apply(raw.Float64At(i))
		}
	}
	return out, nil
}

// resampled presents a Source on another grid (same CRS or not), resampling
// window by window with warp.FromSource: each window reads only the source
// window it needs.
type resampled struct {
	src    raster.Source
	grid   raster.Grid
	method warp.Method
	name   string
}

// RasterGrid returns the grid of the raster (raster.Source).
func (r *resampled) RasterGrid() raster.Grid { return r.grid }

// NumBands returns the number of bands (raster.Source).
func (r *resampled) NumBands() int { return 1 }

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (r *resampled) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band != 0 {
		return nil, fmt.Errorf("sensor: %s has one band, asked for band %d", r.name, band)
	}
	g, err := r.grid.Window(win)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", r.name, err)
	}
	bs, err := warp.FromSource(ctx, r.src, []int{0}, g, warp.Options{Method: r.method})
	if err != nil {
		return nil, fmt.Errorf("sensor: resampling %s (%s) onto the product grid: %w", r.name, r.method, err)
	}
	bs[0].Name = r.name
	return bs[0], nil
}
