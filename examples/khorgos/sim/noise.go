package sim

import "math"

// mix64 is the SplitMix64 finaliser (Steele, Lea, Flood 2014), used as a
// stateless hash so that every value depends only on its coordinates and
// the seed, never on the order of computation.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hash3 hashes three integers and a seed.
func hash3(seed uint64, a, b, c int64) uint64 {
	h := mix64(seed ^ uint64(a)*0x632be59bd9b4e019)
	h = mix64(h ^ uint64(b)*0x8cb92ba72f3d8dd7)
	return mix64(h ^ uint64(c)*0x9e3779b97f4a7c15)
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// gauss returns a standard normal value from two hashes (Box–Muller).
func gauss(h1, h2 uint64) float64 {
	u1 := unit(h1)
	if u1 < 1e-300 {
		u1 = 1e-300
	}
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*unit(h2))
}

// valueNoise is lattice value noise (Perlin 1985's value variant): random
// values on a square lattice of spacing `scale` pixels, interpolated with a
// smoothstep; two octaves. It returns values in about -1..1.
func valueNoise(seed uint64, x, y, scale float64) float64 {
	v := lattice(seed, x/scale, y/scale)
	v += 0.5 * lattice(seed+1, 2*x/scale, 2*y/scale)
	return v / 1.5
}

func lattice(seed uint64, x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	sx, sy := fx*fx*(3-2*fx), fy*fy*(3-2*fy)
	ix, iy := int64(x0), int64(y0)
	v := func(i, j int64) float64 { return 2*unit(hash3(seed, ix+i, iy+j, 7)) - 1 }
	a := v(0, 0) + sx*(v(1, 0)-v(0, 0))
	b := v(0, 1) + sx*(v(1, 1)-v(0, 1))
	return a + sy*(b-a)
}
