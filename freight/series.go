package freight

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Unit is what a series counts.
type Unit uint8

const (
	// Trains counts train runs (trips) through a crossing.
	Trains Unit = iota + 1
	// TEU counts twenty-foot equivalent units of containers.
	TEU
	// Tonnes counts cargo mass in metric tonnes (1000 kg).
	Tonnes
)

// String returns "trains", "teu" or "tonnes", the CSV column names.
func (u Unit) String() string {
	switch u {
	case Trains:
		return "trains"
	case TEU:
		return "teu"
	case Tonnes:
		return "tonnes"
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// ParseUnit reads "trains", "teu" or "tonnes" (any case).
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "trains":
		return Trains, nil
	case "teu":
		return TEU, nil
	case "tonnes":
		return Tonnes, nil
	}
	return 0, fmt.Errorf("freight: %q is not a unit (want trains, teu or tonnes)", s)
}

// Source is where a figure was read: the title of the page or document, its
// publisher, its URL and its publication date. Published is kept verbatim
// (sources write "2022-01-29 (story date)"); Date is its leading
// YYYY-MM-DD, or the zero time when it has none.
type Source struct {
	Title, Publisher, URL, Published string
	Date                             time.Time
}

// IsZero reports whether no field of s is set.
func (s Source) IsZero() bool {
	return s.Title == "" && s.Publisher == "" && s.URL == "" && s.Published == ""
}

// Observation is one figure of a [Series].
//
// Value is in the series' units times [Series.Scale] (so 12.1 with Scale
// 1e6 and Unit Tonnes means 12.1 million tonnes). A gap, a period for which
// no figure was found, has Value NaN and is kept so that gaps stay visible.
//
// Coverage is the share of the period the figure covers, in (0, 1]: 1 for a
// whole period, 348/365 for a year counted "as of 14 December". NaN means
// "partial, share not stated". CoveredTo, when not zero, is the last day
// counted (inclusive) for a partial figure.
type Observation struct {
	Period    Period
	Value     float64
	Qualifier Qualifier
	Coverage  float64
	CoveredTo time.Time
	Source    Source
	Note      string
}

// IsGap reports whether o has no figure.
func (o Observation) IsGap() bool { return math.IsNaN(o.Value) }

// Partial reports whether o covers less than its whole period.
func (o Observation) Partial() bool { return !(o.Coverage >= 1) }

// Series is a time series of counts through one crossing (or a corridor),
// one [Observation] per period, in time order, periods not overlapping.
type Series struct {
	// Name identifies the series, for example "khorgos trains".
	Name string
	// Unit is what the values count.
	Unit Unit
	// Scale multiplies Value to get Unit: 1 for plain counts, 1e6 for a
	// column in millions ("cargo_million_tonnes").
	Scale float64
	// Column is the CSV column the values were read from and are written
	// to, for example "trains" or "cargo_million_tonnes". Empty means the
	// unit name, with "thousand_", "million_" or "billion_" in front when
	// Scale is 1e3, 1e6 or 1e9.
	Column string
	// Obs are the observations in time order, gaps included.
	Obs []Observation
}

// Validate checks that s has a unit, a positive scale, valid periods in
// increasing order without overlaps, non-negative finite values or gaps,
// coverage in (0, 1] or NaN, and known qualifiers. The error names the
// series and the period.
func (s *Series) Validate() error {
	if s == nil {
		return fmt.Errorf("freight: nil series")
	}
	if s.Unit < Trains || s.Unit > Tonnes {
		return fmt.Errorf("freight: series %q: unit not set", s.Name)
	}
	if !(s.Scale > 0) || math.IsInf(s.Scale, 0) {
		return fmt.Errorf("freight: series %q: scale %v is not positive", s.Name, s.Scale)
	}
	for i, o := range s.Obs {
		if !o.Period.Valid() {
			return fmt.Errorf("freight: series %q: observation %d has an invalid period", s.Name, i+1)
		}
		if i > 0 && s.Obs[i-1].Period.End.Compare(o.Period.Start) >= 0 {
			return fmt.Errorf("freight: series %q: period %s overlaps or precedes %s", s.Name, o.Period, s.Obs[i-1].Period)
		}
		if !o.IsGap() && (o.Value < 0 || math.IsInf(o.Value, 0)) {
			return fmt.Errorf("freight: series %q: period %s: value %v is not a non-negative number", s.Name, o.Period, o.Value)
		}
		if o.Qualifier > Indeterminate {
			return fmt.Errorf("freight: series %q: period %s: unknown qualifier %d", s.Name, o.Period, o.Qualifier)
		}
		if !math.IsNaN(o.Coverage) && !(o.Coverage > 0 && o.Coverage <= 1) {
			return fmt.Errorf("freight: series %q: period %s: coverage %v outside (0, 1]", s.Name, o.Period, o.Coverage)
		}
	}
	return nil
}

// Sort puts the observations in time order.
func (s *Series) Sort() {
	slices.SortStableFunc(s.Obs, func(a, b Observation) int {
		switch {
		case a.Period.Before(b.Period):
			return -1
		case b.Period.Before(a.Period):
			return 1
		}
		return 0
	})
}

