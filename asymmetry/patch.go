package asymmetry

import (
	"context"
	"fmt"
	"math"
)

// patchAcc is what the cell passes accumulate for one patch. Lengths are in
// cell sides and areas in cells; the caller converts with the cell size.
type patchAcc struct {
	zone, class int32 // dense zone and class indices
	cells       int64
	perim       int64 // cell sides on the patch's outline, landscape boundary included
	contig      int64 // Σ over the patch's cells of the 3x3 contiguity template (LaGro 1991)
	sumCol      float64
	sumRow      float64
	gyrate      float64 // Σ distance from each cell centre to the centroid, cells
	enn         float64 // edge-to-edge nearest-neighbour distance, cells; NaN when none
	nbound      int64   // boundary cells: an 8-neighbour outside the patch or off the map
}

// cellGroups is the per-zone tally of the cell passes: edges and adjacencies
// by class, in cell sides.
type cellGroups struct {
	k       int       // number of classes
	cells   [][]int64 // [zone][class] cells
	edgeTE  [][]int64 // [zone][class] sides shared with another class of the same zone
	edgeAll [][]int64 // [zone][class] all outline sides: edgeTE plus boundary sides
	adj     [][]int64 // [zone][i*k+j] adjacencies between classes i and j, double-count method (FRAGSTATS)
}

// labelled is a landscape cut into patches.
type labelled struct {
	w, h int
	lab  []int32 // patch index per cell; -1 outside every landscape
	// boundary has bit i set when cell i has an 8-neighbour outside its
	// patch or off the map.
	boundary []uint64
	eight    bool // patches joined under the 8-cell rule
	patches  []patchAcc
	groups   cellGroups
}

