package zones

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/borderzone/borderzone/raster"
)

// moments accumulates the weighted count, sum and sum of squared deviations
// of a set of values, with their minimum and maximum.
type moments struct {
	n        int     // number of cells
	w        float64 // Σ weights
	sum      float64 // Σ weight·x
	m2       float64 // Σ weight·(x − mean)²
	min, max float64
}

func (m moments) mean() float64 {
	if m.n == 0 || m.w == 0 {
		return math.NaN()
	}
	return m.sum / m.w
}

func (m moments) variance() float64 {
	if m.n == 0 || m.w == 0 {
		return math.NaN()
	}
	return m.m2 / m.w
}

func (m moments) minimum() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.min
}

func (m moments) maximum() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.max
}

// merge adds the cells of o (Chan, Golub and LeVeque 1979, "Updating
// formulae and a pairwise algorithm for computing sample variances": M2 =
// M2a + M2b + δ²·Wa·Wb/(Wa+Wb), δ the difference of the means).
func (m *moments) merge(o moments) {
	if o.n == 0 {
		return
	}
	if m.n == 0 {
		*m = o
		return
	}
	if w := m.w + o.w; m.w > 0 && o.w > 0 {
		d := o.sum/o.w - m.sum/m.w
		m.m2 += o.m2 + d*d*(m.w/w)*o.w
	} else {
		m.m2 += o.m2
	}
	m.w += o.w
	m.sum += o.sum
	m.n += o.n
	m.min = min(m.min, o.min)
	m.max = max(m.max, o.max)
}

// rowPartial is what one row of one zone contributes.
type rowPartial struct {
	m, wm  moments
	nodata float64 // Σc over NaN cells
	fsum   float64 // Σ coverage fraction over all covered cells
	area   float64 // Σ fraction·cell area, m²
}

// zoneAcc accumulates one zone on one layer.
type zoneAcc struct {
	m, wm    moments
	nodata   float64
	fsum     float64
	area     float64
	values   []weightedValue // cells kept for quantiles until the zone's last row
	qs       []float64       // the quantiles, once the zone is complete
	complete bool
	hist     map[float32]float64
	whist    map[float32]float64
}

// rowStats computes a row's partial: xs are the row's values, fr the
// coverage fractions of the same cells, ws the weights (nil without a
// weighting raster).
func (p *plan) rowStats(xs, fr, ws []float32) rowPartial {
	var r rowPartial
	m := moments{min: math.Inf(1), max: math.Inf(-1)}
	none := p.none
	for i, f := range fr {
		if f <= 0 {
			continue
		}
		r.fsum += float64(f)
		c := float64(f)
		if none {
			c = 1
		}
		x := xs[i]
		if x != x {
			r.nodata += c
			continue
		}
		xf := float64(x)
		m.n++
		m.w += c
		m.sum += c * xf
		m.min = min(m.min, xf)
		m.max = max(m.max, xf)
	}
	if m.n > 0 {
		mean := m.sum / m.w
		m2 := 0.0
		for i, f := range fr {
			x := xs[i]
			if f <= 0 || x != x {
				continue
			}
			c := float64(f)
			if none {
				c = 1
			}
			d := float64(x) - mean
			m2 += c * d * d
		}
		m.m2 = m2
	}
	r.m = m
	if ws != nil && p.weighted {
		r.wm = p.weightedRow(xs, fr, ws)
	}
	return r
}

// weightedRow is rowStats' weighted part: weight c_i·w_i, cells with a NaN
// value or weight left out.
func (p *plan) weightedRow(xs, fr, ws []float32) moments {
	m := moments{min: math.Inf(1), max: math.Inf(-1)}
	for i, f := range fr {
		x, w := xs[i], ws[i]
		if f <= 0 || x != x || w != w {
			continue
		}
		c := float64(f)
		if p.none {
			c = 1
		}
		c *= float64(w)
		xf := float64(x)
		m.n++
		m.w += c
		m.sum += c * xf
		m.min = min(m.min, xf)
		m.max = max(m.max, xf)
	}
	if m.n > 0 && m.w != 0 {
		mean := m.sum / m.w
		for i, f := range fr {
			x, w := xs[i], ws[i]
			if f <= 0 || x != x || w != w {
				continue
			}
			c := float64(f)
			if p.none {
				c = 1
			}
			d := float64(x) - mean
			m.m2 += c * float64(w) * d * d
		}
	}
	return m
}

// strip is one window of the raster read for a set of zones.
type strip struct {
	win     image.Rectangle
	start   []int // indices into the CoverageSet of the zones whose rows begin here
	active  []int // indices into the CoverageSet of the zones the window crosses
	finish  []int // zones whose last row is in this window
	values  [][]float32
	weights []float32
	err     error
}

