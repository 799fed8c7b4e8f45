package classify

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// rfPeerForest trains the forest of peer_rf.py's run: 100 trees on the
// first 160,000 rows of pixels_1m.
func rfPeerForest(tb testing.TB) *Forest {
	tb.Helper()
	x := rfPeerPixels(tb, 160_000)
	f, err := TrainForest(context.Background(), &Samples{Features: rfPeerFeatures, X: x, Y: rfPeerLabels(x)}, ForestOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// BenchmarkForestFitPeer trains 100 trees on peer_rf.py's 160,000 x 6
// training rows (compare fit_seconds of peer_rf.py, or run
// TestForestFitSpeedVsPeer with BORDERZONE_RF_PEER=1 for both in one run).
func BenchmarkForestFitPeer(b *testing.B) {
	x := rfPeerPixels(b, 160_000)
	s := &Samples{Features: rfPeerFeatures, X: x, Y: rfPeerLabels(x)}
	for b.Loop() {
		if _, err := TrainForest(context.Background(), s, ForestOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// rfScene7Stack reads bands B2..B7 of bench-inputs/scene7_5000.tif (UInt16
// Landsat 8 DNs of bands 1..7, nodata 0) as reflectance with the Landsat 8
// rescaling peer inputs use (DN·2e-5 − 0.1), the features of pixels_1m.
func rfScene7Stack(tb testing.TB) *raster.Stack {
	tb.Helper()
	path := filepath.Join(rfBenchInputs(), "scene7_5000.tif")
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("benchmark input missing (set BORDERZONE_BENCH): %v", err)
	}
	f, err := geotiff.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := f.ReadStack(context.Background(), []int{1, 2, 3, 4, 5, 6}, f.RasterGrid().Rect())
	if err != nil {
		tb.Fatal(err)
	}
	for i, b := range s.Bands {
		b.Name = rfPeerFeatures[i]
		for j, v := range b.Data {
			b.Data[j] = v*2e-5 - 0.1
		}
	}
	return s
}

// BenchmarkForestPredictStack5000 classes the 5000 x 5000 x 6 stack with
// the 100-tree forest of peer_rf.py's run, through Classify on all cores.
func BenchmarkForestPredictStack5000(b *testing.B) {
	if testing.Short() {
		b.Skip("reads a 5000 x 5000 x 6 stack")
	}
	s := rfScene7Stack(b)
	f := rfPeerForest(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Classify(context.Background(), f, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(s.Grid.Len()), "ns/pixel")
}

// TestForestFitSpeedVsPeer runs peer_rf.py and our training on the same
// 160,000 rows in one run and reports the ratio; it fails when ours is
// slower. It runs only with BORDERZONE_RF_PEER=1 (it takes a minute).
func TestForestFitSpeedVsPeer(t *testing.T) {
	if os.Getenv("BORDERZONE_RF_PEER") != "1" {
		t.Skip("set BORDERZONE_RF_PEER=1 to time peer_rf.py against TrainForest")
	}
	script := rfPeerScript()
	npy := filepath.Join(rfBenchInputs(), "pixels_1m.npy")
	if script == "" {
		t.Skip("peer_rf.py not found (set BORDERZONE_PEERS)")
	}
	peerFit, peerPredict, peerAcc := rfRunPeer(t, script, npy)
	x := rfPeerPixels(t, 200_000)
	y := rfPeerLabels(x)
	n := 160_000
	start := time.Now()
	f, err := TrainForest(context.Background(), &Samples{Features: rfPeerFeatures, X: x[:n*6], Y: y[:n]}, ForestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fit := time.Since(start).Seconds()
	out := make([]uint16, len(y)-n)
	start = time.Now()
	rfPredictParallel(f, x[n*6:], out)
	predict := time.Since(start).Seconds()
	right := 0
	for i, c := range out {
		if c == y[n+i] {
			right++
		}
	}
	acc := float64(right) / float64(len(out))
	t.Logf("fit %.2f s vs peer_rf.py %.2f s (ratio %.2f, %d cores); predicting 40,000 rows %.3f s vs %.3f s (ratio %.2f); accuracy %.4f vs %.4f",
		fit, peerFit, fit/peerFit, runtime.GOMAXPROCS(0), predict, peerPredict, predict/peerPredict, acc, peerAcc)
	if fit > peerFit {
		t.Errorf("training took %.2f s, peer_rf.py %.2f s", fit, peerFit)
	}
}

// rfPredictParallel predicts x on all cores in blocks of predictBlock
// pixels, the largest Predict works on at once.
func rfPredictParallel(f *Forest, x []float32, out []uint16) {
	nf := f.NumFeatures()
	const block = predictBlock
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range runtime.GOMAXPROCS(0) {
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

// BenchmarkForestPredict1M classes the million pixels of pixels_1m.
func BenchmarkForestPredict1M(b *testing.B) {
	f := rfPeerForest(b)
	x := rfPeerPixels(b, 1_000_000)
	out := make([]uint16, 1_000_000)
	b.ResetTimer()
	for b.Loop() {
		rfPredictParallel(f, x, out)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/pixel")
}
