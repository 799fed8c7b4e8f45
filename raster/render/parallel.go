package render

import (
	"runtime"
	"sync"
)

// minRowsPerTask keeps tiny images on one goroutine.
const minPixelsPerTask = 1 << 16

// parallelRows calls fn on consecutive row ranges [lo, hi) covering
// [0, rows), on up to GOMAXPROCS goroutines. Each row range is written by
// exactly one call, so results do not depend on the number of cores.
func parallelRows(rows, width int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if rows*width < 2*minPixelsPerTask || workers < 2 || rows < 2 {
		fn(0, rows)
		return
	}
	// A few tasks per worker balance uneven rows.
	tasks := min(workers*4, rows, max(1, rows*width/minPixelsPerTask))
	var wg sync.WaitGroup
	next := make(chan int, tasks)
	for t := range tasks {
		next <- t
	}
	close(next)
	for range min(workers, tasks) {
		wg.Go(func() {
			for t := range next {
				fn(t*rows/tasks, (t+1)*rows/tasks)
			}
		})
	}
	wg.Wait()
}
