package zones

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// Transform returns a copy of the set with every zone's coordinates
// transformed to dst (usually a raster's Grid.CRS), by raster/crs without
// datum shift. maxSegment, in the set's CRS units (degrees for
// longitude/latitude, metres otherwise), densifies edges longer than it
// before transforming so that long straight edges follow their curved image;
// 0 transforms the vertices only, as GDAL and rasterio do. IDs and
// properties are shared with s. A set already in dst is returned as a copy
// without arithmetic. Errors name the zone.
func (s *Set) Transform(dst raster.CRS, maxSegment float64) (*Set, error) {
	out := &Set{CRS: dst, Zones: make([]Zone, len(s.Zones))}
	if s.CRS.Same(dst) {
		copy(out.Zones, s.Zones)
		return out, nil
	}
	src, err := crs.FromRaster(s.CRS)
	if err != nil {
		return nil, fmt.Errorf("zones: the set's CRS %v: %w", s.CRS, err)
	}
	to, err := crs.FromRaster(dst)
	if err != nil {
		return nil, fmt.Errorf("zones: target CRS %v: %w", dst, err)
	}
	if src.Equal(to) {
		copy(out.Zones, s.Zones)
		return out, nil
	}
	t, err := crs.NewTransformer(src, to)
	if err != nil {
		return nil, fmt.Errorf("zones: transforming %v to %v: %w", s.CRS, dst, err)
	}
	for i, z := range s.Zones {
		g, err := t.Geometry(z.Geometry, maxSegment)
		if err != nil {
			return nil, fmt.Errorf("zones: zone %d (id %s): %w", i+1, z.ID, err)
		}
		mp, ok := g.(orb.MultiPolygon)
		if !ok {
			return nil, fmt.Errorf("zones: zone %d (id %s): transform returned %T", i+1, z.ID, g)
		}
		for k, p := range mp {
			for j, r := range p {
				if err := checkZoneRing(r); err != nil {
					return nil, fmt.Errorf("zones: zone %d (id %s): %w: polygon %d ring %d after transforming to %v %v",
						i+1, z.ID, ErrInvalidZone, k+1, j+1, dst, err)
				}
			}
		}
		out.Zones[i] = Zone{ID: z.ID, Geometry: mp, Properties: z.Properties}
	}
	return out, nil
}
