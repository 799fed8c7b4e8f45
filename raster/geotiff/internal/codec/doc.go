// Package codec decompresses the strips and tiles of a TIFF file and undoes
// the TIFF predictors. It is the layer under package raster/geotiff: the
// reader finds a chunk's bytes through the StripOffsets/TileOffsets tags and
// hands them here with the chunk's decoded size.
//
// Supported compressions (TIFF tag 259, TIFF 6.0 section 3 and the TIFF
// Technical Notes):
//
//   - 1 NONE (TIFF 6.0 section 3)
//   - 5 LZW (TIFF 6.0 section 13), with the "off by one" code-width change
//     of every TIFF writer since Aldus; the old-style LSB-first variant of
//     libtiff before 1991 is also read
//   - 8 and 32946 DEFLATE (Adobe PageMaker/TIFF Technical Notes, Sept. 2002:
//     zlib streams, RFC 1950/1951)
//   - 32773 PACKBITS (TIFF 6.0 section 9)
//   - 50000 ZSTD (the GDAL/libtiff code, RFC 8878 frames)
//   - 7 JPEG (TIFF Technical Note 2, 1995), with the JPEGTables tag, through
//     [DecodeJPEG]
//
// [UndoPredictor] reverses horizontal differencing (predictor 2, TIFF 6.0
// section 14) and floating-point prediction (predictor 3, Adobe Photoshop
// TIFF Technical Note 3, 2005).
//
// Every function treats its input as hostile: a corrupt or truncated stream
// is an error, never a panic, and no function allocates more output than the
// caller's declared chunk size, whatever the stream claims.
//
// Decode keeps its decompressors in pools, so that decoding many tiles in
// parallel allocates almost nothing per tile.
package codec
