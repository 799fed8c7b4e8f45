package classify

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestMajorityFilterAgainstScipy compares with scipy.ndimage.generic_filter
// running the same voting rule (testdata/change_majority.json, made by
// testdata/change_make_majority.py) for windows 3, 5 and 7.
func TestMajorityFilterAgainstScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/change_majority.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Width, Height              int
		Input, Size3, Size5, Size7 []uint16
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	l := &raster.Labels{Grid: raster.Grid{Width: g.Width, Height: g.Height}, Data: g.Input}
	for size, want := range map[int][]uint16{3: g.Size3, 5: g.Size5, 7: g.Size7} {
		if len(want) != len(g.Input) {
			t.Fatalf("size %d: golden has %d pixels, want %d", size, len(want), len(g.Input))
		}
		got, err := MajorityFilter(context.Background(), l, size)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got.Data[i] != want[i] {
				t.Errorf("size %d: pixel (%d,%d) = %d, scipy %d", size, i%g.Width, i/g.Width, got.Data[i], want[i])
			}
		}
	}
}

// TestMajorityFilterByHand: a lone 2 in a field of 1 becomes 1 (8 votes to
// 1); at the corner of a 2 x 2 checkerboard of 1 and 2 the votes tie 2–2
// and the pixel keeps its code.
func TestMajorityFilterByHand(t *testing.T) {
	l := &raster.Labels{Grid: raster.Grid{Width: 3, Height: 3}, Data: []uint16{1, 1, 1, 1, 2, 1, 1, 1, 1}}
	got, _ := MajorityFilter(context.Background(), l, 3)
	if got.Data[4] != 1 {
		t.Errorf("lone pixel: %d", got.Data[4])
	}
	c := &raster.Labels{Grid: raster.Grid{Width: 2, Height: 2}, Data: []uint16{1, 2, 2, 1}}
	got, _ = MajorityFilter(context.Background(), c, 3)
	for i, v := range c.Data {
		if got.Data[i] != v {
			t.Errorf("tie at %d: %d, want %d kept", i, got.Data[i], v)
		}
	}
	if _, err := MajorityFilter(context.Background(), l, 4); err == nil {
		t.Error("even window: no error")
	}
}

func BenchmarkMajorityFilter5000(b *testing.B) {
	l := benchLabels()
	b.ResetTimer()
	for b.Loop() {
		if _, err := MajorityFilter(context.Background(), l, 3); err != nil {
			b.Fatal(err)
		}
	}
}
