package sim

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/zones"
)

// Centre of the grid (WGS 84): the Khorgos road and rail crossing.
const (
	CentreLon = 80.37
	CentreLat = 44.205
)

// EPSG is the grid's CRS: WGS 84 / UTM zone 44N.
const EPSG = 32644

// Layout constants, in pixels of 30 m unless said otherwise.
const (
	blockSize   = 11 // city block: 2-pixel streets around a 7 x 7 interior
	parcelW     = 20 // irrigated parcel in China, 600 m
	parcelH     = 13 // 390 m
	kzParcel    = 16 // Kazakh field parcel, 480 m square
	riverHalf   = 2  // river 4 pixels (120 m) wide
	gravelHalf  = 9  // gravel fan: 9 pixels each side of the river centre
	roadHalf    = 1  // roads 3 pixels (90 m) wide
	gapMin      = 3  // new patches are at least 3 pixels apart (2 pixels of non-built-up between)
	outlyingGap = 8  // outlying patches keep 8 pixels (240 m) from any 2014 built-up
	clearMargin = 12 // clouds and shadows keep 12 pixels from built-up land
)

// world is the truth of both dates on the grid.
type world struct {
	n         int
	seed      uint64
	grid      raster.Grid
	dist      []float32 // signed distance to the border in pixels, negative in China
	borderCol []int     // per row, the first column on the Chinese side
	cover     [2]*raster.Labels
	expansion map[string]ExpansionTruth
	patches   []newPatch
	keepClear []bool // where no cloud or shadow may fall: near built-up land
	keepPhys  bool   // render keeps the values before quantisation (tests)
}

// newPatch is a new built-up patch of 2024 by construction.
type newPatch struct {
	x0, y0, x1, y1 int // rectangle [x0,x1) x [y0,y1)
	kind           string
	lei            [3]float64 // LEI with buffers of 1, 2 and 3 pixels
}

// Grid returns the simulated scene grid of a given size (pixels per side):
// EPSG:32644, 30 m, centred on (CentreLon, CentreLat) with pixel edges on
// the Landsat grid (UTM coordinates ≡ 15 m modulo 30 m).
func Grid(size int) (raster.Grid, error) {
	if size < 1 {
		return raster.Grid{}, fmt.Errorf("sim: grid size %d", size)
	}
	utm, err := crs.UTM(44, true)
	if err != nil {
		return raster.Grid{}, err
	}
	tr, err := crs.NewTransformer(crs.WGS84(), utm)
	if err != nil {
		return raster.Grid{}, err
	}
	e, nn, err := tr.Transform(CentreLon, CentreLat)
	if err != nil {
		return raster.Grid{}, err
	}
	half := float64(size/2) * PixelSize
	x0 := math.Round(e/PixelSize)*PixelSize - 15 - half
	y0 := math.Round(nn/PixelSize)*PixelSize + 15 + half
	return raster.Grid{Width: size, Height: size,
		Transform: raster.Affine{x0, PixelSize, 0, y0, 0, -PixelSize},
		CRS:       raster.CRS{EPSG: EPSG}}, nil
}

func newWorld(ctx context.Context, opt Options) (*world, error) {
	g, err := Grid(opt.Size)
	if err != nil {
		return nil, err
	}
	w := &world{n: opt.Size, seed: opt.Seed, grid: g}
	border, err := zones.ReadBorder(bytes.NewReader(BorderLineGeoJSON), "embedded khorgos_border_line.geojson")
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	countries, err := zones.Read(bytes.NewReader(CountriesGeoJSON), "iso_a3")
	if err != nil {
		return nil, fmt.Errorf("sim: embedded khorgos_countries.geojson: %w", err)
	}
	sides, err := zones.SidesFromSet(countries, "CHN", "KAZ")
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	d, err := zones.SignedDistance(ctx, g, border, sides)
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	w.dist = d.Data
	for i := range w.dist {
		w.dist[i] /= PixelSize
	}
	w.borderCol = make([]int, w.n)
	for r := 0; r < w.n; r++ {
		c := 0
		for c < w.n && w.dist[r*w.n+c] > 0 {
			c++
		}
		w.borderCol[r] = c
	}
	w.build()
	return w, nil
}

