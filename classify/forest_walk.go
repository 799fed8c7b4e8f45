package classify

import (
	"math"
	"math/bits"
)

// This file holds the walk of a block of pixels down the trees, the inner
// loop of Forest.Predict.
//
// How a block goes down a tree. The block's valid pixels are numbered in
// the order of the most important feature (renumber) and, for every other
// feature, sorted by value once per block (prepareBlock, a radix sort),
// with the set of pixels above every 64th rank kept as a bitmap. A node's
// pixels travel as a bitmap while they are many: the pixels above its
// threshold are those of rank pos and higher (pos found by a binary
// search), i.e. the nearest 64th-rank bitmap corrected by at most 32
// pixels, so a split costs a pass over the words the set spans instead of
// one over its pixels (splitSet). Once few pixels remain (listCheaper)
// they are listed and partitioned at every node without branches
// (partition). Each pixel still reaches the leaf a plain walk reaches
// (Forest.leaf) and gets one addition per tree in tree order, so the sums
// and classes are the same to the bit.
//
// Measurements on the 2-core benchmark machine (AMD EPYC, L1d 32 KiB and
// L2 1 MiB per core, shared by other jobs, so single runs vary by ±10 %):
// BenchmarkForestPredictStack5000 classes scene7_5000 (25 M pixels x 6
// bands) with peer_rf.py's forest: 100 fully grown trees of 5,424 nodes
// on average (542,446 nodes, 6.5 MB, every leaf pure, mean leaf depth
// 13.6); a pixel takes 12.3 nodes per tree and its class is settled after
// 52.6 trees on average, never before 51 of 100.
//
//   - Pixel-by-pixel walks, eight in flight (the previous Predict): 23–27 s,
//     2.8 ns per node and pixel, 74 % of the time in the walk. Tried and
//     lost with it: 16 or 32 lanes; four or six lanes in local variables
//     with a branch-free comparison; lanes refilled without branches over
//     self-looping leaves (35 % slower); lanes in lockstep (20–30 %
//     slower); 8-byte nodes loading both children (40 % slower); blocks of
//     256 or 1024 pixels.
//   - Partitioning the block's pixel list at every node instead: 20 s, and
//     14.7 s once the partition loop sat in its own function (inlined, the
//     compiler kept its counters in memory). 1.2 ns per node and pixel; one
//     node visit per 79 node-pixel steps on this scene.
//   - Loading each tree's cache lines with independent loads before its
//     walk (the 100 trees do not fit in L2): about 5 %.
//   - Bitmaps against rank orders for large sets: no gain while the block
//     kept its own pixel order (a set spans 63 of 64 words on average);
//     with the pixels numbered by the most important feature a set spans
//     15 words and the scene takes 12–13 s. Tuned by measurement: a
//     two-level rank search (every 64th value first, 3 % of the time
//     saved), radix passes sized to the key span with all counts in one
//     pass (4–6 %), the feature the block is numbered by not sorted again.
//   - Result through Classify when it handed Predict 4,096 pixels at a
//     time: 11.7–12.3 s. With 16,384-pixel calls (the largest block,
//     predictBlock, and now Classify's chunk) the sort, the bitmaps and
//     each tree's cache lines serve four times as many pixels: 9.0–9.4 s
//     for the same scene and the same labels (32,768-pixel blocks:
//     8.7–8.8 s, but 1 MB of class sums per worker).
//   - Lost or within noise: walking lists of up to 8–64 pixels pixel by
//     pixel instead of partitioning them (up to 10 % slower); tracking a
//     value box per pixel list to skip splits whose threshold lies outside
//     it (3 % of partition work skipped, not worth its copies); one store
//     per pixel in the partition (a conditional index) or bounds checks
//     removed with masks or uint16 indices (no change: the loop is not
//     bound by its instruction count); byte vote counts instead of float32
//     sums for forests with only pure leaves (no change); keeping sets as
//     bitmaps down to fewer pixels or turning them into lists earlier
//     (flat around the chosen costs, worse further away).

