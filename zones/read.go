package zones

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// MaxGeoJSONBytes is the largest GeoJSON document Read accepts (1 GiB), so
// that a hostile or mistaken input fails with an error rather than
// exhausting memory.
const MaxGeoJSONBytes = 1 << 30

// ErrInvalidZone is wrapped by every error about a feature's geometry:
// unclosed rings, NaN or infinite coordinates, rings with fewer than 3
// distinct points, empty or non-polygon geometries.
var ErrInvalidZone = errors.New("invalid zone")

// ReadFile reads zones from the GeoJSON file at path (see Read); errors name
// the file.
func ReadFile(path, idProperty string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	defer f.Close()
	s, err := Read(f, idProperty)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Read reads zones from GeoJSON (RFC 7946): a FeatureCollection, a single
// Feature, or a bare Polygon or MultiPolygon geometry. Each feature becomes
// one Zone whose Geometry is a MultiPolygon (a Polygon is stored as a
// one-polygon MultiPolygon), with its properties kept as decoded by
// encoding/json (numbers are float64).
//
// The zone's ID is the value of the property named idProperty (a string, or
// a number formatted without exponent when it is an integer); when
// idProperty is empty, or a feature lacks it, the feature's "id" member is
// used, and failing that the feature's 1-based position in the collection.
//
// Coordinates are WGS 84 longitude, latitude in degrees (EPSG:4326), as RFC
// 7946 requires, unless the document has a top-level "crs" member of the
// 2008 GeoJSON specification: {"type":"name","properties":{"name":N}} where
// N is anything raster/crs.Parse understands ("EPSG:32644",
// "urn:ogc:def:crs:EPSG::32616", "urn:ogc:def:crs:OGC:1.3:CRS84", ...). A
// crs member that cannot be understood is an error, never a guess.
//
// A geometry that is not a Polygon or MultiPolygon, is empty or null, has a
// ring that is not closed, has fewer than 4 positions or fewer than 3
// distinct points, or has a NaN or infinite coordinate, is an error wrapping
// ErrInvalidZone that names the feature by position and ID. Rings that
// cross themselves or each other are accepted (Set.Validate reports them;
// rasterization treats them by the even-odd rule). Inputs larger than
// MaxGeoJSONBytes are refused.
func Read(r io.Reader, idProperty string) (*Set, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxGeoJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("zones: reading GeoJSON: %w", err)
	}
	if len(data) > MaxGeoJSONBytes {
		return nil, fmt.Errorf("zones: GeoJSON larger than %d bytes", MaxGeoJSONBytes)
	}
	return parseGeoJSON(data, idProperty)
}

// geojsonObject is the union of the members of a GeoJSON object that Read
// looks at.
type geojsonObject struct {
	Type        string            `json:"type"`
	Features    []json.RawMessage `json:"features"`
	Geometry    json.RawMessage   `json:"geometry"`
	Properties  json.RawMessage   `json:"properties"`
	ID          json.RawMessage   `json:"id"`
	Coordinates json.RawMessage   `json:"coordinates"`
	CRS         *geojsonCRS       `json:"crs"`
}

type geojsonCRS struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
}

func parseGeoJSON(data []byte, idProperty string) (*Set, error) {
	var top geojsonObject
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("zones: decoding GeoJSON: %w", err)
	}
	set := &Set{CRS: raster.CRS{EPSG: 4326}}
	if top.CRS != nil {
		c, err := parseCRSMember(top.CRS)
		if err != nil {
			return nil, err
		}
		set.CRS = c
	}
	switch top.Type {
	case "FeatureCollection":
		if top.Features == nil {
			return nil, errors.New("zones: FeatureCollection without a features array")
		}
		set.Zones = make([]Zone, 0, len(top.Features))
		for i, raw := range top.Features {
			var f geojsonObject
			if err := json.Unmarshal(raw, &f); err != nil {
				return nil, fmt.Errorf("zones: feature %d: %w", i+1, err)
			}
			if f.Type != "Feature" {
				return nil, fmt.Errorf("zones: feature %d: type %q, want \"Feature\"", i+1, f.Type)
			}
			z, err := featureZone(&f, i, idProperty)
			if err != nil {
				return nil, err
			}
			set.Zones = append(set.Zones, z)
		}
	case "Feature":
		z, err := featureZone(&top, 0, idProperty)
		if err != nil {
			return nil, err
		}
		set.Zones = []Zone{z}
	case "Polygon", "MultiPolygon":
		mp, err := geometryOf(top.Type, top.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("zones: feature 1: %w", err)
		}
		set.Zones = []Zone{{ID: "1", Geometry: mp, Properties: map[string]any{}}}
	case "":
		return nil, errors.New("zones: GeoJSON object without a type")
	default:
		return nil, fmt.Errorf("zones: GeoJSON %s: %w: want a FeatureCollection, Feature, Polygon or MultiPolygon", top.Type, ErrInvalidZone)
	}
	return set, nil
}

// parseCRSMember interprets the 2008 GeoJSON "crs" member.
func parseCRSMember(c *geojsonCRS) (raster.CRS, error) {
	if c.Type != "name" {
		return raster.CRS{}, fmt.Errorf("zones: crs member of type %q is not supported (only \"name\")", c.Type)
	}
	name, _ := c.Properties["name"].(string)
	if name == "" {
		return raster.CRS{}, errors.New("zones: crs member without a properties.name string")
	}
	switch name {
	case "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84", "CRS84":
		return raster.CRS{EPSG: 4326, Definition: name}, nil
	}
	parsed, err := crs.Parse(name)
	if err != nil {
		return raster.CRS{}, fmt.Errorf("zones: crs %q: %w", name, err)
	}
	return raster.CRS{EPSG: parsed.EPSG(), Definition: name}, nil
}

