package classify

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestRulesFile classifies hand-made pixels with testdata/core_rules.json;
// the expected class of each is worked out from the rules by hand in the
// comment beside it.
func TestRulesFile(t *testing.T) {
	rc, err := ReadRulesFile("testdata/core_rules.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rc.FeatureNames(), ","); got != "mndwi,ndbi,ndvi" {
		t.Fatalf("features %s", got)
	}
	nan := float32(math.NaN())
	// features: mndwi, ndbi, ndvi
	x := []float32{
		0.3, 0.2, 0.0, // mndwi > 0: water (1), first rule wins over built-up
		-0.1, 0.1, 0.1, // ndbi > 0 and ndvi < 0.2: built-up (2)
		-0.1, 0.1, 0.25, // ndvi 0.25 not < 0.2, not >= 0.3: default bare (4)
		-0.1, -0.1, 0.6, // green, ndvi > 0.5: vegetation (3)
		-0.1, -0.3, 0.35, // green, ndbi <= -0.2: vegetation (3)
		-0.1, -0.1, 0.35, // green, no child holds, green has no class: default bare (4)
		0.0, 0.0, 0.2, // mndwi 0 is not > 0, ndbi 0 not > 0, ndvi 0.2 < 0.3: bare (4)
		nan, 0.5, 0.1, // no data in mndwi: 0
	}
	want := []uint16{1, 2, 4, 3, 3, 4, 4, 0}
	out := make([]uint16, len(want))
	rc.Predict(x, out)
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("pixel %d %v: class %d, want %d", i, x[3*i:3*i+3], out[i], want[i])
		}
	}
	if c := rc.Classes(); len(c) != 4 || c[1].Name != "built-up" || c[1].Color.R != 0xe3 {
		t.Errorf("classes %v", c)
	}
}

// TestRulesGoValuesOnStack writes the same kind of rules as Go values and
// classifies a stack whose band order differs from the rules'.
func TestRulesGoValuesOnStack(t *testing.T) {
	rs := Rules{
		Classes: []raster.Class{{Code: 1, Name: "water"}, {Code: 2, Name: "built-up"}, {Code: 3, Name: "other"}},
		Rules: []Rule{
			{Name: "water", Class: 1, When: Compare("mndwi", ">", 0)},
			{Name: "built-up", Class: 2, When: All(Compare("ndbi", ">", 0), Compare("ndvi", "<", 0.2))},
		},
		Default: 3,
	}
	rc, err := rs.Compile()
	if err != nil {
		t.Fatal(err)
	}
	g := raster.Grid{Width: 3, Height: 1, Transform: raster.Affine{0, 10, 0, 0, 0, -10}}
	ndvi, ndbi, mndwi, extra := raster.NewBand(g, "ndvi"), raster.NewBand(g, "ndbi"), raster.NewBand(g, "mndwi"), raster.NewBand(g, "blue")
	copy(ndvi.Data, []float32{0.1, 0.1, 0.6})
	copy(ndbi.Data, []float32{0.3, 0.3, -0.2})
	copy(mndwi.Data, []float32{0.2, -0.2, -0.4})
	s, err := raster.NewStack(extra, ndvi, ndbi, mndwi)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Classify(context.Background(), rc, s)
	if err != nil {
		t.Fatal(err)
	}
	// pixel 0: mndwi 0.2 > 0 → water; pixel 1: ndbi 0.3 > 0, ndvi 0.1 < 0.2
	// → built-up; pixel 2: neither → other. Band "blue" is all NaN but not
	// read by the rules, so it does not blank the pixels.
	if want := []uint16{1, 2, 3}; !equalU16(l.Data, want) {
		t.Errorf("labels %v, want %v", l.Data, want)
	}
	s2, _ := raster.NewStack(ndvi, ndbi)
	if _, err := Classify(context.Background(), rc, s2); err == nil || !strings.Contains(err.Error(), `"mndwi"`) {
		t.Errorf("missing band: error %v should name mndwi", err)
	}
}

func equalU16(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRulesErrors checks that bad rule files are errors naming the rule and
// field.
func TestRulesErrors(t *testing.T) {
	classes := `"classes": [{"code": 1, "name": "water"}, {"code": 2, "name": "land"}]`
	for _, tc := range []struct{ json, want string }{
		{`{` + classes + `, "rules": [{"name": "water", "class": 1, "when": {"band": "mndwi", "op": "=>", "value": 0}}]}`, `rule 1 ("water"): when: op: "=>"`},
		{`{` + classes + `, "rules": [{"class": 1, "when": "x > 0"}, {"name": "l", "class": 7, "when": "x < 0"}]}`, `rule 2 ("l"): class: 7`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "when": {"all": ["x > 0", {"band": "y", "op": "<"}]}}]}`, `rule 1 ("w"): when.all[1]: value: missing`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "when": {"band": "", "op": "<", "value": 1}}]}`, `rule 1 ("w"): when: band: missing`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "when": "x ~ 1"}]}`, `rule 1 ("w"): when: "x ~ 1"`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "when": {"any": []}}]}`, `rule 1 ("w"): when: any: empty list`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "whn": "x > 1"}]}`, `unknown field "whn"`},
		{`{` + classes + `, "rules": [{"name": "w", "when": "x > 1"}]}`, `rule 1 ("w"): class: missing`},
		{`{` + classes + `, "default": 9, "rules": [{"name": "w", "class": 1, "when": "x > 1"}]}`, `default: class 9`},
		{`{"classes": [{"code": 1, "name": "a", "color": "red"}], "rules": []}`, `classes[0] ("a"): color`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1}]}`, `no rule reads a band`},
		{`{` + classes + `, "rules": [{"name": "w", "class": 1, "when": "x > 1"}`, `rules`},
		{"{\n" + classes + `, "rules": [{"name": "w", "class": "water"}]}`, `line 2`},
	} {
		_, err := ParseRules(strings.NewReader(tc.json))
		if err == nil {
			t.Errorf("%s: no error", tc.json)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n error %q\n should contain %q", tc.json, err, tc.want)
		}
	}
	deep := strings.Repeat(`{"all": [`, 300) + `"x > 1"` + strings.Repeat(`]}`, 300)
	if _, err := ParseRules(strings.NewReader(`{"classes": [{"code": 1}], "rules": [{"class": 1, "when": ` + deep + `}]}`)); err == nil {
		t.Error("deep nesting: no error")
	}
}

// FuzzParseRules feeds arbitrary bytes to the rule-file parser: it must
// return a classifier or an error, never panic or hang, and a classifier it
// returns must classify without panicking.
func FuzzParseRules(f *testing.F) {
	seed, err := os.ReadFile("testdata/core_rules.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"classes": [{"code": 1}], "rules": [{"class": 1, "when": "a > 1"}]}`))
	f.Add([]byte(`{"classes": [{"code": 1}], "rules": [{"class": 1, "when": {"any": [{"all": ["a<1","b>=2"]}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := ParseRules(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		nf := rc.NumFeatures()
		x := make([]float32, 3*nf)
		for i := range x {
			x[i] = float32(i%5) - 2
		}
		out := make([]uint16, 3)
		rc.Predict(x, out)
	})
}
