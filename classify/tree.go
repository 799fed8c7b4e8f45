package classify

import (
	"math"
	"math/rand/v2"
)

// treeNode is one node of a fitted CART tree, stored flat in Forest.nodes.
// An internal node sends a pixel whose value of feature Feature is at most
// Threshold to node Next, and any other pixel to node Next+1. A leaf has
// Feature < 0 and Next is the offset of its class probabilities in
// Forest.leafProb (NumClasses float32 values); a pure leaf, whose only class
// has index c, has Feature −c−2 so that prediction adds 1 to one class
// without reading the probabilities, and a mixed leaf has mixedLeaf (−1).
type treeNode struct {
	Threshold float32
	Feature   int32
	Next      int32
}

// mixedLeaf is the Feature of a leaf holding more than one class.
const mixedLeaf = -1

// trainingSet is the validated training data in the layout the tree
// builder scans: one column per feature, class indices 0..k-1, and for every
// feature the rows in increasing order of its value (computed once and
// shared by all trees).
type trainingSet struct {
	n, nFeatures, nClasses int
	cols                   [][]float32
	y                      []uint16 // class index 0..nClasses-1
	order                  [][]int32
}

// fittedTree is one tree as the builder returns it, before the forest
// concatenates all trees into flat arrays.
type fittedTree struct {
	nodes      []treeNode // Next of a leaf indexes leaves
	leaves     []float32  // nClasses probabilities per leaf
	inBag      []uint64   // bit set of the rows drawn into the bootstrap sample
	importance []float64  // weighted impurity decrease per feature
}

// treeBuilder holds one worker's scratch memory, reused tree after tree.
type treeBuilder struct {
	ts       *trainingSet
	opt      ForestOptions
	mtry     int
	weight   []int32   // bootstrap count of every row
	idx      [][]int32 // per feature: in-bag rows, node segments in sorted order
	tmp      []int32
	goesLeft []bool
	perm     []int
	counts   []int64
	left     []int64
}

func newTreeBuilder(ts *trainingSet, opt ForestOptions, mtry int) *treeBuilder {
	b := &treeBuilder{ts: ts, opt: opt, mtry: mtry,
		weight:   make([]int32, ts.n),
		idx:      make([][]int32, ts.nFeatures),
		tmp:      make([]int32, ts.n),
		goesLeft: make([]bool, ts.n),
		perm:     make([]int, ts.nFeatures),
		counts:   make([]int64, ts.nClasses),
		left:     make([]int64, ts.nClasses),
	}
	for f := range b.idx {
		b.idx[f] = make([]int32, ts.n)
	}
	return b
}

// split is the best split found at a node.
type split struct {
	feature   int
	pos       int // the left child holds the first pos+1 rows of the segment
	threshold float32
	score     float64 // Σ_k L_k²/W_L + Σ_k R_k²/W_R, larger is better
}

type pendingNode struct {
	slot, start, end, depth int
}

