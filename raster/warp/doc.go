// Package warp reprojects and aligns rasters: it resamples a
// [raster.Band], [raster.Stack] or [raster.Labels] (or any [raster.Source],
// window by window) onto a target [raster.Grid] in any CRS that package
// raster/crs knows, at any resolution and extent.
//
// # How a target pixel gets its value
//
// The centre of each target pixel is mapped to a fractional source pixel
// position: target pixel → target CRS (target geotransform) → source CRS
// ([crs.Transformer]) → source pixel (inverse source geotransform). By
// default the CRS step follows GDAL's approximate transformer: along each
// row of a target block the first, middle and last points are transformed
// exactly and the rest interpolated linearly, splitting the run until the
// middle point is within [DefaultErrorThreshold] (0.125 source pixel) of
// the line (gdalwarp -et 0.125). [Options.Exact] transforms every point
// (gdalwarp -et 0). Between grids in the same CRS the mapping is affine and
// always exact.
//
// The resampling rules are those of GDAL 3.6's warp kernel
// (alg/gdalwarpkernel.cpp, GDALWarpOperation in gdalwarpoperation.cpp),
// and the package is tested against gdalwarp on real imagery:
//
//   - A target pixel is computed only when its centre falls in the source
//     raster (0 ≤ x < width, 0 ≤ y < height in source pixels, with GDAL's
//     1e-10 nudge) and, for [Nearest], [Bilinear] and [Cubic], when the
//     source pixel containing the centre is valid (not NaN). So holes in a
//     band stay holes of the same shape and no data is never smeared into
//     valid pixels, nor valid pixels into holes. Bands warped together
//     ([Stack], [FromSource] with several bands) share that test as GDAL's
//     unified validity mask does (UNIFIED_SRC_NODATA=PARTIAL, its default
//     when every band has no data): the pixel is skipped only where the
//     containing pixel is NaN in every band; a band that is NaN there while
//     others are not gets NaN from [Nearest] and, from [Bilinear] and
//     [Cubic], the renormalised value of its valid neighbours.
//   - [Bilinear] and [Cubic] give zero weight to NaN pixels and to pixels
//     outside the source and renormalise the remaining weights (GDAL:
//     GWKBilinearResample4Sample, GWKResample). [Cubic] (Keys, a = -0.5) on
//     the 4 x 4 neighbourhood falls back to bilinear when the neighbourhood
//     reaches outside the source or holds a NaN (GWKCubicResample4Sample).
//   - When the target is coarser than the source (fewer than 0.95 target
//     pixels per source pixel along an axis), bilinear and cubic widen their
//     kernel by the inverse of that scale, as GDAL does to avoid aliasing.
//     The scale is computed once for the whole warp from the source
//     bounding box of 21 points along each target edge, the way GDAL
//     computes it for a warp done in one chunk (gdalwarp splits very large
//     warps into chunks with their own scale; this package does not).
//   - [Average], [Mode], [Min] and [Max] work on the source pixels covered
//     by the target pixel: the pixel's top-left and bottom-right corners are
//     mapped to the source and the columns floor(x0+1e-10) … ceil(x1-1e-10)
//     (and rows likewise), clipped to the raster, are visited. [Average]
//     weights a source pixel by the part of it inside that range along each
//     axis (the first and last column and row get fractional weights,
//     computed from the unclipped range as GDAL does); [Mode] counts pixels
//     and breaks ties in favour of the value that first reached the top
//     count in row-major order (GDAL's rule for non-byte data).
//
// # Agreement with gdalwarp
//
// testdata/cases.txt lists the comparisons and testdata/gen_golden.sh the
// gdalwarp commands (GDAL 3.6.2, -et 0 on both sides); golden_test.go
// redoes them and live_test.go reruns gdalwarp. Inputs: the Landsat 8
// scene (UTM 16N → EPSG:4326 and EPSG:3857, across the scene edge), a
// float32 scene with no-data holes (UTM 10N → EPSG:4326, at about the
// source resolution and 3 to 4 times coarser), an 8-bit 3-band image with
// no data (EPSG:4326 → EPSG:3857) and Sentinel-2 bands (200 m → 100 m,
// 100 m → 200 m). Over all cases (about 150 000 to 230 000 pixels per
// method): nearest, mode, min and max are identical on every pixel;
// bilinear, cubic and average agree on every pixel, the largest difference
// being 7.5e-8, 1.2e-7 and 7.5e-9 of the value range (float32 rounding of
// the same double-precision sums), far inside the 1e-4 the tests require.
// No-data patterns (NaN versus value) are identical.
//
// With the approximate transformer on both sides (default -et 0.125) the
// two tools split rows into different runs, so source positions can differ
// by up to about a quarter of a pixel: on the whole Landsat scene to
// EPSG:4326, 98.6 % of nearest pixels are identical and every bilinear
// pixel is within 1.2 % of the range (TestLiveGDALApprox).
//
// # Target grids and alignment
//
// [GridForBounds] and [GridForSize] build the grid of gdalwarp -te with
// -tr or -ts; [SuggestGrid] chooses one from the source footprint like
// gdalwarp without -tr (GDALSuggestedWarpOutput2). [SnapGrid] snaps a
// bounding box onto a reference grid so rasters of different resolutions
// line up pixel for pixel, and [Crop] cuts or pads a band to a box.
//
// # Performance
//
// The target is processed in blocks on all cores; every target pixel is
// computed from the same inputs whatever the number of cores, so results
// are identical on any GOMAXPROCS. [FromSource] reads, per block, only the
// source window the block needs. Warping a 5000 x 5000 Float32 band from
// UTM to EPSG:4326 with bilinear resampling (the grid gdalwarp picks, which
// makes it a widened kernel: 0.92 target rows per source row) takes about
// 0.65–0.8 s on 2 cores, against 0.9–1.2 s for gdalwarp -multi -wo
// NUM_THREADS=ALL_CPUS in the same run (BenchmarkWarpBilinearUTMTo4326,
// BenchmarkGdalwarpBilinearUTMTo4326; gdalwarp's time includes reading and
// writing uncompressed files from the page cache, about 0.1 s; the
// window-by-window BenchmarkWarpFromSourceBilinearUTMTo4326, which reads
// its input, takes 0.72–1.0 s).
package warp
