// Package zones answers per-zone questions about rasters: each side of a
// border, each town, each distance band from the line, each land parcel.
//
// # Zone sets
//
// A Set is a list of polygon zones (Zone: an ID, an orb.MultiPolygon and the
// feature's properties) in one CRS. Read and ReadFile build one from GeoJSON
// (a FeatureCollection, a Feature or a bare Polygon/MultiPolygon; a 2008-style
// "crs" member is honoured, WGS 84 longitude/latitude otherwise), naming each
// zone by a property the caller chooses or by its position. Geometry that
// cannot be rasterized (unclosed rings, NaN coordinates, fewer than three
// distinct points, empty or non-polygon geometry, an unknown CRS) is an error
// naming the feature; rings that cross themselves or each other are accepted,
// reported by Set.Validate and treated by the even-odd rule. Set.Transform
// moves a set into a raster's CRS with package raster/crs.
//
// # Rasterization
//
// Rasterize computes, for every zone and one raster.Grid, a Coverage: the
// zone's window of the grid and the fraction of each cell inside the zone,
// under one of three rules (Rule):
//
//   - Center: cells whose centre is inside, pixel for pixel as
//     gdal_rasterize and rasterio.features.rasterize (GDAL 3.6) choose them,
//     ties on edges included;
//   - AllTouched: every cell the zone touches, as GDAL's ALL_TOUCHED=TRUE;
//   - Exact: the share (0–1) of each cell's area inside the zone, as
//     exactextract (Baston, https://github.com/isciences/exactextract)
//     defines it, computed by walking the boundary once through the cells it
//     crosses and filling the interior along each row.
//
// Zones are computed independently (they may overlap), in parallel over all
// cores with results independent of their number. Zones partly or wholly
// beyond the grid keep what lies inside and report the rest in
// Coverage.Outside. Any affine geotransform works, rotated ones included.
// CoverageSet.Labels (or RasterizeLabels) burns non-overlapping zones, such
// as the two sides of a border, into a raster.Labels with one class per zone.
//
// # Reusing coverage
//
// A CoverageSet depends only on the zones and the grid, never on pixel
// values: compute it once and reuse it for every band and every date on that
// grid. For the 1,000 zones of the benchmark inputs on a 10980 x 10980
// Sentinel-2-sized grid the exact coverage takes 0.15–0.3 s on two busy
// cores (BenchmarkCoverageExact1000), a tenth or less of the 3.2 s that
// rasterio and numpy need for pixel-centre zonal statistics of the same
// zones (shared/bench/peer_zonal.py).
//
// # Statistics and the border
//
// Stats summarises layers (bands, Labels, or any raster.Source read window by
// window) over the cells of each Coverage of a CoverageSet; StatsOfSet
// rasterizes each zone only when the pass over the rows reaches it, so memory
// stays at a few row strips plus the zones being summarised. The statistics
// (ParseStats) are exactextract's: count, sum, mean, min, max, range, stdev,
// variance, coefficient of variation, median and any quantile, majority,
// minority, variety, frac and weighted_frac for categorical rasters, the
// weighted forms, cell and zone areas in m² (planar on projected grids, on
// the WGS 84 ellipsoid for longitude/latitude ones), and the cells with no
// data or outside the raster counted apart. Results do not depend on the
// strip height or the number of cores. WriteCSV and WriteGeoJSON write them.
//
// # The border
//
// SignedDistance gives the distance in metres from every pixel centre to a
// border line (ReadBorderFile), exact Euclidean in a projected CRS or
// geodesic on a longitude/latitude grid, negative on one side and positive
// on the other (Sides: two country polygons, or a point on the negative
// side). DistanceBands turns it into zones such as "CHN 0-1 km", ready for
// the same statistics.
package zones
