package asymmetry

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Landscape levels for [LandscapeResult.WriteCSV].
const (
	LevelPatch     = "patch"
	LevelClass     = "class"
	LevelLandscape = "landscape"
)

// WriteCSV writes one level of r ("patch", "class" or "landscape") as CSV
// with a header row. Columns carry FRAGSTATS's metric names (AREA, PERIM,
// ..., CA, PLAND, ..., TA, CONTAG, ...) in FRAGSTATS's units (hectares,
// metres, per 100 ha, percent), preceded by the zone code and name (empty
// for a whole map) and the class code; undefined values (FRAGSTATS's N/A)
// are written as NA. Numbers are written in full precision.
func (r *LandscapeResult) WriteCSV(w io.Writer, level string) error {
	cw := csv.NewWriter(w)
	f := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "NA"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	zone := func(z Zone) []string {
		return []string{strconv.Itoa(int(z.Code)), z.Name}
	}
	var err error
	write := func(rec []string) {
		if err == nil {
			err = cw.Write(rec)
		}
	}
	switch level {
	case LevelPatch:
		write([]string{"zone", "zone_name", "PID", "class", "cells", "AREA", "PERIM", "GYRATE", "PARA", "SHAPE", "FRAC", "CONTIG", "ENN"})
		for _, p := range r.Patch {
			write(append(zone(p.Zone), strconv.Itoa(p.ID), strconv.Itoa(int(p.Class)), strconv.FormatInt(p.Cells, 10),
				f(p.Area), f(p.Perimeter), f(p.Gyrate), f(p.PARA), f(p.Shape), f(p.Frac), f(p.Contig), f(p.ENN)))
		}
	case LevelClass:
		write([]string{"zone", "zone_name", "class", "CA", "PLAND", "NP", "PD", "LPI", "TE", "ED", "LSI",
			"AREA_MN", "AREA_SD", "AREA_CV", "GYRATE_MN", "SHAPE_MN", "FRAC_MN", "PARA_MN", "CONTIG_MN", "ENN_MN",
			"COHESION", "AI", "DIVISION", "MESH", "SPLIT", "IJI"})
		for _, c := range r.Class {
			write(append(zone(c.Zone), strconv.Itoa(int(c.Class)), f(c.CA), f(c.PLAND), strconv.Itoa(c.NP), f(c.PD), f(c.LPI),
				f(c.TE), f(c.ED), f(c.LSI), f(c.AreaMN), f(c.AreaSD), f(c.AreaCV), f(c.GyrateMN), f(c.ShapeMN),
				f(c.FracMN), f(c.ParaMN), f(c.ContigMN), f(c.EnnMN), f(c.Cohesion), f(c.AI), f(c.Division),
				f(c.Mesh), f(c.Split), f(c.IJI)))
		}
	case LevelLandscape:
		write([]string{"zone", "zone_name", "TA", "NP", "PD", "LPI", "TE", "ED", "LSI",
			"AREA_MN", "AREA_SD", "AREA_CV", "GYRATE_MN", "SHAPE_MN", "FRAC_MN", "PARA_MN", "CONTIG_MN", "ENN_MN",
			"COHESION", "AI", "DIVISION", "MESH", "SPLIT", "IJI", "CONTAG", "PR", "SHDI", "SHEI", "SIDI"})
		for _, l := range r.Landscape {
			write(append(zone(l.Zone), f(l.TA), strconv.Itoa(l.NP), f(l.PD), f(l.LPI), f(l.TE), f(l.ED), f(l.LSI),
				f(l.AreaMN), f(l.AreaSD), f(l.AreaCV), f(l.GyrateMN), f(l.ShapeMN), f(l.FracMN), f(l.ParaMN),
				f(l.ContigMN), f(l.EnnMN), f(l.Cohesion), f(l.AI), f(l.Division), f(l.Mesh), f(l.Split),
				f(l.IJI), f(l.Contag), strconv.Itoa(l.PR), f(l.SHDI), f(l.SHEI), f(l.SIDI)))
		}
	default:
		return fmt.Errorf("asymmetry: landscape CSV: level %q: want patch, class or landscape", level)
	}
	if err != nil {
		return fmt.Errorf("asymmetry: landscape CSV: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("asymmetry: landscape CSV: %w", err)
	}
	return nil
}
