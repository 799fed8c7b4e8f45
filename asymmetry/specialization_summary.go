package asymmetry

import "fmt"

// PlaceSpecialization gathers the specialization measures of one place, as
// [EmploymentTable.Specialization] computes them.
type PlaceSpecialization struct {
	// Place names the place.
	Place string
	// Total is the place's employment e_j, in table units.
	Total float64
	// Herfindahl is Σ_i s_ij² ([EmploymentTable.Herfindahl]), 1/N–1.
	Herfindahl float64
	// HerfindahlNormalized is (HHI − 1/N)/(1 − 1/N), 0–1.
	HerfindahlNormalized float64
	// Krugman is Σ_i |s_ij − s̄_i| against the options' reference, 0–2.
	Krugman float64
	// Theil is Σ_i s_ij ln(s_ij/s̄_i) against the options' reference, in
	// nats ([EmploymentTable.Theil]).
	Theil float64
	// TheilAbsolute is ln N − entropy, in nats
	// ([EmploymentTable.TheilAbsolute]).
	TheilAbsolute float64
	// HooverToTotal is ½ Σ_i |s_ij − E_i/E|, 0–1.
	HooverToTotal float64
	// Dominant is the place's dominant function.
	Dominant DominantFunction
}

// SpecializationOptions configures [EmploymentTable.Specialization]; the
// zero value (or nil) compares each place with the rest of the places and
// picks dominant functions by location quotient, each sector being its own
// function.
type SpecializationOptions struct {
	// Reference is the structure the Krugman and relative Theil indices
	// compare with (default [RestOfPlaces]).
	Reference StructureReference
	// Functions groups sectors into functions for the dominant function;
	// nil keeps the sectors.
	Functions SectorFunctions
	// Dominance ranks the functions (default [ByLocationQuotient]).
	Dominance DominanceCriterion
}

// Specialization returns the specialization measures of every place, in
// table order. The indices are computed on the sectors; only the dominant
// function uses the sector→function map.
func (t *EmploymentTable) Specialization(opt *SpecializationOptions) ([]PlaceSpecialization, error) {
	if opt == nil {
		opt = &SpecializationOptions{}
	}
	st := t.structure()
	refs, err := t.referenceStructures(st, opt.Reference)
	if err != nil {
		return nil, err
	}
	if opt.Dominance != ByLocationQuotient && opt.Dominance != ByShare {
		return nil, fmt.Errorf("asymmetry: unknown dominance criterion %d", int(opt.Dominance))
	}
	var dom []DominantFunction
	if opt.Functions == nil {
		dom = dominantFunctions(t, st, opt.Dominance)
	} else {
		ft, err := t.ByFunction(opt.Functions)
		if err != nil {
			return nil, fmt.Errorf("dominant functions: %w", err)
		}
		dom = dominantFunctions(ft, ft.structure(), opt.Dominance)
	}
	kr, th := krugmanIndex(st, refs), theilIndex(st, refs)
	hhi := herfindahlIndex(st)
	hhiN := herfindahlNormalizedIndex(hhi, len(t.Sectors))
	theilAbs, hoover := theilAbsoluteIndex(st), hooverToTotal(st)
	out := make([]PlaceSpecialization, len(t.Places))
	for j, p := range t.Places {
		out[j] = PlaceSpecialization{
			Place: p, Total: st.totals[j],
			Herfindahl: hhi[j], HerfindahlNormalized: hhiN[j],
			Krugman: kr[j], Theil: th[j], TheilAbsolute: theilAbs[j],
			HooverToTotal: hoover[j], Dominant: dom[j],
		}
	}
	return out, nil
}
