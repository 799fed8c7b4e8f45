package classify

// This file holds the walk of a block of pixels down one tree, the inner
// loop of Forest.Predict.
//
// Measured on the 2-core benchmark machine (AMD EPYC, L1d 32 KiB and L2
// 1 MiB per core; BenchmarkForestPredictStack5000: scene7_5000 with
// peer_rf.py's forest, 100 fully grown trees of 5,424 nodes on average,
// 542,446 nodes and 6.5 MB in all, every leaf pure, mean leaf depth 13.6).
//
// Until now, pixels were walked one at a time, eight in flight with a lane
// refilled as soon as its pixel reached a leaf: 23–27 s for the scene,
// 2.8 ns per node and pixel (12.3 nodes per walk, 52.6 trees per pixel
// before its class is settled). Measured and lost then: 16 or 32 lanes;
// four or six lanes held in local variables with a branch-free comparison;
// a lane refilled without branches over nodes whose leaves loop back to
// themselves (35 % slower); all lanes of a group moved in lockstep until
// every one sits at a leaf (20–30 % slower: the group waits for its
// deepest pixel); 8-byte packed nodes whose two children are loaded while
// the feature value is (40 % slower); blocks of 256 or 1024 pixels instead
// of 4096.

// treeWalk is the working memory of Forest.Predict, pooled: the block's
// features column by column, the class sums and the pixel lists.
type treeWalk struct {
	acc    []float32 // k class sums per pixel of the block
	xc     []float32 // feature f of block pixel p at xc[f*predictBlock+p]
	pix    []int32   // the block's pixels still to classify
	b1, b2 []int32   // partition buffers
	stack  []partItem
	touch  int32 // sink of the loads that bring a tree into cache
}

// partItem is a node waiting in addTree's stack with its pixels: the
// segment [lo, hi) of buffer buf (0: the pixel list, 1 or 2: the two
// partition buffers).
type partItem struct {
	nd     treeNode
	lo, hi int32
	buf    int32
}

// addTree adds the leaf probabilities of the tree whose nodes are
// nodes[root:end] to the class sums w.acc (k per pixel) of the pixels pix.
//
// Instead of walking one pixel at a time, it moves the whole pixel list
// down the tree: at every split the node's pixels are partitioned into
// those going left and those going right, so each node is read once per
// block and the inner loop (partition) has no dependency from one node to
// the next. Pixels take the same paths as in a walk one pixel at a time
// (Forest.leaf) and every pixel still gets one addition per tree, in tree
// order, so the class sums are the same to the bit.
func (w *treeWalk) addTree(nodes []treeNode, probs []float32, root, end int32, pix []int32, k int) {
	// Touch every cache line of the tree first: these loads do not depend
	// on each other, so they overlap, where the walk would take the cache
	// misses one after another (the 100 trees do not fit in L2, so each
	// block finds them in L3).
	var touch int32
	for i := root; i < end; i += 5 {
		touch += nodes[i].Feature
	}
	w.touch += touch
	acc, xc := w.acc, w.xc
	bufs := [3][]int32{pix, w.b1[:len(pix)], w.b2[:len(pix)]}
	stack := append(w.stack[:0], partItem{nd: nodes[root], lo: 0, hi: int32(len(pix)), buf: 0})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := it.nd
		src := bufs[it.buf][it.lo:it.hi]
		if nd.Feature < 0 {
			if nd.Feature != mixedLeaf {
				// A pure leaf: probability 1 for class −Feature−2.
				c := int(-nd.Feature - 2)
				for _, p := range src {
					acc[int(p)*k+c]++
				}
				continue
			}
			pr := probs[nd.Next : int(nd.Next)+k]
			for _, p := range src {
				a := acc[int(p)*k : int(p)*k+k]
				for c, v := range pr {
					a[c] += v
				}
			}
			continue
		}
		// A node reads its pixels from one buffer and writes them to
		// another; its children's segments lie within its own, so the
		// pixels of a pending sibling are never overwritten.
		ob := int32(1)
		if it.buf == 1 {
			ob = 2
		}
		left, right := nodes[nd.Next], nodes[nd.Next+1]
		dst := bufs[ob][it.lo:it.hi]
		col := xc[int(nd.Feature)*predictBlock : int(nd.Feature+1)*predictBlock]
		mid := it.lo + int32(partition(dst, src, col, nd.Threshold))
		if mid < it.hi {
			stack = append(stack, partItem{nd: right, lo: mid, hi: it.hi, buf: ob})
		}
		if mid > it.lo {
			stack = append(stack, partItem{nd: left, lo: it.lo, hi: mid, buf: ob})
		}
	}
	w.stack = stack
}

// partition writes the pixels of src whose value in col is at most thr to
// the front of dst and the others to its back (len(dst) == len(src)), and
// returns how many went to the front. It has no branch that depends on the
// values, so it runs at the same speed whichever way the pixels go. It is
// not inlined: inside addTree the compiler kept the loop's counters in
// memory, which made the loop 40 % slower.
//
//go:noinline
func partition(dst, src []int32, col []float32, thr float32) int {
	dst = dst[:len(src)]
	l, r := 0, len(src)-1
	for _, p := range src {
		dst[l] = p
		dst[r] = p
		b := 0
		if col[p] > thr {
			b = 1
		}
		l += 1 - b
		r -= b
	}
	return l
}
