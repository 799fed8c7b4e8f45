package classify

import (
	"context"
	"sync"
	"testing"
	"time"
)

// rfPredictParallel predicts x on all cores in row blocks, as classify.Classify
// does for a stack.
func rfPredictParallel(f *Forest, x []float32, out []uint16, workers int) {
	nf := f.NumFeatures()
	const block = 4096
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				lo := next
				next += block
				mu.Unlock()
				if lo >= len(out) {
					return
				}
				hi := min(len(out), lo+block)
				f.Predict(x[lo*nf:hi*nf], out[lo:hi])
			}
		})
	}
	wg.Wait()
}

func TestPredictSpeedProbe(t *testing.T) {
	x := rfPeerPixels(t, 1_000_000)
	y := rfPeerLabels(x)
	n := 160_000
	f, err := TrainForest(context.Background(), &Samples{Features: rfPeerFeatures, X: x[:n*6], Y: y[:n]}, ForestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint16, len(y))
	start := time.Now()
	rfPredictParallel(f, x, out, 2)
	t.Logf("depth %.2f", rfAvgDepth(f, x[:6*100000]))
	t.Logf("predict 1M: %v -> 25M: %v", time.Since(start), time.Since(start)*25)
}

func rfAvgDepth(f *Forest, x []float32) float64 {
	nf := f.NumFeatures()
	steps := 0
	n := len(x) / nf
	for p := 0; p < n; p++ {
		px := x[p*nf : (p+1)*nf]
		for _, root := range f.roots {
			i := root
			for f.nodes[i].Feature >= 0 {
				nd := f.nodes[i]
				i = nd.Next
				if px[nd.Feature] > nd.Threshold {
					i++
				}
				steps++
			}
		}
	}
	return float64(steps) / float64(n*len(f.roots))
}
