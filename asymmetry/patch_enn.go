package asymmetry

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// ennBucket is the side, in cells, of the buckets that index boundary cells
// for the nearest-neighbour search.
const ennBucket = 8

// nearestNeighbours sets patches[p].enn to the FRAGSTATS edge-to-edge
// nearest-neighbour distance of every patch, in cells: the shortest
// straight-line distance between the centre of a cell of the patch and the
// centre of a cell of another patch of the same class and zone (McGarigal
// 2015, ENN). Patches alone in their class and zone keep NaN.
//
// The search is exact and avoids comparing all cells: the closest pair of
// cells of two patches are both boundary cells (a cell with an 8-neighbour
// outside its patch; from an interior cell a step towards any outside point
// gets nearer to it), so only boundary cells are indexed, in buckets of
// ennBucket x ennBucket cells per class and zone. Each patch searches rings
// of buckets around each of its boundary cells, stopping once a ring cannot
// hold anything nearer than the best distance found so far for the patch.
// Patches are searched in parallel; each writes only its own result, so the
// answer does not depend on the number of cores.
func nearestNeighbours(ctx context.Context, lb *labelled) error {
	w, h := lb.w, lb.h
	lab, cellKey, patches := lb.lab, lb.key, lb.patches
	// Count patches per (zone, class) group; groups with one patch have no ENN.
	type key struct{ z, k int32 }
	nk := int32(lb.groups.k)
	count := make([]int, len(lb.groups.cells)*int(nk))
	gkey := func(p *patchAcc) int32 { return p.zone*nk + p.class }
	for i := range patches {
		count[gkey(&patches[i])]++
	}
	// Boundary cells of every patch (from the tally pass), gathered in
	// row-major order.
	bstart := make([]int, len(patches)+1)
	for p := range patches {
		if count[gkey(&patches[p])] >= 2 {
			bstart[p+1] = int(patches[p].nbound)
		}
	}
	for p := range patches {
		bstart[p+1] += bstart[p]
	}
	bcells := make([]int32, bstart[len(patches)]) // cell index per boundary cell, grouped by patch
	fill := slices.Clone(bstart[:len(patches)])
	for wi, word := range lb.boundary {
		if wi&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for word != 0 {
			i := wi<<6 + bits.TrailingZeros64(word)
			word &= word - 1
			p := lab[i]
			if bstart[p+1] == bstart[p] {
				continue
			}
			bcells[fill[p]] = int32(i)
			fill[p]++
		}
	}
	// One bucket index per group, over the group's bounding box.
	type index struct {
		c0, r0, bw, bh int
		start          []int32 // bucket offsets into cells (CSR)
		xy             []int32 // column and row of each boundary cell, bucket by bucket
		owner          []int32 // patch of each indexed cell
	}
	groupOf := map[key]int{}
	var groups [][]int32 // patches per group
	for p, pa := range patches {
		k := key{pa.zone, pa.class}
		if count[gkey(&pa)] < 2 {
			continue
		}
		gi, ok := groupOf[k]
		if !ok {
			gi = len(groups)
			groupOf[k] = gi
			groups = append(groups, nil)
		}
		groups[gi] = append(groups[gi], int32(p))
	}
	groupIdx := make([]int32, len(count))
	for k, gi := range groupOf {
		groupIdx[k.z*nk+k.k] = int32(gi)
	}
	idx := make([]index, len(groups))
	for gi, ps := range groups {
		c0, r0, c1, r1 := w, h, -1, -1
		for _, p := range ps {
			for _, i := range bcells[bstart[p]:bstart[p+1]] {
				r, c := int(i)/w, int(i)%w
				c0, r0, c1, r1 = min(c0, c), min(r0, r), max(c1, c), max(r1, r)
			}
		}
		ix := index{c0: c0, r0: r0, bw: (c1-c0)/ennBucket + 1, bh: (r1-r0)/ennBucket + 1}
		nb := ix.bw * ix.bh
		ix.start = make([]int32, nb+1)
		bucket := func(i int32) int {
			r, c := int(i)/w, int(i)%w
			return ((r-r0)/ennBucket)*ix.bw + (c-c0)/ennBucket
		}
		total := 0
		for _, p := range ps {
			for _, i := range bcells[bstart[p]:bstart[p+1]] {
				ix.start[bucket(i)+1]++
				total++
			}
		}
		for b := range nb {
			ix.start[b+1] += ix.start[b]
		}
		ix.xy = make([]int32, 2*total)
		ix.owner = make([]int32, total)
		pos := slices.Clone(ix.start[:nb])
		for _, p := range ps {
			for _, i := range bcells[bstart[p]:bstart[p+1]] {
				b := bucket(i)
				ix.xy[2*pos[b]], ix.xy[2*pos[b]+1] = i%int32(w), i/int32(w)
				ix.owner[pos[b]] = p
				pos[b]++
			}
		}
		idx[gi] = ix
	}
	// Two patches of one class are at least 2 cells apart under the 8-cell
	// rule (touching at a corner would join them) and √2 under the 4-cell
	// rule: once that is found, nothing is nearer.
	floor := int64(2)
	if lb.eight {
		floor = 4
	}
	type scratch struct {
		buckets []int
		pc      []int32 // column, row pairs of the patch's cells in one bucket
	}
	search := func(p int32, sc *scratch) {
		pa := &patches[p]
		ix := &idx[groupIdx[gkey(pa)]]
		cells := bcells[bstart[p]:bstart[p+1]]
		best := int64(math.MaxInt64) // squared distance, cells²
		// First a look at the 5 x 5 cells around each boundary cell on the
		// map itself: every cell within 2√2 cells is there.
		for _, q := range cells {
			qr, qc := int(q)/w, int(q)%w
			qkey := cellKey[q]
			for dr := -2; dr <= 2; dr++ {
				rr := qr + dr
				if rr < 0 || rr >= h {
					continue
				}
				for dc := -2; dc <= 2; dc++ {
					cc := qc + dc
					if cc < 0 || cc >= w {
						continue
					}
					j := rr*w + cc
					if cellKey[j] != qkey || lab[j] == p {
						continue
					}
					if d := int64(dr*dr + dc*dc); d < best {
						best = d
					}
				}
			}
			if best <= floor {
				break
			}
		}
		// Anything nearer than 3 cells was in a 5 x 5 window; otherwise
		// search the buckets, bucket by bucket of the patch's own cells,
		// in rings, skipping buckets that cannot hold anything nearer.
		if best >= 9 {
			sc.buckets = sc.buckets[:0]
			for _, q := range cells {
				r, c := int(q)/w, int(q)%w
				sc.buckets = append(sc.buckets, ((r-ix.r0)/ennBucket)*ix.bw+(c-ix.c0)/ennBucket)
			}
			slices.Sort(sc.buckets)
			sc.buckets = slices.Compact(sc.buckets)
			maxRing := max(ix.bw, ix.bh)
			for _, b := range sc.buckets {
				br, bc := b/ix.bw, b%ix.bw
				sc.pc = sc.pc[:0]
				pr0, pc0, pr1, pc1 := math.MaxInt32, math.MaxInt32, -1, -1
				for j := ix.start[b]; j < ix.start[b+1]; j++ {
					if ix.owner[j] == p {
						x, y := ix.xy[2*j], ix.xy[2*j+1]
						sc.pc = append(sc.pc, x, y)
						pc0, pc1 = min(pc0, int(x)), max(pc1, int(x))
						pr0, pr1 = min(pr0, int(y)), max(pr1, int(y))
					}
				}
				for ring := 0; ring <= maxRing; ring++ {
					if ring > 0 {
						gap := int64((ring-1)*ennBucket + 1)
						if gap*gap >= best {
							break
						}
					}
					for rr := br - ring; rr <= br+ring; rr++ {
						if rr < 0 || rr >= ix.bh {
							continue
						}
						step := 1
						if rr != br-ring && rr != br+ring {
							step = 2 * ring
						}
						for cc := bc - ring; cc <= bc+ring; cc += max(step, 1) {
							if cc < 0 || cc >= ix.bw {
								continue
							}
							y0, x0 := ix.r0+rr*ennBucket, ix.c0+cc*ennBucket
							gr := max(y0-pr1, pr0-(y0+ennBucket-1), 0)
							gc := max(x0-pc1, pc0-(x0+ennBucket-1), 0)
							if int64(gr*gr+gc*gc) >= best {
								continue
							}
							ob := rr*ix.bw + cc
							for j := ix.start[ob]; j < ix.start[ob+1]; j++ {
								if ix.owner[j] == p {
									continue
								}
								ox, oy := int64(ix.xy[2*j]), int64(ix.xy[2*j+1])
								for k := 0; k < len(sc.pc); k += 2 {
									dc, dr := ox-int64(sc.pc[k]), oy-int64(sc.pc[k+1])
									if d := dr*dr + dc*dc; d < best {
										best = d
									}
								}
							}
						}
					}
				}
			}
		}
		if best < math.MaxInt64 {
			pa.enn = math.Sqrt(float64(best))
		}
	}
	var todo []int32
	for _, ps := range groups {
		todo = append(todo, ps...)
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch
			for {
				mu.Lock()
				if ctx.Err() != nil || next >= len(todo) {
					mu.Unlock()
					return
				}
				lo := next
				next = min(next+64, len(todo))
				hi := next
				mu.Unlock()
				for _, p := range todo[lo:hi] {
					search(p, &sc)
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
