package classify

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// PolygonSampling says how SamplesFromPolygons reads the labelled polygons.
type PolygonSampling struct {
	// ClassProperty is the GeoJSON property holding each polygon's class:
	// a name ("built-up") or an integer code (1–65535).
	ClassProperty string
	// Classes, when set, is the class table the names and codes must come
	// from; a polygon whose class is not in it is an error. When nil,
	// integer codes are taken as they are (named "class N") and names get
	// codes 1, 2, ... in the order they first appear, with a default
	// colour each.
	Classes []raster.Class
	// MaxPerClass caps the number of pixels kept per class (0: no cap);
	// the pixels kept are a simple random sample drawn with Seed.
	MaxPerClass int
	// Seed seeds the draws of MaxPerClass.
	Seed uint64
}

// sampleClassColors are distinct colours given to classes read by name
// without a class table (ColorBrewer "Set1", Harrower and Brewer 2003).
var sampleClassColors = []color.RGBA{
	{228, 26, 28, 255}, {55, 126, 184, 255}, {77, 175, 74, 255}, {152, 78, 163, 255},
	{255, 127, 0, 255}, {255, 255, 51, 255}, {166, 86, 40, 255}, {247, 129, 191, 255},
	{153, 153, 153, 255},
}

// SamplesFromPolygons turns labelled polygons into training rows: every
// pixel of stack whose centre lies inside a zone of set (zones.Center, the
// rule of gdal_rasterize and rasterio) becomes one row with the stack's
// bands as features, the zone's class and Group = the zone's index in set.
// Pixels with no data (NaN) in any band are left out. A pixel inside two
// polygons gives a row for each.
//
// The set is moved to the stack's CRS first when both CRS are known and
// differ. A zone without the class property, or with a class that is not
// an integer in 1–65535, a name, or (when opt.Classes is set) one of its
// classes, is an error naming the zone and the property; so is a class
// whose polygons hold no pixel with data.
func SamplesFromPolygons(ctx context.Context, set *zones.Set, stack *raster.Stack, opt PolygonSampling) (*Samples, error) {
	if set == nil || len(set.Zones) == 0 {
		return nil, fmt.Errorf("classify: no training polygons")
	}
	if stack == nil || len(stack.Bands) == 0 {
		return nil, fmt.Errorf("classify: no bands to sample")
	}
	if opt.ClassProperty == "" {
		return nil, fmt.Errorf("classify: no class property named for the training polygons")
	}
	if opt.MaxPerClass < 0 {
		return nil, fmt.Errorf("classify: MaxPerClass %d is negative", opt.MaxPerClass)
	}
	for i, b := range stack.Bands {
		if b == nil || len(b.Data) != stack.Grid.Len() {
			n := 0
			if b != nil {
				n = len(b.Data)
			}
			return nil, fmt.Errorf("classify: band %d of the stack has %d values, want %d for %s", i+1, n, stack.Grid.Len(), stack.Grid)
		}
	}
	codes, classes, err := zoneClasses(set, opt)
	if err != nil {
		return nil, err
	}
	g := stack.Grid
	if !set.CRS.IsZero() && !g.CRS.IsZero() && !set.CRS.Same(g.CRS) {
		if set, err = set.Transform(g.CRS, 0); err != nil {
			return nil, fmt.Errorf("classify: training polygons to the stack's %s: %w", g.CRS, err)
		}
	}
	cov, err := zones.Rasterize(ctx, set, g, zones.Center)
	if err != nil {
		return nil, fmt.Errorf("classify: training polygons: %w", err)
	}
	nf := len(stack.Bands)
	s := &Samples{Features: stack.Names()}
	for i, name := range s.Features {
		if name == "" {
			s.Features[i] = fmt.Sprintf("band %d", i+1)
		}
	}
	px := make([]float32, nf)
	for zi, c := range cov.Zones {
		w := c.Window.Dx()
		for k, frac := range c.Frac {
			if frac <= 0 {
				continue
			}
			col, row := c.Window.Min.X+k%w, c.Window.Min.Y+k/w
			off := row*g.Width + col
			ok := true
			for b, band := range stack.Bands {
				v := band.Data[off]
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					ok = false
					break
				}
				px[b] = v
			}
			if !ok {
				continue
			}
			s.X = append(s.X, px...)
			s.Y = append(s.Y, codes[zi])
			s.Group = append(s.Group, zi)
		}
	}
	counts := map[uint16]int{}
	for _, y := range s.Y {
		counts[y]++
	}
	var used []raster.Class
	for _, cl := range classes {
		if counts[cl.Code] > 0 {
			used = append(used, cl)
			continue
		}
		var ids []string
		for zi, code := range codes {
			if code == cl.Code {
				ids = append(ids, fmt.Sprintf("%d (%q)", zi+1, set.Zones[zi].ID))
			}
		}
		if len(ids) > 0 {
			return nil, fmt.Errorf("classify: class %d %q: its polygons (zones %s) hold no pixel centre with data on the stack's grid %s",
				cl.Code, cl.Name, strings.Join(ids, ", "), g)
		}
	}
	s.Classes = used
	if opt.MaxPerClass > 0 {
		capPerClass(s, opt.MaxPerClass, opt.Seed)
	}
	return s, nil
}

