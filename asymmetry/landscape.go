package asymmetry

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/borderzone/borderzone/raster"
)

// LandscapeOptions chooses how a categorical map is cut into patches. The
// zero value (or nil) is FRAGSTATS's default: the 8-cell rule, code 0 as
// no data, the whole map as one landscape.
type LandscapeOptions struct {
	// Neighbours is the patch rule: 8 (queen's case: cells touching at a side
	// or a corner belong to one patch; FRAGSTATS's default) or 4 (rook's case:
	// at a side only). 0 means 8.
	Neighbours int
	// Background is a class code treated as no data in addition to 0 ("none").
	// 0 means none besides code 0. No-data cells are what FRAGSTATS calls
	// exterior background: outside the landscape, not in its total area.
	// (FRAGSTATS's interior background, counted in the total area but in no
	// class, has no counterpart here.)
	Background uint16
	// Zones, when not nil, splits the map into landscapes, one per zone code
	// (a side of the border, a distance band from zones.DistanceBands, a
	// town): cells with zone code 0 belong to none. It must be on the same
	// grid as the map. Patches never cross from one zone into another. Zones
	// without a cell of a class give no rows.
	Zones *raster.Labels
}

// LandscapeResult holds the metrics of one or more landscapes (one per zone
// when zones are given) at the three FRAGSTATS levels. Rows are ordered by
// zone code, then class code, then patch (first cell in row-major order).
type LandscapeResult struct {
	// CellSize is the side of a cell, metres (map units, as FRAGSTATS).
	CellSize float64
	// Neighbours is the patch rule used, 8 or 4.
	Neighbours int
	// Landscape has one row per zone with at least one cell of a class.
	Landscape []LandscapeMetrics
	// Class has one row per class present in each zone.
	Class []ClassMetrics
	// Patch has one row per patch.
	Patch []PatchMetrics
}

// Zone identifies the landscape a row belongs to.
type Zone struct {
	// Code is the zone's code in the zone labels (1-based position for a
	// zones.CoverageSet); 0 for a whole map.
	Code uint16
	// Name is the zone's class name ("" for a whole map).
	Name string
}

// PatchMetrics are FRAGSTATS's patch-level metrics of one patch (McGarigal
// 2015).
type PatchMetrics struct {
	Zone Zone
	// ID numbers the patches of a result from 1 in order of their first cell
	// (row-major); FRAGSTATS numbers them in its own order.
	ID int
	// Class is the patch's class code.
	Class uint16
	// Cells is the number of cells of the patch.
	Cells int64
	// Area is AREA = a_ij / 10000, hectares.
	Area float64
	// Perimeter is PERIM = p_ij, metres: every cell side between the patch
	// and anything else, the landscape boundary and no-data cells included.
	Perimeter float64
	// Gyrate is GYRATE = Σ_r h_ijr / z, metres: the mean distance between the
	// centres of the patch's z cells and the patch centroid (Keitt et al.
	// 1997). A one-cell patch has 0.
	Gyrate float64
	// PARA is the perimeter–area ratio p_ij / a_ij in m/ha, the unit
	// FRAGSTATS 4.2 prints (its documentation writes m/m², 10⁴ times
	// smaller).
	PARA float64
	// Shape is SHAPE = p_ij / min p_ij with lengths in cell sides, min p_ij
	// the outline of the same number of cells packed into a square as nearly
	// as possible (see [minPerimeter]); 1 for a square, unitless.
	Shape float64
	// Frac is the fractal dimension FRAC = 2 ln(0.25 p_ij) / ln a_ij with p in
	// metres and a in m² (1 for a one-cell patch, as FRAGSTATS), 1–2.
	Frac float64
	// Contig is the contiguity index CONTIG = (Σ_r c_ijr / a_ij − 1) / (v − 1)
	// (LaGro 1991): c_ijr sums the 3x3 template 1 2 1 / 2 1 2 / 1 2 1 over the
	// cells of the same patch around cell r, a_ij counts cells and v = 13 is
	// the template's sum; 0 for one cell, near 1 for a large compact patch.
	Contig float64
	// ENN is the edge-to-edge Euclidean nearest-neighbour distance, metres:
	// the shortest distance between the centres of a cell of this patch and a
	// cell of another patch of the same class (and zone). NaN (FRAGSTATS
	// "N/A") when the patch is the only one of its class.
	ENN float64
}

