package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/indices/sensor"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/zones"
)

// shared is one generated scene that several tests read (Size 240).
var shared struct {
	once sync.Once
	dir  string
	t    *Truth
	err  error
}

const testSize = 240

func sharedScene(t *testing.T) *Truth {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "khorgos-sim-")
		if shared.err != nil {
			return
		}
		shared.t, shared.err = Generate(context.Background(), shared.dir, Options{Size: testSize, Seed: 3})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.t
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	ta, err := Generate(ctx, a, Options{Size: 200, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	tb, err := Generate(ctx, b, Options{Size: 200, Seed: 9})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := readAll(t, a), readAll(t, b)
	if len(fa) != 27 { // 2 x (6 SR + ST + QA + MTL) + README + 4 truth maps with .aux.xml
		t.Errorf("%d files written, want 27", len(fa))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between runs on %d and 1 cores", name, prev)
		}
	}
	for i := range ta.Scenes {
		if !equalU16(ta.Scenes[i].Cover.Data, tb.Scenes[i].Cover.Data) || !equalU16(ta.Scenes[i].Cloud.Data, tb.Scenes[i].Cloud.Data) {
			t.Errorf("%d: truth differs between runs", ta.Scenes[i].Year)
		}
	}
	// Another seed gives another scene.
	if _, err := Generate(ctx, c, Options{Size: 200, Seed: 10}); err != nil {
		t.Fatal(err)
	}
	fc := readAll(t, c)
	same := 0
	for name, data := range fa {
		if bytes.Equal(data, fc[name]) {
			same++
		}
	}
	if same > 2+4 { // MTL files and the truth maps' .aux.xml do not depend on the seed
		t.Errorf("%d files identical for seeds 9 and 10", same)
	}
}

