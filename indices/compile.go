package indices

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Options are the per-call settings of [Compile] and the functions that
// compute an index.
type Options struct {
	// Constants overrides the catalogue's constant defaults by name (as
	// "L": 0.5 or "g": 2.5) and supplies constants that have no default
	// (PAR, lambdaN, ...; see [Wavelengths]). A name given here is a
	// constant even when it is not in the catalogue, so user formulas can
	// have their own parameters. Setting "sigma" fixes the RBF kernel's
	// length scale for every pixel (see [Kernel]).
	Constants map[string]float64
	// Kernel is the kernel function of the kernel terms (kNN, kNR, ...);
	// the zero value is the RBF kernel.
	Kernel Kernel
}

// Kernel selects the kernel function k(a, b) of the kernel indices (kNDVI,
// kEVI, kIPVI, kRVI, kVARI; Camps-Valls et al. 2021, "A unified vegetation
// index for quantifying the terrestrial biosphere", Science Advances 7(9),
// eabc7447, doi:10.1126/sciadv.abc7447).
//
// A kernel term is a variable named "k" followed by two band letters or
// constants: kNR is k(N, R), kNL is k(N, L) with the constant L, kGG is
// k(G, G).
type Kernel int

const (
	// RBF is the radial basis function kernel
	//
	//	k(a, b) = exp(-(a-b)² / (2σ²))
	//
	// With the constant "sigma" set in Options.Constants, σ is that value
	// for every pixel. Otherwise σ is chosen per pixel as the mean of the
	// pair, σ = 0.5·(a+b): for k(N, R) this is the prescription of
	// Camps-Valls et al. (2021), σ = 0.5·(NIR+red), with which kNDVI
	// equals tanh(((N-R)/(2σ))²) = tanh(NDVI²). The catalogue's default sigma of 0.5 is
	// therefore not used unless given explicitly. k(a, a) is 1 except
	// where a is 0 (σ = 0 gives 0/0, NaN) or NaN.
	RBF Kernel = iota
	// Polynomial is k(a, b) = (a·b + c)^p with the catalogue constants c
	// (default 1) and p (default 2).
	Polynomial
	// Linear is k(a, b) = a·b.
	Linear
)

// String returns "RBF", "polynomial" or "linear".
func (k Kernel) String() string {
	switch k {
	case RBF:
		return "RBF"
	case Polynomial:
		return "polynomial"
	case Linear:
		return "linear"
	}
	return fmt.Sprintf("Kernel(%d)", int(k))
}

// function describes a callable of the formula syntax.
type function struct {
	arity int
	op    opcode
}

// functions are the calls formulas may use. The catalogue's 280 formulas use
// none; they are there for user formulas and for the kernel expansion (exp).
var functions = map[string]function{
	"abs":  {1, opAbs},
	"sqrt": {1, opSqrt},
	"exp":  {1, opExp},
	"log":  {1, opLog},
	"min":  {2, opMin},
	"max":  {2, opMax},
}

// Program is a compiled formula: a short list of instructions, each a tight
// loop over a chunk of pixels, run by [Program.Run] on all cores.
type Program struct {
	formula string
	name    string // index short name, or "" for a user formula
	bands   []string
	code    []instr
	nregs   int
	result  int // register holding the result; -1 when constant
	konst   float64
	// divStore: the last instruction is the division giving the result,
	// and it writes the float32 output directly instead of a register.
	divStore bool
}

// Formula returns the source formula.
func (p *Program) Formula() string { return p.formula }

// Name returns the catalogue short name the program was compiled from, or
// "expression" for a user formula.
func (p *Program) Name() string {
	if p.name == "" {
		return "expression"
	}
	return p.name
}

// Bands returns the input band names the program reads (catalogue letters
// such as "N" and "R", or the names a user formula uses), sorted. Inputs to
// [Program.Run] come in this order.
func (p *Program) Bands() []string { return slices.Clone(p.bands) }

