package indices

import (
	"context"
	"image"
	"math"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// stackCounter is a two-band in-memory source that can read several bands
// of a window at once, like a pixel-interleaved GeoTIFF, and counts how it
// was read.
type stackCounter struct {
	st *raster.Stack
	mu sync.Mutex
	// windows and stacks count ReadWindow and ReadStack calls.
	windows, stacks int
}

func (c *stackCounter) RasterGrid() raster.Grid { return c.st.Grid }
func (c *stackCounter) NumBands() int           { return c.st.NumBands() }
func (c *stackCounter) BlockSize() (int, int)   { return c.st.Grid.Width, 7 }
func (c *stackCounter) ReadWindow(ctx context.Context, b int, win image.Rectangle) (*raster.Band, error) {
	c.mu.Lock()
	c.windows++
	c.mu.Unlock()
	return c.st.ReadWindow(ctx, b, win)
}
func (c *stackCounter) ReadStack(ctx context.Context, bands []int, win image.Rectangle) (*raster.Stack, error) {
	c.mu.Lock()
	c.stacks++
	c.mu.Unlock()
	var out []*raster.Band
	for _, b := range bands {
		w, err := c.st.ReadWindow(ctx, b, win)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return raster.NewStack(out...)
}

// Two letters taken from bands of one multi-band source are read with one
// ReadStack per window, and give (N - R)/(N + R) worked in float64 for
// every pixel; the source's block size is passed on.
func TestSourceReadsBandsOfOneFileTogether(t *testing.T) {
	g := raster.Grid{Width: 9, Height: 20, Transform: raster.Affine{0, 1, 0, 20, 0, -1}}
	red, nir := raster.NewBand(g, "red"), raster.NewBand(g, "nir")
	for i := range red.Data {
		red.Data[i] = float32(i%13) / 20
		nir.Data[i] = float32(i%7)/10 + 0.05
	}
	st, err := raster.NewStack(red, nir)
	if err != nil {
		t.Fatal(err)
	}
	c := &stackCounter{st: st}
	r, _ := SelectBand(c, 0)
	n, _ := SelectBand(c, 1)
	prog, err := Compile("(N - R) / (N + R)", nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := NewSource(prog, map[string]raster.Source{"R": r, "N": n})
	if err != nil {
		t.Fatal(err)
	}
	if w, h := src.BlockSize(); w != 9 || h != 7 {
		t.Errorf("BlockSize %d x %d, want 9 x 7", w, h)
	}
	win := image.Rect(2, 3, 8, 17)
	got, err := src.ReadWindow(context.Background(), 0, win)
	if err != nil {
		t.Fatal(err)
	}
	if c.stacks != 1 || c.windows != 0 {
		t.Errorf("%d ReadStack and %d ReadWindow calls, want 1 and 0", c.stacks, c.windows)
	}
	for y := win.Min.Y; y < win.Max.Y; y++ {
		for x := win.Min.X; x < win.Max.X; x++ {
			rv, nv := float64(red.At(x, y)), float64(nir.At(x, y))
			want := float32((nv - rv) / (nv + rv))
			if v := got.At(x-win.Min.X, y-win.Min.Y); v != want && !(math.IsNaN(float64(v)) && math.IsNaN(float64(want))) {
				t.Fatalf("pixel %d,%d: got %v, want %v", x, y, v, want)
			}
		}
	}
}
