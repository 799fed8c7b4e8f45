package indices

import (
	"context"
	"errors"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// Writing an index through Source and geotiff.WriteSource gives the same
// pixels as computing it on the whole stack.
func TestSourceWritesSameAsStack(t *testing.T) {
	s := namedStack(t)
	ctx := context.Background()
	ix, _ := Lookup("EVI")
	p, err := ix.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := p.ComputeStack(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	// N, R and B from one multi-band stack through SelectBand.
	idx := map[string]int{}
	for i, b := range s.Bands {
		idx[b.Name] = i
	}
	inputs := map[string]raster.Source{}
	for _, l := range []string{"N", "R", "B"} {
		if inputs[l], err = SelectBand(s, idx[l]); err != nil {
			t.Fatal(err)
		}
	}
	src, err := NewSource(p, inputs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "evi.tif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	opt := &geotiff.Options{Compression: geotiff.CompressionDeflate, Predictor: 3, RowsPerStrip: 7}
	if err := geotiff.WriteSource(ctx, f, src, opt); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := r.ReadBand(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Grid.Match(s.Grid); err != nil {
		t.Fatal(err)
	}
	for i := range want.Data {
		if math.Float32bits(got.Data[i]) != math.Float32bits(want.Data[i]) && (got.Data[i] == got.Data[i] || want.Data[i] == want.Data[i]) {
			t.Fatalf("pixel %d: written %v, computed %v", i, got.Data[i], want.Data[i])
		}
	}
	if d := r.Description(0); d != "EVI" {
		t.Errorf("band description %q", d)
	}
}

func TestSourceErrors(t *testing.T) {
	p, _ := Compile("(N - R) / (N + R)", nil)
	g := raster.Grid{Width: 4, Height: 4, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	h := g
	h.Width = 5
	n := &raster.Band{Grid: g, Name: "nir", Data: make([]float32, 16)}
	r := &raster.Band{Grid: h, Name: "red", Data: make([]float32, 20)}
	if _, err := NewSource(p, map[string]raster.Source{"N": n}); err == nil || !strings.Contains(err.Error(), "band R") {
		t.Errorf("missing input: %v", err)
	}
	if _, err := NewSource(p, map[string]raster.Source{"N": n, "R": r}); err == nil || !strings.Contains(err.Error(), "inputs N and R") {
		t.Errorf("grid mismatch: %v", err)
	}
	src, err := NewSource(p, map[string]raster.Source{"N": n, "R": n})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.ReadWindow(context.Background(), 0, image.Rect(0, 0, 5, 1)); err == nil {
		t.Error("window outside the raster accepted")
	}
	if _, err := src.ReadWindow(context.Background(), 1, image.Rect(0, 0, 1, 1)); err == nil {
		t.Error("band 1 accepted")
	}
	if _, err := SelectBand(n, 1); err == nil {
		t.Error("SelectBand out of range accepted")
	}
	failing := &synthetic{grid: g, fail: true}
	src, _ = NewSource(p, map[string]raster.Source{"N": n, "R": failing})
	if _, err := src.ReadWindow(context.Background(), 0, image.Rect(0, 0, 1, 1)); err == nil || !strings.Contains(err.Error(), "input R") {
		t.Errorf("input error: %v", err)
	}
}

// synthetic is a source whose values are computed from the pixel position,
// so that a raster of any size costs no memory; it records the peak heap
// seen while windows are read.
type synthetic struct {
	grid  raster.Grid
	scale float32
	fail  bool

	mu       sync.Mutex
	peakHeap uint64
	maxPix   int
}

func (s *synthetic) RasterGrid() raster.Grid { return s.grid }
func (s *synthetic) NumBands() int           { return 1 }
func (s *synthetic) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if s.fail {
		return nil, errors.New("synthetic failure")
	}
	g, err := s.grid.Window(win)
	if err != nil {
		return nil, err
	}
	b := &raster.Band{Grid: g, Data: make([]float32, g.Len())}
	i := 0
	for row := win.Min.Y; row < win.Max.Y; row++ {
		for col := win.Min.X; col < win.Max.X; col++ {
			b.Data[i] = s.scale * float32((col*7+row*13)%1000) / 1000
			i++
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.mu.Lock()
	s.peakHeap = max(s.peakHeap, ms.HeapAlloc)
	s.maxPix = max(s.maxPix, g.Len())
	s.mu.Unlock()
	return b, nil
}

// discard is an io.WriteSeeker that keeps nothing.
type discard struct{ off, size int64 }

func (d *discard) Write(p []byte) (int, error) {
	d.off += int64(len(p))
	d.size = max(d.size, d.off)
	return len(p), nil
}

func (d *discard) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		d.off = off
	case io.SeekCurrent:
		d.off += off
	case io.SeekEnd:
		d.off = d.size + off
	}
	return d.off, nil
}

// Writing NDVI of two 6000 x 6000 inputs (144 MB each as float32, 432 MB
// for inputs and output together) window by window keeps the heap to a few
// blocks per band: the peak heap seen during the write stays far below one
// band.
func TestSourceMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	const w, h = 6000, 6000
	g := raster.Grid{Width: w, Height: h, Transform: raster.Affine{0, 10, 0, 0, 0, -10}}
	nir := &synthetic{grid: g, scale: 0.6}
	red := &synthetic{grid: g, scale: 0.3}
	ix, _ := Lookup("NDVI")
	p, _ := ix.Compile(nil)
	src, err := NewSource(p, map[string]raster.Source{"N": nir, "R": red})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := &discard{}
	if err := geotiff.WriteSource(context.Background(), out, src, &geotiff.Options{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	oneBand := uint64(w * h * 4)
	peak := max(nir.peakHeap, red.peakHeap) - min(before.HeapAlloc, max(nir.peakHeap, red.peakHeap))
	t.Logf("output %d bytes; largest window %d pixels; peak heap above start %.1f MiB (one band is %.0f MiB); allocated %.1f MiB in total",
		out.size, nir.maxPix, float64(peak)/(1<<20), float64(oneBand)/(1<<20), float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
	if out.size < int64(oneBand) {
		t.Errorf("wrote %d bytes, less than the %d of the pixels", out.size, oneBand)
	}
	if peak > oneBand/4 {
		t.Errorf("peak heap %d bytes above the start, more than a quarter band (%d)", peak, oneBand/4)
	}
}
