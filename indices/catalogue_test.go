package indices

import (
	"strings"
	"testing"
)

// The expected counts are those stated in the catalogue's README (shared
// data folder indices/README.md): 280 indices, vegetation 159, water 32,
// burn 19, urban 19, soil 17, radar 13, snow 9, clouds 7, kernel 5.
func TestCatalogueCounts(t *testing.T) {
	if n := len(All()); n != 280 {
		t.Fatalf("%d indices, want 280", n)
	}
	want := map[string]int{"vegetation": 159, "water": 32, "burn": 19, "urban": 19, "soil": 17,
		"radar": 13, "snow": 9, "clouds": 7, "kernel": 5}
	for d, n := range want {
		if got := len(ByDomain(d)); got != n {
			t.Errorf("domain %s: %d indices, want %d", d, got, n)
		}
	}
	if got := len(ByDomain("URBAN")); got != 19 {
		t.Errorf("ByDomain is case-sensitive: %d", got)
	}
	if len(Domains()) != len(want) {
		t.Errorf("Domains() = %v", Domains())
	}
	if len(ByDomain("nonsense")) != 0 {
		t.Error("unknown domain lists indices")
	}
}

func TestLookup(t *testing.T) {
	ix, err := Lookup("NDVI")
	if err != nil {
		t.Fatal(err)
	}
	// Catalogue entry, as printed in spectral-indices-dict.json.
	if ix.Formula != "(N - R)/(N + R)" || ix.LongName != "Normalized Difference Vegetation Index" ||
		ix.Domain != "vegetation" || ix.Reference != "https://ntrs.nasa.gov/citations/19740022614" {
		t.Errorf("NDVI = %+v", ix)
	}
	if low, err := Lookup("ndvi"); err != nil || low != ix {
		t.Errorf("Lookup(ndvi) = %v, %v", low, err)
	}
	// BAI and BaI differ only in case: exact names work, folded ones are
	// ambiguous.
	for _, name := range []string{"BAI", "BaI"} {
		if e, err := Lookup(name); err != nil || e.ShortName != name {
			t.Errorf("Lookup(%s) = %v, %v", name, e, err)
		}
	}
	if _, err := Lookup("bai"); err == nil || !strings.Contains(err.Error(), "BAI, BaI") {
		t.Errorf("Lookup(bai) error %v, want ambiguity naming BAI and BaI", err)
	}
	if _, err := Lookup("NDVIX"); err == nil || !strings.Contains(err.Error(), `"NDVIX"`) {
		t.Errorf("unknown index error %v", err)
	}
	if _, err := Lookup("BSI"); err == nil {
		t.Error("BSI is not a catalogue name (the bare soil index is BI)")
	}
}

func TestByPlatform(t *testing.T) {
	// Counts from the catalogue JSON: 245 entries list Sentinel-2, 194
	// Landsat-OLI, 10 the dual VV-VH Sentinel-1.
	for p, n := range map[string]int{"Sentinel-2": 245, "landsat-oli": 194, "Sentinel-1 (Dual Polarisation VV-VH)": 10} {
		if got := len(ByPlatform(p)); got != n {
			t.Errorf("ByPlatform(%q) = %d entries, want %d", p, got, n)
		}
	}
	if len(Platforms()) != 8 {
		t.Errorf("Platforms() = %v", Platforms())
	}
}

func TestConstants(t *testing.T) {
	L, ok := LookupConstant("L")
	if !ok || !L.HasDefault || L.Default != 1.0 {
		t.Errorf("L = %+v: the catalogue's default is 1.0", L)
	}
	if par, ok := LookupConstant("PAR"); !ok || par.HasDefault {
		t.Errorf("PAR = %+v, want no default", par)
	}
	if n := len(Constants()); n != 28 {
		t.Errorf("%d constants, want 28", n)
	}
	if _, ok := LookupConstant("N"); ok {
		t.Error("N is a band letter, not a constant")
	}
}

func TestWavelengths(t *testing.T) {
	w, err := Wavelengths("landsat8")
	if err != nil {
		t.Fatal(err)
	}
	// bands.json: Landsat 8 B4 red 655 nm, B5 nir08 865 nm, B6 1610 nm.
	if w["lambdaR"] != 655 || w["lambdaN2"] != 865 || w["lambdaN"] != 865 || w["lambdaS1"] != 1610 {
		t.Errorf("landsat8 wavelengths %v", w)
	}
	if _, err := Wavelengths("landsat99"); err == nil {
		t.Error("unknown platform accepted")
	}
	if len(BandLetters()) != 17 {
		t.Errorf("%d band letters, want 17", len(BandLetters()))
	}
}

// Every catalogue formula parses and compiles (with the wavelengths and PAR
// the ones without defaults need), and the variables the compiler reads are
// exactly the entry's band letters.
func TestEveryFormulaCompiles(t *testing.T) {
	opt := proofOptions(t)
	for _, ix := range All() {
		p, err := ix.Compile(opt)
		if err != nil {
			t.Errorf("%s: %v", ix.ShortName, err)
			continue
		}
		want := map[string]bool{}
		for _, v := range ix.Bands {
			if isBandLetter(v) {
				want[v] = true
			} else if strings.HasPrefix(v, "k") && len(v) >= 3 {
				// kernel terms read their two operands
				for _, l := range []string{v[1:2], v[2:]} {
					if isBandLetter(l) {
						want[l] = true
					}
				}
			}
		}
		got := p.Bands()
		if len(got) != len(want) {
			t.Errorf("%s reads %v, the catalogue lists %v", ix.ShortName, got, ix.Bands)
			continue
		}
		for _, b := range got {
			if !want[b] {
				t.Errorf("%s reads %s, not in %v", ix.ShortName, b, ix.Bands)
			}
		}
	}
	// Without the wavelengths the error names the constant.
	ix, _ := Lookup("FAI")
	if _, err := ix.Compile(nil); err == nil || !strings.Contains(err.Error(), "lambda") {
		t.Errorf("FAI without wavelengths: %v", err)
	}
}
