package geotiff

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// manifestEntry is the part of the corpus manifest (made by GDAL 3.6.2, see
// testdata/corpus/README.md) that the reader is checked against.
type manifestEntry struct {
	File         string     `json:"file"`
	Width        int        `json:"width"`
	Height       int        `json:"height"`
	BandCount    int        `json:"band_count"`
	DataType     string     `json:"data_type"`
	Compression  string     `json:"compression"`
	Predictor    int        `json:"predictor"`
	Tiled        bool       `json:"tiled"`
	BlockWidth   int        `json:"block_width"`
	BlockHeight  int        `json:"block_height"`
	Interleave   string     `json:"interleave"`
	BigTIFF      bool       `json:"bigtiff"`
	ByteOrder    string     `json:"byte_order"`
	EPSG         *int       `json:"epsg"`
	GeoTransform [6]float64 `json:"geotransform"`
	RasterType   string     `json:"raster_type"`
	Nodata       []any      `json:"nodata"`
	Scale        []*float64 `json:"scale"`
	Offset       []*float64 `json:"offset"`
	Overviews    [][2]int   `json:"overviews"`
	Lossy        bool       `json:"lossy"`
	Bands        []struct {
		Min        *float64 `json:"min"`
		Max        *float64 `json:"max"`
		Mean       *float64 `json:"mean"`
		ValidCount *int64   `json:"valid_count"`
		SHA256     string   `json:"sha256"`
		Overviews  []struct {
			Width  int    `json:"width"`
			Height int    `json:"height"`
			SHA256 string `json:"sha256"`
		} `json:"overviews"`
	} `json:"bands"`
	Samples []struct {
		X      int   `json:"x"`
		Y      int   `json:"y"`
		Values []any `json:"values"`
	} `json:"samples"`
	LossyCheck *struct {
		Reference   string    `json:"reference_file"`
		MaxAbsDiff  []float64 `json:"max_abs_diff"`
		MeanAbsDiff []float64 `json:"mean_abs_diff"`
	} `json:"lossy_check"`
}

type brokenEntry struct {
	File        string `json:"file"`
	Defect      string `json:"defect"`
	Description string `json:"description"`
}

// sharedData returns the folder of the full shared corpora: $BORDERZONE_DATA
// or ../shared/data beside the checkout. When it is missing the test is
// skipped, except under CI=true, where it fails.
func sharedData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BORDERZONE_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "geotiff", "manifest.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the shared data is missing (%v); set BORDERZONE_DATA", err)
		}
		t.Skipf("shared data not found (%v); set BORDERZONE_DATA to run the full corpus", err)
	}
	return dir
}

