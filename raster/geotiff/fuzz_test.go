package geotiff

import (
	"bytes"
	"context"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fuzzMaxDecoded is the largest image (width*height*bands*sample size) the
// fuzz target describes in full; larger ones only have small windows read.
const fuzzMaxDecoded = 64 << 20

// fuzzAllocLimit bounds what an n-byte input may make the reader allocate:
// room for describing an image of fuzzMaxDecoded bytes, plus 4096 bytes per
// input byte, about the most LZW (at most 4096 bytes per 9-bit code) and
// JPEG can expand a byte. Anything beyond it is a header's claim being
// believed, which is the bug being hunted.
func fuzzAllocLimit(n int) uint64 { return 3*fuzzMaxDecoded + 4096*uint64(n) }

// fuzzMaxTime is how long one input may take; the reader must answer
// within a second, this leaves room for the race detector and slow
// machines.
const fuzzMaxTime = 10 * time.Second

// FuzzOpen feeds arbitrary bytes to the parser and the block decoders: a
// file must open or fail with an error naming it, never panic, hang or
// allocate what only a header claims. Seeds are every file of the
// conformance subset and of its broken/ folder, plus the checked-in entries
// under testdata/fuzz/FuzzOpen (broken files, a truncated header, crashers
// found earlier).
//
// Run it with: go test -fuzz=FuzzOpen -fuzztime=120s ./raster/geotiff/
func FuzzOpen(f *testing.F) {
	for _, pattern := range []string{"testdata/corpus/*.tif", "testdata/corpus/broken/*.tif"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		if len(paths) == 0 {
			f.Fatalf("no seeds match %s", pattern)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		fuzzOpen(t, data)
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > fuzzAllocLimit(len(data)) {
			t.Errorf("a %d-byte input made the reader allocate %d MiB (limit %d MiB)", len(data), alloc>>20, fuzzAllocLimit(len(data))>>20)
		}
		if elapsed > fuzzMaxTime {
			t.Errorf("a %d-byte input took %v", len(data), elapsed)
		}
	})
}

func fuzzOpen(t *testing.T, data []byte) {
	const name = "fuzz.tif"
	ctx := context.Background()
	f, err := NewReader(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("open error does not name the file: %v", err)
		}
		return
	}
	defer f.Close()
	mustName := func(what string, err error) {
		t.Helper()
		if err != nil && !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error does not name the file: %v", what, err)
		}
	}
	if decoded := int64(f.width) * int64(f.height) * int64(f.spp) * int64(f.dataType.Size()); decoded <= fuzzMaxDecoded {
		in, err := f.Describe(ctx)
		mustName("Describe", err)
		if err == nil && (len(in.BandStats) != f.spp || len(in.BandSHA256) != f.spp || len(in.Nodata) != f.spp) {
			t.Errorf("Describe: %d bands but %d stats, %d hashes, %d nodata", f.spp, len(in.BandStats), len(in.BandSHA256), len(in.Nodata))
		}
	}
	f.LevelFor(0)
	f.LevelFor(math.Inf(1))
	f.LevelFor(math.NaN())
	for i := 0; i <= len(f.Overviews()); i++ {
		im, err := f.Level(i)
		if err != nil {
			t.Fatalf("level %d of %d overviews: %v", i, len(f.Overviews()), err)
		}
		g := im.RasterGrid()
		w, h := min(8, g.Width), min(8, g.Height)
		// The top-left corner and the bottom-right one, which lies in the
		// partial edge strip or tile when there is one.
		for _, win := range []image.Rectangle{image.Rect(0, 0, w, h), image.Rect(g.Width-w, g.Height-h, g.Width, g.Height)} {
			fuzzWindow(t, f, im, win, mustName)
		}
	}
}

// fuzzWindow reads win of every band as native samples and as analysis
// values, and checks that the two agree: nodata (and NaN) become NaN, the
// rest is native*scale+offset.
func fuzzWindow(t *testing.T, f *File, im *Image, win image.Rectangle, mustName func(string, error)) {
	t.Helper()
	ctx := context.Background()
	raws, errRaw := im.ReadRawBands(ctx, nil, win)
	mustName("ReadRawBands", errRaw)
	st, errStack := im.ReadStack(ctx, nil, win)
	mustName("ReadStack", errStack)
	if (errRaw == nil) != (errStack == nil) {
		t.Fatalf("window %v: raw read error %v but analysis read error %v", win, errRaw, errStack)
	}
	if errRaw != nil {
		return
	}
	n := win.Dx() * win.Dy()
	if len(raws) != im.NumBands() || len(st.Bands) != im.NumBands() {
		t.Fatalf("window %v: %d raw and %d analysis bands, the image has %d", win, len(raws), len(st.Bands), im.NumBands())
	}
	nd, hasNd := f.Nodata()
	for b, r := range raws {
		if len(r.Data) != n*im.DataType().Size() || len(st.Bands[b].Data) != n {
			t.Fatalf("window %v band %d: %d raw bytes and %d values for %d pixels", win, b, len(r.Data), len(st.Bands[b].Data), n)
		}
		scale, offset := f.Scale(b), f.Offset(b)
		for i := range n {
			v := r.Float64At(i)
			isNd := hasNd && v == nd
			if r.Type == Float32 {
				isNd = hasNd && float32(v) == float32(nd)
			}
			want := float32(v*scale + offset)
			if math.IsNaN(v) || isNd {
				want = float32(math.NaN())
			}
			got := st.Bands[b].Data[i]
			if got != want && !(isNaN32(got) && isNaN32(want)) {
				t.Fatalf("window %v band %d sample %d: native %v (nodata %v %v, scale %v, offset %v) reads as %v, want %v",
					win, b, i, v, hasNd, nd, scale, offset, got, want)
			}
		}
	}
}

func isNaN32(v float32) bool { return v != v }
