package indices

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// eval compiles formula and runs it on the given inputs (one value each or
// one slice each), returning the outputs.
func eval(t *testing.T, formula string, opt *Options, inputs map[string][]float32) []float32 {
	t.Helper()
	p, err := Compile(formula, opt)
	if err != nil {
		t.Fatalf("%s: %v", formula, err)
	}
	n := 1
	for _, v := range inputs {
		n = len(v)
	}
	var in [][]float32
	for _, b := range p.Bands() {
		v, ok := inputs[b]
		if !ok {
			t.Fatalf("%s: no input %s", formula, b)
		}
		in = append(in, v)
	}
	out := make([]float32, n)
	if err := p.Run(context.Background(), out, in...); err != nil {
		t.Fatal(err)
	}
	return out
}

func one(v float32) []float32 { return []float32{v} }

var nan = float32(math.NaN())

// Values worked by hand with Python's operator rules.
func TestSemantics(t *testing.T) {
	in := map[string][]float32{"N": one(0.5), "R": one(0.25), "Z": one(0), "M": one(-8), "X": one(nan)}
	cases := []struct {
		formula string
		want    float32
	}{
		{"(N - R) / (N + R)", float32(0.25 / 0.75)},
		{"-N**2", -0.25}, // ** binds tighter than unary minus
		{"2**3**2", 512}, // right-associative: 2**(3**2)
		{"2**-1", 0.5},   // unary minus on the exponent
		{"N - R - R", 0}, // left-associative
		{"N / R / 2", 1}, // left-associative
		{"1e1 + .5 + 2. + 1E-1", 12.6},
		{"N ** 0.5", float32(math.Sqrt(0.5))},
		{"M ** (1/3)", nan},  // negative ** fractional
		{"M ** 2", 64},       // negative ** integer
		{"Z ** -1", nan},     // 0 ** negative
		{"Z ** -0.5", nan},   // 0 ** negative
		{"1 / Z", nan},       // division by zero is NaN, not +Inf
		{"Z / Z", nan},       //
		{"N / (R - R)", nan}, //
		{"1 / (1 / Z)", nan}, // no Inf to turn back into 0
		{"X ** 0", nan},      // NaN in, NaN out (IEEE would say 1)
		{"1 ** X", nan},      //
		{"X * 0", nan},       //
		{"abs(M) + sqrt(4) + exp(0) + log(1)", 11},
		{"min(N, R) + max(N, R)", 0.75},
		{"min(N, X)", nan},
		{"log(Z)", nan},
		{"sqrt(M)", nan},
		{"N * 1e308 * 1e308", nan}, // overflow is stored as NaN
		{"3", 3},                   // a constant formula
		{"+N", 0.5},
		{"L", 1},   // catalogue default of L
		{"g", 2.5}, // catalogue gain
	}
	for _, c := range cases {
		got := eval(t, c.formula, nil, in)[0]
		if !(got == c.want || (got != got && c.want != c.want)) {
			t.Errorf("%s = %v, want %v", c.formula, got, c.want)
		}
	}
	// Constants are overridable per call, and new ones can be declared.
	if got := eval(t, "(1 + L) * (N - R) / (N + R + L)", &Options{Constants: map[string]float64{"L": 0.5}}, in)[0]; got != float32(1.5*0.25/1.25) {
		t.Errorf("SAVI with L = 0.5: %v", got)
	}
	if got := eval(t, "a * N", &Options{Constants: map[string]float64{"a": 4}}, in)[0]; got != 2 {
		t.Errorf("user constant: %v", got)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		formula string
		column  int
		msg     string
	}{
		{"(N - R", 7, `expected ")" to close the "(" at column 1`},
		{"N - ", 5, "expected a number, a name or"},
		{"N R", 3, "expected an operator"},
		{"N + * R", 5, "expected a number, a name or"},
		{"N $ R", 3, "unexpected character '$'"},
		{"", 1, "expected an expression"},
		{"1e+", 4, "exponent"},
		{"2N", 2, "cannot start with a digit"},
		{"foo(N)", 1, `unknown function "foo"`},
		{"min(N)", 1, "takes 2 argument"},
		{"sqrt(N, R)", 1, "takes 1 argument"},
		{"max(N R)", 7, `expected "," or ")"`},
		{"N)", 2, "expected an operator"},
		{"1e999", 1, "out of the float64 range"},
		{strings.Repeat("(", 300) + "N" + strings.Repeat(")", 300), 201, "nested deeper"},
	}
	for _, c := range cases {
		_, err := Compile(c.formula, nil)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v, want a *ParseError", c.formula, err)
			continue
		}
		if pe.Column != c.column || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%q: column %d %q, want column %d containing %q", c.formula, pe.Column, pe.Msg, c.column, c.msg)
		}
		if !strings.Contains(err.Error(), "column") {
			t.Errorf("%q: message %q lacks the column", c.formula, err)
		}
	}
}

