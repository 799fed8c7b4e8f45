package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/borderzone/borderzone/asymmetry"
	"github.com/borderzone/borderzone/zones"
)

func init() {
	register("gradient", "profile of a value against signed distance from the border, and the jump at the line", runGradient)
}

// runGradient implements
//
//	borderzone gradient -value v.tif[:band] -distance d.tif (-bands WIDTH,MAX | -edges E0,E1,...)
//	                    [-stat mean|median] [-block 2000] [-reps 999] [-seed S] [-level 0.95]
//	                    [-names NEG,POS] [-plot g.png] [-title T] [-ylabel L]
//	                    [-rd] [-bandwidth H] [-max-pixels N] -o g.csv
//
// It writes the statistic of the value in each distance band on each side
// with block-bootstrap intervals as CSV (asymmetry.Profile.WriteCSV) and,
// with -plot, as a PNG chart against signed distance. With -rd it also
// estimates the jump at the border by local linear regression
// (asymmetry.Discontinuity) with the bandwidth -bandwidth in metres or,
// when it is 0, the Imbens–Kalyanaraman bandwidth, clustering the standard
// error by the -block blocks (HC1 when -block is 0), prints it and draws
// the two fitted lines on the plot.
func runGradient(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gradient", flag.ContinueOnError)
	fs.SetOutput(stderr)
	valueSpec := fs.String("value", "", "GeoTIFF[:band] of the value (band 1-based)")
	distPath := fs.String("distance", "", "GeoTIFF of the signed distance to the border in metres")
	bands := fs.String("bands", "", "WIDTH,MAX: bands of WIDTH metres out to MAX metres on each side")
	edgesFlag := fs.String("edges", "", "band edges in metres, increasing (instead of -bands)")
	statName := fs.String("stat", "mean", "statistic per band: mean or median")
	block := fs.Float64("block", 2000, "side in metres of the bootstrap blocks and the clusters of -rd (0: single pixels)")
	reps := fs.Int("reps", 999, "bootstrap replicates")
	seed := fs.Uint64("seed", 1, "random seed")
	level := fs.Float64("level", 0.95, "confidence level")
	names := fs.String("names", "", "NEG,POS: names of the negative and positive sides")
	plotPath := fs.String("plot", "", "write the profile as a PNG chart")
	title := fs.String("title", "", "title of the chart")
	ylabel := fs.String("ylabel", "", "label of the chart's value axis (default: the value file's name)")
	rd := fs.Bool("rd", false, "estimate the jump at the border by local linear regression")
	bandwidth := fs.Float64("bandwidth", 0, "with -rd: bandwidth in metres (0: Imbens-Kalyanaraman)")
	maxPix := fs.Int("max-pixels", 0, "subsample about this many pixels (0: all for the profile, 500000 for -rd)")
	out := fs.String("o", "", "output CSV of the profile")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: borderzone gradient -value v.tif[:band] -distance d.tif (-bands W,MAX | -edges E0,E1,...) [-stat mean] [-plot g.png] [-rd] [-bandwidth H] -o g.csv")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 || *valueSpec == "" || *distPath == "" || *out == "" || (*bands == "") == (*edgesFlag == "") {
		fs.Usage()
		return 2
	}
	fail := func(what string, err error) int {
		fmt.Fprintf(stderr, "borderzone gradient: %s: %v\n", what, oneLine(err))
		return 1
	}
	var edges []float64
	var err error
	if *bands != "" {
		v, err := parseFloats(*bands)
		if err != nil || len(v) != 2 {
			return fail("-bands", fmt.Errorf("want WIDTH,MAX in metres, got %q", *bands))
		}
		if edges, err = zones.BandEdges(v[0], v[1]); err != nil {
			return fail("-bands", err)
		}
	} else if edges, err = parseFloats(*edgesFlag); err != nil {
		return fail("-edges", err)
	}
	stat, err := asymmetry.ParseStatistic(*statName)
	if err != nil {
		return fail("-stat", err)
	}
	opt := &asymmetry.GradientOptions{
		Statistic: stat,
		Bootstrap: asymmetry.BootstrapOptions{Replicates: *reps, Level: *level, Seed: *seed},
		BlockSize: *block,
		MaxPixels: *maxPix,
	}
	if *names != "" {
		n := strings.Split(*names, ",")
		if len(n) != 2 || n[0] == "" || n[1] == "" {
			return fail("-names", fmt.Errorf("want NEG,POS, got %q", *names))
		}
		opt.NegativeName, opt.PositiveName = n[0], n[1]
	}
	ctx := context.Background()
	value, err := readBandSpec(ctx, *valueSpec)
	if err != nil {
		return fail(*valueSpec, err)
	}
	dist, err := readBandSpec(ctx, *distPath)
	if err != nil {
		return fail(*distPath, err)
	}
	prof, err := asymmetry.Gradient(ctx, value, dist, edges, opt)
	if err != nil {
		return fail("gradient", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		return fail(*out, err)
	}
	if err := prof.WriteCSV(f); err != nil {
		f.Close()
		return fail(*out, err)
	}
	if err := f.Close(); err != nil {
		return fail(*out, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %s of %s in %d distance bands per side (%s negative, %s positive) out to %g m\n",
		*out, stat, value.Name, len(edges)-1, prof.NegativeName, prof.PositiveName, edges[len(edges)-1])
	var jump *asymmetry.RDEstimate
	if *rd {
		jump, err = asymmetry.Discontinuity(ctx, value, dist, &asymmetry.RDOptions{Bandwidth: *bandwidth, Level: *level, BlockSize: *block, MaxPixels: *maxPix, Seed: *seed})
		if err != nil {
			return fail("-rd", err)
		}
		fmt.Fprintf(stdout, "jump at the border (%s minus %s): %.6g, SE %.4g (%s), %.0f%% CI [%.6g, %.6g], p = %.4g\n",
			prof.PositiveName, prof.NegativeName, jump.Jump, jump.SE, jump.SEType, 100*jump.Level, jump.Low, jump.High, jump.P)
		fmt.Fprintf(stdout, "  limits %.6g (%s) and %.6g (%s); bandwidth %.6g m (%s); %d + %d pixels within it",
			jump.LimitNegative, prof.NegativeName, jump.LimitPositive, prof.PositiveName, jump.Bandwidth, jump.BandwidthRule, jump.NNegative, jump.NPositive)
		if jump.Clusters > 0 {
			fmt.Fprintf(stdout, " in %d blocks of %g m", jump.Clusters, *block)
		}
		fmt.Fprintln(stdout)
	}
	if *plotPath != "" {
		yl := *ylabel
		if yl == "" {
			yl = fmt.Sprintf("%s of %s", stat, value.Name)
		}
		pf, err := os.Create(*plotPath)
		if err != nil {
			return fail(*plotPath, err)
		}
		if err := prof.Plot(pf, asymmetry.ProfilePlotOptions{Title: *title, YLabel: yl, Discontinuity: jump}); err != nil {
			pf.Close()
			return fail(*plotPath, err)
		}
		if err := pf.Close(); err != nil {
			return fail(*plotPath, err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", *plotPath)
	}
	return 0
}
