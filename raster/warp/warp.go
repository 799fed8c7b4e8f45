package warp

import (
	"context"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// DefaultBlockSize is the side, in target pixels, of the square blocks the
// target grid is processed in.
const DefaultBlockSize = 256

// Options control a warp. The zero value means nearest neighbour, GDAL's
// default error threshold and block size.
type Options struct {
	// Method is the resampling method (default Nearest).
	Method Method
	// ErrorThreshold is the largest error, in source pixels, allowed to the
	// approximate coordinate transformation (gdalwarp -et); 0 means
	// [DefaultErrorThreshold]. Ignored when Exact is set or when no CRS
	// change is involved (the mapping is then affine and exact).
	ErrorThreshold float64
	// Exact transforms every target pixel centre (and corner, for
	// area-based methods) exactly, like gdalwarp -et 0.
	Exact bool
	// BlockSize is the side of the target blocks, in pixels (default
	// [DefaultBlockSize]). The result does not depend on the number of
	// cores, but with the approximate transformation it may depend on the
	// block size at the level of the error threshold.
	BlockSize int
	// CRSOptions are passed to [crs.NewTransformer] (e.g.
	// [crs.AssumeSameDatum]).
	CRSOptions []crs.Option
}

func (o Options) threshold() float64 {
	if o.Exact {
		return 0
	}
	if o.ErrorThreshold > 0 {
		return o.ErrorThreshold
	}
	return DefaultErrorThreshold
}

func (o Options) blockSize() int {
	if o.BlockSize > 0 {
		return o.BlockSize
	}
	return DefaultBlockSize
}

// Band warps band src onto the target grid dst. Target pixels whose centre
// (or, for area-based methods, whose footprint) falls outside the source,
// or whose source neighbourhood is all no data, are NaN. It runs on all
// cores and gives the same result on any number of cores.
func Band(ctx context.Context, src *raster.Band, dst raster.Grid, opts Options) (*raster.Band, error) {
	if err := src.Validate(); err != nil {
		return nil, err
	}
	out, err := run(ctx, memSource{bands: []*raster.Band{src}, grid: src.Grid}, []int{0}, dst, opts)
	if err != nil {
		return nil, fmt.Errorf("warp: band %q: %w", src.Name, err)
	}
	return out[0], nil
}

// Stack warps every band of s onto dst; see [Band].
func Stack(ctx context.Context, s *raster.Stack, dst raster.Grid, opts Options) (*raster.Stack, error) {
	idx := make([]int, len(s.Bands))
	for i, b := range s.Bands {
		if err := b.Validate(); err != nil {
			return nil, err
		}
		idx[i] = i
	}
	out, err := run(ctx, memSource{bands: s.Bands, grid: s.Grid}, idx, dst, opts)
	if err != nil {
		return nil, fmt.Errorf("warp: stack %v: %w", s.Names(), err)
	}
	return &raster.Stack{Grid: dst, Bands: out}, nil
}

// Labels warps a categorical raster onto dst with Nearest, Mode, Min or
// Max (the methods that return one of the source values); code 0 is "none"
// and is treated as no data. Target pixels with no value are 0.
func Labels(ctx context.Context, l *raster.Labels, dst raster.Grid, opts Options) (*raster.Labels, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	switch opts.Method {
	case Nearest, Mode, Min, Max:
	default:
		return nil, fmt.Errorf("warp: labels on %v: method %v would invent classes; use nearest, mode, min or max", l.Grid, opts.Method)
	}
	f := &raster.Band{Grid: l.Grid, Name: "labels", Data: make([]float32, len(l.Data))}
	for i, c := range l.Data {
		if c == 0 {
			f.Data[i] = nan32
		} else {
			f.Data[i] = float32(c)
		}
	}
	out, err := run(ctx, memSource{bands: []*raster.Band{f}, grid: l.Grid}, []int{0}, dst, opts)
	if err != nil {
		return nil, fmt.Errorf("warp: labels: %w", err)
	}
	res := raster.NewLabels(dst, l.Classes)
	for i, v := range out[0].Data {
		if v == v {
			res.Data[i] = uint16(v)
		}
	}
	return res, nil
}

// FromSource warps bands (0-based) of src onto dst window by window: each
// target block reads only the source window it needs (plus the resampling
// kernel's margin), so memory is bounded by the target size plus one
// source window per worker. Calls to src.ReadWindow are serialised. When
// src reports (through a BlockSize() (w, h int) method, as GeoTIFF images
// do) that it is stored in full-width strips and opts.BlockSize is 0, the
// target is processed in full-width strips of 64 rows rather than square
// blocks, so that no source strip is decoded many times. Results are
// identical to [Band] on the same data with the same block shape (and
// always with Options.Exact).
func FromSource(ctx context.Context, src raster.Source, bands []int, dst raster.Grid, opts Options) ([]*raster.Band, error) {
	for _, b := range bands {
		if b < 0 || b >= src.NumBands() {
			return nil, fmt.Errorf("warp: band %d out of range [0, %d) of source %v", b, src.NumBands(), src.RasterGrid())
		}
	}
	return run(ctx, &readSource{src: src}, bands, dst, opts)
}

// source hands views of band windows to the block workers.
type source interface {
	rasterGrid() raster.Grid
	view(ctx context.Context, band int, win image.Rectangle) (*view, error)
	// name returns the band's name, once a window of it has been read.
	name(band int) string
}

type memSource struct {
	bands []*raster.Band
	grid  raster.Grid
}

func (m memSource) rasterGrid() raster.Grid { return m.grid }

func (m memSource) view(_ context.Context, band int, win image.Rectangle) (*view, error) {
	b := m.bands[band]
	w, h := b.Grid.Width, b.Grid.Height
	return &view{data: b.Data, stride: w, w: w, h: h, W: w, H: h}, nil
}

func (m memSource) name(band int) string { return m.bands[band].Name }

// stripRows is the height of the target strips used for striped sources.
const stripRows = 64

type striped interface{ striped() bool }

func (r *readSource) striped() bool {
	b, ok := r.src.(interface{ BlockSize() (int, int) })
	if !ok {
		return false
	}
	w, _ := b.BlockSize()
	return w >= r.src.RasterGrid().Width
}

type readSource struct {
	mu    sync.Mutex
	src   raster.Source
	names map[int]string
}

func (r *readSource) name(band int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n, ok := r.names[band]; ok {
		return n
	}
	return fmt.Sprintf("band%d", band+1)
}

func (r *readSource) rasterGrid() raster.Grid { return r.src.RasterGrid() }

func (r *readSource) view(ctx context.Context, band int, win image.Rectangle) (*view, error) {
	r.mu.Lock()
	b, err := r.src.ReadWindow(ctx, band, win)
	if err == nil {
		if r.names == nil {
			r.names = map[int]string{}
		}
		r.names[band] = b.Name
	}
	r.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("reading window %v of band %d: %w", win, band, err)
	}
	g := r.src.RasterGrid()
	return &view{data: b.Data, stride: win.Dx(), x0: win.Min.X, y0: win.Min.Y, w: win.Dx(), h: win.Dy(), W: g.Width, H: g.Height}, nil
}

