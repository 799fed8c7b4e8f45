// Package asymmetry measures how differently the two sides of a border have
// developed: is one side a diversified, tightly structured territory and the
// other a looser one, by how much, how does the difference change with
// distance from the line, and is the jump at the line real or noise? It
// builds on package zones (the sides of a border, distance bands, towns, as
// zone sets or raster.Labels) and on class maps from package classify.
//
// The package has five parts, one concept per group of files.
//
// # Landscape metrics (landscape*.go, patch*.go, fragstats*.go)
//
// [Landscape] cuts a categorical map (raster.Labels) into patches — cells of
// one class connected under the 8-cell or 4-cell rule — and computes the
// FRAGSTATS metrics at patch level (AREA, PERIM, GYRATE, PARA, SHAPE, FRAC,
// CONTIG, ENN), class level and landscape level (CA, PLAND, NP, PD, LPI, TE,
// ED, LSI, AREA_MN/SD/CV, GYRATE_MN, SHAPE_MN, FRAC_MN, PARA_MN, CONTIG_MN,
// ENN_MN, COHESION, AI, DIVISION, MESH, SPLIT, IJI; and CONTAG, PR, SHDI,
// SHEI, SIDI for the landscape), in FRAGSTATS's units: hectares, metres
// (map units are taken as metres), per 100 ha, percent. It works on a whole
// map or per zone — a side, a distance band — given as zone labels on the
// same grid ([LandscapeOptions].Zones) or as a zones.CoverageSet under the
// pixel-centre rule ([LandscapeOfZones]); each zone is then a landscape of
// its own, whose outside is no data. Results are rows (PatchMetrics,
// ClassMetrics, LandscapeMetrics) with a CSV writer
// ([LandscapeResult.WriteCSV]).
//
// No data (code 0, or a chosen background code) is outside the landscape,
// as FRAGSTATS treats cells outside the landscape of interest: sides facing
// it, and the map's own boundary, count in a patch's perimeter and in SHAPE
// and LSI, never in TE and ED (FRAGSTATS's default when no landscape border
// is given and no boundary edge is counted). Patch and class standard
// deviations are population ones (divided by n), as FRAGSTATS computes them;
// ENN of a patch alone in its class is NaN (FRAGSTATS's N/A); PARA is in
// m/ha, the unit FRAGSTATS 4.2 prints (its documentation says m/m²).
//
// Every metric reproduces FRAGSTATS 4.2's own output for the landscapemetrics
// example map to the four decimals printed (testdata/land_landscape.*), with
// one documented exception: GYRATE follows FRAGSTATS's written definition
// (mean distance of the cell centres to the patch centroid, 0 for a one-cell
// patch) where FRAGSTATS 4.2 prints 0.5 for one-cell patches and values up to
// 0.02 cells away for 17 other patches, a deviation the landscapemetrics
// authors also report and could not explain (FRAGSTATS's source is not
// public).
//
// The work is one labelling pass over the cells (scanline union–find), one
// tally pass, and per-patch work; the edge-to-edge nearest-neighbour search
// for ENN first looks at the 5 x 5 cells around each boundary cell and only
// then, when nothing of the class is that near, searches buckets of boundary
// cells, in parallel with a result independent of the number of cores.
// Memory is linear in the map: about 25 bytes per cell on top of the map.
// BenchmarkLandscape10000 measures a 10000 x 10000 map of 2.1 million
// patches: about 10 s and 2.8 GB on two shared cores, about as long as
// scipy.ndimage.label takes to label its classes alone
// (testdata/land_peer_label.py).
//
// References: McGarigal K. & Marks B.J. 1995, FRAGSTATS: spatial pattern
// analysis program for quantifying landscape structure, USDA Forest Service
// GTR PNW-351; McGarigal K. 2015, FRAGSTATS help, v4.2, University of
// Massachusetts, Amherst; He H.S., DeZonia B.E. & Mladenoff D.J. 2000, An
// aggregation index (AI) to quantify spatial patterns of landscapes,
// Landscape Ecology 15:591–601; Jaeger J.A.G. 2000, Landscape division,
// splitting index, and effective mesh size, Landscape Ecology 15:115–130;
// Schumaker N.H. 1996, Using landscape indices to predict habitat
// connectivity, Ecology 77:1210–1225; Li H. & Reynolds J.F. 1993, A new
// contagion index to quantify spatial patterns of landscapes, Landscape
// Ecology 8:155–162; LaGro J. 1991, Assessing patch shape in landscape
// mosaics, Photogrammetric Engineering & Remote Sensing 57:285–293.
//
// # Comparing the two sides (compare*.go, bootstrap.go, tests.go)
//
// [SamplesFromDistance] splits a per-pixel value (an index, a surface
// temperature, a class indicator) into the two sides by a signed-distance
// band from zones.SignedDistance, [SamplesFromLabels] by a side raster, and
// [UnitSample] takes per-zone metric values. [Compare] gives the statistic
// on side A and side B (mean or median), the difference, the ratio, the log
// ratio and the normalized asymmetry (A − B) / (A + B), with percentile
// confidence intervals from a spatial block bootstrap ([BlockBootstrap]:
// square blocks of a given size in metres resampled with replacement within
// each side, because neighbouring pixels are not independent; Künsch 1989,
// Lahiri 2003) and a permutation p-value from reassigning whole blocks
// between the sides; [Welch]'s t-test (Welch 1947) and the [MannWhitney] U
// test (Mann & Whitney 1947, normal approximation with tie and continuity
// corrections) are given for reference. Replicates are seeded one by one, so
// the answer is the same on any number of cores.
//
// # Gradient profiles (gradient*.go)
//
// [Gradient] gives a statistic per distance band on each side of the line
// (the bands of zones.DistanceBands), with block-bootstrap intervals, as
// rows, CSV and a PNG plot (gonum/plot) of value against signed distance,
// the border at 0.
//
// # Discontinuity at the border (discontinuity.go, rdd*.go)
//
// [Discontinuity] (on bands) and [LocalLinearJump] (on distance and value
// slices) estimate the jump at the border as a spatial regression
// discontinuity (Keele & Titiunik 2015): local linear regression on each
// side of the line at distance 0 with a triangular kernel, the bandwidth
// given or chosen by the Imbens–Kalyanaraman (2012) rule ([IKBandwidth]),
// the jump (positive-side limit minus negative-side limit) with a
// heteroskedasticity-robust (HC1) or block-clustered standard error and a
// 95 % confidence interval. Large rasters are subsampled (seeded). Checked
// against statsmodels WLS to 1e-9.
//
// # Functional specialization (employment*.go, specialization*.go)
//
// From a sector x place table of employment ([ReadEmploymentCSV], wide or
// long form, every bad cell an error naming its row, column, sector and
// place): location quotients, the Krugman specialization index, the Hoover
// (dissimilarity) index ([DissimilarityIndex]), the Herfindahl–Hirschman and
// Theil indices, and each place's dominant function (administrative,
// production, transit, ...) through a sector → function map
// ([ReadSectorFunctionsCSV]).
package asymmetry
