package indices

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// The named helpers below compute the most used indices with hand-written
// single-pass loops on all cores. Their results are bit for bit those of
// the catalogue entries compiled with the catalogue's defaults (the package
// tests check it): arithmetic in float64 in the formula's order, division by
// zero giving NaN, ±Inf stored as NaN. Inputs are reflectances (0–1) on one
// grid.

// role is one input band of a named helper, with the name errors use.
type role struct {
	name string
	band *raster.Band
}

// checkRoles validates the bands and checks that their grids match,
// returning the grid.
func checkRoles(index string, roles ...role) (raster.Grid, error) {
	for i, r := range roles {
		if r.band == nil {
			return raster.Grid{}, fmt.Errorf("indices: %s: %s band is nil", index, r.name)
		}
		if err := r.band.Validate(); err != nil {
			return raster.Grid{}, fmt.Errorf("indices: %s: %s band %q: %w", index, r.name, r.band.Name, err)
		}
		if i > 0 {
			if err := roles[0].band.Grid.Match(r.band.Grid); err != nil {
				return raster.Grid{}, fmt.Errorf("indices: %s: %s band %q and %s band %q: %w", index, roles[0].name, roles[0].band.Name, r.name, r.band.Name, err)
			}
		}
	}
	return roles[0].band.Grid, nil
}

// store32 converts a float64 result to float32, with ±Inf becoming NaN.
func store32(v float64) float32 {
	f := float32(v)
	if f-f != 0 {
		return nan32
	}
	return f
}

// normalizedDifference computes (a - b) / (a + b) over two bands.
func normalizedDifference(ctx context.Context, index string, aName string, a *raster.Band, bName string, b *raster.Band) (*raster.Band, error) {
	g, err := checkRoles(index, role{aName, a}, role{bName, b})
	if err != nil {
		return nil, err
	}
	out := &raster.Band{Grid: g, Name: index, Data: make([]float32, g.Len())}
	err = NormalizedDifferenceInto(ctx, out.Data, a.Data, b.Data)
	return out, err
}

// NormalizedDifferenceInto writes (a - b) / (a + b) of every pixel into dst,
// computed in float64 with a zero denominator giving NaN, on all cores, in
// one pass. The slices must have the same length. It is the loop behind
// [NDVI], [NDBI], [MNDWI], [NDWI], [NBR], [NDSI] and [UI], for callers that
// manage their own buffers.
func NormalizedDifferenceInto(ctx context.Context, dst, a, b []float32) error {
	if len(a) != len(dst) || len(b) != len(dst) {
		return fmt.Errorf("indices: normalized difference of %d and %d values into %d", len(a), len(b), len(dst))
	}
	return parallelChunks(ctx, len(dst), func(_ [][]float64, lo, hi int) {
		d := dst[lo:hi]
		x := a[lo:hi:hi]
		y := b[lo:hi:hi]
		x, y = x[:len(d)], y[:len(d)]
		for i := range d {
			p, q := float64(x[i]), float64(y[i])
			s := p + q
			v := (p - q) / s
			if s == 0 {
				v = math.NaN()
			}
			f := float32(v)
			if f-f != 0 {
				f = nan32
			}
			d[i] = f
		}
	}, 0, 0)
}

// NDVI is the Normalized Difference Vegetation Index (N - R) / (N + R)
// (Rouse et al. 1974, "Monitoring vegetation systems in the Great Plains
// with ERTS"), from near-infrared and red reflectance; unitless, -1 to 1.
func NDVI(ctx context.Context, nir, red *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "NDVI", "nir", nir, "red", red)
}

// NDBI is the Normalized Difference Built-Up Index (S1 - N) / (S1 + N) (Zha
// et al. 2003, doi:10.1080/01431160304987), from SWIR1 (1.6 µm) and
// near-infrared reflectance. As the catalogue notes, it equals -NDMI.
func NDBI(ctx context.Context, swir1, nir *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "NDBI", "swir1", swir1, "nir", nir)
}

// MNDWI is the Modified Normalized Difference Water Index (G - S1) / (G + S1)
// (Xu 2006, doi:10.1080/01431160600589179), from green and SWIR1 reflectance.
func MNDWI(ctx context.Context, green, swir1 *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "MNDWI", "green", green, "swir1", swir1)
}

// NDWI is the Normalized Difference Water Index (G - N) / (G + N) (McFeeters
// 1996, doi:10.1080/01431169608948714), from green and near-infrared
// reflectance.
func NDWI(ctx context.Context, green, nir *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "NDWI", "green", green, "nir", nir)
}

// NBR is the Normalized Burn Ratio (N - S2) / (N + S2) (Key and Benson 2006,
// FIREMON LA 1-51), from near-infrared and SWIR2 (2.2 µm) reflectance.
func NBR(ctx context.Context, nir, swir2 *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "NBR", "nir", nir, "swir2", swir2)
}

