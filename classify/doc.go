// Package classify turns co-registered bands into land-cover maps and says
// how good the maps are and how the land changed.
//
// # Classifiers
//
// A Classifier classes blocks of pixel-interleaved features (never one
// interface call per pixel) and carries its class table (code, name,
// colour), so a user's own classifier plugs in at full speed. Classify runs
// one over an in-memory raster.Stack and ClassifySource over any
// raster.Source window by window, on all cores with the same answer on any
// number of them; a pixel with no data (NaN) in any feature is 0, "none".
// A classifier that implements FeatureNamer gets its bands from the stack
// by name.
//
//   - Rules: ordered thresholds and decision trees over named bands, such as
//     indices computed with package indices ("water where MNDWI > 0,
//     built-up where NDBI > 0 and NDVI < 0.2, else vegetation"), written as
//     Go values (Rules, Rule, Compare, All, Any) or read from a JSON rule
//     file (ParseRules, ReadRulesFile).
//   - Unsupervised: k-means as scikit-learn's KMeans (greedy k-means++
//     seeding, Lloyd iterations with a tolerance relative to the data's
//     variance, restarts keeping the lowest inertia), seeded and
//     deterministic (FitKMeans, FitKMeansStack); for scenes larger than
//     memory FitKMeansSource fits on a sample and ClassifySource assigns
//     every pixel.
//   - Supervised, trained from Samples: minimum distance to class means
//     (TrainMinimumDistance), Gaussian maximum likelihood with class
//     covariances and priors (TrainMaxLikelihood), and random forest (CART
//     trees with the Gini index on bootstrap samples, random features per
//     split, out-of-bag error and feature importance; Breiman 2001).
//   - Training samples are drawn from labelled polygons (a zones set with a
//     class property), capped per class, with train/test splits by polygon
//     rather than by pixel so that neighbouring pixels do not leak between
//     them.
//
// # Accuracy
//
// Confusion matrices with overall, producer's and user's accuracy, kappa
// and F1, and — from a stratified random sample — area-adjusted accuracy
// and class areas with 95 % confidence intervals (Olofsson et al. 2014).
//
// # Change and urban expansion
//
// Transition matrices between two maps on the same grid (pixels and
// hectares), net and gross change and annual rates; the urban expansion
// typology of new built-up patches as infilling, edge-expansion or
// outlying by the landscape expansion index (Liu et al. 2010); and
// clean-up by sieving small patches (4- or 8-connected) and majority
// filtering.
//
// References:
//
//   - S. P. Lloyd (1982), Least squares quantization in PCM, IEEE
//     Transactions on Information Theory 28(2), 129–137.
//   - D. Arthur and S. Vassilvitskii (2007), k-means++: the advantages of
//     careful seeding, Proc. 18th ACM-SIAM Symposium on Discrete
//     Algorithms, 1027–1035.
//   - F. Pedregosa et al. (2011), Scikit-learn: machine learning in Python,
//     Journal of Machine Learning Research 12, 2825–2830.
//   - J. A. Richards and X. Jia (2006), Remote Sensing Digital Image
//     Analysis, 4th ed., Springer (minimum distance, maximum likelihood).
//   - L. Breiman (2001), Random forests, Machine Learning 45, 5–32.
//   - P. Olofsson, G. M. Foody, M. Herold, S. V. Stehman, C. E. Woodcock
//     and M. A. Wulder (2014), Good practices for estimating area and
//     assessing accuracy of land change, Remote Sensing of Environment 148,
//     42–57.
//   - X. Liu, X. Li, Y. Chen, Z. Tan, S. Li and B. Ai (2010), A new
//     landscape index for quantifying urban expansion using multi-temporal
//     remotely sensed data, Landscape Ecology 25, 671–682.
package classify
