package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// TestTranslateKeepsNativeValues: translating corpus files to other
// layouts and codecs must give the same native pixels (SHA-256 per band, as
// GDAL recorded them in the manifest), nodata and scale/offset.
func TestTranslateKeepsNativeValues(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		file string
		args []string
	}{
		{"l8_uint16_scale_offset_deflate.tif", []string{"-tile", "128x128", "-compress", "zstd"}},
		{"l5_7band_byte_lzw_band_tiled128.tif", []string{"-interleave", "pixel", "-compress", "lzw"}},
		{"l8_float32_nodata-9999_lzw.tif", []string{"-compress", "deflate", "-rows", "7"}},
		{"l8_int8_deflate_pred2_tiled128.tif", []string{"-compress", "packbits"}},
	} {
		src := filepath.Join(corpus, c.file)
		dst := filepath.Join(dir, c.file)
		if _, errs, code := runCLI(append(append([]string{"translate"}, c.args...), src, dst)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.file, code, errs)
		}
		want := describeFile(t, src)
		got := describeFile(t, dst)
		for b := range want.BandSHA256 {
			if got.BandSHA256[b] != want.BandSHA256[b] {
				t.Errorf("%s band %d: native pixels changed", c.file, b+1)
			}
		}
		if got.DataType != want.DataType || fmt.Sprint(got.Nodata) != fmt.Sprint(want.Nodata) ||
			!equalFloats(got.Scale, want.Scale) || !equalFloats(got.Offset, want.Offset) {
			t.Errorf("%s: type/nodata/scale/offset %v %v %v %v, want %v %v %v %v", c.file,
				got.DataType, got.Nodata, got.Scale, got.Offset, want.DataType, want.Nodata, want.Scale, want.Offset)
		}
	}
	// A COG: overviews listed, tiled, pixels kept.
	cog := filepath.Join(dir, "cog.tif")
	if _, errs, code := runCLI("translate", "-cog", filepath.Join(corpus, "l8_int16_lzw_pred2_bigendian_tiled256.tif"), cog); code != 0 {
		t.Fatalf("cog: exit %d: %s", code, errs)
	}
	if got, want := describeFile(t, cog), describeFile(t, filepath.Join(corpus, "l8_int16_lzw_pred2_bigendian_tiled256.tif")); !got.Tiled || got.BandSHA256[0] != want.BandSHA256[0] {
		t.Errorf("cog: tiled %v, pixels kept %v", got.Tiled, got.BandSHA256[0] == want.BandSHA256[0])
	}
	// 32-bit integers beyond 2^24 cannot pass through float32: an error, not a silent change.
	if _, errs, code := runCLI("translate", filepath.Join(corpus, "l8_uint32_lzw_bigendian.tif"), filepath.Join(dir, "u32.tif")); code == 0 || !strings.Contains(errs, "float32") {
		t.Errorf("UInt32 with large values: exit %d, stderr %q", code, errs)
	}
	if _, _, code := runCLI("translate", "-compress", "jpeg2000", filepath.Join(corpus, c0), filepath.Join(dir, "x.tif")); code == 0 {
		t.Error("unknown compression accepted")
	}
}

const c0 = "rgb_byte_1band_lzw.tif"

func describeFile(t *testing.T, path string) *geotiff.Info {
	t.Helper()
	f, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := f.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
