package main

// `borderzone classify METHOD ...` classifies rasters into a palette
// GeoTIFF. Each method is a function in classifyMethods, keyed by its name:
// this file adds "kmeans" and "rules"; other files add theirs (the random
// forest's classify_rf.go adds "rf") from their init functions, as
//
//	func init() { classifyMethods["rf"] = runClassifyRF }
//
// A method gets the arguments after its name and returns the exit code, as
// a command does; writeClassified and the -band/stack input helpers below
// are there for every method to share.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// classifyMethods maps each method of `borderzone classify` to its runner;
// files add to it in init.
var classifyMethods = map[string]func(args []string, stdout, stderr io.Writer) int{}

func init() {
	register("classify", "classify rasters by k-means or rules (and other methods) into a palette GeoTIFF", runClassify)
	classifyMethods["kmeans"] = runClassifyKMeans
	classifyMethods["rules"] = runClassifyRules
}

func classifyUsage(w io.Writer) {
	names := make([]string, 0, len(classifyMethods))
	for n := range classifyMethods {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "usage: borderzone classify METHOD [flags] ...\n\nmethods: %s\n", strings.Join(names, ", "))
	fmt.Fprintln(w, "run \"borderzone classify METHOD -h\" for a method's flags")
}

// runClassify dispatches to the method named by the first argument.
func runClassify(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		classifyUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	run, ok := classifyMethods[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "borderzone classify: unknown method %q\n", args[0])
		classifyUsage(stderr)
		return 2
	}
	return run(args[1:], stdout, stderr)
}

// runClassifyKMeans implements
//
//	borderzone classify kmeans -k 8 [-restarts N] [-sample N] [-seed S] [-maxiter N] -o classes.tif in.tif [more.tif ...]
//
// Every band of every input (which must share one grid) is a feature. The
// centres are fitted on a uniform sample of pixels (-sample, default
// 1,000,000) read strip by strip, then every pixel is assigned to its
// nearest centre, so memory stays bounded whatever the scene's size. The
// output holds cluster codes 1–k ("cluster 1" ...) with a palette, 0 where
// any input band has no data.
func runClassifyKMeans(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify kmeans", flag.ContinueOnError)
	fs.SetOutput(stderr)
	k := fs.Int("k", 8, "number of clusters")
	restarts := fs.Int("restarts", 1, "k-means++ restarts; the fit with the lowest inertia is kept")
	sample := fs.Int("sample", 1_000_000, "pixels drawn to fit the centres (all of a smaller raster)")
	seed := fs.Uint64("seed", 0, "random seed (same seed, same map, on any number of cores)")
	maxIter := fs.Int("maxiter", 300, "Lloyd iterations cap per restart")
	out := fs.String("o", "", "output GeoTIFF (Byte or UInt16 codes with a palette)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone classify kmeans -k 8 [-restarts N] [-sample N] [-seed S] -o classes.tif in.tif [more.tif ...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone classify kmeans: %v\n", oneLine(err))
		return 1
	}
	var src classifyBands
	for _, path := range fs.Args() {
		f, err := geotiff.Open(path)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		for b := range f.NumBands() {
			if err := src.add(f, b, fmt.Sprintf("%s band %d", path, b+1)); err != nil {
				return fail(err)
			}
		}
	}
	ctx := context.Background()
	km, err := classify.FitKMeansSource(ctx, &src, classify.KMeansOptions{K: *k, Restarts: *restarts, SampleSize: *sample, Seed: *seed, MaxIter: *maxIter})
	if err != nil {
		return fail(err)
	}
	labels, err := classify.ClassifySource(ctx, km, &src, nil)
	if err != nil {
		return fail(err)
	}
	if err := writeClassified(*out, labels); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "k-means: k=%d, %d features, inertia %.6g after %d iterations\n", *k, km.NumFeatures(), km.Inertia, km.Iterations)
	printClassCounts(stdout, labels)
	for c, centre := range km.Centres {
		parts := make([]string, len(centre))
		for j, v := range centre {
			parts[j] = fmt.Sprintf("%.6g", v)
		}
		fmt.Fprintf(stdout, "  centre %d: %s\n", c+1, strings.Join(parts, " "))
	}
	return 0
}