// readManifest decodes dir/manifest.json into v.
func readManifest(t *testing.T, dir string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func loadManifest(t *testing.T, dir string) []manifestEntry {
	t.Helper()
	var m struct {
		Files []manifestEntry `json:"files"`
	}
	readManifest(t, dir, &m)
	if len(m.Files) == 0 {
		t.Fatalf("%s: no files in manifest", dir)
	}
	return m.Files
}

func TestCorpusSubset(t *testing.T) { checkCorpus(t, filepath.Join("testdata", "corpus")) }

func TestCorpusFull(t *testing.T) { checkCorpus(t, filepath.Join(sharedData(t), "geotiff")) }

func TestBrokenSubset(t *testing.T) { checkBroken(t, filepath.Join("testdata", "corpus", "broken")) }

func TestBrokenFull(t *testing.T) {
	checkBroken(t, filepath.Join(sharedData(t), "geotiff", "broken"))
}

func checkCorpus(t *testing.T, dir string) {
	for _, e := range loadManifest(t, dir) {
		t.Run(e.File, func(t *testing.T) {
			t.Parallel()
			checkEntry(t, dir, e)
		})
	}
}

func checkEntry(t *testing.T, dir string, e manifestEntry) {
	path := filepath.Join(dir, e.File)
	f, err := Open(path)
	if e.Compression == "LERC" {
		// LERC is outside the codecs the reader supports: a clear error.
		if err == nil || !strings.Contains(err.Error(), "unsupported Compression (259) = 34887") {
			t.Fatalf("want an unsupported-compression error naming the tag, got %v", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := f.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	eq := func(field string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", field, got, want)
		}
	}
	eq("width", in.Width, e.Width)
	eq("height", in.Height, e.Height)
	eq("bands", in.Bands, e.BandCount)
	eq("data_type", in.DataType, e.DataType)
	eq("compression", in.Compression, e.Compression)
	eq("predictor", in.Predictor, e.Predictor)
	eq("tiled", in.Tiled, e.Tiled)
	eq("block", [2]int{in.BlockWidth, in.BlockHeight}, [2]int{e.BlockWidth, e.BlockHeight})
	eq("interleave", in.Interleave, e.Interleave)
	eq("bigtiff", in.BigTIFF, e.BigTIFF)
	eq("byte_order", in.ByteOrder, e.ByteOrder)
	eq("raster_type", in.RasterType, e.RasterType)
	if (in.EPSG == nil) != (e.EPSG == nil) || in.EPSG != nil && *in.EPSG != *e.EPSG {
		t.Errorf("epsg = %v, want %v", ptrString(in.EPSG), ptrString(e.EPSG))
	}
	for i, v := range e.GeoTransform {
		if math.Abs(in.GeoTransform[i]-v) > 1e-9*math.Max(1, math.Abs(v)) {
			t.Errorf("geotransform = %v, want %v", in.GeoTransform, e.GeoTransform)
			break
		}
	}
	for b := range e.BandCount {
		want := e.Nodata[b]
		if s, ok := want.(string); ok {
			want = strings.ToLower(s)
		}
		eq(fmt.Sprintf("band %d nodata", b+1), in.Nodata[b], want)
		wantScale, wantOffset := 1.0, 0.0
		if e.Scale[b] != nil {
			wantScale = *e.Scale[b]
		}
		if e.Offset[b] != nil {
			wantOffset = *e.Offset[b]
		}
		eq(fmt.Sprintf("band %d scale", b+1), in.Scale[b], wantScale)
		eq(fmt.Sprintf("band %d offset", b+1), in.Offset[b], wantOffset)
	}
	eq("overviews", in.Overviews, e.Overviews)
	if e.Lossy {
		checkLossy(t, dir, f, e)
		return
	}
	for b, want := range e.Bands {
		eq(fmt.Sprintf("band %d sha256", b+1), in.BandSHA256[b], want.SHA256)
		got := in.BandStats[b]
		if (got.Min == nil) != (want.Min == nil) {
			t.Errorf("band %d stats presence differs", b+1)
			continue
		}
		if got.Min == nil {
			continue
		}
		eq(fmt.Sprintf("band %d min", b+1), *got.Min, *want.Min)
		eq(fmt.Sprintf("band %d max", b+1), *got.Max, *want.Max)
		eq(fmt.Sprintf("band %d valid count", b+1), got.Count, *want.ValidCount)
		if math.Abs(*got.Mean-*want.Mean) > 1e-9*math.Abs(*want.Mean) {
			t.Errorf("band %d mean = %v, want %v", b+1, *got.Mean, *want.Mean)
		}
		for i, ov := range want.Overviews {
			r, err := f.overviews[i].ReadRaw(context.Background(), b, image.Rect(0, 0, ov.Width, ov.Height))
			if err != nil {
				t.Fatal(err)
			}
			eq(fmt.Sprintf("band %d overview %d sha256", b+1, i), sha(r.Data), ov.SHA256)
		}
	}
	checkAnalysisSamples(t, f, e)
}

// checkAnalysisSamples compares the analysis values of the manifest's
// sample pixels: nodata becomes NaN, scale and offset are applied.
func checkAnalysisSamples(t *testing.T, f *File, e manifestEntry) {
	t.Helper()
	s, err := f.ReadStack(context.Background(), nil, image.Rect(0, 0, e.Width, e.Height))
	if err != nil {
		t.Fatal(err)
	}
	nd, hasNd := f.Nodata()
	for _, p := range e.Samples {
		for b, v := range p.Values {
			native := jsonFloat(v)
			want := native
			if math.IsNaN(native) || hasNd && native == nd {
				want = math.NaN()
			} else {
				want = native*f.Scale(b) + f.Offset(b)
			}
			got := float64(s.Bands[b].At(p.X, p.Y))
			if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("band %d pixel (%d,%d): analysis value %v, want %v", b+1, p.X, p.Y, got, want)
			}
		}
	}
}

// checkLossy checks a JPEG file against the lossless file of the same crop:
// the differences must be those GDAL/libjpeg reported for its own decode,
// within a small margin for the IDCT and colour-conversion rounding of
// another decoder.
func checkLossy(t *testing.T, dir string, f *File, e manifestEntry) {
	t.Helper()
	ref, err := Open(filepath.Join(dir, e.LossyCheck.Reference))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	win := image.Rect(0, 0, e.Width, e.Height)
	got, err := f.ReadRawBands(context.Background(), nil, win)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.ReadRawBands(context.Background(), nil, win)
	if err != nil {
		t.Fatal(err)
	}
	for b := range got {
		var maxd, sum float64
		for i := range got[b].Data {
			d := math.Abs(float64(got[b].Data[i]) - float64(want[b].Data[i]))
			maxd = math.Max(maxd, d)
			sum += d
		}
		mean := sum / float64(len(got[b].Data))
		if mean > e.LossyCheck.MeanAbsDiff[b]+0.25 || maxd > e.LossyCheck.MaxAbsDiff[b]+8 {
			t.Errorf("band %d: JPEG differs from the lossless crop by mean %.4f max %v; GDAL: mean %.4f max %v",
				b+1, mean, maxd, e.LossyCheck.MeanAbsDiff[b], e.LossyCheck.MaxAbsDiff[b])
		}
	}
	for _, p := range e.Samples {
		for b, v := range p.Values {
			g := float64(got[b].Data[p.Y*e.Width+p.X])
			// libjpeg interpolates subsampled chroma ("fancy upsampling"),
			// image/jpeg replicates it: a few levels apart at sharp edges.
			if math.Abs(g-jsonFloat(v)) > 6 {
				t.Errorf("band %d pixel (%d,%d) = %v, GDAL decodes %v", b+1, p.X, p.Y, g, v)
			}
		}
	}
}

func checkBroken(t *testing.T, dir string) {
	var m struct {
		Files []brokenEntry `json:"files"`
	}
	readManifest(t, dir, &m)
	if len(m.Files) == 0 {
		t.Fatal("no broken files listed")
	}
	for _, e := range m.Files {
		t.Run(e.File, func(t *testing.T) {
			// Manifest names are relative to the corpus folder ("broken/x.tif").
			path := filepath.Join(dir, filepath.Base(e.File))
			if _, err := os.Stat(path); err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(path)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			f, err := Open(path)
			if err == nil {
				_, err = f.Describe(context.Background())
				f.Close()
			}
			runtime.ReadMemStats(&after)
			// Bounded by what the file could hold: its own size many times
			// over plus the fixed buffers of a read, never what a header claims.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*st.Size()+(8<<20)) {
				t.Errorf("%s: allocated %d bytes for a %d-byte file", e.File, alloc, st.Size())
			}
			if err == nil {
				t.Fatalf("%s (%s): no error", e.File, e.Description)
			}
			if !strings.Contains(err.Error(), filepath.Base(e.File)) {
				t.Errorf("error does not name the file: %v", err)
			}
			t.Logf("%s: %v", e.Defect, err)
		})
	}
}

func jsonFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		switch x {
		case "NaN":
			return math.NaN()
		case "Infinity":
			return math.Inf(1)
		case "-Infinity":
			return math.Inf(-1)
		}
	}
	return math.NaN()
}

func ptrString(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
