package thermal

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/borderzone/borderzone/raster"
)

func close(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.9g, want %.9g (±%g)", what, got, want, tol)
	}
}

// TestLandsat8B10Chain works the DN → radiance → BT → LST chain for pixel
// (100, 100) of the Landsat 8 L1T scene LC80200392015216LGN00 (DN read with
// rasterio: B10 24628, B4 6784, B5 12879; coefficients from its l8_MTL.txt):
//
//	L = 3.3420e-4·24628 + 0.1 = 8.3306776 W/(m²·sr·µm)
//	BT = 1321.0789 / ln(774.8853/8.3306776 + 1) = 1321.0789 / ln(94.015879) = 290.76471 K
//	sin(64.74360932°) = 0.90440756
//	ρ4 = (2e-5·6784 − 0.1)/0.90440756 = 0.039451240
//	ρ5 = (2e-5·12879 − 0.1)/0.90440756 = 0.17423561
//	NDVI = (ρ5 − ρ4)/(ρ5 + ρ4) = 0.63075649 > 0.5 → full vegetation, ε = 0.99
//	λ = 10.895e-6 m; λ·BT/ρ = 10.895e-6·290.76471/1.4388e-2 = 0.22017525
//	LST = 290.76471 / (1 + 0.22017525·ln 0.99) = 290.76471 / 0.99778716 = 291.40955 K = 18.25955 °C
func TestLandsat8B10Chain(t *testing.T) {
	l := Radiance(24628, 3.3420e-4, 0.1)
	close(t, "L", l, 8.3306776, 1e-9)
	bt := BrightnessTemperature(l, 774.8853, 1321.0789)
	close(t, "BT", bt, 290.76471, 1e-5)
	r4 := Reflectance(6784, 2e-5, -0.1, 64.74360932)
	r5 := Reflectance(12879, 2e-5, -0.1, 64.74360932)
	close(t, "ρ4", r4, 0.039451240, 1e-9)
	close(t, "ρ5", r5, 0.17423561, 1e-8)
	ndvi := (r5 - r4) / (r5 + r4)
	close(t, "NDVI", ndvi, 0.63075649, 1e-8)
	eps := Sobrino2004().Emissivity(ndvi, math.NaN())
	close(t, "ε", eps, 0.99, 0)
	w, err := Wavelength("landsat8", "B10")
	if err != nil {
		t.Fatal(err)
	}
	lst := LandSurfaceTemperature(bt, eps, w)
	close(t, "LST", lst, 291.40955, 1e-4)
	close(t, "°C", KelvinToCelsiusValue(lst), 18.25955, 1e-4)
}

// TestLandsat5B6 works pixel (9, 0) of LT52240631988227CUB02 (DN B6 = 139):
//
//	L = 0.055·139 + 1.18243 = 8.82743 W/(m²·sr·µm)   (RADIANCE_MULT/ADD_BAND_6)
//	BT = 1260.56 / ln(607.76/8.82743 + 1) = 1260.56 / ln(69.849031) = 296.85827 K
//	  (K1 = 607.76, K2 = 1260.56: Chander et al. 2009, Table 5; the MTL has none)
func TestLandsat5B6(t *testing.T) {
	k1, k2, err := Constants("landsat5")
	if err != nil || k1 != 607.76 || k2 != 1260.56 {
		t.Fatalf("TM constants %g %g %v", k1, k2, err)
	}
	close(t, "BT", BrightnessTemperature(Radiance(139, 0.055, 1.18243), k1, k2), 296.85827, 1e-5)
	if k1, k2, _ := Constants("landsat7"); k1 != 666.09 || k2 != 1282.71 {
		t.Errorf("ETM+ constants %g %g", k1, k2)
	}
	if _, _, err := Constants("landsat8"); err == nil {
		t.Error("Landsat 8 has its constants in the MTL")
	}
}

// TestLevel2ST: C2 L2 ST_B10 at scene pixel (256, 256) of LC08_L2SP_005009_20150710,
// DN 31622: T = 0.00341802·31622 + 149.0 = 257.08463 K = −16.06537 °C.
func TestLevel2ST(t *testing.T) {
	k := Radiance(31622, 0.00341802, 149.0) // the same linear rescaling
	close(t, "ST", k, 257.08462844, 1e-8)
	close(t, "°C", KelvinToCelsiusValue(k), -16.06537156, 1e-8)
}

