// Package sensor maps the band letters of the Awesome Spectral Indices
// catalogue onto the bands of Landsat 4–9 and Sentinel-2, reads Landsat
// metadata (MTL), loads Landsat and Sentinel-2 products in physical units on
// one grid, and builds cloud and quality masks.
//
// # Band maps
//
// Catalogue letters (A, B, G, R, RE1–RE3, N, N2, WV, S1, S2, T, T1, T2) and
// STAC common names (coastal, blue, green, red, rededge071…, nir, nir08,
// nir09, swir16, swir22, lwir, lwir11, lwir12) map to the bands of Landsat
// 4–5 TM, Landsat 7 ETM+, Landsat 8–9 OLI/TIRS and Sentinel-2A/B/C MSI
// ([BandName], [Letters], [LandsatFileBand] for the Collection 2 file
// suffixes B4, SR_B4, ST_B10). The tables are tested against the
// catalogue's bands.json for every letter and platform it lists. One
// addition: N on Landsat 8–9 is B5, which the catalogue lists only as N2.
//
// # Metadata
//
// [ReadMTL] and [ParseMTL] read MTL.txt (ODL: GROUP/END_GROUP, NUL padding
// tolerated) and Collection 2 MTL.json into one [Metadata]: band files,
// radiance and reflectance MULT/ADD, Level-2 SR/ST scale and offset, K1/K2,
// sun elevation and azimuth, Earth–Sun distance, product level, spacecraft
// and cloud cover. Errors name the file and the line or key.
//
// # Products
//
// [OpenLandsat] (Collection 2 Level-1 and Level-2, and the pre-collection
// Level-1 layout), [OpenSentinel2] (L1C and L2A band sets, with the −1000 DN
// offset of processing baseline 04.00 and later) and [Open] (either) return
// a [Product]: for each catalogue letter a single-band raster.Source whose
// band 0 is reflectance 0–1, or kelvin for thermal letters, NaN for fill,
// all on one grid — the finest band's, others resampled with package
// raster/warp (bilinear for coarser bands, average for finer ones, unless
// Options.Resampling says otherwise). [Product.Sources] gives them as the
// map[string]raster.Source that package indices computes an index from, and
// [Product.ReadStack] reads a window of them into a raster.Stack whose band
// names are the letters. Reading a window touches only the file blocks it
// needs. The formulas of the Level-1 conversions (TOA reflectance, ESUN,
// brightness temperature) live in package indices/thermal, which this package
// uses; [Product.LandSurfaceTemperature] chains them into land-surface
// temperature (Level-1) or returns the delivered ST band (Level-2).
//
// # Quality masks
//
// [QAPixel] decodes Landsat Collection 2 QA_PIXEL bits and confidence pairs,
// [BQACollection1] the Collection 1 quality band, [BQA] the pre-collection
// Landsat 8 quality band and [SCL] the Sentinel-2 scene classification. [ParseConditions] reads lists such as
// "clouds,shadow,cirrus>=medium"; [NewMask] and [Product.Mask] build a
// [Mask] from them, which combines with Or, And and Not, applies to a band or
// stack (masked pixels become NaN) and reports [Mask.ClearFraction], the
// share of clear pixels among those with data (fill excluded).
// Options.Mask applies a mask to every band a product reads.
//
// References: USGS, Landsat 8 Data Users Handbook (LSDS-1574), §5 (radiance,
// reflectance, brightness temperature) and §5.4 (pre-collection BQA); USGS,
// Landsat 8-9 Collection 2 Level 2 Science Product Guide (LSDS-1619) and
// Landsat 4-7 C2 L2 Science Product Guide (LSDS-1618) (QA_PIXEL, SR and ST
// scale factors); Chander, Markham & Helder (2009), Remote Sensing of
// Environment 113, 893–903 (TM/ETM+ ESUN, K1, K2); ESA, Sentinel-2 Products
// Specification Document (S2-PDGS-TAS-DI-PSD) and Level-2A Product Format
// Specification (quantification value, radiometric offset, SCL classes);
// Montero et al. (2023), Awesome Spectral Indices, Scientific Data 10, 197.
package sensor