// labelPatches cuts the cells into patches: maximal sets of cells with the
// same key connected under the 8-cell (queen) or 4-cell (rook) rule. key[i]
// is zone·nclass + class for cells of a landscape and -1 for the others. It
// is a two-pass scanline labelling with union–find (Rosenfeld & Pfaltz 1966;
// Wu, Otoo & Suzuki 2009) followed by one pass that gathers the per-patch and
// per-zone tallies and one pass for the radius of gyration; memory is one
// int32 per cell plus one per provisional label. Patches are numbered by
// their first cell in row-major order (FRAGSTATS numbers them the same way).
func labelPatches(ctx context.Context, w, h int, key []int32, nclass, nzone int, eight bool) (*labelled, error) {
	n := w * h
	lab := make([]int32, n)
	parent := make([]int32, 0, 1024)
	find := func(x int32) int32 {
		r := x
		for parent[r] != r {
			r = parent[r]
		}
		for parent[x] != r {
			parent[x], x = r, parent[x]
		}
		return r
	}
	// join merges the provisional label l (or none, -1) with that of cell j.
	join := func(l int32, j int) int32 {
		rj := find(lab[j])
		if l < 0 || l == rj {
			return rj
		}
		if l < rj {
			parent[rj] = l
			return l
		}
		parent[l] = rj
		return rj
	}
	for r := 0; r < h; r++ {
		if r&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row := r * w
		for c := 0; c < w; c++ {
			i := row + c
			k := key[i]
			if k < 0 {
				lab[i] = -1
				continue
			}
			l := int32(-1)
			if c > 0 && key[i-1] == k {
				l = join(l, i-1)
			}
			if r > 0 {
				if key[i-w] == k {
					l = join(l, i-w)
				}
				if eight {
					if c > 0 && key[i-w-1] == k {
						l = join(l, i-w-1)
					}
					if c < w-1 && key[i-w+1] == k {
						l = join(l, i-w+1)
					}
				}
			}
			if l < 0 {
				if len(parent) >= math.MaxInt32-1 {
					return nil, fmt.Errorf("more than %d provisional patches", math.MaxInt32-1)
				}
				l = int32(len(parent))
				parent = append(parent, l)
			}
			lab[i] = l
		}
	}
	// Final numbering in order of each patch's first cell.
	final := make([]int32, len(parent))
	for i := range final {
		final[i] = -1
	}
	var patches []patchAcc
	for i, l := range lab {
		if l < 0 {
			continue
		}
		root := find(l)
		if final[root] < 0 {
			final[root] = int32(len(patches))
			patches = append(patches, patchAcc{zone: key[i] / int32(nclass), class: key[i] % int32(nclass), enn: math.NaN()})
		}
		lab[i] = final[root]
	}
	parent, final = nil, nil

	g := cellGroups{k: nclass}
	g.cells = make([][]int64, nzone)
	g.edgeTE = make([][]int64, nzone)
	g.edgeAll = make([][]int64, nzone)
	g.adj = make([][]int64, nzone)
	for z := range nzone {
		g.cells[z] = make([]int64, nclass)
		g.edgeTE[z] = make([]int64, nclass)
		g.edgeAll[z] = make([]int64, nclass)
		g.adj[z] = make([]int64, nclass*nclass)
	}
	boundary := make([]uint64, (n+63)/64)
	// Tallies: area, centroid, outline, contiguity, boundary cells, adjacencies.
	for r := 0; r < h; r++ {
		if r&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for c := 0; c < w; c++ {
			i := r*w + c
			p := lab[i]
			if p < 0 {
				continue
			}
			pa := &patches[p]
			z, k := pa.zone, pa.class
			pa.cells++
			pa.sumCol += float64(c)
			pa.sumRow += float64(r)
			g.cells[z][k]++
			// The four sides: off the map, outside the landscape, another
			// class, or the same class (a like adjacency).
			var nb [4]int
			var in [4]bool
			nb[0], in[0] = i-1, c > 0
			nb[1], in[1] = i+1, c < w-1
			nb[2], in[2] = i-w, r > 0
			nb[3], in[3] = i+w, r < h-1
			key0 := key[i]
			zbase := int32(z) * int32(nclass)
			for s := range 4 {
				kj := int32(-1)
				if in[s] {
					kj = key[nb[s]]
				}
				if kj < zbase || kj >= zbase+int32(nclass) {
					pa.perim++
					g.edgeAll[z][k]++
					continue
				}
				g.adj[z][int(k)*nclass+int(kj-zbase)]++
				if kj != key0 {
					pa.perim++
					g.edgeAll[z][k]++
					g.edgeTE[z][k]++
				}
			}
			// Contiguity template: 1 at the centre and the corners, 2 on the sides.
			ct := int64(1)
			if r > 0 && r < h-1 && c > 0 && c < w-1 {
				ct += 2*(b2i(lab[i-1] == p)+b2i(lab[i+1] == p)+b2i(lab[i-w] == p)+b2i(lab[i+w] == p)) +
					b2i(lab[i-w-1] == p) + b2i(lab[i-w+1] == p) + b2i(lab[i+w-1] == p) + b2i(lab[i+w+1] == p)
			} else {
				ct += contigAtEdge(lab, w, h, r, c, p)
			}
			pa.contig += ct
			// All eight neighbours in the patch give 13: an interior cell.
			if ct != 13 {
				boundary[i>>6] |= 1 << (i & 63)
				pa.nbound++
			}
		}
	}
	// Radius of gyration: mean distance of the cell centres to the centroid.
	for i := range patches {
		patches[i].sumCol /= float64(patches[i].cells)
		patches[i].sumRow /= float64(patches[i].cells)
	}
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			p := lab[r*w+c]
			if p < 0 {
				continue
			}
			pa := &patches[p]
			pa.gyrate += math.Hypot(float64(c)-pa.sumCol, float64(r)-pa.sumRow)
		}
	}
	return &labelled{w: w, h: h, lab: lab, boundary: boundary, eight: eight, patches: patches, groups: g}, nil
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// contigAtEdge is the contiguity template sum, less the centre's 1, of
// the cell at (c, r) of patch p on the edge of the map.
func contigAtEdge(lab []int32, w, h, r, c int, p int32) int64 {
	var ct int64
	for dr := -1; dr <= 1; dr++ {
		rr := r + dr
		if rr < 0 || rr >= h {
			continue
		}
		for dc := -1; dc <= 1; dc++ {
			cc := c + dc
			if (dr == 0 && dc == 0) || cc < 0 || cc >= w {
				continue
			}
			if lab[rr*w+cc] == p {
				if dr == 0 || dc == 0 {
					ct += 2
				} else {
					ct++
				}
			}
		}
	}
	return ct
}
