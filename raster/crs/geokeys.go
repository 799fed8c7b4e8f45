package crs

import (
	"fmt"
	"math"
)

// GeoKey is one GeoTIFF key as geotiff.File.GeoKeys returns it: ID, and
// the value in Short (keys stored in the directory), Doubles or ASCII.
type GeoKey struct {
	ID      int
	Short   int
	Doubles []float64
	ASCII   string
}

// GeoTIFF key identifiers and codes (OGC GeoTIFF 1.1, 19-008r4).
const (
	gkModelType        = 1024
	gkGeographicType   = 2048
	gkGeodeticDatum    = 2050
	gkPrimeMeridian    = 2051
	gkAngularUnits     = 2054
	gkEllipsoid        = 2056
	gkSemiMajorAxis    = 2057
	gkSemiMinorAxis    = 2058
	gkInvFlattening    = 2059
	gkProjectedCSType  = 3072
	gkProjection       = 3074
	gkProjCoordTrans   = 3075
	gkProjLinearUnits  = 3076
	gkStdParallel1     = 3078
	gkStdParallel2     = 3079
	gkNatOriginLong    = 3080
	gkNatOriginLat     = 3081
	gkFalseEasting     = 3082
	gkFalseNorthing    = 3083
	gkFalseOriginLong  = 3084
	gkFalseOriginLat   = 3085
	gkFalseOriginEast  = 3086
	gkFalseOriginNorth = 3087
	gkCenterLong       = 3088
	gkCenterLat        = 3089
	gkCenterEasting    = 3090
	gkCenterNorthing   = 3091
	gkScaleAtNatOrigin = 3092
	gkScaleAtCenter    = 3093

	gkUserDefined = 32767
)

// GeoTIFF ProjCoordTransGeoKey codes.
var geoTIFFTransforms = map[int]Method{
	1:  TransverseMercator,        // CT_TransverseMercator
	7:  Mercator,                  // CT_Mercator
	10: LambertAzimuthalEqualArea, // CT_LambertAzimEqualArea
	11: AlbersEqualArea,           // CT_AlbersEqualArea
	24: Sinusoidal,                // CT_Sinusoidal
}

// FromGeoKeys returns the CRS described by a GeoTIFF file's keys, as
// geotiff.File.GeoKeys returns them (the type parameter accepts that
// map without conversion). It reads ProjectedCSType or GeographicType
// when they are EPSG codes, and otherwise the user-defined keys:
// ProjCoordTrans (transverse Mercator, Mercator, Lambert azimuthal
// equal-area, Albers, sinusoidal), the origin, centre, standard-parallel,
// scale and false easting/northing keys, GeogGeodeticDatum (WGS 84,
// ETRS89 or user-defined) and GeogEllipsoid or the semi-axes and inverse
// flattening. Linear units must be metres and angular units degrees.
// This is how the MODIS sinusoidal files, which have no EPSG code, are
// recognised.
func FromGeoKeys[K ~struct {
	ID      int
	Short   int
	Doubles []float64
	ASCII   string
}](keys map[int]K) (*CRS, error) {
	g := geoKeys{}
	for id, k := range keys {
		g[id] = GeoKey(k)
	}
	return g.crs()
}

type geoKeys map[int]GeoKey

func (g geoKeys) short(id int) (int, bool) {
	k, ok := g[id]
	return k.Short, ok
}

// double returns a double-valued key; def when absent.
func (g geoKeys) double(id int, def float64) (float64, error) {
	k, ok := g[id]
	if !ok {
		return def, nil
	}
	if len(k.Doubles) != 1 || math.IsNaN(k.Doubles[0]) || math.IsInf(k.Doubles[0], 0) {
		return 0, fmt.Errorf("crs: GeoKey %d holds %v, want one finite number", id, k.Doubles)
	}
	return k.Doubles[0], nil
}

// firstDouble returns the first present key among ids.
func (g geoKeys) firstDouble(def float64, ids ...int) (float64, error) {
	for _, id := range ids {
		if _, ok := g[id]; ok {
			return g.double(id, def)
		}
	}
	return def, nil
}

