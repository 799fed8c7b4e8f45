package asymmetry

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// specGoldenFloat is a JSON number or the string "+Inf".
type specGoldenFloat float64

func (g *specGoldenFloat) UnmarshalJSON(b []byte) error {
	if string(b) == `"+Inf"` {
		*g = specGoldenFloat(math.Inf(1))
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*g = specGoldenFloat(f)
	return nil
}

type specGoldenCase struct {
	Name      string          `json:"name"`
	Sectors   []string        `json:"sectors"`
	Places    []string        `json:"places"`
	Counts    [][]float64     `json:"counts"`
	Functions SectorFunctions `json:"functions"`
	Want      struct {
		LQ            [][]float64       `json:"lq"`
		HHI           []float64         `json:"hhi"`
		HHINormalized []float64         `json:"hhi_normalized"`
		KrugmanAll    []float64         `json:"krugman_all"`
		KrugmanRest   []float64         `json:"krugman_rest"`
		TheilAll      []specGoldenFloat `json:"theil_all"`
		TheilRest     []specGoldenFloat `json:"theil_rest"`
		TheilAbsolute []float64         `json:"theil_absolute"`
		HooverTotal   []float64         `json:"hoover_total"`
		Hoover        [][]float64       `json:"hoover"`
		DominantLQ    []string          `json:"dominant_lq"`
		DominantShare []string          `json:"dominant_share"`
	} `json:"want"`
}

func specGoldenFloats(v []specGoldenFloat) []float64 {
	out := make([]float64, len(v))
	for i, g := range v {
		out[i] = float64(g)
	}
	return out
}

// TestSpecializationGolden compares every measure with numpy's values
// (testdata/spec_golden.json, made by testdata/spec_golden.py) on the
// illustrative table and seeded random tables with zero cells.
func TestSpecializationGolden(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "spec_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []specGoldenCase }
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) < 5 {
		t.Fatalf("%d golden cases, want 5", len(g.Cases))
	}
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			tab, err := NewEmploymentTable(c.Sectors, c.Places, c.Counts)
			if err != nil {
				t.Fatal(err)
			}
			lq := tab.LocationQuotients()
			for i := range c.Want.LQ {
				specCheckSlice(t, "LQ "+c.Sectors[i], lq[i], c.Want.LQ[i])
			}
			specCheckSlice(t, "HHI", tab.Herfindahl(), c.Want.HHI)
			specCheckSlice(t, "HHI normalized", tab.HerfindahlNormalized(), c.Want.HHINormalized)
			specCheckSlice(t, "Theil absolute", tab.TheilAbsolute(), c.Want.TheilAbsolute)
			specCheckSlice(t, "Hoover total", tab.HooverToTotal(), c.Want.HooverTotal)
			for _, ref := range []struct {
				r       StructureReference
				krugman []float64
				theil   []float64
			}{{AllPlaces, c.Want.KrugmanAll, specGoldenFloats(c.Want.TheilAll)}, {RestOfPlaces, c.Want.KrugmanRest, specGoldenFloats(c.Want.TheilRest)}} {
				k, err := tab.Krugman(ref.r)
				if err != nil {
					t.Fatal(err)
				}
				specCheckSlice(t, "Krugman "+ref.r.String(), k, ref.krugman)
				th, err := tab.Theil(ref.r)
				if err != nil {
					t.Fatal(err)
				}
				specCheckSlice(t, "Theil "+ref.r.String(), th, ref.theil)
			}
			hm, err := tab.HooverMatrix(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for j := range c.Want.Hoover {
				specCheckSlice(t, "Hoover "+c.Places[j], hm[j], c.Want.Hoover[j])
			}
			for _, by := range []struct {
				c    DominanceCriterion
				want []string
			}{{ByLocationQuotient, c.Want.DominantLQ}, {ByShare, c.Want.DominantShare}} {
				d, err := tab.DominantFunctions(c.Functions, by.c)
				if err != nil {
					t.Fatal(err)
				}
				for j, w := range by.want {
					if d[j].Function != w {
						t.Errorf("dominant by %v in %s: %s, want %s", by.c, c.Places[j], d[j].Function, w)
					}
				}
			}
		})
	}
}
