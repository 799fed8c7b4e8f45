package freight

import (
	"errors"
	"fmt"
	"math"
)

// Growth is a compound growth rate between two periods.
//
// Rate is the compound annual growth rate as a fraction per year (0.1 is
// 10 % a year): Rate = (To value / From value)^(1/Years) − 1, where Years =
// To.Time() − From.Time() is the distance between period midpoints in
// years. Ratio = To value / From value. The qualifier follows
// [Propagate] with the end entering increasingly and the start
// decreasingly, so a lower bound at the end gives a lower bound on growth.
//
// FromValue and ToValue are the figures used, in the series' units, after
// the partial-period policy; FromQualifier and ToQualifier are theirs.
type Growth struct {
	From, To                   Period
	FromValue, ToValue         float64
	FromQualifier, ToQualifier Qualifier
	Years                      float64
	Ratio                      float64
	Rate                       float64
	Qualifier                  Qualifier
}

// growth computes the CAGR between two points.
func growth(a, b Point) (Growth, error) {
	g := Growth{From: a.Period, To: b.Period, FromValue: a.Y, ToValue: b.Y, FromQualifier: a.Qualifier, ToQualifier: b.Qualifier}
	g.Years = b.T - a.T
	if !(g.Years > 0) {
		return g, fmt.Errorf("freight: growth from %s to %s: the end must come after the start", a.Period, b.Period)
	}
	if !(a.Y > 0) {
		return g, fmt.Errorf("freight: growth from %s: start value %v is not positive", a.Period, a.Y)
	}
	g.Ratio = b.Y / a.Y
	g.Rate = math.Pow(g.Ratio, 1/g.Years) - 1
	g.Qualifier = Propagate([]Qualifier{b.Qualifier, a.Qualifier}, []int{+1, -1})
	return g, nil
}

// CAGR returns the compound annual growth rate of s between periods from
// and to (see [Growth]). Partial figures are handled by policy (an
// excluded partial period gives an error). A gap at either end is an error:
// gaps are never filled.
//
// Reference: CAGR = (V_end / V_start)^(1/years) − 1, e.g. OECD Glossary of
// Statistical Terms, "compound annual growth rate".
func CAGR(s *Series, from, to Period, policy PartialPolicy) (Growth, error) {
	pts, err := s.Points(policy)
	if err != nil {
		return Growth{}, err
	}
	find := func(p Period) (Point, error) {
		for _, x := range pts {
			if x.Period.Equal(p) {
				return x, nil
			}
		}
		if i := s.Find(p); i >= 0 {
			if s.Obs[i].IsGap() {
				return Point{}, fmt.Errorf("freight: series %q: %s is a gap", s.Name, p)
			}
			return Point{}, fmt.Errorf("freight: series %q: %s is partial and excluded", s.Name, p)
		}
		return Point{}, fmt.Errorf("freight: series %q has no period %s", s.Name, p)
	}
	a, err := find(from)
	if err != nil {
		return Growth{}, err
	}
	b, err := find(to)
	if err != nil {
		return Growth{}, err
	}
	g, err := growth(a, b)
	if err != nil {
		return g, fmt.Errorf("freight: series %q: %w", s.Name, err)
	}
	return g, nil
}

// YoY returns year-on-year growth for every figure of s whose period one
// year earlier (same kind, dates shifted by one year) also has a figure:
// Rate = V_t / V_{t−1year} − 1. Gaps break the chain; nothing is
// interpolated. Partial figures are handled by policy.
func YoY(s *Series, policy PartialPolicy) ([]Growth, error) {
	pts, err := s.Points(policy)
	if err != nil {
		return nil, err
	}
	var out []Growth
	for _, b := range pts {
		want := yearBefore(b.Period)
		for _, a := range pts {
			if a.Period.Equal(want) {
				g, err := growth(a, b)
				if err != nil {
					return nil, fmt.Errorf("freight: series %q: %w", s.Name, err)
				}
				// Year-on-year growth is the plain ratio minus one: with
				// midpoints one year apart this equals the CAGR for years,
				// and for months and quarters it avoids the 365/366 drift.
				g.Rate = g.Ratio - 1
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// yearBefore returns the period of the same kind one year before p.
func yearBefore(p Period) Period {
	y := p.Start.Year() - 1
	switch p.Kind {
	case Year:
		return YearPeriod(y)
	case Quarter:
		q, _ := QuarterPeriod(y, (int(p.Start.Month())+2)/3)
		return q
	case Month:
		m, _ := MonthPeriod(y, int(p.Start.Month()))
		return m
	}
	return Period{Kind: p.Kind, Start: p.Start.AddDate(-1, 0, 0), End: p.End.AddDate(-1, 0, 0)}
}

// ErrNoGrowth is returned by [DoublingTime] when the rate is zero or
// negative, so the series never doubles.
var ErrNoGrowth = errors.New("freight: growth rate is not positive, the series does not double")

// DoublingTime returns the time in years a quantity growing at the compound
// annual rate g.Rate takes to double: T2 = ln 2 / ln(1 + rate). It
// decreases with the rate, so its qualifier is [Propagate] of g's with a
// negative sign (a lower bound on growth gives an upper bound on the
// doubling time).
func DoublingTime(g Growth) (years float64, q Qualifier, err error) {
	if !(g.Rate > 0) {
		return math.Inf(1), Propagate([]Qualifier{g.Qualifier}, []int{-1}), ErrNoGrowth
	}
	return math.Ln2 / math.Log1p(g.Rate), Propagate([]Qualifier{g.Qualifier}, []int{-1}), nil
}
