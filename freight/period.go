package freight

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodKind says how a [Period] was stated: a calendar year, a quarter, a
// month, or explicit start and end dates.
type PeriodKind uint8

const (
	// Year is a calendar year, 1 January to 31 December.
	Year PeriodKind = iota + 1
	// Quarter is a calendar quarter (Q1 = January to March).
	Quarter
	// Month is a calendar month.
	Month
	// Dates is an explicit span from a start date to an end date, both inclusive.
	Dates
)

// String returns "year", "quarter", "month" or "dates".
func (k PeriodKind) String() string {
	switch k {
	case Year:
		return "year"
	case Quarter:
		return "quarter"
	case Month:
		return "month"
	case Dates:
		return "dates"
	}
	return fmt.Sprintf("PeriodKind(%d)", uint8(k))
}

// Period is the span of time an observation counts over. Start and End are
// UTC calendar dates at midnight; both days are included, so the year 2024 is
// Start 2024-01-01, End 2024-12-31. Build periods with [YearPeriod],
// [QuarterPeriod], [MonthPeriod], [DatePeriod] or [ParsePeriod]; the zero
// Period is invalid.
type Period struct {
	Kind       PeriodKind
	Start, End time.Time
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// YearPeriod returns the calendar year y.
func YearPeriod(y int) Period {
	return Period{Kind: Year, Start: date(y, 1, 1), End: date(y, 12, 31)}
}

// QuarterPeriod returns quarter q (1 to 4) of year y. It returns an error for
// any other q.
func QuarterPeriod(y, q int) (Period, error) {
	if q < 1 || q > 4 {
		return Period{}, fmt.Errorf("freight: quarter %d out of range 1..4", q)
	}
	s := date(y, time.Month(3*q-2), 1)
	return Period{Kind: Quarter, Start: s, End: s.AddDate(0, 3, -1)}, nil
}

// MonthPeriod returns month m (1 to 12) of year y. It returns an error for
// any other m.
func MonthPeriod(y, m int) (Period, error) {
	if m < 1 || m > 12 {
		return Period{}, fmt.Errorf("freight: month %d out of range 1..12", m)
	}
	s := date(y, time.Month(m), 1)
	return Period{Kind: Month, Start: s, End: s.AddDate(0, 1, -1)}, nil
}

// DatePeriod returns the span from start to end, both days included. The
// times are truncated to their UTC calendar dates. It returns an error when
// end is before start.
func DatePeriod(start, end time.Time) (Period, error) {
	s := date(start.UTC().Date())
	e := date(end.UTC().Date())
	if e.Before(s) {
		return Period{}, fmt.Errorf("freight: period end %s is before start %s", e.Format(time.DateOnly), s.Format(time.DateOnly))
	}
	return Period{Kind: Dates, Start: s, End: e}, nil
}

// ParsePeriod reads the forms written by [Period.String]: "2024" (year),
// "2024-Q3" (quarter), "2024-03" (month) and "2018-01-01/2018-11-07"
// (explicit dates, both inclusive).
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := func() (Period, error) {
		return Period{}, fmt.Errorf("freight: %q is not a period (want 2024, 2024-Q3, 2024-03 or 2018-01-01/2018-11-07)", s)
	}
	if a, b, ok := strings.Cut(s, "/"); ok {
		st, err1 := time.Parse(time.DateOnly, strings.TrimSpace(a))
		en, err2 := time.Parse(time.DateOnly, strings.TrimSpace(b))
		if err1 != nil || err2 != nil {
			return bad()
		}
		return DatePeriod(st, en)
	}
	if ys, q, ok := strings.Cut(s, "-Q"); ok {
		y, err1 := parseYear(ys)
		qi, err2 := strconv.Atoi(q)
		if err1 != nil || err2 != nil || len(q) != 1 {
			return bad()
		}
		return QuarterPeriod(y, qi)
	}
	if ys, ms, ok := strings.Cut(s, "-"); ok {
		y, err1 := parseYear(ys)
		m, err2 := strconv.Atoi(ms)
		if err1 != nil || err2 != nil || len(ms) != 2 {
			return bad()
		}
		return MonthPeriod(y, m)
	}
	y, err := parseYear(s)
	if err != nil {
		return bad()
	}
	return YearPeriod(y), nil
}

// parseYear accepts four-digit years 1000..9999, the range the CSV layout and
// decimal-year arithmetic are meant for.
func parseYear(s string) (int, error) {
	if len(s) != 4 {
		return 0, fmt.Errorf("freight: %q is not a four-digit year", s)
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 {
		return 0, fmt.Errorf("freight: %q is not a four-digit year", s)
	}
	return y, nil
}

// Valid reports whether p was built by one of the constructors (a known
// kind, End not before Start).
func (p Period) Valid() bool {
	return p.Kind >= Year && p.Kind <= Dates && !p.Start.IsZero() && !p.End.Before(p.Start)
}

// String formats p as "2024", "2024-Q3", "2024-03" or "2018-01-01/2018-11-07".
func (p Period) String() string {
	switch p.Kind {
	case Year:
		return strconv.Itoa(p.Start.Year())
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.Start.Year(), (int(p.Start.Month())+2)/3)
	case Month:
		return p.Start.Format("2006-01")
	case Dates:
		return p.Start.Format(time.DateOnly) + "/" + p.End.Format(time.DateOnly)
	}
	return "invalid period"
}

// Days is the length of p in days, both ends included.
func (p Period) Days() int {
	return int(p.End.Sub(p.Start).Hours()/24+0.5) + 1
}

// DecimalYear converts an instant to a decimal year: the calendar year plus
// the elapsed fraction of that year (days / days in the year, 365 or 366).
func DecimalYear(t time.Time) float64 {
	t = t.UTC()
	y := t.Year()
	s := date(y, 1, 1)
	n := date(y+1, 1, 1).Sub(s).Hours()
	return float64(y) + t.Sub(s).Hours()/n
}

// Time is the midpoint of p as a decimal year (see [DecimalYear]): the
// instant halfway between 00:00 on Start and 24:00 on End. A calendar year y
// gives exactly y + 0.5. All models and tests in this package use Time as
// the time axis, in years.
func (p Period) Time() float64 {
	a := DecimalYear(p.Start)
	b := DecimalYear(p.End.AddDate(0, 0, 1))
	return (a + b) / 2
}

// Length is the duration of p in years, as a difference of decimal years.
func (p Period) Length() float64 {
	return DecimalYear(p.End.AddDate(0, 0, 1)) - DecimalYear(p.Start)
}

// Before orders periods by start, then by end.
func (p Period) Before(q Period) bool {
	if !p.Start.Equal(q.Start) {
		return p.Start.Before(q.Start)
	}
	return p.End.Before(q.End)
}

// Equal reports whether p and q cover the same days with the same kind.
func (p Period) Equal(q Period) bool {
	return p.Kind == q.Kind && p.Start.Equal(q.Start) && p.End.Equal(q.End)
}

// Overlaps reports whether p and q share at least one day.
func (p Period) Overlaps(q Period) bool {
	return !p.End.Before(q.Start) && !q.End.Before(p.Start)
}
