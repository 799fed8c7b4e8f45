package classify

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/borderzone/borderzone/raster"
)

// KMeansOptions controls FitKMeans and FitKMeansStack. The zero value of
// every field but K picks scikit-learn's default.
type KMeansOptions struct {
	// K is the number of clusters (at least 1, at most the number of
	// pixels fitted and at most 65535).
	K int
	// Restarts is the number of k-means++ initialisations, each run to
	// convergence; the one with the lowest inertia is kept. 0 means 1, as
	// scikit-learn's n_init="auto" with k-means++.
	Restarts int
	// MaxIter caps the Lloyd iterations of each restart; 0 means 300.
	MaxIter int
	// Tol is the convergence tolerance relative to the data: iterations
	// stop when the sum over centres of the squared centre shifts is at
	// most Tol times the mean of the per-feature variances, as
	// scikit-learn's tol. 0 means 1e-4; a negative value means run until
	// no pixel changes cluster (or MaxIter).
	Tol float64
	// SampleSize is the number of pixels (rows) the centres are fitted on,
	// drawn uniformly without replacement; the rest are only assigned to
	// the nearest centre by the returned classifier. 0 means every row for
	// FitKMeans and every valid pixel up to 1,000,000 for FitKMeansStack.
	SampleSize int
	// Seed seeds the PCG generator (math/rand/v2) of the sampling and the
	// k-means++ draws; the same seed gives the same result on any number
	// of cores.
	Seed uint64
}

// KMeans is a fitted k-means clustering (Lloyd 1982; k-means++ seeding,
// Arthur and Vassilvitskii 2007). As a Classifier it puts each pixel in the
// cluster of its nearest centre (Euclidean distance), codes 1 to K.
type KMeans struct {
	// Centres holds the K cluster centres, each NumFeatures() values, in
	// the units of the features.
	Centres [][]float64
	// Inertia is the sum over the fitted pixels of the squared Euclidean
	// distance to their centre (scikit-learn's inertia_), in squared
	// feature units.
	Inertia float64
	// Iterations is the number of Lloyd iterations of the kept restart.
	Iterations int
	// Features names the features (the band names of the stack fitted
	// on); nil when they are positional.
	Features []string

	classes []raster.Class
}

// FitKMeans clusters n rows of nf float32 features (x holds n*nf values,
// row-major, as Samples.X) into opt.K clusters.
//
// The algorithm is scikit-learn's KMeans with init="k-means++" and
// algorithm="lloyd": greedy k-means++ seeding (the first centre uniform,
// each next one the best of 2+⌊ln K⌋ candidates drawn with probability
// proportional to the squared distance to the nearest chosen centre),
// Lloyd iterations until no row changes cluster, the squared centre shift
// falls to the tolerance or MaxIter is reached (then a last assignment),
// empty clusters moved to the rows farthest from their centres, and the
// restart with the lowest inertia kept. Sums are accumulated in float64 per
// fixed block of rows and added in block order, so the result is the same
// on any number of cores. Rows with a NaN are an error naming the row; use
// FitKMeansStack for rasters with no data.
//
// References: S. P. Lloyd (1982), Least squares quantization in PCM, IEEE
// Transactions on Information Theory 28(2), 129–137; D. Arthur and
// S. Vassilvitskii (2007), k-means++: the advantages of careful seeding,
// Proc. 18th ACM-SIAM SODA, 1027–1035; scikit-learn's sklearn.cluster.KMeans.
func FitKMeans(ctx context.Context, x []float32, nf int, opt KMeansOptions) (*KMeans, error) {
	if nf < 1 {
		return nil, fmt.Errorf("classify: k-means: %d features per row", nf)
	}
	if len(x)%nf != 0 {
		return nil, fmt.Errorf("classify: k-means: %d values is not a whole number of rows of %d features", len(x), nf)
	}
	n := len(x) / nf
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("classify: k-means: row %d, feature %d is %v", i/nf, i%nf+1, v)
		}
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, pcgStream))
	if opt.SampleSize > 0 && opt.SampleSize < n {
		x = sampleRows(x, nf, n, opt.SampleSize, rng)
	}
	return fitKMeans(ctx, x, nf, opt, rng)
}

