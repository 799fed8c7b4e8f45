package indices

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The catalogue of Awesome Spectral Indices (MIT licence, copyright 2021
// David Montero Loaiza; catalogue/LICENSE travels with the files).
//
//go:embed catalogue/spectral-indices-dict.json catalogue/bands.json catalogue/constants.json catalogue/LICENSE
var catalogueFS embed.FS

// Index is one entry of the Awesome Spectral Indices catalogue (Montero et al.
// 2023, Scientific Data 10, 197, doi:10.1038/s41597-023-02096-0).
type Index struct {
	// ShortName is the catalogue key, as "NDVI" or "kNDVI" (case matters:
	// "NDSI" and "NDSII" are different indices).
	ShortName string
	// LongName is the descriptive name, as "Normalized Difference
	// Vegetation Index".
	LongName string
	// Formula is the expression in the catalogue's Python syntax, over band
	// letters, constant names and kernel terms (see [Compile]).
	Formula string
	// Bands lists the variables the formula uses as the catalogue gives
	// them: band letters ("N", "R", "S1"), constants ("L", "g") and, for
	// kernel indices, kernel terms ("kNN", "kNR").
	Bands []string
	// Domain is the application domain: vegetation, water, burn, urban,
	// soil, radar, snow, clouds or kernel.
	Domain string
	// Platforms lists the sensors that have all the bands, as "Sentinel-2",
	// "Landsat-OLI", "Landsat-TM", "Landsat-ETM+", "MODIS", "Planet-Fusion",
	// "Sentinel-1 (Dual Polarisation VV-VH)".
	Platforms []string
	// Reference is the publication defining the index (usually a DOI URL).
	Reference string
	// Contributor and DateOfAddition record who added the entry and when
	// (YYYY-MM-DD).
	Contributor    string
	DateOfAddition string
}

// Constant is a named constant the catalogue's formulas use (constants.json),
// such as L (canopy background adjustment) or g (gain factor).
type Constant struct {
	// Name is the name used in formulas, as "L" or "sigma".
	Name string
	// Description says what the constant is, as given by the catalogue.
	Description string
	// Default is the catalogue's default value; meaningful only when
	// HasDefault is true. Constants without a default (PAR and the
	// central wavelengths lambdaG, lambdaN, ...) must be given per call.
	Default    float64
	HasDefault bool
}

// BandLetter is one band letter of the catalogue (bands.json): a spectral
// region with its wavelength range and the bands that cover it on each
// platform.
type BandLetter struct {
	// Letter is the variable name used in formulas, as "N" or "RE1".
	Letter string
	// CommonName is the STAC common name, as "nir" or "rededge071".
	CommonName string
	// LongName is descriptive, as "Near-Infrared (NIR)".
	LongName string
	// MinWavelength and MaxWavelength bound the region, in nanometres.
	MinWavelength, MaxWavelength float64
	// Platforms maps a platform key of bands.json ("landsat8",
	// "sentinel2a", "modis", ...) to the band covering the region there.
	Platforms map[string]PlatformBand
}

// PlatformBand is the band of one platform that covers a band letter.
type PlatformBand struct {
	// Band is the platform's band name, as "B5" or "B8A".
	Band string
	// Name is the platform's descriptive band name.
	Name string
	// Platform is the platform's display name, as "Landsat 8".
	Platform string
	// Wavelength is the central wavelength and Bandwidth the width, both in
	// nanometres.
	Wavelength, Bandwidth float64
}

type catalogue struct {
	indices   map[string]*Index
	folded    map[string][]*Index // lower-case name → entries
	names     []string            // sorted short names
	constants map[string]Constant
	letters   map[string]BandLetter
}

var (
	catOnce sync.Once
	cat     *catalogue
	catErr  error
)

// load parses the embedded catalogue once.
func load() (*catalogue, error) {
	catOnce.Do(func() { cat, catErr = parseCatalogue() })
	return cat, catErr
}

// mustLoad returns the catalogue; the embedded files are checked by the
// package tests, so a failure here is a build defect.
func mustLoad() *catalogue {
	c, err := load()
	if err != nil {
		panic(err)
	}
	return c
}

func parseCatalogue() (*catalogue, error) {
	c := &catalogue{
		indices:   map[string]*Index{},
		folded:    map[string][]*Index{},
		constants: map[string]Constant{},
		letters:   map[string]BandLetter{},
	}
	raw, err := catalogueFS.ReadFile("catalogue/spectral-indices-dict.json")
	if err != nil {
		return nil, err
	}
	var dict struct {
		SpectralIndices map[string]struct {
			ShortName         string   `json:"short_name"`
			LongName          string   `json:"long_name"`
			Formula           string   `json:"formula"`
			Bands             []string `json:"bands"`
			ApplicationDomain string   `json:"application_domain"`
			Platforms         []string `json:"platforms"`
			Reference         string   `json:"reference"`
			Contributor       string   `json:"contributor"`
			DateOfAddition    string   `json:"date_of_addition"`
		}
	}
	if err := json.Unmarshal(raw, &dict); err != nil {
		return nil, fmt.Errorf("indices: catalogue spectral-indices-dict.json: %w", err)
	}
	for key, e := range dict.SpectralIndices {
		ix := &Index{
			ShortName: key, LongName: e.LongName, Formula: e.Formula, Bands: e.Bands,
			Domain: e.ApplicationDomain, Platforms: e.Platforms, Reference: e.Reference,
			Contributor: e.Contributor, DateOfAddition: e.DateOfAddition,
		}
		c.indices[key] = ix
		low := strings.ToLower(key)
		c.folded[low] = append(c.folded[low], ix)
		c.names = append(c.names, key)
	}
	sort.Strings(c.names)

	raw, err = catalogueFS.ReadFile("catalogue/constants.json")
	if err != nil {
		return nil, err
	}
	var consts map[string]struct {
		Default     *float64 `json:"default"`
		Description string   `json:"description"`
	}
	if err := json.Unmarshal(raw, &consts); err != nil {
		return nil, fmt.Errorf("indices: catalogue constants.json: %w", err)
	}
	for name, k := range consts {
		cc := Constant{Name: name, Description: k.Description}
		if k.Default != nil {
			cc.Default, cc.HasDefault = *k.Default, true
		}
		c.constants[name] = cc
	}

	raw, err = catalogueFS.ReadFile("catalogue/bands.json")
	if err != nil {
		return nil, err
	}
	var bands map[string]struct {
		CommonName    string  `json:"common_name"`
		LongName      string  `json:"long_name"`
		MinWavelength float64 `json:"min_wavelength"`
		MaxWavelength float64 `json:"max_wavelength"`
		Platforms     map[string]struct {
			Band       string  `json:"band"`
			Name       string  `json:"name"`
			Platform   string  `json:"platform"`
			Wavelength float64 `json:"wavelength"`
			Bandwidth  float64 `json:"bandwidth"`
		} `json:"platforms"`
	}
	if err := json.Unmarshal(raw, &bands); err != nil {
		return nil, fmt.Errorf("indices: catalogue bands.json: %w", err)
	}
	for letter, b := range bands {
		bl := BandLetter{Letter: letter, CommonName: b.CommonName, LongName: b.LongName,
			MinWavelength: b.MinWavelength, MaxWavelength: b.MaxWavelength,
			Platforms: map[string]PlatformBand{}}
		for key, p := range b.Platforms {
			bl.Platforms[key] = PlatformBand{Band: p.Band, Name: p.Name, Platform: p.Platform,
				Wavelength: p.Wavelength, Bandwidth: p.Bandwidth}
		}
		c.letters[letter] = bl
	}
	return c, nil
}

// Lookup returns the catalogue entry with the given short name. The exact
// name is tried first; failing that, a case-insensitive match is accepted
// when it is unique ("ndvi" finds NDVI). A few names differ only in case
// (BAI, the Burned Area Index, and BaI, the Bareness Index): those need the
// exact spelling, and the error lists the candidates. The error for an
// unknown name suggests entries containing it.
func Lookup(name string) (*Index, error) {
	c, err := load()
	if err != nil {
		return nil, err
	}
	if ix, ok := c.indices[name]; ok {
		return ix, nil
	}
	switch m := c.folded[strings.ToLower(name)]; len(m) {
	case 1:
		return m[0], nil
	case 0:
	default:
		names := make([]string, len(m))
		for i, ix := range m {
			names[i] = ix.ShortName
		}
		sort.Strings(names)
		return nil, fmt.Errorf("indices: index %q is ambiguous ignoring case: %s", name, strings.Join(names, ", "))
	}
	var similar []string
	low := strings.ToLower(name)
	for _, n := range c.names {
		if low != "" && strings.Contains(strings.ToLower(n), low) {
			similar = append(similar, n)
		}
	}
	if len(similar) > 8 {
		similar = similar[:8]
	}
	if len(similar) > 0 {
		return nil, fmt.Errorf("indices: no index %q in the catalogue (similar: %s)", name, strings.Join(similar, ", "))
	}
	return nil, fmt.Errorf("indices: no index %q in the catalogue", name)
}

// All returns every catalogue entry, sorted by short name. The entries are
// shared: do not modify them.
func All() []*Index {
	c := mustLoad()
	out := make([]*Index, len(c.names))
	for i, n := range c.names {
		out[i] = c.indices[n]
	}
	return out
}

// ByDomain returns the entries of an application domain (vegetation, water,
// burn, urban, soil, radar, snow, clouds, kernel; case-insensitive), sorted by
// short name; nil when there is none.
func ByDomain(domain string) []*Index {
	var out []*Index
	for _, ix := range All() {
		if strings.EqualFold(ix.Domain, domain) {
			out = append(out, ix)
		}
	}
	return out
}

// ByPlatform returns the entries whose platforms include the given one
// ("Sentinel-2", "Landsat-OLI", "Landsat-TM", "Landsat-ETM+", "MODIS",
// "Planet-Fusion", ...; case-insensitive), sorted by short name.
func ByPlatform(platform string) []*Index {
	var out []*Index
	for _, ix := range All() {
		for _, p := range ix.Platforms {
			if strings.EqualFold(p, platform) {
				out = append(out, ix)
				break
			}
		}
	}
	return out
}

// Domains returns the application domains of the catalogue, sorted.
func Domains() []string {
	var out []string
	for _, ix := range All() {
		if !slices.Contains(out, ix.Domain) {
			out = append(out, ix.Domain)
		}
	}
	sort.Strings(out)
	return out
}

// Platforms returns the platform names the catalogue's entries use, sorted.
func Platforms() []string {
	var out []string
	for _, ix := range All() {
		for _, p := range ix.Platforms {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Constants returns the catalogue's named constants sorted by name, with their
// defaults and descriptions. Note that the default of L, the canopy
// background adjustment of SAVI and its relatives, is 1.0 in the catalogue,
// not the 0.5 of Huete (1988).
func Constants() []Constant {
	c := mustLoad()
	out := make([]Constant, 0, len(c.constants))
	for _, k := range c.constants {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupConstant returns the catalogue constant with the given name (exact,
// case-sensitive: "n" and "N" differ) and whether it exists.
func LookupConstant(name string) (Constant, bool) {
	k, ok := mustLoad().constants[name]
	return k, ok
}

// BandLetters returns the catalogue's band letters (bands.json) sorted by
// letter. The radar letters VV, VH, HH and HV that the radar formulas use are
// not in bands.json and so not listed.
func BandLetters() []BandLetter {
	c := mustLoad()
	out := make([]BandLetter, 0, len(c.letters))
	for _, b := range c.letters {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Letter < out[j].Letter })
	return out
}

// radarLetters are the polarisation letters of Sentinel-1 and other SAR
// sensors used by the radar entries; bands.json does not list them.
var radarLetters = []string{"HH", "HV", "VH", "VV"}

// isBandLetter reports whether name is a catalogue band letter (including the
// radar polarisations).
func isBandLetter(name string) bool {
	if _, ok := mustLoad().letters[name]; ok {
		return true
	}
	return slices.Contains(radarLetters, name)
}

// Wavelengths returns the central wavelengths, in nanometres, of the band
// letters on a platform of bands.json ("landsat8", "sentinel2a", "modis",
// ...) as the constants lambdaX that formulas such as FAI, NDGI and CRSWIR
// need (lambdaN, lambdaR, lambdaG, lambdaS1, ...), ready to pass as
// [Options.Constants]. When the platform has no N but has N2 (Landsat 8 and
// 9: nir08), lambdaN is N2's wavelength.
func Wavelengths(platform string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, b := range BandLetters() {
		if p, ok := b.Platforms[platform]; ok {
			out["lambda"+b.Letter] = p.Wavelength
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("indices: no platform %q in the catalogue's bands.json", platform)
	}
	if _, ok := out["lambdaN"]; !ok {
		if v, ok := out["lambdaN2"]; ok {
			out["lambdaN"] = v
		}
	}
	return out, nil
}
