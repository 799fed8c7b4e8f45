package sensor

import (
	"context"
	"encoding/csv"
	"image"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/borderzone/borderzone/indices/thermal"
)

func near(t *testing.T, what string, got float32, want, tol float64) {
	t.Helper()
	if math.IsNaN(float64(got)) || math.Abs(float64(got)-want) > tol {
		t.Errorf("%s = %.7g, want %.7g (±%g)", what, got, want, tol)
	}
}

// pixel reads one pixel of a letter through the product loader.
func pixel(t *testing.T, p *Product, letter string, col, row int) float32 {
	t.Helper()
	src, err := p.Source(letter)
	if err != nil {
		t.Fatal(err)
	}
	b, err := src.ReadWindow(context.Background(), 0, image.Rect(col, row, col+1, row+1))
	if err != nil {
		t.Fatal(err)
	}
	return b.Data[0]
}

// TestLandsat8Level1 loads the pre-collection L1T crop (l8_*.tif renamed files,
// MTL naming LC80200392015216LGN00_*.TIF) and checks pixel (100, 100).
//
// Worked by hand from l8_MTL.txt (Landsat 8 Data Users Handbook §5.1–5.3), DN read
// with rasterio: B10 = 24628, B4 = 6784, B5 = 12879.
//
//	L10 = 3.3420e-4 · 24628 + 0.1 = 8.3306776 W/(m²·sr·µm)
//	K1/L = 774.8853 / 8.3306776 = 93.015879
//	BT = 1321.0789 / ln(94.015879) = 290.76471 K
//	sin(64.74360932°) = 0.90440756
//	ρ4 = (2e-5 · 6784 − 0.1) / 0.90440756 = 0.039451240
//	ρ5 = (2e-5 · 12879 − 0.1) / 0.90440756 = 0.17423561
func TestLandsat8Level1(t *testing.T) {
	p, err := OpenLandsat("testdata/landsat8_l1t_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Platform != Landsat8 || p.Level != LevelL1 || p.Quality != QualityBQA {
		t.Errorf("platform %s level %s quality %s", p.Platform, p.Level, p.Quality)
	}
	if got := p.Letters(); len(got) != 4 || got[0] != "N" || got[1] != "N2" || got[2] != "R" || got[3] != "T1" {
		t.Errorf("letters %v, want [N N2 R T1]", got)
	}
	near(t, "BT B10", pixel(t, p, "T1", 100, 100), 290.76471, 2e-4)
	near(t, "ρ B4", pixel(t, p, "R", 100, 100), 0.039451240, 1e-7)
	near(t, "ρ B5", pixel(t, p, "nir08", 100, 100), 0.17423561, 1e-6)
	b, _ := p.Band("T1")
	if b.Unit != "kelvin" || b.Band != "B10" {
		t.Errorf("T1 band %+v", b)
	}
}

// TestLandsat8Level2 loads the C2 L2 crop from its MTL.json alone (rows and
// columns 128–383 of the downsampled scene) and checks scene pixel (256, 256) =
// crop (128, 128): ST_B10 DN 31622, SR_B4 DN 39728 (rasterio).
//
//	ST = 0.00341802 · 31622 + 149.0 = 257.08463 K  (LEVEL2_SURFACE_TEMPERATURE_PARAMETERS)
//	SR = 2.75e-5 · 39728 − 0.2 = 0.89252            (LEVEL2_SURFACE_REFLECTANCE_PARAMETERS)
func TestLandsat8Level2(t *testing.T) {
	p, err := Open("testdata/landsat8_c2l2_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Level != LevelL2 || p.Quality != QualityQAPixel || p.Name != "LC08_L2SP_005009_20150710_20200908_02_T2" {
		t.Errorf("level %s quality %s name %s", p.Level, p.Quality, p.Name)
	}
	near(t, "ST_B10", pixel(t, p, "T1", 128, 128), 257.08463, 1e-4)
	near(t, "SR_B4", pixel(t, p, "R", 128, 128), 0.89252, 1e-6)
	if _, err := p.Source("T2"); err == nil {
		t.Error("a Level-2 product has no B11")
	}
	st, err := p.ReadStack(context.Background(), []string{"R", "N", "T1"}, image.Rect(120, 120, 130, 130))
	if err != nil {
		t.Fatal(err)
	}
	if names := st.Names(); names[0] != "R" || names[2] != "T1" || st.Grid.Width != 10 {
		t.Errorf("stack names %v, grid %v", names, st.Grid)
	}
	near(t, "stack ST_B10", st.Bands[2].At(8, 8), 257.08463, 1e-4)
}

