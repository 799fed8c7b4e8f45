package geotiff

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/borderzone/borderzone/raster"
)

// overview returns the plan of the reduced-resolution image with
// decimation factor f: same sample type, codec and block size, with the
// data averaged (bands) or reduced to the mode (labels).
func (p *plan) overview(f int) *plan {
	o := &plan{
		w: (p.w + f - 1) / f, h: (p.h + f - 1) / f, spp: p.spp, dt: p.dt, classes: p.classes, names: p.names,
		scale: p.scale, offset: p.offset, hasNodata: p.hasNodata, nodata: p.nodata, comp: p.comp, level: p.level,
		pred: p.pred, tiled: p.tiled, planar: p.planar, bw: p.bw, bh: p.bh, opt: p.opt, overviewOf: f,
	}
	o.grid = raster.Grid{Width: o.w, Height: o.h, CRS: p.grid.CRS,
		Transform: p.grid.Transform.Scale(float64(p.w)/float64(o.w), float64(p.h)/float64(o.h))}
	if !o.tiled {
		o.bw, o.bh = o.w, min(p.bh, o.h)
	}
	rows := make(chan int, o.h)
	for y := range o.h {
		rows <- y
	}
	close(rows)
	if p.labels != nil {
		o.labels = make([]uint16, o.w*o.h)
	} else {
		o.bands = make([][]float32, p.spp)
		for b := range o.bands {
			o.bands[b] = make([]float32, o.w*o.h)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), o.h) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var counts []uint16
			for oy := range rows {
				y0, y1 := oy*f, min(oy*f+f, p.h)
				for ox := range o.w {
					x0, x1 := ox*f, min(ox*f+f, p.w)
					if p.labels != nil {
						counts = counts[:0]
						for y := y0; y < y1; y++ {
							counts = append(counts, p.labels[y*p.w+x0:y*p.w+x1]...)
						}
						o.labels[oy*o.w+ox] = mode(counts)
						continue
					}
					for b, src := range p.bands {
						var sum float64
						n := 0
						for y := y0; y < y1; y++ {
							for _, v := range src[y*p.w+x0 : y*p.w+x1] {
								if v == v {
									sum += float64(v)
									n++
								}
							}
						}
						v := float32(math.NaN())
						if n > 0 {
							v = float32(sum / float64(n))
						}
						o.bands[b][oy*o.w+ox] = v
					}
				}
			}
		}()
	}
	wg.Wait()
	return o
}

// mode returns the most frequent non-zero code of c (the smallest on ties),
// 0 when all are 0. c is reordered.
func mode(c []uint16) uint16 {
	slices.Sort(c)
	best, bestN := uint16(0), 0
	for i := 0; i < len(c); {
		j := i
		for j < len(c) && c[j] == c[i] {
			j++
		}
		if c[i] != 0 && j-i > bestN {
			best, bestN = c[i], j-i
		}
		i = j
	}
	return best
}