// frac returns round(f·n).
func (w *world) frac(f float64) int { return int(math.Round(f * float64(w.n))) }

func (w *world) noise(k uint64, x, y int, scale float64) float64 {
	return valueNoise(w.seed*1000003+k, float64(x), float64(y), scale)
}

func (w *world) h(k uint64, a, b int) float64 {
	return unit(hash3(w.seed, int64(k), int64(a), int64(b)))
}

// build paints the truth of both dates.
func (w *world) build() {
	n := w.n
	var c [2][]uint16
	for i := range c {
		c[i] = make([]uint16, n*n)
	}
	set := func(d int, x, y int, v uint16) {
		if x >= 0 && y >= 0 && x < n && y < n {
			c[d][y*n+x] = v
		}
	}
	both := func(x, y int, v uint16) { set(0, x, y, v); set(1, x, y, v) }
	// (a) steppe with bare patches (desert pavement, eroded ground).
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			v := Steppe
			thr := 0.42 // Kazakh side: more bare ground
			if w.dist[y*n+x] < 0 {
				thr = 0.52
			}
			if w.noise(1, x, y, 45) > thr {
				v = Bare
			}
			both(x, y, v)
		}
	}
	// (b) irrigated parcels on the Chinese side, scattered fields in Kazakhstan.
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dp := w.dist[y*n+x]
			switch {
			case dp < -gravelHalf-3 && y > w.frac(0.12) && w.noise(2, x, y, 260) > -0.15:
				px, py := x/parcelW, y/parcelH
				u := w.h(3, px, py)
				var v14, v24 uint16 = Cropland, Cropland
				switch {
				case u < 0.06:
					v14, v24 = Trees, Trees // orchard
				case u < 0.12:
					v14, v24 = Cropland, Trees // new orchard (greening)
				case u < 0.20:
					v14, v24 = Bare, Cropland // fallow in 2014
				case u < 0.24:
					v14, v24 = Cropland, Bare // fallow in 2024
				}
				// shelterbelts: 2-pixel tree rows on parcel edges
				ex, ey := x%parcelW, y%parcelH
				if ex < 2 && px%3 == 0 {
					v14, v24 = Trees, Trees
				} else if (ex < 2 && px%3 == 1) || (ey < 2 && py%3 == 0) {
					v24 = Trees // shelterbelts planted by 2024
				}
				set(0, x, y, v14)
				set(1, x, y, v24)
			case dp > gravelHalf+3 && w.noise(4, x, y, 110) > 0.38:
				px, py := x/kzParcel, y/kzParcel
				u := w.h(5, px, py)
				v14, v24 := Cropland, Cropland
				if u < 0.2 {
					v14, v24 = Steppe, Steppe
				} else if u < 0.3 {
					v14 = Steppe // ploughed by 2024
				}
				set(0, x, y, v14)
				set(1, x, y, v24)
			}
		}
	}
	// (c) gravel fan with riparian woodland and (d) the Khorgos river
	// along the border.
	for y := 0; y < n; y++ {
		m := 1.5 * math.Sin(float64(y)/37)
		for x := 0; x < n; x++ {
			dp := float64(w.dist[y*n+x]) - m
			switch {
			case math.Abs(dp) < riverHalf:
				both(x, y, Water)
			case math.Abs(dp) < gravelHalf && w.noise(6, x, y, 12) > 0.3:
				both(x, y, Trees) // riparian (tugai) woodland
			case math.Abs(dp) < gravelHalf:
				both(x, y, Bare)
			}
		}
	}
	// (e) reservoirs: one on each side.
	w.ellipse(func(x, y int) { both(x, y, Water) }, w.borderCol[w.frac(0.18)]+w.frac(0.28), w.frac(0.18), w.frac(0.045), w.frac(0.028))
	w.ellipse(func(x, y int) { both(x, y, Water) }, w.borderCol[w.frac(0.84)]-w.frac(0.30), w.frac(0.84), w.frac(0.04), w.frac(0.022))
	// (f) settlements and roads, identical at both dates except as noted.
	rx := w.frac(0.5) // crossing row
	city := w.blocks(c[:], w.borderCol[w.frac(0.45)]+w.frac(0.13), w.frac(0.45), max(3, w.frac(0.10)/blockSize), max(3, w.frac(0.12)/blockSize), 11)
	kz := w.blocks(c[:], w.borderCol[w.frac(0.58)]-w.frac(0.13), w.frac(0.58), max(2, w.frac(0.04)/blockSize), max(2, w.frac(0.05)/blockSize), 12)
	// dry port: a long yard east of the Kazakh settlement
	dpx0 := kz.x1 + 4
	for y := kz.y0; y < kz.y0+max(10, w.frac(0.07)); y++ {
		for x := dpx0; x < dpx0+max(5, w.frac(0.016)); x++ {
			both(x, y, BuiltUp)
		}
	}
	// roads: settlement → dry port → crossing → city, 3 pixels wide
	for x := kz.x1 - 1; x <= city.x0; x++ {
		for y := rx - roadHalf; y <= rx+roadHalf; y++ {
			both(x, y, BuiltUp)
		}
	}
	for y := min(rx, kz.y0); y <= max(rx, kz.y1); y++ {
		for x := kz.x1 - 1 - roadHalf; x <= kz.x1-1+roadHalf; x++ {
			both(x, y, BuiltUp)
		}
	}
	// 2024 roadside tree belts on the Chinese side (greening)
	for x := w.borderCol[rx] + gravelHalf + 2; x < city.x0-1; x++ {
		for _, y := range []int{rx - roadHalf - 3, rx - roadHalf - 2, rx + roadHalf + 2, rx + roadHalf + 3} {
			if y >= 0 && y < n && c[1][y*n+x] != BuiltUp && c[1][y*n+x] != Water {
				set(1, x, y, Trees)
			}
		}
	}
	// photovoltaic farm on a gravel plain, built by 2024
	py0, pyH := w.frac(0.76), max(12, w.frac(0.035))
	px0, pxW := w.borderCol[py0]+w.frac(0.24), max(16, w.frac(0.05))
	for y := py0 - 3; y < py0+pyH+3; y++ {
		for x := px0 - 3; x < px0+pxW+3; x++ {
			both(x, y, Bare)
		}
	}
	for y := py0; y < py0+pyH; y++ {
		for x := px0; x < px0+pxW; x++ {
			set(1, x, y, Solar)
		}
	}
	w.cover[0] = &raster.Labels{Grid: w.grid, Data: c[0], Classes: Classes()}
	w.cover[1] = &raster.Labels{Grid: w.grid, Data: c[1], Classes: Classes()}
	// (g) new built-up patches 2014 → 2024.
	w.grow(city, kz)
	// Clouds stay off built-up land (with a margin), so the expansion
	// truth is observable at both dates: mark every pixel within
	// clearMargin (Chebyshev) of a 2024 built-up pixel, by a separable
	// dilation.
	w.keepClear = make([]bool, n*n)
	rowMark := make([]bool, n*n)
	c24 := w.cover[1].Data
	for y := 0; y < n; y++ {
		last := -1 << 30
		for x := 0; x < n; x++ { // left to right, then right to left
			if c24[y*n+x] == BuiltUp {
				last = x
			}
			rowMark[y*n+x] = x-last <= clearMargin
		}
		last = 1 << 30
		for x := n - 1; x >= 0; x-- {
			if c24[y*n+x] == BuiltUp {
				last = x
			}
			rowMark[y*n+x] = rowMark[y*n+x] || last-x <= clearMargin
		}
	}
	for x := 0; x < n; x++ {
		last := -1 << 30
		for y := 0; y < n; y++ {
			if rowMark[y*n+x] {
				last = y
			}
			w.keepClear[y*n+x] = y-last <= clearMargin
		}
		last = 1 << 30
		for y := n - 1; y >= 0; y-- {
			if rowMark[y*n+x] {
				last = y
			}
			w.keepClear[y*n+x] = w.keepClear[y*n+x] || last-y <= clearMargin
		}
	}
}

