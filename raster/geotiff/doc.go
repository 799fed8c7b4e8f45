// Package geotiff reads and writes TIFF, BigTIFF, GeoTIFF and
// Cloud-Optimized GeoTIFF (COG) files for borderzone's raster model.
//
// # Reading
//
// [Open] takes a path or an http(s) URL ([OpenURL]: HTTP range requests,
// merged per window, with a bounded block cache, retries and cancellation);
// [NewReader] takes any io.ReaderAt. A [File] is its full-resolution
// [Image] plus the overview levels ([File.Overviews], [File.LevelFor]
// chooses the level GDAL would read for a given output pixel size). Every
// Image is a raster.Source:
//
//   - ReadBand, ReadWindow and ReadStack give analysis values: float32 with
//     the file's nodata value (GDAL_NODATA) turned into NaN and per-band
//     scale and offset (GDAL_METADATA) applied;
//   - ReadRaw and ReadRawBands give the native samples, little-endian.
//
// Supported: classic TIFF and BigTIFF, either byte order; strips and tiles;
// PlanarConfiguration 1 and 2; Byte, Int8, UInt16, Int16, UInt32, Int32,
// Float32 and Float64 samples, any number of bands; NONE, LZW, DEFLATE (8
// and 32946), PackBits, ZSTD and JPEG (8-bit, YCbCr converted to RGB)
// compression with predictors 2 and 3; ModelPixelScale and ModelTiepoint or
// ModelTransformation, the GeoKey directory with its EPSG code, and
// PixelIsPoint with GDAL's half-pixel convention. Anything else is an error
// that names the tag and value. Only the strips or tiles a window touches
// are read, and they are decoded in parallel on all cores.
//
// Bad input — truncated files, IFD loops, offsets past the end, impossible
// sizes, corrupt streams — is an error naming the file, IFD, tag or block,
// returned without a panic and without allocating more than the file could
// back. [File.Describe] reports what gdalinfo would.
//
// # Writing
//
// [Write] and [WriteFile] write a raster.Band, raster.Stack or raster.Labels
// (with a colour map from the class colours) with the [Options] chosen:
// sample type with nodata and scale/offset, NONE, DEFLATE, LZW (our own
// encoder), ZSTD or PackBits with predictors, strips or tiles, pixel or band
// interleave, classic TIFF or BigTIFF (automatically past 4 GiB), internal
// overviews (average, or mode for labels) and the COG layout. Blocks are
// compressed in parallel with output identical on any number of cores.
// [WriteSource] streams window by window from a raster.Source.
//
// References: TIFF 6.0 (Adobe, 1992); Adobe TIFF Technical Note 3 (floating
// point predictor); BigTIFF; OGC GeoTIFF 1.1 (19-008r4); the COG
// specification (OGC 21-026); GDAL's GTiff driver for GDAL_NODATA and
// GDAL_METADATA.
package geotiff
