package geotiff

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

var _ raster.Source = (*Image)(nil)
var _ raster.Source = (*File)(nil)

// countingReader records the byte ranges read through it.
type countingReader struct {
	r     *bytes.Reader
	mu    sync.Mutex
	reads [][2]int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	c.reads = append(c.reads, [2]int64{off, int64(len(p))})
	c.mu.Unlock()
	return c.r.ReadAt(p, off)
}

// TestWindowReadsOnlyTouchedTiles opens a tiled file through a counting
// reader: after the header, a 256x256 window must read exactly the tiles it
// overlaps (by the TileOffsets/TileByteCounts of the file), nothing else.
func TestWindowReadsOnlyTouchedTiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "corpus", "l8_uint16_3band_lzw_tiled256_bigtiff.tif"))
	if err != nil {
		t.Fatal(err)
	}
	cr := &countingReader{r: bytes.NewReader(data)}
	f, err := NewReader(cr, int64(len(data)), "tiled.tif")
	if err != nil {
		t.Fatal(err)
	}
	cr.reads = nil
	// 256x256 tiles on a 300x200 image: columns 0-255 and 256-299, one row.
	// The window x 200..300 touches both tile columns; band 2 of a
	// pixel-interleaved file lives in the same tiles as the others.
	if _, err := f.ReadRaw(context.Background(), 1, image.Rect(200, 0, 300, 200)); err != nil {
		t.Fatal(err)
	}
	want := map[[2]int64]bool{}
	for _, i := range []int{0, 1} {
		want[[2]int64{int64(f.offsets[i]), int64(f.counts[i])}] = true
	}
	if len(cr.reads) != len(want) {
		t.Fatalf("read %d ranges %v, want the %d tiles %v", len(cr.reads), cr.reads, len(want), want)
	}
	for _, r := range cr.reads {
		if !want[r] {
			t.Errorf("read %v, which is not a tile the window touches", r)
		}
	}
	cr.reads = nil
	if _, err := f.ReadRaw(context.Background(), 0, image.Rect(10, 10, 20, 20)); err != nil {
		t.Fatal(err)
	}
	if len(cr.reads) != 1 || cr.reads[0] != [2]int64{int64(f.offsets[0]), int64(f.counts[0])} {
		t.Errorf("a window inside tile 0 read %v", cr.reads)
	}
}

