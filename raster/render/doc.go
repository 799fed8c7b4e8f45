// Package render turns rasters into images a person can look at: one band
// through a colour ramp, three bands as an RGB composite (true colour or the
// colour-infrared false colour), and categorical [raster.Labels] through
// their class palette, with legends and PNG output.
//
// # Model
//
// A band is mapped to colour in two steps, as matplotlib does
// (matplotlib.colors.Normalize followed by a 256-entry Colormap):
//
//  1. A [Stretch] gives the range [lo, hi] of the band: its minimum and
//     maximum, two percentiles (2 % and 98 % by default, computed exactly
//     as numpy.nanpercentile with method="linear"), or explicit values.
//  2. Each value v becomes t = (v-lo)/(hi-lo) and the colour is entry
//     clamp(floor(t*256), 0, 255) of the [Ramp]'s 256-colour table; values
//     below lo take the first colour, above hi the last. NaN (no data) is
//     fully transparent.
//
// Composites stretch each band the same way into 0–255 for its channel.
// Output images are *image.NRGBA (non-premultiplied, so transparent no-data
// pixels do not darken their neighbours' colours); fast paths write the Pix
// slice row by row with its Stride and never call a per-pixel interface.
// Colouring runs on all cores and gives the same bytes on any number of
// cores.
//
// # Large rasters
//
// [Reduce] averages f x f blocks (ignoring NaN) so that a large band can be
// rendered at a reduced size; the MaxSize options do this automatically.
// [ReduceLabels] takes the block mode instead, since classes cannot be
// averaged.
// [ReadReduced] does the same window by window from any [raster.Source],
// such as an overview level chosen with raster/geotiff's File.LevelFor, so
// a scene larger than memory can be previewed; [ReadPreview] makes that
// choice for a GeoTIFF file.
//
// # Checks
//
// Percentiles are compared exactly with numpy.nanpercentile, ramp tables
// and colours of sample values with matplotlib, block averages of a
// Landsat 5 scene with numpy, and a colour-infrared rendering of that scene
// with a golden PNG checked by eye (see testdata/README.md).
//
// # Colour tables and licences
//
// Viridis and Magma are matplotlib's published 256-entry tables
// (matplotlib/_cm_listed.py, by Nathaniel J. Smith, Stefan van der Walt and
// Eric Firing; released under CC0). RdYlGn is Cynthia Brewer's 11-class
// diverging scheme from ColorBrewer 2.0 (https://colorbrewer2.org; Apache
// License 2.0), interpolated linearly to 256 entries as matplotlib's RdYlGn
// is. Greys runs linearly from black to white (matplotlib's "gray").
package render
