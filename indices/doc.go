// Package indices computes spectral indices: every index of the Awesome
// Spectral Indices catalogue, user formulas, kernel indices and named helpers
// for the indices used most.
//
// # Catalogue
//
// The 280 indices of Awesome Spectral Indices (Montero et al. 2023, "A
// standardized catalogue of spectral indices to advance the use of remote
// sensing in Earth system research", Scientific Data 10, 197,
// doi:10.1038/s41597-023-02096-0; MIT licence, copyright 2021 David Montero
// Loaiza, see catalogue/LICENSE) are embedded: [Lookup] finds an entry by
// short name (exact, then case-insensitive), [ByDomain] and [ByPlatform]
// list them, [Constants] gives the named constants with their defaults and
// [BandLetters] the band letters with their wavelengths per platform.
//
// The catalogue's default for L, the canopy background adjustment of SAVI and
// its relatives, is 1.0, not the 0.5 of Huete (1988); override it with
// Options.Constants{"L": 0.5}, or call [SAVI], which takes L explicitly.
//
// # Formulas
//
// [Compile] turns a formula in the catalogue's Python syntax ("(N - R) / (N +
// R)", "g * (N - R) / (N + C1 * R - C2 * B + L)", "-N**2", "1.5e-3 * S1")
// into a [Program]: a short list of vector instructions, each a tight loop
// over a chunk of 1024 pixels, run on all cores by [Program.Run]. Inputs
// (float32) are read in place, intermediate values are float64 registers
// that stay in cache, constant subexpressions are folded, common pairs of
// operations (x + y*k, (x - y)*k, (x - y*k) + c) take one pass, and a final
// division writes the float32 output directly; the compiled EVI is four
// passes over each chunk. Nothing is interpreted per pixel and no interface
// method is called per pixel. Parse errors are
// [*ParseError] values naming the column and what was expected. NaN in any
// operand gives NaN, division by zero gives NaN instead of ±Inf, 0**negative
// and negative**fractional give NaN, and a result that overflows is stored
// as NaN, so results are finite or NaN.
//
// Kernel indices (kNDVI, kEVI, kIPVI, kRVI, kVARI) use kernel terms such as
// kNR = k(N, R); see [Kernel] for the RBF kernel and its sigma (by default
// σ = 0.5·(a+b) per pixel, as Camps-Valls et al. 2021 prescribe for kNDVI).
//
// # Computing
//
// [Compute] runs a catalogue index on a raster.Stack whose band names are
// catalogue letters ("B", "G", "R", "N", "S1", "S2", "T1", ...). [NewSource]
// computes window by window from one raster.Source per letter, so that
// geotiff.WriteSource writes an index of a full scene with memory bounded by
// a few blocks per band. [NDVI], [EVI], [SAVI], [NDBI], [MNDWI], [NDWI],
// [BI], [NBR], [NDSI] and [UI] are hand-written single-pass loops whose
// results equal, bit for bit, those of the compiled catalogue entries.
//
// # Proof
//
// Every catalogue index is compared with numpy evaluating the catalogue's own
// formula strings on a real Landsat 8 crop (testdata/README.md describes the
// inputs and the script, testdata/numpy_indices.py).
package indices