// TestWindowsAgreeWithWholeBand reads random windows of every corpus file
// and checks them against the same pixels of a whole-band read, in both the
// raw and the analysis forms: edge tiles, partial strips and interleaving
// must not shift a pixel.
func TestWindowsAgreeWithWholeBand(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	entries := loadManifest(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for _, e := range entries {
		if e.Compression == "LERC" {
			continue
		}
		f, err := Open(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		full, err := f.ReadRawBands(ctx, nil, image.Rect(0, 0, e.Width, e.Height))
		if err != nil {
			t.Fatal(err)
		}
		fullStack, err := f.ReadStack(ctx, nil, image.Rect(0, 0, e.Width, e.Height))
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			x0, y0 := rng.IntN(e.Width), rng.IntN(e.Height)
			win := image.Rect(x0, y0, x0+1+rng.IntN(e.Width-x0), y0+1+rng.IntN(e.Height-y0))
			b := rng.IntN(e.BandCount)
			raw, err := f.ReadRaw(ctx, b, win)
			if err != nil {
				t.Fatal(err)
			}
			band, err := f.ReadWindow(ctx, b, win)
			if err != nil {
				t.Fatal(err)
			}
			es := raw.Type.Size()
			for y := win.Min.Y; y < win.Max.Y; y++ {
				i := (y - win.Min.Y) * win.Dx() * es
				j := (y*e.Width + win.Min.X) * es
				if !bytes.Equal(raw.Data[i:i+win.Dx()*es], full[b].Data[j:j+win.Dx()*es]) {
					t.Fatalf("%s band %d window %v row %d differs from the whole-band read", e.File, b, win, y)
				}
				for x := win.Min.X; x < win.Max.X; x++ {
					g, w := band.At(x-win.Min.X, y-win.Min.Y), fullStack.Bands[b].At(x, y)
					if g != w && !(math.IsNaN(float64(g)) && math.IsNaN(float64(w))) {
						t.Fatalf("%s band %d pixel (%d,%d): window %v, whole %v", e.File, b, x, y, g, w)
					}
				}
			}
			wantGrid, _ := f.RasterGrid().Window(win)
			if err := band.Grid.Match(wantGrid); err != nil {
				t.Fatalf("%s: window grid: %v", e.File, err)
			}
		}
		f.Close()
	}
}

// TestReadErrors: bad requests are errors naming the file.
func TestReadErrors(t *testing.T) {
	f, err := Open(filepath.Join("testdata", "corpus", "rgb_byte_1band_lzw.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	for name, fn := range map[string]func() error{
		"band out of range": func() error { _, err := f.ReadBand(ctx, 1); return err },
		"negative band":     func() error { _, err := f.ReadBand(ctx, -1); return err },
		"window outside":    func() error { _, err := f.ReadWindow(ctx, 0, image.Rect(200, 200, 300, 300)); return err },
		"empty window":      func() error { _, err := f.ReadWindow(ctx, 0, image.Rect(5, 5, 5, 9)); return err },
		"level":             func() error { _, err := f.Level(3); return err },
	} {
		err := fn()
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if !bytes.Contains([]byte(err.Error()), []byte("rgb_byte_1band_lzw.tif")) {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.ReadBand(cctx, 0); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestLevelFor: the overview file has levels 287x310, 144x155 and 72x78 of
// a 30 m grid, so their pixels are 30 x 30, 59.79 x 60 (30*287/144 by
// 30*310/155) and 119.58 x 119.23 m, reduction factors 1, 1.993 and 3.974;
// GDAL reads the most reduced level whose factor is at most 1.2 times the
// requested one (pixelSize / 30).
func TestLevelFor(t *testing.T) {
	f, err := Open(filepath.Join("testdata", "corpus", "l5_7band_byte_zstd_pred2_ovr.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		res  float64
		want int
	}{{10, 287}, {30, 287}, {49, 287}, {50, 144}, {60, 144}, {99, 144}, {100, 72}, {1000, 72}} {
		if got := f.LevelFor(c.res).RasterGrid().Width; got != c.want {
			t.Errorf("LevelFor(%v) width %d, want %d", c.res, got, c.want)
		}
	}
	ov := f.Overviews()[1].RasterGrid()
	x, y := ov.Transform.Apply(72, 78)
	fx, fy := f.RasterGrid().Transform.Apply(287, 310)
	if math.Abs(x-fx) > 1e-6 || math.Abs(y-fy) > 1e-6 {
		t.Errorf("overview footprint ends at (%v,%v), the image at (%v,%v)", x, y, fx, fy)
	}
}

// tinyTIFF builds a classic little-endian TIFF with one IFD of SHORT/LONG
// entries (tag -> values; values of tags 324/325 are LONG arrays stored
// after the IFD), enough to describe a header-only test file.
func tinyTIFF(entries map[uint16][]uint32) []byte {
	tags := make([]uint16, 0, len(entries))
	for t := range entries {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	le := binary.LittleEndian
	buf := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	ifdSize := 2 + 12*len(tags) + 4
	extra := 8 + ifdSize
	var tail []byte
	buf = le.AppendUint16(buf, uint16(len(tags)))
	for _, t := range tags {
		v := entries[t]
		buf = le.AppendUint16(buf, t)
		buf = le.AppendUint16(buf, 4) // LONG
		buf = le.AppendUint32(buf, uint32(len(v)))
		if len(v) == 1 {
			buf = le.AppendUint32(buf, v[0])
			continue
		}
		buf = le.AppendUint32(buf, uint32(extra+len(tail)))
		for _, x := range v {
			tail = le.AppendUint32(tail, x)
		}
	}
	buf = le.AppendUint32(buf, 0)
	return append(buf, tail...)
}

// TestHugeSparseClaim: a 1.2 MB file of empty (sparse) tiles claiming a
// 100000 x 100000 image opens, but reading the whole band, or describing
// it, is an error naming the file rather than a 40 GB allocation; a small
// window still reads (as nodata zeros).
func TestHugeSparseClaim(t *testing.T) {
	const side, tile = 100000, 256
	n := ((side + tile - 1) / tile) * ((side + tile - 1) / tile)
	data := tinyTIFF(map[uint16][]uint32{
		256: {side}, 257: {side}, 258: {8}, 259: {1}, 262: {1}, 277: {1},
		322: {tile}, 323: {tile}, 324: make([]uint32, n), 325: make([]uint32, n),
	})
	f, err := NewReader(bytes.NewReader(data), int64(len(data)), "huge.tif")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := f.ReadBand(context.Background(), 0); err == nil || !strings.Contains(err.Error(), "huge.tif") {
		t.Errorf("ReadBand of a 10^10-pixel sparse claim: err = %v", err)
	}
	if _, err := f.Describe(context.Background()); err == nil {
		t.Error("Describe of a 10^10-pixel sparse claim: no error")
	}
	runtime.ReadMemStats(&after)
	if a := after.TotalAlloc - before.TotalAlloc; a > 64<<20 {
		t.Errorf("allocated %d bytes", a)
	}
	r, err := f.ReadRaw(context.Background(), 0, image.Rect(5000, 5000, 5010, 5010))
	if err != nil || len(r.Data) != 100 || bytes.Count(r.Data, []byte{0}) != 100 {
		t.Errorf("small window of sparse tiles: %v, %v", err, r)
	}
}

// TestFloatPredictor2 reads a Float32 file written by GDAL with Predictor 2
// (see testdata/extra/README.md): its pixels must hash to the manifest's
// SHA-256 for the same pixels, as GDAL computed it.
func TestFloatPredictor2(t *testing.T) {
	f, err := Open(filepath.Join("testdata", "extra", "l8_float32_deflate_pred2.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Predictor() != 2 || f.DataType() != Float32 {
		t.Fatalf("predictor %d, type %v", f.Predictor(), f.DataType())
	}
	r, err := f.ReadRaw(context.Background(), 0, f.RasterGrid().Rect())
	if err != nil {
		t.Fatal(err)
	}
	const gdal = "1e8235d08774e6078bdef28ac50a784f6695630319463d660f8c30d8f712439a"
	if got := sha(r.Data); got != gdal {
		t.Errorf("sha256 %s, GDAL's %s", got, gdal)
	}
}

// TestGDALMetadataEscaping: GDAL 3.6 stores the band description
// "band <2> & co" (set with the GDAL Python bindings' SetDescription) as the
// doubly escaped text below; the reader must give the description back.
func TestGDALMetadataEscaping(t *testing.T) {
	const tag = `<GDALMetadata>
  <Item name="DESCRIPTION" sample="0" role="description">band &amp;lt;2&amp;gt; &amp;amp; co</Item>
</GDALMetadata>`
	md, err := parseGDALMetadata(tag, 1)
	if err != nil {
		t.Fatal(err)
	}
	if md.description[0] != "band <2> & co" {
		t.Errorf("description %q", md.description[0])
	}
}

// TestDescriptionRoundTrip: a band name with XML specials survives Write
// (which escapes twice, as GDAL does) and the reader (which unescapes twice).
func TestDescriptionRoundTrip(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{0, 1, 0, 0, 0, -1}, CRS: raster.CRS{EPSG: 32644}}
	b := &raster.Band{Grid: g, Name: "red & <nir> 'ratio'", Data: []float32{1, 2}}
	var buf bytes.Buffer
	if err := Write(&buf, b, nil); err != nil {
		t.Fatal(err)
	}
	f, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "names.tif")
	if err != nil {
		t.Fatal(err)
	}
	if d := f.Description(0); d != b.Name {
		t.Errorf("description %q, want %q", d, b.Name)
	}
}