// rect is a rectangle of pixels [x0,x1) x [y0,y1), with the block grid
// of a settlement.
type rect struct {
	x0, y0, x1, y1 int
	gaps           [][2]int // vacant interior blocks in 2014 (block indices)
}

func (w *world) ellipse(f func(x, y int), cx, cy, rx, ry int) {
	for y := cy - ry; y <= cy+ry; y++ {
		for x := cx - rx; x <= cx+rx; x++ {
			dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
			e := 0.15 * w.noise(20, x, y, 8)
			if dx*dx+dy*dy < 1+e && x >= 0 && y >= 0 && x < w.n && y < w.n {
				f(x, y)
			}
		}
	}
}

// blocks paints a settlement of nx x ny blocks centred at (cx, cy): built-up
// blocks, parks (Trees interiors) and, inside, vacant gaps (bare or steppe
// interiors) that may fill by 2024; outer blocks are left out at random
// (corners with probability ½, others 0.15) so the outline is ragged.
func (w *world) blocks(c [][]uint16, cx, cy, nx, ny int, k uint64) rect {
	r := rect{x0: cx - nx*blockSize/2, y0: cy - ny*blockSize/2}
	r.x1, r.y1 = r.x0+nx*blockSize, r.y0+ny*blockSize
	n := w.n
	for by := 0; by < ny; by++ {
		for bx := 0; bx < nx; bx++ {
			u := w.h(k, bx, by)
			ring := bx == 0 || by == 0 || bx == nx-1 || by == ny-1
			corner := (bx == 0 || bx == nx-1) && (by == 0 || by == ny-1)
			if corner && u < 0.5 || ring && !corner && w.h(k+2, bx, by) < 0.15 {
				continue // missing outer block: a ragged outline
			}
			interior := Trees
			switch {
			case u < 0.08:
				interior = Trees // park
			case !ring && u < 0.40:
				interior = Bare // vacant lot
				if w.h(k+1, bx, by) < 0.5 {
					interior = Steppe
				}
				r.gaps = append(r.gaps, [2]int{bx, by})
			default:
				interior = BuiltUp
			}
			for y := 0; y < blockSize; y++ {
				for x := 0; x < blockSize; x++ {
					px, py := r.x0+bx*blockSize+x, r.y0+by*blockSize+y
					if px < 0 || py < 0 || px >= n || py >= n {
						continue
					}
					v := BuiltUp
					if x >= 2 && x < blockSize-2 && y >= 2 && y < blockSize-2 {
						v = interior
					}
					c[0][py*n+px], c[1][py*n+px] = v, v
				}
			}
		}
	}
	if len(r.gaps) == 0 && nx > 2 && ny > 2 {
		// At least one vacant lot, so that a small scene still has an
		// infilling patch: the inner block with the largest hash.
		best, bx, by := -1.0, 1, 1
		for y := 1; y < ny-1; y++ {
			for x := 1; x < nx-1; x++ {
				if u := w.h(k+3, x, y); u > best {
					best, bx, by = u, x, y
				}
			}
		}
		for y := 2; y < blockSize-2; y++ {
			for x := 2; x < blockSize-2; x++ {
				px, py := r.x0+bx*blockSize+x, r.y0+by*blockSize+y
				if px >= 0 && py >= 0 && px < n && py < n {
					c[0][py*n+px], c[1][py*n+px] = Bare, Bare
				}
			}
		}
		r.gaps = append(r.gaps, [2]int{bx, by})
	}
	return r
}
