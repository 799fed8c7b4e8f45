package sensor

import (
	"context"
	"encoding/csv"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

var goldenProducts = map[string]string{
	"landsat5":      "testdata/landsat5_tm_LT52240631988227CUB02",
	"landsat8_l1t":  "testdata/landsat8_l1t_crop",
	"landsat8_c2l2": "testdata/landsat8_c2l2_crop",
}

// TestNumpyGolden compares the loaders with testdata/numpy_golden.csv: the same
// pixels computed by numpy from rasterio-read DN and the published formulas
// (testdata/make_numpy_golden.py), NaN in the same places.
func TestNumpyGolden(t *testing.T) {
	f, err := os.Open("testdata/numpy_golden.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	stacks := map[string]*raster.Stack{}
	for name, dir := range goldenProducts {
		p, err := OpenLandsat(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := p.ReadStack(context.Background(), nil, image.Rectangle{})
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		stacks[name] = st
	}
	checked, nans := 0, 0
	for _, r := range rows[1:] {
		b, err := stacks[r[0]].Band(r[1])
		if err != nil {
			t.Fatal(err)
		}
		c, _ := strconv.Atoi(r[2])
		rr, _ := strconv.Atoi(r[3])
		want, _ := strconv.ParseFloat(r[4], 64)
		got := float64(b.At(c, rr))
		switch {
		case math.IsNaN(want) || math.IsNaN(got):
			if math.IsNaN(want) != math.IsNaN(got) {
				t.Errorf("%s %s (%d,%d): got %g, numpy %g", r[0], r[1], c, rr, got, want)
			}
			nans++
		case math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)):
			t.Errorf("%s %s (%d,%d): got %.8g, numpy %.8g", r[0], r[1], c, rr, got, want)
		}
		checked++
	}
	if checked < 3000 || nans == 0 {
		t.Errorf("checked %d pixels, %d NaN", checked, nans)
	}
}

// TestNumpyGoldenLive reruns the golden script into a temporary copy and
// compares it with the committed file, so the golden stays what the script
// makes. It needs /usr/bin/python3 with numpy and rasterio.
func TestNumpyGoldenLive(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy, rasterio").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with numpy and rasterio is required when CI=true: %v", err)
		}
		t.Skip("python3 with numpy and rasterio not available")
	}
	tmp := t.TempDir()
	// The script writes beside itself: run a copy in a copy of testdata's inputs.
	for _, d := range []string{"landsat5_tm_LT52240631988227CUB02", "landsat8_l1t_crop", "landsat8_c2l2_crop"} {
		if err := os.Symlink(mustAbs(t, filepath.Join("testdata", d)), filepath.Join(tmp, d)); err != nil {
			t.Fatal(err)
		}
	}
	script, err := os.ReadFile("testdata/make_numpy_golden.py")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "make_numpy_golden.py"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(py, filepath.Join(tmp, "make_numpy_golden.py")).CombinedOutput(); err != nil {
		t.Fatalf("golden script: %v\n%s", err, out)
	}
	a, _ := os.ReadFile(filepath.Join(tmp, "numpy_golden.csv"))
	b, _ := os.ReadFile("testdata/numpy_golden.csv")
	if string(a) != string(b) {
		t.Error("testdata/numpy_golden.csv is not what make_numpy_golden.py makes now")
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// dataDir returns the shared data folder (env BORDERZONE_DATA, else
// ../../../shared/data from the package), skipping when absent unless CI=true.
func dataDir(t *testing.T) string {
	t.Helper()
	cands := []string{os.Getenv("BORDERZONE_DATA"), "../../../shared/data", "../../../../shared/data"}
	for _, c := range cands {
		if c == "" {
			continue
		}
		if st, err := os.Stat(filepath.Join(c, "imagery")); err == nil && st.IsDir() {
			return c
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared data not found (set BORDERZONE_DATA) and CI=true")
	}
	t.Skip("shared data not found; set BORDERZONE_DATA")
	return ""
}

// TestFullC2L2Mask opens the whole downsampled C2 L2 scene (MTL.txt chosen over
// MTL.json) and checks the clouds,shadow mask against the QA_PIXEL value counts
// (numpy.unique over the full band), decoded by hand as in qaCropCounts: fill
// (value 1) 124772; masked = 73833 (22280) + 813 (23826) + 2497 (23888) +
// 2909 (24082) + 634 (24144) + 440 (29986) + 1178 (30242) + 1274 (55052) =
// 83578; kept = 52484 (30048) + 1310 (30304) = 53794; clear fraction
// 53794/137372 = 0.39159.
func TestFullC2L2Mask(t *testing.T) {
	dir := filepath.Join(dataDir(t), "imagery/landsat8_c2l2_LC08_L2SP_005009_20150710")
	conds, _ := ParseConditions("clouds,shadow")
	p, err := Open(dir, &Options{Mask: conds})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	m, err := p.Mask(context.Background(), conds, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	if k, ms, f := m.Counts(); k != 53794 || ms != 83578 || f != 124772 {
		t.Errorf("keep/masked/fill %d/%d/%d, want 53794/83578/124772", k, ms, f)
	}
	if got := m.ClearFraction(); math.Abs(got-53794.0/137372) > 1e-12 {
		t.Errorf("clear fraction %g", got)
	}
	// Scene pixel (256, 256): ST 257.08463 K is under cloud (QA 22280) → NaN when masked.
	src, _ := p.Source("T1")
	b, err := src.ReadWindow(context.Background(), 0, image.Rect(256, 256, 257, 257))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(b.Data[0])) {
		t.Errorf("cloudy pixel not masked: %g", b.Data[0])
	}
}

// countingSource records the windows read from a Source.
type countingSource struct {
	raster.Source
	mu     sync.Mutex
	pixels int
}

func (c *countingSource) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	c.mu.Lock()
	c.pixels += win.Dx() * win.Dy()
	c.mu.Unlock()
	return c.Source.ReadWindow(ctx, band, win)
}

// TestFullSentinel2Windowed loads the whole Sentinel-2 set (B12 at 200 m onto
// the 100 m grid) and checks that reading a 64 × 64 window of the resampled
// B12 reads only a small window of the source, not the band.
func TestFullSentinel2Windowed(t *testing.T) {
	dir := filepath.Join(dataDir(t), "imagery/sentinel2_l2a_S2A_29RKH_20200219")
	p, err := OpenSentinel2(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Grid.Width != 1098 || p.Sentinel2Baseline != "02.14" || p.Name != "S2A_MSIL2A_20200219T112111_N0214_R037_T29RKH_20200219T123947" {
		t.Fatalf("grid %v baseline %s name %s", p.Grid, p.Sentinel2Baseline, p.Name)
	}
	rs := p.sources["S2"].(*resampled)
	cs := &countingSource{Source: rs.src}
	rs.src = cs
	b, err := rs.ReadWindow(context.Background(), 0, image.Rect(500, 500, 564, 564))
	if err != nil {
		t.Fatal(err)
	}
	if cs.pixels == 0 || cs.pixels > 40*40 {
		t.Errorf("a 64×64 window at 100 m read %d source pixels at 200 m (want about 33×33)", cs.pixels)
	}
	// The crop test checks values against gdalwarp; here the window must agree
	// with the whole-band read of the same pixels.
	whole, err := p.ReadStack(context.Background(), []string{"S2"}, image.Rect(490, 490, 580, 580))
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < 64; r++ {
		for c := 0; c < 64; c++ {
			if a, w := b.At(c, r), whole.Bands[0].At(c+10, r+10); a != w {
				t.Fatalf("(%d,%d): window %g, larger window %g", c, r, a, w)
			}
		}
	}
}

// TestGDALGoldenLive reruns testdata/sentinel2_crop/make_golden.sh (gdalwarp
// and numpy) on a copy of the crop and compares its output with the committed
// b12_bilinear_golden.csv. It needs gdalwarp and python3 with rasterio.
func TestGDALGoldenLive(t *testing.T) {
	if _, err := exec.LookPath("gdalwarp"); err != nil || exec.Command("/usr/bin/python3", "-c", "import numpy, rasterio").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gdalwarp and python3 with numpy and rasterio are required when CI=true")
		}
		t.Skip("gdalwarp or python3 with rasterio not available")
	}
	tmp := t.TempDir()
	for _, n := range []string{"B04.tif", "B12.tif", "make_golden.sh"} {
		data, err := os.ReadFile(filepath.Join("testdata/sentinel2_crop", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, n), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("sh", filepath.Join(tmp, "make_golden.sh")).CombinedOutput(); err != nil {
		t.Fatalf("make_golden.sh: %v\n%s", err, out)
	}
	a, _ := os.ReadFile(filepath.Join(tmp, "b12_bilinear_golden.csv"))
	b, _ := os.ReadFile("testdata/sentinel2_crop/b12_bilinear_golden.csv")
	if len(a) == 0 || string(a) != string(b) {
		t.Error("b12_bilinear_golden.csv is not what make_golden.sh makes now")
	}
}