// The compiler turns a formula into vector instructions with constants
// folded and registers reused; a constant subexpression costs nothing per
// pixel.
func TestCompiledCode(t *testing.T) {
	p, err := Compile("(1.0 + L) * (N - R) / (N + R + L)", &Options{Constants: map[string]float64{"L": 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	// (N-R)*1.5 in one pass with 1 + L folded, add, addk, div; the inputs
	// are read in place, without load passes.
	if len(p.code) != 4 || !p.divStore {
		t.Errorf("SAVI compiled to %d instructions:\n%v", len(p.code), p)
	}
	if !strings.Contains(p.String(), "k=1.5") {
		t.Errorf("1 + L not folded:\n%v", p)
	}
	// EVI: g*(N-R) in one pass, N + C1*R in one, - C2*B + L in one, and
	// the division writing the output.
	ix, _ := Lookup("EVI")
	evi, _ := ix.Compile(nil)
	if len(evi.code) != 4 || !evi.divStore {
		t.Errorf("EVI compiled to %d instructions:\n%v", len(evi.code), evi)
	}
	if p.nregs > 4 {
		t.Errorf("SAVI uses %d registers:\n%v", p.nregs, p)
	}
}

// The result does not depend on the number of cores.
func TestRunSameOnAnyCoreCount(t *testing.T) {
	const n = 200_003
	nir, red, blue := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range nir {
		nir[i] = float32(math.Mod(float64(i)*0.000731, 0.6))
		red[i] = float32(math.Mod(float64(i)*0.000317, 0.3))
		blue[i] = float32(math.Mod(float64(i)*0.000113, 0.2))
	}
	ix, _ := Lookup("EVI")
	p, err := ix.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) []float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		out := make([]float32, n)
		if err := p.Run(context.Background(), out, blue, nir, red); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := run(1), run(4)
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("pixel %d: %v on 1 core, %v on 4", i, a[i], b[i])
		}
	}
	// Spot check against the formula worked in float64.
	i := 12345
	nv, rv, bv := float64(nir[i]), float64(red[i]), float64(blue[i])
	want := float32(2.5 * (nv - rv) / (nv + 6*rv - 7.5*bv + 1))
	if relDiff(a[i], want) > 1e-6 {
		t.Errorf("EVI pixel %d = %v, want %v", i, a[i], want)
	}
}

