package asymmetry

import (
	"errors"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// Sample is the values of one side of a border (or of one distance band, or
// one set of zones) grouped into the spatial blocks that the block bootstrap
// resamples and the permutation test reassigns.
//
// Block k holds Values[BlockStart[k]:BlockStart[k+1]] (the last block ends
// at len(Values)); the blocks are the cells of a square grid of a given size
// in metres laid over the raster (see SampleOptions.BlockSize), so each holds
// the side's pixels inside one square. A Sample of per-zone metric values
// (UnitSample) has one value per block.
type Sample struct {
	// Name names the side ("CHN", "KAZ 0-1 km").
	Name string
	// Values are the pixel (or zone) values, never NaN, block by block.
	Values []float64
	// BlockStart holds the index in Values of each block's first value,
	// increasing, starting at 0.
	BlockStart []int
}

// NumBlocks returns the number of blocks.
func (s *Sample) NumBlocks() int { return len(s.BlockStart) }

// Block returns the values of block k (shared, not copied).
func (s *Sample) Block(k int) []float64 {
	end := len(s.Values)
	if k+1 < len(s.BlockStart) {
		end = s.BlockStart[k+1]
	}
	return s.Values[s.BlockStart[k]:end]
}

// validate checks the block structure.
func (s *Sample) validate() error {
	if len(s.Values) == 0 {
		return fmt.Errorf("sample %q has no values", s.Name)
	}
	if len(s.BlockStart) == 0 || s.BlockStart[0] != 0 {
		return fmt.Errorf("sample %q: BlockStart must start at 0", s.Name)
	}
	for k := 1; k < len(s.BlockStart); k++ {
		if s.BlockStart[k] <= s.BlockStart[k-1] || s.BlockStart[k] >= len(s.Values) {
			return fmt.Errorf("sample %q: block %d is empty or out of order", s.Name, k)
		}
	}
	for i, v := range s.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("sample %q: value %d is %v", s.Name, i, v)
		}
	}
	return nil
}

// UnitSample returns a Sample in which every value is its own block: the
// per-zone metric values of one side (a landscape metric per town, a mean
// per district), which are the units resampled and permuted. A NaN or
// infinite value is an error naming its position.
func UnitSample(name string, values []float64) (*Sample, error) {
	s := &Sample{Name: name, Values: append([]float64(nil), values...), BlockStart: make([]int, len(values))}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sample %q: value %d is %v", name, i+1, v)
		}
		s.BlockStart[i] = i
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("sample %q has no values", name)
	}
	return s, nil
}

// SampleOptions says how pixels are taken from rasters into Samples.
type SampleOptions struct {
	// BlockSize is the side in metres of the square blocks of the spatial
	// block bootstrap and of the block permutation test. Pixels whose
	// values are correlated over distances up to a few kilometres
	// (land cover, temperature) need blocks at least that large for the
	// intervals to be honest (Lahiri 2003, ch. 12); 0 makes every pixel
	// its own block, the independent-pixels bootstrap. On a
	// longitude/latitude grid the block is converted to whole pixels with
	// the metres per degree of the ellipsoid at the grid's central
	// latitude.
	BlockSize float64
	// MaxDistance, when positive, keeps only pixels whose |signed distance|
	// is below it, in metres (SamplesFromDistance only).
	MaxDistance float64
	// MaxPixels, when positive, keeps a seeded random subsample of about
	// that many pixels over both sides: each valid pixel is kept with
	// probability MaxPixels/N (N the number of valid pixels), decided by a
	// hash of Seed and the pixel's index, so the subsample does not depend
	// on the order or number of cores. 0 keeps every pixel.
	MaxPixels int
	// Seed seeds the subsample.
	Seed uint64
	// NegativeName and PositiveName name the sides of a signed distance
	// (default "negative" and "positive").
	NegativeName, PositiveName string
}

