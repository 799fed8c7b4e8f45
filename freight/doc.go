// Package freight analyses time series of freight through a border crossing:
// trains, TEU or tonnes per year, quarter, month or explicit date span, as
// sources report them, with lower bounds ("more than 7,000"), rounded
// figures, partial periods ("over 6,000 as of 14 December") and gaps.
//
// A [Series] holds [Observation]s with their [Period], [Qualifier],
// coverage and [Source]; [ReadCSV] and [WriteCSV] read and write the table
// layout of the figures bundled with the package ([Embedded]).
//
// Analyses carry qualifiers through ([Propagate]): growth ([YoY], [CAGR],
// [DoublingTime]); trend models fitted by non-linear least squares
// ([FitModel]: exponential, logistic with carrying capacity K, Gompertz)
// with confidence intervals, AIC/BIC and forecasts with prediction
// intervals; structural breaks ([Chow], [BreakSearch]); the model-free
// Mann–Kendall test with Sen's slope ([MannKendall]); shares of a corridor
// total ([Share]) and directional imbalance ([Imbalance]). [Plot] draws a
// series, its fits and forecast band to PNG.
//
// Time is measured in decimal years at period midpoints ([Period.Time]):
// the year 2024 is t = 2024.5.
package freight