// FitKMeansStack fits k-means on the valid pixels of s (those with no NaN
// in any band), or on a uniform sample of opt.SampleSize of them (by
// default at most 1,000,000), and records the stack's band names so that
// Classify picks the same bands by name. Classify(ctx, km, s) then assigns
// every pixel.
func FitKMeansStack(ctx context.Context, s *raster.Stack, opt KMeansOptions) (*KMeans, error) {
	if s == nil || len(s.Bands) == 0 {
		return nil, errors.New("classify: k-means: empty stack")
	}
	nf := len(s.Bands)
	n := s.Grid.Len()
	for i, b := range s.Bands {
		if len(b.Data) != n {
			return nil, fmt.Errorf("classify: k-means: band %d (%q) has %d values, want %d", i+1, b.Name, len(b.Data), n)
		}
	}
	valid := 0
	px := make([]float32, nf)
	for p := range n {
		if pixelValid(s, p, px) {
			valid++
		}
	}
	if valid == 0 {
		return nil, errors.New("classify: k-means: the stack has no pixel with a value in every band")
	}
	m := opt.SampleSize
	if m <= 0 {
		m = 1_000_000
	}
	m = min(m, valid)
	rng := rand.New(rand.NewPCG(opt.Seed, pcgStream))
	x := make([]float32, 0, m*nf)
	// Knuth's selection sampling (Algorithm S): each valid pixel is taken
	// with probability (still needed)/(still left), giving a uniform
	// sample of exactly m in raster order.
	left, need := valid, m
	for p := 0; p < n && need > 0; p++ {
		if !pixelValid(s, p, px) {
			continue
		}
		if need == left || rng.IntN(left) < need {
			x = append(x, px...)
			need--
		}
		left--
	}
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	o.SampleSize = 0
	km, err := fitKMeans(ctx, x, nf, o, rng)
	if err != nil {
		return nil, err
	}
	names := s.Names()
	named := true
	for i, a := range names {
		if a == "" || slices.Contains(names[:i], a) {
			named = false
		}
	}
	if named {
		km.Features = names
	}
	return km, nil
}

// pcgStream is the second PCG seed word; with Seed it fixes the stream.
const pcgStream = 0x626f72646572 // "border"

func pixelValid(s *raster.Stack, p int, px []float32) bool {
	for b, band := range s.Bands {
		v := band.Data[p]
		if v != v || math.IsInf(float64(v), 0) {
			return false
		}
		px[b] = v
	}
	return true
}

func (o KMeansOptions) withDefaults() (KMeansOptions, error) {
	if o.K < 1 || o.K > 65535 {
		return o, fmt.Errorf("classify: k-means: K = %d, want 1 to 65535", o.K)
	}
	if o.Restarts < 0 || o.MaxIter < 0 || o.SampleSize < 0 {
		return o, fmt.Errorf("classify: k-means: negative Restarts (%d), MaxIter (%d) or SampleSize (%d)", o.Restarts, o.MaxIter, o.SampleSize)
	}
	if math.IsNaN(o.Tol) {
		return o, errors.New("classify: k-means: Tol is NaN")
	}
	if o.Restarts == 0 {
		o.Restarts = 1
	}
	if o.MaxIter == 0 {
		o.MaxIter = 300
	}
	if o.Tol == 0 {
		o.Tol = 1e-4
	}
	return o, nil
}

// sampleRows draws m of the n rows of x uniformly without replacement
// (Knuth's Algorithm S), keeping their order.
func sampleRows(x []float32, nf, n, m int, rng *rand.Rand) []float32 {
	out := make([]float32, 0, m*nf)
	left, need := n, m
	for i := 0; i < n && need > 0; i++ {
		if need == left || rng.IntN(left) < need {
			out = append(out, x[i*nf:(i+1)*nf]...)
			need--
		}
		left--
	}
	return out
}

