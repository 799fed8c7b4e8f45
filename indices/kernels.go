package indices

import "math"

// The vector kernels of Program: each is one tight loop over a chunk,
// instantiated for float64 temporaries and for float32 inputs read in place
// (Go stencils a copy per element type, so there is no per-pixel
// indirection). Kernels are picked once per chunk and instruction.

type num interface{ ~float32 | ~float64 }

// vec is an operand: a float32 input or a float64 temporary.
type vec struct {
	f32 []float32
	f64 []float64
}

type kern1 struct {
	d func(d, a []float64, k float64)
	s func(d []float64, a []float32, k float64)
}

func (k kern1) run(d []float64, a vec, c float64) {
	if a.f32 != nil {
		k.s(d, a.f32, c)
	} else {
		k.d(d, a.f64, c)
	}
}

type kern2 struct {
	dd func(d, a, b []float64, k float64)
	ds func(d, a []float64, b []float32, k float64)
	sd func(d []float64, a []float32, b []float64, k float64)
	ss func(d []float64, a, b []float32, k float64)
}

func (k kern2) run(d []float64, a, b vec, c float64) {
	switch {
	case a.f32 != nil && b.f32 != nil:
		k.ss(d, a.f32, b.f32, c)
	case a.f32 != nil:
		k.sd(d, a.f32, b.f64, c)
	case b.f32 != nil:
		k.ds(d, a.f64, b.f32, c)
	default:
		k.dd(d, a.f64, b.f64, c)
	}
}

var unaryKernels = [numOpcodes]kern1{
	opCopy:   {kCopy[float64], kCopy[float32]},
	opNeg:    {kNeg[float64], kNeg[float32]},
	opAddK:   {kAddK[float64], kAddK[float32]},
	opSubK:   {kSubK[float64], kSubK[float32]},
	opSubKR:  {kSubKR[float64], kSubKR[float32]},
	opMulK:   {kMulK[float64], kMulK[float32]},
	opDivK:   {kDivK[float64], kDivK[float32]},
	opDivKR:  {kDivKR[float64], kDivKR[float32]},
	opPowK:   {kPowK[float64], kPowK[float32]},
	opPowKR:  {kPowKR[float64], kPowKR[float32]},
	opSquare: {kSquare[float64], kSquare[float32]},
	opAbs:    {kAbs[float64], kAbs[float32]},
	opSqrt:   {kSqrt[float64], kSqrt[float32]},
	opExp:    {kExp[float64], kExp[float32]},
	opLog:    {kLog[float64], kLog[float32]},
}

var binaryKernels = [numOpcodes]kern2{
	opAdd:        {kAdd[float64, float64], kAdd[float64, float32], kAdd[float32, float64], kAdd[float32, float32]},
	opSub:        {kSub[float64, float64], kSub[float64, float32], kSub[float32, float64], kSub[float32, float32]},
	opMul:        {kMul[float64, float64], kMul[float64, float32], kMul[float32, float64], kMul[float32, float32]},
	opDiv:        {kDiv[float64, float64], kDiv[float64, float32], kDiv[float32, float64], kDiv[float32, float32]},
	opPow:        {kPow[float64, float64], kPow[float64, float32], kPow[float32, float64], kPow[float32, float32]},
	opMin:        {kMin[float64, float64], kMin[float64, float32], kMin[float32, float64], kMin[float32, float32]},
	opMax:        {kMax[float64, float64], kMax[float64, float32], kMax[float32, float64], kMax[float32, float32]},
	opAddMulK:    {kAddMulK[float64, float64], kAddMulK[float64, float32], kAddMulK[float32, float64], kAddMulK[float32, float32]},
	opSubMulK:    {kSubMulK[float64, float64], kSubMulK[float64, float32], kSubMulK[float32, float64], kSubMulK[float32, float32]},
	opAddMulKOut: {kAddMulKOut[float64, float64], kAddMulKOut[float64, float32], kAddMulKOut[float32, float64], kAddMulKOut[float32, float32]},
	opSubMulKOut: {kSubMulKOut[float64, float64], kSubMulKOut[float64, float32], kSubMulKOut[float32, float64], kSubMulKOut[float32, float32]},
}

func kCopy[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = float64(x)
	}
}

func kNeg[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = -float64(x)
	}
}

func kAddK[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = float64(x) + k
	}
}

func kSubK[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = float64(x) - k
	}
}

func kSubKR[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = k - float64(x)
	}
}

func kMulK[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = float64(x) * k
	}
}

func kDivK[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	if k == 0 {
		for i := range d {
			d[i] = math.NaN()
		}
		return
	}
	for i, x := range a {
		d[i] = float64(x) / k
	}
}

func kDivKR[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		y := float64(x)
		q := k / y
		if y == 0 {
			q = math.NaN()
		}
		d[i] = q
	}
}

func kPowK[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = pow(float64(x), k)
	}
}

