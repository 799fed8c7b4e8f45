package indices

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// opcode is one vector instruction of a Program.
type opcode uint8

const (
	opFill   opcode = iota // dst = k
	opCopy                 // dst = a
	opNeg                  // dst = -a
	opAdd                  // dst = a + b
	opAddK                 // dst = a + k
	opSub                  // dst = a - b
	opSubK                 // dst = a - k
	opSubKR                // dst = k - a
	opMul                  // dst = a * b
	opMulK                 // dst = a * k
	opDiv                  // dst = a / b (NaN where b == 0)
	opDivK                 // dst = a / k (NaN when k == 0)
	opDivKR                // dst = k / a (NaN where a == 0)
	opPow                  // dst = a ** b
	opPowK                 // dst = a ** k
	opPowKR                // dst = k ** a
	opSquare               // dst = a * a (a ** 2)
	opAbs                  // dst = |a|
	opSqrt                 // dst = sqrt(a) (a ** 0.5)
	opExp                  // dst = exp(a)
	opLog                  // dst = log(a) (NaN for a <= 0)
	opMin                  // dst = min(a, b)
	opMax                  // dst = max(a, b)
	// Fused pairs (each rounds like the two separate operations):
	opAddMulK     // dst = a + b*k
	opSubMulK     // dst = a - b*k
	opSubMulKOut  // dst = (a - b) * k
	opAddMulKOut  // dst = (a + b) * k
	opAddMulKAddK // dst = (a + b*k) + k2
	opSubMulKAddK // dst = (a - b*k) + k2

	numOpcodes
)

var opNames = [...]string{"fill", "copy", "neg", "add", "addk", "sub", "subk", "subkr",
	"mul", "mulk", "div", "divk", "divkr", "pow", "powk", "powkr", "square", "abs", "sqrt",
	"exp", "log", "min", "max", "addmulk", "submulk", "submulk2", "addmulk2", "addmulkaddk", "submulkaddk"}

// instr is one instruction: dst, a and b are register numbers (a is the
// input number for opLoad) and k a scalar operand.
type instr struct {
	op        opcode
	dst, a, b int
	k, k2     float64
}

// String returns the instruction in a readable form, for debugging and tests.
func (in instr) String() string {
	if in.op == opAddMulKAddK || in.op == opSubMulKAddK {
		return fmt.Sprintf("%-6s r%d, a=%d b=%d k=%v k2=%v", opNames[in.op], in.dst, in.a, in.b, in.k, in.k2)
	}
	return fmt.Sprintf("%-6s r%d, a=%d b=%d k=%v", opNames[in.op], in.dst, in.a, in.b, in.k)
}

// chunkLen is the number of pixels each instruction processes at a time:
// small enough that a program's registers (float64) stay in the L1/L2 cache.
const chunkLen = 1024

// generate turns the resolved, folded tree into instructions. Operands
// 0..len(bands)-1 are the float32 inputs themselves, read in place (no load
// pass); float64 temporaries follow and are reused as soon as their value
// has been consumed.
func (p *Program) generate(root *node) {
	nin := len(p.bands)
	g := &codegen{p: p, next: nin}
	v := g.gen(root)
	p.nregs = g.next
	if v.isConst {
		p.result = -1
		p.konst = v.k
		return
	}
	p.result = v.reg
	if n := len(p.code); n > 0 && p.code[n-1].op == opDiv && p.code[n-1].dst == v.reg {
		p.divStore = true
	}
}

type codegen struct {
	p    *Program
	next int   // next fresh register
	free []int // released temporaries
}

// value is where a subexpression's result is: a register or a constant.
type value struct {
	isConst bool
	k       float64
	reg     int
	temp    bool // reg is a temporary that may be overwritten
}

func (g *codegen) alloc() int {
	if n := len(g.free); n > 0 {
		r := g.free[n-1]
		g.free = g.free[:n-1]
		return r
	}
	g.next++
	return g.next - 1
}

func (g *codegen) release(v value) {
	if !v.isConst && v.temp {
		g.free = append(g.free, v.reg)
	}
}

// target picks the destination register for an operation on operands xs:
// a temporary operand's register when there is one, else a new one.
func (g *codegen) target(xs ...value) int {
	for _, x := range xs {
		if !x.isConst && x.temp {
			for _, y := range xs {
				if y != x {
					g.release(y)
				}
			}
			return x.reg
		}
	}
	for _, y := range xs {
		g.release(y)
	}
	return g.alloc()
}

func (g *codegen) emit(in instr) value {
	g.p.code = append(g.p.code, in)
	return value{reg: in.dst, temp: true}
}

// materialize puts a constant into a register.
func (g *codegen) materialize(v value) value {
	if !v.isConst {
		return v
	}
	return g.emit(instr{op: opFill, dst: g.alloc(), k: v.k})
}

