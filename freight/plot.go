package freight

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PlotOptions tunes [Plot].
type PlotOptions struct {
	// Title heads the chart; empty means the series name.
	Title string
	// Fits are drawn as curves over the data range, extended to
	// ForecastTo when it is later.
	Fits []*Fit
	// ForecastTo (decimal years, e.g. YearPeriod(2030).Time()) extends the
	// curves and draws the prediction band of Fits[0] from the last point
	// to it; 0 draws no band.
	ForecastTo float64
	// Width and Height of the PNG; zero means 18 cm × 12 cm at 96 dpi.
	Width, Height vg.Length
}

// Plot draws s as a PNG chart on w: every figure at its period midpoint,
// coloured by source, with filled circles for whole-period figures, hollow
// rings for partial periods, an upward arrow from lower bounds and a
// downward arrow from upper bounds, a diamond for approximate figures, the
// fitted curves, the prediction band of the first fit, and a legend naming
// the sources (publisher) and the fits. Gaps are left empty.
func Plot(w io.Writer, s *Series, opt PlotOptions) error {
	if err := s.Validate(); err != nil {
		return err
	}
	p := plot.New()
	p.Title.Text = opt.Title
	if p.Title.Text == "" {
		p.Title.Text = s.Name
	}
	p.X.Label.Text = "year"
	p.Y.Label.Text = unitLabel(s)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())

	sources := s.Sources()
	srcIndex := func(o Observation) int {
		for i, x := range sources {
			if x.Title == o.Source.Title && x.URL == o.Source.URL {
				return i
			}
		}
		return len(sources)
	}
	var xys plotter.XYs
	var styles []draw.GlyphStyle
	marks := &boundMarks{}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	for _, o := range s.Obs {
		if o.IsGap() {
			continue
		}
		t := o.Period.Time()
		tmin, tmax = math.Min(tmin, t), math.Max(tmax, t)
		clr := plotutil.Color(srcIndex(o))
		st := draw.GlyphStyle{Color: clr, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		switch {
		case o.Partial():
			st.Shape = draw.RingGlyph{}
		case o.Qualifier == Approximate:
			st.Shape = diamondGlyph{}
		}
		xys = append(xys, plotter.XY{X: t, Y: o.Value})
		styles = append(styles, st)
		if o.Qualifier == LowerBound || o.Qualifier == UpperBound || o.Partial() {
			up := o.Qualifier != UpperBound
			marks.pts = append(marks.pts, boundMark{x: t, y: o.Value, up: up, clr: clr})
		}
	}
	if len(xys) == 0 {
		return fmt.Errorf("freight: plot: series %q has no figures", s.Name)
	}
	hi := tmax
	if opt.ForecastTo > hi {
		hi = opt.ForecastTo
	}
	if len(opt.Fits) > 0 && opt.ForecastTo > tmax {
		f := opt.Fits[0]
		var band plotter.XYs
		const n = 60
		for i := 0; i <= n; i++ {
			t := tmax + (opt.ForecastTo-tmax)*float64(i)/n
			band = append(band, plotter.XY{X: t, Y: f.Forecast(t).PredHigh})
		}
		for i := n; i >= 0; i-- {
			t := tmax + (opt.ForecastTo-tmax)*float64(i)/n
			band = append(band, plotter.XY{X: t, Y: f.Forecast(t).PredLow})
		}
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return fmt.Errorf("freight: plot: %w", err)
		}
		poly.Color = color.NRGBA{R: 120, G: 120, B: 200, A: 70}
		poly.LineStyle.Width = 0
		p.Add(poly)
		p.Legend.Add(fmt.Sprintf("%.0f%% prediction interval (%s)", 100*f.Level, f.Model), poly)
	}
	for i, f := range opt.Fits {
		fn := plotter.NewFunction(f.Eval)
		fn.XMin, fn.XMax = tmin, hi
		fn.Samples = 200
		fn.Color = plotutil.Color(len(sources) + 1 + i)
		fn.Width = vg.Points(1.5)
		fn.Dashes = plotutil.Dashes(i + 1)
		p.Add(fn)
		p.Legend.Add(fitLabel(f), fn)
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("freight: plot: %w", err)
	}
	sc.GlyphStyleFunc = func(i int) draw.GlyphStyle { return styles[i] }
	p.Add(marks, sc)
	for i, src := range sources {
		name := src.Publisher
		if name == "" {
			name = src.Title
		}
		if len(src.Published) >= 10 {
			name += ", " + src.Published[:10]
		}
		if len([]rune(name)) > 60 {
			name = string([]rune(name)[:59]) + "…"
		}
		p.Legend.Add(name, legendGlyph{draw.GlyphStyle{Color: plotutil.Color(i), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}})
	}
	gray := color.Gray{Y: 60}
	if len(marks.pts) > 0 {
		p.Legend.Add("lower bound or partial (arrow up)", &boundMarks{pts: []boundMark{{up: true, clr: gray}}})
	}
	for _, o := range s.Obs {
		if !o.IsGap() && o.Partial() {
			p.Legend.Add("partial period (hollow)", legendGlyph{draw.GlyphStyle{Color: gray, Radius: vg.Points(3.5), Shape: draw.RingGlyph{}}})
			break
		}
	}
	p.X.Min = math.Floor(tmin) - 0.5
	p.X.Max = math.Ceil(hi) + 0.5
	// Leave headroom above the data for the legend in the top-left corner.
	ymax := 0.0
	for _, xy := range xys {
		ymax = math.Max(ymax, xy.Y)
	}
	if len(opt.Fits) > 0 && opt.ForecastTo > tmax {
		ymax = math.Max(ymax, opt.Fits[0].Forecast(opt.ForecastTo).PredHigh)
	}
	for _, f := range opt.Fits {
		ymax = math.Max(ymax, f.Eval(hi))
	}
	p.Y.Min = 0
	entries := len(sources) + len(opt.Fits) + 3 // sources, fits, band and two marker keys
	p.Y.Max = ymax * (1.05 + 0.065*float64(entries))
	wd, ht := opt.Width, opt.Height
	if wd == 0 {
		wd = 18 * vg.Centimeter
	}
	if ht == 0 {
		ht = 12 * vg.Centimeter
	}
	wt, err := p.WriterTo(wd, ht, "png")
	if err != nil {
		return fmt.Errorf("freight: plot: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("freight: plot: %w", err)
	}
	return nil
}

