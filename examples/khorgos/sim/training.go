package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Training polygons: squares of trainSide pixels (trainSmall where a class
// has no room for them), at most trainPerSide per class and side, at least
// n/10 pixels apart within a class.
const (
	trainSide    = 5
	trainSmall   = 3
	trainPerSide = 6
)

// training digitizes sample squares for date i: each lies, with a margin of
// one pixel, wholly inside one truth class and outside cloud and shadow.
func (w *world) training(i int, cl *raster.Labels) (*zones.Set, error) {
	n := w.n
	cover := w.cover[i].Data
	set := &zones.Set{CRS: w.grid.CRS}
	rng := rand.New(rand.NewPCG(w.seed, uint64(0x7a1+i)))
	minSep := max(n/10, 12)
	for _, cls := range classes {
		type sq struct{ x, y int }
		var got []sq
		for _, side := range []int{trainSide, trainSmall} {
			if len(got) >= 4 {
				break
			}
			perSide := [2]int{}
			for _, p := range got {
				perSide[w.sideOf(p.x, p.y)]++
			}
			for k := 0; k < 6000; k++ {
				x, y := 1+rng.IntN(n-side-2), 1+rng.IntN(n-side-2)
				s := w.sideOf(x+side/2, y+side/2)
				if perSide[s] >= trainPerSide {
					continue
				}
				ok := true
				for yy := y - 1; yy < y+side+1 && ok; yy++ {
					for xx := x - 1; xx < x+side+1; xx++ {
						j := yy*n + xx
						if cover[j] != cls.Code || cl.Data[j] != Clear {
							ok = false
							break
						}
					}
				}
				for _, p := range got {
					if ok && max(abs(p.x-x), abs(p.y-y)) < minSep {
						ok = false
					}
				}
				if !ok {
					continue
				}
				got = append(got, sq{x, y})
				perSide[s]++
				x0, y0 := w.grid.Transform.Apply(float64(x), float64(y))
				x1, y1 := w.grid.Transform.Apply(float64(x+side), float64(y+side))
				ring := orb.Ring{{x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}, {x0, y1}}
				set.Zones = append(set.Zones, zones.Zone{
					ID:         fmt.Sprintf("%s-%d", cls.Name, len(got)),
					Geometry:   orb.MultiPolygon{{ring}},
					Properties: map[string]any{"class": float64(cls.Code), "name": cls.Name},
				})
			}
		}
	}
	return set, nil
}

// sideOf returns 0 for a pixel in China, 1 in Kazakhstan.
func (w *world) sideOf(x, y int) int {
	if w.dist[y*w.n+x] < 0 {
		return 0
	}
	return 1
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}