// Find returns the index of the observation for period p, or -1.
func (s *Series) Find(p Period) int {
	for i, o := range s.Obs {
		if o.Period.Equal(p) {
			return i
		}
	}
	return -1
}

// Sources returns the distinct sources cited by non-gap observations, in
// order of first use.
func (s *Series) Sources() []Source {
	var out []Source
	for _, o := range s.Obs {
		if o.IsGap() || o.Source.IsZero() {
			continue
		}
		if !slices.ContainsFunc(out, func(x Source) bool { return x.Title == o.Source.Title && x.URL == o.Source.URL }) {
			out = append(out, o.Source)
		}
	}
	return out
}

// Annual returns a copy of s in which every period is a calendar year: a
// Dates period that is a whole year becomes that year; a Dates, Quarter or
// Month period inside one year becomes that year with Coverage multiplied
// by its share of the year in days (and CoveredTo set to its end when it
// starts on 1 January). A period that spans two years, or two observations
// that fall in the same year, give an error: figures are never split or
// added up.
func (s *Series) Annual() (*Series, error) {
	out := &Series{Name: s.Name, Unit: s.Unit, Scale: s.Scale, Column: s.Column, Obs: make([]Observation, 0, len(s.Obs))}
	for _, o := range s.Obs {
		if o.Period.Kind != Year {
			y := o.Period.Start.Year()
			if o.Period.End.Year() != y {
				return nil, fmt.Errorf("freight: series %q: period %s spans more than one calendar year", s.Name, o.Period)
			}
			yp := YearPeriod(y)
			share := float64(o.Period.Days()) / float64(yp.Days())
			if share < 1 {
				if o.Period.Start.Equal(yp.Start) && o.CoveredTo.IsZero() {
					o.CoveredTo = o.Period.End
				}
				o.Coverage *= share
			}
			o.Period = yp
		}
		if n := len(out.Obs); n > 0 && out.Obs[n-1].Period.Equal(o.Period) {
			return nil, fmt.Errorf("freight: series %q: two observations fall in year %s", s.Name, o.Period)
		}
		out.Obs = append(out.Obs, o)
	}
	return out, nil
}

// Point is one figure prepared for analysis: the period's midpoint T in
// decimal years (see [Period.Time]), the value Y and its qualifier.
type Point struct {
	Period    Period
	T, Y      float64
	Qualifier Qualifier
	Coverage  float64
}

// PartialPolicy says what analyses do with figures that cover part of
// their period ("over 6,000 trains as of 14 December").
type PartialPolicy uint8

const (
	// PartialAsLowerBound keeps a partial figure as it is and marks it a
	// lower bound of the whole-period count (counts only grow as the period
	// fills up). An upper-bound qualifier becomes Indeterminate, an
	// approximate one stays Approximate. This is the default.
	PartialAsLowerBound PartialPolicy = iota
	// PartialExclude drops partial figures.
	PartialExclude
	// PartialScale divides a partial figure by its coverage (a uniform-rate
	// extrapolation to the whole period) and marks it Approximate; a figure
	// whose coverage is not stated gives an error.
	PartialScale
)

// String returns "lower-bound", "exclude" or "scale".
func (p PartialPolicy) String() string {
	switch p {
	case PartialAsLowerBound:
		return "lower-bound"
	case PartialExclude:
		return "exclude"
	case PartialScale:
		return "scale"
	}
	return fmt.Sprintf("PartialPolicy(%d)", uint8(p))
}

// ParsePartialPolicy reads "lower-bound", "exclude" or "scale".
func ParsePartialPolicy(s string) (PartialPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "lower-bound", "lower", "":
		return PartialAsLowerBound, nil
	case "exclude":
		return PartialExclude, nil
	case "scale":
		return PartialScale, nil
	}
	return 0, fmt.Errorf("freight: %q is not a partial-period policy (want lower-bound, exclude or scale)", s)
}

// Points returns the non-gap observations of s as analysis points, with
// partial figures handled by policy. Gaps are skipped, never filled.
func (s *Series) Points(policy PartialPolicy) ([]Point, error) {
	pts := make([]Point, 0, len(s.Obs))
	for _, o := range s.Obs {
		if o.IsGap() {
			continue
		}
		p := Point{Period: o.Period, T: o.Period.Time(), Y: o.Value, Qualifier: o.Qualifier, Coverage: o.Coverage}
		if o.Partial() {
			switch policy {
			case PartialExclude:
				continue
			case PartialScale:
				if math.IsNaN(o.Coverage) {
					return nil, fmt.Errorf("freight: series %q: period %s is partial with unstated coverage and cannot be scaled", s.Name, o.Period)
				}
				p.Y = o.Value / o.Coverage
				p.Qualifier = Propagate([]Qualifier{o.Qualifier, Approximate}, nil)
			default:
				p.Qualifier = Propagate([]Qualifier{o.Qualifier, LowerBound}, nil)
			}
		}
		pts = append(pts, p)
	}
	return pts, nil
}