// featureZone builds the zone of feature number i (0-based).
func featureZone(f *geojsonObject, i int, idProperty string) (Zone, error) {
	props := map[string]any{}
	if len(f.Properties) > 0 && !bytes.Equal(bytes.TrimSpace(f.Properties), []byte("null")) {
		if err := json.Unmarshal(f.Properties, &props); err != nil {
			return Zone{}, fmt.Errorf("zones: feature %d: properties: %w", i+1, err)
		}
	}
	id := strconv.Itoa(i + 1)
	if v, ok := props[idProperty]; ok && idProperty != "" && v != nil {
		id = idString(v)
	} else if len(f.ID) > 0 {
		var v any
		if err := json.Unmarshal(f.ID, &v); err == nil && v != nil {
			id = idString(v)
		}
	}
	var g geojsonObject
	if len(f.Geometry) == 0 || bytes.Equal(bytes.TrimSpace(f.Geometry), []byte("null")) {
		return Zone{}, fmt.Errorf("zones: feature %d (id %s): %w: empty geometry", i+1, id, ErrInvalidZone)
	}
	if err := json.Unmarshal(f.Geometry, &g); err != nil {
		return Zone{}, fmt.Errorf("zones: feature %d (id %s): geometry: %w", i+1, id, err)
	}
	mp, err := geometryOf(g.Type, g.Coordinates)
	if err != nil {
		return Zone{}, fmt.Errorf("zones: feature %d (id %s): %w", i+1, id, err)
	}
	return Zone{ID: id, Geometry: mp, Properties: props}, nil
}

// idString formats a property value as a zone ID.
func idString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// geometryOf decodes and checks Polygon or MultiPolygon coordinates.
func geometryOf(typ string, coords json.RawMessage) (orb.MultiPolygon, error) {
	if len(coords) == 0 || bytes.Equal(bytes.TrimSpace(coords), []byte("null")) {
		if typ == "Polygon" || typ == "MultiPolygon" {
			return nil, fmt.Errorf("%w: empty %s", ErrInvalidZone, typ)
		}
	}
	var mp orb.MultiPolygon
	switch typ {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(coords, &c); err != nil {
			return nil, fmt.Errorf("%w: Polygon coordinates: %v", ErrInvalidZone, err)
		}
		p, err := polygonOf(c, 0)
		if err != nil {
			return nil, err
		}
		mp = orb.MultiPolygon{p}
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(coords, &c); err != nil {
			return nil, fmt.Errorf("%w: MultiPolygon coordinates: %v", ErrInvalidZone, err)
		}
		if len(c) == 0 {
			return nil, fmt.Errorf("%w: empty MultiPolygon", ErrInvalidZone)
		}
		mp = make(orb.MultiPolygon, 0, len(c))
		for k, pc := range c {
			p, err := polygonOf(pc, k+1)
			if err != nil {
				return nil, err
			}
			mp = append(mp, p)
		}
	case "":
		return nil, fmt.Errorf("%w: geometry without a type", ErrInvalidZone)
	default:
		return nil, fmt.Errorf("%w: geometry type %s, want Polygon or MultiPolygon", ErrInvalidZone, typ)
	}
	return mp, nil
}

// polygonOf converts and checks one polygon; part is its 1-based position in
// a MultiPolygon, 0 for a Polygon.
func polygonOf(c [][][]float64, part int) (orb.Polygon, error) {
	where := func(ring int) string {
		s := "exterior ring"
		if ring > 0 {
			s = fmt.Sprintf("interior ring %d", ring)
		}
		if part > 0 {
			s = fmt.Sprintf("polygon %d %s", part, s)
		}
		return s
	}
	if len(c) == 0 {
		if part > 0 {
			return nil, fmt.Errorf("%w: polygon %d is empty", ErrInvalidZone, part)
		}
		return nil, fmt.Errorf("%w: empty Polygon", ErrInvalidZone)
	}
	p := make(orb.Polygon, len(c))
	for k, rc := range c {
		ring := make(orb.Ring, len(rc))
		for j, pos := range rc {
			if len(pos) < 2 {
				return nil, fmt.Errorf("%w: %s position %d has %d coordinates", ErrInvalidZone, where(k), j+1, len(pos))
			}
			x, y := pos[0], pos[1]
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				return nil, fmt.Errorf("%w: %s position %d is not finite: (%g, %g)", ErrInvalidZone, where(k), j+1, x, y)
			}
			ring[j] = orb.Point{x, y}
		}
		if err := checkZoneRing(ring); err != nil {
			return nil, fmt.Errorf("%w: %s %v", ErrInvalidZone, where(k), err)
		}
		p[k] = ring
	}
	return p, nil
}

// checkZoneRing checks that a ring is closed and has at least 3 distinct points.
func checkZoneRing(r orb.Ring) error {
	if len(r) == 0 {
		return errors.New("is empty")
	}
	if len(r) < 4 {
		return fmt.Errorf("has %d positions, want at least 4", len(r))
	}
	if r[0] != r[len(r)-1] {
		return fmt.Errorf("is not closed: first position %v, last %v", r[0], r[len(r)-1])
	}
	for _, pt := range r {
		if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
			return fmt.Errorf("has a non-finite position %v", pt)
		}
	}
	distinct := 1
	var second orb.Point
	for _, pt := range r[1:] {
		if pt == r[0] || (distinct == 2 && pt == second) {
			continue
		}
		if distinct == 1 {
			second = pt
			distinct = 2
			continue
		}
		distinct = 3
		break
	}
	if distinct < 3 {
		return fmt.Errorf("has %d distinct points, want at least 3", distinct)
	}
	return nil
}