// windowRowsFor returns the height of the windows read from src.
func (p *plan) windowRowsFor(src raster.Source) int {
	if p.windowRows > 0 {
		return p.windowRows
	}
	if b, ok := src.(interface{ BlockSize() (int, int) }); ok {
		if _, bh := b.BlockSize(); bh > 0 {
			return bh * max(1, (256+bh-1)/bh)
		}
	}
	return 256
}

// strips plans the windows: row strips over the rows some zone covers,
// each as wide as the zones it crosses need, with the zones it crosses and
// the zones it finishes.
func (p *plan) strips(cov *CoverageSet, rows int) []strip {
	order := make([]int, 0, len(cov.Zones))
	for i, c := range cov.Zones {
		if !c.Window.Empty() {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cov.Zones[a].Window.Min.Y - cov.Zones[b].Window.Min.Y })
	var out []strip
	var active []int
	next := 0
	y := 0
	for next < len(order) || len(active) > 0 {
		if len(active) == 0 {
			// Skip the rows no zone needs, keeping windows aligned on
			// multiples of rows (the source's blocks).
			y = max(y, cov.Zones[order[next]].Window.Min.Y/rows*rows)
		}
		y1 := min(y+rows, cov.Grid.Height)
		var s strip
		for next < len(order) && cov.Zones[order[next]].Window.Min.Y < y1 {
			active = append(active, order[next])
			s.start = append(s.start, order[next])
			next++
		}
		s.active = slices.Clone(active)
		x0, x1 := cov.Grid.Width, 0
		var keep []int
		for _, z := range active {
			w := cov.Zones[z].Window
			x0, x1 = min(x0, w.Min.X), max(x1, w.Max.X)
			if w.Max.Y <= y1 {
				s.finish = append(s.finish, z)
			} else {
				keep = append(keep, z)
			}
		}
		active = keep
		s.win = image.Rect(x0, y, x1, y1)
		out = append(out, s)
		y = y1
	}
	return out
}

