package classify

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// TestFindPatchesAgainstScipy compares the patches of a seeded 40 x 30 map
// with scipy.ndimage.label's (testdata/change_patches.json, made by
// testdata/change_make_patches.py): the same number of patches, and the same
// partition of the pixels (two pixels share a patch here iff they do there),
// for 4- and 8-connectivity.
func TestFindPatchesAgainstScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/change_patches.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Width, Height      int
		Codes              []uint16
		Patches4, Patches8 []int
		Count4, Count8     int
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	l := &raster.Labels{Grid: raster.Grid{Width: g.Width, Height: g.Height}, Data: g.Codes}
	for _, tc := range []struct {
		conn  Connectivity
		scipy []int
		count int
	}{{Four, g.Patches4, g.Count4}, {Eight, g.Patches8, g.Count8}} {
		p, err := FindPatches(l, tc.conn)
		if err != nil {
			t.Fatal(err)
		}
		if p.Count() != tc.count {
			t.Errorf("%d-connected: %d patches, scipy %d", tc.conn, p.Count(), tc.count)
		}
		ours2scipy := map[int32]int{}
		scipy2ours := map[int]int32{}
		for i, s := range tc.scipy {
			o := p.ID[i]
			if (o == 0) != (s == 0) {
				t.Fatalf("%d-connected: pixel %d: id %d, scipy %d", tc.conn, i, o, s)
			}
			if o == 0 {
				continue
			}
			if v, ok := ours2scipy[o]; ok && v != s {
				t.Fatalf("%d-connected: patch %d spans scipy patches %d and %d", tc.conn, o, v, s)
			}
			if v, ok := scipy2ours[s]; ok && v != o {
				t.Fatalf("%d-connected: scipy patch %d spans our patches %d and %d", tc.conn, s, v, o)
			}
			ours2scipy[o], scipy2ours[s] = s, o
			if p.Code[o] != g.Codes[i] {
				t.Fatalf("patch %d code %d, pixel code %d", o, p.Code[o], g.Codes[i])
			}
			if c, r := i%g.Width, i/g.Width; !(c >= p.Bounds[o].Min.X && c < p.Bounds[o].Max.X && r >= p.Bounds[o].Min.Y && r < p.Bounds[o].Max.Y) {
				t.Fatalf("pixel (%d,%d) outside its patch's bounds %v", c, r, p.Bounds[o])
			}
		}
		var total int64
		for _, s := range p.Size[1:] {
			total += s
		}
		if want := int64(len(tc.scipy)); total != want-int64(countZero(g.Codes)) {
			t.Errorf("sizes sum to %d", total)
		}
	}
	if _, err := FindPatches(l, 6); err == nil {
		t.Error("connectivity 6: no error")
	}
}

func countZero(d []uint16) int {
	n := 0
	for _, v := range d {
		if v == 0 {
			n++
		}
	}
	return n
}

// benchLabels is a seeded 5000 x 5000 land-cover map: 25 x 25-pixel blocks
// of 4 classes with 20 % of the pixels flipped to a random class, so it has
// both large patches and millions of one-pixel specks.
func benchLabels() *raster.Labels {
	const n = 5000
	l := &raster.Labels{Grid: raster.Grid{Width: n, Height: n, Transform: raster.Affine{500000, 10, 0, 4900000, 0, -10}, CRS: raster.CRS{EPSG: 32644}}, Data: make([]uint16, n*n)}
	var s uint64 = 0x9e3779b97f4a7c15
	rnd := func() uint64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
	block := make([]uint16, (n/25+1)*(n/25+1))
	for i := range block {
		block[i] = uint16(rnd()%4) + 1
	}
	for r := range n {
		for c := range n {
			v := block[(r/25)*(n/25+1)+c/25]
			if rnd()%5 == 0 {
				v = uint16(rnd()%4) + 1
			}
			l.Data[r*n+c] = v
		}
	}
	return l
}

func BenchmarkFindPatches5000(b *testing.B) {
	l := benchLabels()
	b.ResetTimer()
	for b.Loop() {
		if _, err := FindPatches(l, Eight); err != nil {
			b.Fatal(err)
		}
	}
}
