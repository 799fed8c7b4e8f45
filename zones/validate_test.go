package zones

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidate(t *testing.T) {
	square := rzClosed(orb.Point{0, 0}, orb.Point{10, 0}, orb.Point{10, 10}, orb.Point{0, 10})
	s := &Set{Zones: []Zone{
		{ID: "valid", Geometry: orb.MultiPolygon{{square, rzClosed(orb.Point{2, 2}, orb.Point{4, 2}, orb.Point{4, 4})}}},
		{ID: "hole outside", Geometry: orb.MultiPolygon{{square, rzClosed(orb.Point{12, 2}, orb.Point{14, 2}, orb.Point{14, 4})}}},
		{ID: "hole crossing", Geometry: orb.MultiPolygon{{square, rzClosed(orb.Point{8, 2}, orb.Point{14, 2}, orb.Point{14, 4})}}},
		// A figure of eight crossing itself at (5, 5).
		{ID: "eight", Geometry: orb.MultiPolygon{{rzClosed(orb.Point{0, 0}, orb.Point{10, 10}, orb.Point{10, 0}, orb.Point{0, 10})}}},
		// Touching itself at a vertex only: not reported.
		{ID: "touch", Geometry: orb.MultiPolygon{{rzClosed(orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{2, 2}, orb.Point{4, 4}, orb.Point{0, 4}, orb.Point{2, 2})}}},
	}}
	got := map[string][]Finding{}
	for _, f := range s.Validate() {
		got[f.ID] = append(got[f.ID], f)
	}
	if len(got["valid"]) != 0 || len(got["touch"]) != 0 {
		t.Errorf("valid zones reported: %v", got)
	}
	if f := got["hole outside"]; len(f) != 1 || !strings.Contains(f[0].Problem, "outside") || f[0].Ring != 2 {
		t.Errorf("hole outside: %v", f)
	}
	if f := got["hole crossing"]; len(f) != 2 || f[0].Problem != "rings cross each other" {
		t.Errorf("hole crossing the shell: %v", f)
	}
	f := got["eight"]
	if len(f) != 1 || f[0].Problem != "ring crosses itself" || f[0].At != (orb.Point{5, 5}) || f[0].Zone != 3 {
		t.Fatalf("figure of eight: %v", f)
	}
	if str := f[0].String(); !strings.Contains(str, "zone 4 (id eight)") || !strings.Contains(str, "(5, 5)") {
		t.Errorf("String() = %q", str)
	}
}
