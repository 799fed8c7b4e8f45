package classify

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/crs"
)

// ExpansionType is the growth type of a new built-up patch in the typology
// of Liu et al. (2010), by its landscape expansion index (LEI). The values
// are the codes of [Expansion].Map.
type ExpansionType uint16

// The growth types. Undetermined is a patch whose buffer holds no known
// land at the first date (only no-data or the raster's outside).
const (
	Undetermined  ExpansionType = 0
	Infilling     ExpansionType = 1 // LEI > 50: the gap closes inside old built-up land
	EdgeExpansion ExpansionType = 2 // 0 < LEI ≤ 50: grows out from the edge of old built-up land
	Outlying      ExpansionType = 3 // LEI = 0: leapfrog growth, detached from old built-up land
)

// String returns "infilling", "edge-expansion", "outlying" or "undetermined".
func (t ExpansionType) String() string {
	switch t {
	case Infilling:
		return "infilling"
	case EdgeExpansion:
		return "edge-expansion"
	case Outlying:
		return "outlying"
	}
	return "undetermined"
}

// ExpansionClasses is the class table of [Expansion].Map.
var ExpansionClasses = []raster.Class{
	{Code: uint16(Infilling), Name: "infilling", Color: color.RGBA{0xd7, 0x19, 0x1c, 0xff}},
	{Code: uint16(EdgeExpansion), Name: "edge-expansion", Color: color.RGBA{0xfd, 0xae, 0x61, 0xff}},
	{Code: uint16(Outlying), Name: "outlying", Color: color.RGBA{0x2c, 0x7b, 0xb6, 0xff}},
}

// ExpansionOptions configure [UrbanExpansion].
type ExpansionOptions struct {
	// BuiltUp is the code of built-up land in both maps (required).
	BuiltUp uint16
	// Connectivity of the new patches: Eight (the default) or Four.
	Connectivity Connectivity
	// BufferWidth is the width of the buffer around each new patch, in
	// metres (the grid's CRS units, which must be metres). 0 means one
	// pixel (the larger pixel side), which makes the buffer the ring of 8
	// neighbours. Widths below half a pixel (such as 1 m on 10 or 30 m
	// pixels) give the exact area of a thin buffer; see UrbanExpansion.
	BufferWidth float64
}

// ExpansionPatch is one new built-up patch with its landscape expansion
// index.
type ExpansionPatch struct {
	// ID is the patch's code in Expansion.Patches' order (1, 2, ...; scan
	// order of the patch's first pixel) and in PatchMap.
	ID int
	// Col, Row is the patch's first pixel in a row-major scan.
	Col, Row int
	// Pixels and Hectares are the patch's size.
	Pixels   int64
	Hectares float64
	// OldHectares (A_o) and VacantHectares (A_v) are the buffer's areas of
	// land built-up and not built-up at the first date.
	OldHectares, VacantHectares float64
	// LEI = 100·A_o/(A_o + A_v) (0–100); NaN when the buffer holds no known
	// land.
	LEI  float64
	Type ExpansionType
}

// Expansion is the result of [UrbanExpansion].
type Expansion struct {
	// Patches are the new built-up patches in scan order.
	Patches []ExpansionPatch
	// Map holds each new built-up pixel's ExpansionType code (1–3; 0
	// elsewhere and for undetermined patches), with ExpansionClasses.
	Map *raster.Labels
	// PatchMap holds each new built-up pixel's patch ID (0 elsewhere).
	PatchMap []int32
	// Count and Hectares are the number and area of patches of each type,
	// indexed by ExpansionType (index 0: undetermined).
	Count    [4]int
	Hectares [4]float64
	// MEI is the mean expansion index, the plain mean of the patches' LEI,
	// and AWMEI its area-weighted mean Σ LEI_i a_i / Σ a_i (Liu et al.
	// 2010, eqs. 2–3), over patches with a defined LEI.
	MEI, AWMEI float64
}