// SamplesFromDistance takes the pixels of value on each side of a border
// given by a signed distance band (zones.SignedDistance: metres, negative on
// one side, positive on the other, NaN where the side is unknown) on the
// same grid. A pixel on the line belongs to the side its sign bit gives, as
// in zones.DistanceBands. Pixels where either band is NaN are left out.
func SamplesFromDistance(value, distance *raster.Band, opt *SampleOptions) (negative, positive *Sample, err error) {
	if opt == nil {
		opt = &SampleOptions{}
	}
	if err := checkPair(value, distance); err != nil {
		return nil, nil, err
	}
	maxD := opt.MaxDistance
	if maxD <= 0 {
		maxD = math.Inf(1)
	}
	w := value.Grid.Width
	group := func(row int, dst []int32) {
		d := distance.Data[row*w : (row+1)*w]
		for c, x := range d {
			switch {
			case math.IsNaN(float64(x)) || math.Abs(float64(x)) >= maxD:
				dst[c] = -1
			case math.Signbit(float64(x)):
				dst[c] = 0
			default:
				dst[c] = 1
			}
		}
	}
	names := []string{orDefault(opt.NegativeName, "negative"), orDefault(opt.PositiveName, "positive")}
	s, err := collectSamples(value, group, names, opt)
	if err != nil {
		return nil, nil, err
	}
	if err := requireData(value, s...); err != nil {
		return nil, nil, err
	}
	return s[0], s[1], nil
}