func (g *codegen) gen(n *node) value {
	switch n.kind {
	case nodeNum:
		return value{isConst: true, k: n.val}
	case nodeInput:
		return value{reg: int(n.val)}
	case nodeNeg:
		x := g.gen(n.args[0])
		return g.emit(instr{op: opNeg, dst: g.target(x), a: x.reg})
	case nodeCall:
		op := functions[n.name].op
		if len(n.args) == 1 {
			x := g.gen(n.args[0])
			return g.emit(instr{op: op, dst: g.target(x), a: x.reg})
		}
		x := g.materialize(g.gen(n.args[0]))
		y := g.materialize(g.gen(n.args[1]))
		return g.emit(instr{op: op, dst: g.target(x, y), a: x.reg, b: y.reg})
	}
	if v, ok := g.fused(n); ok {
		return v
	}
	x := g.gen(n.args[0])
	y := g.gen(n.args[1])
	switch {
	case !x.isConst && !y.isConst:
		var op opcode
		switch n.kind {
		case nodeAdd:
			op = opAdd
		case nodeSub:
			op = opSub
		case nodeMul:
			op = opMul
		case nodeDiv:
			op = opDiv
		case nodePow:
			op = opPow
		}
		if op == opMul && x.reg == y.reg {
			return g.emit(instr{op: opSquare, dst: g.target(x), a: x.reg})
		}
		return g.emit(instr{op: op, dst: g.target(x, y), a: x.reg, b: y.reg})
	case y.isConst: // register op constant
		in := instr{a: x.reg, k: y.k}
		switch n.kind {
		case nodeAdd:
			in.op = opAddK
		case nodeSub:
			in.op = opSubK
		case nodeMul:
			in.op = opMulK
		case nodeDiv:
			in.op = opDivK
		case nodePow:
			// The exponents numpy computes without pow() (its
			// fast_scalar_power), computed the same way here.
			switch y.k {
			case 2:
				in.op = opSquare
			case 0.5:
				in.op = opSqrt
			case 1:
				in.op = opCopy
			case -1:
				in.op, in.k = opDivKR, 1
			default:
				in.op = opPowK
			}
		}
		in.dst = g.target(x)
		return g.emit(in)
	default: // constant op register
		in := instr{a: y.reg, k: x.k}
		switch n.kind {
		case nodeAdd:
			in.op = opAddK
		case nodeSub:
			in.op = opSubKR
		case nodeMul:
			in.op = opMulK
		case nodeDiv:
			in.op = opDivKR
		case nodePow:
			in.op = opPowKR
		}
		in.dst = g.target(y)
		return g.emit(in)
	}
}

// scaled reports whether n is x*k or k*x with a constant k and x not
// constant, returning x and k.
func scaled(n *node) (*node, float64, bool) {
	if n.kind != nodeMul {
		return nil, 0, false
	}
	a, b := n.args[0], n.args[1]
	if b.kind == nodeNum && a.kind != nodeNum {
		return a, b.val, true
	}
	if a.kind == nodeNum && b.kind != nodeNum {
		return b, a.val, true
	}
	return nil, 0, false
}

// fused emits one instruction for the pairs of operations the catalogue's
// formulas are full of: x + y*k, x - y*k and (x ± y)*k. The result is
// rounded after each operation as if they were separate, so it is the
// same; only a pass over the chunk is saved.
func (g *codegen) fused(n *node) (value, bool) {
	// (x ± y*k) + k2 and (x ± y*k) - k2 in one pass. x - k2 is x + (-k2)
	// exactly in IEEE arithmetic.
	if n.kind == nodeAdd || n.kind == nodeSub {
		inner, c := n.args[0], n.args[1]
		if n.kind == nodeAdd && inner.kind == nodeNum {
			inner, c = c, inner
		}
		if c.kind == nodeNum && (inner.kind == nodeAdd || inner.kind == nodeSub) {
			k2 := c.val
			if n.kind == nodeSub {
				k2 = -k2
			}
			x, m := inner.args[0], inner.args[1]
			y, k, ok := scaled(m)
			if !ok && inner.kind == nodeAdd {
				x, m = m, x
				y, k, ok = scaled(m)
			}
			if ok && x.kind != nodeNum {
				op := opAddMulKAddK
				if inner.kind == nodeSub {
					op = opSubMulKAddK
				}
				a := g.gen(x)
				b := g.gen(y)
				return g.emit(instr{op: op, dst: g.target(a, b), a: a.reg, b: b.reg, k: k, k2: k2}), true
			}
		}
	}
	switch n.kind {
	case nodeAdd, nodeSub:
		x, m := n.args[0], n.args[1]
		if x.kind == nodeNum {
			return value{}, false
		}
		y, k, ok := scaled(m)
		if !ok && n.kind == nodeAdd {
			x, m = m, x
			if x.kind == nodeNum {
				return value{}, false
			}
			y, k, ok = scaled(m)
		}
		if !ok {
			return value{}, false
		}
		op := opAddMulK
		if n.kind == nodeSub {
			op = opSubMulK
		}
		a := g.gen(x)
		b := g.gen(y)
		return g.emit(instr{op: op, dst: g.target(a, b), a: a.reg, b: b.reg, k: k}), true
	case nodeMul:
		inner, k, ok := scaled(n)
		if !ok || (inner.kind != nodeAdd && inner.kind != nodeSub) ||
			inner.args[0].kind == nodeNum || inner.args[1].kind == nodeNum {
			return value{}, false
		}
		op := opAddMulKOut
		if inner.kind == nodeSub {
			op = opSubMulKOut
		}
		a := g.gen(inner.args[0])
		b := g.gen(inner.args[1])
		return g.emit(instr{op: op, dst: g.target(a, b), a: a.reg, b: b.reg, k: k}), true
	}
	return value{}, false
}

