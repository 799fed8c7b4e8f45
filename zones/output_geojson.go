package zones

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"

	"github.com/paulmach/orb"
)

// geoJSONFeature and geoJSONCollection are what WriteGeoJSON encodes
// (package orb/geojson would pull a BSON dependency into the module).
type geoJSONFeature struct {
	Type       string         `json:"type"`
	Geometry   geoJSONGeom    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoJSONGeom struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type geoJSONCollection struct {
	Type     string           `json:"type"`
	CRS      any              `json:"crs,omitempty"`
	Features []geoJSONFeature `json:"features"`
}

// polygonCoords returns a polygon's rings as nested coordinate arrays.
func polygonCoords(p orb.Polygon) [][][2]float64 {
	out := make([][][2]float64, len(p))
	for i, ring := range p {
		out[i] = make([][2]float64, len(ring))
		for j, pt := range ring {
			out[i][j] = [2]float64{pt[0], pt[1]}
		}
	}
	return out
}

// WriteGeoJSON writes each zone of the table as a GeoJSON Feature (RFC
// 7946) of a FeatureCollection: its geometry from set (a one-polygon zone
// as a Polygon), its properties as read, and the statistics as further
// properties named as WriteCSV's columns ("red_mean"); undefined values
// are null. A statistic column that has the name of an existing property
// replaces it. Coordinates stay in the set's CRS; when that is not WGS 84
// longitude/latitude (EPSG:4326) the collection carries the "crs" member of
// the 2008 GeoJSON specification (urn:ogc:def:crs:EPSG::<code>), which GDAL
// and QGIS read.
func WriteGeoJSON(w io.Writer, t *Table, set *Set) error {
	if set == nil {
		return fmt.Errorf("zones: WriteGeoJSON needs the zone set for the geometries")
	}
	fc := geoJSONCollection{Type: "FeatureCollection", Features: []geoJSONFeature{}}
	if set.CRS.EPSG != 0 && set.CRS.EPSG != 4326 {
		fc.CRS = map[string]any{
			"type":       "name",
			"properties": map[string]any{"name": fmt.Sprintf("urn:ogc:def:crs:EPSG::%d", set.CRS.EPSG)},
		}
	}
	cols := t.columns()
	for _, rows := range t.zoneRows() {
		zi := rows[0].Zone
		if zi < 0 || zi >= len(set.Zones) {
			return fmt.Errorf("zones: WriteGeoJSON: the table's zone %d is not in the set (%d zones)", zi, len(set.Zones))
		}
		z := set.Zones[zi]
		f := geoJSONFeature{Type: "Feature", Properties: map[string]any{}}
		if len(z.Geometry) == 1 {
			f.Geometry = geoJSONGeom{"Polygon", polygonCoords(z.Geometry[0])}
		} else {
			mp := make([][][][2]float64, len(z.Geometry))
			for i, p := range z.Geometry {
				mp[i] = polygonCoords(p)
			}
			f.Geometry = geoJSONGeom{"MultiPolygon", mp}
		}
		maps.Copy(f.Properties, z.Properties)
		for _, c := range cols {
			v := t.value(c, rows)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				f.Properties[c.name] = nil
			} else {
				f.Properties[c.name] = v
			}
		}
		fc.Features = append(fc.Features, f)
	}
	data, err := json.Marshal(fc)
	if err != nil {
		return fmt.Errorf("zones: encoding GeoJSON (a property that JSON cannot hold?): %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("zones: writing GeoJSON: %w", err)
	}
	return nil
}
