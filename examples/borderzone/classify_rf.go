package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"math"
	"slices"
	"time"

	"github.com/borderzone/borderzone/classify"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
	"github.com/borderzone/borderzone/zones"
)

func init() {
	classifyMethods["rf"] = runClassifyRF
}

// runClassifyRF implements
//
//	borderzone classify rf -train polygons.geojson [-class-property class] [-trees 100]
//	                      [-test 0.3 | -test-polygons N] [-seed S] [-max-per-class N]
//	                      [-max-features M] [-min-leaf 1] [-max-depth D]
//	                      -o classes.tif (stack.tif | -band NAME=file.tif[:band] ...)
//
// The pixels whose centres lie in each training polygon are labelled with
// the polygon's class (a name or an integer code in -class-property);
// whole polygons, stratified by class, are held out for testing. It prints
// the out-of-bag error, the test accuracy on the held-out polygons and the
// feature importances, then classifies every pixel and writes a UInt16 or
// Byte GeoTIFF with the class palette and names (writeClassified), and the
// pixel count of each class. Only the window around the polygons is read
// for training and the map is classified strip by strip
// (classify.ClassifySource), so a full scene need not fit in memory.
func runClassifyRF(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify rf", flag.ContinueOnError)
	fs.SetOutput(stderr)
	train := fs.String("train", "", "training polygons (GeoJSON), each with a class property")
	classProp := fs.String("class-property", "class", "property holding each polygon's class: a name or an integer code 1–65535")
	trees := fs.Int("trees", 100, "number of trees")
	testFrac := fs.Float64("test", 0.3, "share of each class's polygons held out for testing (0: none)")
	testN := fs.Int("test-polygons", 0, "number of each class's polygons held out (instead of -test)")
	seed := fs.Uint64("seed", 0, "seed of the bootstrap samples, feature draws, caps and split")
	maxPerClass := fs.Int("max-per-class", 0, "cap on the training pixels drawn per class (0: all)")
	maxFeatures := fs.Int("max-features", 0, "features tried per split (0: floor(sqrt(bands)))")
	minLeaf := fs.Int("min-leaf", 1, "minimum training pixels per leaf")
	maxDepth := fs.Int("max-depth", 0, "maximum tree depth (0: unlimited)")
	out := fs.String("o", "", "output GeoTIFF of class codes")
	bands := bandFlags{}
	fs.Var(bands, "band", "input band NAME=file.tif[:band] (band 1-based, default 1); repeat per band, instead of a stack file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone classify rf -train polygons.geojson -o classes.tif [flags] (stack.tif | -band NAME=file.tif[:band] ...)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *train == "" || *out == "" || (fs.NArg() == 1) == (len(bands) > 0) || fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone classify rf: %v\n", oneLine(err))
		return 1
	}
	ctx := context.Background()
	src, names, closeAll, err := openFeatures(fs.Arg(0), bands)
	if err != nil {
		return fail(err)
	}
	defer closeAll()
	set, err := zones.ReadFile(*train, "")
	if err != nil {
		return fail(err)
	}
	// Only the window around the polygons is read for training; the map is
	// classified strip by strip, so the scene never has to fit in memory.
	g := src.RasterGrid()
	if !set.CRS.IsZero() && !g.CRS.IsZero() && !set.CRS.Same(g.CRS) {
		if set, err = set.Transform(g.CRS, 0); err != nil {
			return fail(fmt.Errorf("%s: %w", *train, err))
		}
	}
	win, err := polygonWindow(set, g)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *train, err))
	}
	stack, err := readStackWindow(ctx, src, names, win)
	if err != nil {
		return fail(err)
	}
	samples, err := classify.SamplesFromPolygons(ctx, set, stack, classify.PolygonSampling{
		ClassProperty: *classProp, MaxPerClass: *maxPerClass, Seed: *seed})
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *train, err))
	}
	trainSet, testSet := samples, (*classify.Samples)(nil)
	if *testFrac > 0 || *testN > 0 {
		if trainSet, testSet, err = classify.SplitByGroup(samples, classify.GroupSplit{TestFraction: *testFrac, TestGroups: *testN, Seed: *seed}); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(stdout, "training: %d pixels from %d polygons; test: %d pixels from %d polygons\n",
		len(trainSet.Y), trainSet.NumGroups(), testRows(testSet), testSet.NumGroups())
	start := time.Now()
	forest, err := classify.TrainForest(ctx, trainSet, classify.ForestOptions{Trees: *trees, MaxFeatures: *maxFeatures,
		MinLeaf: *minLeaf, MaxDepth: *maxDepth, Seed: *seed})
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "random forest: %d trees, %d nodes, trained in %.2f s\n", forest.NumTrees(), forest.NumNodes(), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "out-of-bag error: %.4f (%d pixels)\n", forest.OOBError(), forest.OOBRows())
	if testRows(testSet) > 0 {
		pred := make([]uint16, len(testSet.Y))
		forest.Predict(testSet.X, pred)
		right := 0
		for i, y := range testSet.Y {
			if pred[i] == y {
				right++
			}
		}
		fmt.Fprintf(stdout, "test accuracy: %.4f (%d of %d pixels of held-out polygons)\n", float64(right)/float64(len(pred)), right, len(pred))
	} else {
		fmt.Fprintln(stdout, "test accuracy: no held-out polygons")
	}
	fmt.Fprintln(stdout, "feature importance (mean decrease in Gini impurity):")
	imp := forest.Importance()
	names = forest.FeatureNames()
	order := make([]int, len(imp))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case imp[a] > imp[b]:
			return -1
		case imp[a] < imp[b]:
			return 1
		}
		return 0
	})
	for _, i := range order {
		fmt.Fprintf(stdout, "  %-12s %.4f\n", names[i], imp[i])
	}
	labels, err := classify.ClassifySource(ctx, forest, src, nil)
	if err != nil {
		return fail(err)
	}
	if err := writeClassified(*out, labels); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s: %dx%d, %d classes\n", *out, labels.Grid.Width, labels.Grid.Height, len(labels.Classes))
	printClassCounts(stdout, labels)
	return 0
}

