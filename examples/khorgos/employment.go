package main

import (
	"context"
	"fmt"

	"github.com/borderzone/borderzone/asymmetry"
)

// specialization computes the functional specialization of the places of
// an -employment table; without one it says that none ships.
func (st *study) specialization(ctx context.Context) error {
	sec := st.rep.section("Functional specialization")
	if st.cfg.employment == "" {
		sec.text("No sourced employment figures for Khorgos, Yining, Nurkent or Zharkent ship with this program, so none are invented. Give a sector x place employment table with -employment table.csv (wide: a sector column then one column per place; or long: place,sector,count) to add location quotients, Krugman, Theil and Hoover indices and each place's dominant function.")
		return nil
	}
	t, err := asymmetry.ReadEmploymentCSVFile(st.cfg.employment)
	if err != nil {
		return fmt.Errorf("-employment: %w", err)
	}
	places, err := t.Specialization(&asymmetry.SpecializationOptions{})
	if err != nil {
		return fmt.Errorf("-employment %s: %w", st.cfg.employment, err)
	}
	lq := t.LocationQuotients()
	rows := [][]string{{"place", "employment", "hhi", "krugman", "theil", "hoover_total", "dominant_function", "dominant_lq"}}
	for _, p := range places {
		rows = append(rows, []string{p.Place, num(p.Total, 0), num(p.Herfindahl, 4), num(p.Krugman, 4), num(p.Theil, 4), num(p.HooverToTotal, 4), p.Dominant.Function, num(p.Dominant.LQ, 3)})
		sec.text("%s (%.0f employed): dominant function %s (location quotient %.2f); Krugman index %.3f against the other places.", p.Place, p.Total, p.Dominant.Function, p.Dominant.LQ, p.Krugman)
	}
	if err := st.table(sec, "specialization.csv", "Specialization of each place (Herfindahl, Krugman and Theil against the other places, Hoover against the total).", rows); err != nil {
		return err
	}
	lrows := [][]string{append([]string{"sector"}, t.Places...)}
	for i, s := range t.Sectors {
		r := []string{s}
		for j := range t.Places {
			r = append(r, num(lq[i][j], 3))
		}
		lrows = append(lrows, r)
	}
	if err := st.table(sec, "location_quotients.csv", "Location quotients (e_ij/e_j)/(E_i/E) of each sector in each place.", lrows); err != nil {
		return err
	}
	st.log.printf("specialization: %d places, %d sectors", len(t.Places), len(t.Sectors))
	return nil
}
