package classify

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/borderzone/borderzone/raster"
)

// MajorityFilter replaces each pixel by the most frequent code in the
// size x size window centred on it (size odd, at least 3): the mode filter
// that smooths salt-and-pepper noise out of a classification. Codes 0
// ("none") and cells outside the raster do not vote, and a pixel whose
// code is 0 stays 0. When two or more codes tie for the most votes the
// pixel keeps its own code (so does ArcGIS's Majority Filter with the
// "majority" threshold's fallback, and it never invents a change the
// window does not clearly support); a code wins only with strictly more
// votes than every other.
//
// The window's histogram slides along each row (one column in, one out),
// so a pixel costs the window's height plus the number of distinct codes
// in it. Rows are processed on all cores; the result does not depend on
// their number.
func MajorityFilter(ctx context.Context, l *raster.Labels, size int) (*raster.Labels, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("classify: majority filter: %w", err)
	}
	if size < 3 || size%2 == 0 || size > 1001 {
		return nil, fmt.Errorf("classify: majority filter: window size %d must be odd, 3 to 1001", size)
	}
	w, ht := l.Grid.Width, l.Grid.Height
	out := &raster.Labels{Grid: l.Grid, Data: make([]uint16, len(l.Data)), Classes: append([]raster.Class(nil), l.Classes...)}
	half := size / 2
	workers := min(runtime.GOMAXPROCS(0), max(ht, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	var firstErr error
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := newWindowHistogram()
			for {
				mu.Lock()
				r := next
				next += 16
				mu.Unlock()
				if r >= ht {
					return
				}
				if err := ctx.Err(); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				for row := r; row < min(r+16, ht); row++ {
					r0, r1 := max(row-half, 0), min(row+half+1, ht)
					// The window of column c covers columns c−half..c+half;
					// slide it right one column at a time.
					h.reset()
					for cc := 0; cc < min(half, w); cc++ {
						h.addColumn(l.Data, w, cc, r0, r1, 1)
					}
					for c := range w {
						if entering := c + half; entering < w {
							h.addColumn(l.Data, w, entering, r0, r1, 1)
						}
						if leaving := c - half - 1; leaving >= 0 {
							h.addColumn(l.Data, w, leaving, r0, r1, -1)
						}
						if centre := l.Data[row*w+c]; centre != 0 {
							out.Data[row*w+c] = h.mode(centre)
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// windowHistogram counts the codes of a moving window: counts by code, and
// the list of codes present with each one's position in it, so that the
// mode costs the number of distinct codes, not the window's size.
type windowHistogram struct {
	counts  []int32
	pos     []int32
	present []uint16
}

func newWindowHistogram() *windowHistogram {
	return &windowHistogram{counts: make([]int32, 1<<16), pos: make([]int32, 1<<16)}
}

func (h *windowHistogram) reset() {
	for _, v := range h.present {
		h.counts[v] = 0
	}
	h.present = h.present[:0]
}

// addColumn adds (sign 1) or removes (sign −1) rows r0..r1−1 of column c.
func (h *windowHistogram) addColumn(data []uint16, w, c, r0, r1 int, sign int32) {
	for r := r0; r < r1; r++ {
		v := data[r*w+c]
		if v == 0 {
			continue
		}
		n := h.counts[v] + sign
		h.counts[v] = n
		switch {
		case n == 1 && sign == 1:
			h.pos[v] = int32(len(h.present))
			h.present = append(h.present, v)
		case n == 0:
			i := h.pos[v]
			last := h.present[len(h.present)-1]
			h.present[i] = last
			h.pos[last] = i
			h.present = h.present[:len(h.present)-1]
		}
	}
}

// mode returns the code with strictly the most votes, or centre on a tie.
func (h *windowHistogram) mode(centre uint16) uint16 {
	best, bestN, tie := centre, int32(-1), false
	for _, v := range h.present {
		switch n := h.counts[v]; {
		case n > bestN:
			best, bestN, tie = v, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie {
		return centre
	}
	return best
}
