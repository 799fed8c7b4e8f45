package freight

import (
	"fmt"
	"math"
)

// Ratio is a derived figure for one period: a share or an imbalance.
type Ratio struct {
	Period    Period
	Value     float64
	Qualifier Qualifier
	// A and B are the two figures it was computed from, in the units of
	// their series times Scale.
	A, B float64
}

// matched returns the points of a and b for the periods both have figures
// for (after policy), in a's order, with values multiplied by Scale.
func matched(a, b *Series, policy PartialPolicy) ([][2]Point, error) {
	if a.Unit != b.Unit {
		return nil, fmt.Errorf("freight: series %q counts %s, %q counts %s", a.Name, a.Unit, b.Name, b.Unit)
	}
	pa, err := a.Points(policy)
	if err != nil {
		return nil, err
	}
	pb, err := b.Points(policy)
	if err != nil {
		return nil, err
	}
	var out [][2]Point
	for _, x := range pa {
		for _, y := range pb {
			if x.Period.Equal(y.Period) {
				x.Y *= a.Scale
				y.Y *= b.Scale
				out = append(out, [2]Point{x, y})
			}
		}
	}
	return out, nil
}

// Share returns part / total for every period both series have a figure
// for (same kind and dates; gaps and unmatched periods are skipped, never
// filled), for example a crossing's trains over the corridor's. The series
// must count the same unit. The qualifier follows [Propagate]: the share
// increases with part and decreases with total, so a lower bound on part
// gives a lower bound on the share. A zero total skips the period.
func Share(part, total *Series, policy PartialPolicy) ([]Ratio, error) {
	pairs, err := matched(part, total, policy)
	if err != nil {
		return nil, err
	}
	var out []Ratio
	for _, p := range pairs {
		if p[1].Y == 0 {
			continue
		}
		out = append(out, Ratio{Period: p[0].Period, Value: p[0].Y / p[1].Y, A: p[0].Y, B: p[1].Y,
			Qualifier: Propagate([]Qualifier{p[0].Qualifier, p[1].Qualifier}, []int{+1, -1})})
	}
	return out, nil
}

// Asymmetry is the normalized asymmetry (a − b) / (a + b) of two
// non-negative flows, in [−1, 1]: 0 is balanced, 1 all one way (a), −1 all
// the other (b); NaN when both are zero. It is the balance index used for
// directional trade and traffic flows, for example the Grubel–Lloyd index
// GL = 1 − |a − b| / (a + b) (Grubel & Lloyd 1975, Intra-Industry Trade)
// equals 1 − |Asymmetry|.
func Asymmetry(a, b float64) float64 {
	if a+b == 0 {
		return math.NaN()
	}
	return (a - b) / (a + b)
}

// Imbalance returns the normalized asymmetry (A − B)/(A + B) (see
// [Asymmetry]) of two directional series, for example westbound against
// eastbound trains or loaded against empty, for every period both have a
// figure for. The series must count the same unit. Qualifiers follow
// [Propagate]: the index increases with A and decreases with B. Periods
// where both are zero are skipped. pooled is the imbalance of the totals,
// (ΣA − ΣB)/(ΣA + ΣB) over the matched periods, with the qualifier of all
// their figures and a zero Period.
func Imbalance(a, b *Series, policy PartialPolicy) (perPeriod []Ratio, pooled Ratio, err error) {
	pairs, err := matched(a, b, policy)
	if err != nil {
		return nil, Ratio{}, err
	}
	var qs []Qualifier
	var signs []int
	for _, p := range pairs {
		x, y := p[0].Y, p[1].Y
		if x+y == 0 {
			continue
		}
		q := Propagate([]Qualifier{p[0].Qualifier, p[1].Qualifier}, []int{+1, -1})
		perPeriod = append(perPeriod, Ratio{Period: p[0].Period, Value: Asymmetry(x, y), A: x, B: y, Qualifier: q})
		pooled.A += x
		pooled.B += y
		qs = append(qs, p[0].Qualifier, p[1].Qualifier)
		signs = append(signs, +1, -1)
	}
	if len(perPeriod) == 0 {
		return nil, Ratio{}, fmt.Errorf("freight: series %q and %q share no period with figures", a.Name, b.Name)
	}
	pooled.Value = Asymmetry(pooled.A, pooled.B)
	pooled.Qualifier = Propagate(qs, signs)
	return perPeriod, pooled, nil
}
