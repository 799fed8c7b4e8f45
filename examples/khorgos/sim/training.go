package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Training polygons: squares of trainSide pixels (trainSmall where a class
// has no room for them), up to trainPerSide per class and side, spread at
// least n/10 pixels apart within a class when there is room (else just not
// overlapping).
const (
	trainSide    = 5
	trainSmall   = 3
	trainPerSide = 6
)

// training digitizes sample squares for date i: each lies, with a margin of
// one pixel, wholly inside one truth class and outside cloud and shadow.
// Candidate squares are found exactly with a summed-area table on a
// subgrid of step max(1, n/500) and drawn at random (seeded).
func (w *world) training(i int, cl *raster.Labels) (*zones.Set, error) {
	n := w.n
	cover := w.cover[i].Data
	set := &zones.Set{CRS: w.grid.CRS}
	rng := rand.New(rand.NewPCG(w.seed, uint64(0x7a1+i)))
	step := max(1, n/500)
	sat := make([]int32, (n+1)*(n+1))
	for _, cls := range classes {
		for y := 0; y < n; y++ {
			var run int32
			for x := 0; x < n; x++ {
				j := y*n + x
				if cover[j] == cls.Code && cl.Data[j] == Clear {
					run++
				}
				sat[(y+1)*(n+1)+x+1] = sat[y*(n+1)+x+1] + run
			}
		}
		var got []trainSq
		for s := 0; s < 2; s++ {
			for _, side := range []int{trainSide, trainSmall} {
				if len(got) > 0 && got[len(got)-1].side == trainSide && countSide(w, got, s) >= 2 {
					break
				}
				m := side + 2 // with the margin
				var cand []int32
				for y := 0; y+m <= n; y += step {
					for x := 0; x+m <= n; x += step {
						a := sat[(y+m)*(n+1)+x+m] - sat[y*(n+1)+x+m] - sat[(y+m)*(n+1)+x] + sat[y*(n+1)+x]
						if int(a) == m*m && w.sideOf(x+m/2, y+m/2) == s {
							cand = append(cand, int32(y*n+x))
						}
					}
				}
				if len(cand) == 0 {
					continue
				}
				for _, sep := range []int{max(n/10, 12), m + 1} {
					for k := 0; k < 400 && countSide(w, got, s) < trainPerSide; k++ {
						c := int(cand[rng.IntN(len(cand))])
						x, y := c%n+1, c/n+1
						ok := true
						for _, p := range got {
							if max(abs(p.x-x), abs(p.y-y)) < sep {
								ok = false
								break
							}
						}
						if ok {
							got = append(got, trainSq{x, y, side})
						}
					}
					if countSide(w, got, s) >= 2 {
						break
					}
				}
			}
		}
		for k, p := range got {
			x0, y0 := w.grid.Transform.Apply(float64(p.x), float64(p.y))
			x1, y1 := w.grid.Transform.Apply(float64(p.x+p.side), float64(p.y+p.side))
			ring := orb.Ring{{x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}, {x0, y1}}
			set.Zones = append(set.Zones, zones.Zone{
				ID:         fmt.Sprintf("%s-%d", cls.Name, k+1),
				Geometry:   orb.MultiPolygon{{ring}},
				Properties: map[string]any{"class": float64(cls.Code), "name": cls.Name},
			})
		}
	}
	return set, nil
}

// trainSq is a training square: top-left pixel and side.
type trainSq struct{ x, y, side int }

// countSide counts the squares on side s (0 China, 1 Kazakhstan).
func countSide(w *world, got []trainSq, s int) int {
	k := 0
	for _, q := range got {
		if w.sideOf(q.x+q.side/2, q.y+q.side/2) == s {
			k++
		}
	}
	return k
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
