// Package sim generates the simulated Landsat scenes of the Khorgos case
// study: two dates (2014 and 2024) of a Landsat 8/9 Collection 2 Level-2
// product around the Khorgos crossing on the China–Kazakhstan border, with
// the truth they were made from (land cover, clouds, new built-up patches by
// expansion type) and training polygons. It is deterministic: the same
// [Options] give the same files byte for byte on any number of cores.
//
// No real satellite scene of Khorgos could be obtained for the project
// (../shared/data/README.md), so the case study's default run uses these.
// What is real and what is simulated:
//
//   - real: the China and Kazakhstan polygons and the border line
//     ([CountriesGeoJSON], [BorderLineGeoJSON]: Natural Earth 1:10m,
//     public domain), which place the land cover on its side of the line;
//     and the spectra and temperatures, sampled from real Landsat 8 and
//     Sentinel-2 pixels of each cover ([SpectraCSV]).
//   - simulated: the land cover and its change, the clouds and shadows, and
//     so every pixel value. Every MTL and the folder's README.txt say so.
//
// # Product
//
// [Generate] writes dir/2014 and dir/2024, each a Collection 2 Level-2
// product that indices/sensor.Open reads: LC08_L2SP_147029_20140815_20200911_02_T1
// (Landsat 8 OLI/TIRS) and LC09_L2SP_147029_20240818_20240819_02_T1
// (Landsat 9), WRS-2 path 147 row 29, with files <id>_SR_B2.TIF …
// _SR_B7.TIF, _ST_B10.TIF, _QA_PIXEL.TIF and _MTL.txt. The MTL has the
// groups and keys of a real C2 L2 MTL (PRODUCT_CONTENTS file names,
// SPACECRAFT_ID, PROCESSING_LEVEL L2SP, COLLECTION_NUMBER 02, DATE_ACQUIRED,
// SCENE_CENTER_TIME, SUN_AZIMUTH/SUN_ELEVATION, EARTH_SUN_DISTANCE,
// REFLECTANCE_MULT/ADD_BAND_n and TEMPERATURE_MULT/ADD_BAND_ST_B10), with
// ORIGIN saying the scene is simulated. Encoding (LSDS-1619):
//
//	SR DN = round((ρ + 0.2) / 2.75e-5)      UInt16, 1..65535, 0 = fill (GDAL nodata 0)
//	ST DN = round((T − 149 K) / 0.00341802)  UInt16, same range
//	QA_PIXEL: 21824 clear land (bit 6 clear, every confidence pair "low"),
//	          21952 clear water (+ bit 7), 22280 cloud (bit 3, cloud
//	          confidence high), 23888 cloud shadow (bit 4, shadow
//	          confidence high, bit 6 set as USGS does)
//
// so sensor.ParseConditions("cloud,shadow") masks exactly [Scene].Cloud.
// Bands are Cloud Optimized GeoTIFFs written by raster/geotiff (DEFLATE,
// horizontal predictor, 512-pixel tiles, overviews), so the case study reads
// them through the same path as real data. The truth maps are written
// beside them as palette COGs: dir/truth/cover_<year>.tif and
// cloud_<year>.tif. The grid ([Grid]) is UTM zone 44N
// (EPSG:32644), 30 m pixels with edges at 15 m modulo 30 m as Landsat's,
// Size x Size pixels (default 1000, 30 x 30 km) centred on 80.37 E,
// 44.205 N. Sun angles (azimuth 142.6°/143.8°, elevation 55.3°/54.2°) are
// those of 05:20 UTC on the acquisition dates at Khorgos.
//
// # Land cover (truth)
//
// Classes ([Classes]): 1 water, 2 built-up, 3 cropland, 4 trees, 5 steppe,
// 6 bare, 7 solar. The signed distance to the border is computed with
// zones.SignedDistance (China negative); China lies east of the line. Layers,
// in painting order (pixels; 1 pixel = 30 m):
//
//  1. Steppe everywhere, with bare patches where two-octave value noise of
//     45-pixel lattice exceeds 0.42 in Kazakhstan and 0.52 in China.
//  2. China, east of the gravel fan and south of the northern foothills
//     (row > 0.12·Size), where 260-pixel noise exceeds −0.15: regular
//     irrigated parcels of 20 x 13 pixels (600 x 390 m). Per parcel (hashed):
//     6 % orchards (trees), 6 % new orchards by 2024, 8 % fallow (bare) in
//     2014 and cropped in 2024, 4 % the reverse, the rest cropland.
//     Shelterbelts (trees, 2 pixels) on every third parcel column edge in
//     2014, plus every other column edge and every third row edge by 2024
//     (greening).
//  3. Kazakhstan, more than 12 pixels from the line, where 110-pixel noise
//     exceeds 0.38: scattered fields of 16 x 16-pixel parcels, 70 % cropped
//     at both dates, 10 % ploughed by 2024, 20 % steppe.
//  4. The Khorgos river along the border: water 4 pixels wide, meandering
//     ±1.5 pixels; a gravel fan (bare) 9 pixels each side, with riparian
//     woodland (trees) where 12-pixel noise exceeds 0.3.
//  5. Two reservoirs (noisy ellipses): in China 0.28·Size east of the line
//     at 0.18·Size from the top, 0.045 x 0.028·Size radii; in Kazakhstan
//     0.30·Size west at 0.84·Size, 0.040 x 0.022·Size.
//  6. Settlements of 11-pixel blocks (2-pixel built-up streets around a 7 x 7
//     interior): the city of Khorgos (Horgos) 0.13·Size east of the line,
//     0.10 x 0.12·Size (at least 3 x 3 blocks); the Kazakh settlement
//     (Nurkent/Altynkol) 0.13·Size west, 0.04 x 0.05·Size (at least 2 x 2
//     blocks), with a dry-port yard east of it. Block interiors: 8 % parks
//     (trees), 32 % of the inner blocks vacant lots (bare or steppe) in 2014,
//     the rest built-up; outer blocks are missing (corners with probability
//     ½, others 0.15), so the outline is ragged.
//     A road 3 pixels wide joins the settlement, the dry port, the crossing
//     and the city (built-up at both dates); by 2024 2-pixel tree belts line
//     it in China.
//  7. A photovoltaic farm (solar) on a gravel plain in China, 0.24·Size east
//     of the line at 0.76·Size, 0.05 x 0.035·Size (at least 16 x 12): bare in
//     2014, solar in 2024.
//  8. New built-up patches 2014→2024 (below).
//
// At the default size and seed the cover fractions are, China 2014 → 2024:
// water 0.011, built-up 0.018 → 0.024, cropland 0.574 → 0.513, trees 0.071 →
// 0.155, steppe 0.249 → 0.247, bare 0.076 → 0.046, solar 0 → 0.003;
// Kazakhstan 2014 → 2024: water 0.010, built-up 0.006 → 0.007, cropland
// 0.043 → 0.052, trees 0.003, steppe 0.826 → 0.816, bare 0.112 → 0.111,
// solar 0. Built-up
// land is never lost.
//
// # Urban expansion by construction
//
// New built-up patches follow the landscape expansion index of Liu et al.
// (2010) as classify.UrbanExpansion implements it: LEI = 100·A_o/(A_o+A_v)
// over the cells outside the patch whose centres lie within the buffer
// width; infilling LEI > 50, edge expansion 0 < LEI ≤ 50, outlying LEI = 0.
// Candidates are rectangles: infilling fills about 65 % of the vacant lots
// (7 x 7 = 49 pixels, surrounded by old streets; another 15 % become parks);
// edge expansion adds 6–12 x 8–14-pixel rectangles against the outer
// blocks (every 17 pixels along each side, with probability 0.7 for the
// city and 0.6 for the settlement); outlying patches are 6–14 x 6–14
// pixels placed at random within 0.14·Size of the city (China side; 12 per
// 10⁶ pixels of scene) and 0.08·Size of the settlement (2 per 10⁶). A candidate is kept only if its LEI with buffers of 1, 2 and
// 3 pixels (30, 60, 90 m) all give its type with a margin (infilling > 55,
// edge 5–45, outlying 0 and no 2014 built-up within 8 pixels), it covers
// no water, solar or built-up land, and it stays at least 3 pixels (2
// pixels of non-built-up land, 8-connectivity) from every other new patch.
// So every new patch has at least 36 pixels and the typology does not depend
// on the buffer width; [Truth].Expansion counts them. At the default size
// and seed: 14 infilling (686 pixels), 17 edge-expansion (1739), 14
// outlying (1344); of these 13, 15 and 12 are in China and 1, 2 and 2 in
// Kazakhstan, and the built-up area of the Chinese side grows by a third.
// When a settlement with inner blocks drew no vacant lot, one inner block
// is made vacant, and when no lot was filled the first fillable one is, so
// every size has at least one patch of each type (tested over sizes 200 to
// 1170 and six seeds, with classify agreeing for buffers of 1 to 90 m). The tests check that classify.UrbanExpansion on the two truth maps
// finds exactly these counts and areas for buffers of 1 m (thin regime),
// 30, 60 and 90 m.
//
// # Spectra and temperatures
//
// Each class's pixels take surface reflectance (blue … SWIR2) and surface
// temperature from the rows of its class in spectra.csv, made by
// internal/mkspectra from the real scenes in ../shared/data/imagery read
// through indices/sensor (250 rows per class, 149 for solar; the CSV header
// gives every rule):
//
//   - water, trees, cropland, built-up, solar and cloud: the Landsat 8 L1T
//     crop LC80200392015216LGN00 (Gulf coast, 2015-08-04), TOA reflectance
//     turned into surface reflectance by dark-object subtraction (Chavez
//     1988), selected by index thresholds (water MNDWI > 0.2 and NIR < 0.10;
//     trees NDVI > 0.72 and SWIR1 < 0.14; cropland NDVI > 0.60 and SWIR1 >
//     0.17; impervious NDVI < 0.35, NDBI > −0.1, brightness temperature >
//     298 K; cloud blue > 0.22 and < 291 K). Photovoltaic panels occur in
//     none of the scenes: solar takes the darkest 12 % of the impervious
//     pixels (dark roofs and asphalt), built-up the brightest 70 % with red
//     below 0.13.
//   - bare: the Sentinel-2 L2A Western Sahara tile (S2A_29RKH_20200219),
//     bright (red ≥ 0.25), unvegetated (NDVI < 0.12) pixels; it has no B11,
//     so SWIR1 is interpolated linearly in wavelength between B08 (842 nm)
//     and B12 (2190 nm) at 1609 nm.
//   - steppe: no scene has dry steppe, so each row is a linear mixture of a
//     bare pixel and a cropland pixel with vegetation fraction 0.25–0.40.
//   - temperatures: the L8 B10 brightness temperature of the same pixel +
//     10 K (from a humid Gulf-coast atmosphere to surface temperature, and a
//     drier, hotter Central-Asian August); bare rows borrow a built-up row's
//     temperature + 6 K (Sentinel-2 has no thermal band); steppe mixes
//     linearly. The Landsat 5 TM (Tucuruí) and Landsat 7 (Olinda) subsets
//     are not used: the Landsat 8 crop already has water, forest, fields and
//     towns in the OLI/TIRS bands being simulated, while TM's band passes
//     differ and the Landsat 7 stack has neither calibration nor thermal
//     band.
//
// Within-class variation and texture: each class's rows are sorted by
// brightness and indexed by value noise of 9-pixel lattice, so
// neighbouring pixels take similar spectra; a cropland parcel draws one row
// per date (hash of parcel and date) with ±8 % of the pool of texture. Each
// pixel then gets a brightness factor 1 + 0.04·N(0,1) common to all bands,
// an independent 1.5 % per band, and 0.8 K of thermal noise. Truth is per
// pixel: there are no mixed pixels.
//
// # Clouds
//
// Per date, cumulus cells, discs of radius 5–16 pixels with value-noise
// edges taking the L8 cumulus rows, are drawn until they cover 2.5 % of the
// scene in 2014 and 1.8 % in 2024;
// their shadows are the cloud mask shifted away from the sun by
// h/tan(elevation) (cloud base h = 1200 m in 2014, 1500 m in 2024; about 28
// and 36 pixels), reflectance × 0.35 and 4 K cooler. A cell whose cloud or
// shadow would come within 12 pixels of built-up land (of either date) is
// dropped, so the settlements and every new patch, with the buffers their
// expansion index needs, are seen clear at both dates; clouds elsewhere
// still hide fields, steppe, water and the border zone. At the default size:
// 2.5 % cloud and 2.4 % shadow in 2014, 1.8 % and 1.7 % in 2024.
//
// # Training polygons
//
// [Scene].Training holds 5 x 5-pixel squares (3 x 3 where a class has no
// room), up to 6 per class and side, spread at least Size/10 pixels apart
// when possible, each wholly inside one truth class with a one-pixel margin
// and clear of cloud and shadow; found exactly with a summed-area table and
// drawn at random (seeded). Properties: "class" (the code, a number) and
// "name".
//
// # Determinism and cost
//
// Random choices come from math/rand/v2 PCG streams seeded by Options.Seed,
// and per-pixel noise from a SplitMix64 hash of (seed, date, pixel, band),
// so rendering rows in parallel gives the same bytes on any number of
// cores. Generating the default 1000 x 1000 scene (both dates, 16 band COGs
// and 4 truth maps) takes 1.2–1.8 s on 2 cores (idle to loaded machine),
// allocating 0.32 GB in all with a peak resident set of about 93 MB
// (BenchmarkGenerateDefault; /usr/bin/time -v); the largest size,
// 4000 x 4000, about 33 s and 1.2 GB.
//
// Reference: Liu, X., Li, X., Chen, Y., Tan, Z., Li, S., Ai, B. (2010). A new
// landscape index for quantifying urban expansion using multi-temporal
// remotely sensed data. Landscape Ecology 25, 671–682. Chavez, P.S. (1988).
// An improved dark-object subtraction technique for atmospheric scattering
// correction of multispectral data. Remote Sensing of Environment 24,
// 459–479.
package sim
