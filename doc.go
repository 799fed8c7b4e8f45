// Package borderzone is a pure-Go library for border-zone geospatial
// analysis: reading multispectral satellite scenes, computing spectral
// indices and land-surface temperature, classifying land cover, aggregating
// by zone polygons, measuring how differently the two sides of a border have
// developed, and analysing rail-freight series through a crossing.
//
// This root package holds only documentation; the work is done by the
// packages below it.
//
// # Packages and how data flows
//
//	GeoTIFF / COG (file, io.ReaderAt)                   GeoJSON zones, border line, CSV tables
//	        │ raster/geotiff                                     │ zones
//	        ▼                                                    ▼
//	   raster.Band / raster.Stack  ──indices──▶ raster.Band   zones.Set ──rasterize──▶ raster.Labels
//	        │                                                    │
//	        └──classify──▶ raster.Labels (land cover) ──────────┴──▶ zonal statistics
//	                                                                 │
//	                                                asymmetry (side A vs side B, gradients,
//	                                                landscape metrics, specialization)
//	freight (time series of crossings) ─────────────────────────────┘──▶ reports, plots, CSV
//
// The packages that exist today:
//
//   - [github.com/borderzone/borderzone/raster]: the in-memory model: Grid
//     (size, Affine geotransform, CRS), Band (float32, NaN = no data), Stack,
//     Labels, windows and block iteration, and the Source interface.
//   - [github.com/borderzone/borderzone/raster/geotiff]: TIFF, BigTIFF,
//     GeoTIFF and Cloud-Optimized GeoTIFF reading from files or over HTTP:
//     strips and tiles, every common compression and predictor, GeoKeys,
//     GDAL nodata, scale/offset and overviews; GeoTIFF writing.
//   - [github.com/borderzone/borderzone/raster/render]: bands, composites
//     and labels rendered to images and PNG with colour ramps, stretches and
//     legends.
//   - [github.com/borderzone/borderzone/raster/crs]: coordinate reference
//     systems (WGS 84, Web Mercator, UTM, transverse Mercator, LAEA, Albers,
//     MODIS sinusoidal) from EPSG codes, PROJ strings, WKT and GeoKeys;
//     point and geometry transforms, UTM zones, geodesic length and area.
//   - [github.com/borderzone/borderzone/raster/warp]: reprojection and
//     alignment of bands, stacks and labels onto any grid with GDAL's
//     resampling rules; suggested, snapped and cropped grids.
//   - [github.com/borderzone/borderzone/freight]: series of trains, TEU or
//     tonnes through a crossing with qualified and partial-period values;
//     growth, trend models, saturation, structural breaks, shares and
//     directional imbalance, and plots.
//   - examples/borderzone: the command-line tool that composes them.
//
// Packages still to come, as the issues describe them: indices (spectral indices,
// sensors, land-surface temperature), classify (land-cover classification and
// accuracy), zones (rasterization and zonal statistics) and asymmetry (side
// versus side comparisons, gradients and landscape metrics).
//
// # Core choices
//
// Analysis bands are float32 with NaN for "no data": readers apply the file's
// nodata value and scale/offset while decoding, so missing data propagates by
// arithmetic. Categorical rasters are raster.Labels with 0 meaning "none".
// Georeferencing travels with the data and operations on two rasters check
// that their grids match. Work is split into row or block chunks on all
// cores and gives the same answer on any number of cores. Bad input is an
// error naming the file, band, zone or row, never a panic.
package borderzone
