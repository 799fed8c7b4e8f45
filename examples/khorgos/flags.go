package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/borderzone/borderzone/examples/khorgos/sim"
)

// config holds the parsed command line.
type config struct {
	out        string
	quiet      bool
	size       int
	seed       uint64
	scenes     []string
	aoi        *[4]float64 // minlon, minlat, maxlon, maxlat
	border     string
	sides      string
	sideProp   string
	sideNames  [2]string // negative, positive; empty: defaults
	training   string
	classProp  string
	years      [2]int // 0: from the scenes' metadata
	employment string
	trees      int
	reps       int
	mmu        float64 // hectares
}

// sceneList collects repeated -scene flags.
type sceneList []string

// String returns the flag's value as the command line gives it (flag.Value).
func (l *sceneList) String() string { return strings.Join(*l, " ") }

// Set adds one -scene (flag.Value).
func (l *sceneList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("empty scene")
	}
	*l = append(*l, v)
	return nil
}

// maxSize bounds -size: a 4000 x 4000 simulated scene is 120 km on a side
// and already needs several GB for both dates.
const maxSize = 4000

// parseFlags reads the command line into a config, checking every value.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("khorgos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	var scenes sceneList
	var aoi, sideNames, years string
	fs.StringVar(&cfg.out, "out", "khorgos-report", "report folder (created; files in it are overwritten)")
	fs.BoolVar(&cfg.quiet, "quiet", false, "print nothing on the terminal")
	fs.IntVar(&cfg.size, "size", 1000, "simulated scene size in pixels of 30 m (1000: 30 x 30 km; memory about 0.35 GB per million pixels)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the simulated scene, the forest, the samples and the bootstrap")
	fs.Var(&scenes, "scene", "real scene: a Landsat Collection 1/2 Level-1 or Level-2 folder, a Sentinel-2 L2A band set, or a comma-separated list of the product's file URLs (COGs read by range requests, -aoi window only); give it twice, first date first")
	fs.StringVar(&aoi, "aoi", "", "minlon,minlat,maxlon,maxlat: crop real scenes to this box (WGS 84 degrees)")
	fs.StringVar(&cfg.border, "border", "", "GeoJSON border line (default: the embedded Khorgos line, Natural Earth)")
	fs.StringVar(&cfg.sides, "sides", "", "GeoJSON polygons of the two sides (default: the embedded China and Kazakhstan polygons)")
	fs.StringVar(&cfg.sideProp, "side-property", "iso_a3", "property of -sides naming each side")
	fs.StringVar(&sideNames, "side-names", "", "NEG,POS: the -sides zones on the negative and positive side of the line (default KAZ,CHN; with -sides, its first two zones)")
	fs.StringVar(&cfg.training, "training", "", "real scenes: GeoJSON training polygons with a class property (a name or code of the legend), on land whose class is the same at both dates; without it the random forest is skipped")
	fs.StringVar(&cfg.classProp, "class-property", "class", "property of -training holding each polygon's class")
	fs.StringVar(&years, "years", "", "Y1,Y2: years of the two real scenes (default: their acquisition dates)")
	fs.StringVar(&cfg.employment, "employment", "", "sector x place employment CSV (asymmetry.ReadEmploymentCSV) for the functional specialization")
	fs.IntVar(&cfg.trees, "trees", 60, "trees of the random forest")
	fs.Float64Var(&cfg.mmu, "mmu", 2, "minimum mapping unit of new built-up patches, hectares")
	fs.IntVar(&cfg.reps, "reps", 299, "bootstrap replicates of the intervals")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: khorgos [-out DIR] [-quiet] [-size N] [-seed S]\n       khorgos -scene DIR1 -scene DIR2 [-aoi minlon,minlat,maxlon,maxlat] [-border line.geojson] [-sides sides.geojson] [-training polygons.geojson] [-employment table.csv]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("unexpected argument %q (every input is a flag; see -h)", fs.Arg(0))
	}
	if cfg.out == "" {
		return nil, fmt.Errorf("-out: empty folder name")
	}
	if cfg.size < sim.MinSize || cfg.size > sim.MaxSize {
		return nil, fmt.Errorf("-size %d: want %d to %d pixels", cfg.size, sim.MinSize, sim.MaxSize)
	}
	if cfg.trees < 1 || cfg.trees > 1000 {
		return nil, fmt.Errorf("-trees %d: want 1 to 1000", cfg.trees)
	}
	if !(cfg.mmu >= 0 && cfg.mmu <= 1000) {
		return nil, fmt.Errorf("-mmu %g: want 0 to 1000 hectares", cfg.mmu)
	}
	if cfg.reps < 19 || cfg.reps > 9999 {
		return nil, fmt.Errorf("-reps %d: want 19 to 9999", cfg.reps)
	}
	cfg.scenes = scenes
	if len(scenes) != 0 && len(scenes) != 2 {
		return nil, fmt.Errorf("-scene given %d times: give it twice (first date, then second date) or not at all for the simulated run", len(scenes))
	}
	if len(scenes) == 0 && (aoi != "" || cfg.training != "" || years != "") {
		return nil, fmt.Errorf("-aoi, -training and -years apply to real scenes: give two -scene folders")
	}
	if aoi != "" {
		v, err := parseNumbers(aoi, 4)
		if err != nil {
			return nil, fmt.Errorf("-aoi: %w", err)
		}
		if !(v[0] < v[2] && v[1] < v[3]) || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
			return nil, fmt.Errorf("-aoi %q: want minlon,minlat,maxlon,maxlat in degrees with min < max", aoi)
		}
		cfg.aoi = &[4]float64{v[0], v[1], v[2], v[3]}
	}
	if sideNames != "" {
		n := strings.Split(sideNames, ",")
		if len(n) != 2 || strings.TrimSpace(n[0]) == "" || strings.TrimSpace(n[1]) == "" || n[0] == n[1] {
			return nil, fmt.Errorf("-side-names %q: want two different names NEG,POS", sideNames)
		}
		cfg.sideNames = [2]string{strings.TrimSpace(n[0]), strings.TrimSpace(n[1])}
	}
	if years != "" {
		v, err := parseNumbers(years, 2)
		if err != nil {
			return nil, fmt.Errorf("-years: %w", err)
		}
		if v[0] != math.Trunc(v[0]) || v[1] != math.Trunc(v[1]) || v[0] >= v[1] || v[0] < 1900 || v[1] > 2200 {
			return nil, fmt.Errorf("-years %q: want two increasing years such as 2014,2024", years)
		}
		cfg.years = [2]int{int(v[0]), int(v[1])}
	}
	return cfg, nil
}

// parseNumbers reads exactly n comma-separated finite numbers.
func parseNumbers(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("%q: want %d comma-separated numbers", s, n)
	}
	v := make([]float64, n)
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		v[i] = x
	}
	return v, nil
}
