package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/raster"
)

// maxRulesFile bounds the size of a rule file (1 MiB).
const maxRulesFile = 1 << 20

// ParseRules reads a rule set from JSON and compiles it. The schema:
//
//	{
//	  "classes": [                     // the class table
//	    {"code": 1, "name": "water", "color": "#1f78b4"},
//	    {"code": 2, "name": "built-up", "color": "#e31a1c"},
//	    {"code": 3, "name": "vegetation", "color": "#33a02c"},
//	    {"code": 4, "name": "bare", "color": "#d9c27a"}
//	  ],
//	  "default": 4,                    // optional: code of unmatched pixels (0, none, when absent)
//	  "rules": [                       // tried in order, the first that holds wins
//	    {"name": "water", "class": 1, "when": {"band": "mndwi", "op": ">", "value": 0}},
//	    {"name": "built-up", "class": 2,
//	     "when": {"all": ["ndbi > 0", {"band": "ndvi", "op": "<", "value": 0.2}]}},
//	    {"name": "green", "when": "ndvi >= 0.3", "then": [
//	      {"name": "vegetation", "class": 3, "when": {"any": ["nir > 0.25", "ndvi > 0.5"]}}
//	    ]}
//	  ]
//	}
//
// A condition is an object with "band", "op" (<, <=, >, >=) and "value";
// an object with "all" or "any" holding a list of conditions; a string
// "BAND OP VALUE"; or absent (the rule always holds). "then" makes a
// decision tree: see Rules. "color" is "#rrggbb" and may be left out (grey).
// Unknown fields are errors, so a misspelt key is not silently ignored.
// Errors name the rule (position and name) and the field, or the line and
// column of a JSON syntax error. Rule files are at most 1 MiB.
func ParseRules(r io.Reader) (*RuleClassifier, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxRulesFile+1))
	if err != nil {
		return nil, fmt.Errorf("classify: rules: %w", err)
	}
	if len(data) > maxRulesFile {
		return nil, fmt.Errorf("classify: rules: file larger than %d bytes", maxRulesFile)
	}
	if d := jsonDepth(data); d > 4*maxRuleDepth {
		return nil, fmt.Errorf("classify: rules: JSON nested %d deep (at most %d)", d, 4*maxRuleDepth)
	}
	var f jsonRules
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("classify: rules: %w", jsonPosition(data, dec, err))
	}
	if dec.More() {
		return nil, errors.New("classify: rules: more than one JSON value")
	}
	rs := Rules{Default: f.Default}
	for i, c := range f.Classes {
		if c.Code == nil {
			return nil, fmt.Errorf("classify: rules: classes[%d] (%q): code: missing", i, c.Name)
		}
		col := color.RGBA{128, 128, 128, 255}
		if c.Color != "" {
			col, err = parseHexColor(c.Color)
			if err != nil {
				return nil, fmt.Errorf("classify: rules: classes[%d] (%q): color: %w", i, c.Name, err)
			}
		}
		rs.Classes = append(rs.Classes, raster.Class{Code: *c.Code, Name: c.Name, Color: col})
	}
	rs.Rules, err = convertRules(f.Rules, "")
	if err != nil {
		return nil, err
	}
	return rs.Compile()
}

// ReadRulesFile reads and compiles the JSON rule file at path (see
// ParseRules); errors name the file.
func ReadRulesFile(path string) (*RuleClassifier, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	rc, err := ParseRules(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rc, nil
}

type jsonRules struct {
	Classes []jsonClass `json:"classes"`
	Default uint16      `json:"default"`
	Rules   []jsonRule  `json:"rules"`
}

type jsonClass struct {
	Code  *uint16 `json:"code"`
	Name  string  `json:"name"`
	Color string  `json:"color"`
}

type jsonRule struct {
	Name  string     `json:"name"`
	Class uint16     `json:"class"`
	When  *jsonCond  `json:"when"`
	Then  []jsonRule `json:"then"`
}

// jsonCond is a condition object or a "BAND OP VALUE" string.
type jsonCond struct {
	Band  string     `json:"band"`
	Op    string     `json:"op"`
	Value *float64   `json:"value"`
	All   []jsonCond `json:"all"`
	Any   []jsonCond `json:"any"`
	text  string
	str   bool
}

// UnmarshalJSON reads a condition written as an object or as a short string such as "ndvi < 0.2".
func (c *jsonCond) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		c.str = true
		return json.Unmarshal(t, &c.text)
	}
	type plain jsonCond
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*c = jsonCond(p)
	return nil
}

