package geotiff_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// windowSource serves a stack window by window and records the tallest
// window it was asked for.
type windowSource struct {
	*raster.Stack
	maxRows int
	fail    bool
}

func (s *windowSource) ReadWindow(ctx context.Context, b int, win image.Rectangle) (*raster.Band, error) {
	if s.fail && win.Min.Y > 0 {
		return nil, errors.New("disk on fire")
	}
	s.maxRows = max(s.maxRows, win.Dy())
	return s.Stack.ReadWindow(ctx, b, win)
}

func TestWriteSource(t *testing.T) {
	ctx := context.Background()
	g := utmGrid(203, 157)
	stack := testStack(g, 3)
	dir := t.TempDir()
	for i, opt := range []geotiff.Options{
		{Type: geotiff.Int16, Nodata: -1, HasNodata: true, Compression: geotiff.CompressionDeflate, Predictor: 2, TileWidth: 32, TileHeight: 16},
		{Compression: geotiff.CompressionLZW, Predictor: 3, RowsPerStrip: 3},
		{Type: geotiff.UInt16, Nodata: 0, HasNodata: true, Scale: []float64{0.01}, Offset: []float64{-100}, Compression: geotiff.CompressionZSTD, Interleave: geotiff.InterleaveBand, TileWidth: 48, TileHeight: 48},
		{Compression: geotiff.CompressionPackBits, BigTIFF: geotiff.BigTIFFAlways, RowsPerStrip: 1},
	} {
		src := &windowSource{Stack: stack}
		path := filepath.Join(dir, "s.tif")
		fh, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := geotiff.WriteSource(ctx, fh, src, &opt); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		if src.maxRows >= g.Height {
			t.Errorf("case %d: read windows of %d rows: the whole raster", i, src.maxRows)
		}
		streamed, _ := os.ReadFile(path)
		var whole bytes.Buffer
		if err := geotiff.Write(&whole, stack, &opt); err != nil {
			t.Fatal(err)
		}
		if opt.Interleave == geotiff.InterleavePixel && !bytes.Equal(streamed, whole.Bytes()) {
			t.Errorf("case %d: streamed file differs from Write's", i)
		}
		f, err := geotiff.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.ReadStack(ctx, nil, g.Rect())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := geotiff.NewReader(bytes.NewReader(whole.Bytes()), int64(whole.Len()), "whole")
		if err != nil {
			t.Fatal(err)
		}
		want, err := w.ReadStack(ctx, nil, g.Rect())
		if err != nil {
			t.Fatal(err)
		}
		for b := range got.Bands {
			if got.Bands[b].Name != stack.Bands[b].Name {
				t.Errorf("case %d band %d: name %q", i, b, got.Bands[b].Name)
			}
			for k, v := range got.Bands[b].Data {
				if u := want.Bands[b].Data[k]; math.Float32bits(u) != math.Float32bits(v) && !(u != u && v != v) {
					t.Fatalf("case %d band %d pixel %d: %v, want %v", i, b, k, v, u)
				}
			}
		}
	}
}

func TestWriteSourceErrors(t *testing.T) {
	ctx := context.Background()
	stack := testStack(utmGrid(20, 300), 1)
	dir := t.TempDir()
	fh, err := os.Create(filepath.Join(dir, "e.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	for _, tc := range []struct {
		src  raster.Source
		opt  geotiff.Options
		want string
	}{
		{nil, geotiff.Options{}, "nil source"},
		{stack, geotiff.Options{COG: true}, "need the whole raster"},
		{&windowSource{Stack: stack, fail: true}, geotiff.Options{RowsPerStrip: 1}, "disk on fire"},
		{stack, geotiff.Options{Type: geotiff.Byte}, `band 1 ("band 1") has NaN`},
	} {
		err := geotiff.WriteSource(ctx, fh, tc.src, &tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// TestWriteSourceGDAL checks that GDAL reads a band-interleaved streamed
// file (whose chunk order differs from Write's) with the checksums of the
// same samples written by gdal_translate.
func TestWriteSourceGDAL(t *testing.T) {
	needGDAL(t, "gdalinfo")
	dir := t.TempDir()
	g := utmGrid(203, 157)
	stack := testStack(g, 3)
	tc := typeCase{geotiff.Int16, -9999, true, 1, 0}
	ref := gdalReference(t, dir, stack, tc)
	path := filepath.Join(dir, "stream.tif")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	opt := &geotiff.Options{Type: tc.dt, Nodata: tc.nodata, HasNodata: true, Compression: geotiff.CompressionDeflate, Predictor: 2,
		Interleave: geotiff.InterleaveBand, TileWidth: 64, TileHeight: 32}
	err = geotiff.WriteSource(context.Background(), fh, &windowSource{Stack: stack}, opt)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	info := gdalinfo(t, path, "-checksum")
	for b, band := range info.Bands {
		if band.Checksum != ref[b] {
			t.Errorf("band %d: checksum %d, GDAL's copy %d", b+1, band.Checksum, ref[b])
		}
	}
}

// blockySource reports a block height and records every window it is asked
// for.
type blockySource struct {
	*raster.Stack
	bh   int
	wins []image.Rectangle
}

func (s *blockySource) BlockSize() (int, int) { return s.Stack.Grid.Width, s.bh }
func (s *blockySource) ReadWindow(ctx context.Context, b int, win image.Rectangle) (*raster.Band, error) {
	s.wins = append(s.wins, win)
	return s.Stack.ReadWindow(ctx, b, win)
}

// A source with 40-row blocks written as 3-row strips is read in windows
// that start on its block rows and span whole block rows (but the last), so
// no source block is decoded twice; the file is the same as from a source
// that does not report blocks.
func TestWriteSourceAlignsToSourceBlocks(t *testing.T) {
	g := raster.Grid{Width: 50, Height: 203, Transform: raster.Affine{0, 10, 0, 0, 0, -10}}
	b := raster.NewBand(g, "v")
	for i := range b.Data {
		b.Data[i] = float32(i%97) * 0.5
	}
	st, err := raster.NewStack(b)
	if err != nil {
		t.Fatal(err)
	}
	opt := &geotiff.Options{Type: geotiff.Float32, RowsPerStrip: 3, Compression: geotiff.CompressionDeflate}
	src := &blockySource{Stack: st, bh: 40}
	dir := t.TempDir()
	write := func(name string, s raster.Source) []byte {
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if err := geotiff.WriteSource(context.Background(), fh, s, opt); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(fh.Name())
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	got := write("aligned.tif", src)
	for _, w := range src.wins {
		if w.Min.Y%40 != 0 || (w.Max.Y%40 != 0 && w.Max.Y != g.Height) {
			t.Errorf("window %v is not aligned to the source's 40-row blocks", w)
		}
	}
	if len(src.wins) == 0 {
		t.Fatal("the source was never read")
	}
	want := write("plain.tif", &windowSource{Stack: st})
	if !bytes.Equal(got, want) {
		t.Error("aligned windows changed the file")
	}
}