func run(ctx context.Context, src source, bands []int, dst raster.Grid, opts Options) ([]*raster.Band, error) {
	if opts.Method < Nearest || opts.Method > Max {
		return nil, fmt.Errorf("unknown resampling method %v", opts.Method)
	}
	if dst.Width <= 0 || dst.Height <= 0 {
		return nil, fmt.Errorf("empty target grid %v", dst)
	}
	const maxPixels = 1 << 31
	if dst.Width > maxPixels/dst.Height {
		return nil, fmt.Errorf("target grid %v has more than %d pixels", dst, maxPixels)
	}
	sg := src.rasterGrid()
	m, err := newMapper(sg, dst, opts.threshold(), opts.CRSOptions)
	if err != nil {
		return nil, err
	}
	ks := edgeScale(m, opts.Method, dst, sg)
	out := make([]*raster.Band, len(bands))
	for i := range bands {
		out[i] = &raster.Band{Grid: dst, Data: make([]float32, dst.Len())}
	}
	bw, bh := opts.blockSize(), opts.blockSize()
	if st, ok := src.(striped); ok && opts.BlockSize <= 0 && st.striped() {
		// A striped file is read whole rows at a time: warp full-width
		// strips so that each source row is decoded about once.
		bw, bh = dst.Width, stripRows
	}
	var blocks []image.Rectangle
	for r := range raster.Blocks(dst.Width, dst.Height, bw, bh) {
		blocks = append(blocks, r)
	}
	errs := make([]error, len(blocks))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(blocks))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := worker{m: m, method: opts.Method, k: ks}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(blocks) || failed.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
				if err := w.block(ctx, src, bands, blocks[i], out); err != nil {
					errs[i] = fmt.Errorf("target block %v of %v: %w", blocks[i], dst, err)
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, b := range out {
		b.Name = src.name(bands[i])
	}
	return out, nil
}

type worker struct {
	views   []*view
	valid   []bool
	m       *mapper
	k       *kernelScale
	method  Method
	sx, sy  []float64
	scratch scratch
}

