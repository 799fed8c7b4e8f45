package zones

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

// Sides says which side of a border is negative and which positive in
// SignedDistance, in one of two ways:
//
//   - by two areas (the two countries): a pixel whose centre lies in
//     Negative (and not in Positive) gets a negative distance, one in Positive
//     (and not in Negative) a positive distance; pixels in neither area (a
//     third country, beyond the clip of the polygons) and in both (overlapping
//     polygons) are NaN, no data. Rings follow the even-odd rule, so holes
//     and self-intersecting rings are handled; a centre exactly on a ring's
//     edge follows the half-open rule of pixel-centre rasterization (inside
//     on a left edge, outside on a right one, in pixel space). This is the rule to use
//     when the polygons are known: it is right however the line winds and
//     wherever its ends are.
//   - by a point known to lie on the negative side (Point, with HasPoint and
//     no areas): each pixel takes the side of the line on which it lies, by
//     the rule of SignedDistance, and the side the point lies on is
//     negative.
type Sides struct {
	// NegativeName and PositiveName name the negative and positive sides
	// ("CHN", "KAZ"); DistanceBands uses them in its class names.
	NegativeName, PositiveName string
	// CRS is the coordinate reference system of the areas and the point.
	CRS raster.CRS
	// Negative and Positive are the areas of the two sides.
	Negative, Positive orb.MultiPolygon
	// Point lies on the negative side; it is used when HasPoint is true and
	// no areas are given.
	Point    orb.Point
	HasPoint bool
}

// SidesFromSet takes the two sides from the zones of s whose IDs are
// negative and positive (for example "CHN" and "KAZ" from a country file read
// with iso_a3 as the id). The negative side is the one named first.
func SidesFromSet(s *Set, negative, positive string) (Sides, error) {
	if s == nil {
		return Sides{}, fmt.Errorf("zones: sides: nil zone set")
	}
	find := func(id string) (orb.MultiPolygon, error) {
		var ids []string
		for _, z := range s.Zones {
			if z.ID == id {
				if len(z.Geometry) == 0 {
					return nil, fmt.Errorf("zones: sides: zone %q has no polygon", id)
				}
				return z.Geometry, nil
			}
			ids = append(ids, z.ID)
		}
		return nil, fmt.Errorf("zones: sides: no zone %q (the set has %s)", id, strings.Join(ids, ", "))
	}
	if negative == positive {
		return Sides{}, fmt.Errorf("zones: sides: both sides are %q", negative)
	}
	neg, err := find(negative)
	if err != nil {
		return Sides{}, err
	}
	pos, err := find(positive)
	if err != nil {
		return Sides{}, err
	}
	return Sides{NegativeName: negative, PositiveName: positive, CRS: s.CRS, Negative: neg, Positive: pos}, nil
}

// SidesFromPoint returns Sides whose negative side is the side of the line
// where p (in CRS c) lies.
func SidesFromPoint(c raster.CRS, p orb.Point, negative, positive string) Sides {
	return Sides{NegativeName: negative, PositiveName: positive, CRS: c, Point: p, HasPoint: true}
}

// byAreas reports whether the sides are given by polygons.
func (s Sides) byAreas() bool { return len(s.Negative) > 0 || len(s.Positive) > 0 }

func (s Sides) validate() error {
	if s.byAreas() {
		if len(s.Negative) == 0 || len(s.Positive) == 0 {
			return fmt.Errorf("zones: sides: give both areas (negative %q has %d polygons, positive %q %d)",
				s.NegativeName, len(s.Negative), s.PositiveName, len(s.Positive))
		}
		for _, side := range []struct {
			name string
			mp   orb.MultiPolygon
		}{{s.NegativeName, s.Negative}, {s.PositiveName, s.Positive}} {
			for _, poly := range side.mp {
				for _, ring := range poly {
					for _, p := range ring {
						if !finite(p[0]) || !finite(p[1]) {
							return fmt.Errorf("zones: sides: area %q has a non-finite vertex (%g, %g)", side.name, p[0], p[1])
						}
					}
				}
			}
		}
		return nil
	}
	if !s.HasPoint {
		return fmt.Errorf("zones: sides: neither areas nor a point on the negative side given")
	}
	if !finite(s.Point[0]) || !finite(s.Point[1]) {
		return fmt.Errorf("zones: sides: point (%g, %g) on the negative side is not finite", s.Point[0], s.Point[1])
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sideEdge is a polygon edge in pixel coordinates (col, row).
type sideEdge struct{ x0, y0, x1, y1 float64 }

// pixelEdges returns the edges of every ring of mp, mapped to the fractional
// pixel coordinates of a grid by inv, sorted by their lower row.
func pixelEdges(mp orb.MultiPolygon, inv raster.Affine) []sideEdge {
	var es []sideEdge
	for _, poly := range mp {
		for _, ring := range poly {
			n := len(ring)
			for i := range n {
				a, b := ring[i], ring[(i+1)%n]
				if a == b {
					continue
				}
				x0, y0 := inv.Apply(a[0], a[1])
				x1, y1 := inv.Apply(b[0], b[1])
				if y0 == y1 {
					continue // horizontal in pixel space: never crosses a row centre line
				}
				es = append(es, sideEdge{x0, y0, x1, y1})
			}
		}
	}
	sort.Slice(es, func(i, j int) bool { return math.Min(es[i].y0, es[i].y1) < math.Min(es[j].y0, es[j].y1) })
	return es
}

// rowCrossings appends to xs the columns at which the centre line of row r
// (y = r + 0.5) crosses the edges, sorted. An edge counts when y lies in
// [ymin, ymax), so a vertex on the line is counted once.
func rowCrossings(xs []float64, es []sideEdge, r int) []float64 {
	y := float64(r) + 0.5
	xs = xs[:0]
	for _, e := range es {
		lo, hi := e.y0, e.y1
		if lo > hi {
			lo, hi = hi, lo
		}
		if lo > y {
			break // sorted by lower row
		}
		if y >= hi {
			continue
		}
		xs = append(xs, e.x0+(y-e.y0)*(e.x1-e.x0)/(e.y1-e.y0))
	}
	sort.Float64s(xs)
	return xs
}

// markInside adds bit to in[c] for every column c of the row whose centre
// (c + 0.5) lies inside by the even-odd rule, given the sorted crossings.
func markInside(in []uint8, xs []float64, bit uint8) {
	w := len(in)
	for i := 0; i+1 < len(xs); i += 2 {
		// Centres c+0.5 in [xs[i], xs[i+1]).
		lo := math.Max(math.Ceil(xs[i]-0.5), 0)
		hi := math.Min(math.Ceil(xs[i+1]-0.5), float64(w))
		for c := int(lo); c < int(hi); c++ {
			in[c] |= bit
		}
	}
}
