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

// routeMin is the number of pixels below which routeTree hands a node's
// pixels to walkTree.
const routeMin = 64

// routeTree finds the leaves of the pixels pix in the subtree rooted at
// node, as walkTree does, writing leaf[w] for pix[w], but reorders pix on
// the way: while a node holds many pixels it partitions them into the two
// children's pixels in one branch-free pass (a comparison, two stores and
// two counters per pixel, no chain of dependent loads), and only the small
// groups left deep in the tree are walked. tmp is scratch of len(pix).
func routeTree(nodes []treeNode, node int32, x []float32, nf int, pix, leaf, tmp []int32) {
	for len(pix) >= routeMin {
		nd := nodes[node]
		if nd.Feature < 0 {
			for w := range leaf {
				leaf[w] = node
			}
			return
		}
		f, thr := int(nd.Feature), nd.Threshold
		l, r := 0, 0
		for _, p := range pix {
			right := 0
			if x[int(p)*nf+f] > thr {
				right = 1
			}
			pix[l] = p
			tmp[r] = p
			l += 1 - right
			r += right
		}
		copy(pix[l:], tmp[:r])
		routeTree(nodes, nd.Next, x, nf, pix[:l], leaf[:l], tmp)
		node, pix, leaf = nd.Next+1, pix[l:], leaf[l:]
	}
	if len(pix) > 0 {
		walkTree(nodes, node, x, nf, pix, leaf)
	}
}
