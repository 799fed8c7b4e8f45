package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// writeCOG writes a band (Float32, NaN no data, DEFLATE with the
// floating-point predictor) or labels (Byte or UInt16 with the palette) as a
// Cloud Optimized GeoTIFF in the products folder.
func (st *study) writeCOG(name string, data any) error {
	rel, abs := st.path(prodDir, name)
	opt := &geotiff.Options{COG: true, Compression: geotiff.CompressionDeflate}
	switch data.(type) {
	case *raster.Band:
		opt.Predictor = 3
	case *raster.Labels:
		opt.Predictor = 2
	}
	if err := geotiff.WriteFile(abs, data, opt); err != nil {
		return fmt.Errorf("writing %s: %w", abs, err)
	}
	st.products = append(st.products, rel)
	return nil
}

// table writes rows (header first) as a CSV in the tables folder and adds it
// to the section.
func (st *study) table(sec *section, name, caption string, rows [][]string) error {
	rel, abs := st.path(tabDir, name)
	if err := writeCSVFile(abs, rows); err != nil {
		return err
	}
	sec.tableBlock(rel, caption, rows)
	return nil
}

// writeCSVFile writes rows to path.
func writeCSVFile(path string, rows [][]string) error {
	var buf bytes.Buffer
	if err := csv.NewWriter(&buf).WriteAll(rows); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeText(path, buf.String())
}

// createFile creates a file of the report; close it with closeFile.
func (st *study) createFile(dir, name string) (rel string, f *os.File, err error) {
	rel, abs := st.path(dir, name)
	f, err = os.Create(abs)
	return rel, f, err
}

// closeFile closes f, keeping the first error.
func closeFile(f *os.File, err error) error {
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	return nil
}

// num formats a number for tables: empty for NaN.
func num(v float64, prec int) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// pValue formats a p-value for a sentence: "p = 0.012", "p < 0.001".
func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "p n/a"
	case p < 0.001:
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
}

// sig formats a number with 4 significant digits.
func sig(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