// zoneClasses reads every zone's class code, and the class table.
func zoneClasses(set *zones.Set, opt PolygonSampling) ([]uint16, []raster.Class, error) {
	codes := make([]uint16, len(set.Zones))
	classes := slices.Clone(opt.Classes)
	byName := map[string]uint16{}
	known := map[uint16]bool{}
	for _, c := range classes {
		byName[c.Name] = c.Code
		known[c.Code] = true
	}
	named, numbered := false, false
	for zi, z := range set.Zones {
		where := func() string {
			return fmt.Sprintf("zone %d (%q), property %q", zi+1, z.ID, opt.ClassProperty)
		}
		v, ok := z.Properties[opt.ClassProperty]
		if !ok || v == nil {
			return nil, nil, fmt.Errorf("classify: %s: missing; every training polygon needs a class", where())
		}
		switch v := v.(type) {
		case float64:
			if v != math.Trunc(v) || v < 1 || v > 65535 {
				return nil, nil, fmt.Errorf("classify: %s: class code %v is not an integer in 1–65535", where(), v)
			}
			code := uint16(v)
			if opt.Classes != nil && !known[code] {
				return nil, nil, fmt.Errorf("classify: %s: unknown class code %d (the class table has %s)", where(), code, sampleClassList(opt.Classes))
			}
			if opt.Classes == nil && named {
				return nil, nil, fmt.Errorf("classify: %s: class code %d where earlier polygons give class names", where(), code)
			}
			numbered = true
			if !known[code] {
				known[code] = true
				classes = append(classes, raster.Class{Code: code, Name: fmt.Sprintf("class %d", code),
					Color: sampleClassColors[(int(code)-1)%len(sampleClassColors)]})
			}
			codes[zi] = code
		case string:
			name := strings.TrimSpace(v)
			if name == "" {
				return nil, nil, fmt.Errorf("classify: %s: empty class name", where())
			}
			code, ok := byName[name]
			if !ok && opt.Classes != nil {
				return nil, nil, fmt.Errorf("classify: %s: unknown class %q (the class table has %s)", where(), name, sampleClassList(opt.Classes))
			}
			if !ok {
				if numbered {
					return nil, nil, fmt.Errorf("classify: %s: class name %q where earlier polygons give class codes", where(), name)
				}
				if len(classes) >= 65535 {
					return nil, nil, fmt.Errorf("classify: %s: more than 65535 class names", where())
				}
				code = uint16(len(classes) + 1)
				byName[name] = code
				classes = append(classes, raster.Class{Code: code, Name: name,
					Color: sampleClassColors[len(classes)%len(sampleClassColors)]})
			}
			named = true
			codes[zi] = code
		default:
			return nil, nil, fmt.Errorf("classify: %s: class %v (%T) is neither a name nor an integer code", where(), v, v)
		}
	}
	slices.SortFunc(classes, func(a, b raster.Class) int { return cmp.Compare(a.Code, b.Code) })
	return codes, classes, nil
}

func sampleClassList(cs []raster.Class) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%d %q", c.Code, c.Name)
	}
	return strings.Join(parts, ", ")
}

// capPerClass keeps at most max rows of every class, a simple random sample
// without replacement (partial Fisher–Yates shuffle), in their original
// order. Classes are drawn in code order from one generator seeded with
// seed, so the result depends only on the rows and the seed.
func capPerClass(s *Samples, maxRows int, seed uint64) {
	byClass := map[uint16][]int{}
	for i, y := range s.Y {
		byClass[y] = append(byClass[y], i)
	}
	codes := make([]uint16, 0, len(byClass))
	for c := range byClass {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	rng := rand.New(rand.NewPCG(seed, 0x5a4d))
	keep := make([]bool, len(s.Y))
	for _, c := range codes {
		rows := byClass[c]
		if len(rows) > maxRows {
			for i := range maxRows {
				j := i + rng.IntN(len(rows)-i)
				rows[i], rows[j] = rows[j], rows[i]
			}
			rows = rows[:maxRows]
		}
		for _, r := range rows {
			keep[r] = true
		}
	}
	keepSampleRows(s, keep)
}

// keepSampleRows keeps the rows whose keep flag is set, in order.
func keepSampleRows(s *Samples, keep []bool) {
	nf := len(s.Features)
	j := 0
	for i, k := range keep {
		if !k {
			continue
		}
		copy(s.X[j*nf:(j+1)*nf], s.X[i*nf:(i+1)*nf])
		s.Y[j] = s.Y[i]
		if s.Group != nil {
			s.Group[j] = s.Group[i]
		}
		j++
	}
	s.X, s.Y = s.X[:j*nf], s.Y[:j]
	if s.Group != nil {
		s.Group = s.Group[:j]
	}
}