// treeWalk is the working memory of Forest.Predict, pooled: the block's
// features column by column, the class sums, the pixel lists and sets.
type treeWalk struct {
	acc    []float32 // k class sums per pixel of the block
	xc     []float32 // feature f of block pixel p at xc[f*predictBlock+p]
	pix    []int32   // the block's pixels still to classify
	b1, b2 []int32   // partition buffers
	stack  []partItem
	touch  int32 // sink of the loads that bring a tree into cache

	ranks    []featureRanks // per feature, the block's pixels in value order
	rootSet  pixelSet       // the pixels pix as a set
	sets     []pixelSet     // the sets of the pending nodes, by slot
	free     []int32        // free slots of sets
	keys     [2][]uint32    // radix sort scratch
	ords     [2][]uint16
	perm     []uint16 // block pixel of each walk pixel
	listNext int32    // next free place in b1 for a set turned into a list
	nValid   int      // number of pixels in ranks
}

// setWords is the number of 64-bit words of a set of block pixels.
const setWords = predictBlock / 64

// pixelSet is a set of block pixels, one bit each.
type pixelSet [setWords]uint64

// featureRanks orders the block's valid pixels by one feature, so that the
// pixels above any threshold are a suffix of the order: order[r] is the
// pixel of rank r, vals[r] its value, and above[c] the set of the pixels of
// rank 64c and higher.
type featureRanks struct {
	order []uint16
	vals  []float32
	marks []float32 // vals[64c], so that a search starts in a small array
	above []pixelSet
}

// partItem is a node waiting in addTree's stack with its pixels, either as
// the segment [lo, hi) of buffer buf (0: the pixel list pix, 1 or 2: the
// two partition buffers) or, when buf is setMode, as the set w.sets[slot]
// of n pixels whose nonzero words lie in [lo, hi).
type partItem struct {
	nd     treeNode
	lo, hi int32
	buf    int32
	slot   int32
	n      int32
}

// setMode is the buf of a partItem whose pixels are a pixelSet.
const setMode = -1

// prepareBlock sorts the valid pixels pix of the block by each of the nf
// features (an LSD radix sort on the bits of the float32 values, mapped so
// that their unsigned order is the numeric order), except feature sorted,
// by which pix is in order already, and builds the sets of pixels above
// every 64th rank.
func (w *treeWalk) prepareBlock(pix []int32, nf, sorted int) {
	n := len(pix)
	if len(w.ranks) < nf {
		w.ranks = make([]featureRanks, nf)
	}
	for i := range 2 {
		if len(w.keys[i]) < predictBlock {
			w.keys[i] = make([]uint32, predictBlock)
			w.ords[i] = make([]uint16, predictBlock)
		}
	}
	var count [3][2048]int32
	for f := range nf {
		rk := &w.ranks[f]
		if len(rk.order) < predictBlock {
			rk.order = make([]uint16, predictBlock)
			rk.vals = make([]float32, predictBlock)
			rk.marks = make([]float32, setWords)
			rk.above = make([]pixelSet, setWords+1)
		}
		col := w.xc[f*predictBlock : (f+1)*predictBlock]
		k0, o0 := w.keys[0][:n], w.ords[0][:n]
		for i, p := range pix {
			k0[i], o0[i] = floatKey(col[p]), uint16(p)
		}
		if f != sorted {
			o0 = radixOrder(k0, w.keys[1][:n], o0, w.ords[1][:n], &count)
		}
		copy(rk.order, o0)
		for r, p := range o0 {
			rk.vals[r] = col[p]
		}
		for c := range (n + 63) / 64 {
			rk.marks[c] = rk.vals[c*64]
		}
		nc := (n + 63) / 64
		// Only the first nc words of a set are used for a block of n
		// pixels.
		cur := &rk.above[nc]
		clear(cur[:nc])
		for c := nc - 1; c >= 0; c-- {
			a := &rk.above[c]
			copy(a[:nc], cur[:nc])
			for _, p := range o0[c*64 : min(n, c*64+64)] {
				a[p>>6] |= 1 << (p & 63)
			}
			cur = a
		}
	}
}

