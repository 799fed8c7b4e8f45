package sensor

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Sentinel2Offset returns the DN offset of Sentinel-2 L1C and L2A
// reflectance for a processing baseline ("02.14", "04.00", "05.10"):
// −1000 from baseline 04.00 on (products from 25 January 2022, with
// RADIO_ADD_OFFSET / BOA_ADD_OFFSET = −1000 in their metadata), 0 before.
// Reflectance is then (DN + offset)/10000 (ESA, Sentinel-2 Products
// Specification Document S2-PDGS-TAS-DI-PSD, issue 14.9, "Quantification
// Value and Radiometric Offset"; Copernicus news "Processing Baseline
// 04.00", 2022).
func Sentinel2Offset(baseline string) (float64, error) {
	major, minor, ok := strings.Cut(strings.TrimSpace(baseline), ".")
	a, err1 := strconv.Atoi(major)
	_, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || a < 0 || a > 99 {
		return 0, fmt.Errorf("sensor: %q is not a Sentinel-2 processing baseline like \"04.00\"", baseline)
	}
	if a >= 4 {
		return -1000, nil
	}
	return 0, nil
}

var (
	s2BandFile     = regexp.MustCompile(`(?i)(?:^|_)(B0[1-9]|B1[0-2]|B8A|SCL)(?:_(10|20|60)m)?\.tiff?$`)
	s2BaselineName = regexp.MustCompile(`_N(\d{2})(\d{2})_`)
	s2PlatformName = regexp.MustCompile(`(?i)(?:^|[/_])S2([ABC])_`)
)

// sentinel2Item is the part of a STAC item the loader reads.
type sentinel2Item struct {
	ID         string `json:"id"`
	Properties struct {
		Platform    string `json:"platform"`
		Baseline    string `json:"s2:processing_baseline"`
		ProductType string `json:"s2:product_type"`
		ProductURI  string `json:"s2:product_uri"`
	} `json:"properties"`
}

