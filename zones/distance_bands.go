package zones

import (
	"fmt"
	"image/color"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/borderzone/borderzone/raster"
)

// maxBandEdges bounds the number of band edges so that both sides' classes
// fit in a uint16 code.
const maxBandEdges = 30000

// BandEdges returns the edges of distance bands of the given width (metres)
// out to max (metres): 0, width, 2·width, …, max. When max is not a multiple
// of width the last band is narrower and ends at max. For example
// BandEdges(1000, 20000) gives the 21 edges of twenty 1 km bands.
func BandEdges(width, max float64) ([]float64, error) {
	if !(width > 0) || math.IsInf(width, 0) || !(max > 0) || math.IsInf(max, 0) {
		return nil, fmt.Errorf("zones: distance bands: width %g m and maximum %g m must be positive and finite", width, max)
	}
	n := math.Ceil(max/width - 1e-9)
	if n+1 > maxBandEdges {
		return nil, fmt.Errorf("zones: distance bands: %g bands of %g m to %g m; at most %d", n, width, max, maxBandEdges-1)
	}
	edges := make([]float64, 0, int(n)+1)
	for i := 0; i < int(n); i++ {
		edges = append(edges, float64(i)*width)
	}
	return append(edges, max), nil
}

// DistanceBands turns a signed distance (metres, as SignedDistance returns
// it) into distance-band zones on each side of the border, ready for zonal
// statistics. edges are increasing band edges in metres, usually starting
// at 0 (BandEdges makes equal widths; any edges may be given, such as 0,
// 500, 1000, 5000, 20000); band i of a side holds the pixels whose distance
// d satisfies edges[i] <= |d| < edges[i+1].
//
// With n = len(edges)-1 bands per side, the codes run from the far negative
// side to the far positive side: the negative side's band i (0 nearest the
// line) has code n-i, the positive side's band i has code n+1+i. So codes
// 1…n are the negative side from far to near and n+1…2n the positive side
// from near to far, and code n and n+1 meet at the line. Classes are named
// "<side> <from>-<to> km" with the side names given ("CHN 0-1 km", "KAZ
// 0-1 km"); the negative side is coloured in reds and the positive side in
// blues, darker nearer the line. A pixel on the line (d = ±0) belongs to the
// side its sign bit gives (SignedDistance gives -0 on the negative side when
// areas decide). Pixels with no data (NaN), beyond the last edge or nearer
// than the first edge get 0, "none".
func DistanceBands(d *raster.Band, edges []float64, negative, positive string) (*raster.Labels, error) {
	if d == nil {
		return nil, fmt.Errorf("zones: distance bands: nil distance band")
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("zones: distance bands: band %q: %w", d.Name, err)
	}
	if len(edges) < 2 {
		return nil, fmt.Errorf("zones: distance bands: %d edges given, need at least 2", len(edges))
	}
	if len(edges) > maxBandEdges {
		return nil, fmt.Errorf("zones: distance bands: %d edges given, at most %d", len(edges), maxBandEdges)
	}
	for i, e := range edges {
		if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
			return nil, fmt.Errorf("zones: distance bands: edge %d (%g m) must be finite and not negative", i+1, e)
		}
		if i > 0 && !(e > edges[i-1]) {
			return nil, fmt.Errorf("zones: distance bands: edge %d (%g m) is not greater than edge %d (%g m)", i+1, e, i, edges[i-1])
		}
	}
	if negative == positive {
		return nil, fmt.Errorf("zones: distance bands: both sides are named %q", negative)
	}
	n := len(edges) - 1
	classes := make([]raster.Class, 2*n)
	for i := range n {
		name := func(side string) string {
			return fmt.Sprintf("%s %s-%s km", side, km(edges[i]), km(edges[i+1]))
		}
		shade := float64(i) / float64(max(n, 2)-1) * 0.8
		classes[n-1-i] = raster.Class{Code: uint16(n - i), Name: name(negative), Color: tint(color.RGBA{178, 24, 43, 255}, shade)}
		classes[n+i] = raster.Class{Code: uint16(n + 1 + i), Name: name(positive), Color: tint(color.RGBA{33, 102, 172, 255}, shade)}
	}
	l := raster.NewLabels(d.Grid, classes)
	lo, hi := edges[0], edges[n]
	// Rows in chunks on all cores; each pixel is independent.
	w, h := d.Grid.Width, d.Grid.Height
	const chunk = 256
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r0 := range next {
				for i := r0 * w; i < min(r0+chunk, h)*w; i++ {
					v := float64(d.Data[i])
					a := math.Abs(v)
					if !(a >= lo && a < hi) { // NaN fails too
						continue
					}
					b := bandOf(edges, a)
					if math.Signbit(v) {
						l.Data[i] = uint16(n - b)
					} else {
						l.Data[i] = uint16(n + 1 + b)
					}
				}
			}
		}()
	}
	for r0 := 0; r0 < h; r0 += chunk {
		next <- r0
	}
	close(next)
	wg.Wait()
	return l, nil
}

// bandOf returns i with edges[i] <= a < edges[i+1], for a within the edges.
func bandOf(edges []float64, a float64) int {
	lo, hi := 0, len(edges)-1 // edges[lo] <= a < edges[hi]
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if a >= edges[m] {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// km formats a distance in metres as kilometres, with no more digits than
// needed ("0", "1", "0.5", "12.25").
func km(m float64) string { return strconv.FormatFloat(m/1000, 'f', -1, 64) }

// tint mixes c with white: t = 0 gives c, t = 1 white.
func tint(c color.RGBA, t float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v) + (255-float64(v))*t)) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}
