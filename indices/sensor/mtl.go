package sensor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxMTLSize is the largest metadata file ParseMTL accepts (1 MiB; real MTL
// files are 8–65 KB).
const MaxMTLSize = 1 << 20

// Linear is a linear rescaling of quantised values: physical = Mult·Q + Add.
type Linear struct {
	Mult, Add float64
}

// Apply returns Mult·q + Add.
func (l Linear) Apply(q float64) float64 { return l.Mult*q + l.Add }

// ThermalConstants are the calibration constants of a thermal band in the
// inverted Planck function BT = K2 / ln(K1/L + 1): K1 in W/(m²·sr·µm), K2 in
// kelvin.
type ThermalConstants struct {
	K1, K2 float64
}

// BandMetadata is what an MTL file says about one band. Nil pointers mean
// the file does not give that calibration.
type BandMetadata struct {
	// File is the band's file name as the MTL lists it ("" when the MTL
	// gives calibration but no file, e.g. Level-1 bands inside a Level-2
	// MTL).
	File string
	// Radiance converts Level-1 DN to TOA spectral radiance,
	// W/(m²·sr·µm): RADIANCE_MULT_BAND_n, RADIANCE_ADD_BAND_n.
	Radiance *Linear
	// Reflectance converts Level-1 DN to TOA reflectance without the sun
	// angle correction (divide by sin of the sun elevation):
	// REFLECTANCE_MULT_BAND_n, REFLECTANCE_ADD_BAND_n.
	Reflectance *Linear
	// Level2 converts a Level-2 DN to surface reflectance (0–1, SR_Bn) or
	// surface temperature (kelvin, ST_Bn).
	Level2 *Linear
	// Thermal holds K1_CONSTANT_BAND_n and K2_CONSTANT_BAND_n.
	Thermal *ThermalConstants
}

// Metadata is a Landsat product's metadata, read from MTL.txt (ODL) or
// MTL.json (Collection 2) by [ReadMTL] or [ParseMTL]. Bands are keyed by the
// band's file suffix: "B4", "B10", "B6_VCID_1" (Level-1), "SR_B4", "ST_B10"
// (Level-2), "QA_PIXEL", "QA_RADSAT" and "BQA" (the pre-collection quality
// band).
type Metadata struct {
	// Source is the file the metadata came from (for error messages).
	Source string
	// ProductID is LANDSAT_PRODUCT_ID (Collection 1 and 2) or, for the
	// pre-collection products, LANDSAT_SCENE_ID.
	ProductID string
	// SceneID is LANDSAT_SCENE_ID when present.
	SceneID string
	// Spacecraft is SPACECRAFT_ID ("LANDSAT_8"); Sensor is SENSOR_ID
	// ("OLI_TIRS", "TM", "ETM").
	Spacecraft, Sensor string
	// Platform is the catalogue platform of Spacecraft ("landsat8").
	Platform Platform
	// ProcessingLevel is PROCESSING_LEVEL or, in pre-collection MTLs,
	// DATA_TYPE ("L1TP", "L2SP", "L1T").
	ProcessingLevel string
	// Level is ProcessingLevel reduced to LevelL1 or LevelL2.
	Level Level
	// Collection is COLLECTION_NUMBER (1 or 2), 0 for pre-collection
	// products.
	Collection int
	// Acquired is DATE_ACQUIRED with SCENE_CENTER_TIME (UTC); zero when
	// absent.
	Acquired time.Time
	// SunElevation and SunAzimuth are the scene-centre sun angles in
	// degrees.
	SunElevation, SunAzimuth float64
	// EarthSunDistance is EARTH_SUN_DISTANCE in astronomical units, 0 when
	// the MTL does not give it (older TM and ETM+ MTLs; see
	// [EarthSunDistance]).
	EarthSunDistance float64
	// CloudCover is CLOUD_COVER in percent of the scene, NaN when absent
	// (-1 in the MTL also means "not computed" and is kept as -1).
	CloudCover float64
	// Bands holds the per-band file names and calibration.
	Bands map[string]*BandMetadata
}

// Band returns the metadata of band key ("B4", "SR_B4", "ST_B10"), or an
// error naming the file and listing the bands it has.
func (m *Metadata) Band(key string) (*BandMetadata, error) {
	if b, ok := m.Bands[key]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("sensor: %s has no band %s (it has %s)", m.Source, key, strings.Join(m.BandKeys(), ", "))
}

// BandKeys returns the keys of Bands, sorted.
func (m *Metadata) BandKeys() []string {
	keys := make([]string, 0, len(m.Bands))
	for k := range m.Bands {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ReadMTL reads a Landsat metadata file: MTL.txt (ODL) or MTL.json, chosen by
// the content (a JSON document starts with '{').
func ReadMTL(path string) (*Metadata, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sensor: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("sensor: %w", err)
	}
	if st.Size() > MaxMTLSize {
		return nil, fmt.Errorf("sensor: %s: %d bytes, larger than any Landsat MTL (limit %d)", path, st.Size(), MaxMTLSize)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("sensor: reading %s: %w", path, err)
	}
	return ParseMTL(data, path)
}

// mtlEntry is one KEY = VALUE of an MTL with the group that holds it.
type mtlEntry struct {
	group, key, value string
	where             string // "line 12" or "GROUP.KEY" for JSON
}

// ParseMTL parses the bytes of a Landsat MTL file, ODL text or JSON; name is
// used in error messages. NUL bytes (the padding of some MTL.txt files) and
// a UTF-8 byte-order mark are ignored. The ODL grammar accepted is that of
// the Landsat MTL: GROUP = name … END_GROUP = name blocks, KEY = value lines
// (quoted strings, numbers, dates and times) and a final END.
func ParseMTL(data []byte, name string) (*Metadata, error) {
	if len(data) > MaxMTLSize {
		return nil, fmt.Errorf("sensor: %s: %d bytes, larger than any Landsat MTL (limit %d)", name, len(data), MaxMTLSize)
	}
	data = bytes.ReplaceAll(data, []byte{0}, nil)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var entries []mtlEntry
	var err error
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		entries, err = parseMTLJSON(t, name)
	} else {
		entries, err = parseODL(data, name)
	}
	if err != nil {
		return nil, err
	}
	return buildMetadata(entries, name)
}

func parseODL(data []byte, name string) ([]mtlEntry, error) {
	var entries []mtlEntry
	var groups []string
	ended := false
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" {
			continue
		}
		if ended {
			return nil, fmt.Errorf("sensor: %s line %d: text after END", name, n)
		}
		if line == "END" {
			ended = true
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("sensor: %s line %d: %q is not KEY = VALUE", name, n, clip(line))
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" {
			return nil, fmt.Errorf("sensor: %s line %d: empty key", name, n)
		}
		switch k {
		case "GROUP":
			if len(groups) >= 16 {
				return nil, fmt.Errorf("sensor: %s line %d: groups nested more than 16 deep", name, n)
			}
			groups = append(groups, v)
			continue
		case "END_GROUP":
			if len(groups) == 0 || groups[len(groups)-1] != v {
				open := "no open group"
				if len(groups) > 0 {
					open = "open group " + groups[len(groups)-1]
				}
				return nil, fmt.Errorf("sensor: %s line %d: END_GROUP = %s does not close the %s", name, n, clip(v), open)
			}
			groups = groups[:len(groups)-1]
			continue
		}
		if strings.HasPrefix(v, `"`) {
			if len(v) < 2 || !strings.HasSuffix(v, `"`) {
				return nil, fmt.Errorf("sensor: %s line %d: %s has an unterminated string", name, n, k)
			}
			v = v[1 : len(v)-1]
		}
		g := ""
		if len(groups) > 0 {
			g = groups[len(groups)-1]
		}
		entries = append(entries, mtlEntry{group: g, key: k, value: v, where: "line " + strconv.Itoa(n)})
	}
	if len(groups) > 0 {
		return nil, fmt.Errorf("sensor: %s: group %s is never closed (truncated file?)", name, groups[len(groups)-1])
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("sensor: %s: no KEY = VALUE lines: not a Landsat MTL", name)
	}
	return entries, nil
}

