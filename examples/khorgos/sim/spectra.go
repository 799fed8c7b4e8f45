package sim

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// SpectraCSV is the embedded spectral library (spectra.csv): real Landsat 8
// and Sentinel-2 pixels of each cover, made by internal/mkspectra; its
// header documents the sources and selection rules.
//
//go:embed spectra.csv
var SpectraCSV []byte

// Spectrum is one row of the spectral library: surface reflectance (0–1) of
// the Landsat 8/9 bands SR_B2..SR_B7 and a surface temperature in kelvin.
type Spectrum struct {
	// Class is the library class: "water", "builtup", "cropland",
	// "trees", "steppe", "bare", "solar" or "cloud".
	Class string
	// Scene, Row and Col say where the pixel comes from (Scene "mix" for
	// the steppe mixtures, whose Note names both pixels).
	Scene    string
	Row, Col int
	// Reflectance is blue, green, red, NIR, SWIR1, SWIR2.
	Reflectance [6]float64
	// Kelvin is the surface temperature assigned to the pixel.
	Kelvin float64
	// Note documents derived values.
	Note string
}

// LibraryClasses lists the classes of the spectral library in order: the
// seven land covers by code, then "cloud".
var LibraryClasses = []string{"water", "builtup", "cropland", "trees", "steppe", "bare", "solar", "cloud"}

// ParseSpectra reads a spectral library in the format of spectra.csv
// (lines starting with # are comments). Errors name the line.
func ParseSpectra(r io.Reader) ([]Spectrum, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 12
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("sim: spectra: header: %w", err)
	}
	if strings.Join(head, ",") != "class,scene,row,col,blue,green,red,nir,swir1,swir2,kelvin,note" {
		return nil, fmt.Errorf("sim: spectra: unexpected header %q", strings.Join(head, ","))
	}
	known := map[string]bool{}
	for _, c := range LibraryClasses {
		known[c] = true
	}
	var out []Spectrum
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("sim: spectra: %w", err)
		}
		line, _ := cr.FieldPos(0)
		s := Spectrum{Class: rec[0], Scene: rec[1], Note: rec[11]}
		if !known[s.Class] {
			return nil, fmt.Errorf("sim: spectra line %d: unknown class %q", line, s.Class)
		}
		if s.Row, err = strconv.Atoi(rec[2]); err != nil {
			return nil, fmt.Errorf("sim: spectra line %d: row: %w", line, err)
		}
		if s.Col, err = strconv.Atoi(rec[3]); err != nil {
			return nil, fmt.Errorf("sim: spectra line %d: col: %w", line, err)
		}
		for b := 0; b < 7; b++ {
			v, err := strconv.ParseFloat(rec[4+b], 64)
			if err != nil {
				return nil, fmt.Errorf("sim: spectra line %d: %s: %w", line, head[4+b], err)
			}
			if b < 6 {
				if !(v >= -0.2 && v <= 1.6) {
					return nil, fmt.Errorf("sim: spectra line %d: %s reflectance %g outside -0.2..1.6", line, head[4+b], v)
				}
				s.Reflectance[b] = v
			} else {
				if !(v >= 200 && v <= 370) {
					return nil, fmt.Errorf("sim: spectra line %d: temperature %g K outside 200..370", line, v)
				}
				s.Kelvin = v
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// pools holds the library rows of each class sorted by brightness (sum of
// the six reflectances), so that a smooth noise field indexing a pool gives
// spatially correlated spectra. Index 0 is unused, 1..7 are the land-cover
// codes and 8 the cloud.
type pools [9][]Spectrum

const cloudPool = 8

var (
	libOnce sync.Once
	libVal  *pools
	libErr  error
)

func library() (*pools, error) {
	libOnce.Do(func() {
		rows, err := ParseSpectra(bytes.NewReader(SpectraCSV))
		if err != nil {
			libErr = err
			return
		}
		var p pools
		for _, s := range rows {
			for i, c := range LibraryClasses {
				if c == s.Class {
					p[i+1] = append(p[i+1], s)
				}
			}
		}
		for i := 1; i < len(p); i++ {
			if len(p[i]) < 10 {
				libErr = fmt.Errorf("sim: spectra: class %s has %d rows (want at least 10)", LibraryClasses[i-1], len(p[i]))
				return
			}
			sort.SliceStable(p[i], func(a, b int) bool { return bright(p[i][a]) < bright(p[i][b]) })
		}
		libVal = &p
	})
	return libVal, libErr
}

func bright(s Spectrum) float64 {
	t := 0.0
	for _, v := range s.Reflectance {
		t += v
	}
	return t
}