// kmeansChunk is the number of rows per block of the parallel passes.
const kmeansChunk = 8192

// kmWork holds the buffers of one fit.
type kmWork struct {
	x       []float32
	n, d, k int
	labels  []int32
	dist    []float64 // squared distance of each row to its centre
	sums    [][]float64
	counts  [][]float64
	inert   []float64
	changed []int
}

func fitKMeans(ctx context.Context, x []float32, d int, opt KMeansOptions, rng *rand.Rand) (*KMeans, error) {
	n := len(x) / d
	k := opt.K
	if n < k {
		return nil, fmt.Errorf("classify: k-means: %d rows for K = %d clusters", n, k)
	}
	// Tolerance relative to the data, as scikit-learn's _tolerance: the
	// mean of the per-feature variances times tol.
	tol := 0.0
	if opt.Tol > 0 {
		mean := make([]float64, d)
		for i := range n {
			for j := range d {
				mean[j] += float64(x[i*d+j])
			}
		}
		varSum := 0.0
		for j := range d {
			mean[j] /= float64(n)
			s := 0.0
			for i := range n {
				t := float64(x[i*d+j]) - mean[j]
				s += t * t
			}
			varSum += s / float64(n)
		}
		tol = varSum / float64(d) * opt.Tol
	}
	nChunks := (n + kmeansChunk - 1) / kmeansChunk
	w := &kmWork{x: x, n: n, d: d, k: k,
		labels:  make([]int32, n),
		dist:    make([]float64, n),
		sums:    make([][]float64, nChunks),
		counts:  make([][]float64, nChunks),
		inert:   make([]float64, nChunks),
		changed: make([]int, nChunks),
	}
	for c := range nChunks {
		w.sums[c] = make([]float64, k*d)
		w.counts[c] = make([]float64, k)
	}
	var best *KMeans
	for range opt.Restarts {
		centres, err := w.plusPlus(ctx, rng)
		if err != nil {
			return nil, err
		}
		inertia, iters, err := w.lloyd(ctx, centres, opt.MaxIter, tol)
		if err != nil {
			return nil, err
		}
		if best == nil || inertia < best.Inertia {
			best = &KMeans{Inertia: inertia, Iterations: iters, Centres: make([][]float64, k)}
			for c := range k {
				best.Centres[c] = centres[c*d : (c+1)*d : (c+1)*d]
			}
		}
	}
	best.classes = clusterClasses(k)
	return best, nil
}

// sqDist returns the squared Euclidean distance between row p and centre c.
func sqDist(p []float32, c []float64) float64 {
	s := 0.0
	for j, v := range p {
		t := float64(v) - c[j]
		s += t * t
	}
	return s
}

// plusPlus chooses K initial centres by greedy k-means++ as scikit-learn's
// _kmeans_plusplus.
func (w *kmWork) plusPlus(ctx context.Context, rng *rand.Rand) ([]float64, error) {
	n, d, k := w.n, w.d, w.k
	centres := make([]float64, k*d)
	trials := 2 + int(math.Log(float64(k)))
	first := rng.IntN(n)
	for j := range d {
		centres[j] = float64(w.x[first*d+j])
	}
	closest := w.dist
	nChunks := len(w.inert)
	part := make([]float64, nChunks*trials)
	err := parallelChunks(ctx, n, kmeansChunk, func(lo, hi, ci int) {
		s := 0.0
		for i := lo; i < hi; i++ {
			closest[i] = sqDist(w.x[i*d:(i+1)*d], centres[:d])
			s += closest[i]
		}
		part[ci] = s
	})
	if err != nil {
		return nil, err
	}
	pot := 0.0
	for ci := range nChunks {
		pot += part[ci]
	}
	cum := make([]float64, n)
	cand := make([]float64, trials*n)
	ids := make([]int, trials)
	for c := 1; c < k; c++ {
		s := 0.0
		for i, v := range closest {
			s += v
			cum[i] = s
		}
		for t := range trials {
			r := rng.Float64() * pot
			id, _ := slices.BinarySearch(cum, r) // first index with cum >= r, as numpy searchsorted (left)
			ids[t] = min(id, n-1)
		}
		err := parallelChunks(ctx, n, kmeansChunk, func(lo, hi, ci int) {
			for t, id := range ids {
				cp := make([]float64, d)
				for j := range d {
					cp[j] = float64(w.x[id*d+j])
				}
				dt := cand[t*n : (t+1)*n]
				s := 0.0
				for i := lo; i < hi; i++ {
					v := min(closest[i], sqDist(w.x[i*d:(i+1)*d], cp))
					dt[i] = v
					s += v
				}
				part[ci*trials+t] = s
			}
		})
		if err != nil {
			return nil, err
		}
		bestT, bestPot := 0, math.Inf(1)
		for t := range trials {
			p := 0.0
			for ci := range nChunks {
				p += part[ci*trials+t]
			}
			if p < bestPot {
				bestT, bestPot = t, p
			}
		}
		pot = bestPot
		copy(closest, cand[bestT*n:(bestT+1)*n])
		for j := range d {
			centres[c*d+j] = float64(w.x[ids[bestT]*d+j])
		}
	}
	return centres, nil
}

