package classify

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderzone/borderzone/raster"
)

// Rules is a rule-based classification: thresholds and decision trees over
// named bands, such as spectral indices computed with package indices
// ("water where MNDWI > 0, built-up where NDBI > 0 and NDVI < 0.2, else
// vegetation"). Rules are tried in order and the first whose condition
// holds decides the pixel; a pixel no rule matches gets Default. Compile
// checks the rules and returns the Classifier; ParseRules and
// ReadRulesFile read them from JSON (schema in ParseRules).
//
// A decision tree is written with Then: a rule whose condition holds tries
// its Then rules in order, and the first of them that holds decides; when
// none does (or there are none) the pixel gets the rule's own Class, or
// Default when that is 0.
type Rules struct {
	// Classes is the class table of the codes the rules give (each code
	// 1–65535 once).
	Classes []raster.Class
	// Rules are tried in order; the first that holds wins.
	Rules []Rule
	// Default is the code of pixels no rule matches: one of Classes, or 0
	// to leave them unclassified ("none").
	Default uint16
}

// Rule gives Class to the pixels where When holds.
type Rule struct {
	// Name identifies the rule in error messages ("water"); it may be
	// empty, and then the rule's position is used.
	Name string
	// Class is the code given (one of Rules.Classes, or 0 for "the
	// default class" in a rule with Then).
	Class uint16
	// When is the condition; a zero Condition always holds (a catch-all
	// rule).
	When Condition
	// Then are the rules tried, in order, where When holds.
	Then []Rule
}

// Condition is a comparison of a band with a constant, or a combination of
// conditions: exactly one of Band (with Op and Value), All or Any is set,
// or none for a condition that always holds.
type Condition struct {
	// Band is the band name the comparison reads (a band of the stack
	// being classified, such as "ndvi").
	Band string
	// Op is one of "<", "<=", ">", ">=".
	Op string
	// Value is the threshold, in the band's units.
	Value float64
	// All holds when every one of its conditions holds (and).
	All []Condition
	// Any holds when at least one of its conditions holds (or).
	Any []Condition
}

// Compare returns the condition "band op value", e.g. Compare("ndvi", "<", 0.2).
func Compare(band, op string, value float64) Condition {
	return Condition{Band: band, Op: op, Value: value}
}

// All returns the condition that holds where every one of c holds.
func All(c ...Condition) Condition { return Condition{All: c} }

// Any returns the condition that holds where at least one of c holds.
func Any(c ...Condition) Condition { return Condition{Any: c} }

// maxRuleDepth bounds the nesting of rules and conditions, so a hostile
// rule file cannot exhaust the stack.
const maxRuleDepth = 64

// maxRuleNodes bounds the number of rules and conditions of a rule set.
const maxRuleNodes = 100000

// comparison operators of compiled conditions.
const (
	opLT uint8 = iota + 1
	opLE
	opGT
	opGE
	opAll
	opAny
	opTrue
)

type compiledCond struct {
	op   uint8
	feat int
	val  float64
	kids []compiledCond
}

type compiledRule struct {
	when compiledCond
	code uint16
	then []compiledRule
}

// RuleClassifier is a compiled Rules; it implements Classifier and
// FeatureNamer (its features are the bands the rules name, in order of
// first use), so Classify takes those bands from a stack by name.
type RuleClassifier struct {
	classes []raster.Class
	bands   []string
	rules   []compiledRule
	def     uint16
}

// Compile checks r and returns its classifier. Errors name the rule (by
// name and position) and the field at fault: an unknown operator, a
// missing band name, a condition that mixes a comparison with All or Any,
// a non-finite threshold, or a class code missing from Classes.
func (r Rules) Compile() (*RuleClassifier, error) {
	rc := &RuleClassifier{classes: slices.Clone(r.Classes), def: r.Default}
	seen := map[uint16]bool{}
	for i, c := range r.Classes {
		if c.Code == 0 {
			return nil, fmt.Errorf("classify: rules: classes[%d] (%q): code 0 is reserved for \"none\"", i, c.Name)
		}
		if seen[c.Code] {
			return nil, fmt.Errorf("classify: rules: classes[%d] (%q): code %d given twice", i, c.Name, c.Code)
		}
		seen[c.Code] = true
	}
	if r.Default != 0 && !seen[r.Default] {
		return nil, fmt.Errorf("classify: rules: default: class %d is not in the class table", r.Default)
	}
	if len(r.Rules) == 0 {
		return nil, fmt.Errorf("classify: rules: no rules")
	}
	c := &ruleCompiler{seen: seen, feat: map[string]int{}}
	var err error
	rc.rules, err = c.rules(r.Rules, "", 0)
	if err != nil {
		return nil, err
	}
	if len(c.bands) == 0 {
		return nil, fmt.Errorf("classify: rules: no rule reads a band (every condition is empty)")
	}
	rc.bands = c.bands
	return rc, nil
}

type ruleCompiler struct {
	seen  map[uint16]bool
	feat  map[string]int
	bands []string
	nodes int
}

func ruleLabel(path string, i int, r Rule) string {
	p := fmt.Sprintf("%srule %d", path, i+1)
	if r.Name != "" {
		p += fmt.Sprintf(" (%q)", r.Name)
	}
	return p
}