// OpenSentinel2 opens a Sentinel-2 band set: the GeoTIFF or COG files
// B01.tif … B12.tif, B8A.tif and SCL.tif of a folder (also named …_B04.tif or
// …_B04_10m.tif; of several files for one band, the one whose name sorts
// first, so …_10m before …_20m before …_60m), and/or the files given in
// opts.Sentinel2Files. dir may be "" when every file is given. The JPEG 2000
// files inside a .SAFE product are not read: convert them to GeoTIFF first
// (gdal_translate), or use the COGs of a STAC catalogue.
//
// Reflectance is (DN + offset)/10000 with the offset of [Sentinel2Offset]
// for the processing baseline; DN 0 is no data (NaN). The baseline is
// opts.Sentinel2Baseline, else the s2:processing_baseline of a STAC item
// (*.json) in the folder, else the N0214-style field of a product name
// (s2:product_uri, the item id or the folder name); with none of these the
// load fails, as the wrong offset would shift every reflectance by 0.1.
// The level is L2A when the STAC product type, the product name or an SCL
// file says so, L1C otherwise; the platform (Sentinel-2A/B/C) comes from
// the STAC item or the product name (Sentinel-2A when unknown; the MSI
// bands are the same).
//
// Bands of different resolutions are resampled onto the finest band's grid
// (Options.Resampling; bilinear by default for the coarser bands, e.g. the
// 20 m B11, B12 onto 10 m).
func OpenSentinel2(dir string, opts *Options) (*Product, error) {
	if opts == nil {
		opts = &Options{}
	}
	files := map[string]string{}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("sensor: %w", err)
		}
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			if !e.IsDir() {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names) // _10m before _20m before _60m
		for _, n := range names {
			m := s2BandFile.FindStringSubmatch(n)
			if m == nil {
				continue
			}
			b := strings.ToUpper(m[1])
			if _, dup := files[b]; !dup {
				files[b] = filepath.Join(dir, n)
			}
		}
	}
	for b, f := range opts.Sentinel2Files {
		bu := strings.ToUpper(b)
		if len(bu) == 2 && bu[0] == 'B' {
			bu = "B0" + bu[1:]
		}
		if !s2BandFile.MatchString(bu + ".tif") {
			return nil, fmt.Errorf("sensor: %q is not a Sentinel-2 band name (B01…B12, B8A, SCL)", b)
		}
		files[bu] = f
	}
	name := filepath.Base(dir)
	if dir == "" {
		name = "Sentinel-2 band set"
	}
	var item *sentinel2Item
	if dir != "" {
		var err error
		if item, err = findSTACItem(dir); err != nil {
			return nil, err
		}
	}
	var hints []string // product names to look for baseline and platform in
	if item != nil {
		hints = append(hints, item.Properties.ProductURI, item.ID)
		if item.Properties.ProductURI != "" {
			name = strings.TrimSuffix(item.Properties.ProductURI, ".SAFE")
		} else if item.ID != "" {
			name = item.ID
		}
	}
	hints = append(hints, filepath.Base(dir))
	baseline := opts.Sentinel2Baseline
	if baseline == "" && item != nil {
		baseline = item.Properties.Baseline
	}
	if baseline == "" {
		for _, h := range hints {
			if m := s2BaselineName.FindStringSubmatch(h); m != nil {
				baseline = m[1] + "." + m[2]
				break
			}
		}
	}
	if baseline == "" {
		return nil, fmt.Errorf("sensor: %s: the Sentinel-2 processing baseline is unknown (no STAC item or product name with it); set Options.Sentinel2Baseline", name)
	}
	offset, err := Sentinel2Offset(baseline)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", name, err)
	}
	platform := Sentinel2A
	found := false
	if item != nil {
		switch strings.ToLower(item.Properties.Platform) {
		case "sentinel-2a":
			platform, found = Sentinel2A, true
		case "sentinel-2b":
			platform, found = Sentinel2B, true
		case "sentinel-2c":
			platform, found = Sentinel2C, true
		}
	}
	for _, h := range hints {
		if found {
			break
		}
		if m := s2PlatformName.FindStringSubmatch(h); m != nil {
			platform, found = Platform("sentinel2"+strings.ToLower(m[1])), true
		}
	}
	level := LevelL1C
	if _, ok := files["SCL"]; ok {
		level = LevelL2A
	}
	if item != nil && strings.Contains(item.Properties.ProductType, "2A") {
		level = LevelL2A
	}
	for _, h := range hints {
		if strings.Contains(h, "MSIL2A") {
			level = LevelL2A
		}
	}
	p := &Product{Name: name, Platform: platform, Level: level, Sentinel2Baseline: baseline}
	var specs []bandSpec
	for _, letter := range Letters(platform) {
		band, _ := BandName(platform, letter)
		file, ok := files[band]
		if !ok {
			continue
		}
		f, err := p.openFile(file)
		if err != nil {
			p.Close()
			return nil, err
		}
		cal := calibration{Gain: 1.0 / 10000, Offset: offset / 10000, FillZero: true}
		if nd, ok := f.Nodata(); ok {
			cal.Nodata, cal.HasNodata = nd, true
		}
		specs = append(specs, bandSpec{
			info: ProductBand{Letter: letter, Band: band, Path: file, Unit: "reflectance",
				Calibration: fmt.Sprintf("ρ = (DN %+g)/10000 (baseline %s)", offset, baseline)},
			src: &fileBand{name: letter, path: file, img: f.Image, cal: cal},
		})
	}
	var quality *fileBand
	if file, ok := files["SCL"]; ok {
		f, err := p.openFile(file)
		if err != nil {
			p.Close()
			return nil, err
		}
		quality = &fileBand{name: "SCL", path: file, img: f.Image, cal: calibration{Gain: 1}}
		p.Quality = QualitySCL
	}
	if err := p.assemble(specs, quality, opts); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// findSTACItem reads the one STAC item (*.json with "type": "Feature") of a
// folder, nil when there is none.
func findSTACItem(dir string) (*sentinel2Item, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("sensor: %w", err)
	}
	for _, m := range matches {
		st, err := os.Stat(m)
		if err != nil || st.Size() > 16<<20 {
			continue
		}
		data, err := os.ReadFile(m)
		if err != nil {
			return nil, fmt.Errorf("sensor: %w", err)
		}
		var probe struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(data, &probe) != nil || probe.Type != "Feature" {
			continue
		}
		var it sentinel2Item
		if err := json.Unmarshal(data, &it); err != nil {
			return nil, fmt.Errorf("sensor: STAC item %s: %w", m, err)
		}
		return &it, nil
	}
	return nil, nil
}
