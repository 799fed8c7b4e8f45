package render

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Ramp is a continuous colour map of 256 opaque colours, indexed the way
// matplotlib indexes a Colormap of N=256 entries: t in [0, 1] selects entry
// clamp(floor(t*256), 0, 255).
type Ramp struct {
	name string
	lut  [256]color.NRGBA
}

// Name returns the ramp's name ("viridis", "magma", "rdylgn", "greys").
func (r *Ramp) Name() string { return r.name }

// Index returns the table entry for t in [0, 1] (matplotlib's rule:
// floor(t*256), clamped to 0–255); t < 0 gives 0, t >= 1 gives 255, NaN
// gives -1.
func (r *Ramp) Index(t float64) int {
	if t != t {
		return -1
	}
	x := t * 256
	switch {
	case x < 0:
		return 0
	case x >= 255:
		return 255
	}
	return int(x)
}

// At returns the colour for t in [0, 1] (see [Ramp.Index]); NaN gives a
// transparent colour.
func (r *Ramp) At(t float64) color.NRGBA {
	i := r.Index(t)
	if i < 0 {
		return color.NRGBA{}
	}
	return r.lut[i]
}

// Entry returns entry i (0–255) of the ramp's table.
func (r *Ramp) Entry(i int) color.NRGBA { return r.lut[i] }

// Reversed returns the ramp with its table in reverse order, named with an
// "_r" suffix as matplotlib names reversed maps.
func (r *Ramp) Reversed() *Ramp {
	out := &Ramp{name: r.name + "_r"}
	for i := range out.lut {
		out.lut[i] = r.lut[255-i]
	}
	return out
}

// NewRamp returns a ramp named name that interpolates linearly (in sRGB,
// rounding to the nearest integer) between evenly spaced stops, entry i
// sitting at position i/255 as in matplotlib's
// LinearSegmentedColormap.from_list. It needs at least two stops.
func NewRamp(name string, stops []color.NRGBA) (*Ramp, error) {
	if len(stops) < 2 {
		return nil, fmt.Errorf("render: ramp %q needs at least 2 colour stops, got %d", name, len(stops))
	}
	r := &Ramp{name: name}
	segs := float64(len(stops) - 1)
	for i := range r.lut {
		x := float64(i) / 255 * segs
		k := min(int(x), len(stops)-2)
		f := x - float64(k)
		a, b := stops[k], stops[k+1]
		lerp := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*f)) }
		r.lut[i] = color.NRGBA{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B), lerp(a.A, b.A)}
	}
	return r, nil
}

func tableRamp(name string, t *[256][3]uint8) *Ramp {
	r := &Ramp{name: name}
	for i, c := range t {
		r.lut[i] = color.NRGBA{c[0], c[1], c[2], 255}
	}
	return r
}

// rdylgnStops is ColorBrewer's RdYlGn 11-class scheme (Cynthia Brewer,
// colorbrewer2.org, Apache License 2.0), from red through yellow to green.
var rdylgnStops = []color.NRGBA{
	{0xa5, 0x00, 0x26, 255}, {0xd7, 0x30, 0x27, 255}, {0xf4, 0x6d, 0x43, 255},
	{0xfd, 0xae, 0x61, 255}, {0xfe, 0xe0, 0x8b, 255}, {0xff, 0xff, 0xbf, 255},
	{0xd9, 0xef, 0x8b, 255}, {0xa6, 0xd9, 0x6a, 255}, {0x66, 0xbd, 0x63, 255},
	{0x1a, 0x98, 0x50, 255}, {0x00, 0x68, 0x37, 255},
}

func mustRamp(name string, stops []color.NRGBA) *Ramp {
	r, err := NewRamp(name, stops)
	if err != nil {
		panic(err)
	}
	return r
}

// The built-in ramps. Viridis and Magma are perceptually uniform sequential
// maps (van der Walt and Smith, matplotlib 2.0, 2015; tables from
// matplotlib/_cm_listed.py, CC0). RdYlGn is ColorBrewer's diverging
// red-yellow-green scheme for values with a meaningful middle such as NDVI
// (Harrower and Brewer 2003, "ColorBrewer.org: an online tool for selecting
// colour schemes for maps", The Cartographic Journal 40(1); Apache License
// 2.0). Greys runs from black (lo) to white (hi).
var (
	Viridis = tableRamp("viridis", &viridisTable)
	Magma   = tableRamp("magma", &magmaTable)
	RdYlGn  = mustRamp("rdylgn", rdylgnStops)
	Greys   = mustRamp("greys", []color.NRGBA{{0, 0, 0, 255}, {255, 255, 255, 255}})
)

// RampByName returns the built-in ramp with the given name (case
// insensitive; an "_r" suffix reverses it), or an error listing the names.
func RampByName(name string) (*Ramp, error) {
	n := strings.ToLower(name)
	rev := strings.HasSuffix(n, "_r")
	n = strings.TrimSuffix(n, "_r")
	for _, r := range []*Ramp{Viridis, Magma, RdYlGn, Greys} {
		if r.name == n {
			if rev {
				return r.Reversed(), nil
			}
			return r, nil
		}
	}
	return nil, fmt.Errorf("render: unknown ramp %q (have viridis, magma, rdylgn, greys, each with _r)", name)
}