func parseMTLJSON(data []byte, name string) ([]mtlEntry, error) {
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&root); err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", name, err)
	}
	var entries []mtlEntry
	var walk func(group string, obj map[string]any, depth int) error
	walk = func(group string, obj map[string]any, depth int) error {
		if depth > 16 {
			return fmt.Errorf("sensor: %s: groups nested more than 16 deep", name)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := obj[k].(type) {
			case map[string]any:
				if err := walk(k, v, depth+1); err != nil {
					return err
				}
			case string:
				entries = append(entries, mtlEntry{group: group, key: k, value: v, where: group + "." + k})
			case json.Number:
				entries = append(entries, mtlEntry{group: group, key: k, value: v.String(), where: group + "." + k})
			case nil, bool, []any:
				// not used by Landsat MTLs; ignored
			}
		}
		return nil
	}
	if err := walk("", root, 0); err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("sensor: %s: no metadata values: not a Landsat MTL.json", name)
	}
	return entries, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// bandKey turns the suffix of FILE_NAME_BAND_x / RADIANCE_MULT_BAND_x into a
// band key: "1" → "B1", "6_VCID_1" → "B6_VCID_1", "ST_B10" → "ST_B10".
func bandKey(suffix string) string {
	if suffix != "" && suffix[0] >= '0' && suffix[0] <= '9' {
		return "B" + suffix
	}
	return suffix
}

