package main

import (
	"context"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/borderzone/borderzone/indices/sensor"
	"github.com/borderzone/borderzone/indices/thermal"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
	"github.com/borderzone/borderzone/zones"
)

// reflectanceLetters are the optical bands read from every scene, as
// catalogue letters: blue, green, red, near infrared, SWIR 1 and 2.
var reflectanceLetters = []string{"B", "G", "R", "N", "S1", "S2"}

// productDate finds the sensing date in a product name such as
// S2A_MSIL2A_20200219T112111_N0214_R037_T29RKH_20200219T123947.
var productDate = regexp.MustCompile(`_((?:19|20)\d\d)[01]\d[0-3]\dT\d{6}_`)

// maskConditions are the quality flags masked to no data: clouds (with the
// dilated cloud of QA_PIXEL) and cloud shadow.
const maskConditions = "clouds,shadow"

// loadScenes reads the two dates: the simulated scene or the -scene folders.
func (st *study) loadScenes(ctx context.Context) error {
	if st.simulated {
		return st.loadSimulated(ctx)
	}
	return st.loadReal(ctx)
}

// loadReal opens the two -scene products, the first cropped to -aoi, the
// second resampled onto the first's grid.
func (st *study) loadReal(ctx context.Context) error {
	st.legend = legendClasses()
	scenes := st.cfg.scenes
	for i, s := range scenes {
		if !isURLScene(s) {
			continue
		}
		dir := filepath.Join(st.cfg.out, sceneDir, fmt.Sprintf("scene%d", i+1))
		st.log.printf("fetching scene %d by HTTP range requests into %s", i+1, dir)
		if err := fetchScene(ctx, s, st.cfg.aoi, dir); err != nil {
			return err
		}
		scenes[i] = dir
	}
	first, err := sensor.Open(st.cfg.scenes[0], nil)
	if err != nil {
		return fmt.Errorf("-scene %s: %w", st.cfg.scenes[0], err)
	}
	win := first.Grid.Rect()
	if st.cfg.aoi != nil {
		if win, err = aoiWindow(first.Grid, *st.cfg.aoi); err != nil {
			first.Close()
			return fmt.Errorf("-aoi on %s: %w", st.cfg.scenes[0], err)
		}
	}
	if win.Dx()*win.Dy() > maxSize*maxSize {
		first.Close()
		return fmt.Errorf("-scene %s: the area is %d x %d pixels, more than %d x %d: crop it with -aoi", st.cfg.scenes[0], win.Dx(), win.Dy(), maxSize, maxSize)
	}
	if st.grid, err = first.Grid.Window(win); err != nil {
		first.Close()
		return err
	}
	st.dates[0], err = readDate(ctx, first, st.cfg.scenes[0], win)
	first.Close()
	if err != nil {
		return err
	}
	g := st.grid
	second, err := sensor.Open(st.cfg.scenes[1], &sensor.Options{Grid: &g})
	if err != nil {
		return fmt.Errorf("-scene %s: %w", st.cfg.scenes[1], err)
	}
	st.dates[1], err = readDate(ctx, second, st.cfg.scenes[1], g.Rect())
	second.Close()
	if err != nil {
		return err
	}
	for i := range st.dates {
		if st.cfg.years[i] != 0 {
			st.dates[i].year = st.cfg.years[i]
		}
		if st.dates[i].year == 0 {
			return fmt.Errorf("-scene %s: no acquisition date in the metadata: give -years", st.cfg.scenes[i])
		}
		st.dates[i].label = strconv.Itoa(st.dates[i].year)
	}
	if st.dates[0].label == st.dates[1].label {
		st.dates[0].label += "a"
		st.dates[1].label += "b"
	}
	if st.cfg.training != "" {
		set, err := zones.ReadFile(st.cfg.training, "")
		if err != nil {
			return fmt.Errorf("-training: %w", err)
		}
		if !set.CRS.IsZero() && !set.CRS.Same(st.grid.CRS) {
			if set, err = set.Transform(st.grid.CRS, 0); err != nil {
				return fmt.Errorf("-training %s: %w", st.cfg.training, err)
			}
		}
		st.training = [2]*zones.Set{set, set}
	}
	return nil
}

