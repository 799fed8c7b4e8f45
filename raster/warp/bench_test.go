package warp

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// benchInput is a 10980 x 10980 Float32 UTM 16N raster of the repository's
// benchmark inputs; the benchmarks warp its top-left 5000 x 5000 window.
const benchInput = "../../bench-inputs/red_10980.tif"

func benchSetup(b *testing.B) (*raster.Band, raster.Grid) {
	f, err := geotiff.Open(benchInput)
	if err != nil {
		b.Skipf("benchmark input missing: %v", err)
	}
	defer f.Close()
	src, err := f.ReadWindow(context.Background(), 0, image.Rect(0, 0, 5000, 5000))
	if err != nil {
		b.Fatal(err)
	}
	dst, err := SuggestGrid(src.Grid, crs.WGS84())
	if err != nil {
		b.Fatal(err)
	}
	return src, dst
}

// BenchmarkWarpBilinearUTMTo4326 warps one 5000 x 5000 Float32 band from
// UTM to EPSG:4326 on the grid gdalwarp would choose, bilinear, default
// error threshold, all cores (the band is already in memory).
func BenchmarkWarpBilinearUTMTo4326(b *testing.B) {
	src, dst := benchSetup(b)
	b.SetBytes(int64(4 * dst.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Band(context.Background(), src, dst, Options{Method: Bilinear}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGdalwarpBilinearUTMTo4326 times gdalwarp -r bilinear -multi -wo
// NUM_THREADS=ALL_CPUS on the same 5000 x 5000 window (saved beforehand as
// an uncompressed GeoTIFF) and the same target grid, writing an
// uncompressed GeoTIFF; its time includes reading and writing those files
// (about 100 MB each, from the page cache).
func BenchmarkGdalwarpBilinearUTMTo4326(b *testing.B) {
	gdalwarp, err := exec.LookPath("gdalwarp")
	if err != nil {
		b.Skip("gdalwarp not installed")
	}
	src, dst := benchSetup(b)
	dir := b.TempDir()
	in := filepath.Join(dir, "in.tif")
	tr, err := exec.LookPath("gdal_translate")
	if err != nil {
		b.Skip("gdal_translate not installed")
	}
	if out, err := exec.Command(tr, "-q", "-srcwin", "0", "0", "5000", "5000", benchInput, in).CombinedOutput(); err != nil {
		b.Fatalf("gdal_translate: %v\n%s", err, out)
	}
	_ = src
	g := dst.Transform
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	args := []string{"-q", "-overwrite", "-r", "bilinear", "-multi", "-wo", "NUM_THREADS=ALL_CPUS", "-t_srs", "EPSG:4326",
		"-te", f(g[0]), f(g[3] + g[5]*float64(dst.Height)), f(g[0] + g[1]*float64(dst.Width)), f(g[3]),
		"-ts", strconv.Itoa(dst.Width), strconv.Itoa(dst.Height), in, filepath.Join(dir, "out.tif")}
	b.SetBytes(int64(4 * dst.Len()))
	b.ResetTimer()
	for b.Loop() {
		if out, err := exec.Command(gdalwarp, args...).CombinedOutput(); err != nil {
			b.Fatalf("gdalwarp: %v\n%s", err, out)
		}
	}
	b.StopTimer()
	os.Remove(filepath.Join(dir, "out.tif"))
}

// BenchmarkWarpFromSourceBilinearUTMTo4326 is the same warp read window by
// window from the uncompressed GeoTIFF gdalwarp reads, so that, like
// gdalwarp's time, it includes reading the input (not writing the output).
func BenchmarkWarpFromSourceBilinearUTMTo4326(b *testing.B) {
	_, dst := benchSetup(b)
	tr, err := exec.LookPath("gdal_translate")
	if err != nil {
		b.Skip("gdal_translate not installed")
	}
	in := filepath.Join(b.TempDir(), "in.tif")
	if out, err := exec.Command(tr, "-q", "-srcwin", "0", "0", "5000", "5000", benchInput, in).CombinedOutput(); err != nil {
		b.Fatalf("gdal_translate: %v\n%s", err, out)
	}
	b.SetBytes(int64(4 * dst.Len()))
	b.ResetTimer()
	for b.Loop() {
		f, err := geotiff.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := FromSource(context.Background(), f, []int{0}, dst, Options{Method: Bilinear}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
