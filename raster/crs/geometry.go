package crs

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Geometry transforms an orb geometry: Point, MultiPoint, LineString,
// MultiLineString, Ring, Polygon, MultiPolygon, Collection or Bound.
//
// When maxSegment > 0, every edge longer than maxSegment (in source units:
// degrees for a geographic source, metres otherwise) is first split into
// equal parts no longer than maxSegment, so that a line that is straight in
// the source CRS stays faithful to its image in the target CRS. A Bound is
// transformed as its densified outline (21 points per side when
// maxSegment is 0, as GDAL's OCTTransformBounds) and the result is the
// bound of the transformed outline.
//
// Any point that cannot be transformed makes the whole call fail with an
// error naming the point. The input is not modified.
func (t *Transformer) Geometry(g orb.Geometry, maxSegment float64) (orb.Geometry, error) {
	if math.IsNaN(maxSegment) || maxSegment < 0 {
		return nil, fmt.Errorf("crs: maximum segment length %v is not a non-negative number", maxSegment)
	}
	gt := geomTransformer{t: t, maxSeg: maxSegment}
	return gt.geometry(g)
}

type geomTransformer struct {
	t      *Transformer
	maxSeg float64
}

// maxDensifiedPoints bounds the output of densification.
const maxDensifiedPoints = 1 << 24

func (gt *geomTransformer) point(p orb.Point) (orb.Point, error) {
	x, y, err := gt.t.Transform(p[0], p[1])
	return orb.Point{x, y}, err
}

// line transforms a sequence of points, densifying when asked.
func (gt *geomTransformer) line(ps []orb.Point) ([]orb.Point, error) {
	if ps == nil {
		return nil, nil
	}
	var out []orb.Point
	if gt.maxSeg > 0 && len(ps) > 1 {
		dense := make([]orb.Point, 0, len(ps))
		for i, p := range ps {
			if i > 0 {
				q := ps[i-1]
				d := math.Hypot(p[0]-q[0], p[1]-q[1])
				if math.IsNaN(d) || math.IsInf(d, 0) {
					return nil, fmt.Errorf("crs: vertex %d (%v, %v): %w: not finite", i, p[0], p[1], ErrInvalidCoordinate)
				}
				n := int(math.Ceil(d / gt.maxSeg))
				if n > maxDensifiedPoints || len(dense)+n > maxDensifiedPoints {
					return nil, fmt.Errorf("crs: densifying an edge of length %v to segments of %v would give more than %d points", d, gt.maxSeg, maxDensifiedPoints)
				}
				for k := 1; k < n; k++ {
					f := float64(k) / float64(n)
					dense = append(dense, orb.Point{q[0] + f*(p[0]-q[0]), q[1] + f*(p[1]-q[1])})
				}
			}
			dense = append(dense, p)
		}
		ps = dense
	}
	out = make([]orb.Point, len(ps))
	for i, p := range ps {
		var err error
		if out[i], err = gt.point(p); err != nil {
			return nil, fmt.Errorf("crs: vertex (%v, %v): %w", p[0], p[1], err)
		}
	}
	return out, nil
}

func (gt *geomTransformer) polygon(p orb.Polygon) (orb.Polygon, error) {
	if p == nil {
		return nil, nil
	}
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		ls, err := gt.line(r)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		out[i] = orb.Ring(ls)
	}
	return out, nil
}

func (gt *geomTransformer) geometry(g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case nil:
		return nil, fmt.Errorf("crs: nil geometry")
	case orb.Point:
		return gt.point(g)
	case orb.MultiPoint:
		if g == nil {
			return g, nil
		}
		out := make(orb.MultiPoint, len(g))
		for i, p := range g {
			var err error
			if out[i], err = gt.point(p); err != nil {
				return nil, fmt.Errorf("point %d: %w", i, err)
			}
		}
		return out, nil
	case orb.LineString:
		ls, err := gt.line(g)
		return orb.LineString(ls), err
	case orb.Ring:
		ls, err := gt.line(g)
		return orb.Ring(ls), err
	case orb.MultiLineString:
		if g == nil {
			return g, nil
		}
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			ls, err := gt.line(l)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i, err)
			}
			out[i] = ls
		}
		return out, nil
	case orb.Polygon:
		return gt.polygon(g)
	case orb.MultiPolygon:
		if g == nil {
			return g, nil
		}
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			var err error
			if out[i], err = gt.polygon(p); err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
		}
		return out, nil
	case orb.Collection:
		if g == nil {
			return g, nil
		}
		out := make(orb.Collection, len(g))
		for i, h := range g {
			var err error
			if out[i], err = gt.geometry(h); err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
		}
		return out, nil
	case orb.Bound:
		return gt.bound(g)
	}
	return nil, fmt.Errorf("crs: geometry type %T is not supported", g)
}

// bound transforms the densified outline of b and returns its bound.
func (gt *geomTransformer) bound(b orb.Bound) (orb.Bound, error) {
	ring := b.ToRing()
	sub := *gt
	if sub.maxSeg == 0 {
		w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
		sub.maxSeg = math.Max(w, h) / 20
		if sub.maxSeg == 0 {
			sub.maxSeg = 1 // a degenerate bound: no densification needed
		}
	}
	ls, err := sub.line(ring)
	if err != nil {
		return orb.Bound{}, err
	}
	return orb.LineString(ls).Bound(), nil
}
