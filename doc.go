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
//   - [github.com/borderzone/borderzone/indices]: the Awesome Spectral
//     Indices catalogue (280 indices) and a compiler for its formulas and
//     yours, run over whole bands on all cores; named helpers (NDVI, EVI,
//     SAVI, NDBI, MNDWI, ...); kernel indices.
//   - [github.com/borderzone/borderzone/indices/sensor]: band maps of
//     Landsat 4–9 and Sentinel-2, MTL metadata, product loaders giving
//     reflectance and kelvin by catalogue letter, QA_PIXEL, BQA and SCL masks.
//   - [github.com/borderzone/borderzone/indices/thermal]: radiance, TOA
//     reflectance, brightness temperature, NDVI-threshold emissivity and
//     land-surface temperature.
//   - [github.com/borderzone/borderzone/zones]: zone sets from GeoJSON,
//     rasterization (pixel centre, all touched, exact coverage fraction),
//     exactextract's zonal statistics streamed over windows, signed distance
//     to a border and distance-band zones.
//   - [github.com/borderzone/borderzone/classify]: rules, k-means, minimum
//     distance, maximum likelihood and random forest classifiers; accuracy
//     with Olofsson et al. (2014) area estimates; transitions, urban
//     expansion typology, sieve and majority filter.
//   - [github.com/borderzone/borderzone/asymmetry]: FRAGSTATS landscape
//     metrics, side-versus-side comparisons with block-bootstrap intervals,
//     gradient profiles, the discontinuity at the border, functional
//     specialization of places.
//   - [github.com/borderzone/borderzone/freight]: series of trains, TEU or
//     tonnes through a crossing with qualified and partial-period values;
//     growth, trend models, saturation, structural breaks, shares and
//     directional imbalance, and plots.
//   - examples/borderzone: the command-line tool that composes them.
//   - examples/khorgos: the Khorgos case study end to end (go run
//     ./examples/khorgos), on a simulated default scene or two real ones,
//     writing a report folder; [github.com/borderzone/borderzone/examples/khorgos/sim]
//     is its documented, deterministic scene generator.
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