// ClassMetrics are FRAGSTATS's class-level metrics of one class in one
// landscape (McGarigal 2015). Patch statistics _MN are means over the class's
// patches; _SD is the population standard deviation (FRAGSTATS divides by n)
// and _CV = 100·SD/MN.
type ClassMetrics struct {
	Zone Zone
	// Class is the class code.
	Class uint16
	// CA is the class area Σ_j a_ij, hectares.
	CA float64
	// PLAND is the percentage of the landscape the class covers, 0–100.
	PLAND float64
	// NP is the number of patches.
	NP int
	// PD is the patch density NP / A · 10000 · 100, patches per 100 ha.
	PD float64
	// LPI is the largest patch index max_j a_ij / A · 100, percent.
	LPI float64
	// TE is the total edge length of the class, metres. Following
	// FRAGSTATS's default, sides on the landscape boundary and sides facing
	// no-data (background) cells are not edge.
	TE float64
	// ED is the edge density TE / A · 10000, metres per hectare.
	ED float64
	// LSI is the landscape shape index e_i / min e_i in cell sides, where
	// e_i includes the landscape boundary and background sides of the class
	// (FRAGSTATS) and min e_i is the outline of CA packed into a square.
	LSI float64
	// AreaMN, AreaSD and AreaCV summarise patch AREA (hectares; CV percent).
	AreaMN, AreaSD, AreaCV float64
	// GyrateMN is the mean patch GYRATE, metres.
	GyrateMN float64
	// ShapeMN is the mean patch SHAPE.
	ShapeMN float64
	// FracMN is the mean patch FRAC.
	FracMN float64
	// ParaMN is the mean patch PARA, m/ha.
	ParaMN float64
	// ContigMN is the mean patch CONTIG.
	ContigMN float64
	// EnnMN is the mean patch ENN over patches that have one, metres; NaN for
	// a class of one patch.
	EnnMN float64
	// Cohesion is the patch cohesion index (Schumaker 1996)
	//
	//	COHESION = [1 − Σ_j p_ij / Σ_j p_ij √a_ij] · [1 − 1/√Z]⁻¹ · 100
	//
	// with p in cell sides, a in cells and Z the cells of the landscape.
	Cohesion float64
	// AI is the aggregation index g_ii / max g_ii · 100 (He, DeZonia &
	// Mladenoff 2000): like adjacencies of the class (single count) over the
	// most its cells could have; NaN for a one-cell class.
	AI float64
	// Division is the landscape division index 1 − Σ_j (a_ij / A)² (Jaeger
	// 2000), the probability that two random cells are not in one patch of
	// the class, 0–1.
	Division float64
	// Mesh is the effective mesh size Σ_j a_ij² / A (Jaeger 2000), hectares.
	Mesh float64
	// Split is the splitting index A² / Σ_j a_ij² (Jaeger 2000).
	Split float64
	// IJI is the interspersion and juxtaposition index
	//
	//	IJI = −Σ_k (e_ik / Σ_k e_ik) ln(e_ik / Σ_k e_ik) / ln(m − 1) · 100
	//
	// over the other classes k, e_ik the edge shared with class k and m the
	// number of classes in the landscape; NaN when m < 3 or the class has no
	// edge (McGarigal & Marks 1995).
	IJI float64
}

