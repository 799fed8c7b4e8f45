package sensor

import (
	"math"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

func codes(vals ...float32) *raster.Band {
	g := raster.Grid{Width: len(vals), Height: 1, Transform: raster.Affine{0, 30, 0, 0, 0, -30}}
	return &raster.Band{Grid: g, Name: "qa", Data: vals}
}

func states(m *Mask) string {
	var sb strings.Builder
	for _, s := range m.Data {
		sb.WriteByte("kmf"[s])
	}
	return sb.String()
}

// TestMaskSCL: the Sentinel-2 SCL classes 0–11 (L2A Product Format
// Specification) against the conditions.
func TestMaskSCL(t *testing.T) {
	q := codes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, float32(math.NaN()))
	for spec, want := range map[string]string{
		"clouds,shadow": "fkkmkkkkmmkkf",
		"cloud>=high":   "fkkkkkkkkmkkf",
		"cloud>=low":    "fkkkkkkmmmkkf",
		"cirrus,snow":   "fkkkkkkkkkmmf",
		"water":         "fkkkkkmkkkkkf",
		"saturated":     "fmkkkkkkkkkkf",
	} {
		conds, err := ParseConditions(spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMask(q, QualitySCL, conds)
		if err != nil {
			t.Fatal(err)
		}
		if got := states(m); got != want {
			t.Errorf("%s: %s, want %s", spec, got, want)
		}
	}
	if _, err := NewMask(q, QualityQAPixel, []Condition{{Feature: Saturated}}); err == nil {
		t.Error("saturated on QA_PIXEL accepted")
	}
}

// TestMaskCombine: fill bit 0 of QA_PIXEL (value 1), a clear pixel 21824
// (0x5540: clear, bits 8–15 01 01 01 01), cloud 22280 (0x5708), water 21952
// (0x55C0: clear + water) and shadow 23888 (0x5D50).
func TestMaskCombine(t *testing.T) {
	q := codes(1, 21824, 22280, 21952, 23888)
	mk := func(spec string) *Mask {
		conds, err := ParseConditions(spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMask(q, QualityQAPixel, conds)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	cloud, shadow, water := mk("cloud"), mk("shadow"), mk("water")
	if got := states(cloud); got != "fkmkk" {
		t.Errorf("cloud %s", got)
	}
	or, _ := cloud.Or(shadow)
	if got := states(or); got != "fkmkm" {
		t.Errorf("cloud|shadow %s", got)
	}
	and, _ := cloud.And(or)
	if got := states(and); got != "fkmkk" {
		t.Errorf("cloud&(cloud|shadow) %s", got)
	}
	if got := states(water.Not()); got != "fmmkm" {
		t.Errorf("not water %s", got)
	}
	if k, m, f := or.Counts(); k != 2 || m != 2 || f != 1 {
		t.Errorf("counts %d %d %d", k, m, f)
	}
	if got := or.ClearFraction(); got != 0.5 {
		t.Errorf("clear fraction %g, want 2/4 (fill excluded)", got)
	}
	b := codes(1, 2, 3, 4, 5)
	b.Name = "red"
	if err := or.Apply(b); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(b.Data[0])) || b.Data[1] != 2 || !math.IsNaN(float64(b.Data[2])) || b.Data[3] != 4 || !math.IsNaN(float64(b.Data[4])) {
		t.Errorf("applied %v", b.Data)
	}
	other := &Mask{Grid: raster.Grid{Width: 2, Height: 1}, Data: make([]MaskState, 2)}
	if _, err := cloud.Or(other); err == nil {
		t.Error("masks on different grids combined")
	}
	allFill := &Mask{Grid: other.Grid, Data: []MaskState{Fill, Fill}}
	if !math.IsNaN(allFill.ClearFraction()) {
		t.Error("all-fill clear fraction must be NaN")
	}
}

func TestParseConditions(t *testing.T) {
	c, err := ParseConditions(" clouds , cloud_shadow,cirrus>=medium ")
	if err != nil {
		t.Fatal(err)
	}
	want := []Condition{{Cloud, 0}, {DilatedCloud, 0}, {CloudShadow, 0}, {Cirrus, ConfidenceMedium}}
	if len(c) != len(want) {
		t.Fatalf("%v", c)
	}
	for i := range want {
		if c[i] != want[i] {
			t.Errorf("%d: %v, want %v", i, c[i], want[i])
		}
	}
	for _, bad := range []string{"", "fog", "cloud>=very", "dilated>=high"} {
		if _, err := ParseConditions(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if s := (Condition{Cirrus, ConfidenceHigh}).String(); s != "cirrus>=high" {
		t.Errorf("String %q", s)
	}
}

// TestMaskBQACollection1 decodes Collection 1 BQA values by hand (USGS C1
// Level-1 QA band): 2720 = 0b0000_1010_1010_0000 (bits 5,7,9,11: cloud, shadow,
// snow, cirrus confidence all 01 low — the common clear value of OLI);
// 2800 = 0b0000_1010_1111_0000 (bit 4 cloud, bits 5–6 = 11 high); 2976 =
// 0b0000_1011_1010_0000 (bits 7–8 = 11: shadow high); 2724 = 2720 + bit 2
// (saturation in 1–2 bands); 1 = fill.
func TestMaskBQACollection1(t *testing.T) {
	q := codes(2720, 2800, 2976, 2724, 1)
	for spec, want := range map[string]string{
		"clouds":        "kmkkf",
		"cloud>=medium": "kmkkf",
		"shadow":        "kkmkf",
		"cloud>=low":    "mmmmf",
		"saturated":     "kkkmf",
		"clouds,shadow": "kmmkf",
	} {
		conds, err := ParseConditions(spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMask(q, QualityBQACollection1, conds)
		if err != nil {
			t.Fatal(err)
		}
		if got := states(m); got != want {
			t.Errorf("%s: %s, want %s", spec, got, want)
		}
	}
	if _, err := NewMask(q, QualityBQACollection1, []Condition{{Feature: Water}}); err == nil {
		t.Error("water on Collection 1 BQA accepted")
	}
	if b := BQACollection1(2720); b.CirrusConfidence() != ConfidenceLow || b.SnowConfidence() != ConfidenceLow || b.Cloud() {
		t.Error("2720 decoding")
	}
}