func convertRules(in []jsonRule, path string) ([]Rule, error) {
	out := make([]Rule, len(in))
	for i, r := range in {
		label := ruleLabel(path, i, Rule{Name: r.Name})
		out[i] = Rule{Name: r.Name, Class: r.Class}
		if r.When != nil {
			c, err := convertCond(*r.When, label, "when", 0)
			if err != nil {
				return nil, err
			}
			out[i].When = c
		}
		if len(r.Then) > 0 {
			t, err := convertRules(r.Then, label+": then: ")
			if err != nil {
				return nil, err
			}
			out[i].Then = t
		}
	}
	return out, nil
}

func convertCond(c jsonCond, label, field string, depth int) (Condition, error) {
	fail := func(format string, a ...any) (Condition, error) {
		return Condition{}, fmt.Errorf("classify: rules: %s: %s: %s", label, field, fmt.Sprintf(format, a...))
	}
	if depth > maxRuleDepth {
		return fail("nested more than %d deep", maxRuleDepth)
	}
	if c.str {
		return parseCondString(c.text, label, field)
	}
	if c.Band != "" || c.Op != "" || c.Value != nil {
		if c.Value == nil {
			return fail("value: missing")
		}
		if c.All != nil || c.Any != nil {
			return fail("give one of band/op/value, all or any, not several")
		}
		return Condition{Band: c.Band, Op: c.Op, Value: *c.Value}, nil
	}
	if c.All != nil && c.Any != nil {
		return fail("give one of band/op/value, all or any, not several")
	}
	list, name := c.All, "all"
	if c.Any != nil {
		list, name = c.Any, "any"
	}
	if list == nil {
		return Condition{}, nil
	}
	if len(list) == 0 {
		return fail("%s: empty list", name)
	}
	kids := make([]Condition, len(list))
	for i, k := range list {
		var err error
		kids[i], err = convertCond(k, label, fmt.Sprintf("%s.%s[%d]", field, name, i), depth+1)
		if err != nil {
			return Condition{}, err
		}
	}
	if name == "all" {
		return Condition{All: kids}, nil
	}
	return Condition{Any: kids}, nil
}

// parseCondString parses "BAND OP VALUE", e.g. "ndvi < 0.2".
func parseCondString(s, label, field string) (Condition, error) {
	fail := func(format string, a ...any) (Condition, error) {
		return Condition{}, fmt.Errorf("classify: rules: %s: %s: %q: %s", label, field, s, fmt.Sprintf(format, a...))
	}
	for _, op := range []string{"<=", ">=", "<", ">"} {
		i := strings.Index(s, op)
		if i < 0 {
			continue
		}
		band := strings.TrimSpace(s[:i])
		val := strings.TrimSpace(s[i+len(op):])
		if band == "" {
			return fail("no band before %s", op)
		}
		if strings.ContainsAny(band, "<>=") || strings.ContainsAny(val, "<>=") {
			return fail("more than one comparison (use all or any)")
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fail("value %q is not a number", val)
		}
		return Condition{Band: band, Op: op, Value: v}, nil
	}
	return fail("want BAND OP VALUE with OP one of <, <=, >, >=")
}

func parseHexColor(s string) (color.RGBA, error) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
}

// jsonPosition adds the line and column to JSON syntax and type errors.
func jsonPosition(data []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	off = min(max(off, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(data[:off], '\n'))
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// jsonDepth returns the deepest nesting of objects and arrays in data,
// outside strings, so that absurdly nested input is refused before it is
// decoded.
func jsonDepth(data []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
