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
	perim       int64   // cell sides on the patch's outline, landscape boundary included
	contig      int64   // Σ over the patch's cells of the 3x3 contiguity template (LaGro 1991)
	sumCol      float64 // Σ column of the cells, then (gyration pass) the centroid's column
	sumRow      float64 // Σ row of the cells, then the centroid's row
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
	eight    bool    // patches joined under the 8-cell rule
	key      []int32 // zone·nclass + class per cell, -1 outside; see labelPatches
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
	// Final numbering in order of each patch's first cell. A parent never
	// has a larger label than its child (unions hang the larger root under
	// the smaller), so one increasing pass points every label at its root.
	for x := range parent {
		parent[x] = parent[parent[x]]
	}
	final := make([]int32, len(parent))
	for i := range final {
		final[i] = -1
	}
	var patches []patchAcc
	for i, l := range lab {
		if l < 0 {
			continue
		}
		root := parent[l]
		if final[root] < 0 {
			final[root] = int32(len(patches))
			patches = append(patches, patchAcc{zone: key[i] / int32(nclass), class: key[i] % int32(nclass), enn: math.NaN()})
		}
		lab[i] = final[root]
	}
	parent, final = nil, nil

	adj := make([][]int64, nzone)
	for z := range nzone {
		adj[z] = make([]int64, nclass*nclass)
	}
	boundary := make([]uint64, (n+63)/64)
	// Tallies: area, centroid, outline, contiguity, boundary cells,
	// adjacencies. A side-neighbour with the same key is always in the same
	// patch (under either rule), so the outline is 4 − the side-neighbours
	// in the patch, and the contiguity template (1 at the centre and the
	// corners, 2 on the sides) is 1 + 2·sides + corners in the patch.
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
			pa.cells++
			pa.sumCol += float64(c)
			pa.sumRow += float64(r)
			var sides, corners int64
			if r > 0 && r < h-1 && c > 0 && c < w-1 {
				sides = b2i(lab[i-1] == p) + b2i(lab[i+1] == p) + b2i(lab[i-w] == p) + b2i(lab[i+w] == p)
				corners = b2i(lab[i-w-1] == p) + b2i(lab[i-w+1] == p) + b2i(lab[i+w-1] == p) + b2i(lab[i+w+1] == p)
			} else {
				sides, corners = neighboursAtEdge(lab, w, h, r, c, p)
			}
			pa.perim += 4 - sides
			ct := 1 + 2*sides + corners
			pa.contig += ct
			// All eight neighbours in the patch give 13: an interior cell.
			if ct != 13 {
				boundary[i>>6] |= 1 << (i & 63)
				pa.nbound++
			}
			// Adjacencies with the right and lower neighbours of the same
			// landscape, counted from both cells (double count).
			k, zbase := key[i]-pa.zone*int32(nclass), pa.zone*int32(nclass)
			az := adj[pa.zone]
			if c < w-1 {
				if kj := key[i+1] - zbase; kj >= 0 && kj < int32(nclass) {
					az[int(k)*nclass+int(kj)]++
					az[int(kj)*nclass+int(k)]++
				}
			}
			if r < h-1 {
				if kj := key[i+w] - zbase; kj >= 0 && kj < int32(nclass) {
					az[int(k)*nclass+int(kj)]++
					az[int(kj)*nclass+int(k)]++
				}
			}
		}
	}
	// Class tallies from the patches and adjacencies.
	g := cellGroups{k: nclass, adj: adj}
	g.cells = make([][]int64, nzone)
	g.edgeTE = make([][]int64, nzone)
	g.edgeAll = make([][]int64, nzone)
	for z := range nzone {
		g.cells[z] = make([]int64, nclass)
		g.edgeTE[z] = make([]int64, nclass)
		g.edgeAll[z] = make([]int64, nclass)
		for k := range nclass {
			for o := range nclass {
				if o != k {
					g.edgeTE[z][k] += adj[z][k*nclass+o]
				}
			}
		}
	}
	for i := range patches {
		pa := &patches[i]
		g.cells[pa.zone][pa.class] += pa.cells
		g.edgeAll[pa.zone][pa.class] += pa.perim
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
	return &labelled{w: w, h: h, lab: lab, key: key, boundary: boundary, eight: eight, patches: patches, groups: g}, nil
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// neighboursAtEdge counts the side and corner neighbours of the cell at
// (c, r) that belong to patch p, for a cell on the edge of the map.
func neighboursAtEdge(lab []int32, w, h, r, c int, p int32) (sides, corners int64) {
	for dr := -1; dr <= 1; dr++ {
		rr := r + dr
		if rr < 0 || rr >= h {
			continue
		}
		for dc := -1; dc <= 1; dc++ {
			cc := c + dc
			if (dr == 0 && dc == 0) || cc < 0 || cc >= w || lab[rr*w+cc] != p {
				continue
			}
			if dr == 0 || dc == 0 {
				sides++
			} else {
				corners++
			}
		}
	}
	return sides, corners
}