// runClassifyRules implements
//
//	borderzone classify rules -rules rules.json [-band NAME=file.tif[:band] ...] [stack.tif ...] -o classes.tif
//
// The rule file (schema in classify.ParseRules) names bands; each comes
// from a -band flag, or else from a band of a stack file whose description
// (GDAL band description, as `borderzone index` and rasterio write) is that
// name. Bands are read strip by strip.
func runClassifyRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesPath := fs.String("rules", "", "JSON rule file (see go doc classify.ParseRules)")
	bands := bandFlags{}
	fs.Var(bands, "band", "input band NAME=file.tif[:band] (band 1-based, default 1) for each band the rules name; repeatable")
	out := fs.String("o", "", "output GeoTIFF (Byte or UInt16 codes with a palette)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone classify rules -rules rules.json [-band NAME=file.tif[:band] ...] [stack.tif ...] -o classes.tif")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || *rulesPath == "" || (fs.NArg() == 0 && len(bands) == 0) {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone classify rules: %v\n", oneLine(err))
		return 1
	}
	rc, err := classify.ReadRulesFile(*rulesPath)
	if err != nil {
		return fail(err)
	}
	// Band descriptions of the stack files, for the names no -band gives.
	type stackBand struct {
		f    *geotiff.File
		path string
		band int
	}
	described := map[string]stackBand{}
	var stackNames []string
	for _, path := range fs.Args() {
		f, err := geotiff.Open(path)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		for b := range f.NumBands() {
			name := f.Description(b)
			if name == "" {
				continue
			}
			if prev, dup := described[name]; dup {
				return fail(fmt.Errorf("band name %q is both %s band %d and %s band %d", name, prev.path, prev.band+1, path, b+1))
			}
			described[name] = stackBand{f, path, b}
			stackNames = append(stackNames, name)
		}
	}
	var src classifyBands
	opened := map[string]*geotiff.File{}
	for _, name := range rc.FeatureNames() {
		if in, ok := bands[name]; ok {
			f := opened[in.path]
			if f == nil {
				if f, err = geotiff.Open(in.path); err != nil {
					return fail(err)
				}
				defer f.Close()
				opened[in.path] = f
			}
			if in.band > f.NumBands() {
				return fail(fmt.Errorf("band %s: %s has %d bands, not %d", name, in.path, f.NumBands(), in.band))
			}
			if err := src.add(f, in.band-1, fmt.Sprintf("band %s (%s band %d)", name, in.path, in.band)); err != nil {
				return fail(err)
			}
			continue
		}
		if sb, ok := described[name]; ok {
			if err := src.add(sb.f, sb.band, fmt.Sprintf("band %s (%s band %d)", name, sb.path, sb.band+1)); err != nil {
				return fail(err)
			}
			continue
		}
		return fail(fmt.Errorf("%s: the rules read band %q: give -band %s=file.tif or a stack whose band description is %s (stack bands: %q)", *rulesPath, name, name, name, stackNames))
	}
	for _, name := range sortedNames(bands) {
		if !containsName(rc.FeatureNames(), name) {
			fmt.Fprintf(stderr, "borderzone classify rules: warning: band %s is not used by the rules\n", name)
		}
	}
	labels, err := classify.ClassifySource(context.Background(), rc, &src, nil)
	if err != nil {
		return fail(err)
	}
	if err := writeClassified(*out, labels); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "rules %s: bands %s\n", *rulesPath, strings.Join(rc.FeatureNames(), ", "))
	printClassCounts(stdout, labels)
	return 0
}