// readDate reads window win of a product: the optical bands with clouds and
// shadow masked, and the land-surface temperature in °C when the product has
// a thermal band.
func readDate(ctx context.Context, p *sensor.Product, source string, win image.Rectangle) (*date, error) {
	d := &date{product: p.Name, source: source}
	if p.Metadata != nil && !p.Metadata.Acquired.IsZero() {
		d.year = p.Metadata.Acquired.Year()
	} else if m := productDate.FindStringSubmatch(p.Name); m != nil {
		// Sentinel-2 names carry the sensing date: S2A_MSIL2A_20200219T112111_...
		d.year, _ = strconv.Atoi(m[1])
	}
	stack, err := p.ReadStack(ctx, reflectanceLetters, win)
	if err != nil {
		return nil, fmt.Errorf("%s: the study reads blue, green, red, near infrared, SWIR 1 and SWIR 2: %w", source, err)
	}
	if p.Quality != sensor.QualityNone {
		conds, err := sensor.ParseConditions(maskConditions)
		if err != nil {
			return nil, err
		}
		if d.mask, err = p.Mask(ctx, conds, win); err != nil {
			return nil, fmt.Errorf("%s: quality band: %w", source, err)
		}
		if err := d.mask.ApplyStack(stack); err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		d.clear = d.mask.ClearFraction()
	} else {
		d.clear = math.NaN()
	}
	d.stack = stack
	if p.Platform.IsLandsat() && hasThermal(p) {
		lst, err := p.LandSurfaceTemperature(ctx, win, thermal.Sobrino2004())
		if err != nil {
			return nil, fmt.Errorf("%s: land-surface temperature: %w", source, err)
		}
		if d.mask != nil {
			if err := d.mask.Apply(lst); err != nil {
				return nil, err
			}
		}
		for i, v := range lst.Data {
			lst.Data[i] = v - 273.15
		}
		lst.Name = "lst"
		d.lst = lst
	}
	return d, nil
}

// hasThermal reports whether the product has a thermal letter.
func hasThermal(p *sensor.Product) bool {
	for _, l := range p.Letters() {
		if sensor.IsThermal(l) {
			return true
		}
	}
	return false
}

// aoiWindow returns the pixel window of g covering a longitude/latitude
// box, clipped to the grid.
func aoiWindow(g raster.Grid, box [4]float64) (image.Rectangle, error) {
	dst, err := crs.FromRaster(g.CRS)
	if err != nil {
		return image.Rectangle{}, fmt.Errorf("the scene's CRS %s: %w", g.CRS, err)
	}
	tr, err := crs.NewTransformer(crs.WGS84(), dst)
	if err != nil {
		return image.Rectangle{}, err
	}
	minC, minR, maxC, maxR := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	// Corners and edge midpoints, so a rotated or curved image of the box
	// stays inside the window.
	for _, fx := range []float64{0, 0.5, 1} {
		for _, fy := range []float64{0, 0.5, 1} {
			x, y, err := tr.Transform(box[0]+fx*(box[2]-box[0]), box[1]+fy*(box[3]-box[1]))
			if err != nil {
				return image.Rectangle{}, err
			}
			c, r, err := g.PixelOf(x, y)
			if err != nil {
				return image.Rectangle{}, err
			}
			minC, maxC, minR, maxR = math.Min(minC, c), math.Max(maxC, c), math.Min(minR, r), math.Max(maxR, r)
		}
	}
	clamp := func(v float64) int { return int(math.Max(-1e9, math.Min(1e9, v))) }
	win := image.Rect(clamp(math.Floor(minC)), clamp(math.Floor(minR)), clamp(math.Ceil(maxC)), clamp(math.Ceil(maxR))).Intersect(g.Rect())
	if win.Dx() < 16 || win.Dy() < 16 {
		return image.Rectangle{}, fmt.Errorf("the box covers %d x %d pixels of the scene (%s); it needs at least 16 x 16", win.Dx(), win.Dy(), g)
	}
	return win, nil
}
