package asymmetry

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/borderzone/borderzone/raster"
)

// GradientOptions tunes Gradient.
type GradientOptions struct {
	// Statistic summarises each band; Mean by default.
	Statistic Statistic
	// Bootstrap sets the replicates, level, seed and workers of the
	// intervals.
	Bootstrap BootstrapOptions
	// BlockSize is the side in metres of the square spatial blocks
	// resampled within each band (see SampleOptions.BlockSize); 0 resamples
	// single pixels.
	BlockSize float64
	// MaxPixels, when positive, subsamples the pixels (see
	// SampleOptions.MaxPixels), seeded by Bootstrap.Seed.
	MaxPixels int
	// NegativeName and PositiveName name the sides (default "negative" and
	// "positive").
	NegativeName, PositiveName string
}

// maxGradientBands is the most bands a side may have: the number of codes
// zones.DistanceBands can give each side.
const maxGradientBands = 32767

// ProfileRow is the statistic of one distance band on one side.
type ProfileRow struct {
	// Side is the side's name; Positive says which side it is.
	Side     string
	Positive bool
	// Band is the band's index on its side, 0 nearest the line; From and
	// To are its edges in metres of unsigned distance (From ≤ |d| < To) and
	// Mid the signed midpoint, ±(From+To)/2, negative on the negative side.
	Band      int
	From, To  float64
	Mid       float64
	N, Blocks int
	Estimate  // the statistic with its bootstrap interval; NaN when N is 0
}

// Profile is a gradient profile: the statistic per distance band on both
// sides, ordered from the far negative side to the far positive side (the
// order of zones.DistanceBands' codes).
type Profile struct {
	// Statistic is the statistic of each band, Level the intervals'
	// confidence level and Replicates the number of bootstrap replicates.
	Statistic  Statistic
	Level      float64
	Replicates int
	// NegativeName and PositiveName name the sides.
	NegativeName, PositiveName string
	// Rows holds one row per band and side.
	Rows []ProfileRow
}

// Gradient computes the gradient profile of value against the signed
// distance to the border: the statistic of the pixels in each distance
// band on each side, where band i of a side holds the pixels with
// edges[i] ≤ |d| < edges[i+1] (the bands of zones.DistanceBands; make equal
// widths with zones.BandEdges) and the side is the sign bit of d. Each
// band's interval is the percentile interval of a spatial block bootstrap
// within the band (BlockBootstrap; blocks are the squares of
// opt.BlockSize cut by the band's edges). Pixels where either band is NaN
// are left out; a band without pixels has N = 0 and NaN values. A side may
// have at most 32767 bands. ctx is checked between bootstrap replicates.
func Gradient(ctx context.Context, value, distance *raster.Band, edges []float64, opt *GradientOptions) (*Profile, error) {
	if opt == nil {
		opt = &GradientOptions{}
	}
	if err := checkPair(value, distance); err != nil {
		return nil, err
	}
	if len(edges) < 2 || len(edges) > maxGradientBands+1 {
		return nil, fmt.Errorf("gradient: %d band edges; want 2 to %d", len(edges), maxGradientBands+1)
	}
	for i, e := range edges {
		if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 || (i > 0 && e <= edges[i-1]) {
			return nil, fmt.Errorf("gradient: band edge %d (%v m): edges must be finite, 0 or more and increasing", i+1, e)
		}
	}
	reps, level, workers, err := opt.Bootstrap.defaults()
	if err != nil {
		return nil, err
	}
	nb := len(edges) - 1
	p := &Profile{Statistic: opt.Statistic, Level: level, Replicates: reps,
		NegativeName: orDefault(opt.NegativeName, "negative"), PositiveName: orDefault(opt.PositiveName, "positive")}
	names := make([]string, 2*nb)
	for g := range names {
		r := ProfileRow{Side: p.NegativeName, Band: nb - 1 - g}
		if g >= nb {
			r = ProfileRow{Side: p.PositiveName, Positive: true, Band: g - nb}
		}
		r.From, r.To = edges[r.Band], edges[r.Band+1]
		r.Mid = (r.From + r.To) / 2
		if !r.Positive {
			r.Mid = -r.Mid
		}
		names[g] = fmt.Sprintf("%s %g-%g m", r.Side, r.From, r.To)
		p.Rows = append(p.Rows, r)
	}
	w := value.Grid.Width
	lo, hi := edges[0], edges[nb]
	group := func(row int, dst []int32) {
		for c, x := range distance.Data[row*w : (row+1)*w] {
			a := math.Abs(float64(x))
			if math.IsNaN(a) || a < lo || a >= hi {
				dst[c] = -1
				continue
			}
			// The band i with edges[i] ≤ a < edges[i+1].
			i, j := 0, nb
			for j-i > 1 {
				m := (i + j) / 2
				if edges[m] <= a {
					i = m
				} else {
					j = m
				}
			}
			if math.Signbit(float64(x)) {
				dst[c] = int32(nb - 1 - i)
			} else {
				dst[c] = int32(nb + i)
			}
		}
	}
	samples, err := collectSamples(value, group, names, &SampleOptions{BlockSize: opt.BlockSize, MaxPixels: opt.MaxPixels, Seed: opt.Bootstrap.Seed})
	if err != nil {
		return nil, err
	}
	var have []*Sample
	var at []int
	for g, s := range samples {
		p.Rows[g].N, p.Rows[g].Blocks = len(s.Values), s.NumBlocks()
		p.Rows[g].Estimate = Estimate{Value: math.NaN(), Interval: Interval{math.NaN(), math.NaN()}}
		if len(s.Values) > 0 {
			p.Rows[g].Value = statOf(s, opt.Statistic)
			have = append(have, s)
			at = append(at, g)
		}
	}
	if len(have) == 0 {
		return nil, fmt.Errorf("gradient: band %q has no pixels with data within %g m of the border", value.Name, hi)
	}
	bo := opt.Bootstrap
	bo.Workers = workers
	boot, err := BlockBootstrap(ctx, have, opt.Statistic, &bo)
	if err != nil {
		return nil, fmt.Errorf("gradient of %q: %w", value.Name, err)
	}
	col := make([]float64, reps)
	for k, g := range at {
		for r := range boot {
			col[r] = boot[r][k]
		}
		p.Rows[g].Interval = PercentileInterval(col, level)
	}
	return p, nil
}

// WriteCSV writes the profile as CSV (RFC 4180) with the columns side,
// band (0 nearest the line), from_m, to_m, mid_m (signed midpoint in
// metres), n, blocks, the statistic's name ("mean"), low and high (the
// interval at the profile's level); NaN is an empty field.
func (p *Profile) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	stat := p.Statistic.String()
	if err := cw.Write([]string{"side", "band", "from_m", "to_m", "mid_m", "n", "blocks", stat, "low", "high"}); err != nil {
		return err
	}
	for _, r := range p.Rows {
		if err := cw.Write([]string{r.Side, strconv.Itoa(r.Band), formatFloat(r.From), formatFloat(r.To), formatFloat(r.Mid),
			strconv.Itoa(r.N), strconv.Itoa(r.Blocks), formatFloat(r.Value), formatFloat(r.Low), formatFloat(r.High)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
