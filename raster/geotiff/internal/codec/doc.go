// Package codec decompresses the strips and tiles of a TIFF file and undoes
// the TIFF predictors. It is the layer under package raster/geotiff: the
// reader finds a chunk's bytes through the StripOffsets/TileOffsets tags and
// hands them here with the chunk's decoded size.
//
// Compressions (TIFF tag 259; TIFF 6.0 section 3 and the TIFF Technical
// Notes):
//
//   - 1 NONE (TIFF 6.0 section 3).
//   - 5 LZW (TIFF 6.0 section 13), with the code width growing one code
//     early as every TIFF writer since Aldus does; also the old-style
//     LSB-first LZW of libtiff before 3.0. Decoded in memory: each code's
//     string is copied from where it was first written in the output.
//   - 8 and 32946 DEFLATE (zlib streams, RFC 1950 and RFC 1951; Adobe's
//     "Deflate" TIFF Technical Note, 2002). Decoded by the in-memory
//     inflater of this package, straight into the chunk buffer, in the
//     manner of libdeflate. The Adler-32 trailer is not checked, as some
//     writers omit it.
//   - 32773 PACKBITS (TIFF 6.0 section 9).
//   - 50000 ZSTD (Zstandard frames, RFC 8878, as written by libtiff and
//     GDAL), with github.com/klauspost/compress/zstd.
//   - 7 JPEG (TIFF Technical Note 2, 1995) with the JPEGTables tag, through
//     [DecodeJPEG] and the standard library's image/jpeg.
//
// OldJPEG (6) and LERC (34887) are not supported; [Supported] and [Name]
// tell the reader what to report.
//
// [UndoPredictor] reverses horizontal differencing (predictor 2, TIFF 6.0
// section 14) and floating-point prediction (predictor 3, Adobe Photoshop
// TIFF Technical Note 3, 2005), leaving samples in the file's byte order.
//
// Every function treats its input as hostile: a corrupt or truncated stream
// is an error, never a panic, and no function allocates more output than the
// caller's declared chunk size (plus a small constant), whatever the stream
// claims.
//
// All functions are safe for concurrent use. Decoder state (Huffman tables,
// LZW string tables, Zstandard block decoders) is pooled, so that decoding
// many tiles in parallel allocates almost nothing per tile.
package codec