// Run evaluates the program on len(dst) pixels: inputs[i] holds the values of
// band p.Bands()[i] and must have len(dst) values. Values are computed in
// float64 and stored as float32, ±Inf as NaN. The work is split into chunks
// of pixels over all cores; every pixel is computed independently, so the
// result is the same on any number of cores. dst may be one of the inputs
// (each chunk's output is written after its inputs are read). Run returns
// ctx's error if it is cancelled.
func (p *Program) Run(ctx context.Context, dst []float32, inputs ...[]float32) error {
	if len(inputs) != len(p.bands) {
		return fmt.Errorf("indices: %s needs %d input bands (%v), got %d", p.Name(), len(p.bands), p.bands, len(inputs))
	}
	for i, in := range inputs {
		if len(in) != len(dst) {
			return fmt.Errorf("indices: %s: input band %s has %d values, the output %d", p.Name(), p.bands[i], len(in), len(dst))
		}
	}
	return parallelChunks(ctx, len(dst), func(regs [][]float64, lo, hi int) {
		p.runChunk(regs, dst[lo:hi], inputs, lo)
	}, len(p.bands), p.nregs)
}

// taskLen is the number of pixels a worker takes at a time.
const taskLen = 16 * chunkLen

// parallelChunks calls fn on consecutive ranges of at most chunkLen pixels
// of [0, n), spread over GOMAXPROCS workers, each with registers first to
// nregs-1 of chunkLen float64 (registers below first, the inputs, are nil).
func parallelChunks(ctx context.Context, n int, fn func(regs [][]float64, lo, hi int), first, nregs int) error {
	if n == 0 {
		return ctx.Err()
	}
	workers := min(runtime.GOMAXPROCS(0), (n+taskLen-1)/taskLen)
	var nextTask atomic.Int64
	var wg sync.WaitGroup
	var cancelled atomic.Bool
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			regs := make([][]float64, nregs)
			back := make([]float64, max(0, nregs-first)*chunkLen)
			for i := first; i < nregs; i++ {
				j := i - first
				regs[i] = back[j*chunkLen : (j+1)*chunkLen : (j+1)*chunkLen]
			}
			for {
				if ctx.Err() != nil {
					cancelled.Store(true)
					return
				}
				t := int(nextTask.Add(1)-1) * taskLen
				if t >= n {
					return
				}
				end := min(t+taskLen, n)
				for lo := t; lo < end; lo += chunkLen {
					fn(regs, lo, min(lo+chunkLen, end))
				}
			}
		}()
	}
	wg.Wait()
	if cancelled.Load() {
		return ctx.Err()
	}
	return nil
}

var nan32 = float32(math.NaN())

// runChunk evaluates the program on one chunk: out gets the values of
// pixels [off, off+len(out)) of the inputs.
func (p *Program) runChunk(regs [][]float64, out []float32, inputs [][]float32, off int) {
	m := len(out)
	nin := len(inputs)
	get := func(r int) vec {
		if r < nin {
			return vec{f32: inputs[r][off : off+m]}
		}
		return vec{f64: regs[r][:m]}
	}
	code := p.code
	if p.divStore {
		code = code[:len(code)-1]
	}
	for _, in := range code {
		d := regs[in.dst][:m]
		if in.op == opFill {
			for i := range d {
				d[i] = in.k
			}
			continue
		}
		if k := affineKernels[in.op]; k.dd != nil {
			k.run(d, get(in.a), get(in.b), in.k, in.k2)
			continue
		}
		if k := binaryKernels[in.op]; k.dd != nil {
			k.run(d, get(in.a), get(in.b), in.k)
			continue
		}
		unaryKernels[in.op].run(d, get(in.a), in.k)
	}
	if p.result < 0 {
		f := float32(p.konst)
		if f-f != 0 {
			f = nan32
		}
		for i := range out {
			out[i] = f
		}
		return
	}
	if p.divStore {
		in := p.code[len(p.code)-1]
		divStoreKernel.run(out, get(in.a), get(in.b))
		return
	}
	r := get(p.result)
	if r.f32 != nil {
		storeResult(out, r.f32)
	} else {
		storeResult(out, r.f64)
	}
}

// storeResult converts the result to float32, ±Inf (and NaN) to NaN.
func storeResult[T num](out []float32, r []T) {
	r = r[:len(out)]
	for i, v := range r {
		f := float32(v)
		if f-f != 0 {
			f = nan32
		}
		out[i] = f
	}
}