// LandscapeMetrics are FRAGSTATS's landscape-level metrics of one landscape
// (a whole map or one zone; McGarigal 2015). Patch statistics run over all
// patches of all classes.
type LandscapeMetrics struct {
	Zone Zone
	// TA is the total area A of the landscape (cells of a class; no data
	// excluded), hectares.
	TA float64
	// NP is the number of patches.
	NP int
	// PD is the patch density, patches per 100 ha.
	PD float64
	// LPI is the largest patch index, percent.
	LPI float64
	// TE is the total edge length, metres, each side between two classes
	// counted once; the landscape boundary and background are not edge.
	TE float64
	// ED is TE / A, metres per hectare.
	ED float64
	// LSI is E* / min E* in cell sides, E* including the whole landscape
	// boundary and background sides (FRAGSTATS).
	LSI float64
	// AreaMN, AreaSD and AreaCV summarise patch AREA (hectares; CV percent).
	AreaMN, AreaSD, AreaCV float64
	// GyrateMN is the mean patch GYRATE, metres.
	GyrateMN float64
	// ShapeMN is the mean patch SHAPE.
	ShapeMN float64
	// FracMN is the mean patch FRAC.
	FracMN float64
	// ParaMN is the mean patch PARA, m/ha.
	ParaMN float64
	// ContigMN is the mean patch CONTIG.
	ContigMN float64
	// EnnMN is the mean ENN of the patches that have one, metres.
	EnnMN float64
	// Cohesion is COHESION over all patches (Schumaker 1996).
	Cohesion float64
	// AI is Σ_i (g_ii / max g_ii) P_i · 100, the class aggregation indices
	// weighted by the classes' proportions P_i (He et al. 2000).
	AI float64
	// Division, Mesh (hectares) and Split over all patches (Jaeger 2000).
	Division, Mesh, Split float64
	// IJI is −Σ_i Σ_{k>i} (e_ik/E) ln(e_ik/E) / ln(m(m−1)/2) · 100, NaN when
	// m < 3.
	IJI float64
	// Contag is the contagion index (Li & Reynolds 1993, as FRAGSTATS)
	//
	//	CONTAG = [1 + Σ_i Σ_k P_i (g_ik/Σ_k g_ik) ln(P_i g_ik/Σ_k g_ik) / (2 ln m)] · 100
	//
	// with g_ik the adjacencies of cells of classes i and k counted from both
	// cells (double count, like adjacencies included, sides only); NaN when
	// m < 2.
	Contag float64
	// PR is the patch richness m, the number of classes present.
	PR int
	// SHDI is Shannon's diversity −Σ_i P_i ln P_i.
	SHDI float64
	// SHEI is Shannon's evenness SHDI / ln m (0 when m = 1).
	SHEI float64
	// SIDI is Simpson's diversity 1 − Σ_i P_i².
	SIDI float64
}