func unitLabel(s *Series) string {
	per := ""
	if len(s.Obs) > 0 && s.Obs[0].Period.Kind != Dates {
		per = " per " + s.Obs[0].Period.Kind.String()
	}
	switch s.Scale {
	case 1:
		return s.Unit.String() + per
	case 1e3:
		return "thousand " + s.Unit.String() + per
	case 1e6:
		return "million " + s.Unit.String() + per
	}
	return fmt.Sprintf("%s ×%g%s", s.Unit, s.Scale, per)
}

func fitLabel(f *Fit) string {
	switch f.Model {
	case Logistic, Gompertz:
		return fmt.Sprintf("%s fit: K = %.4g, r = %.3g/yr, tm = %.1f", f.Model, f.Params[0], f.Params[1], f.Params[2])
	}
	return fmt.Sprintf("%s fit: r = %.3g/yr", f.Model, f.Params[1])
}

// boundMark is an arrow from a qualified figure towards where the true
// value may lie.
type boundMark struct {
	x, y float64
	up   bool
	clr  color.Color
}

// boundMarks draws arrows for lower and upper bounds; it is a plot.Plotter
// and a legend thumbnail.
type boundMarks struct{ pts []boundMark }

// Plot draws the arrows; it implements plot.Plotter.
func (b *boundMarks) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for _, m := range b.pts {
		drawArrow(&c, trX(m.x), trY(m.y), m.up, m.clr)
	}
}

// Thumbnail draws one arrow in a legend entry.
func (b *boundMarks) Thumbnail(c *draw.Canvas) {
	if len(b.pts) == 0 {
		return
	}
	x := (c.Min.X + c.Max.X) / 2
	drawArrow(c, x, c.Min.Y, b.pts[0].up, b.pts[0].clr)
}

func drawArrow(c *draw.Canvas, x, y vg.Length, up bool, clr color.Color) {
	l := vg.Points(14)
	h := vg.Points(4)
	dir := vg.Length(1)
	if !up {
		dir = -1
	}
	sty := draw.LineStyle{Color: clr, Width: vg.Points(1.2)}
	tip := y + dir*l
	c.StrokeLine2(sty, x, y, x, tip)
	c.FillPolygon(clr, []vg.Point{{X: x - h, Y: tip - dir*h}, {X: x + h, Y: tip - dir*h}, {X: x, Y: tip + dir*h/2}})
}

// legendGlyph is a legend thumbnail drawing one glyph.
type legendGlyph struct{ sty draw.GlyphStyle }

// Thumbnail draws the glyph in a legend entry.
func (g legendGlyph) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(g.sty, c.Center())
}

// diamondGlyph marks approximate figures.
type diamondGlyph struct{}

// DrawGlyph fills a diamond of the style's radius (×1.2) centred on pt.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.2
	c.FillPolygon(sty.Color, []vg.Point{{X: pt.X, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y}, {X: pt.X, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y}})
}
