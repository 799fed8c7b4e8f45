package indices

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// The proof against numpy: testdata/numpy_indices.py evaluates the
// catalogue's own formula strings with numpy on the same inputs, and every
// catalogue index computed here must agree to a relative difference below
// 1e-5 on every finite pixel, with NaN in the same places (numpy's ±inf
// counting as NaN, our rule for division by zero and overflow).

// proofLetterBands is the deterministic choice of real Landsat 8 bands per
// catalogue letter, the same as LETTER_BANDS in numpy_indices.py.
var proofLetterBands = map[string]string{
	"A": "B1", "B": "B2", "G": "B3", "G1": "B3", "R": "B4",
	"N": "B5", "N2": "B5", "S1": "B6", "S2": "B7", "WV": "B9",
	"T": "B10", "T1": "B10", "T2": "B11",
	"VV": "B5", "VH": "B6", "HH": "B4", "HV": "B7",
}

// proofInterpolated lists the letters interpolated linearly in wavelength
// (nm) between two real bands, as INTERPOLATED in numpy_indices.py.
var proofInterpolated = map[string]struct {
	a, b      string
	xa, xb, x float64
}{
	"RE1": {"R", "N", 655, 865, 705},
	"RE2": {"R", "N", 655, 865, 740},
	"RE3": {"R", "N", 655, 865, 783},
	"Y":   {"G", "R", 560, 655, 605},
}

// proofOptions are the constants of the proof: the catalogue defaults, PAR
// = 1 and the Landsat 8 central wavelengths of bands.json.
func proofOptions(t testing.TB) *Options {
	w, err := Wavelengths("landsat8")
	if err != nil {
		t.Fatal(err)
	}
	w["PAR"] = 1
	return &Options{Constants: w}
}

var mtlLine = regexp.MustCompile(`(?m)^\s*(\w+)\s*=\s*(\S+)`)

