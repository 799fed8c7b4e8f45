package geotiff

import (
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// GeoKey identifiers (GeoTIFF 1.1, OGC 19-008r4, section 7).
const (
	keyGTModelType          = 1024
	keyGTRasterType         = 1025
	keyGTCitation           = 1026
	keyGeographicType       = 2048
	keyGeogCitation         = 2049
	keyProjectedCSType      = 3072
	keyPCSCitation          = 3073
	userDefined             = 32767
	modelTypeProjected      = 1
	modelTypeGeographic     = 2
	rasterPixelIsArea       = 1
	rasterPixelIsPoint      = 2
	maxGeoKeys              = 1024
	geoKeyDirectoryHeaderSz = 4
)

// GeoKey is one GeoTIFF key with its value: Short for keys stored in the
// directory itself, Doubles for GeoDoubleParams and ASCII for
// GeoAsciiParams.
type GeoKey struct {
	ID      int
	Short   int
	Doubles []float64
	ASCII   string
}

// parseGeoKeys decodes the GeoKeyDirectory and its parameter tags.
func parseGeoKeys(dir []uint64, doubles []float64, ascii string) (map[int]GeoKey, error) {
	if len(dir) < geoKeyDirectoryHeaderSz {
		return nil, fmt.Errorf("GeoKeyDirectory (34735) has %d values, want at least 4", len(dir))
	}
	n := int(dir[3])
	if n > maxGeoKeys || len(dir) < geoKeyDirectoryHeaderSz+4*n {
		return nil, fmt.Errorf("GeoKeyDirectory (34735) declares %d keys but holds %d values", n, len(dir))
	}
	keys := make(map[int]GeoKey, n)
	for i := 0; i < n; i++ {
		k := dir[4+4*i : 8+4*i]
		key := GeoKey{ID: int(k[0])}
		loc, count, val := k[1], int(k[2]), int(k[3])
		switch loc {
		case 0:
			key.Short = val
		case tagGeoDoubleParams:
			if val < 0 || count < 0 || val+count > len(doubles) {
				return nil, fmt.Errorf("GeoKey %d: doubles %d..%d outside GeoDoubleParams (%d values)", key.ID, val, val+count, len(doubles))
			}
			key.Doubles = doubles[val : val+count]
		case tagGeoASCIIParams:
			if val < 0 || count < 0 || val+count > len(ascii) {
				return nil, fmt.Errorf("GeoKey %d: characters %d..%d outside GeoAsciiParams (%d bytes)", key.ID, val, val+count, len(ascii))
			}
			key.ASCII = strings.TrimRight(ascii[val:val+count], "|\x00")
		case tagGeoKeyDirectory:
			if val < 0 || val >= len(dir) {
				return nil, fmt.Errorf("GeoKey %d: value index %d outside GeoKeyDirectory", key.ID, val)
			}
			key.Short = int(dir[val])
		default:
			continue // keys stored in other tags are not used
		}
		keys[key.ID] = key
	}
	return keys, nil
}

// parseNodata reads the GDAL_NODATA ASCII tag: a decimal number, "nan",
// "inf" or "-inf" (GDAL writes these spellings).
func parseNodata(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimRight(s, "\x00"))
	switch strings.ToLower(s) {
	case "nan", "-nan":
		return math.NaN(), nil
	case "inf", "+inf", "infinity":
		return math.Inf(1), nil
	case "-inf", "-infinity":
		return math.Inf(-1), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("GDAL_NODATA (42113) %q is not a number", s)
	}
	return v, nil
}

// gdalMetadata is the XML of the GDAL_METADATA tag.
type gdalMetadata struct {
	Items []struct {
		Name   string `xml:"name,attr"`
		Sample string `xml:"sample,attr"`
		Role   string `xml:"role,attr"`
		Value  string `xml:",chardata"`
	} `xml:"Item"`
}

// bandMetadata holds what GDAL_METADATA says about the bands.
type bandMetadata struct {
	scale, offset []float64 // NaN when absent
	description   []string
	items         map[string]string // dataset-level items
}

// parseGDALMetadata extracts per-band scale, offset and description and the
// dataset-level items from the GDAL_METADATA XML.
func parseGDALMetadata(text string, bands int) (bandMetadata, error) {
	md := bandMetadata{scale: make([]float64, bands), offset: make([]float64, bands), description: make([]string, bands), items: map[string]string{}}
	for i := range bands {
		md.scale[i], md.offset[i] = math.NaN(), math.NaN()
	}
	if strings.TrimSpace(text) == "" {
		return md, nil
	}
	var x gdalMetadata
	if err := xml.Unmarshal([]byte(strings.TrimRight(text, "\x00")), &x); err != nil {
		return md, fmt.Errorf("GDAL_METADATA (42112): %w", err)
	}
	// GDAL escapes item values twice ("a & b" is stored as "a &amp;amp; b")
	// and unescapes them twice when reading; the XML decoder did one.
	for i := range x.Items {
		x.Items[i].Value = html.UnescapeString(x.Items[i].Value)
	}
	for _, it := range x.Items {
		if it.Sample == "" {
			md.items[it.Name] = it.Value
			continue
		}
		b, err := strconv.Atoi(it.Sample)
		if err != nil || b < 0 || b >= bands {
			continue
		}
		role := strings.ToLower(it.Role)
		if role == "" {
			role = strings.ToLower(it.Name)
		}
		switch role {
		case "scale", "offset":
			v, err := strconv.ParseFloat(strings.TrimSpace(it.Value), 64)
			if err != nil {
				return md, fmt.Errorf("GDAL_METADATA (42112): band %d %s %q is not a number", b+1, role, it.Value)
			}
			if role == "scale" {
				md.scale[b] = v
			} else {
				md.offset[b] = v
			}
		case "description":
			md.description[b] = it.Value
		}
	}
	return md, nil
}