// TestEmissivityBranches checks the three NDVI ranges of Sobrino et al. (2004):
//
//	NDVI 0.1 (soil), red 0.2: ε = 0.979 − 0.035·0.2 = 0.972; without red, εs = 0.97
//	NDVI 0.35: Pv = (0.15/0.3)² = 0.25; ε = 0.99·0.25 + 0.97·0.75 + 0.03·0.75·0.55·0.99
//	         = 0.2475 + 0.7275 + 0.012251 = 0.98725125
//	  (the paper's rounded ε = 0.004·Pv + 0.986 gives 0.987)
//	NDVI 0.8: ε = 0.99
func TestEmissivityBranches(t *testing.T) {
	p := Sobrino2004()
	close(t, "soil with red", p.Emissivity(0.1, 0.2), 0.972, 1e-12)
	close(t, "soil", p.Emissivity(0.1, math.NaN()), 0.97, 0)
	close(t, "mixed", p.Emissivity(0.35, 0.1), 0.98725125, 1e-10)
	close(t, "paper's rounding", p.Emissivity(0.35, 0.1), 0.004*0.25+0.986, 1e-3)
	close(t, "vegetation", p.Emissivity(0.8, 0.05), 0.99, 0)
	close(t, "Pv", p.ProportionOfVegetation(0.35), 0.25, 1e-12)
	if !math.IsNaN(p.Emissivity(math.NaN(), 0.1)) {
		t.Error("NaN NDVI must give NaN")
	}
	bad := p
	bad.NDVIVegetation = 0.1
	if bad.Validate() == nil {
		t.Error("decreasing thresholds accepted")
	}
}

func TestReflectanceFromRadiance(t *testing.T) {
	// Landsat 5 TM B3, DN 32 (see sensor's TestLandsat5):
	// L = 31.19402; d = 1.0128478 (day 227); ρ = π·31.19402·d²/(1536·sin 49.75588889°) = 0.085747951
	d := EarthSunDistance(time.Date(1988, 8, 14, 13, 0, 0, 0, time.UTC))
	close(t, "d", d, 1.0128477923865415, 1e-12)
	e, _ := ESUN("landsat5", "B3")
	close(t, "ρ", ReflectanceFromRadiance(Radiance(32, 1.044, -2.21398), e, d, 49.75588889), 0.085747951, 1e-9)
	if _, err := ESUN("landsat8", "B3"); err == nil {
		t.Error("OLI has no ESUN table")
	}
}

func testBand(vals ...float32) *raster.Band {
	g := raster.Grid{Width: len(vals), Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	return &raster.Band{Grid: g, Name: "b", Data: vals}
}

func TestBandsNaNAndErrors(t *testing.T) {
	nan := float32(math.NaN())
	dn := testBand(24628, nan, 0)
	l, err := RadianceBand(dn, 3.3420e-4, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	bt, err := BrightnessTemperatureBand(l, 774.8853, 1321.0789)
	if err != nil {
		t.Fatal(err)
	}
	close(t, "BT[0]", float64(bt.Data[0]), 290.76471, 1e-4)
	if !math.IsNaN(float64(bt.Data[1])) {
		t.Error("NaN DN must give NaN BT")
	}
	close(t, "BT of DN 0 (L = 0.1)", float64(bt.Data[2]), 1321.0789/math.Log(774.8853/0.1+1), 1e-3)
	eps := testBand(0.99, 0.99, 1.5)
	lst, err := LandSurfaceTemperatureBand(bt, eps, 10.895e-6)
	if err != nil {
		t.Fatal(err)
	}
	close(t, "LST[0]", float64(lst.Data[0]), 291.40955, 2e-4)
	if !math.IsNaN(float64(lst.Data[1])) || !math.IsNaN(float64(lst.Data[2])) {
		t.Errorf("LST of NaN BT / emissivity 1.5 = %v", lst.Data)
	}
	c, _ := KelvinToCelsius(lst)
	close(t, "°C", float64(c.Data[0]), 291.40955-273.15, 2e-4)
	if _, err := LandSurfaceTemperatureBand(bt, testBand(1, 1), 10.895e-6); err == nil || !strings.Contains(err.Error(), "b") {
		t.Errorf("grid mismatch: %v", err)
	}
	if _, err := LandSurfaceTemperatureBand(bt, eps, 10.895); err == nil {
		t.Error("wavelength in µm accepted")
	}
	if _, err := ReflectanceBand(dn, 2e-5, -0.1, 0); err == nil {
		t.Error("sun elevation 0 accepted")
	}
	if _, err := BrightnessTemperatureBand(l, 0, 1); err == nil {
		t.Error("K1 = 0 accepted")
	}
}

// TestBandsSameOnAnyCores: a band large enough to be split gives identical
// results on 1 and 4 cores.
func TestBandsSameOnAnyCores(t *testing.T) {
	n := 300 * 300
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(-0.2 + 1.2*float64(i%997)/997)
	}
	g := raster.Grid{Width: 300, Height: 300, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	nd := &raster.Band{Grid: g, Data: vals}
	prev := runtime.GOMAXPROCS(1)
	a, _ := EmissivityBand(nd, nil, Sobrino2004())
	runtime.GOMAXPROCS(4)
	b, _ := EmissivityBand(nd, nil, Sobrino2004())
	runtime.GOMAXPROCS(prev)
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatalf("pixel %d differs: %g vs %g", i, a.Data[i], b.Data[i])
		}
		if want := float32(Sobrino2004().Emissivity(float64(vals[i]), math.NaN())); a.Data[i] != want {
			t.Fatalf("pixel %d: %g, want %g", i, a.Data[i], want)
		}
	}
}
