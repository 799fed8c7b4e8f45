package indices

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzCompile feeds arbitrary formulas to the compiler. It must never panic;
// a formula it accepts must run, give only finite values or NaN, and give
// the same values when wrapped in parentheses. The seeds are the
// catalogue's 280 formulas (added here and checked in under
// testdata/fuzz/FuzzCompile) plus malformed ones.
func FuzzCompile(f *testing.F) {
	for _, ix := range All() {
		f.Add(ix.Formula)
	}
	for _, s := range []string{"", "(", ")", "N +", "1e", "1e+", "2N", "N**-R**2", "--N", "min(N,", "sqrt()", "N $", "kNR", "kXY", "é"} {
		f.Add(s)
	}
	w, _ := Wavelengths("landsat8")
	w["PAR"] = 1
	opt := &Options{Constants: w}
	in := []float32{0.3, 0, -0.2, float32(math.NaN()), 1e-30, 2}
	f.Fuzz(func(t *testing.T, formula string) {
		p, err := Compile(formula, opt)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && (pe.Column < 1 || pe.Column > len(formula)+1) {
				t.Fatalf("%q: column %d outside the formula", formula, pe.Column)
			}
			return
		}
		if len(p.Bands()) > 32 {
			return
		}
		inputs := make([][]float32, len(p.Bands()))
		for i := range inputs {
			inputs[i] = make([]float32, len(in))
			for j := range in {
				inputs[i][j] = in[(i+j)%len(in)]
			}
		}
		out := make([]float32, len(in))
		if err := p.Run(context.Background(), out, inputs...); err != nil {
			t.Fatalf("%q: %v", formula, err)
		}
		for _, v := range out {
			if math.IsInf(float64(v), 0) {
				t.Fatalf("%q gave %v", formula, v)
			}
		}
		q, err := Compile("("+formula+")", opt)
		if err != nil {
			if len(formula) < maxFormulaLen-2 {
				var pe *ParseError
				if !errors.As(err, &pe) || !strings.HasPrefix(pe.Msg, "expression nested") {
					t.Fatalf("%q compiles but not in parentheses: %v", formula, err)
				}
			}
			return
		}
		out2 := make([]float32, len(in))
		if err := q.Run(context.Background(), out2, inputs...); err != nil {
			t.Fatal(err)
		}
		for i := range out {
			if math.Float32bits(out[i]) != math.Float32bits(out2[i]) && (out[i] == out[i] || out2[i] == out2[i]) {
				t.Fatalf("%q: %v, in parentheses %v", formula, out[i], out2[i])
			}
		}
	})
}
