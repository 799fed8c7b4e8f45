package sensor

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Platform names a satellite whose bands this package maps. The values are
// the platform keys of the Awesome Spectral Indices catalogue (bands.json):
// "landsat4", "landsat5", "landsat7", "landsat8", "landsat9",
// "sentinel2a", "sentinel2b" (and "sentinel2c", launched 2024, which
// carries the same MSI bands).
type Platform string

// The platforms with band maps.
const (
	Landsat4   Platform = "landsat4"   // Landsat 4 TM
	Landsat5   Platform = "landsat5"   // Landsat 5 TM
	Landsat7   Platform = "landsat7"   // Landsat 7 ETM+
	Landsat8   Platform = "landsat8"   // Landsat 8 OLI/TIRS
	Landsat9   Platform = "landsat9"   // Landsat 9 OLI-2/TIRS-2
	Sentinel2A Platform = "sentinel2a" // Sentinel-2A MSI
	Sentinel2B Platform = "sentinel2b" // Sentinel-2B MSI
	Sentinel2C Platform = "sentinel2c" // Sentinel-2C MSI
)

// Platforms lists every platform with a band map, Landsat first.
func Platforms() []Platform {
	return []Platform{Landsat4, Landsat5, Landsat7, Landsat8, Landsat9, Sentinel2A, Sentinel2B, Sentinel2C}
}

// IsLandsat reports whether p is a Landsat platform.
func (p Platform) IsLandsat() bool { return strings.HasPrefix(string(p), "landsat") }

// IsSentinel2 reports whether p is a Sentinel-2 platform.
func (p Platform) IsSentinel2() bool { return strings.HasPrefix(string(p), "sentinel2") }

// String returns the catalogue key ("landsat8").
func (p Platform) String() string { return string(p) }

// tmBands is the map of Landsat 4 and 5 TM (band centres 0.485–11.45 µm).
var tmBands = map[string]string{
	"B": "B1", "G": "B2", "R": "B3", "N": "B4", "S1": "B5", "T": "B6", "S2": "B7",
}

// etmBands is Landsat 7 ETM+: the TM layout; its thermal B6 is delivered
// twice (B6_VCID_1 low gain, B6_VCID_2 high gain), see [Landsat7ThermalFile].
var etmBands = tmBands

// oliBands is Landsat 8 and 9 OLI/TIRS. The catalogue lists B5 only as N2
// (nir08); since B5 is the only near-infrared band of OLI, N maps to it as
// well, so that the many indices written with N work on Landsat 8 and 9.
var oliBands = map[string]string{
	"A": "B1", "B": "B2", "G": "B3", "R": "B4", "N": "B5", "N2": "B5",
	"S1": "B6", "S2": "B7", "T1": "B10", "T2": "B11",
}

// msiBands is Sentinel-2 MSI, with the zero-padded band names of the SAFE
// and COG products (B02, not B2). B10 (cirrus, 1375 nm) has no catalogue
// letter.
var msiBands = map[string]string{
	"A": "B01", "B": "B02", "G": "B03", "R": "B04", "RE1": "B05", "RE2": "B06",
	"RE3": "B07", "N": "B08", "N2": "B8A", "WV": "B09", "S1": "B11", "S2": "B12",
}

var bandTables = map[Platform]map[string]string{
	Landsat4: tmBands, Landsat5: tmBands, Landsat7: etmBands,
	Landsat8: oliBands, Landsat9: oliBands,
	Sentinel2A: msiBands, Sentinel2B: msiBands, Sentinel2C: msiBands,
}

// commonNames maps STAC eo:common_name values (and the Sentinel-2 asset keys
// rededge1–3 of Earth Search items) to catalogue letters. The first ten are
// the catalogue's own common_name fields (bands.json).
var commonNames = map[string]string{
	"coastal": "A", "blue": "B", "green": "G", "red": "R",
	"rededge071": "RE1", "rededge075": "RE2", "rededge078": "RE3",
	"nir": "N", "nir08": "N2", "nir09": "WV", "swir16": "S1", "swir22": "S2",
	"lwir": "T", "lwir11": "T1", "lwir12": "T2", "green05": "G1", "yellow": "Y",
	"rededge1": "RE1", "rededge2": "RE2", "rededge3": "RE3",
}

// Letter returns the catalogue letter for a letter ("N", any case) or a STAC
// common name ("nir", "swir16", "lwir11"), and whether it is known.
func Letter(name string) (string, bool) {
	if l, ok := commonNames[strings.ToLower(name)]; ok {
		return l, true
	}
	up := strings.ToUpper(name)
	if _, ok := letterCommonNames[up]; ok {
		return up, true
	}
	return "", false
}