func TestRunErrors(t *testing.T) {
	p, _ := Compile("N - R", nil)
	if err := p.Run(context.Background(), make([]float32, 3), make([]float32, 3)); err == nil {
		t.Error("missing input accepted")
	}
	if err := p.Run(context.Background(), make([]float32, 3), make([]float32, 3), make([]float32, 2)); err == nil || !strings.Contains(err.Error(), "band R") {
		t.Errorf("short input: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := make([]float32, 1<<20)
	if err := p.Run(ctx, big, big, big); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v", err)
	}
	if _, err := Compile("N", &Options{Constants: map[string]float64{"L": math.Inf(1)}}); err == nil {
		t.Error("infinite constant accepted")
	}
}

// kNDVI with the RBF kernel and σ = 0.5·(N+R) is tanh(((N-R)/(2σ))²)
// (Camps-Valls et al. 2021, eq. for kNDVI with kNN = 1).
func TestKernelNDVI(t *testing.T) {
	n := []float32{0.5, 0.3, 0.1, 0.45}
	r := []float32{0.1, 0.25, 0.1, 0.05}
	ix, _ := Lookup("kNDVI")
	p, err := ix.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(n))
	if err := p.Run(context.Background(), out, n, r); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		nv, rv := float64(n[i]), float64(r[i])
		s := 0.5 * (nv + rv)
		want := math.Tanh(math.Pow((nv-rv)/(2*s), 2))
		if relDiff(out[i], float32(want)) > 1e-6 {
			t.Errorf("kNDVI(N=%v, R=%v) = %v, want tanh(((N-R)/(2σ))²) = %v", nv, rv, out[i], want)
		}
	}
	// A fixed sigma: kNDVI = tanh((N-R)²/(4σ²)).
	p, _ = ix.Compile(&Options{Constants: map[string]float64{"sigma": 0.15}})
	_ = p.Run(context.Background(), out, n, r)
	if want := math.Tanh(0.16 / (4 * 0.0225)); relDiff(out[0], float32(want)) > 1e-6 {
		t.Errorf("kNDVI with sigma 0.15 = %v, want %v", out[0], want)
	}
	// Linear kernel: kRVI = k(N,N)/k(N,R) = N/R.
	ix, _ = Lookup("kRVI")
	p, _ = ix.Compile(&Options{Kernel: Linear})
	_ = p.Run(context.Background(), out, n, r)
	if out[0] != 5 {
		t.Errorf("kRVI with the linear kernel = %v, want N/R = 5", out[0])
	}
	// Polynomial kernel with c = 1, p = 2: kRVI = (N²+1)²/(NR+1)².
	p, _ = ix.Compile(&Options{Kernel: Polynomial})
	_ = p.Run(context.Background(), out, n, r)
	if want := math.Pow(1.25, 2) / math.Pow(1.05, 2); relDiff(out[0], float32(want)) > 1e-6 {
		t.Errorf("kRVI with the polynomial kernel = %v, want %v", out[0], want)
	}
	// kEVI's kNL is k(N, L) with the constant L.
	ix, _ = Lookup("kEVI")
	p, _ = ix.Compile(nil)
	if got := strings.Join(p.Bands(), ","); got != "B,N,R" {
		t.Errorf("kEVI reads %s", got)
	}
}

func TestComputeStack(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	n := &raster.Band{Grid: g, Name: "N", Data: []float32{0.5, 0}}
	r := &raster.Band{Grid: g, Name: "R", Data: []float32{0.25, 0}}
	s, err := raster.NewStack(n, r)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Compute(context.Background(), "NDVI", s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.Name != "NDVI" || out.Grid != g || out.Data[0] != float32(0.25/0.75) || out.Data[1] == out.Data[1] {
		t.Errorf("NDVI = %+v", out)
	}
	_, err = Compute(context.Background(), "EVI", s, nil)
	if err == nil || !strings.Contains(err.Error(), "EVI") || !strings.Contains(err.Error(), "band B") {
		t.Errorf("missing band: %v", err)
	}
}

func TestComputeBands(t *testing.T) {
	g := raster.Grid{Width: 2, Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	h := g
	h.Transform[3] = 30
	p, _ := Compile("N / R", nil)
	n := &raster.Band{Grid: g, Data: []float32{1, 2}}
	r := &raster.Band{Grid: g, Data: []float32{4, 0}}
	out, err := p.ComputeBands(context.Background(), map[string]*raster.Band{"N": n, "R": r})
	if err != nil {
		t.Fatal(err)
	}
	if out.Data[0] != 0.25 || out.Data[1] == out.Data[1] {
		t.Errorf("N / R = %v, want [0.25 NaN]", out.Data)
	}
	r.Grid = h
	if _, err := p.ComputeBands(context.Background(), map[string]*raster.Band{"N": n, "R": r}); err == nil || !strings.Contains(err.Error(), "bands N and R") {
		t.Errorf("grid mismatch: %v", err)
	}
	if _, err := p.ComputeBands(context.Background(), map[string]*raster.Band{"N": n}); err == nil || !strings.Contains(err.Error(), "band R") {
		t.Errorf("missing band: %v", err)
	}
	if names := Names(); len(names) != 280 || names[0] != "AFRI1600" {
		t.Errorf("Names() = %d names starting %v", len(names), names[:1])
	}
}

// Running a program allocates per worker (its registers), never per pixel:
// the count does not grow with the number of pixels.
func TestRunAllocations(t *testing.T) {
	ix, _ := Lookup("EVI")
	p, _ := ix.Compile(nil)
	allocs := func(n int) float64 {
		a, b, c, d := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		return testing.AllocsPerRun(5, func() { _ = p.Run(context.Background(), d, a, b, c) })
	}
	small, large := allocs(1<<14), allocs(1<<21)
	limit := float64(4 * (runtime.GOMAXPROCS(0) + 2))
	if small > limit || large > limit {
		t.Errorf("allocations per run: %v for 16 Ki pixels, %v for 2 Mi pixels; want at most %v", small, large, limit)
	}
}