// SamplesFromLabels takes the pixels of value whose code in sides is a
// (sample A) and b (sample B), such as the two zones of a rasterized
// country file (zones.RasterizeLabels); the samples are named by the
// classes' names. Pixels where value is NaN are left out.
func SamplesFromLabels(value *raster.Band, sides *raster.Labels, a, b uint16, opt *SampleOptions) (sa, sb *Sample, err error) {
	if opt == nil {
		opt = &SampleOptions{}
	}
	if err := value.Validate(); err != nil {
		return nil, nil, fmt.Errorf("value band %q: %w", value.Name, err)
	}
	if err := sides.Validate(); err != nil {
		return nil, nil, fmt.Errorf("side labels: %w", err)
	}
	if err := value.Grid.Match(sides.Grid); err != nil {
		return nil, nil, fmt.Errorf("value band %q and side labels: %w", value.Name, err)
	}
	if a == 0 || b == 0 || a == b {
		return nil, nil, fmt.Errorf("side codes %d and %d: want two different codes other than 0", a, b)
	}
	name := func(code uint16) string {
		if c, ok := sides.Class(code); ok && c.Name != "" {
			return c.Name
		}
		return fmt.Sprintf("code %d", code)
	}
	w := value.Grid.Width
	group := func(row int, dst []int32) {
		for c, x := range sides.Data[row*w : (row+1)*w] {
			switch x {
			case a:
				dst[c] = 0
			case b:
				dst[c] = 1
			default:
				dst[c] = -1
			}
		}
	}
	s, err := collectSamples(value, group, []string{name(a), name(b)}, opt)
	if err != nil {
		return nil, nil, err
	}
	if err := requireData(value, s...); err != nil {
		return nil, nil, err
	}
	return s[0], s[1], nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func checkPair(value, distance *raster.Band) error {
	if value == nil || distance == nil {
		return errors.New("value and distance bands are required")
	}
	if err := value.Validate(); err != nil {
		return fmt.Errorf("value band %q: %w", value.Name, err)
	}
	if err := distance.Validate(); err != nil {
		return fmt.Errorf("distance band %q: %w", distance.Name, err)
	}
	if err := value.Grid.Match(distance.Grid); err != nil {
		return fmt.Errorf("value band %q and distance band %q: %w", value.Name, distance.Name, err)
	}
	return nil
}

// blockPixels converts a block size in metres to whole pixels along the
// grid's columns and rows (at least 1).
func blockPixels(g raster.Grid, metres float64) (bx, by int, err error) {
	if metres < 0 || math.IsNaN(metres) || math.IsInf(metres, 0) {
		return 0, 0, fmt.Errorf("block size %v m: want a finite size of 0 or more", metres)
	}
	if metres == 0 {
		return 1, 1, nil
	}
	dx, dy := g.Transform.PixelSize()
	dx, dy = math.Abs(dx), math.Abs(dy)
	if !g.CRS.IsZero() {
		c, err := crs.FromRaster(g.CRS)
		if err != nil {
			return 0, 0, fmt.Errorf("block size on grid %s: %w", g, err)
		}
		if c.IsGeographic() {
			// Radii of curvature of the ellipsoid at the central latitude:
			// metres per radian along the parallel (N cos φ) and the
			// meridian (M).
			_, lat := g.Center(g.Width/2, g.Height/2)
			e := c.Ellipsoid()
			s := math.Sin(lat * math.Pi / 180)
			w := math.Sqrt(1 - e.E2()*s*s)
			n := e.A / w
			m := e.A * (1 - e.E2()) / (w * w * w)
			dx *= n * math.Cos(lat*math.Pi/180) * math.Pi / 180
			dy *= m * math.Pi / 180
		}
	}
	if !(dx > 0) || !(dy > 0) {
		return 0, 0, fmt.Errorf("block size on grid %s: pixel size is zero", g)
	}
	bx = max(1, int(math.Round(metres/dx)))
	by = max(1, int(math.Round(metres/dy)))
	bx, by = min(bx, max(g.Width, 1)), min(by, max(g.Height, 1))
	return bx, by, nil
}

// keepHash decides whether pixel i is in the subsample: a splitmix64 hash
// of the seed and the index compared with a threshold.
func keepHash(seed uint64, i int) uint64 {
	z := seed + uint64(i)*0x9e3779b97f4a7c15 + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// subsampleThreshold returns the hash threshold that keeps about max of n
// pixels, and whether subsampling is needed at all.
func subsampleThreshold(max, n int) (uint64, bool) {
	if max <= 0 || n <= max {
		return 0, false
	}
	return uint64(float64(max) / float64(n) * (1 << 63) * 2), true
}

// collectSamples gathers the non-NaN pixels of value into one Sample per
// group, blocks in strip order (block rows from the top, block columns from
// the left), pixels in raster order within a block. group fills, for a row,
// the group (0…len(names)-1) of every pixel, or -1. Groups without pixels
// give empty samples.
func collectSamples(value *raster.Band, group func(row int, dst []int32), names []string, opt *SampleOptions) ([]*Sample, error) {
	g := value.Grid
	bx, by, err := blockPixels(g, opt.BlockSize)
	if err != nil {
		return nil, err
	}
	w := g.Width
	ng := len(names)
	gbuf := make([]int32, w)
	// First pass: count the valid pixels, for the subsample's threshold.
	n := 0
	if opt.MaxPixels > 0 {
		for r := 0; r < g.Height; r++ {
			group(r, gbuf)
			for c, v := range value.Data[r*w : (r+1)*w] {
				if gbuf[c] >= 0 && !math.IsNaN(float64(v)) {
					n++
				}
			}
		}
	}
	thr, sub := subsampleThreshold(opt.MaxPixels, n)
	nbx := (w + bx - 1) / bx
	cnt := make([]int, ng*nbx)
	pos := make([]int, ng*nbx)
	out := make([]*Sample, ng)
	for i := range out {
		out[i] = &Sample{Name: names[i]}
	}
	keep := func(i int, gr int32, v float32) bool {
		if gr < 0 || math.IsNaN(float64(v)) {
			return false
		}
		return !sub || keepHash(opt.Seed, i) < thr
	}
	for r0 := 0; r0 < g.Height; r0 += by {
		r1 := min(r0+by, g.Height)
		clear(cnt)
		for r := r0; r < r1; r++ {
			group(r, gbuf)
			for c, v := range value.Data[r*w : (r+1)*w] {
				if keep(r*w+c, gbuf[c], v) {
					cnt[int(gbuf[c])*nbx+c/bx]++
				}
			}
		}
		for gi := range ng {
			s := out[gi]
			for k := range nbx {
				j := gi*nbx + k
				if cnt[j] == 0 {
					continue
				}
				s.BlockStart = append(s.BlockStart, len(s.Values))
				pos[j] = len(s.Values)
				s.Values = append(s.Values, make([]float64, cnt[j])...)
			}
		}
		for r := r0; r < r1; r++ {
			group(r, gbuf)
			for c, v := range value.Data[r*w : (r+1)*w] {
				if keep(r*w+c, gbuf[c], v) {
					j := int(gbuf[c])*nbx + c/bx
					out[gbuf[c]].Values[pos[j]] = float64(v)
					pos[j]++
				}
			}
		}
	}
	return out, nil
}

// requireData returns an error naming the first sample without values.
func requireData(value *raster.Band, samples ...*Sample) error {
	for _, s := range samples {
		if len(s.Values) == 0 {
			return fmt.Errorf("band %q: side %q has no pixels with data", value.Name, s.Name)
		}
	}
	return nil
}