func buildMetadata(entries []mtlEntry, name string) (*Metadata, error) {
	m := &Metadata{Source: name, CloudCover: math.NaN(), Bands: map[string]*BandMetadata{}}
	band := func(k string) *BandMetadata {
		b := m.Bands[k]
		if b == nil {
			b = &BandMetadata{}
			m.Bands[k] = b
		}
		return b
	}
	num := func(e mtlEntry) (float64, error) {
		v, err := strconv.ParseFloat(e.value, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, fmt.Errorf("sensor: %s %s: %s = %q is not a number", name, e.where, e.key, clip(e.value))
		}
		return v, nil
	}
	var date, clock string
	type pending struct {
		mult, add *float64
	}
	rad := map[string]*pending{}
	refl := map[string]*pending{}
	l2 := map[string]*pending{}
	k1 := map[string]float64{}
	k2 := map[string]float64{}
	get := func(t map[string]*pending, k string) *pending {
		p := t[k]
		if p == nil {
			p = &pending{}
			t[k] = p
		}
		return p
	}
	fileGroups := map[string]bool{"PRODUCT_METADATA": true, "PRODUCT_CONTENTS": true}
	for _, e := range entries {
		level2 := strings.HasPrefix(e.group, "LEVEL2_")
		switch {
		case e.key == "LANDSAT_PRODUCT_ID" && m.ProductID == "" && e.group != "LEVEL1_PROCESSING_RECORD":
			m.ProductID = e.value
		case e.key == "LANDSAT_SCENE_ID":
			m.SceneID = e.value
		case e.key == "SPACECRAFT_ID":
			m.Spacecraft = e.value
		case e.key == "SENSOR_ID":
			m.Sensor = e.value
		case e.key == "PROCESSING_LEVEL" && e.group != "LEVEL1_PROCESSING_RECORD":
			m.ProcessingLevel = e.value
		case e.key == "DATA_TYPE" && m.ProcessingLevel == "":
			m.ProcessingLevel = e.value
		case e.key == "COLLECTION_NUMBER":
			v, err := num(e)
			if err != nil {
				return nil, err
			}
			m.Collection = int(v)
		case e.key == "DATE_ACQUIRED":
			date = e.value
		case e.key == "SCENE_CENTER_TIME":
			clock = e.value
		case e.key == "SUN_ELEVATION", e.key == "SUN_AZIMUTH", e.key == "EARTH_SUN_DISTANCE", e.key == "CLOUD_COVER":
			v, err := num(e)
			if err != nil {
				return nil, err
			}
			switch e.key {
			case "SUN_ELEVATION":
				if v < -90 || v > 90 {
					return nil, fmt.Errorf("sensor: %s %s: SUN_ELEVATION = %g is not an elevation in degrees", name, e.where, v)
				}
				m.SunElevation = v
			case "SUN_AZIMUTH":
				m.SunAzimuth = v
			case "EARTH_SUN_DISTANCE":
				if v <= 0 || v > 2 {
					return nil, fmt.Errorf("sensor: %s %s: EARTH_SUN_DISTANCE = %g AU is implausible", name, e.where, v)
				}
				m.EarthSunDistance = v
			case "CLOUD_COVER":
				m.CloudCover = v
			}
		case strings.HasPrefix(e.key, "FILE_NAME_") && fileGroups[e.group]:
			k := ""
			switch s := strings.TrimPrefix(e.key, "FILE_NAME_"); {
			case strings.HasPrefix(s, "BAND_QUALITY"):
				k = "BQA"
			case strings.HasPrefix(s, "BAND_"):
				k = bandKey(strings.TrimPrefix(s, "BAND_"))
			case s == "QUALITY_L1_PIXEL":
				k = "QA_PIXEL"
			case s == "QUALITY_L1_RADIOMETRIC_SATURATION":
				k = "QA_RADSAT"
			}
			if k != "" {
				if strings.ContainsAny(e.value, `/\`) || e.value == "" || e.value == "." || e.value == ".." {
					return nil, fmt.Errorf("sensor: %s %s: %s = %q is not a plain file name", name, e.where, e.key, clip(e.value))
				}
				band(k).File = e.value
			}
		case strings.HasPrefix(e.key, "RADIANCE_MULT_BAND_"), strings.HasPrefix(e.key, "RADIANCE_ADD_BAND_"),
			strings.HasPrefix(e.key, "REFLECTANCE_MULT_BAND_"), strings.HasPrefix(e.key, "REFLECTANCE_ADD_BAND_"),
			strings.HasPrefix(e.key, "TEMPERATURE_MULT_BAND_"), strings.HasPrefix(e.key, "TEMPERATURE_ADD_BAND_"):
			v, err := num(e)
			if err != nil {
				return nil, err
			}
			kind, rest, _ := strings.Cut(e.key, "_")
			op, suffix, _ := strings.Cut(rest, "_BAND_")
			k := bandKey(suffix)
			var t map[string]*pending
			switch {
			case kind == "RADIANCE":
				t = rad
			case kind == "REFLECTANCE" && level2:
				t, k = l2, "SR_"+k
			case kind == "REFLECTANCE":
				t = refl
			case kind == "TEMPERATURE":
				t = l2
			}
			p := get(t, k)
			if op == "MULT" {
				p.mult = &v
			} else {
				p.add = &v
			}
		case strings.HasPrefix(e.key, "K1_CONSTANT_BAND_"), strings.HasPrefix(e.key, "K2_CONSTANT_BAND_"):
			v, err := num(e)
			if err != nil {
				return nil, err
			}
			if v <= 0 {
				return nil, fmt.Errorf("sensor: %s %s: %s = %g must be positive", name, e.where, e.key, v)
			}
			k := bandKey(e.key[len("K1_CONSTANT_BAND_"):])
			if e.key[1] == '1' {
				k1[k] = v
			} else {
				k2[k] = v
			}
		}
	}
	if m.Spacecraft == "" {
		return nil, fmt.Errorf("sensor: %s: no SPACECRAFT_ID: not a Landsat MTL", name)
	}
	p, err := platformOfSpacecraft(m.Spacecraft)
	if err != nil {
		return nil, fmt.Errorf("sensor: %s: %w", name, err)
	}
	m.Platform = p
	switch {
	case strings.HasPrefix(m.ProcessingLevel, "L2"):
		m.Level = LevelL2
	case strings.HasPrefix(m.ProcessingLevel, "L1"), strings.HasPrefix(m.ProcessingLevel, "L0"):
		m.Level = LevelL1
	default:
		return nil, fmt.Errorf("sensor: %s: processing level %q is neither Level-1 nor Level-2", name, m.ProcessingLevel)
	}
	if m.ProductID == "" {
		m.ProductID = m.SceneID
	}
	if m.Level == LevelL2 {
		// In a Level-2 MTL, FILE_NAME_BAND_n names the SR_Bn file.
		for k, b := range m.Bands {
			if len(k) > 1 && k[0] == 'B' && k[1] >= '0' && k[1] <= '9' && b.File != "" {
				band("SR_" + k).File = b.File
				b.File = ""
			}
		}
	}
	for _, src := range []struct {
		t   map[string]*pending
		set func(*BandMetadata, *Linear)
		nm  string
	}{
		{rad, func(b *BandMetadata, l *Linear) { b.Radiance = l }, "RADIANCE"},
		{refl, func(b *BandMetadata, l *Linear) { b.Reflectance = l }, "REFLECTANCE"},
		{l2, func(b *BandMetadata, l *Linear) { b.Level2 = l }, "level-2 scale"},
	} {
		for k, pd := range src.t {
			if pd.mult == nil || pd.add == nil {
				return nil, fmt.Errorf("sensor: %s: band %s has only one of the %s MULT and ADD coefficients", name, k, src.nm)
			}
			src.set(band(k), &Linear{Mult: *pd.mult, Add: *pd.add})
		}
	}
	for k, v1 := range k1 {
		v2, ok := k2[k]
		if !ok {
			return nil, fmt.Errorf("sensor: %s: band %s has K1_CONSTANT but no K2_CONSTANT", name, k)
		}
		band(k).Thermal = &ThermalConstants{K1: v1, K2: v2}
	}
	for k := range k2 {
		if _, ok := k1[k]; !ok {
			return nil, fmt.Errorf("sensor: %s: band %s has K2_CONSTANT but no K1_CONSTANT", name, k)
		}
	}
	if date != "" {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return nil, fmt.Errorf("sensor: %s: DATE_ACQUIRED = %q is not a date", name, clip(date))
		}
		if clock != "" {
			c := strings.TrimSuffix(clock, "Z")
			if ct, err := time.Parse("15:04:05.999999999", c); err == nil {
				t = t.Add(time.Duration(ct.Hour())*time.Hour + time.Duration(ct.Minute())*time.Minute +
					time.Duration(ct.Second())*time.Second + time.Duration(ct.Nanosecond()))
			} else {
				return nil, fmt.Errorf("sensor: %s: SCENE_CENTER_TIME = %q is not a time", name, clip(clock))
			}
		}
		m.Acquired = t
	}
	return m, nil
}

func platformOfSpacecraft(id string) (Platform, error) {
	switch id {
	case "LANDSAT_4":
		return Landsat4, nil
	case "LANDSAT_5":
		return Landsat5, nil
	case "LANDSAT_7":
		return Landsat7, nil
	case "LANDSAT_8":
		return Landsat8, nil
	case "LANDSAT_9":
		return Landsat9, nil
	}
	return "", fmt.Errorf("SPACECRAFT_ID %q is not Landsat 4, 5, 7, 8 or 9", clip(id))
}

// FindMTL returns the metadata file of a Landsat product folder: the single
// *_MTL.txt, or else the single *_MTL.json. An error names the folder.
func FindMTL(dir string) (string, error) {
	for _, pat := range []string{"*_MTL.txt", "*_MTL.TXT", "*_MTL.json"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return "", fmt.Errorf("sensor: %w", err)
		}
		if len(m) > 1 {
			return "", fmt.Errorf("sensor: %s holds %d %s files; name one", dir, len(m), pat)
		}
		if len(m) == 1 {
			return m[0], nil
		}
	}
	return "", fmt.Errorf("sensor: %s has no *_MTL.txt or *_MTL.json file", dir)
}
