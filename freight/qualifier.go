package freight

import (
	"fmt"
	"strings"
)

// Qualifier says how a figure relates to the true value. Sources often give
// "more than 7,000" (a lower bound) or "about 12,400" (a rounded value).
type Qualifier uint8

const (
	// Exact is a figure stated as such ("7,762 trains").
	Exact Qualifier = iota
	// LowerBound is a figure the true value exceeds or equals ("more than
	// 7,000"). CSV symbol ">".
	LowerBound
	// UpperBound is a figure the true value does not exceed ("fewer than",
	// "up to"). CSV symbol "<".
	UpperBound
	// Approximate is a rounded or estimated figure that may err either way
	// ("about 12,400"). CSV symbol "~".
	Approximate
	// Indeterminate marks a derived figure whose inputs pull in opposite
	// directions, for example growth from a lower bound to a lower bound: it
	// is neither a bound nor an estimate of known quality. Observations read
	// from sources never carry it; derived figures may. CSV symbol "?".
	Indeterminate
)

// String returns "exact", "lower bound", "upper bound", "approximate" or
// "indeterminate".
func (q Qualifier) String() string {
	switch q {
	case Exact:
		return "exact"
	case LowerBound:
		return "lower bound"
	case UpperBound:
		return "upper bound"
	case Approximate:
		return "approximate"
	case Indeterminate:
		return "indeterminate"
	}
	return fmt.Sprintf("Qualifier(%d)", uint8(q))
}

// Symbol returns the CSV symbol of q: "" (exact), ">", "<", "~" or "?".
func (q Qualifier) Symbol() string {
	switch q {
	case LowerBound:
		return ">"
	case UpperBound:
		return "<"
	case Approximate:
		return "~"
	case Indeterminate:
		return "?"
	}
	return ""
}

// ParseQualifier reads a CSV qualifier cell: "" or "=" or "exact" for
// [Exact]; ">", ">=", "lower" for [LowerBound]; "<", "<=", "upper" for
// [UpperBound]; "~", "≈", "approx", "approximate" for [Approximate]; "?"
// for [Indeterminate]. Matching ignores case and surrounding spaces.
func ParseQualifier(s string) (Qualifier, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "=", "exact":
		return Exact, nil
	case ">", ">=", "lower", "lower bound":
		return LowerBound, nil
	case "<", "<=", "upper", "upper bound":
		return UpperBound, nil
	case "~", "≈", "approx", "approximate":
		return Approximate, nil
	case "?", "indeterminate":
		return Indeterminate, nil
	}
	return Exact, fmt.Errorf("freight: %q is not a qualifier (want empty, >, <, ~ or ?)", s)
}

// Propagate combines qualifiers of inputs into the qualifier of a derived
// figure f(x1, x2, ...) that is monotone in each input.
//
// The rules, for inputs qs[i] entering with sign signs[i] (+1 increasing,
// -1 decreasing):
//   - any Indeterminate input gives Indeterminate;
//   - a LowerBound input pushes f towards a lower bound when the sign is +1
//     and towards an upper bound when it is -1; an UpperBound input the
//     other way round;
//   - when pushes in both directions meet, the result is Indeterminate;
//   - otherwise any Approximate input gives Approximate;
//   - otherwise the single push gives LowerBound or UpperBound, and no push
//     gives Exact.
//
// For example CAGR = (end/start)^(1/years) - 1 increases with end and
// decreases with start: "more than 7,000" at the end gives a lower bound on
// growth, the same at the start an upper bound.
func Propagate(qs []Qualifier, signs []int) Qualifier {
	lower, upper, approx := false, false, false
	for i, q := range qs {
		s := 1
		if i < len(signs) && signs[i] < 0 {
			s = -1
		}
		switch q {
		case Indeterminate:
			return Indeterminate
		case Approximate:
			approx = true
		case LowerBound:
			if s > 0 {
				lower = true
			} else {
				upper = true
			}
		case UpperBound:
			if s > 0 {
				upper = true
			} else {
				lower = true
			}
		}
	}
	switch {
	case lower && upper:
		return Indeterminate
	case approx:
		return Approximate
	case lower:
		return LowerBound
	case upper:
		return UpperBound
	}
	return Exact
}