// Landscape computes FRAGSTATS landscape metrics of the categorical map l at
// patch, class and landscape level, for the whole map or, with opt.Zones,
// for each zone. Cells with code 0 or opt.Background are no data: they
// belong to no patch and no landscape, as cells outside the landscape of
// interest in FRAGSTATS, so sides facing them are landscape boundary (in
// PERIM, SHAPE and LSI, not in TE or ED) — FRAGSTATS's default with no
// landscape border and no boundary edge counted. Cells outside a zone are
// outside that zone's landscape in the same way.
//
// The cell size is the grid's pixel size, taken as metres as FRAGSTATS
// takes map units; cells must be square and the grid north-up (reproject
// longitude/latitude maps first). Work is one labelling pass over the cells,
// one tally pass and per-patch work; memory is linear in the map, about 25
// bytes per cell.
func Landscape(ctx context.Context, l *raster.Labels, opt *LandscapeOptions) (*LandscapeResult, error) {
	if l == nil {
		return nil, fmt.Errorf("asymmetry: landscape: nil labels")
	}
	var o LandscapeOptions
	if opt != nil {
		o = *opt
	}
	if o.Neighbours == 0 {
		o.Neighbours = 8
	}
	if o.Neighbours != 8 && o.Neighbours != 4 {
		return nil, fmt.Errorf("asymmetry: landscape: neighbours %d: must be 8 or 4", o.Neighbours)
	}
	g := l.Grid
	if g.Width <= 0 || g.Height <= 0 || len(l.Data) != g.Width*g.Height {
		return nil, fmt.Errorf("asymmetry: landscape: labels on %v hold %d codes, want %d", g, len(l.Data), g.Width*g.Height)
	}
	if int64(g.Width)*int64(g.Height) >= math.MaxInt32 {
		return nil, fmt.Errorf("asymmetry: landscape: %v has more than %d cells", g, math.MaxInt32-1)
	}
	cell, err := squareCell(g)
	if err != nil {
		return nil, fmt.Errorf("asymmetry: landscape: %w", err)
	}
	// Dense class indices in code order.
	var classIdx [1 << 16]int32
	var present [1 << 16]bool
	for _, v := range l.Data {
		present[v] = true
	}
	var codes []uint16
	for c := 1; c < 1<<16; c++ {
		classIdx[c] = -1
		if present[c] && uint16(c) != o.Background {
			classIdx[c] = int32(len(codes))
			codes = append(codes, uint16(c))
		}
	}
	classIdx[0] = -1
	nk := int32(len(codes))
	var key []int32
	zoneList := []Zone{{}}
	if o.Zones != nil {
		if err := g.Match(o.Zones.Grid); err != nil {
			return nil, fmt.Errorf("asymmetry: landscape: zones: %w", err)
		}
		if len(o.Zones.Data) != len(l.Data) {
			return nil, fmt.Errorf("asymmetry: landscape: zones hold %d codes, want %d", len(o.Zones.Data), len(l.Data))
		}
		var zidx [1 << 16]int32
		var zp [1 << 16]bool
		for _, v := range o.Zones.Data {
			zp[v] = true
		}
		zoneList = zoneList[:0]
		for c := 1; c < 1<<16; c++ {
			zidx[c] = -1
			if zp[c] {
				name := strconv.Itoa(c)
				if cl, ok := o.Zones.Class(uint16(c)); ok && cl.Name != "" {
					name = cl.Name
				}
				zidx[c] = int32(len(zoneList))
				zoneList = append(zoneList, Zone{Code: uint16(c), Name: name})
			}
		}
		zidx[0] = -1
		if len(zoneList)*len(codes)*len(codes) > 1<<26 {
			return nil, fmt.Errorf("asymmetry: landscape: %d zones x %d classes is too many class pairs to tally", len(zoneList), len(codes))
		}
		key = make([]int32, len(l.Data))
		for i, v := range l.Data {
			key[i] = -1
			if z, c := zidx[o.Zones.Data[i]], classIdx[v]; z >= 0 && c >= 0 {
				key[i] = z*nk + c
			}
		}
	} else if len(codes)*len(codes) > 1<<26 {
		return nil, fmt.Errorf("asymmetry: landscape: %d classes is too many class pairs to tally", len(codes))
	}
	if key == nil {
		key = make([]int32, len(l.Data))
		for i, v := range l.Data {
			key[i] = classIdx[v]
		}
	}
	lb, err := labelPatches(ctx, g.Width, g.Height, key, len(codes), len(zoneList), o.Neighbours == 8)
	if err != nil {
		return nil, fmt.Errorf("asymmetry: landscape: %w", err)
	}
	if err := nearestNeighbours(ctx, lb); err != nil {
		return nil, fmt.Errorf("asymmetry: landscape: %w", err)
	}
	key, lb.key = nil, nil
	res := &LandscapeResult{CellSize: cell, Neighbours: o.Neighbours}
	res.add(lb, codes, zoneList)
	return res, nil
}

// squareCell returns the side of the grid's square cells.
func squareCell(g raster.Grid) (float64, error) {
	if !g.Transform.IsNorthUp() {
		return 0, fmt.Errorf("grid %v is rotated; landscape metrics need square north-up cells", g)
	}
	dx, dy := g.Transform.PixelSize()
	dx, dy = math.Abs(dx), math.Abs(dy)
	if !(dx > 0) || math.IsInf(dx, 0) || math.Abs(dx-dy) > 1e-9*dx {
		return 0, fmt.Errorf("grid %v has %g x %g cells; landscape metrics need square cells", g, dx, dy)
	}
	return dx, nil
}