// Compile parses a formula and compiles it into a [Program].
//
// Names in the formula resolve, in this order, to: a constant given in
// opt.Constants; a catalogue band letter (A, B, G, G1, R, RE1–RE3, N, N2, WV,
// Y, S1, S2, T, T1, T2, and the radar VV, VH, HH, HV), which is an input; a
// catalogue constant with its default (an error when it has no default, as
// PAR and the lambda wavelengths); a kernel term k<a><b> (see [Kernel]);
// and otherwise an input band of that name. Names are case-sensitive.
//
// Semantics (numbers are float64 throughout; inputs are float32): NaN in any
// operand gives NaN (also for x**0 and 1**x, which IEEE defines as 1);
// division by zero gives NaN rather than ±Inf; 0**y with y < 0 gives NaN;
// a negative number to a non-integer power gives NaN; sqrt and log of a
// negative number give NaN, log(0) gives NaN; a result that overflows to ±Inf
// is stored as NaN. So results are either finite or NaN.
func Compile(formula string, opt *Options) (*Program, error) {
	return compile(formula, "", opt)
}

// Compile compiles the index's formula with the given options (nil: the
// catalogue defaults and the RBF kernel).
func (ix *Index) Compile(opt *Options) (*Program, error) {
	p, err := compile(ix.Formula, ix.ShortName, opt)
	if err != nil {
		return nil, fmt.Errorf("%s (%s): %w", ix.ShortName, ix.LongName, err)
	}
	return p, nil
}

func compile(formula, name string, opt *Options) (*Program, error) {
	if opt == nil {
		opt = &Options{}
	}
	switch opt.Kernel {
	case RBF, Polynomial, Linear:
	default:
		return nil, fmt.Errorf("indices: unknown kernel %v", opt.Kernel)
	}
	for k, v := range opt.Constants {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("indices: constant %s = %v is not finite", k, v)
		}
	}
	root, err := parse(formula)
	if err != nil {
		return nil, err
	}
	r := &resolver{opt: opt, inputs: map[string]int{}}
	root, err = r.resolve(root)
	if err != nil {
		return nil, fmt.Errorf("indices: formula %q: %w", formula, err)
	}
	// Number the inputs in sorted order.
	names := make([]string, 0, len(r.inputs))
	for n := range r.inputs {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		r.inputs[n] = i
	}
	renumber(root, r.inputs)
	root = fold(root)
	p := &Program{formula: formula, name: name, bands: names}
	p.generate(root)
	return p, nil
}

type resolver struct {
	opt    *Options
	inputs map[string]int
}

// resolve replaces variables by numbers (constants), inputs (bands) and
// kernel expansions.
func (r *resolver) resolve(n *node) (*node, error) {
	switch n.kind {
	case nodeNum:
		return n, nil
	case nodeVar:
		return r.variable(n.name, n.col)
	}
	for i, a := range n.args {
		x, err := r.resolve(a)
		if err != nil {
			return nil, err
		}
		n.args[i] = x
	}
	return n, nil
}

func (r *resolver) variable(name string, col int) (*node, error) {
	if v, ok := r.opt.Constants[name]; ok {
		return &node{kind: nodeNum, val: v, col: col}, nil
	}
	if isBandLetter(name) {
		r.inputs[name] = 0
		return &node{kind: nodeInput, name: name, col: col}, nil
	}
	if k, ok := LookupConstant(name); ok {
		if !k.HasDefault {
			return nil, fmt.Errorf("column %d: constant %s (%s) has no default: give it in Options.Constants", col, name, k.Description)
		}
		return &node{kind: nodeNum, val: k.Default, col: col}, nil
	}
	if a, b, ok := r.kernelPair(name); ok {
		return r.kernel(a, b, col)
	}
	r.inputs[name] = 0
	return &node{kind: nodeInput, name: name, col: col}, nil
}

// kernelPair splits a kernel term "k<a><b>" into its two operands, each a
// band letter or a constant.
func (r *resolver) kernelPair(name string) (a, b string, ok bool) {
	if len(name) < 3 || name[0] != 'k' {
		return "", "", false
	}
	operand := func(s string) bool {
		if isBandLetter(s) {
			return true
		}
		if _, ok := r.opt.Constants[s]; ok {
			return true
		}
		k, ok := LookupConstant(s)
		return ok && k.HasDefault
	}
	rest := name[1:]
	for i := 1; i < len(rest); i++ {
		if operand(rest[:i]) && operand(rest[i:]) {
			return rest[:i], rest[i:], true
		}
	}
	return "", "", false
}