// landsatStack reads the Landsat 8 DN files of dir and returns the stack of
// catalogue letters: reflectance float32(2e-5*DN - 0.1) for the reflective
// bands, brightness temperature K2/ln(K1/(ML*DN+AL)+1) in kelvin for B10 and
// B11 (constants from l8_MTL.txt), NaN for DN 0.
func landsatStack(t testing.TB, dir string) *raster.Stack {
	t.Helper()
	mtlText, err := os.ReadFile(filepath.Join(dir, "l8_MTL.txt"))
	if err != nil {
		t.Fatal(err)
	}
	mtl := map[string]float64{}
	for _, m := range mtlLine.FindAllStringSubmatch(string(mtlText), -1) {
		if v, err := strconv.ParseFloat(m[2], 64); err == nil {
			mtl[m[1]] = v
		}
	}
	ctx := context.Background()
	phys := map[string]*raster.Band{}
	for _, band := range proofLetterBands {
		if phys[band] != nil {
			continue
		}
		f, err := geotiff.Open(filepath.Join(dir, "l8_"+band+".tif"))
		if err != nil {
			t.Fatal(err)
		}
		dn, err := f.ReadBand(ctx, 0)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		num := band[1:]
		out := &raster.Band{Grid: dn.Grid, Name: band, Data: make([]float32, len(dn.Data))}
		for i, d := range dn.Data {
			v := float64(d)
			var p float64
			if num == "10" || num == "11" {
				l := mtl["RADIANCE_MULT_BAND_"+num]*v + mtl["RADIANCE_ADD_BAND_"+num]
				p = mtl["K2_CONSTANT_BAND_"+num] / math.Log(mtl["K1_CONSTANT_BAND_"+num]/l+1.0)
			} else {
				p = 2.0e-5*v - 0.1
			}
			if d == 0 {
				p = math.NaN()
			}
			out.Data[i] = float32(p)
		}
		phys[band] = out
	}
	s := &raster.Stack{Grid: phys["B4"].Grid}
	letters := map[string]*raster.Band{}
	for letter, band := range proofLetterBands {
		b := *phys[band]
		b.Name = letter
		letters[letter] = &b
	}
	for letter, ip := range proofInterpolated {
		a, b := letters[ip.a], letters[ip.b]
		out := &raster.Band{Grid: a.Grid, Name: letter, Data: make([]float32, len(a.Data))}
		w := (ip.x - ip.xa) / (ip.xb - ip.xa)
		for i := range out.Data {
			x, y := float64(a.Data[i]), float64(b.Data[i])
			out.Data[i] = float32(x + float64((y-x)*w))
		}
		letters[letter] = out
	}
	for _, name := range sortedKeys(letters) {
		if err := s.Add(letters[name]); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

type numpyMeta struct {
	Width, Height int
	Indices       []string
	Letters       []string
}

func readMeta(t testing.TB, path string) numpyMeta {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m numpyMeta
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// readF32 reads n little-endian float32 values.
func readF32(r io.Reader, n int) ([]float32, error) {
	buf := make([]byte, 4*n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
	}
	return out, nil
}

// relDiff is |a-b| / max(|a|, |b|), 0 when a == b.
func relDiff(a, b float32) float64 {
	if a == b {
		return 0
	}
	x, y := float64(a), float64(b)
	return math.Abs(x-y) / math.Max(math.Abs(x), math.Abs(y))
}

// compareWithNumpy computes every index on s and compares with numpy's
// outputs read from r in meta's order.
func compareWithNumpy(t *testing.T, s *raster.Stack, meta numpyMeta, r io.Reader) {
	t.Helper()
	if len(meta.Indices) != len(All()) {
		t.Fatalf("numpy evaluated %d indices, the catalogue has %d", len(meta.Indices), len(All()))
	}
	if s.Grid.Width != meta.Width || s.Grid.Height != meta.Height {
		t.Fatalf("numpy grid %dx%d, ours %dx%d", meta.Width, meta.Height, s.Grid.Width, s.Grid.Height)
	}
	opt := proofOptions(t)
	ctx := context.Background()
	n := s.Grid.Len()
	finite := 0
	for _, name := range meta.Indices {
		want, err := readF32(r, n)
		if err != nil {
			t.Fatalf("numpy output of %s: %v", name, err)
		}
		ix, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ix.Compile(opt)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, err := p.ComputeStack(ctx, s)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		bad, worst, where := 0, 0.0, -1
		for i, w := range want {
			g := got.Data[i]
			gn, wn := g != g, w != w
			if gn || wn {
				if gn != wn {
					bad++
					if where < 0 {
						where = i
					}
				}
				continue
			}
			finite++
			if d := relDiff(g, w); d >= 1e-5 {
				bad++
				if d > worst {
					worst, where = d, i
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s = %s: %d of %d pixels differ from numpy (worst relative difference %.3g; pixel %d: ours %v, numpy %v)",
				name, ix.Formula, bad, n, worst, where, got.Data[where], want[where])
		}
	}
	t.Logf("%d indices on %dx%d pixels: %d finite values agree with numpy", len(meta.Indices), meta.Width, meta.Height, finite)
}

// TestCatalogueAgainstNumpyGolden compares every index on the committed
// 48x48 crop (testdata/l8crop) with numpy's committed output, made by
//
//	/usr/bin/python3 testdata/numpy_indices.py catalogue testdata/l8crop /tmp/npgold
//	gzip -9 -c /tmp/npgold/outputs.f32 > testdata/numpy_golden.f32.gz
//	cp /tmp/npgold/meta.json testdata/numpy_golden.json
func TestCatalogueAgainstNumpyGolden(t *testing.T) {
	s := landsatStack(t, "testdata/l8crop")
	meta := readMeta(t, "testdata/numpy_golden.json")
	f, err := os.Open("testdata/numpy_golden.f32.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	compareWithNumpy(t, s, meta, zr)
}

// needOrSkip skips the test with msg, or fails it when CI=true.
func needOrSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// dataDir finds the shared data folder: $BORDERZONE_DATA (a relative value
// is tried from the package and from the module root, where CI's
// "../shared/data" is meant), else ../shared/data beside the checkout.
func dataDir() string {
	d := os.Getenv("BORDERZONE_DATA")
	if d == "" {
		return filepath.Join("..", "..", "shared", "data")
	}
	if _, err := os.Stat(d); err != nil && !filepath.IsAbs(d) {
		if fromRoot := filepath.Join("..", d); dirExists(fromRoot) {
			return fromRoot
		}
	}
	return d
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestCatalogueAgainstNumpyLive runs numpy_indices.py on the whole Landsat 8
// crop of the shared data and compares all 280 indices, and checks that the
// inputs numpy used are those this test derived.
func TestCatalogueAgainstNumpyLive(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		needOrSkip(t, "no %s: %v", py, err)
	}
	if err := exec.Command(py, "-c", "import numpy, rasterio").Run(); err != nil {
		needOrSkip(t, "%s lacks numpy or rasterio: %v", py, err)
	}
	dir := filepath.Join(dataDir(), "imagery", "landsat8_l1t_LC80200392015216LGN00")
	if _, err := os.Stat(filepath.Join(dir, "l8_B4.tif")); err != nil {
		needOrSkip(t, "Landsat 8 crop not found (set BORDERZONE_DATA): %v", err)
	}
	out := t.TempDir()
	cmd := exec.Command(py, "testdata/numpy_indices.py", "catalogue", dir, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("numpy_indices.py: %v\n%s", err, msg)
	}
	s := landsatStack(t, dir)
	meta := readMeta(t, filepath.Join(out, "meta.json"))

	in, err := os.Open(filepath.Join(out, "inputs.f32"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ir := bufio.NewReader(in)
	for _, letter := range meta.Letters {
		want, err := readF32(ir, s.Grid.Len())
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Band(letter)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			// Reflectances are bit-identical; brightness temperature may
			// differ in the last bit (math.Log against the C library's).
			if d := relDiff(b.Data[i], w); d > 1.2e-7 {
				t.Fatalf("input %s pixel %d: ours %v, numpy %v", letter, i, b.Data[i], w)
			}
		}
	}
	f, err := os.Open(filepath.Join(out, "outputs.f32"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	compareWithNumpy(t, s, meta, bufio.NewReaderSize(f, 1<<20))
}