// add appends the rows of every zone of lb.
func (res *LandscapeResult) add(lb *labelled, codes []uint16, zoneList []Zone) {
	s := res.CellSize
	ha := s * s / 10000 // hectares per cell
	k := len(codes)
	// Patch rows and per-(zone, class) patch lists.
	byGroup := make([][]int, len(zoneList)*k)
	patchRows := make([]PatchMetrics, len(lb.patches))
	for i, p := range lb.patches {
		a := float64(p.cells)
		frac := 1.0
		if p.cells > 1 {
			frac = 2 * math.Log(0.25*float64(p.perim)*s) / math.Log(a*s*s)
		}
		patchRows[i] = PatchMetrics{
			Zone:      zoneList[p.zone],
			ID:        i + 1,
			Class:     codes[p.class],
			Cells:     p.cells,
			Area:      a * ha,
			Perimeter: float64(p.perim) * s,
			Gyrate:    p.gyrate / a * s,
			PARA:      float64(p.perim) * s / (a * ha),
			Shape:     float64(p.perim) / minPerimeter(p.cells),
			Frac:      frac,
			Contig:    (float64(p.contig)/a - 1) / 12,
			ENN:       p.enn * s,
		}
		byGroup[int(p.zone)*k+int(p.class)] = append(byGroup[int(p.zone)*k+int(p.class)], i)
	}
	for z, zone := range zoneList {
		var total int64
		m := 0
		for c := range k {
			total += lb.groups.cells[z][c]
			if lb.groups.cells[z][c] > 0 {
				m++
			}
		}
		if total == 0 {
			continue
		}
		A := float64(total)
		Aha := A * ha
		var zonePatches []int
		for c := range k {
			zonePatches = append(zonePatches, byGroup[z*k+c]...)
		}
		adj := lb.groups.adj[z]
		for c := range k {
			n := lb.groups.cells[z][c]
			if n == 0 {
				continue
			}
			ps := byGroup[z*k+c]
			row := ClassMetrics{Zone: zone, Class: codes[c], NP: len(ps)}
			row.CA = float64(n) * ha
			row.PLAND = float64(n) / A * 100
			row.PD = float64(len(ps)) / Aha * 100
			row.TE = float64(lb.groups.edgeTE[z][c]) * s
			row.ED = row.TE / Aha
			row.LSI = float64(lb.groups.edgeAll[z][c]) / minPerimeter(n)
			ps2 := patchSummary(patchRows, lb.patches, ps, A)
			row.LPI = ps2.lpi
			row.AreaMN, row.AreaSD, row.AreaCV = ps2.areaMN, ps2.areaSD, ps2.areaCV
			row.GyrateMN, row.ShapeMN, row.FracMN = ps2.gyrate, ps2.shape, ps2.frac
			row.ParaMN, row.ContigMN, row.EnnMN = ps2.para, ps2.contig, ps2.enn
			row.Cohesion = ps2.cohesion
			row.Division, row.Mesh, row.Split = ps2.division, ps2.mesh*ha, ps2.split
			row.AI = float64(adj[c*k+c]) / 2 / maxLikeAdjacencies(n) * 100
			row.IJI = math.NaN()
			if m >= 3 {
				var e float64
				for o := range k {
					if o != c {
						e += float64(adj[c*k+o])
					}
				}
				if e > 0 {
					var h float64
					for o := range k {
						if o != c {
							h -= xlogx(float64(adj[c*k+o]) / e)
						}
					}
					row.IJI = h / math.Log(float64(m-1)) * 100
				}
			}
			res.Class = append(res.Class, row)
		}
		// Landscape level.
		row := LandscapeMetrics{Zone: zone, TA: Aha, NP: len(zonePatches), PR: m}
		row.PD = float64(len(zonePatches)) / Aha * 100
		var te2, all int64
		for c := range k {
			te2 += lb.groups.edgeTE[z][c]
			all += lb.groups.edgeAll[z][c]
		}
		row.TE = float64(te2/2) * s
		row.ED = row.TE / Aha
		row.LSI = float64(all-te2/2) / minPerimeter(total)
		ps2 := patchSummary(patchRows, lb.patches, zonePatches, A)
		row.LPI = ps2.lpi
		row.AreaMN, row.AreaSD, row.AreaCV = ps2.areaMN, ps2.areaSD, ps2.areaCV
		row.GyrateMN, row.ShapeMN, row.FracMN = ps2.gyrate, ps2.shape, ps2.frac
		row.ParaMN, row.ContigMN, row.EnnMN = ps2.para, ps2.contig, ps2.enn
		row.Cohesion = ps2.cohesion
		row.Division, row.Mesh, row.Split = ps2.division, ps2.mesh*ha, ps2.split
		var ai, sidi float64
		var cont float64
		for c := range k {
			n := lb.groups.cells[z][c]
			if n == 0 {
				continue
			}
			p := float64(n) / A
			if mx := maxLikeAdjacencies(n); mx > 0 {
				ai += float64(adj[c*k+c]) / 2 / mx * p
			}
			row.SHDI -= xlogx(p)
			sidi += p * p
			var gi float64
			for o := range k {
				gi += float64(adj[c*k+o])
			}
			if gi > 0 {
				for o := range k {
					cont += xlogx(p * float64(adj[c*k+o]) / gi)
				}
			}
		}
		row.AI = ai * 100
		row.SIDI = 1 - sidi
		row.SHEI = 0
		if m > 1 {
			row.SHEI = row.SHDI / math.Log(float64(m))
		}
		row.Contag = math.NaN()
		if m >= 2 {
			row.Contag = (1 + cont/(2*math.Log(float64(m)))) * 100
		}
		row.IJI = math.NaN()
		if m >= 3 && te2 > 0 {
			E := float64(te2) / 2
			var h float64
			for i := range k {
				for o := i + 1; o < k; o++ {
					h -= xlogx(float64(adj[i*k+o]) / E)
				}
			}
			row.IJI = h / math.Log(float64(m*(m-1))/2) * 100
		}
		res.Landscape = append(res.Landscape, row)
	}
	res.Patch = append(res.Patch, patchRows...)
}

