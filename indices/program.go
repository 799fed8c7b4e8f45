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
	opLoad   opcode = iota // dst = float64(input[a])
	opFill                 // dst = k
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
)

var opNames = [...]string{"load", "fill", "copy", "neg", "add", "addk", "sub", "subk", "subkr",
	"mul", "mulk", "div", "divk", "divkr", "pow", "powk", "powkr", "square", "abs", "sqrt",
	"exp", "log", "min", "max"}

// instr is one instruction: dst, a and b are register numbers (a is the
// input number for opLoad) and k a scalar operand.
type instr struct {
	op        opcode
	dst, a, b int
	k         float64
}

func (in instr) String() string {
	return fmt.Sprintf("%-6s r%d, a=%d b=%d k=%v", opNames[in.op], in.dst, in.a, in.b, in.k)
}

// chunkLen is the number of pixels each instruction processes at a time:
// small enough that a program's registers (float64) stay in the L1/L2 cache.
const chunkLen = 1024

// generate turns the resolved, folded tree into instructions. Registers
// 0..len(bands)-1 hold the inputs; temporaries follow and are reused as soon
// as their value has been consumed.
func (p *Program) generate(root *node) {
	nin := len(p.bands)
	g := &codegen{p: p, next: nin}
	for i := range nin {
		p.code = append(p.code, instr{op: opLoad, dst: i, a: i})
	}
	v := g.gen(root)
	p.nregs = g.next
	if v.isConst {
		p.result = -1
		p.konst = v.k
		return
	}
	p.result = v.reg
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

// Run evaluates the program on len(dst) pixels: inputs[i] holds the values of
// band p.Bands()[i] and must have len(dst) values. Values are computed in
// float64 and stored as float32, ±Inf as NaN. The work is split into chunks
// of pixels over all cores; every pixel is computed independently, so the
// result is the same on any number of cores. Run returns ctx's error if it is
// cancelled.
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
	}, p.nregs)
}

// taskLen is the number of pixels a worker takes at a time.
const taskLen = 16 * chunkLen

// parallelChunks calls fn on consecutive ranges of at most chunkLen pixels
// of [0, n), spread over GOMAXPROCS workers, each with nregs registers of
// chunkLen float64.
func parallelChunks(ctx context.Context, n int, fn func(regs [][]float64, lo, hi int), nregs int) error {
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
			back := make([]float64, nregs*chunkLen)
			for i := range regs {
				regs[i] = back[i*chunkLen : (i+1)*chunkLen : (i+1)*chunkLen]
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
	for _, in := range p.code {
		d := regs[in.dst][:m]
		switch in.op {
		case opLoad:
			src := inputs[in.a][off : off+m]
			for i, v := range src {
				d[i] = float64(v)
			}
		case opFill:
			for i := range d {
				d[i] = in.k
			}
		case opCopy:
			copy(d, regs[in.a][:m])
		case opNeg:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = -x
			}
		case opAdd:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = x + b[i]
			}
		case opAddK:
			a, k := regs[in.a][:m], in.k
			for i, x := range a {
				d[i] = x + k
			}
		case opSub:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = x - b[i]
			}
		case opSubK:
			a, k := regs[in.a][:m], in.k
			for i, x := range a {
				d[i] = x - k
			}
		case opSubKR:
			a, k := regs[in.a][:m], in.k
			for i, x := range a {
				d[i] = k - x
			}
		case opMul:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = x * b[i]
			}
		case opMulK:
			a, k := regs[in.a][:m], in.k
			for i, x := range a {
				d[i] = x * k
			}
		case opSquare:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = x * x
			}
		case opDiv:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				y := b[i]
				q := x / y
				if y == 0 {
					q = math.NaN()
				}
				d[i] = q
			}
		case opDivK:
			a, k := regs[in.a][:m], in.k
			if k == 0 {
				for i := range d {
					d[i] = math.NaN()
				}
				break
			}
			for i, x := range a {
				d[i] = x / k
			}
		case opDivKR:
			a, k := regs[in.a][:m], in.k
			for i, y := range a {
				q := k / y
				if y == 0 {
					q = math.NaN()
				}
				d[i] = q
			}
		case opPow:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = pow(x, b[i])
			}
		case opPowK:
			a, k := regs[in.a][:m], in.k
			for i, x := range a {
				d[i] = pow(x, k)
			}
		case opPowKR:
			a, k := regs[in.a][:m], in.k
			for i, y := range a {
				d[i] = pow(k, y)
			}
		case opAbs:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = math.Abs(x)
			}
		case opSqrt:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = math.Sqrt(x)
			}
		case opExp:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = math.Exp(x)
			}
		case opLog:
			a := regs[in.a][:m]
			for i, x := range a {
				d[i] = logNaN(x)
			}
		case opMin:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = minNaN(x, b[i])
			}
		case opMax:
			a, b := regs[in.a][:m], regs[in.b][:m]
			for i, x := range a {
				d[i] = maxNaN(x, b[i])
			}
		}
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
	r := regs[p.result][:m]
	for i, v := range r {
		f := float32(v)
		if f-f != 0 { // ±Inf (and NaN) → NaN
			f = nan32
		}
		out[i] = f
	}
}
