// Package raster is borderzone's in-memory raster model.
//
// A [Grid] says where pixels are: its size, an [Affine] geotransform in
// GDAL order and the [CRS] the coordinates are in. A [Band] is one layer of
// float32 analysis values in a single row-major slice, with NaN meaning "no
// data", so missing values propagate through arithmetic without a separate
// mask. A [Stack] is a set of co-registered named bands and [Labels] is a
// categorical raster (land-cover classes, zone ids) of small unsigned
// integers with 0 meaning "none". Every one of them carries its Grid, and
// operations on two rasters check that their grids match ([Grid.Match]).
//
// Work that can run window by window takes a [Source]: anything that hands
// out a band window (a GeoTIFF file from package raster/geotiff, an
// in-memory [Stack] or [Band]). [Blocks] splits a raster into the windows to
// iterate over.
//
// The split follows Go's image packages: this package defines the types,
// raster/geotiff decodes and encodes files.
package raster
