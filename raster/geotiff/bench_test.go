package geotiff

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"
)

// benchInput returns a file made by ../shared/bench/make_inputs.py, from
// $BORDERZONE_BENCH_INPUTS or bench-inputs/ at the module root, skipping
// the benchmark when it is absent.
func benchInput(b *testing.B, name string) string {
	dir := os.Getenv("BORDERZONE_BENCH_INPUTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "bench-inputs")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%s missing: run /usr/bin/python3 ../shared/bench/make_inputs.py bench-inputs", p)
	}
	return p
}

// benchRead opens the bench input name and runs read on the whole
// 7 x 5000 x 5000 UInt16 image once per iteration, open included.
func benchRead(b *testing.B, name string, read func(f *File, all image.Rectangle) error) {
	path := benchInput(b, name)
	b.SetBytes(7 * 5000 * 5000 * 2)
	for b.Loop() {
		f, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := read(f, image.Rect(0, 0, 5000, 5000)); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkReadScene7 reads all 7 bands of scene7_5000.tif (UInt16,
// 5000x5000, 512x512 tiles, DEFLATE + predictor 2) as native samples, the
// work ../shared/bench/peer_read.py times for GDAL.
func BenchmarkReadScene7(b *testing.B) {
	benchRead(b, "scene7_5000.tif", func(f *File, all image.Rectangle) error {
		_, err := f.ReadRawBands(context.Background(), nil, all)
		return err
	})
}

// BenchmarkReadScene7Float reads the same scene as float32 analysis bands.
func BenchmarkReadScene7Float(b *testing.B) {
	benchRead(b, "scene7_5000.tif", func(f *File, all image.Rectangle) error {
		_, err := f.ReadStack(context.Background(), nil, all)
		return err
	})
}

// BenchmarkReadWindow256 reads one 256x256 window of one band.
func BenchmarkReadWindow256(b *testing.B) {
	path := benchInput(b, "scene7_5000.tif")
	f, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for b.Loop() {
		if _, err := f.ReadRaw(context.Background(), 3, image.Rect(1000, 1000, 1256, 1256)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadUncompressed reads all bands of an uncompressed
// band-interleaved 7 x 5000 x 5000 UInt16 file (made from scene7_5000.tif by
// gdal_translate -co COMPRESS=NONE -co INTERLEAVE=BAND).
func BenchmarkReadUncompressed(b *testing.B) {
	benchRead(b, "scene7_none_band.tif", func(f *File, all image.Rectangle) error {
		_, err := f.ReadRawBands(context.Background(), nil, all)
		return err
	})
}

// BenchmarkPreadReference reads the same file's bytes with one ReadAt into
// a fresh buffer (advised like the reader's outputs): the memory-copy speed
// from the page cache that BenchmarkReadUncompressed is compared with.
func BenchmarkPreadReference(b *testing.B) {
	path := benchInput(b, "scene7_none_band.tif")
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	b.SetBytes(7 * 5000 * 5000 * 2)
	for b.Loop() {
		dst := make([]byte, 7*5000*5000*2)
		adviseHugePages(dst)
		if _, err := fh.ReadAt(dst, 0); err != nil {
			b.Fatal(err)
		}
	}
}