// fit grows one tree on a bootstrap sample drawn by rng, following Breiman's
// random forest (2001) and scikit-learn's DecisionTreeClassifier: n draws
// with replacement kept as integer weights, at each node a random subset of
// mtry features (drawing further features while none of them is
// splittable), the split of lowest weighted Gini impurity with the
// threshold midway between consecutive distinct values, nodes grown until
// pure, smaller than 2*MinLeaf rows or MaxDepth deep.
func (b *treeBuilder) fit(rng *rand.Rand) fittedTree {
	ts := b.ts
	n := ts.n
	clear(b.weight)
	for range n {
		b.weight[rng.IntN(n)]++
	}
	t := fittedTree{inBag: make([]uint64, (n+63)/64), importance: make([]float64, ts.nFeatures)}
	m := 0
	for r, w := range b.weight {
		if w > 0 {
			t.inBag[r/64] |= 1 << (r % 64)
			m++
		}
	}
	for f := range ts.nFeatures {
		dst := b.idx[f][:0]
		for _, r := range ts.order[f] {
			if b.weight[r] > 0 {
				dst = append(dst, r)
			}
		}
	}
	minLeaf := b.opt.MinLeaf
	t.nodes = append(t.nodes, treeNode{})
	stack := []pendingNode{{slot: 0, start: 0, end: m, depth: 0}}
	var rootWeight float64
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seg := b.idx[0][p.start:p.end]
		clear(b.counts)
		var wn int64
		for _, r := range seg {
			w := int64(b.weight[r])
			b.counts[ts.y[r]] += w
			wn += w
		}
		if p.slot == 0 {
			rootWeight = float64(wn)
		}
		var sumsq int64
		for _, c := range b.counts {
			sumsq += c * c
		}
		pure := sumsq == wn*wn
		nrows := p.end - p.start
		canSplit := !pure && nrows >= 2*minLeaf && nrows >= 2 &&
			(b.opt.MaxDepth <= 0 || p.depth < b.opt.MaxDepth)
		var best split
		found := false
		if canSplit {
			best, found = b.bestSplit(rng, p.start, p.end, wn, sumsq)
		}
		if !found {
			off := len(t.leaves)
			for _, c := range b.counts {
				t.leaves = append(t.leaves, float32(float64(c)/float64(wn)))
			}
			nd := treeNode{Feature: mixedLeaf, Next: int32(off)}
			if pure {
				for c, w := range b.counts {
					if w > 0 {
						nd.Feature = int32(-c - 2)
					}
				}
			}
			t.nodes[p.slot] = nd
			continue
		}
		// Importance: N_t·i(t) − N_L·i(L) − N_R·i(R) with weighted counts N
		// and Gini i(t) = 1 − Σ p_k², which reduces to the split score minus
		// Σ_k c_k²/N_t.
		t.importance[best.feature] += best.score - float64(sumsq)/float64(wn)
		mid := p.start + best.pos + 1
		for _, r := range b.idx[best.feature][p.start:mid] {
			b.goesLeft[r] = true
		}
		for _, r := range b.idx[best.feature][mid:p.end] {
			b.goesLeft[r] = false
		}
		for f := range ts.nFeatures {
			if f == best.feature {
				continue
			}
			s := b.idx[f][p.start:p.end]
			l, rr := 0, 0
			tmp := b.tmp[:len(s)]
			for _, r := range s {
				if b.goesLeft[r] {
					s[l] = r
					l++
				} else {
					tmp[rr] = r
					rr++
				}
			}
			copy(s[l:], tmp[:rr])
		}
		left := len(t.nodes)
		t.nodes = append(t.nodes, treeNode{}, treeNode{})
		t.nodes[p.slot] = treeNode{Threshold: best.threshold, Feature: int32(best.feature), Next: int32(left)}
		stack = append(stack,
			pendingNode{slot: left + 1, start: mid, end: p.end, depth: p.depth + 1},
			pendingNode{slot: left, start: p.start, end: mid, depth: p.depth + 1})
	}
	if rootWeight > 0 {
		for f := range t.importance {
			t.importance[f] /= rootWeight
		}
	}
	return t
}

// bestSplit searches the features of the node's segment [start, end) in a
// random order, as scikit-learn's BestSplitter does: it stops once it has
// looked at mtry features and at least one of them was not constant.
func (b *treeBuilder) bestSplit(rng *rand.Rand, start, end int, wn, sumsq int64) (split, bool) {
	ts := b.ts
	for i := range b.perm {
		b.perm[i] = i
	}
	best := split{score: math.Inf(-1)}
	found := false
	visited, nonConstant := 0, 0
	minLeaf := b.opt.MinLeaf
	for k := 0; k < len(b.perm); k++ {
		if visited >= b.mtry && nonConstant > 0 {
			break
		}
		j := k + rng.IntN(len(b.perm)-k)
		b.perm[k], b.perm[j] = b.perm[j], b.perm[k]
		f := b.perm[k]
		visited++
		seg := b.idx[f][start:end]
		col := ts.cols[f]
		if col[seg[0]] == col[seg[len(seg)-1]] {
			continue
		}
		nonConstant++
		clear(b.left)
		var wl, sqL int64
		sqR := sumsq
		last := len(seg) - minLeaf // the left child may hold rows [0, last)
		for i := 0; i < last; i++ {
			r := seg[i]
			w := int64(b.weight[r])
			c := ts.y[r]
			cl := b.left[c]
			cr := b.counts[c] - cl
			sqL += (2*cl + w) * w
			sqR -= (2*cr - w) * w
			b.left[c] = cl + w
			wl += w
			if i+1 < minLeaf {
				continue
			}
			v, next := col[r], col[seg[i+1]]
			if v == next {
				continue
			}
			score := float64(sqL)/float64(wl) + float64(sqR)/float64(wn-wl)
			if score > best.score {
				thr := float32((float64(v) + float64(next)) / 2)
				if thr >= next {
					thr = v
				}
				best = split{feature: f, pos: i, threshold: thr, score: score}
				found = true
			}
		}
	}
	return best, found
}