// assign puts every row in the cluster of its nearest centre (or, with
// keep, leaves its label), recording its squared distance, and accumulates
// per-block sums, counts, inertia and the number of changed labels.
func (w *kmWork) assign(ctx context.Context, centres []float64, keep bool) error {
	d, k := w.d, w.k
	return parallelChunks(ctx, w.n, kmeansChunk, func(lo, hi, ci int) {
		sums, counts := w.sums[ci], w.counts[ci]
		clear(sums)
		clear(counts)
		inert, changed := 0.0, 0
		for i := lo; i < hi; i++ {
			p := w.x[i*d : (i+1)*d]
			var best int32
			var bd float64
			if keep {
				best = w.labels[i]
				bd = sqDist(p, centres[int(best)*d:(int(best)+1)*d])
			} else {
				bd = math.Inf(1)
				for c := range k {
					cc := centres[c*d : (c+1)*d]
					s := 0.0
					for j, v := range p {
						t := float64(v) - cc[j]
						s += t * t
					}
					if s < bd {
						bd, best = s, int32(c)
					}
				}
				if w.labels[i] != best {
					changed++
					w.labels[i] = best
				}
			}
			w.dist[i] = bd
			inert += bd
			counts[best]++
			row := sums[int(best)*d : (int(best)+1)*d]
			for j, v := range p {
				row[j] += float64(v)
			}
		}
		w.inert[ci], w.changed[ci] = inert, changed
	})
}

// lloyd runs Lloyd iterations from centres (updated in place) and returns
// the inertia and the number of iterations.
func (w *kmWork) lloyd(ctx context.Context, centres []float64, maxIter int, tol float64) (float64, int, error) {
	d, k := w.d, w.k
	for i := range w.labels {
		w.labels[i] = -1
	}
	sums := make([]float64, k*d)
	counts := make([]float64, k)
	strict := false
	iter := 0
	for iter < maxIter {
		iter++
		if err := w.assign(ctx, centres, false); err != nil {
			return 0, 0, err
		}
		clear(sums)
		clear(counts)
		changed := 0
		for ci := range w.inert {
			for j, v := range w.sums[ci] {
				sums[j] += v
			}
			for c, v := range w.counts[ci] {
				counts[c] += v
			}
			changed += w.changed[ci]
		}
		w.relocateEmpty(sums, counts)
		shift := 0.0
		for c := range k {
			if counts[c] == 0 {
				continue
			}
			for j := range d {
				v := sums[c*d+j] / counts[c]
				t := v - centres[c*d+j]
				shift += t * t
				centres[c*d+j] = v
			}
		}
		if changed == 0 {
			strict = true
			break
		}
		if shift <= tol {
			break
		}
	}
	// A final pass with the final centres: scikit-learn reassigns labels
	// unless they were already stable, and the inertia is measured from
	// the final centres.
	if err := w.assign(ctx, centres, strict); err != nil {
		return 0, 0, err
	}
	inertia := 0.0
	for _, v := range w.inert {
		inertia += v
	}
	return inertia, iter, nil
}

