package asymmetry

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ProfilePlotOptions tunes Profile.Plot.
type ProfilePlotOptions struct {
	// Title heads the chart; YLabel names the value and its unit ("NDVI",
	// "LST (K)"). Empty gives "gradient profile" and the statistic's name.
	Title, YLabel string
	// Discontinuity, when set, draws its two fitted lines within the
	// bandwidth on either side of the border.
	Discontinuity *RDEstimate
	// Width and Height of the PNG; zero means 18 cm × 12 cm.
	Width, Height vg.Length
}

var (
	negativeColor = color.RGBA{R: 200, G: 40, B: 40, A: 255}
	positiveColor = color.RGBA{R: 30, G: 80, B: 200, A: 255}
)

// Plot draws the profile as a PNG chart on w: the statistic of each band
// against its signed midpoint in kilometres (the negative side on the
// left, in red; the positive side on the right, in blue), joined by lines,
// with vertical bars for the bootstrap intervals, a dashed vertical line at
// the border (distance 0), the side names in the legend and on the axis,
// and the fitted lines of a discontinuity estimate when given.
func (p *Profile) Plot(w io.Writer, opt ProfilePlotOptions) error {
	pl := plot.New()
	pl.Title.Text = opt.Title
	if pl.Title.Text == "" {
		pl.Title.Text = "gradient profile"
	}
	pl.X.Label.Text = fmt.Sprintf("signed distance to the border (km):  ← %s | %s →", p.NegativeName, p.PositiveName)
	pl.Y.Label.Text = opt.YLabel
	if pl.Y.Label.Text == "" {
		pl.Y.Label.Text = p.Statistic.String()
	}
	pl.Add(plotter.NewGrid())
	pl.Legend.Top = true
	entries := 1 // the border
	ymin, ymax := math.Inf(1), math.Inf(-1)
	xmin, xmax := 0.0, 0.0
	for _, positive := range []bool{false, true} {
		var pts plotter.XYs
		var errs plotter.YErrors
		for _, r := range p.Rows {
			if r.Positive != positive || r.N == 0 || math.IsNaN(r.Value) {
				continue
			}
			pts = append(pts, plotter.XY{X: r.Mid / 1000, Y: r.Value})
			lo, hi := r.Value-r.Low, r.High-r.Value
			if math.IsNaN(lo) || math.IsNaN(hi) {
				lo, hi = 0, 0
			}
			errs = append(errs, struct{ Low, High float64 }{lo, hi})
			ymin = math.Min(ymin, math.Min(r.Value, r.Low))
			ymax = math.Max(ymax, math.Max(r.Value, r.High))
			xmin = math.Min(xmin, -r.To/1000)
			xmax = math.Max(xmax, r.To/1000)
		}
		if len(pts) == 0 {
			continue
		}
		clr, name := negativeColor, p.NegativeName
		if positive {
			clr, name = positiveColor, p.PositiveName
		}
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return fmt.Errorf("gradient plot: %w", err)
		}
		line.Color, line.Width = clr, vg.Points(1.5)
		points.Color, points.Shape, points.Radius = clr, draw.CircleGlyph{}, vg.Points(3)
		bars, err := plotter.NewYErrorBars(struct {
			plotter.XYer
			plotter.YErrorer
		}{pts, errs})
		if err != nil {
			return fmt.Errorf("gradient plot: %w", err)
		}
		bars.Color = clr
		pl.Add(bars, line, points)
		pl.Legend.Add(fmt.Sprintf("%s (%s, %.0f%% interval)", name, p.Statistic, 100*p.Level), line, points)
		entries++
	}
	if math.IsInf(ymin, 0) {
		return fmt.Errorf("gradient plot: the profile has no values")
	}
	if d := opt.Discontinuity; d != nil && d.Bandwidth > 0 {
		h := d.Bandwidth
		for _, side := range []struct {
			a, b, x0, x1 float64
		}{{d.LimitNegative, d.SlopeNegative, -h, 0}, {d.LimitPositive, d.SlopePositive, 0, h}} {
			fit := plotter.XYs{{X: side.x0 / 1000, Y: side.a + side.b*side.x0}, {X: side.x1 / 1000, Y: side.a + side.b*side.x1}}
			l, err := plotter.NewLine(fit)
			if err != nil {
				return fmt.Errorf("gradient plot: %w", err)
			}
			l.Color, l.Width = color.RGBA{G: 130, B: 60, A: 255}, vg.Points(1.5)
			pl.Add(l)
			ymin = math.Min(ymin, math.Min(fit[0].Y, fit[1].Y))
			ymax = math.Max(ymax, math.Max(fit[0].Y, fit[1].Y))
			if side.x0 == 0 {
				pl.Legend.Add(fmt.Sprintf("local linear fit, h = %.3g km: jump %.3g ± %.2g (SE, %s)", h/1000, d.Jump, d.SE, d.SEType), l)
				entries++
			}
			xmin, xmax = math.Min(xmin, side.x0/1000), math.Max(xmax, side.x1/1000)
		}
	}
	pad := (ymax - ymin) * 0.08
	if pad == 0 {
		pad = math.Max(math.Abs(ymax)*0.1, 1)
	}
	pl.Y.Min, pl.Y.Max = ymin-pad, ymax+pad*(2+1.5*float64(entries))
	pl.X.Min, pl.X.Max = xmin, xmax
	border, err := plotter.NewLine(plotter.XYs{{X: 0, Y: pl.Y.Min}, {X: 0, Y: ymax + pad}})
	if err != nil {
		return fmt.Errorf("gradient plot: %w", err)
	}
	border.Color, border.Width, border.Dashes = color.Black, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
	pl.Add(border)
	pl.Legend.Add("border (distance 0)", border)
	wd, ht := opt.Width, opt.Height
	if wd == 0 {
		wd = 18 * vg.Centimeter
	}
	if ht == 0 {
		ht = 12 * vg.Centimeter
	}
	wt, err := pl.WriterTo(wd, ht, "png")
	if err != nil {
		return fmt.Errorf("gradient plot: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("gradient plot: %w", err)
	}
	return nil
}
