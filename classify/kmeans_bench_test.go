package classify

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkKMeans1M fits k-means (k = 8, one k-means++ restart, seed 0) on
// the 1,000,000 x 6 float32 pixels of pixels_1m.f32 in $BORDERZONE_BENCH
// (made by ../shared/bench/make_inputs.py). When /usr/bin/python3 and
// ../shared/bench/peer_kmeans.py are there it first runs the scikit-learn
// peer once on pixels_1m.npy and reports its seconds (sklearn-s) and
// inertia beside ours, so the ratio comes from the same run:
//
//	BORDERZONE_BENCH=/path/to/bench-inputs go test -run ^$ -bench KMeans1M -benchtime 3x ./classify/
func BenchmarkKMeans1M(b *testing.B) {
	path := filepath.Join(benchDir(), "pixels_1m.f32")
	if _, err := os.Stat(path); err != nil {
		b.Skip(path + " missing: run /usr/bin/python3 ../shared/bench/make_inputs.py bench-inputs, or set BORDERZONE_BENCH")
	}
	x := readF32(b, path)
	var peerSec, peerInertia float64
	if script := peerKMeansScript(); script != "" {
		if _, err := os.Stat(python); err == nil {
			peerSec, peerInertia = runPeerKMeans(b, script, filepath.Join(benchDir(), "pixels_1m.npy"), 8)
		}
	}
	b.ResetTimer()
	var inertia float64
	for b.Loop() {
		km, err := FitKMeans(context.Background(), x, 6, KMeansOptions{K: 8, Restarts: 1})
		if err != nil {
			b.Fatal(err)
		}
		inertia = km.Inertia
	}
	b.ReportMetric(inertia, "inertia")
	if peerSec > 0 {
		b.ReportMetric(peerSec, "sklearn-s")
		b.ReportMetric(peerInertia, "sklearn-inertia")
	}
}
