package zones

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Finding is a problem Set.Validate found in a zone's geometry. Such zones
// are still usable: rasterization combines the rings of each polygon by the
// even-odd rule.
type Finding struct {
	// Zone is the zone's index in the Set (0-based); ID its ID.
	Zone int
	ID   string
	// Polygon is the 1-based polygon of the zone's MultiPolygon; Ring and
	// OtherRing are the 1-based rings involved (1 is the exterior ring);
	// they are equal for a ring crossing itself.
	Polygon, Ring, OtherRing int
	// At is where the problem is, in the Set's coordinates.
	At orb.Point
	// Problem says what is wrong.
	Problem string
}

// String formats the finding with the zone's position and ID.
func (f Finding) String() string {
	return fmt.Sprintf("zone %d (id %s) polygon %d: %s at (%g, %g)", f.Zone+1, f.ID, f.Polygon, f.Problem, f.At[0], f.At[1])
}

// maxFindingsPerPolygon bounds the findings reported for one polygon, and
// maxPairChecks the segment pairs examined in one, so that validating a
// hostile geometry stays bounded in memory and time.
const (
	maxFindingsPerPolygon = 16
	maxPairChecks         = 50_000_000
)

// Validate looks for rings that cross themselves or each other within a
// polygon of a zone (edges that cross at a point interior to both; rings
// that merely touch at a vertex are not reported), and for interior rings
// (holes) lying outside their exterior ring. Read has already refused
// the geometry errors that cannot be rasterized at all. Findings are in zone
// order; at most 16 are reported per polygon.
func (s *Set) Validate() []Finding {
	var out []Finding
	for i, z := range s.Zones {
		for k, p := range z.Geometry {
			crossings := polygonCrossings(p)
			for _, f := range crossings {
				f.Zone, f.ID, f.Polygon = i, z.ID, k+1
				out = append(out, f)
			}
			crossed := map[int]bool{}
			for _, f := range crossings {
				crossed[f.Ring], crossed[f.OtherRing] = true, true
			}
			for j, h := range p[1:] {
				if crossed[1] || crossed[j+2] || len(h) == 0 {
					continue
				}
				if !planar.RingContains(p[0], h[0]) {
					out = append(out, Finding{Zone: i, ID: z.ID, Polygon: k + 1, Ring: j + 2, OtherRing: 1, At: h[0],
						Problem: "interior ring lies outside the exterior ring (the even-odd rule counts it as area)"})
				}
			}
		}
	}
	return out
}

// simpleRingCrossings returns the points where a single ring crosses itself.
func simpleRingCrossings(r orb.Ring) []orb.Point {
	var pts []orb.Point
	for _, f := range polygonCrossings(orb.Polygon{r}) {
		pts = append(pts, f.At)
	}
	return pts
}

type vsegment struct {
	a, b       orb.Point
	ring, idx  int // ring index and edge index within it
	n          int // edges in the ring
	minX, maxX float64
}

// polygonCrossings finds proper crossings between the edges of a polygon's
// rings by a sweep over x.
func polygonCrossings(p orb.Polygon) []Finding {
	var segs []vsegment
	for k, r := range p {
		n := len(r) - 1
		for i := range n {
			a, b := r[i], r[i+1]
			if a == b {
				continue
			}
			segs = append(segs, vsegment{a: a, b: b, ring: k, idx: i, n: n, minX: min(a[0], b[0]), maxX: max(a[0], b[0])})
		}
	}
	slices.SortFunc(segs, func(s, t vsegment) int {
		switch {
		case s.minX < t.minX:
			return -1
		case s.minX > t.minX:
			return 1
		}
		return 0
	})
	var out []Finding
	checks := 0
	for i := range segs {
		s := &segs[i]
		for j := i + 1; j < len(segs) && segs[j].minX <= s.maxX; j++ {
			t := &segs[j]
			if checks++; checks > maxPairChecks {
				out = append(out, Finding{Ring: s.ring + 1, OtherRing: t.ring + 1, At: s.a,
					Problem: fmt.Sprintf("too many edges to check for crossings (stopped after %d pairs)", maxPairChecks)})
				return out
			}
			if s.ring == t.ring && (s.idx-t.idx == 1 || t.idx-s.idx == 1 || (s.idx == 0 && t.idx == s.n-1) || (t.idx == 0 && s.idx == t.n-1)) {
				continue
			}
			if max(s.a[1], s.b[1]) < min(t.a[1], t.b[1]) || max(t.a[1], t.b[1]) < min(s.a[1], s.b[1]) {
				continue
			}
			if at, ok := properCrossing(s.a, s.b, t.a, t.b); ok {
				problem := "ring crosses itself"
				if s.ring != t.ring {
					problem = "rings cross each other"
				}
				out = append(out, Finding{Ring: s.ring + 1, OtherRing: t.ring + 1, At: at, Problem: problem})
				if len(out) >= maxFindingsPerPolygon {
					return out
				}
			}
		}
	}
	return out
}

// crossingOrient is the sign of the cross product (b-a) x (c-a).
func crossingOrient(a, b, c orb.Point) float64 {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// properCrossing reports whether segments ab and cd cross at a point
// interior to both, and where.
func properCrossing(a, b, c, d orb.Point) (orb.Point, bool) {
	o1, o2 := crossingOrient(a, b, c), crossingOrient(a, b, d)
	o3, o4 := crossingOrient(c, d, a), crossingOrient(c, d, b)
	if o1*o2 >= 0 || o3*o4 >= 0 {
		return orb.Point{}, false
	}
	den := (b[0]-a[0])*(d[1]-c[1]) - (b[1]-a[1])*(d[0]-c[0])
	t := ((c[0]-a[0])*(d[1]-c[1]) - (c[1]-a[1])*(d[0]-c[0])) / den
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return a, true
	}
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
}