// floatKey maps a float32 to a uint32 whose unsigned order is the numeric
// order of the values (NaN excepted; −0 sorts just below +0).
func floatKey(v float32) uint32 {
	u := math.Float32bits(v)
	if u&(1<<31) != 0 {
		return ^u
	}
	return u | 1<<31
}

// radixOrder sorts the keys k0 with their payloads o0 by an LSD radix sort,
// using k1 and o1 (of the same length) as scratch, and returns the
// payloads in key order (in o0's or o1's memory). The keys are taken
// relative to the smallest one and sorted in as few passes of at most 11
// bits as their span needs, with the counts of all passes made in one
// pass over the keys.
func radixOrder(k0, k1 []uint32, o0, o1 []uint16, count *[3][2048]int32) []uint16 {
	if len(k0) < 2 {
		return o0
	}
	lo, hi := k0[0], k0[0]
	for _, u := range k0 {
		lo = min(lo, u)
		hi = max(hi, u)
	}
	if lo == hi {
		return o0
	}
	nb := bits.Len32(hi - lo)
	passes := (nb + 10) / 11
	width := uint((nb + passes - 1) / passes)
	mask := uint32(1)<<width - 1
	c0, c1, c2 := count[0][:mask+1], count[1][:mask+1], count[2][:mask+1]
	clear(c0)
	clear(c1)
	clear(c2)
	for i, u := range k0 {
		u -= lo
		k0[i] = u
		c0[u&mask]++
		c1[(u>>width)&mask]++
		c2[(u>>(2*width))&mask]++
	}
	for p := range passes {
		cnt := count[p][:mask+1]
		shift := uint(p) * width
		var sum int32
		for d, c := range cnt {
			cnt[d] = sum
			sum += c
		}
		for i, u := range k0 {
			d := (u >> shift) & mask
			j := cnt[d]
			cnt[d]++
			k1[j], o1[j] = u, o0[i]
		}
		k0, k1 = k1, k0
		o0, o1 = o1, o0
	}
	return o0
}

// renumber orders the valid pixels pix of the block x (pixel-interleaved,
// nf features) by their value of feature key and copies their features to
// w.xc in that order: pixel i of the walk is block pixel perm[i]. Pixels
// with similar values go down the same branches of every tree, so
// numbered this way the sets of pixels at a node fill few words of a
// pixelSet instead of being scattered over all of them.
func (w *treeWalk) renumber(x []float32, nf, key int, pix []int32) (perm []uint16) {
	n := len(pix)
	if len(w.keys[0]) < predictBlock {
		for i := range 2 {
			w.keys[i] = make([]uint32, predictBlock)
			w.ords[i] = make([]uint16, predictBlock)
		}
		w.perm = make([]uint16, predictBlock)
	}
	k0, o0 := w.keys[0][:n], w.ords[0][:n]
	for i, p := range pix {
		k0[i], o0[i] = floatKey(x[int(p)*nf+key]), uint16(p)
	}
	var count [3][2048]int32
	perm = w.perm[:n]
	copy(perm, radixOrder(k0, w.keys[1][:n], o0, w.ords[1][:n], &count))
	for f := range nf {
		col := w.xc[f*predictBlock : f*predictBlock+n]
		for i, p := range perm {
			col[i] = x[int(p)*nf+f]
		}
	}
	return perm
}

// setPixels makes w.rootSet the set of the pixels pix.
func (w *treeWalk) setPixels(pix []int32) {
	clear(w.rootSet[:(w.nValid+63)/64])
	for _, p := range pix {
		w.rootSet[p>>6] |= 1 << (p & 63)
	}
}

// allocSet returns a free slot of w.sets.
func (w *treeWalk) allocSet() int32 {
	if n := len(w.free); n > 0 {
		s := w.free[n-1]
		w.free = w.free[:n-1]
		return s
	}
	w.sets = append(w.sets, pixelSet{})
	return int32(len(w.sets) - 1)
}

