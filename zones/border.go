package zones

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// Border is a border line: one or more polylines in one CRS. Each part is
// kept in the orientation it was read in; consecutive repeated vertices are
// removed.
type Border struct {
	// CRS is the coordinate reference system of Lines: the GeoJSON `crs`
	// member when the file has one, WGS 84 longitude/latitude (EPSG:4326)
	// otherwise, as RFC 7946 prescribes.
	CRS raster.CRS
	// Lines holds the parts of the line, each with at least two distinct
	// vertices.
	Lines orb.MultiLineString
}

// maxBorderBytes bounds the size of a border GeoJSON document (256 MiB), so
// that a runaway input is an error rather than an unbounded allocation.
const maxBorderBytes = 256 << 20

// ReadBorderFile reads a border line from a GeoJSON file; see ReadBorder.
func ReadBorderFile(path string) (*Border, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("zones: border: %w", err)
	}
	defer f.Close()
	return ReadBorder(f, path)
}

// ReadBorder reads a border line from GeoJSON (RFC 7946): a
// FeatureCollection, a Feature or a bare geometry whose geometries are
// LineString or MultiLineString (every line of every feature becomes a part
// of the border; features with other geometry types, or none, are an error
// naming the feature). A `crs` member (the GeoJSON 2008 form {"type":"name",
// "properties":{"name":"urn:ogc:def:crs:EPSG::32644"}}, or {"type":"EPSG",
// "properties":{"code":32644}}) is parsed with raster/crs; without one the
// coordinates are WGS 84 longitude/latitude (RFC 7946). Coordinates must be
// finite, and within ±180°/±90° for longitude/latitude; every part needs two
// distinct vertices. name identifies the source in error messages.
//
// RFC 7946 (section 3.1.1) joins consecutive positions by straight lines in
// the coordinate system of the file; SignedDistance follows that.
func ReadBorder(r io.Reader, name string) (*Border, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBorderBytes+1))
	if err != nil {
		return nil, fmt.Errorf("zones: border %s: %w", name, err)
	}
	if len(data) > maxBorderBytes {
		return nil, fmt.Errorf("zones: border %s: larger than %d bytes", name, maxBorderBytes)
	}
	var doc struct {
		Type     string          `json:"type"`
		CRS      json.RawMessage `json:"crs"`
		Features []*struct {
			Type     string          `json:"type"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
		Geometry json.RawMessage `json:"geometry"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("zones: border %s: not GeoJSON: %w", name, err)
	}
	rc, geographic, err := borderCRSMember(doc.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: border %s: %w", name, err)
	}
	b := &Border{CRS: rc}
	add := func(where string, raw json.RawMessage) error {
		parts, err := geojsonLines(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for i, p := range parts {
			clean, err := cleanLine(p, geographic)
			if err != nil {
				if len(parts) > 1 {
					return fmt.Errorf("%s, line %d: %w", where, i+1, err)
				}
				return fmt.Errorf("%s: %w", where, err)
			}
			b.Lines = append(b.Lines, clean)
		}
		return nil
	}
	switch doc.Type {
	case "FeatureCollection":
		if len(doc.Features) == 0 {
			return nil, fmt.Errorf("zones: border %s: no features", name)
		}
		for i, f := range doc.Features {
			where := fmt.Sprintf("feature %d", i+1)
			if f == nil || f.Type != "Feature" {
				return nil, fmt.Errorf("zones: border %s: %s is not a Feature", name, where)
			}
			if err := add(where, f.Geometry); err != nil {
				return nil, fmt.Errorf("zones: border %s: %w", name, err)
			}
		}
	case "Feature":
		if err := add("feature", doc.Geometry); err != nil {
			return nil, fmt.Errorf("zones: border %s: %w", name, err)
		}
	case "LineString", "MultiLineString":
		if err := add("geometry", data); err != nil {
			return nil, fmt.Errorf("zones: border %s: %w", name, err)
		}
	default:
		return nil, fmt.Errorf("zones: border %s: GeoJSON type %q, want a FeatureCollection, Feature, LineString or MultiLineString", name, doc.Type)
	}
	return b, nil
}

// geojsonLines decodes a GeoJSON LineString or MultiLineString geometry
// (RFC 7946, sections 3.1.4 and 3.1.5). Positions need at least two
// numbers; a third (elevation) is ignored.
func geojsonLines(raw json.RawMessage) (orb.MultiLineString, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, fmt.Errorf("no geometry")
	}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("geometry: %w", err)
	}
	var lines [][][]float64
	switch g.Type {
	case "LineString":
		var l [][]float64
		if err := json.Unmarshal(g.Coordinates, &l); err != nil {
			return nil, fmt.Errorf("LineString coordinates: %w", err)
		}
		lines = [][][]float64{l}
	case "MultiLineString":
		if err := json.Unmarshal(g.Coordinates, &lines); err != nil {
			return nil, fmt.Errorf("MultiLineString coordinates: %w", err)
		}
	default:
		return nil, fmt.Errorf("geometry is a %q, want LineString or MultiLineString", g.Type)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("empty %s", g.Type)
	}
	ml := make(orb.MultiLineString, len(lines))
	for i, l := range lines {
		ml[i] = make(orb.LineString, len(l))
		for j, p := range l {
			if len(p) < 2 {
				return nil, fmt.Errorf("line %d, position %d has %d numbers, want 2 or 3", i+1, j+1, len(p))
			}
			ml[i][j] = orb.Point{p[0], p[1]}
		}
	}
	return ml, nil
}

