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
// Rows are processed on all cores; the result does not depend on their
// number.
func MajorityFilter(ctx context.Context, l *raster.Labels, size int) (*raster.Labels, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("classify: majority filter: %w", err)
	}
	if size < 3 || size%2 == 0 || size > 1001 {
		return nil, fmt.Errorf("classify: majority filter: window size %d must be odd, 3 to 1001", size)
	}
	w, h := l.Grid.Width, l.Grid.Height
	out := &raster.Labels{Grid: l.Grid, Data: make([]uint16, len(l.Data)), Classes: append([]raster.Class(nil), l.Classes...)}
	half := size / 2
	workers := min(runtime.GOMAXPROCS(0), max(h, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	var firstErr error
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int32, 1<<16)
			var touched []uint16
			for {
				mu.Lock()
				r := next
				next += 16
				mu.Unlock()
				if r >= h {
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
				for row := r; row < min(r+16, h); row++ {
					r0, r1 := max(row-half, 0), min(row+half+1, h)
					for c := range w {
						centre := l.Data[row*w+c]
						if centre == 0 {
							continue
						}
						c0, c1 := max(c-half, 0), min(c+half+1, w)
						for rr := r0; rr < r1; rr++ {
							for _, v := range l.Data[rr*w+c0 : rr*w+c1] {
								if v == 0 {
									continue
								}
								if counts[v] == 0 {
									touched = append(touched, v)
								}
								counts[v]++
							}
						}
						best, bestN, tie := centre, int32(-1), false
						for _, v := range touched {
							switch n := counts[v]; {
							case n > bestN:
								best, bestN, tie = v, n, false
							case n == bestN:
								tie = true
							}
							counts[v] = 0
						}
						touched = touched[:0]
						if tie {
							best = centre
						}
						out.Data[row*w+c] = best
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