// CommonName returns the STAC common name of a catalogue letter ("S1" →
// "swir16"), as bands.json gives it; "" when the letter is unknown.
func CommonName(letter string) string { return letterCommonNames[letter] }

var letterCommonNames = map[string]string{
	"A": "coastal", "B": "blue", "G": "green", "R": "red",
	"RE1": "rededge071", "RE2": "rededge075", "RE3": "rededge078",
	"N": "nir", "N2": "nir08", "WV": "nir09", "S1": "swir16", "S2": "swir22",
	"T": "lwir", "T1": "lwir11", "T2": "lwir12",
	"G1": "green05", "Y": "yellow", // catalogue letters of other platforms (PlanetScope, WorldView)
}

// BandName returns the platform's band for a catalogue letter or STAC common
// name: "B4" for ("landsat8", "R"), "B8A" for ("sentinel2a", "nir08"). The
// name is the band as USGS and ESA number it, before any product prefix
// (see [LandsatFileBand]). The error lists the letters the platform has.
func BandName(p Platform, letterOrCommon string) (string, error) {
	t, ok := bandTables[p]
	if !ok {
		return "", fmt.Errorf("sensor: unknown platform %q (known: %v)", p, Platforms())
	}
	l, ok := Letter(letterOrCommon)
	if ok {
		if b, ok := t[l]; ok {
			return b, nil
		}
	}
	return "", fmt.Errorf("sensor: %s has no band %q (it has %s)", p, letterOrCommon, strings.Join(Letters(p), ", "))
}

// Letters returns the catalogue letters the platform has, sorted.
func Letters(p Platform) []string {
	t := bandTables[p]
	out := make([]string, 0, len(t))
	for l := range t {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// LettersOfBand returns the catalogue letters that map to the platform's
// band ("B5" on Landsat 8 → N, N2), sorted.
func LettersOfBand(p Platform, band string) []string {
	var out []string
	for l, b := range bandTables[p] {
		if b == band {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// IsThermal reports whether a catalogue letter is a thermal-infrared band
// (T, T1, T2), whose physical unit is kelvin rather than reflectance.
func IsThermal(letter string) bool { return letter == "T" || letter == "T1" || letter == "T2" }

// Level is the processing level of a product.
type Level string

// Product levels.
const (
	// LevelL1 is Landsat Level-1 (L1TP, L1GT, L1GS and the pre-collection
	// L1T): calibrated DN with radiance and TOA-reflectance coefficients.
	LevelL1 Level = "L1"
	// LevelL2 is Landsat Collection 2 Level-2 (L2SP, L2SR): surface
	// reflectance SR_Bn and surface temperature ST_Bn.
	LevelL2 Level = "L2"
	// LevelL1C is Sentinel-2 Level-1C, top-of-atmosphere reflectance.
	LevelL1C Level = "L1C"
	// LevelL2A is Sentinel-2 Level-2A, bottom-of-atmosphere reflectance.
	LevelL2A Level = "L2A"
)

// LandsatFileBand returns the band suffix of a Landsat Collection 2 file
// for a catalogue letter: "B4" (Level-1, …_B4.TIF), "SR_B4" or "ST_B10"
// (Level-2). Landsat 7's Level-1 thermal band is "B6_VCID_1" (low gain, the
// wider dynamic range; B6_VCID_2 is the high-gain copy). Level-2 products have
// one thermal band, ST_B10 for Landsat 8–9 and ST_B6 for Landsat 4–7;
// Landsat 8–9 T2 (B11) has no Level-2 file. Reference: Landsat 8-9 Collection 2
// Level 2 Science Product Guide (LSDS-1619) and Landsat 4-7 C2 L2 Science
// Product Guide (LSDS-1618), "Product Packaging".
func LandsatFileBand(p Platform, letter string, level Level) (string, error) {
	if !p.IsLandsat() {
		return "", fmt.Errorf("sensor: %s is not a Landsat platform", p)
	}
	b, err := BandName(p, letter)
	if err != nil {
		return "", err
	}
	l, _ := Letter(letter)
	switch level {
	case LevelL1:
		if p == Landsat7 && b == "B6" {
			return "B6_VCID_1", nil
		}
		return b, nil
	case LevelL2:
		if IsThermal(l) {
			if l == "T2" {
				return "", fmt.Errorf("sensor: %s Level-2 products have no %s (B11) surface temperature", p, l)
			}
			return "ST_" + b, nil
		}
		return "SR_" + b, nil
	}
	return "", fmt.Errorf("sensor: %q is not a Landsat product level (want %s or %s)", level, LevelL1, LevelL2)
}
