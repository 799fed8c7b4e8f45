package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/borderzone/borderzone/indices"
	"github.com/borderzone/borderzone/indices/sensor"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

func init() {
	register("index", "compute a spectral index (catalogue or formula) into a Float32 GeoTIFF, or list the catalogue", runIndex)
}

// bandFlags collects repeated -band LETTER=file.tif[:band] flags.
type bandFlags map[string]bandInput

// bandInput is one input band: a file and its 1-based band number.
type bandInput struct {
	path string
	band int
}

// String returns the flag's value as the command line gives it (flag.Value).
func (b bandFlags) String() string {
	var parts []string
	for _, k := range sortedNames(b) {
		parts = append(parts, fmt.Sprintf("%s=%s:%d", k, b[k].path, b[k].band))
	}
	return strings.Join(parts, " ")
}

// Set parses LETTER=file.tif or LETTER=file.tif:BAND (BAND 1-based, as in
// GDAL).
func (b bandFlags) Set(v string) error {
	name, spec, ok := strings.Cut(v, "=")
	if !ok || name == "" || spec == "" {
		return fmt.Errorf("want LETTER=file.tif[:band], got %q", v)
	}
	if _, dup := b[name]; dup {
		return fmt.Errorf("band %s given twice", name)
	}
	in := bandInput{path: spec, band: 1}
	if i := strings.LastIndexByte(spec, ':'); i > 0 {
		if n, err := strconv.Atoi(spec[i+1:]); err == nil {
			if n < 1 {
				return fmt.Errorf("band %s: band number %d must be 1 or more", name, n)
			}
			in = bandInput{path: spec[:i], band: n}
		}
	}
	b[name] = in
	return nil
}

// paramFlags collects repeated -param NAME=VALUE flags.
type paramFlags map[string]float64

// String returns the flag's value as the command line gives it (flag.Value).
func (p paramFlags) String() string {
	var parts []string
	for _, k := range sortedNames(p) {
		parts = append(parts, fmt.Sprintf("%s=%g", k, p[k]))
	}
	return strings.Join(parts, " ")
}

// Set parses one occurrence of the flag (flag.Value).
func (p paramFlags) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	f, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return fmt.Errorf("constant %s: %w", name, err)
	}
	p[name] = f
	return nil
}