// NDSI is the Normalized Difference Snow Index (G - S1) / (G + S1) (Riggs et
// al. 1994, doi:10.1109/IGARSS.1994.399618), from green and SWIR1
// reflectance; the formula is that of MNDWI.
func NDSI(ctx context.Context, green, swir1 *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "NDSI", "green", green, "swir1", swir1)
}

// UI is the Urban Index (S2 - N) / (S2 + N) (Kawamura et al. 1996,
// catalogue reference https://www.isprs.org/proceedings/XXXI/congress/part7/321_XXXI-part7.pdf),
// from SWIR2 and near-infrared reflectance.
func UI(ctx context.Context, swir2, nir *raster.Band) (*raster.Band, error) {
	return normalizedDifference(ctx, "UI", "swir2", swir2, "nir", nir)
}

// EVI is the Enhanced Vegetation Index g·(N - R) / (N + C1·R - C2·B + L) with
// the catalogue's (and MODIS') coefficients g = 2.5, C1 = 6, C2 = 7.5, L = 1
// (Huete et al. 2002, doi:10.1016/S0034-4257(02)00096-2), from near-infrared,
// red and blue surface reflectance (0–1).
func EVI(ctx context.Context, nir, red, blue *raster.Band) (*raster.Band, error) {
	g, err := checkRoles("EVI", role{"nir", nir}, role{"red", red}, role{"blue", blue})
	if err != nil {
		return nil, err
	}
	out := &raster.Band{Grid: g, Name: "EVI", Data: make([]float32, g.Len())}
	const gain, c1, c2, l = 2.5, 6.0, 7.5, 1.0
	err = parallelChunks(ctx, len(out.Data), func(_ [][]float64, lo, hi int) {
		d := out.Data[lo:hi]
		n, r, b := nir.Data[lo:hi], red.Data[lo:hi], blue.Data[lo:hi]
		n, r, b = n[:len(d)], r[:len(d)], b[:len(d)]
		for i := range d {
			nv, rv, bv := float64(n[i]), float64(r[i]), float64(b[i])
			num := float64(gain * (nv - rv))
			den := float64(float64(nv+float64(c1*rv))-float64(c2*bv)) + l
			v := num / den
			if den == 0 {
				v = math.NaN()
			}
			d[i] = store32(v)
		}
	}, 0, 0)
	return out, err
}

// SAVI is the Soil-Adjusted Vegetation Index (1 + L)·(N - R) / (N + R + L)
// (Huete 1988, doi:10.1016/0034-4257(88)90106-X) from near-infrared and red
// reflectance. L, the canopy background adjustment, is explicit: Huete
// recommends 0.5 for intermediate vegetation densities, while the
// catalogue's default (used by Compute("SAVI", ...) unless overridden) is
// 1.0.
func SAVI(ctx context.Context, nir, red *raster.Band, L float64) (*raster.Band, error) {
	g, err := checkRoles("SAVI", role{"nir", nir}, role{"red", red})
	if err != nil {
		return nil, err
	}
	if math.IsNaN(L) || math.IsInf(L, 0) {
		return nil, fmt.Errorf("indices: SAVI: L = %v is not finite", L)
	}
	out := &raster.Band{Grid: g, Name: "SAVI", Data: make([]float32, g.Len())}
	k := 1.0 + L
	err = parallelChunks(ctx, len(out.Data), func(_ [][]float64, lo, hi int) {
		d := out.Data[lo:hi]
		n, r := nir.Data[lo:hi], red.Data[lo:hi]
		n, r = n[:len(d)], r[:len(d)]
		for i := range d {
			nv, rv := float64(n[i]), float64(r[i])
			num := float64((nv - rv) * k)
			den := float64(nv+rv) + L
			v := num / den
			if den == 0 {
				v = math.NaN()
			}
			d[i] = store32(v)
		}
	}, 0, 0)
	return out, err
}

// BI is the Bare Soil Index ((S1 + R) - (N + B)) / ((S1 + R) + (N + B))
// (Rikimaru et al. 2002, catalogue entry "BI"; often called BSI), from SWIR1,
// red, near-infrared and blue reflectance.
func BI(ctx context.Context, swir1, red, nir, blue *raster.Band) (*raster.Band, error) {
	g, err := checkRoles("BI", role{"swir1", swir1}, role{"red", red}, role{"nir", nir}, role{"blue", blue})
	if err != nil {
		return nil, err
	}
	out := &raster.Band{Grid: g, Name: "BI", Data: make([]float32, g.Len())}
	err = parallelChunks(ctx, len(out.Data), func(_ [][]float64, lo, hi int) {
		d := out.Data[lo:hi]
		s, r, n, b := swir1.Data[lo:hi], red.Data[lo:hi], nir.Data[lo:hi], blue.Data[lo:hi]
		s, r, n, b = s[:len(d)], r[:len(d)], n[:len(d)], b[:len(d)]
		for i := range d {
			p := float64(s[i]) + float64(r[i])
			q := float64(n[i]) + float64(b[i])
			den := p + q
			v := (p - q) / den
			if den == 0 {
				v = math.NaN()
			}
			d[i] = store32(v)
		}
	}, 0, 0)
	return out, err
}
