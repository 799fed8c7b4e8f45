package classify

import (
	"fmt"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
	"gonum.org/v1/gonum/mat"
)

// MaxLikelihoodOptions controls TrainMaxLikelihood.
type MaxLikelihoodOptions struct {
	// Priors gives the prior probability of each class code; nil means
	// equal priors. When given, every trained class needs a positive,
	// finite prior; they are normalised to sum to 1.
	Priors map[uint16]float64
}

// MaxLikelihood is the Gaussian maximum-likelihood classifier: each class
// is a multivariate normal distribution with its own mean and covariance,
// and a pixel x goes to the class i with the largest discriminant
//
//	g_i(x) = ln P(i) − ½ ln |Σ_i| − ½ (x − μ_i)ᵀ Σ_i⁻¹ (x − μ_i)
//
// (the log of the class's prior times its density, less the constant
// −(d/2) ln 2π). Reference: J. A. Richards and X. Jia (2006), Remote Sensing
// Digital Image Analysis, 4th ed., Springer, section 8.2.
type MaxLikelihood struct {
	// Codes are the class codes, ascending; Means[i], Covariances[i] and
	// Priors[i] belong to Codes[i]. Covariances are unbiased (divided by
	// N − 1), in squared feature units.
	Codes       []uint16
	Means       [][]float64
	Covariances []*mat.SymDense
	Priors      []float64
	// Features names the features (Samples.Features); nil when positional.
	Features []string

	classes []raster.Class
	chol    [][]float64 // lower Cholesky factor of each covariance, row-major
	konst   []float64   // ln P(i) − ½ ln|Σ_i|
}

// TrainMaxLikelihood estimates each class's mean and covariance from s
// (rows with a NaN or infinite feature are left out). A class needs more
// rows than features, and a covariance that is singular or not positive
// definite — too few or collinear samples, a constant band — is an error
// naming the class. Ties go to the lower code.
func TrainMaxLikelihood(s *Samples, opt *MaxLikelihoodOptions) (*MaxLikelihood, error) {
	groups, err := groupSamples(s, "maximum likelihood")
	if err != nil {
		return nil, err
	}
	ml := &MaxLikelihood{Features: namedFeatures(s.Features), classes: classTable(s.Classes, groups)}
	d := groups[0].d
	priorSum := 0.0
	for _, g := range groups {
		p := 1.0
		if opt != nil && opt.Priors != nil {
			var ok bool
			p, ok = opt.Priors[g.code]
			if !ok || !(p > 0) || math.IsInf(p, 0) {
				return nil, fmt.Errorf("classify: maximum likelihood: class %s: prior %v (want a positive number for every class)", className(s.Classes, g.code), p)
			}
		}
		ml.Priors = append(ml.Priors, p)
		priorSum += p
	}
	for i := range ml.Priors {
		ml.Priors[i] /= priorSum
	}
	for i, g := range groups {
		name := className(s.Classes, g.code)
		n := g.n()
		if n <= d {
			return nil, fmt.Errorf("classify: maximum likelihood: class %s has %d samples, needs more than the %d features for a covariance", name, n, d)
		}
		mean := g.mean()
		cov := mat.NewSymDense(d, nil)
		for r := range n {
			row := g.x[r*d : (r+1)*d]
			for a := range d {
				da := row[a] - mean[a]
				for b := a; b < d; b++ {
					cov.SetSym(a, b, cov.At(a, b)+da*(row[b]-mean[b]))
				}
			}
		}
		for a := range d {
			for b := a; b < d; b++ {
				cov.SetSym(a, b, cov.At(a, b)/float64(n-1))
			}
		}
		var ch mat.Cholesky
		if !ch.Factorize(cov) {
			return nil, fmt.Errorf("classify: maximum likelihood: class %s: covariance of its %d samples is singular or not positive definite (a constant or collinear band?)", name, n)
		}
		if c := ch.Cond(); c > 1e14 || math.IsInf(c, 0) || math.IsNaN(c) {
			return nil, fmt.Errorf("classify: maximum likelihood: class %s: covariance of its %d samples is numerically singular (condition number %.3g)", name, n, c)
		}
		var l mat.TriDense
		ch.LTo(&l)
		lf := make([]float64, d*d)
		for a := range d {
			for b := 0; b <= a; b++ {
				lf[a*d+b] = l.At(a, b)
			}
		}
		ml.Codes = append(ml.Codes, g.code)
		ml.Means = append(ml.Means, mean)
		ml.Covariances = append(ml.Covariances, cov)
		ml.chol = append(ml.chol, lf)
		ml.konst = append(ml.konst, math.Log(ml.Priors[i])-0.5*ch.LogDet())
	}
	return ml, nil
}

// Classes returns the class table of the trained codes.
func (ml *MaxLikelihood) Classes() []raster.Class { return slices.Clone(ml.classes) }

// NumFeatures returns the number of features of each class mean.
func (ml *MaxLikelihood) NumFeatures() int {
	if len(ml.Means) == 0 {
		return 0
	}
	return len(ml.Means[0])
}

// FeatureNames returns the feature names trained with, or nil.
func (ml *MaxLikelihood) FeatureNames() []string { return ml.Features }

// Predict writes the code of the class with the largest discriminant, 0
// for a pixel with a NaN feature. The Mahalanobis term is computed by
// forward substitution with the Cholesky factor L of Σ_i (Σ_i = L Lᵀ, so
// (x−μ)ᵀ Σ_i⁻¹ (x−μ) = |L⁻¹(x−μ)|²).
func (ml *MaxLikelihood) Predict(x []float32, out []uint16) {
	d := ml.NumFeatures()
	if len(ml.chol) != len(ml.Means) {
		clear(out) // not trained by TrainMaxLikelihood
		return
	}
	n := predictLen(x, out, d)
	z := make([]float64, d)
	for i := range n {
		p := x[i*d : (i+1)*d]
		if hasNaN(p) {
			out[i] = 0
			continue
		}
		best, bg := uint16(0), math.Inf(-1)
		for c, m := range ml.Means {
			l := ml.chol[c]
			maha := 0.0
			for a := range d {
				s := float64(p[a]) - m[a]
				row := l[a*d : a*d+a]
				for b, v := range row {
					s -= v * z[b]
				}
				s /= l[a*d+a]
				z[a] = s
				maha += s * s
			}
			g := ml.konst[c] - 0.5*maha
			if g > bg {
				bg, best = g, ml.Codes[c]
			}
		}
		out[i] = best
	}
	clear(out[n:])
}
