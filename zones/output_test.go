package zones

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderzone/borderzone/raster"
)

func fixtureTable(t *testing.T, list string) (*Table, *Set) {
	t.Helper()
	cont, cat, _, cov := loadStatsFixture(t)
	set := &Set{CRS: raster.CRS{EPSG: 32616}}
	for i := range cov.Zones {
		x := 452475.0 + float64(i)*30
		sq := orb.Polygon{orb.Ring{{x, 3408000}, {x + 30, 3408000}, {x + 30, 3408030}, {x, 3408030}, {x, 3408000}}}
		z := Zone{ID: "z" + strconv.Itoa(i), Geometry: orb.MultiPolygon{sq}, Properties: map[string]any{"name": "zone " + strconv.Itoa(i), "count": "kept?"}}
		if i == 2 {
			z.Geometry = append(z.Geometry, sq)
		}
		set.Zones = append(set.Zones, z)
	}
	stats, err := ParseStats(list)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Stats(context.Background(), set, cov, []Layer{{Source: cont, Name: "cont"}, {Source: cat, Name: "cat"}}, &StatsOptions{Stats: stats})
	if err != nil {
		t.Fatal(err)
	}
	return tab, set
}

func TestWriteCSV(t *testing.T) {
	tab, set := fixtureTable(t, "count,mean,frac")
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The cat layer holds the codes 1–5.
	want := []string{"id", "cont_count", "cont_mean", "cat_count", "cat_mean", "cat_frac_1", "cat_frac_2", "cat_frac_3", "cat_frac_4", "cat_frac_5"}
	head := recs[0]
	// cont's frac columns (one per distinct value) come after cont_mean.
	var got []string
	for _, h := range head {
		if len(h) < 10 || h[:10] != "cont_frac_" {
			got = append(got, h)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("header %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("header %v, want %v", got, want)
		}
	}
	if len(recs) != 1+len(set.Zones) {
		t.Fatalf("%d lines, want %d", len(recs), 1+len(set.Zones))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for zi, rec := range recs[1:] {
		if rec[0] != set.Zones[zi].ID {
			t.Errorf("line %d: id %q, want %q", zi+1, rec[0], set.Zones[zi].ID)
		}
		r := tab.Rows[zi*2+1] // the cat layer
		mean, _ := tab.Value(r, "mean")
		if s := rec[col["cat_mean"]]; math.IsNaN(mean) != (s == "") {
			t.Errorf("zone %d: cat_mean %q for %v", zi, s, mean)
		} else if s != "" {
			v, _ := strconv.ParseFloat(s, 64)
			if v != mean {
				t.Errorf("zone %d: cat_mean %q does not read back as %v", zi, s, mean)
			}
		}
		sum := 0.0
		for c := 1; c <= 5; c++ {
			if s := rec[col["cat_frac_"+strconv.Itoa(c)]]; s != "" {
				v, _ := strconv.ParseFloat(s, 64)
				sum += v
			}
		}
		if len(r.Frac) > 0 && math.Abs(sum-1) > 1e-12 {
			t.Errorf("zone %d: class fractions sum to %v", zi, sum)
		}
	}
}

func TestWriteGeoJSON(t *testing.T) {
	tab, set := fixtureTable(t, "count,mean,frac")
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, tab, set); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		CRS      struct{ Properties struct{ Name string } }
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes()[:200])
	}
	if fc.Type != "FeatureCollection" || fc.CRS.Properties.Name != "urn:ogc:def:crs:EPSG::32616" {
		t.Errorf("type %q crs %q", fc.Type, fc.CRS.Properties.Name)
	}
	if len(fc.Features) != len(set.Zones) {
		t.Fatalf("%d features, want %d", len(fc.Features), len(set.Zones))
	}
	for i, f := range fc.Features {
		wantType := "Polygon"
		if i == 2 {
			wantType = "MultiPolygon"
		}
		if f.Geometry.Type != wantType {
			t.Errorf("feature %d: geometry %s, want %s", i, f.Geometry.Type, wantType)
		}
		if f.Properties["name"] != "zone "+strconv.Itoa(i) || f.Properties["count"] != "kept?" {
			t.Errorf("feature %d: properties %v lost the zone's own", i, f.Properties)
		}
		r := tab.Rows[2*i]
		mean, _ := tab.Value(r, "mean")
		got := f.Properties["cont_mean"]
		if math.IsNaN(mean) {
			if got != nil {
				t.Errorf("feature %d: cont_mean %v, want null", i, got)
			}
		} else if got != mean {
			t.Errorf("feature %d: cont_mean %v, want %v", i, got, mean)
		}
	}
	if fc.Features[0].Geometry.Coordinates == nil {
		t.Error("no coordinates")
	}
}