func sortedNames[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// indexFlags are the flags of `borderzone index`. Sources of input bands
// other than -band (such as a product folder) and masks plug in where
// inputs are gathered in runIndex.
type indexFlags struct {
	index, expr, out      string
	list                  bool
	domain, platform      string
	kernel                string
	compress              string
	bands                 bandFlags
	product, mask         string
	baseline              string
	params                paramFlags
	tileWidth, tileHeight int
}

func (f *indexFlags) register(fs *flag.FlagSet) {
	f.bands, f.params = bandFlags{}, paramFlags{}
	fs.StringVar(&f.index, "index", "", "catalogue index short name (NDVI, EVI, kNDVI, ...; see -list)")
	fs.StringVar(&f.expr, "expr", "", `formula over band letters and constants, as "(N - R) / (N + R)"`)
	fs.Var(f.bands, "band", "input band LETTER=file.tif[:band] (band 1-based, default 1); repeat per letter")
	fs.StringVar(&f.product, "product", "", "product folder: a Landsat Collection 2 (or older) folder with its MTL, or a Sentinel-2 band set; its bands become the letters, in reflectance 0–1 or kelvin")
	fs.StringVar(&f.mask, "mask", "", "with -product: mask these quality conditions to NaN, e.g. clouds,shadow,cirrus>=medium (QA_PIXEL, BQA or SCL)")
	fs.StringVar(&f.baseline, "baseline", "", "with -product: Sentinel-2 processing baseline (04.00 and later subtract 1000 from the digital numbers) when the folder does not say")
	fs.Var(f.params, "param", "constant NAME=VALUE overriding the catalogue default (L=0.5, sigma=0.15, lambdaN=865, ...); repeatable")
	fs.StringVar(&f.kernel, "kernel", "rbf", "kernel of the kernel indices: rbf, polynomial or linear")
	fs.StringVar(&f.out, "o", "", "output GeoTIFF (Float32, NaN for no data)")
	fs.StringVar(&f.compress, "compress", "deflate", "output compression: none, deflate, lzw, zstd or packbits (predictor 3 with deflate, lzw and zstd)")
	fs.IntVar(&f.tileWidth, "tilewidth", 0, "tile width of the output (with -tileheight; default strips)")
	fs.IntVar(&f.tileHeight, "tileheight", 0, "tile height of the output")
	fs.BoolVar(&f.list, "list", false, "list the catalogue's indices (with -domain, -platform)")
	fs.StringVar(&f.domain, "domain", "", "with -list: only this application domain (vegetation, water, burn, urban, soil, radar, snow, clouds, kernel)")
	fs.StringVar(&f.platform, "platform", "", "with -list: only indices with this platform (Sentinel-2, Landsat-OLI, Landsat-TM, Landsat-ETM+, MODIS, ...)")
}

// runIndex implements
//
//	borderzone index (-index NAME | -expr FORMULA) -band N=nir.tif[:band] ... [-param L=0.5 ...] -o out.tif
//	borderzone index -list [-domain urban] [-platform Sentinel-2]
//
// The index is computed window by window while the output is written
// (geotiff.WriteSource), so memory stays at a few blocks per band whatever
// the size of the inputs. Inputs must share one grid and be in physical
// units (reflectance 0–1 for the optical letters): a file's scale and
// offset (GDAL metadata) are applied on reading, raw digital numbers are
// not converted. The output is Float32 with NaN for no data, DEFLATE with
// the floating-point predictor by default.
func runIndex(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f indexFlags
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone index (-index NAME | -expr FORMULA) (-product DIR [-mask clouds,shadow] | -band LETTER=file.tif[:band] ...) [-param NAME=VALUE ...] -o out.tif")
		fmt.Fprintln(stderr, "       borderzone index -list [-domain DOMAIN] [-platform PLATFORM]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if f.list {
		return listIndices(&f, stdout, stderr)
	}
	if (f.index == "") == (f.expr == "") || f.out == "" {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "borderzone index: %v\n", oneLine(err))
		return 1
	}
	opt := &indices.Options{Constants: f.params}
	switch strings.ToLower(f.kernel) {
	case "rbf":
		opt.Kernel = indices.RBF
	case "polynomial", "poly":
		opt.Kernel = indices.Polynomial
	case "linear":
		opt.Kernel = indices.Linear
	default:
		return fail(fmt.Errorf("unknown kernel %q (rbf, polynomial or linear)", f.kernel))
	}
	var prog *indices.Program
	var err error
	if f.index != "" {
		ix, err := indices.Lookup(f.index)
		if err != nil {
			return fail(err)
		}
		if prog, err = ix.Compile(opt); err != nil {
			return fail(err)
		}
	} else if prog, err = indices.Compile(f.expr, opt); err != nil {
		return fail(err)
	}

	if f.mask != "" && f.product == "" {
		return fail(fmt.Errorf("-mask needs -product (the mask comes from the product's quality band)"))
	}
	var product *sensor.Product
	if f.product != "" {
		popt := &sensor.Options{Sentinel2Baseline: f.baseline}
		if f.mask != "" {
			if popt.Mask, err = sensor.ParseConditions(f.mask); err != nil {
				return fail(fmt.Errorf("-mask: %w", err))
			}
		}
		if product, err = sensor.Open(f.product, popt); err != nil {
			return fail(err)
		}
		defer product.Close()
		if popt.Mask != nil {
			// Count window by window, so the report costs a few rows of
			// the quality band, not the whole scene.
			var keep, masked, fill int
			g := product.Grid
			for win := range raster.RowChunks(g.Width, g.Height, max(1, (1<<22)/g.Width)) {
				m, err := product.Mask(context.Background(), popt.Mask, win)
				if err != nil {
					return fail(err)
				}
				k, ms, fl := m.Counts()
				keep, masked, fill = keep+k, masked+ms, fill+fl
			}
			clear := math.NaN() // as Mask.ClearFraction: no pixel with data
			if keep+masked > 0 {
				clear = float64(keep) / float64(keep+masked)
			}
			fmt.Fprintf(stdout, "%s: mask %s keeps %.1f %% of the %d pixels with data (%d masked, %d fill)\n",
				product.Name, f.mask, 100*clear, keep+masked, masked, fill)
		}
	}

	// Gather one single-band source per input letter: from -band when
	// given, else from the product.
	inputs := map[string]raster.Source{}
	for _, letter := range prog.Bands() {
		in, ok := f.bands[letter]
		if !ok && product != nil {
			src, err := product.Source(letter)
			if err != nil {
				return fail(fmt.Errorf("%s needs band %s: %w", prog.Name(), letter, err))
			}
			inputs[letter] = src
			continue
		}
		if !ok {
			return fail(fmt.Errorf("%s needs band %s: give -band %s=file.tif or -product DIR", prog.Name(), letter, letter))
		}
		file, err := geotiff.Open(in.path)
		if err != nil {
			return fail(err)
		}
		defer file.Close()
		src, err := indices.SelectBand(file, in.band-1)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", in.path, err))
		}
		inputs[letter] = src
	}
	for _, letter := range sortedNames(f.bands) {
		if _, used := inputs[letter]; !used {
			fmt.Fprintf(stderr, "borderzone index: warning: band %s is not used by %s\n", letter, prog.Name())
		}
	}
	src, err := indices.NewSource(prog, inputs)
	if err != nil {
		return fail(fmt.Errorf("%w (bands: %s)", err, f.bands))
	}
	wopt := &geotiff.Options{Type: geotiff.Float32, TileWidth: f.tileWidth, TileHeight: f.tileHeight}
	if wopt.Compression, err = parseCompression(f.compress); err != nil {
		return fail(err)
	}
	switch wopt.Compression {
	case geotiff.CompressionDeflate, geotiff.CompressionLZW, geotiff.CompressionZSTD:
		wopt.Predictor = 3
	}
	out, err := os.Create(f.out)
	if err != nil {
		return fail(err)
	}
	if err := geotiff.WriteSource(context.Background(), out, src, wopt); err != nil {
		out.Close()
		os.Remove(f.out)
		return fail(fmt.Errorf("%s: %w", f.out, err))
	}
	if err := out.Close(); err != nil {
		return fail(fmt.Errorf("%s: %w", f.out, err))
	}
	g := src.RasterGrid()
	fmt.Fprintf(stdout, "wrote %s: %s = %s, %dx%d in %s\n", f.out, prog.Name(), prog.Formula(), g.Width, g.Height, g.CRS)
	return 0
}

// listIndices prints the catalogue as a table: short name, domain, long
// name and formula.
func listIndices(f *indexFlags, stdout, stderr io.Writer) int {
	list := indices.All()
	if f.domain != "" {
		list = indices.ByDomain(f.domain)
		if len(list) == 0 {
			fmt.Fprintf(stderr, "borderzone index: no domain %q (domains: %s)\n", f.domain, strings.Join(indices.Domains(), ", "))
			return 1
		}
	}
	if f.platform != "" {
		var kept []*indices.Index
		for _, ix := range list {
			for _, p := range ix.Platforms {
				if strings.EqualFold(p, f.platform) {
					kept = append(kept, ix)
					break
				}
			}
		}
		if len(indices.ByPlatform(f.platform)) == 0 {
			fmt.Fprintf(stderr, "borderzone index: no platform %q (platforms: %s)\n", f.platform, strings.Join(indices.Platforms(), ", "))
			return 1
		}
		list = kept
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDOMAIN\tLONG NAME\tFORMULA")
	for _, ix := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ix.ShortName, ix.Domain, ix.LongName, ix.Formula)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d indices\n", len(list))
	return 0
}