func (g geoKeys) crs() (*CRS, error) {
	if len(g) == 0 {
		return nil, fmt.Errorf("crs: the file has no GeoTIFF keys")
	}
	model, _ := g.short(gkModelType)
	if code, ok := g.short(gkProjectedCSType); ok && code != gkUserDefined && code != 0 && model != 2 {
		return FromEPSG(code)
	}
	if model == 2 {
		if code, ok := g.short(gkGeographicType); ok && code != gkUserDefined && code != 0 {
			return FromEPSG(code)
		}
	}
	ell, datum, err := g.geographic()
	if err != nil {
		return nil, err
	}
	if model == 2 {
		return wktBuild("GeoTIFF geographic", Geographic, ell, datum, Params{})
	}
	if model != 1 {
		return nil, fmt.Errorf("crs: GTModelTypeGeoKey %d is not supported (1 projected, 2 geographic)", model)
	}
	if u, ok := g.short(gkProjLinearUnits); ok && u != 9001 {
		return nil, fmt.Errorf("crs: ProjLinearUnitsGeoKey %d is not supported (only 9001, metre)", u)
	}
	if p, ok := g.short(gkProjection); ok && p != gkUserDefined {
		// UTM zones on WGS 84 (16001–16060 north, 16101–16160 south).
		switch {
		case p >= 16001 && p <= 16060 && datum == DatumWGS84:
			return UTM(p-16000, true)
		case p >= 16101 && p <= 16160 && datum == DatumWGS84:
			return UTM(p-16100, false)
		}
		return nil, fmt.Errorf("crs: ProjectionGeoKey %d is not supported", p)
	}
	ct, ok := g.short(gkProjCoordTrans)
	if !ok {
		return nil, fmt.Errorf("crs: user-defined projected CRS without ProjCoordTransGeoKey")
	}
	m, ok := geoTIFFTransforms[ct]
	if !ok {
		return nil, fmt.Errorf("crs: ProjCoordTransGeoKey %d is not supported (1 transverse Mercator, 7 Mercator, 10 Lambert azimuthal equal-area, 11 Albers, 24 sinusoidal)", ct)
	}
	var p Params
	get := func(dst *float64, def float64, ids ...int) {
		if err == nil {
			*dst, err = g.firstDouble(def, ids...)
		}
	}
	get(&p.Lon0, 0, gkNatOriginLong, gkFalseOriginLong, gkCenterLong)
	get(&p.FalseEasting, 0, gkFalseEasting, gkFalseOriginEast, gkCenterEasting)
	get(&p.FalseNorthing, 0, gkFalseNorthing, gkFalseOriginNorth, gkCenterNorthing)
	switch m {
	case TransverseMercator, Mercator:
		get(&p.K0, 1, gkScaleAtNatOrigin, gkScaleAtCenter)
		if m == TransverseMercator {
			get(&p.Lat0, 0, gkNatOriginLat, gkFalseOriginLat, gkCenterLat)
		}
	case LambertAzimuthalEqualArea:
		get(&p.Lat0, 0, gkCenterLat, gkNatOriginLat, gkFalseOriginLat)
		get(&p.Lon0, 0, gkCenterLong, gkNatOriginLong, gkFalseOriginLong)
	case AlbersEqualArea:
		get(&p.Lat0, 0, gkFalseOriginLat, gkNatOriginLat, gkCenterLat)
		get(&p.Lat1, 0, gkStdParallel1)
		get(&p.Lat2, p.Lat1, gkStdParallel2)
	}
	if err != nil {
		return nil, err
	}
	return wktBuild("GeoTIFF user-defined "+m.String(), m, ell, datum, p)
}

// geographic reads the datum and ellipsoid keys.
func (g geoKeys) geographic() (Ellipsoid, Datum, error) {
	var ell Ellipsoid
	if u, ok := g.short(gkAngularUnits); ok && u != 9102 && u != 9122 {
		return ell, 0, fmt.Errorf("crs: GeogAngularUnitsGeoKey %d is not supported (only degrees)", u)
	}
	if pm, ok := g.short(gkPrimeMeridian); ok && pm != 8901 && pm != gkUserDefined {
		return ell, 0, fmt.Errorf("crs: GeogPrimeMeridianGeoKey %d is not supported (only Greenwich, 8901)", pm)
	}
	if code, ok := g.short(gkGeographicType); ok && code != gkUserDefined {
		switch code {
		case 4326:
			return WGS84Ellipsoid, DatumWGS84, nil
		case 4258:
			return GRS80Ellipsoid, DatumETRS89, nil
		}
		return ell, 0, fmt.Errorf("crs: GeographicTypeGeoKey %d is not supported (4326, 4258 or user-defined)", code)
	}
	datum := DatumUnspecified
	if d, ok := g.short(gkGeodeticDatum); ok && d != gkUserDefined {
		switch d {
		case 6326:
			datum = DatumWGS84
			ell = WGS84Ellipsoid
		case 6258:
			datum = DatumETRS89
			ell = GRS80Ellipsoid
		default:
			return ell, 0, fmt.Errorf("crs: GeogGeodeticDatumGeoKey %d is not supported (6326 WGS 84, 6258 ETRS89 or user-defined)", d)
		}
	}
	if e, ok := g.short(gkEllipsoid); ok && e != gkUserDefined {
		switch e {
		case 7030:
			ell = WGS84Ellipsoid
		case 7019:
			ell = GRS80Ellipsoid
		default:
			return ell, 0, fmt.Errorf("crs: GeogEllipsoidGeoKey %d is not supported (7030 WGS 84, 7019 GRS 1980 or user-defined)", e)
		}
	}
	if _, ok := g[gkSemiMajorAxis]; ok {
		a, err := g.double(gkSemiMajorAxis, 0)
		if err != nil {
			return ell, 0, err
		}
		switch {
		case g[gkInvFlattening].Doubles != nil:
			rf, err := g.double(gkInvFlattening, 0)
			if err != nil {
				return ell, 0, err
			}
			ell = ellipsoidFromInverseFlattening("GeoTIFF ellipsoid", a, rf)
		case g[gkSemiMinorAxis].Doubles != nil:
			b, err := g.double(gkSemiMinorAxis, 0)
			if err != nil {
				return ell, 0, err
			}
			ell = ellipsoidFromSemiMinor("GeoTIFF ellipsoid", a, b)
		default:
			ell = Sphere(a)
		}
	}
	if ell.A == 0 {
		return ell, 0, fmt.Errorf("crs: GeoTIFF keys name no ellipsoid (GeogEllipsoidGeoKey or GeogSemiMajorAxisGeoKey)")
	}
	if datum == DatumWGS84 && !sameEllipsoid(ell, WGS84Ellipsoid) || datum == DatumETRS89 && !sameEllipsoid(ell, GRS80Ellipsoid) {
		return ell, 0, fmt.Errorf("crs: GeoTIFF datum %v with ellipsoid a=%v, f=%v does not match", datum, ell.A, ell.F)
	}
	return ell, datum, nil
}