// patchStats summarises a list of patches for the class and landscape
// levels.
type patchStats struct {
	lpi                       float64
	areaMN, areaSD, areaCV    float64
	gyrate, shape, frac, para float64
	contig, enn               float64
	cohesion                  float64
	division, mesh, split     float64 // mesh in cells
}

// patchSummary computes the patch statistics of patches ps of a landscape
// of A cells.
func patchSummary(rows []PatchMetrics, acc []patchAcc, ps []int, A float64) patchStats {
	var st patchStats
	col := func(f func(*PatchMetrics) float64) float64 {
		x := make([]float64, len(ps))
		for i, p := range ps {
			x[i] = f(&rows[p])
		}
		mn, _, _ := moments(x)
		return mn
	}
	area := make([]float64, len(ps))
	var maxCells int64
	var sumP, sumPA, sumA2 float64
	for i, p := range ps {
		area[i] = rows[p].Area
		a := float64(acc[p].cells)
		maxCells = max(maxCells, acc[p].cells)
		sumP += float64(acc[p].perim)
		sumPA += float64(acc[p].perim) * math.Sqrt(a)
		sumA2 += a * a
	}
	st.lpi = float64(maxCells) / A * 100
	st.areaMN, st.areaSD, st.areaCV = moments(area)
	st.gyrate = col(func(r *PatchMetrics) float64 { return r.Gyrate })
	st.shape = col(func(r *PatchMetrics) float64 { return r.Shape })
	st.frac = col(func(r *PatchMetrics) float64 { return r.Frac })
	st.para = col(func(r *PatchMetrics) float64 { return r.PARA })
	st.contig = col(func(r *PatchMetrics) float64 { return r.Contig })
	st.enn = col(func(r *PatchMetrics) float64 { return r.ENN })
	st.cohesion = (1 - sumP/sumPA) / (1 - 1/math.Sqrt(A)) * 100
	st.division = 1 - sumA2/(A*A)
	st.mesh = sumA2 / A
	st.split = A * A / sumA2
	return st
}