func kPowKR[A num](d []float64, a []A, k float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = pow(k, float64(x))
	}
}

func kSquare[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		y := float64(x)
		d[i] = y * y
	}
}

func kAbs[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = math.Abs(float64(x))
	}
}

func kSqrt[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = math.Sqrt(float64(x))
	}
}

func kExp[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = math.Exp(float64(x))
	}
}

func kLog[A num](d []float64, a []A, _ float64) {
	d = d[:len(a)]
	for i, x := range a {
		d[i] = logNaN(float64(x))
	}
}

func kAdd[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(x) + float64(b[i])
	}
}

func kSub[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(x) - float64(b[i])
	}
}

func kMul[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(x) * float64(b[i])
	}
}

func kDiv[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		y := float64(b[i])
		q := float64(x) / y
		if y == 0 {
			q = math.NaN()
		}
		d[i] = q
	}
}

func kPow[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = pow(float64(x), float64(b[i]))
	}
}

func kMin[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = minNaN(float64(x), float64(b[i]))
	}
}

func kMax[A, B num](d []float64, a []A, b []B, _ float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = maxNaN(float64(x), float64(b[i]))
	}
}

// The fused kernels round after each operation (the explicit float64
// conversions forbid a fused multiply-add), so they equal the two separate
// operations bit for bit.

func kAddMulK[A, B num](d []float64, a []A, b []B, k float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(x) + float64(float64(b[i])*k)
	}
}

func kSubMulK[A, B num](d []float64, a []A, b []B, k float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(x) - float64(float64(b[i])*k)
	}
}

func kAddMulKOut[A, B num](d []float64, a []A, b []B, k float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(float64(x)+float64(b[i])) * k
	}
}

func kSubMulKOut[A, B num](d []float64, a []A, b []B, k float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(float64(x)-float64(b[i])) * k
	}
}

// divStoreKernel is the division that ends most catalogue formulas, writing
// the float32 result directly: NaN where the divisor is 0, ±Inf as NaN.
var divStoreKernel = kernStore{kDivStore[float64, float64], kDivStore[float64, float32], kDivStore[float32, float64], kDivStore[float32, float32]}

type kernStore struct {
	dd func(out []float32, a, b []float64)
	ds func(out []float32, a []float64, b []float32)
	sd func(out []float32, a []float32, b []float64)
	ss func(out []float32, a, b []float32)
}

func (k kernStore) run(out []float32, a, b vec) {
	switch {
	case a.f32 != nil && b.f32 != nil:
		k.ss(out, a.f32, b.f32)
	case a.f32 != nil:
		k.sd(out, a.f32, b.f64)
	case b.f32 != nil:
		k.ds(out, a.f64, b.f32)
	default:
		k.dd(out, a.f64, b.f64)
	}
}

func kDivStore[A, B num](out []float32, a []A, b []B) {
	out, b = out[:len(a)], b[:len(a)]
	for i, x := range a {
		y := float64(b[i])
		q := float64(x) / y
		if y == 0 {
			q = math.NaN()
		}
		f := float32(q)
		if f-f != 0 {
			f = nan32
		}
		out[i] = f
	}
}

// affineKernels compute (a ± b*k) + k2, the shape of EVI's denominator
// N + C1*R - C2*B + L after its first term.
var affineKernels = [numOpcodes]kern2k{
	opAddMulKAddK: {kAddMulKAddK[float64, float64], kAddMulKAddK[float64, float32], kAddMulKAddK[float32, float64], kAddMulKAddK[float32, float32]},
	opSubMulKAddK: {kSubMulKAddK[float64, float64], kSubMulKAddK[float64, float32], kSubMulKAddK[float32, float64], kSubMulKAddK[float32, float32]},
}

type kern2k struct {
	dd func(d, a, b []float64, k, k2 float64)
	ds func(d, a []float64, b []float32, k, k2 float64)
	sd func(d []float64, a []float32, b []float64, k, k2 float64)
	ss func(d []float64, a, b []float32, k, k2 float64)
}

func (k kern2k) run(d []float64, a, b vec, c, c2 float64) {
	switch {
	case a.f32 != nil && b.f32 != nil:
		k.ss(d, a.f32, b.f32, c, c2)
	case a.f32 != nil:
		k.sd(d, a.f32, b.f64, c, c2)
	case b.f32 != nil:
		k.ds(d, a.f64, b.f32, c, c2)
	default:
		k.dd(d, a.f64, b.f64, c, c2)
	}
}

func kAddMulKAddK[A, B num](d []float64, a []A, b []B, k, k2 float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(float64(x)+float64(float64(b[i])*k)) + k2
	}
}

func kSubMulKAddK[A, B num](d []float64, a []A, b []B, k, k2 float64) {
	d, b = d[:len(a)], b[:len(a)]
	for i, x := range a {
		d[i] = float64(float64(x)-float64(float64(b[i])*k)) + k2
	}
}