// qaCropCounts are the QA_PIXEL values of the C2 L2 crop with their counts
// (numpy.unique), decoded by hand from the bit layout of the Landsat 8-9 C2 L2
// Science Product Guide (LSDS-1619, Table 6-3). Flags: f fill(0) d dilated(1)
// c cloud(3) s shadow(4) n snow(5) k clear(6); conf = cloud confidence bits 8–9.
var qaCropCounts = []struct {
	value, count int
	flags        string
	cloudConf    Confidence
}{
	{22280, 39275, "c", 3},  // 0x5708: bit 3; bits 8–9 = 11
	{23826, 440, "ds", 1},   // 0x5D12: bits 1, 4; bits 8–9 = 01
	{23888, 1521, "sk", 1},  // 0x5D50: bits 4, 6
	{24082, 1635, "ds", 2},  // 0x5E12: bits 1, 4; bits 8–9 = 10
	{24144, 352, "sk", 2},   // 0x5E50: bits 4, 6; bits 8–9 = 10
	{29986, 272, "dn", 1},   // 0x7522: bits 1, 5
	{30048, 20406, "nk", 1}, // 0x7560: bits 5, 6
	{30242, 692, "dn", 2},   // 0x7622: bits 1, 5; bits 8–9 = 10
	{30304, 803, "nk", 2},   // 0x7660: bits 5, 6; bits 8–9 = 10
	{55052, 140, "c", 3},    // 0xD70C: bits 2, 3; bits 8–9 = 11
}

func TestQAPixelDecoding(t *testing.T) {
	bits := map[byte]QAPixel{'f': QAFill, 'd': QADilatedCloud, 'c': QACloud, 's': QACloudShadow, 'n': QASnow, 'k': QAClear}
	for _, c := range qaCropCounts {
		q := QAPixel(c.value)
		var want QAPixel
		for i := 0; i < len(c.flags); i++ {
			want |= bits[c.flags[i]]
		}
		if got := q & (QAFill | QADilatedCloud | QACloud | QACloudShadow | QASnow | QAClear); got != want {
			t.Errorf("%d: flags %016b, want %016b", c.value, got, want)
		}
		if q.CloudConfidence() != c.cloudConf {
			t.Errorf("%d: cloud confidence %s, want %s", c.value, q.CloudConfidence(), c.cloudConf)
		}
	}
	// 55052 = 0xD70C also has cirrus (bit 2) and cirrus confidence 11 (bits 14–15).
	if q := QAPixel(55052); !q.Has(QACirrus) || q.CirrusConfidence() != ConfidenceHigh || q.ShadowConfidence() != ConfidenceLow {
		t.Errorf("55052 cirrus/shadow decoding wrong")
	}
	// 30048 = 0x7560: snow/ice confidence bits 12–13 = 11.
	if QAPixel(30048).SnowConfidence() != ConfidenceHigh {
		t.Error("30048 snow confidence")
	}
}