// kernel expands k(a, b) into arithmetic nodes.
func (r *resolver) kernel(a, b string, col int) (*node, error) {
	va, err := r.variable(a, col)
	if err != nil {
		return nil, err
	}
	vb, err := r.variable(b, col)
	if err != nil {
		return nil, err
	}
	num := func(v float64) *node { return &node{kind: nodeNum, val: v, col: col} }
	bin := func(k nodeKind, x, y *node) *node { return &node{kind: k, args: []*node{x, y}, col: col} }
	switch r.opt.Kernel {
	case Linear:
		return bin(nodeMul, va, vb), nil
	case Polynomial:
		c, err := r.variable("c", col)
		if err != nil {
			return nil, err
		}
		p, err := r.variable("p", col)
		if err != nil {
			return nil, err
		}
		return bin(nodePow, bin(nodeAdd, bin(nodeMul, va, vb), c), p), nil
	}
	// RBF: exp(-((a-b)*(a-b)) / (2*(s*s))).
	var s *node
	if v, ok := r.opt.Constants["sigma"]; ok {
		s = num(v)
	} else {
		s = bin(nodeMul, num(0.5), bin(nodeAdd, va, vb))
	}
	d := bin(nodeSub, va, vb)
	arg := bin(nodeDiv, &node{kind: nodeNeg, args: []*node{bin(nodeMul, d, d)}, col: col},
		bin(nodeMul, num(2), bin(nodeMul, s, s)))
	return &node{kind: nodeCall, name: "exp", args: []*node{arg}, col: col}, nil
}

func renumber(n *node, inputs map[string]int) {
	if n.kind == nodeInput {
		n.val = float64(inputs[n.name])
	}
	for _, a := range n.args {
		renumber(a, inputs)
	}
}

// fold evaluates the subtrees that do not depend on any input, with the
// same scalar rules as the vector instructions.
func fold(n *node) *node {
	all := true
	for i, a := range n.args {
		n.args[i] = fold(a)
		if n.args[i].kind != nodeNum {
			all = false
		}
	}
	if len(n.args) == 0 || !all {
		return n
	}
	x := n.args[0].val
	var y float64
	if len(n.args) > 1 {
		y = n.args[1].val
	}
	var v float64
	switch n.kind {
	case nodeNeg:
		v = -x
	case nodeAdd:
		v = x + y
	case nodeSub:
		v = x - y
	case nodeMul:
		v = x * y
	case nodeDiv:
		v = div(x, y)
	case nodePow:
		v = pow(x, y)
	case nodeCall:
		v = call1(functions[n.name].op, x, y)
	default:
		return n
	}
	return &node{kind: nodeNum, val: v, col: n.col}
}

// div is division with division by zero giving NaN.
func div(x, y float64) float64 {
	if y == 0 {
		return math.NaN()
	}
	return x / y
}

// pow is x**y with NaN for any NaN operand, for 0**negative and (by
// math.Pow) for a negative base with a non-integer exponent.
func pow(x, y float64) float64 {
	if x != x || y != y || (x == 0 && y < 0) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

func logNaN(x float64) float64 {
	if x <= 0 {
		return math.NaN()
	}
	return math.Log(x)
}

func minNaN(x, y float64) float64 {
	if x != x || y != y {
		return math.NaN()
	}
	return math.Min(x, y)
}

func maxNaN(x, y float64) float64 {
	if x != x || y != y {
		return math.NaN()
	}
	return math.Max(x, y)
}

func call1(op opcode, x, y float64) float64 {
	switch op {
	case opAbs:
		return math.Abs(x)
	case opSqrt:
		return math.Sqrt(x)
	case opExp:
		return math.Exp(x)
	case opLog:
		return logNaN(x)
	case opMin:
		return minNaN(x, y)
	case opMax:
		return maxNaN(x, y)
	}
	return math.NaN()
}

// String returns the program's instructions, one a line, for debugging and
// for tests that check what the compiler made.
func (p *Program) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s = %s\n", p.Name(), p.formula)
	for _, in := range p.code {
		fmt.Fprintf(&b, "  %v\n", in)
	}
	if p.result < 0 {
		fmt.Fprintf(&b, "  result %v\n", p.konst)
	} else {
		fmt.Fprintf(&b, "  result r%d\n", p.result)
	}
	return b.String()
}