// openFeatures opens the features: every band of a stack file (named by
// its band descriptions, "band1", "band2", ... without), or the -band
// inputs in name order. closeAll closes the files.
func openFeatures(path string, bands bandFlags) (src raster.Source, names []string, closeAll func(), err error) {
	var files []*geotiff.File
	closeAll = func() {
		for _, f := range files {
			f.Close()
		}
	}
	if path != "" {
		f, err := geotiff.Open(path)
		if err != nil {
			return nil, nil, closeAll, err
		}
		files = append(files, f)
		for b := range f.NumBands() {
			name := f.Description(b)
			if name == "" {
				name = fmt.Sprintf("band%d", b+1)
			}
			names = append(names, name)
		}
		return f, names, closeAll, nil
	}
	list := &classifyBands{}
	for _, name := range sortedNames(bands) {
		in := bands[name]
		f, err := geotiff.Open(in.path)
		if err != nil {
			return nil, nil, closeAll, err
		}
		files = append(files, f)
		if err := list.add(f, in.band-1, name+" ("+in.path+")"); err != nil {
			return nil, nil, closeAll, err
		}
		names = append(names, name)
	}
	return list, names, closeAll, nil
}

// polygonWindow returns the pixel window of g that holds every polygon of
// set (in g's CRS), with a pixel to spare, clipped to the grid.
func polygonWindow(set *zones.Set, g raster.Grid) (image.Rectangle, error) {
	var win image.Rectangle
	for _, z := range set.Zones {
		b := z.Geometry.Bound()
		minC, minR, maxC, maxR := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range [][2]float64{{b.Min[0], b.Min[1]}, {b.Max[0], b.Min[1]}, {b.Min[0], b.Max[1]}, {b.Max[0], b.Max[1]}} {
			c, r, err := g.PixelOf(p[0], p[1])
			if err != nil {
				return image.Rectangle{}, err
			}
			minC, maxC, minR, maxR = math.Min(minC, c), math.Max(maxC, c), math.Min(minR, r), math.Max(maxR, r)
		}
		r := image.Rect(int(math.Floor(max(minC, -1)))-1, int(math.Floor(max(minR, -1)))-1,
			int(math.Ceil(min(maxC, float64(g.Width)+1)))+1, int(math.Ceil(min(maxR, float64(g.Height)+1)))+1)
		win = win.Union(r.Intersect(g.Rect()))
	}
	if win.Empty() {
		return win, fmt.Errorf("no training polygon overlaps the stack's grid %s", g)
	}
	return win, nil
}

// readStackWindow reads window win of every band of src as a stack.
func readStackWindow(ctx context.Context, src raster.Source, names []string, win image.Rectangle) (*raster.Stack, error) {
	var list []*raster.Band
	for b := range src.NumBands() {
		band, err := src.ReadWindow(ctx, b, win)
		if err != nil {
			return nil, err
		}
		band.Name = names[b]
		list = append(list, band)
	}
	return raster.NewStack(list...)
}

func testRows(s *classify.Samples) int {
	if s == nil {
		return 0
	}
	return len(s.Y)
}
