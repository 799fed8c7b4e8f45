package classify

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// MinimumDistance is the minimum-distance-to-means classifier: each pixel
// goes to the class whose mean (in feature space) is nearest by Euclidean
// distance. Reference: J. A. Richards and X. Jia (2006), Remote Sensing
// Digital Image Analysis, 4th ed., Springer, section 8.3.
type MinimumDistance struct {
	// Codes are the class codes, ascending; Means[i] is the mean feature
	// vector of class Codes[i], in the units of the features.
	Codes []uint16
	Means [][]float64
	// Features names the features (Samples.Features); nil when positional.
	Features []string

	classes []raster.Class
}

// TrainMinimumDistance computes the class means of s. Rows with a NaN or
// infinite feature (no data) are left out; every class must keep at least
// one row. Ties between equally near means go to the lower code.
func TrainMinimumDistance(s *Samples) (*MinimumDistance, error) {
	groups, err := groupSamples(s, "minimum distance")
	if err != nil {
		return nil, err
	}
	md := &MinimumDistance{Features: namedFeatures(s.Features), classes: classTable(s.Classes, groups)}
	for _, g := range groups {
		md.Codes = append(md.Codes, g.code)
		md.Means = append(md.Means, g.mean())
	}
	return md, nil
}

// Classes returns the class table of the trained codes.
func (md *MinimumDistance) Classes() []raster.Class { return slices.Clone(md.classes) }

// NumFeatures returns the number of features of each mean.
func (md *MinimumDistance) NumFeatures() int {
	if len(md.Means) == 0 {
		return 0
	}
	return len(md.Means[0])
}

// FeatureNames returns the feature names trained with, or nil.
func (md *MinimumDistance) FeatureNames() []string { return md.Features }

// Predict writes the code of the nearest class mean of each pixel, 0 for a
// pixel with a NaN feature.
func (md *MinimumDistance) Predict(x []float32, out []uint16) {
	d := md.NumFeatures()
	n := predictLen(x, out, d)
	for i := range n {
		p := x[i*d : (i+1)*d]
		if hasNaN(p) {
			out[i] = 0
			continue
		}
		best, bd := uint16(0), math.Inf(1)
		for c, m := range md.Means {
			s := 0.0
			for j, v := range p {
				t := float64(v) - m[j]
				s += t * t
			}
			if s < bd {
				bd, best = s, md.Codes[c]
			}
		}
		out[i] = best
	}
	clear(out[n:])
}

// classRows holds the valid rows of one class.
type classRows struct {
	code uint16
	d    int
	x    []float64 // rows, row-major
}

func (g *classRows) n() int { return len(g.x) / g.d }

func (g *classRows) mean() []float64 {
	m := make([]float64, g.d)
	for i := 0; i < len(g.x); i += g.d {
		for j := range g.d {
			m[j] += g.x[i+j]
		}
	}
	for j := range m {
		m[j] /= float64(g.n())
	}
	return m
}

// groupSamples checks s and splits its valid rows by class, codes
// ascending.
func groupSamples(s *Samples, what string) ([]*classRows, error) {
	if s == nil {
		return nil, fmt.Errorf("classify: %s: nil samples", what)
	}
	d := len(s.Features)
	if d == 0 {
		if len(s.Y) == 0 {
			return nil, fmt.Errorf("classify: %s: no samples", what)
		}
		d = len(s.X) / len(s.Y)
	}
	if d == 0 || len(s.X) != len(s.Y)*d {
		return nil, fmt.Errorf("classify: %s: %d values for %d rows of %d features", what, len(s.X), len(s.Y), len(s.Features))
	}
	if len(s.Y) == 0 {
		return nil, fmt.Errorf("classify: %s: no samples", what)
	}
	by := map[uint16]*classRows{}
	skipped := map[uint16]bool{}
	for i, y := range s.Y {
		if y == 0 {
			return nil, fmt.Errorf("classify: %s: row %d has class code 0 (none)", what, i)
		}
		row := s.X[i*d : (i+1)*d]
		g := by[y]
		if g == nil {
			g = &classRows{code: y, d: d}
			by[y] = g
		}
		ok := true
		for _, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				ok = false
			}
		}
		if !ok {
			skipped[y] = true
			continue
		}
		for _, v := range row {
			g.x = append(g.x, float64(v))
		}
	}
	groups := make([]*classRows, 0, len(by))
	for _, g := range by {
		if g.n() == 0 {
			return nil, fmt.Errorf("classify: %s: class %s has no row without no-data values", what, className(s.Classes, g.code))
		}
		groups = append(groups, g)
	}
	if len(groups) < 1 {
		return nil, errors.New("classify: " + what + ": no classes")
	}
	slices.SortFunc(groups, func(a, b *classRows) int { return int(a.code) - int(b.code) })
	return groups, nil
}

// className describes a code for error messages: 3 ("built-up").
func className(table []raster.Class, code uint16) string {
	for _, c := range table {
		if c.Code == code && c.Name != "" {
			return fmt.Sprintf("%d (%q)", code, c.Name)
		}
	}
	return fmt.Sprint(code)
}

// classTable returns the classes of the trained codes, from table when it
// has them, else named "class N" in grey.
func classTable(table []raster.Class, groups []*classRows) []raster.Class {
	out := make([]raster.Class, 0, len(groups))
	for _, g := range groups {
		c := raster.Class{Code: g.code, Name: fmt.Sprintf("class %d", g.code), Color: color.RGBA{128, 128, 128, 255}}
		for _, t := range table {
			if t.Code == g.code {
				c = t
				break
			}
		}
		out = append(out, c)
	}
	return out
}

// namedFeatures returns names when all are non-empty and distinct, else
// nil (positional features).
func namedFeatures(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	for i, a := range names {
		if a == "" || slices.Contains(names[:i], a) {
			return nil
		}
	}
	return slices.Clone(names)
}
