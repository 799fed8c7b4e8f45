package zones

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// column is one output column of a Table: a statistic of a layer, or for
// frac and weighted_frac one class value.
type column struct {
	name  string
	layer int
	stat  int
	class float64 // the value, for class statistics
}

// columns lays out a table's columns: for each layer, each statistic
// named <layer>_<stat>; frac and weighted_frac give one column per value
// found in any zone, <layer>_frac_<value>, in value order.
func (t *Table) columns() []column {
	var cols []column
	for li, ln := range t.Layers {
		for si, s := range t.Stats {
			if !s.isClassStat() {
				cols = append(cols, column{name: ln + "_" + s.Name, layer: li, stat: si})
				continue
			}
			var vals []float64
			for _, r := range t.Rows {
				if r.Layer != li {
					continue
				}
				fs := r.Frac
				if s.op == opWeightedFrac {
					fs = r.WeightedFrac
				}
				for _, f := range fs {
					vals = append(vals, f.Value)
				}
			}
			slices.Sort(vals)
			vals = slices.Compact(vals)
			for _, v := range vals {
				cols = append(cols, column{name: ln + "_" + s.Name + "_" + strconv.FormatFloat(v, 'g', -1, 64), layer: li, stat: si, class: v})
			}
		}
	}
	return cols
}

// value returns a column's value for the zone whose rows (one per layer)
// are given: NaN when undefined. A class absent from a zone that has
// covered cells with values has the share 0.
func (t *Table) value(c column, rows []Row) float64 {
	r := rows[c.layer]
	s := t.Stats[c.stat]
	if !s.isClassStat() {
		return r.Values[c.stat]
	}
	fs := r.Frac
	if s.op == opWeightedFrac {
		fs = r.WeightedFrac
	}
	if len(fs) == 0 {
		return math.NaN()
	}
	for _, f := range fs {
		if f.Value == c.class {
			return f.Fraction
		}
	}
	return 0
}

// zoneRows returns the rows of each zone, layer by layer.
func (t *Table) zoneRows() [][]Row {
	n := len(t.Layers)
	if n == 0 {
		return nil
	}
	out := make([][]Row, 0, len(t.Rows)/n)
	for i := 0; i+n <= len(t.Rows); i += n {
		out = append(out, t.Rows[i:i+n])
	}
	return out
}

// WriteCSV writes the table as CSV (RFC 4180): a header "id" followed by
// one column per layer and statistic, named <layer>_<stat> ("red_mean",
// "red_q25"; frac and weighted_frac give one column per class value,
// "landcover_frac_3"), then one line per zone. Numbers are written in the
// shortest form that reads back to the same float64; undefined values
// (NaN: the mean of a zone without data) are empty fields. Units are those
// of the statistic (see Stat): area and cell_area in m².
func WriteCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	cols := t.columns()
	header := make([]string, 0, len(cols)+1)
	header = append(header, "id")
	for _, c := range cols {
		header = append(header, c.name)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("zones: writing CSV header: %w", err)
	}
	rec := make([]string, len(header))
	for _, rows := range t.zoneRows() {
		rec[0] = rows[0].ID
		for i, c := range cols {
			rec[i+1] = formatValue(t.value(c, rows))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("zones: writing CSV line of zone %s: %w", rows[0].ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("zones: writing CSV: %w", err)
	}
	return nil
}

func formatValue(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