// block computes one target block for every band.
func (w *worker) block(ctx context.Context, src source, bands []int, r image.Rectangle, out []*raster.Band) error {
	bw, bh := r.Dx(), r.Dy()
	area := w.method.areaBased()
	// Coordinates: centres (bw x bh) or corners ((bw+1) x (bh+1)).
	cw, ch, off := bw, bh, 0.5
	if area {
		cw, ch, off = bw+1, bh+1, 0
	}
	n := cw * ch
	if cap(w.sx) < n {
		w.sx, w.sy = make([]float64, n), make([]float64, n)
	}
	sx, sy := w.sx[:n], w.sy[:n]
	for j := range ch {
		w.m.row(float64(r.Min.X)+off, float64(r.Min.Y+j)+off, sx[j*cw:(j+1)*cw], sy[j*cw:(j+1)*cw])
	}
	sg := src.rasterGrid()
	win, ok := sourceWindow(sx, sy, max(w.k.rx, w.k.ry, w.method.radius()), sg.Width, sg.Height)
	dstW := out[0].Grid.Width
	if !ok {
		for bi := range bands {
			o := out[bi].Data
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := o[y*dstW+r.Min.X : y*dstW+r.Max.X]
				for i := range row {
					row[i] = nan32
				}
			}
		}
		return nil
	}
	views := w.views[:0]
	for _, band := range bands {
		v, err := src.view(ctx, band, win)
		if err != nil {
			return err
		}
		v.k = w.k
		views = append(views, v)
	}
	w.views = views
	var valid []bool
	if !area {
		valid = w.unifiedValid(views, sx, sy)
	}
	for bi, v := range views {
		o := out[bi].Data
		for j := range bh {
			row := o[(r.Min.Y+j)*dstW+r.Min.X : (r.Min.Y+j)*dstW+r.Max.X]
			if area {
				top, bot := j*cw, (j+1)*cw
				for i := range row {
					row[i] = v.area(w.method, sx[top+i], sy[top+i], sx[bot+i+1], sy[bot+i+1], &w.scratch)
				}
				continue
			}
			cx, cy, ok := sx[j*cw:(j+1)*cw], sy[j*cw:(j+1)*cw], valid[j*cw:(j+1)*cw]
			switch w.method {
			case Nearest:
				for i := range row {
					if ok[i] {
						row[i] = v.nearest(cx[i], cy[i])
					} else {
						row[i] = nan32
					}
				}
			case Bilinear:
				for i := range row {
					if ok[i] {
						row[i] = v.bilinear(cx[i], cy[i])
					} else {
						row[i] = nan32
					}
				}
			case Cubic:
				for i := range row {
					if ok[i] {
						row[i] = v.cubic(cx[i], cy[i])
					} else {
						row[i] = nan32
					}
				}
			}
		}
	}
	return nil
}

// unifiedValid reports, for each mapped centre, whether the target pixel
// is computed at all: the centre must fall in the source and the source
// pixel containing it must be valid in at least one of the bands warped
// together. This is GDAL's unified source validity mask, which for a
// single band is that band's mask and for several bands that all have
// no data follows GDAL's default UNIFIED_SRC_NODATA=PARTIAL (a pixel is
// skipped only where every band is no data; each band still resamples
// over its own valid pixels).
func (w *worker) unifiedValid(views []*view, sx, sy []float64) []bool {
	if cap(w.valid) < len(sx) {
		w.valid = make([]bool, len(sx))
	}
	valid := w.valid[:len(sx)]
	for i, x := range sx {
		valid[i] = false
		ix, iy, ok := views[0].inside(x, sy[i])
		if !ok {
			continue
		}
		for _, v := range views {
			if _, ok := v.at(ix, iy); ok {
				valid[i] = true
				break
			}
		}
	}
	return valid
}

// sourceWindow returns the window of the source raster that holds every
// pixel the kernel may touch for the mapped points, padded by radius+1
// pixels and clipped to the raster; ok is false when it is empty.
func sourceWindow(sx, sy []float64, radius, W, H int) (image.Rectangle, bool) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i, x := range sx {
		y := sy[i]
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		minX, maxX = min(minX, x), max(maxX, x)
		minY, maxY = min(minY, y), max(maxY, y)
	}
	if minX > maxX {
		return image.Rectangle{}, false
	}
	pad := float64(radius + 1)
	clip := func(v float64, hi int) int { return int(max(0, min(float64(hi), v))) }
	win := image.Rect(clip(math.Floor(minX-pad), W), clip(math.Floor(minY-pad), H),
		clip(math.Ceil(maxX+pad), W), clip(math.Ceil(maxY+pad), H))
	if win.Empty() {
		return image.Rectangle{}, false
	}
	return win, true
}

// edgeScale maps 21 points along each edge of the target grid (pixel
// corners) to the source, as GDAL's ComputeSourceWindow does, and derives
// the kernel scale from their bounding box.
func edgeScale(m *mapper, method Method, dst, src raster.Grid) *kernelScale {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	var sx, sy [1]float64
	add := func(x, y float64) {
		m.exact(x, y, sx[:], sy[:])
		if math.IsNaN(sx[0]) || math.IsNaN(sy[0]) {
			return
		}
		minX, maxX = min(minX, sx[0]), max(maxX, sx[0])
		minY, maxY = min(minY, sy[0]), max(maxY, sy[0])
	}
	const steps = 21
	w, h := float64(dst.Width), float64(dst.Height)
	for i := range steps {
		r := float64(i) / (steps - 1)
		add(r*w, 0)
		add(r*w, h)
		add(0, r*h)
		add(w, r*h)
	}
	if minX > maxX {
		return newKernelScale(method, 1, 1, 1, 1, 0, 0, 1, 1)
	}
	return newKernelScale(method, dst.Width, dst.Height, src.Width, src.Height, minX, minY, maxX, maxY)
}
