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