// setRange returns the range [lo, hi) of the nonzero words of s within
// [lo, hi).
func setRange(s *pixelSet, lo, hi int32) (int32, int32) {
	for lo < hi && s[lo] == 0 {
		lo++
	}
	for hi > lo && s[hi-1] == 0 {
		hi--
	}
	return lo, hi
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
	w.listNext = 0
	stack := w.stack[:0]
	if lo, hi := setRange(&w.rootSet, 0, int32(w.nValid+63)/64); !listCheaper(int32(len(pix)), hi-lo) {
		slot := w.allocSet()
		copy(w.sets[slot][lo:hi], w.rootSet[lo:hi])
		stack = append(stack, partItem{nd: nodes[root], lo: lo, hi: hi, buf: setMode, slot: slot, n: int32(len(pix))})
	} else {
		stack = append(stack, partItem{nd: nodes[root], lo: 0, hi: int32(len(pix)), buf: 0})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		// Go down from it, pushing the right child of every two-way
		// split and going on with the left one.
		for {
			nd := it.nd
			if it.buf == setMode {
				if nd.Feature < 0 {
					w.addSetLeaf(nd, probs, it, k)
					w.free = append(w.free, it.slot)
					break
				}
				if !listCheaper(it.n, it.hi-it.lo) {
					it, stack = w.splitSet(nodes, it, stack)
					continue
				}
				// Few pixels left in the set: list them in b1 and go on by
				// partitions.
				set := &w.sets[it.slot]
				dst := w.b1
				j := w.listNext
				for i := it.lo; i < it.hi; i++ {
					for x := set[i]; x != 0; x &= x - 1 {
						dst[j] = i*64 + int32(bits.TrailingZeros64(x))
						j++
					}
				}
				w.free = append(w.free, it.slot)
				it = partItem{nd: nd, lo: w.listNext, hi: j, buf: 1}
				w.listNext = j
			}
			src := bufs[it.buf][it.lo:it.hi]
			if nd.Feature < 0 {
				if nd.Feature != mixedLeaf {
					// A pure leaf: probability 1 for class −Feature−2.
					c := int(-nd.Feature - 2)
					for _, p := range src {
						acc[int(p)*k+c]++
					}
					break
				}
				pr := probs[nd.Next : int(nd.Next)+k]
				for _, p := range src {
					a := acc[int(p)*k : int(p)*k+k]
					for c, v := range pr {
						a[c] += v
					}
				}
				break
			}
			// A node reads its pixels from one buffer and writes them to
			// another; its children's segments lie within its own, so the
			// pixels of a pending sibling are never overwritten.
			ob := int32(1)
			if it.buf == 1 {
				ob = 2
			}
			// The children are loaded before the partition, so that it
			// runs while they come from L2.
			left, right := nodes[nd.Next], nodes[nd.Next+1]
			dst := bufs[ob][it.lo:it.hi]
			col := xc[int(nd.Feature)*predictBlock : int(nd.Feature+1)*predictBlock]
			mid := it.lo + int32(partition(dst, src, col, nd.Threshold))
			switch {
			case mid == it.hi:
				it = partItem{nd: left, lo: it.lo, hi: it.hi, buf: ob}
			case mid == it.lo:
				it = partItem{nd: right, lo: it.lo, hi: it.hi, buf: ob}
			default:
				stack = append(stack, partItem{nd: right, lo: mid, hi: it.hi, buf: ob})
				it = partItem{nd: left, lo: it.lo, hi: mid, buf: ob}
			}
		}
	}
	w.stack = stack
}

// Tuning of listCheaper.
var setCostN, setCostWords, setCostFixed int32 = 3, 16, 200

// listCheaper reports whether n pixels whose set spans the given number of
// words are split faster as a list (partition, a few cycles per pixel)
// than as a set (splitSet, a few cycles per word plus a fixed cost).
func listCheaper(n, words int32) bool {
	return n*setCostN < words*setCostWords+setCostFixed
}

