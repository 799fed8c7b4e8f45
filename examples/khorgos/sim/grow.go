package sim

import (
	"math"
	"math/rand/v2"
)

// Expansion type keys of Truth.Expansion (the names of classify's
// ExpansionType values).
const (
	KindInfilling = "infilling"
	KindEdge      = "edge-expansion"
	KindOutlying  = "outlying"
)

// leiWidths are the buffer widths, in pixels, at which every new patch's
// landscape expansion index is checked: a patch is kept only when all
// three give the same type with a margin (infilling LEI > 55, edge
// 5..45, outlying 0 with no 2014 built-up within outlyingGap pixels).
var leiWidths = [3]float64{1, 2, 3}

// lei is the landscape expansion index of Liu et al. (2010) of the
// rectangle [x0,x1) x [y0,y1) against the 2014 cover: 100 times the share
// of built-up among the cells outside the rectangle whose centres lie
// within wpx pixels of it (as classify.UrbanExpansion with BufferWidth
// wpx·30 m).
func (w *world) lei(x0, y0, x1, y1 int, wpx float64) float64 {
	c14 := w.cover[0].Data
	r := int(math.Ceil(wpx))
	old, vac := 0, 0
	for y := y0 - r; y < y1+r; y++ {
		for x := x0 - r; x < x1+r; x++ {
			if x >= x0 && x < x1 && y >= y0 && y < y1 {
				continue
			}
			if x < 0 || y < 0 || x >= w.n || y >= w.n {
				continue
			}
			cx, cy := float64(x)+0.5, float64(y)+0.5
			dx := math.Max(math.Max(float64(x0)-cx, cx-float64(x1)), 0)
			dy := math.Max(math.Max(float64(y0)-cy, cy-float64(y1)), 0)
			if math.Hypot(dx, dy) > wpx {
				continue
			}
			if c14[y*w.n+x] == BuiltUp {
				old++
			} else {
				vac++
			}
		}
	}
	if old+vac == 0 {
		return math.NaN()
	}
	return 100 * float64(old) / float64(old+vac)
}

