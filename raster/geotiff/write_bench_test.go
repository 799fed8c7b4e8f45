package geotiff_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// BenchmarkWriteScene7 writes the 7 UInt16 bands of scene7_5000.tif
// (read once, outside the timing) as tiled (256 x 256) DEFLATE level 6 +
// predictor 2, and, as the peer, times
//
//	gdal_translate -co COMPRESS=DEFLATE -co PREDICTOR=2 -co TILED=YES -co NUM_THREADS=ALL_CPUS
//
// on the same file, which includes reading the input (timed for us in
// borderzone_read+write). Both report the file size as file-bytes.
func BenchmarkWriteScene7(b *testing.B) {
	dir := os.Getenv("BORDERZONE_BENCH_INPUTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "bench-inputs")
	}
	in := filepath.Join(dir, "scene7_5000.tif")
	if _, err := os.Stat(in); err != nil {
		b.Skipf("%s missing", in)
	}
	out := filepath.Join(b.TempDir(), "out.tif")
	b.Run("borderzone", func(b *testing.B) {
		f, err := geotiff.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		s, err := f.ReadStack(context.Background(), nil, f.RasterGrid().Rect())
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		opt := &geotiff.Options{Type: geotiff.UInt16, Nodata: 0, HasNodata: true, Compression: geotiff.CompressionDeflate,
			Predictor: 2, TileWidth: 256, TileHeight: 256}
		b.SetBytes(7 * 5000 * 5000 * 2)
		b.ResetTimer()
		for b.Loop() {
			if err := geotiff.WriteFile(out, s, opt); err != nil {
				b.Fatal(err)
			}
		}
		st, _ := os.Stat(out)
		b.ReportMetric(float64(st.Size()), "file-bytes")
	})
	// The same including reading and decoding the input, as
	// gdal_translate does.
	b.Run("borderzone_read+write", func(b *testing.B) {
		opt := &geotiff.Options{Type: geotiff.UInt16, Nodata: 0, HasNodata: true, Compression: geotiff.CompressionDeflate,
			Predictor: 2, TileWidth: 256, TileHeight: 256}
		b.SetBytes(7 * 5000 * 5000 * 2)
		for b.Loop() {
			f, err := geotiff.Open(in)
			if err != nil {
				b.Fatal(err)
			}
			s, err := f.ReadStack(context.Background(), nil, f.RasterGrid().Rect())
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			if err := geotiff.WriteFile(out, s, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gdal_translate", func(b *testing.B) {
		bin, err := exec.LookPath("gdal_translate")
		if err != nil {
			b.Skip("gdal_translate not installed")
		}
		b.SetBytes(7 * 5000 * 5000 * 2)
		for b.Loop() {
			cmd := exec.Command(bin, "-q", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "TILED=YES", "-co", "NUM_THREADS=ALL_CPUS", in, out)
			if o, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%v\n%s", err, o)
			}
		}
		st, _ := os.Stat(out)
		b.ReportMetric(float64(st.Size()), "file-bytes")
	})
}
