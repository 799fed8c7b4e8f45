package classify

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// forestDefinition classes pixel px by the definition Predict implements:
// every tree walked from its root (Forest.leaf), the leaves' class
// probabilities summed over all trees in tree order, the first class of
// the largest sum; 0 for a pixel with a NaN.
func forestDefinition(f *Forest, px []float32) uint16 {
	for _, v := range px {
		if v != v {
			return 0
		}
	}
	k := len(f.classes)
	sum := make([]float32, k)
	for _, root := range f.roots {
		leaf := f.leaf(root, px)
		for c := range k {
			sum[c] += f.leafProb[int(leaf)+c]
		}
	}
	return f.classes[forestArgmax(sum)].Code
}

// Predict moves whole blocks of pixels down the trees (as rank sets and
// partitioned lists); its classes must equal the pixel-by-pixel definition
// on values that stress it: many equal values, values equal to a
// threshold and just above it, −0 and +0, ±Inf, NaN, blocks of every
// size, for forests with pure leaves and with mixed ones.
func TestForestPredictBlocksEqualDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	const nf = 3
	// Training rows on a coarse grid, so that values repeat, with −0.
	n := 3000
	x := make([]float32, n*nf)
	y := make([]uint16, n)
	for i := range n {
		for j := range nf {
			x[i*nf+j] = float32(rng.IntN(21)-10) / 4
		}
		if x[i*nf] == 0 && rng.IntN(2) == 0 {
			x[i*nf] = float32(math.Copysign(0, -1))
		}
		s := x[i*nf] + 2*x[i*nf+1] - x[i*nf+2]
		y[i] = uint16(1 + int(math.Abs(float64(s)))%4)
		if rng.IntN(10) == 0 {
			y[i] = uint16(1 + rng.IntN(4)) // label noise: mixed leaves with MinLeaf
		}
	}
	s := &Samples{Features: []string{"a", "b", "c"}, X: x, Y: y}
	for _, opt := range []ForestOptions{{Trees: 25, Seed: 3}, {Trees: 25, MinLeaf: 4, Seed: 4}} {
		f, err := TrainForest(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		var thr []float32
		for _, nd := range f.nodes {
			if nd.Feature >= 0 {
				thr = append(thr, nd.Threshold)
			}
		}
		special := []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 0, 1e30, -1e30}
		// A block and a part: runs of equal pixels, grid values,
		// thresholds and their neighbours, special values, NaN.
		m := predictBlock + 777
		test := make([]float32, m*nf)
		for i := range m {
			px := test[i*nf : (i+1)*nf]
			switch r := rng.IntN(10); {
			case i%500 < 120 && i > 0:
				copy(px, test[(i-1)*nf:i*nf]) // a run of equal pixels
			case r < 3:
				for j := range px {
					px[j] = float32(rng.IntN(25)-12) / 4
				}
			case r < 7:
				for j := range px {
					v := thr[rng.IntN(len(thr))]
					switch rng.IntN(3) {
					case 1:
						v = math.Nextafter32(v, float32(math.Inf(1)))
					case 2:
						v = math.Nextafter32(v, float32(math.Inf(-1)))
					}
					px[j] = v
				}
			case r < 9:
				for j := range px {
					px[j] = special[rng.IntN(len(special))]
				}
			default:
				for j := range px {
					px[j] = float32(rng.IntN(5))
				}
				px[rng.IntN(nf)] = float32(math.NaN())
			}
		}
		out := make([]uint16, m)
		f.Predict(test, out)
		one := make([]uint16, 1)
		for i := range m {
			px := test[i*nf : (i+1)*nf]
			want := forestDefinition(f, px)
			if out[i] != want {
				t.Fatalf("MinLeaf %d, pixel %d %v: Predict %d, definition %d", opt.MinLeaf, i, px, out[i], want)
			}
			if i%31 == 0 {
				f.Predict(px, one)
				if one[0] != want {
					t.Fatalf("MinLeaf %d, pixel %d %v alone: Predict %d, definition %d", opt.MinLeaf, i, px, one[0], want)
				}
			}
		}
		// Blocks of other sizes and offsets.
		for _, span := range [][2]int{{1, 65}, {100, 100 + 4096}, {5, 5 + predictBlock + 3}} {
			part := make([]uint16, span[1]-span[0])
			f.Predict(test[span[0]*nf:span[1]*nf], part)
			for i, c := range part {
				if c != out[span[0]+i] {
					t.Fatalf("MinLeaf %d, pixels %d–%d: pixel %d is %d, %d in the whole run", opt.MinLeaf, span[0], span[1], span[0]+i, c, out[span[0]+i])
				}
			}
		}
	}
}