// grow places the new built-up patches of 2024: infilling in the vacant
// gaps of the settlements, edge expansion against their outer blocks, and
// outlying patches away from any built-up land.
func (w *world) grow(city, kz rect) {
	n := w.n
	c14, c24 := w.cover[0].Data, w.cover[1].Data
	reserved := make([]bool, n*n)
	w.expansion = map[string]ExpansionTruth{KindInfilling: {}, KindEdge: {}, KindOutlying: {}}
	rng := rand.New(rand.NewPCG(w.seed, 0x6b686f72676f73))
	try := func(x0, y0, x1, y1 int, want string) bool {
		if x0 < 1 || y0 < 1 || x1 > n-1 || y1 > n-1 || x1 <= x0 || y1 <= y0 {
			return false
		}
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				i := y*n + x
				if reserved[i] || c14[i] == BuiltUp || c24[i] == BuiltUp || c24[i] == Water || c24[i] == Solar {
					return false
				}
			}
		}
		// no other 2024-only built-up within gapMin (all of it is in
		// reserved, which already covers the patches dilated by gapMin-1)
		var l [3]float64
		for k, wpx := range leiWidths {
			l[k] = w.lei(x0, y0, x1, y1, wpx)
			if math.IsNaN(l[k]) {
				return false
			}
		}
		kind := ""
		switch {
		case l[0] > 55 && l[1] > 55 && l[2] > 55:
			kind = KindInfilling
		case l[0] >= 5 && l[0] <= 45 && l[1] >= 5 && l[1] <= 45 && l[2] >= 5 && l[2] <= 45:
			kind = KindEdge
		case l[0] == 0 && l[1] == 0 && l[2] == 0 && w.lei(x0, y0, x1, y1, outlyingGap) == 0:
			kind = KindOutlying
		}
		if kind == "" || kind != want {
			return false
		}
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				c24[y*n+x] = BuiltUp
			}
		}
		for y := max(y0-gapMin+1, 0); y < min(y1+gapMin-1, n); y++ {
			for x := max(x0-gapMin+1, 0); x < min(x1+gapMin-1, n); x++ {
				reserved[y*n+x] = true
			}
		}
		e := w.expansion[kind]
		e.Patches++
		e.Pixels += (x1 - x0) * (y1 - y0)
		w.expansion[kind] = e
		w.patches = append(w.patches, newPatch{x0: x0, y0: y0, x1: x1, y1: y1, kind: kind, lei: l})
		return true
	}
	// Infilling: about 65 % of the vacant gaps fill; 15 % become parks.
	for _, s := range []rect{city, kz} {
		for _, g := range s.gaps {
			x0, y0 := s.x0+g[0]*blockSize+2, s.y0+g[1]*blockSize+2
			u := rng.Float64()
			switch {
			case u < 0.65:
				try(x0, y0, x0+blockSize-4, y0+blockSize-4, KindInfilling)
			case u < 0.80:
				for y := y0; y < y0+blockSize-4; y++ {
					for x := x0; x < x0+blockSize-4; x++ {
						c24[y*n+x] = Trees
					}
				}
			}
		}
	}
	// A small scene may have drawn no infilling: fill the first gap that
	// can be filled.
	for _, s := range []rect{city, kz} {
		for _, gp := range s.gaps {
			if w.expansion[KindInfilling].Patches > 0 {
				break
			}
			x0, y0 := s.x0+gp[0]*blockSize+2, s.y0+gp[1]*blockSize+2
			try(x0, y0, x0+blockSize-4, y0+blockSize-4, KindInfilling)
		}
	}
	// Edge expansion: compact rectangles against the outer blocks.
	for k, s := range []rect{city, kz} {
		p := 0.7
		if k == 1 {
			p = 0.6
		}
		for side := 0; side < 4; side++ {
			length := s.x1 - s.x0
			if side >= 2 {
				length = s.y1 - s.y0
			}
			for t := 2; t+14 < length-2; t += 17 {
				if rng.Float64() > p {
					continue
				}
				d, l := 6+rng.IntN(7), 8+rng.IntN(7)
				var x0, y0, x1, y1 int
				switch side {
				case 0: // north
					x0, x1, y1 = s.x0+t, s.x0+t+l, s.y0
					y0 = y1 - d
				case 1: // south
					x0, x1, y0 = s.x0+t, s.x0+t+l, s.y1
					y1 = y0 + d
				case 2: // west
					y0, y1, x1 = s.y0+t, s.y0+t+l, s.x0
					x0 = x1 - d
				case 3: // east
					y0, y1, x0 = s.y0+t, s.y0+t+l, s.x1
					x1 = x0 + d
				}
				try(x0, y0, x1, y1, KindEdge)
			}
		}
	}
	// Outlying: detached patches on the Chinese side around the city and
	// near the Kazakh dry port.
	targets := []struct {
		s      rect
		count  int
		margin int
		china  bool
	}{
		{city, max(1, int(math.Round(12*float64(n*n)/1e6))), max(40, w.frac(0.14)), true},
		{kz, max(1, int(math.Round(2*float64(n*n)/1e6))), max(30, w.frac(0.08)), false},
	}
	for _, tg := range targets {
		got := 0
		for try0 := 0; try0 < 400*tg.count && got < tg.count; try0++ {
			sw, sh := 6+rng.IntN(9), 6+rng.IntN(9)
			x0 := tg.s.x0 - tg.margin + rng.IntN(tg.s.x1-tg.s.x0+2*tg.margin)
			y0 := tg.s.y0 - tg.margin + rng.IntN(tg.s.y1-tg.s.y0+2*tg.margin)
			if !w.sideOK(x0, y0, x0+sw, y0+sh, tg.china) {
				continue
			}
			if try(x0, y0, x0+sw, y0+sh, KindOutlying) {
				got++
			}
		}
	}
}

// sideOK reports whether the rectangle lies inside the grid, wholly on one
// side (China when china) and clear of the gravel fan.
func (w *world) sideOK(x0, y0, x1, y1 int, china bool) bool {
	if x0 < 0 || y0 < 0 || x1 > w.n || y1 > w.n {
		return false
	}
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			d := w.dist[y*w.n+x]
			if china && d > -gravelHalf-3 || !china && d < gravelHalf+3 {
				return false
			}
		}
	}
	return true
}