// UrbanExpansion classes every new built-up patch — a connected region of
// pixels that are BuiltUp in after but known and not built-up in before —
// as infilling, edge-expansion or outlying by the landscape expansion
// index of Liu, X., Li, X., Chen, Y., Tan, Z., Li, S., Ai, B. (2010), "A
// new landscape index for quantifying urban expansion using multi-temporal
// remotely sensed data", Landscape Ecology 25, 671–682:
//
//	LEI = 100 · A_o / (A_o + A_v)
//
// over a buffer of the given width around the patch, where A_o is the
// buffer's area that was built-up at the first date and A_v the area that
// was not (vacant land, including other new patches). LEI > 50 is
// infilling, 0 < LEI ≤ 50 edge-expansion, LEI = 0 outlying.
//
// The patch is the union of its square cells and distances are Euclidean,
// in metres, from the pixel size. Two regimes:
//
//   - BufferWidth of at least half a pixel: the buffer is the set of cells
//     outside the patch whose centre lies within BufferWidth of the patch,
//     and A_o, A_v are the areas of those cells. One pixel (the default)
//     gives the patch's 8-neighbour ring; wider buffers smooth the index.
//   - BufferWidth below half a pixel: the buffer is the exact region within
//     that distance of the patch — strips along the patch's outer edges and
//     quarter discs at its outer corners — and A_o, A_v are the exact areas
//     of its parts lying on old and on vacant cells. Liu et al. buffered
//     vector patches by a small distance; as the width shrinks, LEI tends
//     to the share of the patch's perimeter shared with old built-up land.
//
// The two regimes differ at half a pixel (a cell half-covered by the thin
// buffer counts in full in the other), so studies should state the width.
// Cells that are 0 ("none") in before, and cells outside the raster, are
// neither old nor vacant: they are left out of the buffer, and a patch whose
// buffer holds nothing else is Undetermined with a NaN LEI.
//
// The grid must be projected in metres (see [CellAreas]); both maps must
// share it. Patch labelling is one pass over the raster, and the buffer of
// each patch costs its boundary pixels times the cells of a disc of
// BufferWidth; patches are processed on all cores with results independent
// of their number.
func UrbanExpansion(ctx context.Context, before, after *raster.Labels, opt ExpansionOptions) (*Expansion, error) {
	if err := before.Validate(); err != nil {
		return nil, fmt.Errorf("classify: urban expansion: first-date labels: %w", err)
	}
	if err := after.Validate(); err != nil {
		return nil, fmt.Errorf("classify: urban expansion: second-date labels: %w", err)
	}
	if err := before.Grid.Match(after.Grid); err != nil {
		return nil, fmt.Errorf("classify: urban expansion: the two dates' grids differ: %w", err)
	}
	if opt.BuiltUp == 0 {
		return nil, fmt.Errorf("classify: urban expansion: the built-up code is required (0 means \"none\")")
	}
	g := before.Grid
	rowArea, err := CellAreas(g)
	if err != nil {
		return nil, fmt.Errorf("classify: urban expansion: %w", err)
	}
	if c, err := crs.FromRaster(g.CRS); err == nil && c.IsGeographic() {
		return nil, fmt.Errorf("classify: urban expansion: grid %v is in degrees; the buffer needs metres: reproject to UTM or an equal-area CRS", g)
	}
	if !g.Transform.IsNorthUp() {
		return nil, fmt.Errorf("classify: urban expansion: grid %v is rotated; the buffer needs a north-up grid", g)
	}
	px, py := math.Abs(g.Transform[1]), math.Abs(g.Transform[5])
	width := opt.BufferWidth
	if width == 0 {
		width = math.Max(px, py)
	}
	if !(width > 0) || math.IsInf(width, 0) {
		return nil, fmt.Errorf("classify: urban expansion: buffer width %v m must be positive and finite", opt.BufferWidth)
	}
	buf := bufferSpec{px: px, py: py, width: width, thin: width < math.Min(px, py)/2}
	if buf.thin {
		buf.offsets, buf.reach = []image.Point{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}}, 1
	} else if buf.offsets, buf.reach, err = bufferOffsets(px, py, width); err != nil {
		return nil, fmt.Errorf("classify: urban expansion: %w", err)
	}
	// The mask of new built-up pixels, labelled into patches.
	mask := &raster.Labels{Grid: g, Data: make([]uint16, len(before.Data))}
	for i, a := range after.Data {
		if b := before.Data[i]; a == opt.BuiltUp && b != 0 && b != opt.BuiltUp {
			mask.Data[i] = 1
		}
	}
	p, err := FindPatches(mask, opt.Connectivity)
	if err != nil {
		return nil, fmt.Errorf("classify: urban expansion: %w", err)
	}
	mask = nil
	n := p.Count()
	out := &Expansion{Patches: make([]ExpansionPatch, n), PatchMap: p.ID}
	// Per-patch work on all cores; each patch's result depends only on the
	// patch, so the output is the same on any number of cores.
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var wg sync.WaitGroup
	var next struct {
		sync.Mutex
		id int
	}
	next.id = 1
	errs := make([]error, workers)
	for wkr := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mark []bool
			for {
				next.Lock()
				id := next.id
				next.id += 64
				next.Unlock()
				if id > n {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[wkr] = err
					return
				}
				for k := id; k < min(id+64, n+1); k++ {
					mark = out.patch(k, p, before.Data, opt.BuiltUp, g, rowArea, &buf, mark)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	out.Map = raster.NewLabels(g, append([]raster.Class(nil), ExpansionClasses...))
	for i, id := range p.ID {
		if id != 0 {
			out.Map.Data[i] = uint16(out.Patches[id-1].Type)
		}
	}
	var sumLEI, sumW, sumLEIW float64
	var nLEI int
	for _, e := range out.Patches {
		out.Count[e.Type]++
		out.Hectares[e.Type] += e.Hectares
		if !math.IsNaN(e.LEI) {
			sumLEI += e.LEI
			nLEI++
			sumLEIW += e.LEI * e.Hectares
			sumW += e.Hectares
		}
	}
	out.MEI, out.AWMEI = math.NaN(), math.NaN()
	if nLEI > 0 {
		out.MEI = sumLEI / float64(nLEI)
		out.AWMEI = sumLEIW / sumW
	}
	return out, nil
}

// bufferOffsets lists the cell offsets (dc, dr) ≠ (0, 0) whose centre lies
// within width of the square of the cell at (0, 0): the distance from the
// point (dc·px, dr·py) to the square [−px/2, px/2] × [−py/2, py/2] is
// hypot(max(|dc|·px − px/2, 0), max(|dr|·py − py/2, 0)).
func bufferOffsets(px, py, width float64) ([]image.Point, int, error) {
	rc, rr := int(math.Ceil(width/px+0.5)), int(math.Ceil(width/py+0.5))
	if (2*rc+1)*(2*rr+1) > 1<<22 {
		return nil, 0, fmt.Errorf("buffer width %g m spans more than 4 million cells of %g m x %g m", width, px, py)
	}
	tol := 1e-9 * width
	var off []image.Point
	for dr := -rr; dr <= rr; dr++ {
		for dc := -rc; dc <= rc; dc++ {
			if dc == 0 && dr == 0 {
				continue
			}
			x := math.Max(math.Abs(float64(dc))*px-px/2, 0)
			y := math.Max(math.Abs(float64(dr))*py-py/2, 0)
			if math.Hypot(x, y) <= width+tol {
				off = append(off, image.Pt(dc, dr))
			}
		}
	}
	return off, max(rc, rr), nil
}

// bufferSpec is the buffer of UrbanExpansion: pixel size and width in
// metres, the cell offsets one patch pixel reaches, and whether the buffer
// is thin (narrower than half a pixel: exact partial-cell areas).
type bufferSpec struct {
	px, py, width float64
	thin          bool
	offsets       []image.Point
	reach         int
}

// thinArea returns the exact area (m²) of the part of cell (c, r) within
// the thin buffer's width of the patch: a strip of the buffer's width along
// each edge the cell shares with the patch, less the square where two such
// strips overlap at a corner, plus a quarter disc at each corner where the
// cell touches the patch only diagonally. With the width below half a pixel
// no other overlaps occur, so this is exact.
func (s *bufferSpec) thinArea(in func(c, r int) bool, c, r int) float64 {
	w := s.width
	left, right, top, bottom := in(c-1, r), in(c+1, r), in(c, r-1), in(c, r+1)
	var a float64
	for _, e := range []struct {
		on   bool
		side float64
	}{{left, s.py}, {right, s.py}, {top, s.px}, {bottom, s.px}} {
		if e.on {
			a += w * e.side
		}
	}
	for _, k := range []struct {
		h, v   bool
		dc, dr int
	}{{left, top, -1, -1}, {right, top, 1, -1}, {left, bottom, -1, 1}, {right, bottom, 1, 1}} {
		switch {
		case k.h && k.v:
			a -= w * w
		case !k.h && !k.v && in(c+k.dc, r+k.dr):
			a += math.Pi * w * w / 4
		}
	}
	return a
}

// patch computes patch id's entry of e.Patches, reusing mark as scratch.
func (e *Expansion) patch(id int, p *Patches, before []uint16, builtUp uint16, g raster.Grid, rowArea []float64, buf *bufferSpec, mark []bool) []bool {
	w, h := g.Width, g.Height
	offsets := buf.offsets
	b := p.Bounds[id].Inset(-buf.reach).Intersect(image.Rect(0, 0, w, h))
	bw := b.Dx()
	if need := bw * b.Dy(); cap(mark) < need {
		mark = make([]bool, need)
	} else {
		mark = mark[:need]
		clear(mark)
	}
	ep := ExpansionPatch{ID: id, Col: -1}
	pb := p.Bounds[id]
	in := func(c, r int) bool { return c >= 0 && c < w && r >= 0 && r < h && p.ID[r*w+c] == int32(id) }
	for r := pb.Min.Y; r < pb.Max.Y; r++ {
		for c := pb.Min.X; c < pb.Max.X; c++ {
			if p.ID[r*w+c] != int32(id) {
				continue
			}
			if ep.Col < 0 {
				ep.Col, ep.Row = c, r
			}
			ep.Pixels++
			ep.Hectares += rowArea[r] / 1e4
			if in(c-1, r) && in(c+1, r) && in(c, r-1) && in(c, r+1) {
				continue // interior: the nearest patch point to any outside cell is on a boundary pixel
			}
			for _, o := range offsets {
				cc, rr := c+o.X, r+o.Y
				if cc >= b.Min.X && cc < b.Max.X && rr >= b.Min.Y && rr < b.Max.Y {
					mark[(rr-b.Min.Y)*bw+cc-b.Min.X] = true
				}
			}
		}
	}
	for r := b.Min.Y; r < b.Max.Y; r++ {
		for c := b.Min.X; c < b.Max.X; c++ {
			if !mark[(r-b.Min.Y)*bw+c-b.Min.X] || p.ID[r*w+c] == int32(id) {
				continue
			}
			v := before[r*w+c]
			if v == 0 {
				continue
			}
			a := rowArea[r] / 1e4
			if buf.thin {
				a = buf.thinArea(in, c, r) / 1e4
			}
			if v == builtUp {
				ep.OldHectares += a
			} else {
				ep.VacantHectares += a
			}
		}
	}
	ep.LEI = math.NaN()
	if s := ep.OldHectares + ep.VacantHectares; s > 0 {
		ep.LEI = 100 * ep.OldHectares / s
		switch {
		case ep.LEI > 50:
			ep.Type = Infilling
		case ep.LEI > 0:
			ep.Type = EdgeExpansion
		default:
			ep.Type = Outlying
		}
	}
	e.Patches[id-1] = ep
	return mark
}