func equalU16(a, b []uint16) bool {
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

// TestSensorRoundTrip opens each date with indices/sensor and checks the
// letters, the metadata and that the physical values are the DN of the files
// under the Collection 2 scaling (read independently with raster/geotiff).
func TestSensorRoundTrip(t *testing.T) {
	tr := sharedScene(t)
	ctx := context.Background()
	want := map[int]sensor.Platform{2014: sensor.Landsat8, 2024: sensor.Landsat9}
	files := map[string]string{"B": "SR_B2", "G": "SR_B3", "R": "SR_B4", "N": "SR_B5", "S1": "SR_B6", "S2": "SR_B7", "T1": "ST_B10"}
	for _, s := range tr.Scenes {
		p, err := sensor.Open(s.Dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Platform != want[s.Year] || p.Level != sensor.LevelL2 || p.Name != ProductID(s.Year) {
			t.Errorf("%d: opened as %s %s %q", s.Year, p.Platform, p.Level, p.Name)
		}
		if p.Grid.Match(tr.Grid) != nil {
			t.Errorf("%d: product grid %v, truth grid %v", s.Year, p.Grid, tr.Grid)
		}
		if p.Quality != sensor.QualityQAPixel {
			t.Errorf("%d: quality band %v", s.Year, p.Quality)
		}
		if p.Metadata.Acquired.Year() != s.Year || p.Metadata.SunElevation < 50 {
			t.Errorf("%d: metadata %v, sun elevation %g", s.Year, p.Metadata.Acquired, p.Metadata.SunElevation)
		}
		letters := []string{"B", "G", "R", "N", "S1", "S2", "T1"}
		st, err := p.ReadStack(ctx, letters, tr.Grid.Rect())
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range letters {
			path := filepath.Join(s.Dir, ProductID(s.Year)+"_"+files[l]+".TIF")
			f, err := geotiff.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			dn, err := f.ReadWindow(ctx, 0, tr.Grid.Rect())
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.Band(l)
			if err != nil {
				t.Fatalf("%d: %v", s.Year, err)
			}
			mult, add := SRMult, SRAdd
			if l == "T1" {
				mult, add = STMult, STAdd
			}
			for i, v := range got.Data {
				exp := mult*float64(dn.Data[i]) + add
				if math.Abs(float64(v)-exp) > 1e-4*math.Max(1, math.Abs(exp)) {
					t.Fatalf("%d %s pixel %d: sensor %g, DN %g gives %g", s.Year, l, i, v, dn.Data[i], exp)
				}
			}
		}
		p.Close()
	}
}

// TestSensorReadsPhysical renders a scene keeping the reflectance and
// temperature before quantisation, writes it, and checks that sensor.Open's
// letters B, G, R, N, S1, S2 and T1 read them back to within half a DN.
func TestSensorReadsPhysical(t *testing.T) {
	ctx := context.Background()
	w, err := newWorld(ctx, Options{Size: 200, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	w.keepPhys = true
	lib, err := library()
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dates {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(d.year))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cl := w.clouds(i, d)
		img := w.render(lib, i, cl)
		if err := writeProduct(dir, d, w.grid, img); err != nil {
			t.Fatal(err)
		}
		p, err := sensor.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		letters := []string{"B", "G", "R", "N", "S1", "S2", "T1"}
		st, err := p.ReadStack(ctx, letters, w.grid.Rect())
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		for b, l := range letters {
			tol := SRMult/2 + 1e-6 // half a DN, and float32 rounding of the read value
			if l == "T1" {
				tol = STMult/2 + 1e-4
			}
			worst := 0.0
			for j, v := range st.Bands[b].Data {
				worst = math.Max(worst, math.Abs(float64(v)-img.phys[b][j]))
			}
			if worst > tol {
				t.Errorf("%d %s: largest difference %g between sensor and the generator's values (tolerance %g)", d.year, l, worst, tol)
			}
		}
	}
}

func TestQuantisation(t *testing.T) {
	for _, r := range []float64{0.001, 0.0312, 0.25, 0.5, 0.9} {
		back := SRMult*float64(srDN(r)) + SRAdd
		if math.Abs(back-r) > SRMult/2+1e-12 {
			t.Errorf("reflectance %g reads back %g", r, back)
		}
	}
	for _, k := range []float64{270, 301.25, 330} {
		back := STMult*float64(stDN(k)) + STAdd
		if math.Abs(back-k) > STMult/2+1e-9 {
			t.Errorf("%g K reads back %g", k, back)
		}
	}
	if srDN(-1) != 1 || srDN(5) != 65535 {
		t.Errorf("out-of-range reflectance not clamped to 1..65535: %d %d", srDN(-1), srDN(5))
	}
}

// TestClassSpectra checks that the pixels of each truth class carry the
// library's spectra: the mean clear-sky reflectance of a class is within 15 %
// (or 0.01) of the library mean, and its temperature within 2 K.
func TestClassSpectra(t *testing.T) {
	tr := sharedScene(t)
	lib, err := library()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := tr.Scenes[1]
	p, err := sensor.Open(s.Dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	letters := []string{"B", "G", "R", "N", "S1", "S2", "T1"}
	st, err := p.ReadStack(ctx, letters, tr.Grid.Rect())
	if err != nil {
		t.Fatal(err)
	}
	for code := Water; code <= Solar; code++ {
		var sum [7]float64
		cnt := 0
		for i, c := range s.Cover.Data {
			if c != code || s.Cloud.Data[i] != Clear {
				continue
			}
			cnt++
			for b := range letters {
				sum[b] += float64(st.Bands[b].Data[i])
			}
		}
		if cnt < 50 {
			t.Errorf("class %d: only %d clear pixels", code, cnt)
			continue
		}
		var ref [7]float64
		for _, r := range lib[code] {
			for b := 0; b < 6; b++ {
				ref[b] += r.Reflectance[b] / float64(len(lib[code]))
			}
			ref[6] += r.Kelvin / float64(len(lib[code]))
		}
		for b := range letters {
			m := sum[b] / float64(cnt)
			tol := math.Max(0.15*ref[b], 0.01)
			if b == 6 {
				tol = 2
			}
			if math.Abs(m-ref[b]) > tol {
				t.Errorf("class %d band %s: scene mean %.4f, library mean %.4f", code, letters[b], m, ref[b])
			}
		}
	}
}

func TestQAMaskIsTruth(t *testing.T) {
	tr := sharedScene(t)
	conds, err := sensor.ParseConditions("cloud,shadow")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tr.Scenes {
		p, err := sensor.Open(s.Dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := p.Mask(context.Background(), conds, tr.Grid.Rect())
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i, st := range m.Data {
			masked := st == sensor.Masked
			if masked != (s.Cloud.Data[i] != Clear) || st == sensor.Fill {
				t.Fatalf("%d pixel %d: mask state %v, truth %d", s.Year, i, st, s.Cloud.Data[i])
			}
			if masked {
				n++
			}
		}
		f := float64(n) / float64(len(m.Data))
		if f < 0.01 || f > 0.12 {
			t.Errorf("%d: cloud and shadow cover %.3f of the scene, want a few percent", s.Year, f)
		}
	}
}

// TestBuiltUpObservable checks that no cloud or shadow falls on built-up
// land of either date, so the expansion truth can be seen in both scenes,
// and that the truth maps written to dir/truth read back.
func TestBuiltUpObservable(t *testing.T) {
	tr := sharedScene(t)
	c14, c24 := tr.Scenes[0].Cover.Data, tr.Scenes[1].Cover.Data
	for i := range c14 {
		if c14[i] != BuiltUp && c24[i] != BuiltUp {
			continue
		}
		if tr.Scenes[0].Cloud.Data[i] != Clear || tr.Scenes[1].Cloud.Data[i] != Clear {
			t.Fatalf("pixel %d: built-up under cloud or shadow (2014 %d, 2024 %d)", i, tr.Scenes[0].Cloud.Data[i], tr.Scenes[1].Cloud.Data[i])
		}
	}
	for _, s := range tr.Scenes {
		for name, want := range map[string]*raster.Labels{"cover": s.Cover, "cloud": s.Cloud} {
			f, err := geotiff.Open(filepath.Join(shared.dir, "truth", name+"_"+fmt.Sprint(s.Year)+".tif"))
			if err != nil {
				t.Fatal(err)
			}
			b, err := f.ReadWindow(context.Background(), 0, tr.Grid.Rect())
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range b.Data {
				if uint16(v) != want.Data[i] {
					t.Fatalf("truth/%s_%d.tif pixel %d: %g, want %d", name, s.Year, i, v, want.Data[i])
				}
			}
		}
	}
}

// sides returns, per pixel, true in China, from the border computed here
// independently with zones.
func sides(t *testing.T, g raster.Grid) []bool {
	t.Helper()
	b, err := zones.ReadBorder(bytes.NewReader(BorderLineGeoJSON), "border")
	if err != nil {
		t.Fatal(err)
	}
	set, err := zones.Read(bytes.NewReader(CountriesGeoJSON), "iso_a3")
	if err != nil {
		t.Fatal(err)
	}
	sd, err := zones.SidesFromSet(set, "KAZ", "CHN") // the other way round from Generate
	if err != nil {
		t.Fatal(err)
	}
	d, err := zones.SignedDistance(context.Background(), g, b, sd)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]bool, len(d.Data))
	for i, v := range d.Data {
		out[i] = v > 0
	}
	return out
}

func fractions(l *raster.Labels, china []bool) (cn, kz [NumClasses + 1]float64) {
	var ncn, nkz float64
	for i, c := range l.Data {
		if china[i] {
			cn[c]++
			ncn++
		} else {
			kz[c]++
			nkz++
		}
	}
	for c := range cn {
		cn[c] /= ncn
		kz[c] /= nkz
	}
	return cn, kz
}

func TestSideDesign(t *testing.T) {
	tr := sharedScene(t)
	china := sides(t, tr.Grid)
	ncn := 0
	for _, c := range china {
		if c {
			ncn++
		}
	}
	if f := float64(ncn) / float64(len(china)); f < 0.3 || f > 0.7 {
		t.Fatalf("China covers %.2f of the scene; the grid should straddle the border", f)
	}
	cn14, kz14 := fractions(tr.Scenes[0].Cover, china)
	cn24, kz24 := fractions(tr.Scenes[1].Cover, china)
	t.Logf("China 2014 %.3f\nKazakhstan 2014 %.3f\nChina 2024 %.3f\nKazakhstan 2024 %.3f", cn14[1:], kz14[1:], cn24[1:], kz24[1:])
	check := func(ok bool, what string) {
		if !ok {
			t.Error(what)
		}
	}
	for _, y := range []struct {
		cn, kz [NumClasses + 1]float64
		year   int
	}{{cn14, kz14, 2014}, {cn24, kz24, 2024}} {
		check(y.cn[Cropland]+y.cn[Trees] > 2*(y.kz[Cropland]+y.kz[Trees]), "cropland and trees should be at least twice as common in China")
		check(y.kz[Steppe] > 0.5 && y.kz[Steppe] > 2*y.cn[Steppe], "steppe should dominate Kazakhstan")
		check(y.cn[BuiltUp] > y.kz[BuiltUp] && y.kz[BuiltUp] > 0, "built-up on both sides, more in China")
		check(y.cn[Water] > 0 && y.kz[Water] > 0, "water on both sides")
		check(y.kz[Solar] == 0, "no solar farm in Kazakhstan")
	}
	check(cn14[Solar] == 0 && cn24[Solar] > 0, "the solar farm appears in China by 2024")
	check(cn24[Trees] > 1.3*cn14[Trees], "greening: trees in China grow by more than 30 %")
	check(cn24[BuiltUp] > cn14[BuiltUp] && kz24[BuiltUp] > kz14[BuiltUp], "built-up grows on both sides")
	// No built-up pixel is lost.
	for i, c := range tr.Scenes[0].Cover.Data {
		if c == BuiltUp && tr.Scenes[1].Cover.Data[i] != BuiltUp {
			t.Fatalf("pixel %d: built-up in 2014 but not in 2024", i)
		}
	}
}

// TestExpansionMatchesClassify applies classify's landscape expansion index
// (written independently) to the two truth maps and compares with the
// construction, for several buffer widths.
func TestExpansionMatchesClassify(t *testing.T) {
	tr := sharedScene(t)
	for _, k := range []string{KindInfilling, KindEdge, KindOutlying} {
		if tr.Expansion[k].Patches < 1 {
			t.Errorf("no %s patch was built at size %d", k, testSize)
		}
	}
	for _, width := range []float64{0, 1, 30, 60, 90} {
		e, err := classify.UrbanExpansion(context.Background(), tr.Scenes[0].Cover, tr.Scenes[1].Cover,
			classify.ExpansionOptions{BuiltUp: BuiltUp, BufferWidth: width})
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range []classify.ExpansionType{classify.Infilling, classify.EdgeExpansion, classify.Outlying} {
			want := tr.Expansion[typ.String()]
			if e.Count[typ] != want.Patches || math.Abs(e.Hectares[typ]-float64(want.Pixels)*0.09) > 1e-6 {
				t.Errorf("buffer %g m, %s: classify finds %d patches, %.2f ha; construction %d patches, %d pixels",
					width, typ, e.Count[typ], e.Hectares[typ], want.Patches, want.Pixels)
			}
		}
		if e.Count[classify.Undetermined] != 0 {
			t.Errorf("buffer %g m: %d undetermined patches", width, e.Count[classify.Undetermined])
		}
		for _, p := range e.Patches {
			if p.Pixels < 20 {
				t.Errorf("patch %d has %d pixels; new patches should be at least 20", p.ID, p.Pixels)
			}
		}
	}
}

func TestDefaultSizeExpansion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 1000 x 1000 truth")
	}
	w, err := newWorld(context.Background(), Options{Size: DefaultSize, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("expansion at the default size: %v", w.expansion)
	perSide := map[string][2]int{}
	for _, p := range w.patches {
		s := perSide[p.kind]
		s[w.sideOf(p.x0, p.y0)]++
		perSide[p.kind] = s
	}
	t.Logf("patches per side (China, Kazakhstan): %v", perSide)
	china := sides(t, w.grid)
	for i, c := range w.cover {
		cn, kz := fractions(c, china)
		t.Logf("%d class fractions 1..7: China %.3f, Kazakhstan %.3f", dates[i].year, cn[1:], kz[1:])
		cl := w.clouds(i, dates[i])
		var k [3]int
		for _, v := range cl.Data {
			k[v]++
		}
		fc, fs := float64(k[Cloud])/float64(len(cl.Data)), float64(k[CloudShadow])/float64(len(cl.Data))
		t.Logf("%d: cloud %.4f, shadow %.4f", dates[i].year, fc, fs)
		if fc < 0.01 || fc > 0.08 || fs < 0.005 || fs > 0.08 {
			t.Errorf("%d: cloud %.4f and shadow %.4f of the scene; want a few percent", dates[i].year, fc, fs)
		}
	}
	for _, k := range []string{KindInfilling, KindEdge, KindOutlying} {
		if w.expansion[k].Patches < 5 {
			t.Errorf("%s: %d patches at the default size, want at least 5", k, w.expansion[k].Patches)
		}
	}
	e, err := classify.UrbanExpansion(context.Background(), w.cover[0], w.cover[1], classify.ExpansionOptions{BuiltUp: BuiltUp})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []classify.ExpansionType{classify.Infilling, classify.EdgeExpansion, classify.Outlying} {
		if e.Count[typ] != w.expansion[typ.String()].Patches {
			t.Errorf("%s: classify %d, construction %d", typ, e.Count[typ], w.expansion[typ.String()].Patches)
		}
	}
}

func TestTraining(t *testing.T) {
	tr := sharedScene(t)
	china := sides(t, tr.Grid)
	for _, s := range tr.Scenes {
		if s.Training.CRS.EPSG != EPSG {
			t.Errorf("%d: training CRS %v", s.Year, s.Training.CRS)
		}
		perClass := map[uint16]int{}
		perSide := map[uint16][2]int{}
		for _, z := range s.Training.Zones {
			code, ok := z.Properties["class"].(float64)
			name, _ := z.Properties["name"].(string)
			if !ok || code < 1 || code > NumClasses || name != classes[int(code)-1].Name {
				t.Fatalf("%d zone %s: properties %v", s.Year, z.ID, z.Properties)
			}
			b := z.Geometry.Bound()
			c0, r0, _ := tr.Grid.PixelOf(b.Min[0], b.Max[1])
			c1, r1, _ := tr.Grid.PixelOf(b.Max[0], b.Min[1])
			if c1-c0 < 3 || r1-r0 < 3 {
				t.Errorf("%d zone %s is %gx%g pixels", s.Year, z.ID, c1-c0, r1-r0)
			}
			for r := int(math.Round(r0)); r < int(math.Round(r1)); r++ {
				for c := int(math.Round(c0)); c < int(math.Round(c1)); c++ {
					i := r*tr.Grid.Width + c
					if s.Cover.Data[i] != uint16(code) || s.Cloud.Data[i] != Clear {
						t.Fatalf("%d zone %s: pixel (%d,%d) is class %d, cloud %d", s.Year, z.ID, c, r, s.Cover.Data[i], s.Cloud.Data[i])
					}
				}
			}
			cc, rr := int((c0+c1)/2), int((r0+r1)/2)
			ps := perSide[uint16(code)]
			if china[rr*tr.Grid.Width+cc] {
				ps[0]++
			} else {
				ps[1]++
			}
			perSide[uint16(code)] = ps
			perClass[uint16(code)]++
		}
		for code := Water; code <= Solar; code++ {
			n := perClass[code]
			switch {
			case code == Solar && s.Year == 2014:
				if n != 0 {
					t.Errorf("2014: %d solar polygons, but there is no solar farm yet", n)
				}
			case n < 2:
				t.Errorf("%d: %d polygons of class %d", s.Year, n, code)
			}
		}
		for _, code := range []uint16{Water, BuiltUp, Cropland, Steppe, Bare} {
			if ps := perSide[code]; ps[0] == 0 || ps[1] == 0 {
				t.Errorf("%d class %d: polygons per side (China, Kazakhstan) %v", s.Year, code, ps)
			}
		}
	}
}

func TestSpectraLibrary(t *testing.T) {
	rows, err := ParseSpectra(bytes.NewReader(SpectraCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(SpectraCSV) > 300<<10 {
		t.Errorf("spectra.csv is %d bytes", len(SpectraCSV))
	}
	mean := map[string][7]float64{}
	count := map[string]int{}
	for _, r := range rows {
		m := mean[r.Class]
		for b := 0; b < 6; b++ {
			m[b] += r.Reflectance[b]
		}
		m[6] += r.Kelvin
		mean[r.Class] = m
		count[r.Class]++
	}
	for _, c := range LibraryClasses {
		if count[c] < 100 {
			t.Errorf("class %s: %d rows", c, count[c])
		}
		m := mean[c]
		for b := range m {
			m[b] /= float64(count[c])
		}
		mean[c] = m
	}
	// Physical plausibility (independent of the library): vegetation has
	// NDVI > 0.5, water is dark in NIR, bare soil is bright in red.
	ndvi := func(m [7]float64) float64 { return (m[3] - m[2]) / (m[3] + m[2]) }
	if ndvi(mean["trees"]) < 0.5 || ndvi(mean["cropland"]) < 0.5 {
		t.Errorf("vegetation NDVI: trees %.2f cropland %.2f", ndvi(mean["trees"]), ndvi(mean["cropland"]))
	}
	if mean["water"][3] > 0.06 || mean["bare"][2] < 0.2 {
		t.Errorf("water NIR %.3f, bare red %.3f", mean["water"][3], mean["bare"][2])
	}
	// Each class's mean spectrum is distinct from every other.
	var names []string
	for c := range mean {
		names = append(names, c)
	}
	sort.Strings(names)
	for i, a := range names {
		for _, b := range names[i+1:] {
			d := 0.0
			for k := 0; k < 6; k++ {
				d += (mean[a][k] - mean[b][k]) * (mean[a][k] - mean[b][k])
			}
			if math.Sqrt(d) < 0.03 {
				t.Errorf("mean spectra of %s and %s are %.4f apart", a, b, math.Sqrt(d))
			}
		}
	}
	// Bad libraries are errors naming the line.
	for _, bad := range []string{
		"class,scene\nwater,x\n",
		"class,scene,row,col,blue,green,red,nir,swir1,swir2,kelvin,note\nfoo,s,1,2,0.1,0.1,0.1,0.1,0.1,0.1,300,\n",
		"class,scene,row,col,blue,green,red,nir,swir1,swir2,kelvin,note\nwater,s,1,2,0.1,0.1,x,0.1,0.1,0.1,300,\n",
		"class,scene,row,col,blue,green,red,nir,swir1,swir2,kelvin,note\nwater,s,1,2,0.1,0.1,0.1,0.1,0.1,0.1,900,\n",
	} {
		if _, err := ParseSpectra(bytes.NewReader([]byte(bad))); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, size := range []int{-1, 1, 199, 4001} {
		if _, err := Generate(ctx, dir, Options{Size: size}); err == nil {
			t.Errorf("size %d: no error", size)
		}
	}
	if _, err := Generate(ctx, "", Options{Size: 200}); err == nil {
		t.Error("empty folder: no error")
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, file, Options{Size: 200}); err == nil {
		t.Error("a file as the folder: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Generate(cctx, t.TempDir(), Options{Size: 200}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func BenchmarkGenerateDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Generate(context.Background(), b.TempDir(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSizesAndSeeds builds the truth at several sizes and seeds and checks
// that every expansion type is present and that classify agrees with the
// construction.
func TestSizesAndSeeds(t *testing.T) {
	ctx := context.Background()
	for _, c := range []Options{{Size: 200, Seed: 2}, {Size: 333, Seed: 3}, {Size: 777, Seed: 4}} {
		w, err := newWorld(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		e, err := classify.UrbanExpansion(ctx, w.cover[0], w.cover[1], classify.ExpansionOptions{BuiltUp: BuiltUp, BufferWidth: 60})
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range []classify.ExpansionType{classify.Infilling, classify.EdgeExpansion, classify.Outlying} {
			want := w.expansion[typ.String()]
			if want.Patches < 1 || e.Count[typ] != want.Patches {
				t.Errorf("size %d seed %d %s: construction %d patches, classify %d", c.Size, c.Seed, typ, want.Patches, e.Count[typ])
			}
		}
		for i, d := range dates {
			set, err := w.training(i, w.clouds(i, d))
			if err != nil {
				t.Fatal(err)
			}
			n := map[float64]int{}
			for _, z := range set.Zones {
				n[z.Properties["class"].(float64)]++
			}
			for code := Water; code <= Solar; code++ {
				if n[float64(code)] < 2 && !(code == Solar && d.year == 2014) {
					t.Errorf("size %d seed %d, %d: %d training polygons of class %d", c.Size, c.Seed, d.year, n[float64(code)], code)
				}
			}
		}
	}
}
