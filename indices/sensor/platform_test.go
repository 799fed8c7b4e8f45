package sensor

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestBandTablesAgainstCatalogue checks every (letter, platform) pair that
// bands.json lists for the platforms this package maps against the Go
// tables. Sentinel-2 band names are zero-padded in the products (B02) while
// the catalogue writes B2; both name the same band.
func TestBandTablesAgainstCatalogue(t *testing.T) {
	raw, err := os.ReadFile("testdata/bands.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]struct {
		CommonName string `json:"common_name"`
		Platforms  map[string]struct {
			Band string `json:"band"`
		} `json:"platforms"`
	}
	if err := json.Unmarshal(raw, &cat); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for letter, entry := range cat {
		if got := CommonName(letter); entry.CommonName != "" && got != entry.CommonName {
			t.Errorf("CommonName(%s) = %q, catalogue says %q", letter, got, entry.CommonName)
		}
		if l, ok := Letter(entry.CommonName); ok && l != letter {
			t.Errorf("Letter(%q) = %q, catalogue says %q", entry.CommonName, l, letter)
		}
		for key, pb := range entry.Platforms {
			p := Platform(key)
			if _, ok := bandTables[p]; !ok {
				continue // PlanetScope, MODIS, WorldView: not mapped here
			}
			got, err := BandName(p, letter)
			if err != nil {
				t.Errorf("%s %s: %v (catalogue: %s)", p, letter, err, pb.Band)
				continue
			}
			want := pb.Band
			if p.IsSentinel2() && len(want) == 2 {
				want = "B0" + want[1:]
			}
			if got != want {
				t.Errorf("BandName(%s, %s) = %s, catalogue says %s", p, letter, got, pb.Band)
			}
			checked++
		}
	}
	if checked < 60 {
		t.Errorf("only %d catalogue entries checked", checked)
	}
	// The one deliberate addition: N on Landsat 8/9 (the catalogue lists B5 as N2 only).
	for _, p := range []Platform{Landsat8, Landsat9} {
		if b, _ := BandName(p, "N"); b != "B5" {
			t.Errorf("%s N = %s, want B5", p, b)
		}
	}
	if b, _ := BandName(Sentinel2A, "B"); b != "B02" {
		t.Errorf("Sentinel-2 blue = %s", b)
	}
}

func TestBandNameErrors(t *testing.T) {
	if _, err := BandName(Landsat5, "RE1"); err == nil || !strings.Contains(err.Error(), "landsat5") {
		t.Errorf("Landsat 5 RE1: err = %v", err)
	}
	if _, err := BandName("spot", "R"); err == nil {
		t.Error("unknown platform accepted")
	}
	if b, err := BandName(Sentinel2B, "swir16"); err != nil || b != "B11" {
		t.Errorf("swir16 on S2B = %s, %v", b, err)
	}
}

func TestLandsatFileBand(t *testing.T) {
	cases := []struct {
		p      Platform
		letter string
		level  Level
		want   string
	}{
		{Landsat8, "R", LevelL1, "B4"},
		{Landsat8, "R", LevelL2, "SR_B4"},
		{Landsat8, "T1", LevelL2, "ST_B10"},
		{Landsat9, "lwir11", LevelL1, "B10"},
		{Landsat5, "T", LevelL2, "ST_B6"},
		{Landsat7, "T", LevelL1, "B6_VCID_1"},
		{Landsat7, "S2", LevelL2, "SR_B7"},
	}
	for _, c := range cases {
		got, err := LandsatFileBand(c.p, c.letter, c.level)
		if err != nil || got != c.want {
			t.Errorf("LandsatFileBand(%s, %s, %s) = %q, %v; want %q", c.p, c.letter, c.level, got, err, c.want)
		}
	}
	if _, err := LandsatFileBand(Landsat8, "T2", LevelL2); err == nil {
		t.Error("Landsat 8 L2 B11 accepted")
	}
	if _, err := LandsatFileBand(Sentinel2A, "R", LevelL1); err == nil {
		t.Error("Sentinel-2 accepted as Landsat")
	}
}