// relocateEmpty moves each empty cluster to one of the rows farthest from
// their centres (largest first, ties to the lower row), taking the row out
// of its old cluster's sums, as scikit-learn's _relocate_empty_clusters.
func (w *kmWork) relocateEmpty(sums, counts []float64) {
	var empty []int
	for c, v := range counts {
		if v == 0 {
			empty = append(empty, c)
		}
	}
	if len(empty) == 0 {
		return
	}
	d := w.d
	far := make([]int, 0, len(empty)+1)
	for i, v := range w.dist {
		if len(far) == len(empty) && v <= w.dist[far[len(far)-1]] {
			continue
		}
		pos, _ := slices.BinarySearchFunc(far, v, func(a int, v float64) int {
			if w.dist[a] >= v {
				return -1
			}
			return 1
		})
		far = slices.Insert(far, pos, i)
		if len(far) > len(empty) {
			far = far[:len(empty)]
		}
	}
	for e, c := range empty {
		if e >= len(far) {
			break
		}
		i := far[e]
		old := int(w.labels[i])
		p := w.x[i*d : (i+1)*d]
		for j, v := range p {
			sums[old*d+j] -= float64(v)
			sums[c*d+j] = float64(v)
		}
		counts[old]--
		counts[c] = 1
		w.labels[i] = int32(c)
	}
}

// clusterClasses names clusters "cluster 1" … and colours them around the
// hue circle.
func clusterClasses(k int) []raster.Class {
	cl := make([]raster.Class, k)
	for c := range k {
		h := float64(c) / float64(k) * 6
		x := 1 - math.Abs(math.Mod(h, 2)-1)
		var r, g, b float64
		switch int(h) {
		case 0:
			r, g = 1, x
		case 1:
			r, g = x, 1
		case 2:
			g, b = 1, x
		case 3:
			g, b = x, 1
		case 4:
			r, b = x, 1
		default:
			r, b = 1, x
		}
		cl[c] = raster.Class{Code: uint16(c + 1), Name: fmt.Sprintf("cluster %d", c+1),
			Color: color.RGBA{uint8(40 + 200*r), uint8(40 + 200*g), uint8(40 + 200*b), 255}}
	}
	return cl
}

// Classes returns the clusters' class table: codes 1 to K named
// "cluster 1" … "cluster K".
func (km *KMeans) Classes() []raster.Class {
	if km.classes == nil {
		return clusterClasses(len(km.Centres))
	}
	return slices.Clone(km.classes)
}

// NumFeatures returns the number of features of each centre.
func (km *KMeans) NumFeatures() int {
	if len(km.Centres) == 0 {
		return 0
	}
	return len(km.Centres[0])
}

// FeatureNames returns the band names fitted on, or nil.
func (km *KMeans) FeatureNames() []string { return km.Features }

// Predict writes the code (1 to K) of the nearest centre of each pixel, 0
// for a pixel with a NaN feature. Ties go to the lower code.
func (km *KMeans) Predict(x []float32, out []uint16) {
	d := km.NumFeatures()
	if d == 0 {
		clear(out)
		return
	}
	k := len(km.Centres)
	cs := make([]float64, 0, k*d)
	for _, c := range km.Centres {
		if len(c) != d {
			clear(out)
			return
		}
		cs = append(cs, c...)
	}
	n := predictLen(x, out, d)
	for i := range n {
		p := x[i*d : (i+1)*d]
		if hasNaN(p) {
			out[i] = 0
			continue
		}
		best, bd := 0, math.Inf(1)
		for c := range k {
			cc := cs[c*d : (c+1)*d]
			s := 0.0
			for j, v := range p {
				t := float64(v) - cc[j]
				s += t * t
			}
			if s < bd {
				bd, best = s, c
			}
		}
		out[i] = uint16(best + 1)
	}
	clear(out[n:])
}
