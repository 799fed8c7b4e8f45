package classify

// walkLanes is the number of pixels walkTree moves down a tree at once.
const walkLanes = 8

// walkTree finds, for every pixel pix[w] (an index into the
// pixel-interleaved x with nf features), the leaf it reaches in the tree
// rooted at root, and writes the leaf's node index to leaf[w]. It keeps
// walkLanes pixels in flight, one step each in turn, refilling a lane with
// the next pixel as soon as its pixel reaches a leaf: the steps of
// different pixels do not depend on each other, so the processor overlaps
// their memory loads instead of waiting for one node after another.
//
// Measured alternatives on the 2-core benchmark machine (5000 x 600 rows of
// scene7_5000 with peer_rf.py's forest; each within noise of this loop or
// slower): 16 or 32 lanes; four or six lanes held in local variables with a
// branch-free comparison; a lane refilled without branches over nodes whose
// leaves loop back to themselves (35 % slower); all lanes of a group moved
// in lockstep until every one sits at a leaf (20–30 % slower: the group
// waits for its deepest pixel); 8-byte packed nodes whose two children are
// loaded while the feature value is (40 % slower); blocks of 256 or 1024
// pixels instead of 4096. A tree is walked in about 2.8 ns per node on
// average (12.3 nodes per walk, 52.6 trees per pixel before the class is
// settled), and the early stop cannot settle a pixel before 51 of 100 trees.
func walkTree(nodes []treeNode, root int32, x []float32, nf int, pix []int32, leaf []int32) {
	var cur, who, base [walkLanes]int32
	next := 0
	active := 0
	for j := range walkLanes {
		if next < len(pix) {
			cur[j], who[j], base[j] = root, int32(next), pix[next]*int32(nf)
			next++
			active++
		} else {
			who[j] = -1
		}
	}
	for active > 0 {
		for j := range walkLanes {
			w := who[j]
			if w < 0 {
				continue
			}
			nd := nodes[cur[j]]
			if nd.Feature < 0 {
				leaf[w] = cur[j]
				if next < len(pix) {
					cur[j], who[j], base[j] = root, int32(next), pix[next]*int32(nf)
					next++
				} else {
					who[j] = -1
					active--
				}
				continue
			}
			c := nd.Next
			if x[base[j]+nd.Feature] > nd.Threshold {
				c++
			}
			cur[j] = c
		}
	}
}

// partItem is a node waiting in addTree's stack with its pixels: the
// segment [lo, hi) of buffer buf (0: the block's pixel list, 1 or 2: the
// two partition buffers).
type partItem struct {
	node   int32
	lo, hi int32
	buf    int32
}

// addTree adds the leaf probabilities of the tree rooted at root to the
// class sums acc (k per pixel) of the pixels pix. xc holds the block's
// features column by column (feature f of pixel p at xc[f*stride+p]).
// Instead of walking one pixel at a time, it moves the whole pixel list
// down the tree: at every split the node's pixels are partitioned into
// those going left and right, so each node is read once per block and the
// inner loop has no dependency from one node to the next.
func addTree(nodes []treeNode, probs []float32, root int32, xc []float32, stride int, pix, b1, b2 []int32, acc []float32, k int, stack []partItem) []partItem {
	bufs := [3][]int32{pix, b1[:len(pix)], b2[:len(pix)]}
	stack = append(stack[:0], partItem{node: root, lo: 0, hi: int32(len(pix)), buf: 0})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := nodes[it.node]
		src := bufs[it.buf][it.lo:it.hi]
		if nd.Feature < 0 {
			if nd.Feature != mixedLeaf {
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
		ob := int32(1)
		if it.buf == 1 {
			ob = 2
		}
		dst := bufs[ob][it.lo:it.hi]
		col := xc[int(nd.Feature)*stride : int(nd.Feature+1)*stride]
		mid := it.lo + int32(partition(dst, src, col, nd.Threshold))
		if mid < it.hi {
			stack = append(stack, partItem{node: nd.Next + 1, lo: mid, hi: it.hi, buf: ob})
		}
		if mid > it.lo {
			stack = append(stack, partItem{node: nd.Next, lo: it.lo, hi: mid, buf: ob})
		}
	}
	return stack
}

// partition writes the pixels of src whose value in col is at most thr to
// the front of dst and the others to its back (len(dst) == len(src)), and
// returns how many went to the front. It has no branch that depends on the
// values, so it runs at the same speed whichever way the pixels go.
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