// splitSet splits the pixel set of item it at its node and returns the
// child to go on with (the left one when it receives pixels), pushing the
// right one when both do. The pixels above
// the node's threshold are those of rank pos and higher in the feature's
// order; their set is that of the nearest 64th rank, corrected by the
// pixels of the ranks in between, so a split costs a pass over the set's
// words instead of one over its pixels.
func (w *treeWalk) splitSet(nodes []treeNode, it partItem, stack []partItem) (partItem, []partItem) {
	nd := it.nd
	leftNode, rightNode := nodes[nd.Next], nodes[nd.Next+1]
	rk := &w.ranks[nd.Feature]
	vals := rk.vals[:w.nValid]
	// pos = the number of values at most the threshold: first among
	// every 64th value, then within the 63 values after the last one at
	// most the threshold.
	pos := countAtMost(rk.marks[:(len(vals)+63)/64], nd.Threshold)
	if pos > 0 {
		base := 64*(pos-1) + 1
		pos = base + countAtMost(vals[base:min(len(vals), base+63)], nd.Threshold)
	}
	switch pos {
	case len(vals): // every pixel goes left
		it.nd = leftNode
		return it, stack
	case 0: // every pixel goes right
		it.nd = rightNode
		return it, stack
	}
	ls := w.allocSet()
	set, left := &w.sets[it.slot], &w.sets[ls]
	c := (pos + 32) / 64
	above := &rk.above[c]
	nl := 0
	for i := it.lo; i < it.hi; i++ {
		s, a := set[i], above[i]
		l := s &^ a
		left[i] = l
		set[i] = s & a
		nl += bits.OnesCount64(l)
	}
	if c*64 > pos {
		// Ranks pos to 64c−1 lie above the threshold too: move them right.
		for _, p := range rk.order[pos:min(c*64, len(vals))] {
			i := int32(p >> 6)
			if i < it.lo || i >= it.hi {
				continue
			}
			m := left[i] & (1 << (p & 63))
			left[i] ^= m
			set[i] |= m
			nl -= int(m >> (p & 63))
		}
	} else {
		// Ranks 64c to pos−1 lie at or below it: move them left.
		for _, p := range rk.order[c*64 : pos] {
			i := int32(p >> 6)
			if i < it.lo || i >= it.hi {
				continue
			}
			m := set[i] & (1 << (p & 63))
			set[i] ^= m
			left[i] |= m
			nl += int(m >> (p & 63))
		}
	}
	nr := it.n - int32(nl)
	if nl == 0 {
		w.free = append(w.free, ls)
		it.nd = rightNode
		return it, stack
	}
	if nr == 0 {
		w.free = append(w.free, it.slot)
		it.nd, it.slot = leftNode, ls
		return it, stack
	}
	lo, hi := setRange(set, it.lo, it.hi)
	stack = append(stack, partItem{nd: rightNode, lo: lo, hi: hi, buf: setMode, slot: it.slot, n: nr})
	lo, hi = setRange(left, it.lo, it.hi)
	return partItem{nd: leftNode, lo: lo, hi: hi, buf: setMode, slot: ls, n: int32(nl)}, stack
}

// countAtMost returns the number of values of v, sorted in increasing
// order, that are at most thr, by a binary search without branches on
// the values.
func countAtMost(v []float32, thr float32) int {
	pos, n := 0, len(v)
	for n > 1 {
		half := n >> 1
		if v[pos+half-1] <= thr {
			pos += half
		}
		n -= half
	}
	if n == 1 && v[pos] <= thr {
		pos++
	}
	return pos
}

// addSetLeaf adds the probabilities of leaf nd to the class sums of the
// pixels of item it's set.
func (w *treeWalk) addSetLeaf(nd treeNode, probs []float32, it partItem, k int) {
	set := &w.sets[it.slot]
	acc := w.acc
	if nd.Feature != mixedLeaf {
		c := int(-nd.Feature - 2)
		for i := it.lo; i < it.hi; i++ {
			for x := set[i]; x != 0; x &= x - 1 {
				p := int(i)*64 + bits.TrailingZeros64(x)
				acc[p*k+c]++
			}
		}
		return
	}
	pr := probs[nd.Next : int(nd.Next)+k]
	for i := it.lo; i < it.hi; i++ {
		for x := set[i]; x != 0; x &= x - 1 {
			p := int(i)*64 + bits.TrailingZeros64(x)
			a := acc[p*k : p*k+k]
			for c, v := range pr {
				a[c] += v
			}
		}
	}
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
