// Package asymmetry measures how differently the two sides of a border have
// developed: landscape metrics (FRAGSTATS definitions) per side or distance
// band, side-versus-side comparisons with uncertainty from a spatial block
// bootstrap and permutations, gradient profiles against signed distance from
// the line, the discontinuity at the border by local linear regression, and
// the functional specialization of places from employment tables.
package asymmetry
