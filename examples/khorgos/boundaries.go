package main

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/examples/khorgos/sim"
	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Land-cover codes of the study's legend (the generator's codes).
const (
	classWater    = sim.Water
	classBuiltUp  = sim.BuiltUp
	classCropland = sim.Cropland
	classTrees    = sim.Trees
	classSteppe   = sim.Steppe
	classBare     = sim.Bare
	classSolar    = sim.Solar
)

// legendClasses is the land-cover legend of real scenes; -training
// polygons name these classes or give their codes.
func legendClasses() []raster.Class {
	// The generator's table: the same codes, names and colours on
	// simulated and real scenes.
	return sim.Classes()
}

// Default side names of the embedded boundaries: Kazakhstan west of the
// line is the negative side, China east of it the positive side, so
// profiles read west to east and jumps are China minus Kazakhstan.
const (
	defaultNegative = "KAZ"
	defaultPositive = "CHN"
)

// loadBoundaries reads the border line and the two sides: the -border and
// -sides files, or the embedded Khorgos ones. It runs first, so a bad file
// is reported before any scene is read.
func (st *study) loadBoundaries(context.Context) error {
	var err error
	if st.cfg.border != "" {
		if st.border, err = zones.ReadBorderFile(st.cfg.border); err != nil {
			return fmt.Errorf("-border: %w", err)
		}
	} else if st.border, err = zones.ReadBorder(bytes.NewReader(embeddedBorder()), "embedded Khorgos border line"); err != nil {
		return err
	}
	name := "embedded China/Kazakhstan polygons"
	var set *zones.Set
	if st.cfg.sides != "" {
		name = st.cfg.sides
		set, err = zones.ReadFile(st.cfg.sides, st.cfg.sideProp)
	} else {
		set, err = zones.Read(bytes.NewReader(embeddedCountries()), st.cfg.sideProp)
	}
	if err != nil {
		return fmt.Errorf("-sides %s: %w", name, err)
	}
	neg, pos := st.cfg.sideNames[0], st.cfg.sideNames[1]
	if neg == "" {
		if st.cfg.sides == "" {
			neg, pos = defaultNegative, defaultPositive
		} else {
			if len(set.Zones) < 2 {
				return fmt.Errorf("-sides %s: %d zones; two are needed", name, len(set.Zones))
			}
			neg, pos = set.Zones[0].ID, set.Zones[1].ID
		}
	}
	if st.sides, err = zones.SidesFromSet(set, neg, pos); err != nil {
		return fmt.Errorf("-sides %s: %w", name, err)
	}
	return nil
}

// signedDistance computes the signed distance of every pixel to the border
// and checks that the line crosses the scene.
func (st *study) signedDistance(ctx context.Context) error {
	neg, pos := st.sides.NegativeName, st.sides.PositiveName
	var err error
	if st.dist, err = zones.SignedDistance(ctx, st.grid, st.border, st.sides); err != nil {
		return fmt.Errorf("signed distance: %w", err)
	}
	var n [2]int
	near := math.Inf(1)
	for _, v := range st.dist.Data {
		near = math.Min(near, math.Abs(float64(v)))
		if v < 0 || (v == 0 && math.Signbit(float64(v))) {
			n[0]++
		} else if v >= 0 {
			n[1]++
		}
	}
	if n[0] == 0 || n[1] == 0 {
		return fmt.Errorf("the scene (%s) has %d pixels on side %s and %d on side %s: the border and sides (-border, -sides) must cross the scene", st.grid, n[0], neg, n[1], pos)
	}
	if near > bandWidth {
		return fmt.Errorf("the border line passes %.1f km from the nearest pixel of the scene (%s): the border (-border) must cross the scene", near/1000, st.grid)
	}
	st.log.printf("border: %d line parts; %d pixels in %s (negative side), %d in %s (positive side)", len(st.border.Lines), n[0], neg, n[1], pos)
	return nil
}