func (c *ruleCompiler) rules(rs []Rule, path string, depth int) ([]compiledRule, error) {
	out := make([]compiledRule, len(rs))
	for i, r := range rs {
		label := ruleLabel(path, i, r)
		if depth > maxRuleDepth {
			return nil, fmt.Errorf("classify: rules: %s: nested more than %d deep", label, maxRuleDepth)
		}
		if c.nodes++; c.nodes > maxRuleNodes {
			return nil, fmt.Errorf("classify: rules: %s: more than %d rules and conditions", label, maxRuleNodes)
		}
		if r.Class != 0 && !c.seen[r.Class] {
			return nil, fmt.Errorf("classify: rules: %s: class: %d is not in the class table", label, r.Class)
		}
		if r.Class == 0 && len(r.Then) == 0 {
			return nil, fmt.Errorf("classify: rules: %s: class: missing (only a rule with then rules may leave it to the default)", label)
		}
		when, err := c.cond(r.When, label, "when", depth)
		if err != nil {
			return nil, err
		}
		out[i] = compiledRule{when: when, code: r.Class}
		if len(r.Then) > 0 {
			out[i].then, err = c.rules(r.Then, label+": then: ", depth+1)
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (c *ruleCompiler) cond(cd Condition, label, field string, depth int) (compiledCond, error) {
	fail := func(format string, a ...any) (compiledCond, error) {
		return compiledCond{}, fmt.Errorf("classify: rules: %s: %s: %s", label, field, fmt.Sprintf(format, a...))
	}
	if depth > maxRuleDepth {
		return fail("nested more than %d deep", maxRuleDepth)
	}
	if c.nodes++; c.nodes > maxRuleNodes {
		return fail("more than %d rules and conditions", maxRuleNodes)
	}
	isCmp := cd.Band != "" || cd.Op != ""
	parts := 0
	for _, b := range []bool{isCmp, cd.All != nil, cd.Any != nil} {
		if b {
			parts++
		}
	}
	if parts > 1 {
		return fail("give one of band/op/value, all or any, not several")
	}
	switch {
	case cd.All != nil || cd.Any != nil:
		list, op, name := cd.All, opAll, "all"
		if cd.Any != nil {
			list, op, name = cd.Any, opAny, "any"
		}
		if len(list) == 0 {
			return fail("%s: empty list", name)
		}
		out := compiledCond{op: op, kids: make([]compiledCond, len(list))}
		for i, k := range list {
			var err error
			out.kids[i], err = c.cond(k, label, fmt.Sprintf("%s.%s[%d]", field, name, i), depth+1)
			if err != nil {
				return compiledCond{}, err
			}
		}
		return out, nil
	case isCmp:
		if cd.Band == "" {
			return fail("band: missing")
		}
		var op uint8
		switch strings.TrimSpace(cd.Op) {
		case "<":
			op = opLT
		case "<=":
			op = opLE
		case ">":
			op = opGT
		case ">=":
			op = opGE
		default:
			return fail("op: %q is not one of <, <=, >, >=", cd.Op)
		}
		if math.IsNaN(cd.Value) || math.IsInf(cd.Value, 0) {
			return fail("value: %v is not a finite number", cd.Value)
		}
		f, ok := c.feat[cd.Band]
		if !ok {
			f = len(c.bands)
			c.feat[cd.Band] = f
			c.bands = append(c.bands, cd.Band)
		}
		return compiledCond{op: op, feat: f, val: cd.Value}, nil
	}
	return compiledCond{op: opTrue}, nil
}

// Classes returns the class table.
func (rc *RuleClassifier) Classes() []raster.Class { return slices.Clone(rc.classes) }

// NumFeatures returns the number of distinct bands the rules read.
func (rc *RuleClassifier) NumFeatures() int { return len(rc.bands) }

// FeatureNames returns the bands the rules read, in order of first use.
func (rc *RuleClassifier) FeatureNames() []string { return slices.Clone(rc.bands) }

// Predict applies the rules to each pixel; a pixel with a NaN in any band
// the rules read gets 0.
func (rc *RuleClassifier) Predict(x []float32, out []uint16) {
	nf := len(rc.bands)
	n := predictLen(x, out, nf)
	for i := range n {
		p := x[i*nf : (i+1)*nf]
		if hasNaN(p) {
			out[i] = 0
			continue
		}
		out[i], _ = rc.eval(rc.rules, p)
	}
	clear(out[n:])
}

// eval returns the code the first matching rule of rules gives p, and
// whether any matched.
func (rc *RuleClassifier) eval(rules []compiledRule, p []float32) (uint16, bool) {
	for i := range rules {
		r := &rules[i]
		if !r.when.holds(p) {
			continue
		}
		if len(r.then) > 0 {
			if code, ok := rc.eval(r.then, p); ok {
				return code, true
			}
		}
		if r.code != 0 {
			return r.code, true
		}
		return rc.def, true
	}
	return rc.def, false
}

func (c *compiledCond) holds(p []float32) bool {
	switch c.op {
	case opLT:
		return float64(p[c.feat]) < c.val
	case opLE:
		return float64(p[c.feat]) <= c.val
	case opGT:
		return float64(p[c.feat]) > c.val
	case opGE:
		return float64(p[c.feat]) >= c.val
	case opAll:
		for i := range c.kids {
			if !c.kids[i].holds(p) {
				return false
			}
		}
		return true
	case opAny:
		for i := range c.kids {
			if c.kids[i].holds(p) {
				return true
			}
		}
		return false
	}
	return true
}