// run summarises every layer over every zone in one pass over the rows and
// returns the accumulators, accs[layer][zone] in CoverageSet order.
// activate, when not nil, fills in the coverage of the zones a window
// starts (replacing each planning window by the zone's own, which must lie
// inside it); it runs on its own goroutine, up to two windows ahead of
// the summary, and touches only the zones it is given. release drops a zone's
// coverage once the zone is complete.
func (p *plan) run(ctx context.Context, cov *CoverageSet, layers []Layer, weights *Layer,
	activate func(zones []int) error, release func(zone int)) ([][]*zoneAcc, error) {
	accs := make([][]*zoneAcc, len(layers))
	for li := range layers {
		accs[li] = make([]*zoneAcc, len(cov.Zones))
		for i := range cov.Zones {
			a := &zoneAcc{}
			if p.needHist {
				a.hist = map[float32]float64{}
			}
			if p.needWHist {
				a.whist = map[float32]float64{}
			}
			accs[li][i] = a
		}
	}
	var rowArea []float64
	if p.areas != nil && p.areas.rowConstant() {
		rowArea = make([]float64, cov.Grid.Height)
		for r := range rowArea {
			a, err := p.areas.at(0, r)
			if err != nil {
				return nil, err
			}
			rowArea[r] = a
		}
	}
	windows := p.strips(cov, p.windowRowsFor(layers[0].Source))
	planned := make([]image.Rectangle, len(cov.Zones))
	for i, c := range cov.Zones {
		planned[i] = c.Window
	}

	// The reader runs one window ahead of the summary, and so does the
	// rasterization of the zones a window starts (at most two windows
	// ahead, so that coverage is held only for the zones near the
	// current window).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan strip, 1)
	needWeights := weights != nil && (p.weighted || p.needWHist)
	go func() {
		defer close(ch)
		for _, s := range windows {
			s.values = make([][]float32, len(layers))
			for li, l := range layers {
				if s.values[li], s.err = readWindow(ctx, l, s.win); s.err != nil {
					s.err = fmt.Errorf("layer %d (%s): %w", li+1, l.name(), s.err)
					break
				}
			}
			if s.err == nil && needWeights {
				if s.weights, s.err = readWindow(ctx, *weights, s.win); s.err != nil {
					s.err = fmt.Errorf("weights (%s): %w", weights.name(), s.err)
				}
			}
			select {
			case ch <- s:
			case <-ctx.Done():
				return
			}
			if s.err != nil {
				return
			}
		}
	}()
	var act chan error
	if activate != nil {
		act = make(chan error, 1)
		go func() {
			for _, s := range windows {
				var err error
				if len(s.start) > 0 {
					if err = activate(s.start); err == nil {
						for _, z := range s.start {
							if w := cov.Zones[z].Window; !w.Empty() && !w.In(planned[z]) {
								err = fmt.Errorf("zone %d: its coverage window %v lies outside the window %v planned from its bounds", z+1, w, planned[z])
							}
						}
					}
				}
				select {
				case act <- err:
				case <-ctx.Done():
					return
				}
				if err != nil {
					return
				}
			}
		}()
	}
	for s := range ch {
		if s.err != nil {
			return nil, s.err
		}
		if act != nil {
			select {
			case err := <-act:
				if err != nil {
					return nil, err
				}
			case <-ctx.Done():
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for li := range layers {
			if err := p.summarise(cov, s, s.values[li], accs[li], rowArea); err != nil {
				return nil, err
			}
		}
		if release != nil {
			for _, z := range s.finish {
				release(z)
			}
		}
	}
	return accs, ctx.Err()
}

func readWindow(ctx context.Context, l Layer, win image.Rectangle) ([]float32, error) {
	b, err := l.Source.ReadWindow(ctx, l.Band, win)
	if err != nil {
		return nil, fmt.Errorf("reading window %v of band %d: %w", win, l.Band+1, err)
	}
	if len(b.Data) != win.Dx()*win.Dy() {
		return nil, fmt.Errorf("window %v of band %d: source returned %d values, want %d", win, l.Band+1, len(b.Data), win.Dx()*win.Dy())
	}
	return b.Data, nil
}

// summarise adds one window of one layer to the zones it crosses: the
// rows' partials in parallel, then each zone's rows merged in row order.
func (p *plan) summarise(cov *CoverageSet, s strip, values []float32, accs []*zoneAcc, rowArea []float64) error {
	const chunk = 16
	type task struct{ zone, slot, r0, r1 int }
	var tasks []task
	partials := make([][]rowPartial, len(s.active))
	for slot, z := range s.active {
		r0, r1 := rowsOf(cov.Zones[z].Window, s.win.Min.Y, s.win.Max.Y)
		if r1 <= r0 {
			continue
		}
		partials[slot] = make([]rowPartial, r1-r0)
		for r := r0; r < r1; r += chunk {
			tasks = append(tasks, task{z, slot, r, min(r+chunk, r1)})
		}
	}
	var firstErr error
	var errOnce sync.Once
	p.parallel(len(tasks), func(i int) {
		t := tasks[i]
		c := cov.Zones[t.zone]
		w := c.Window
		zr0, _ := rowsOf(w, s.win.Min.Y, s.win.Max.Y)
		for r := t.r0; r < t.r1; r++ {
			fr := c.Frac[(r-w.Min.Y)*w.Dx() : (r-w.Min.Y+1)*w.Dx()]
			off := (r-s.win.Min.Y)*s.win.Dx() + w.Min.X - s.win.Min.X
			xs := values[off : off+w.Dx()]
			var ws []float32
			if s.weights != nil {
				ws = s.weights[off : off+w.Dx()]
			}
			rp := p.rowStats(xs, fr, ws)
			if p.areas != nil {
				if rowArea != nil {
					rp.area = rp.fsum * rowArea[r]
				} else {
					for i, f := range fr {
						if f > 0 {
							a, err := p.areas.at(w.Min.X+i, r)
							if err != nil {
								errOnce.Do(func() { firstErr = err })
								return
							}
							rp.area += float64(f) * a
						}
					}
				}
			}
			partials[t.slot][r-zr0] = rp
		}
	})
	if firstErr != nil {
		return firstErr
	}
	p.parallel(len(s.active), func(slot int) {
		z := s.active[slot]
		a := accs[z]
		c := cov.Zones[z]
		w := c.Window
		r0, r1 := rowsOf(w, s.win.Min.Y, s.win.Max.Y)
		for r := r0; r < r1; r++ {
			rp := partials[slot][r-r0]
			a.m.merge(rp.m)
			a.wm.merge(rp.wm)
			a.nodata += rp.nodata
			a.fsum += rp.fsum
			a.area += rp.area
			if !p.needValues && !p.needHist {
				continue
			}
			fr := c.Frac[(r-w.Min.Y)*w.Dx() : (r-w.Min.Y+1)*w.Dx()]
			off := (r-s.win.Min.Y)*s.win.Dx() + w.Min.X - s.win.Min.X
			xs := values[off : off+w.Dx()]
			for i, f := range fr {
				x := xs[i]
				if f <= 0 || x != x {
					continue
				}
				cw := f
				if p.none {
					cw = 1
				}
				if p.needValues {
					a.values = append(a.values, weightedValue{x, cw})
				}
				if p.needHist {
					a.hist[x] += float64(cw)
				}
				if p.needWHist {
					if wv := s.weights[off+i]; wv == wv {
						a.whist[x] += float64(cw) * float64(wv)
					}
				}
			}
		}
		if p.needValues && !a.complete && w.Max.Y <= s.win.Max.Y {
			// The zone is complete: its cells are no longer needed.
			a.qs = quantilesOf(a.values, p.quantiles)
			a.values = nil
			a.complete = true
		}
	})
	return nil
}

// parallel runs f(0..n-1) on the plan's workers; which worker runs which
// index does not affect the results, since each index writes its own
// output.
func (p *plan) parallel(n int, f func(int)) {
	workers := min(p.workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