// cleanLine checks a line's coordinates and drops consecutive repeated
// vertices.
func cleanLine(l orb.LineString, geographic bool) (orb.LineString, error) {
	out := make(orb.LineString, 0, len(l))
	for i, p := range l {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return nil, fmt.Errorf("vertex %d (%g, %g) is not finite", i+1, p[0], p[1])
		}
		if geographic && (math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90) {
			return nil, fmt.Errorf("vertex %d (%g, %g) is not a longitude/latitude", i+1, p[0], p[1])
		}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("fewer than 2 distinct vertices (%d given)", len(l))
	}
	return out, nil
}

// borderCRSMember interprets a GeoJSON `crs` member; an absent or null member
// means WGS 84 longitude/latitude.
func borderCRSMember(raw json.RawMessage) (rc raster.CRS, geographic bool, err error) {
	wgs84 := raster.CRS{EPSG: 4326}
	if len(raw) == 0 || string(raw) == "null" {
		return wgs84, true, nil
	}
	var m struct {
		Type       string `json:"type"`
		Properties struct {
			Name string          `json:"name"`
			Code json.RawMessage `json:"code"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return raster.CRS{}, false, fmt.Errorf("crs member: %w", err)
	}
	var def string
	switch strings.ToLower(m.Type) {
	case "name":
		def = strings.TrimSpace(m.Properties.Name)
	case "epsg":
		var code int
		if err := json.Unmarshal(m.Properties.Code, &code); err != nil {
			return raster.CRS{}, false, fmt.Errorf("crs member: EPSG code %s: %w", m.Properties.Code, err)
		}
		def = fmt.Sprintf("EPSG:%d", code)
	default:
		return raster.CRS{}, false, fmt.Errorf("crs member of type %q: want \"name\" or \"EPSG\"", m.Type)
	}
	switch strings.ToUpper(def) {
	case "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84", "OGC:CRS84", "CRS84",
		"HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84":
		return wgs84, true, nil
	}
	c, err := crs.Parse(def)
	if err != nil {
		return raster.CRS{}, false, fmt.Errorf("crs member: %w", err)
	}
	return rasterCRS(c, def), c.IsGeographic(), nil
}

// rasterCRS is the raster.CRS that stands for c: its EPSG code when it has
// one, otherwise its definition.
func rasterCRS(c *crs.CRS, def string) raster.CRS {
	if c.EPSG() != 0 {
		return raster.CRS{EPSG: c.EPSG(), Definition: def}
	}
	return raster.CRS{Definition: def}
}

// joinParts joins the parts of a line that meet end to end (equal end
// points), reversing parts where needed, as ST_LineMerge does: a border
// drawn as several pieces in any direction becomes one chain with one
// direction, and the side rule of SignedDistance then treats the joints as
// the inner vertices they are. Parts are taken in order; each chain grows
// at its end, then at its start, by the first unused part that meets it.
// Where three or more parts meet, the extra ones stay separate chains.
func joinParts(ml orb.MultiLineString) orb.MultiLineString {
	if len(ml) < 2 {
		return ml
	}
	// ends maps an end point to the parts that start or end there.
	ends := make(map[orb.Point][]int, 2*len(ml))
	for i, l := range ml {
		ends[l[0]] = append(ends[l[0]], i)
		if l[len(l)-1] != l[0] {
			ends[l[len(l)-1]] = append(ends[l[len(l)-1]], i)
		}
	}
	used := make([]bool, len(ml))
	take := func(p orb.Point) int {
		for _, j := range ends[p] {
			if !used[j] {
				used[j] = true
				return j
			}
		}
		return -1
	}
	var out orb.MultiLineString
	for i := range ml {
		if used[i] {
			continue
		}
		used[i] = true
		chain := append(orb.LineString(nil), ml[i]...)
		for chain[0] != chain[len(chain)-1] { // grow at the end
			j := take(chain[len(chain)-1])
			if j < 0 {
				break
			}
			next := ml[j]
			if next[0] != chain[len(chain)-1] {
				next = reversed(next)
			}
			chain = append(chain, next[1:]...)
		}
		for chain[0] != chain[len(chain)-1] { // grow at the start
			j := take(chain[0])
			if j < 0 {
				break
			}
			prev := ml[j]
			if prev[len(prev)-1] != chain[0] {
				prev = reversed(prev)
			}
			chain = append(append(orb.LineString(nil), prev[:len(prev)-1]...), chain...)
		}
		out = append(out, chain)
	}
	return out
}

// reversed returns a reversed copy of l.
func reversed(l orb.LineString) orb.LineString {
	r := make(orb.LineString, len(l))
	for i, p := range l {
		r[len(l)-1-i] = p
	}
	return r
}