func TestProductMaskLandsatC2(t *testing.T) {
	ctx := context.Background()
	p, err := OpenLandsat("testdata/landsat8_c2l2_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, tc := range []struct {
		spec   string
		masked func(flags string, conf Confidence) bool
	}{
		{"clouds,shadow", func(f string, _ Confidence) bool { return containsAny(f, "cds") }},
		{"cloud", func(f string, _ Confidence) bool { return containsAny(f, "c") }},
		{"cloud>=medium", func(_ string, c Confidence) bool { return c >= ConfidenceMedium }},
		{"snow,shadow", func(f string, _ Confidence) bool { return containsAny(f, "ns") }},
	} {
		conds, err := ParseConditions(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := p.Mask(ctx, conds, image.Rectangle{})
		if err != nil {
			t.Fatal(err)
		}
		wantMasked, wantKeep := 0, 0
		for _, c := range qaCropCounts {
			if tc.masked(c.flags, c.cloudConf) {
				wantMasked += c.count
			} else {
				wantKeep += c.count
			}
		}
		k, ms, f := m.Counts()
		if k != wantKeep || ms != wantMasked || f != 0 {
			t.Errorf("%s: keep/masked/fill = %d/%d/%d, want %d/%d/0", tc.spec, k, ms, f, wantKeep, wantMasked)
		}
		if got, want := m.ClearFraction(), float64(wantKeep)/65536; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: clear fraction %g, want %g", tc.spec, got, want)
		}
	}
	// clouds,shadow by hand: masked = 39275+440+1521+1635+352+272+692+140 = 44327,
	// kept = 20406+803 = 21209; the masked source reads NaN exactly there.
	conds, _ := ParseConditions("clouds,shadow")
	pm, err := OpenLandsat("testdata/landsat8_c2l2_crop", &Options{Mask: conds})
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	st, err := pm.ReadStack(ctx, []string{"R"}, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	nan := 0
	for _, v := range st.Bands[0].Data {
		if math.IsNaN(float64(v)) {
			nan++
		}
	}
	if nan != 44327 {
		t.Errorf("masked red has %d NaN, want 44327", nan)
	}
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(chars); i++ {
		for j := 0; j < len(s); j++ {
			if s[j] == chars[i] {
				return true
			}
		}
	}
	return false
}

// TestProductMaskBQA: the L1T crop's BQA values (numpy.unique) are 20480
// (0x5000: cloud 01, cirrus 01) ×3222, 20512 (0x5020: + water 10) ×13001,
// 28672 (0x7000: cirrus 11) ×143, 28704 ×9, 53248 (0xD000: cloud 11) ×6,
// 61440 (0xF000: cloud 11, cirrus 11) ×3. Cloud "yes" (11) = 6 + 3 = 9 pixels;
// cirrus yes = 143 + 9 + 3 = 155; water ≥ maybe = 13001 + 9 = 13010.
func TestProductMaskBQA(t *testing.T) {
	p, err := OpenLandsat("testdata/landsat8_l1t_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for spec, want := range map[string]int{"cloud": 9, "cirrus": 155, "water>=medium": 13010, "clouds,cirrus": 155 + 6} {
		conds, err := ParseConditions(spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := p.Mask(context.Background(), conds, image.Rectangle{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ms, f := m.Counts(); ms != want || f != 0 {
			t.Errorf("%s: masked %d fill %d, want %d, 0", spec, ms, f, want)
		}
	}
	if _, err := ParseConditions("saturated"); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenLandsat("testdata/landsat8_l1t_crop", &Options{Mask: []Condition{{Feature: Saturated}}}); err == nil {
		t.Error("saturated on BQA accepted")
	}
}

// TestLandsat5 loads the whole shipped TM folder (MTL NUL-padded, no K1/K2, no
// EARTH_SUN_DISTANCE, no reflectance coefficients) and checks pixel (9, 0):
// DN B3 = 32, B4 = 56, B6 = 139 (rasterio), and the LST chain by hand.
//
//	d = 1 − 0.01672·cos(0.9856°·(227 − 4)) = 1.0128478 AU   (1988-08-14 is day 227)
//	sin(49.75588889°) = 0.76329887
//	L3 = 1.044·32 − 2.21398 = 31.19402;  ρ3 = π·31.19402·d²/(1536·0.76329887) = 0.085747951
//	L4 = 0.876·56 − 2.38602 = 46.66998;  ρ4 = π·46.66998·d²/(1031·0.76329887) = 0.19112723
//	  (ESUN 1536 and 1031: Chander et al. 2009, Table 2)
//	NDVI = (ρ4 − ρ3)/(ρ4 + ρ3) = 0.38060212
//	Pv = ((0.38060212 − 0.2)/(0.5 − 0.2))² = 0.36241250
//	ε = 0.99·Pv + 0.97·(1 − Pv) + (1 − 0.97)·(1 − Pv)·0.55·0.99 = 0.98766324  (Sobrino et al. 2004)
//	L6 = 0.055·139 + 1.18243 = 8.82743
//	BT = 1260.56 / ln(607.76/8.82743 + 1) = 1260.56 / ln(69.849031) = 296.85827 K
//	LST = BT / (1 + (11.45e-6·BT/1.4388e-2)·ln ε) = 297.73138 K = 24.58138 °C
func TestLandsat5(t *testing.T) {
	p, err := OpenLandsat("testdata/landsat5_tm_LT52240631988227CUB02", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Platform != Landsat5 || p.Metadata.EarthSunDistance != 0 || p.Quality != QualityNone {
		t.Fatalf("platform %s d %g quality %s", p.Platform, p.Metadata.EarthSunDistance, p.Quality)
	}
	st, err := p.ReadStack(context.Background(), []string{"R", "N", "T"}, image.Rect(9, 0, 10, 1))
	if err != nil {
		t.Fatal(err)
	}
	r, n, bt := st.Bands[0], st.Bands[1], st.Bands[2]
	near(t, "ρ3", r.Data[0], 0.085747951, 1e-7)
	near(t, "ρ4", n.Data[0], 0.19112723, 1e-7)
	near(t, "BT", bt.Data[0], 296.85827, 2e-4)
	ndvi := (float64(n.Data[0]) - float64(r.Data[0])) / (float64(n.Data[0]) + float64(r.Data[0]))
	eps := thermal.Sobrino2004().Emissivity(ndvi, math.NaN())
	if math.Abs(eps-0.98766324) > 1e-6 {
		t.Errorf("ε = %.8f, want 0.98766324", eps)
	}
	w, _ := thermal.Wavelength("landsat5", "B6")
	if lst := thermal.LandSurfaceTemperature(float64(bt.Data[0]), eps, w); math.Abs(lst-297.73138) > 3e-4 {
		t.Errorf("LST = %.5f, want 297.73138", lst)
	}
	if _, err := p.Mask(context.Background(), []Condition{{Feature: Cloud}}, image.Rectangle{}); err == nil {
		t.Error("mask without a quality band accepted")
	}
}

// TestSentinel2 loads the Sentinel-2 crop (B04, B08 at 100 m, B12 at 200 m, the
// STAC item: baseline 02.14, offset 0) and checks every 5th pixel of B04 (DN/10000)
// and of B12 resampled onto the B04 grid against GDAL (gdalwarp -r bilinear, see
// testdata/sentinel2_crop/make_golden.sh).
func TestSentinel2(t *testing.T) {
	p, err := OpenSentinel2("testdata/sentinel2_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Platform != Sentinel2A || p.Level != LevelL2A || p.Sentinel2Baseline != "02.14" || p.Grid.Width != 200 {
		t.Fatalf("platform %s level %s baseline %s grid %v", p.Platform, p.Level, p.Sentinel2Baseline, p.Grid)
	}
	if b, _ := p.Band("S2"); b.Resampling != "bilinear" {
		t.Errorf("B12 resampling %q", b.Resampling)
	}
	st, err := p.ReadStack(context.Background(), []string{"R", "S2"}, image.Rectangle{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/sentinel2_crop/b12_bilinear_golden.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		c, _ := strconv.Atoi(r[0])
		rr, _ := strconv.Atoi(r[1])
		b12, _ := strconv.ParseFloat(r[2], 64)
		b04, _ := strconv.ParseFloat(r[3], 64)
		near(t, "B12 "+r[0]+","+r[1], st.Bands[1].At(c, rr), b12, 2e-6)
		near(t, "B04 "+r[0]+","+r[1], st.Bands[0].At(c, rr), b04, 1e-7)
	}
	// Baseline 04.00 shifts by −1000 DN: B04 DN 3248 at (0, 0) → 0.2248.
	p4, err := OpenSentinel2("", &Options{Sentinel2Baseline: "04.00", Sentinel2Files: map[string]string{"B4": "testdata/sentinel2_crop/B04.tif"}})
	if err != nil {
		t.Fatal(err)
	}
	defer p4.Close()
	near(t, "B04 at baseline 04.00", pixel(t, p4, "R", 0, 0), (3248-1000)/10000.0, 1e-7)
	if _, err := OpenSentinel2("", &Options{Sentinel2Files: map[string]string{"B04": "testdata/sentinel2_crop/B04.tif"}}); err == nil {
		t.Error("unknown baseline accepted")
	}
}

func TestSentinel2Offset(t *testing.T) {
	for b, want := range map[string]float64{"02.14": 0, "03.01": 0, "04.00": -1000, "05.11": -1000} {
		if got, err := Sentinel2Offset(b); err != nil || got != want {
			t.Errorf("%s: %g, %v", b, got, err)
		}
	}
	for _, b := range []string{"", "4", "x.00", "04.x"} {
		if _, err := Sentinel2Offset(b); err == nil {
			t.Errorf("%q accepted", b)
		}
	}
}

// TestProductLST: Level-1 LST of Landsat 5 pixel (9, 0) through the product.
// With the soil/red regression the mixed-pixel branch is unchanged (NDVI 0.38),
// so LST = 297.73138 K as worked in TestLandsat5. Level-2 returns ST_B10 as is.
func TestProductLST(t *testing.T) {
	p, err := OpenLandsat("testdata/landsat5_tm_LT52240631988227CUB02", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	lst, err := p.LandSurfaceTemperature(context.Background(), image.Rect(9, 0, 10, 1), thermal.Sobrino2004())
	if err != nil {
		t.Fatal(err)
	}
	near(t, "LST", lst.Data[0], 297.73138, 5e-4)
	p2, err := OpenLandsat("testdata/landsat8_c2l2_crop", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p2.Close()
	st, err := p2.LandSurfaceTemperature(context.Background(), image.Rect(128, 128, 129, 129), thermal.Sobrino2004())
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ST_B10", st.Data[0], 257.08463, 1e-4)
}