func containsName(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// writeClassified writes labels as a DEFLATE-compressed, tiled GeoTIFF
// with the class palette and names (Byte when every code fits, else
// UInt16; 0 is "none" and nodata).
func writeClassified(path string, l *raster.Labels) error {
	opt := &geotiff.Options{Compression: geotiff.CompressionDeflate, Predictor: 2, TileWidth: 256, TileHeight: 256}
	if l.Grid.Width < 256 || l.Grid.Height < 256 {
		opt.TileWidth, opt.TileHeight = 0, 0
	}
	if err := geotiff.WriteFile(path, l, opt); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// printClassCounts writes the pixel count and share of each class.
func printClassCounts(w io.Writer, l *raster.Labels) {
	counts := map[uint16]int{}
	for _, c := range l.Data {
		counts[c]++
	}
	total := len(l.Data)
	if total == 0 {
		return
	}
	for _, c := range l.Classes {
		fmt.Fprintf(w, "  %5d %-20s %12d pixels %6.2f %%\n", c.Code, c.Name, counts[c.Code], 100*float64(counts[c.Code])/float64(total))
	}
	if counts[0] > 0 {
		fmt.Fprintf(w, "  %5d %-20s %12d pixels %6.2f %%\n", 0, "(none / no data)", counts[0], 100*float64(counts[0])/float64(total))
	}
}

// classifyBands is a raster.Source made of single bands of several files on one
// grid, in order. Bands of one file are read together (a pixel-interleaved
// file decodes each block once for all its bands) and kept until another
// window is asked for, since the classifiers read every band of a window
// in turn.
type classifyBands struct {
	srcs  []raster.Source
	bands []int
	names []string

	mu       sync.Mutex
	cacheWin image.Rectangle
	cache    map[int]*raster.Band // by position in the list
}

// multiBandReader is a source that reads several bands of a window at once
// (a geotiff.Image).
type multiBandReader interface {
	ReadStack(ctx context.Context, bands []int, win image.Rectangle) (*raster.Stack, error)
}

// add appends band b of src; its grid must match the first band's.
func (l *classifyBands) add(src raster.Source, b int, name string) error {
	if b < 0 || b >= src.NumBands() {
		return fmt.Errorf("%s: no such band (%d bands)", name, src.NumBands())
	}
	if len(l.srcs) > 0 {
		if err := l.srcs[0].RasterGrid().Match(src.RasterGrid()); err != nil {
			return fmt.Errorf("%s is not on the grid of %s: %w", name, l.names[0], err)
		}
	}
	l.srcs, l.bands, l.names = append(l.srcs, src), append(l.bands, b), append(l.names, name)
	return nil
}

// RasterGrid returns the grid of the raster (raster.Source).
func (l *classifyBands) RasterGrid() raster.Grid {
	if len(l.srcs) == 0 {
		return raster.Grid{}
	}
	return l.srcs[0].RasterGrid()
}

// NumBands returns the number of bands (raster.Source).
func (l *classifyBands) NumBands() int { return len(l.srcs) }

// ReadWindow returns band's values inside win, NaN for no data (raster.Source).
func (l *classifyBands) ReadWindow(ctx context.Context, band int, win image.Rectangle) (*raster.Band, error) {
	if band < 0 || band >= len(l.srcs) {
		return nil, errors.New("band out of range")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if win != l.cacheWin || l.cache == nil {
		l.cacheWin, l.cache = win, map[int]*raster.Band{}
	}
	if b, ok := l.cache[band]; ok {
		delete(l.cache, band)
		return b, nil
	}
	src := l.srcs[band]
	if sr, ok := src.(multiBandReader); ok {
		// Read every listed band of this file for the window at once.
		var pos, bands []int
		for i, s := range l.srcs {
			if s == src {
				pos, bands = append(pos, i), append(bands, l.bands[i])
			}
		}
		if len(pos) > 1 {
			st, err := sr.ReadStack(ctx, bands, win)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", l.names[band], err)
			}
			if len(st.Bands) != len(pos) {
				return nil, fmt.Errorf("%s: %d bands read, want %d", l.names[band], len(st.Bands), len(pos))
			}
			var out *raster.Band
			for k, i := range pos {
				if i == band {
					out = st.Bands[k]
				} else {
					l.cache[i] = st.Bands[k]
				}
			}
			return out, nil
		}
	}
	b, err := src.ReadWindow(ctx, l.bands[band], win)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.names[band], err)
	}
	return b, nil
}
