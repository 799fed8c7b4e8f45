package asymmetry_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/borderzone/borderzone/asymmetry"
)

// The division of functions between three towns of a cross-border complex.
//
// ILLUSTRATIVE NUMBERS, NOT DATA: the counts below are invented to show the
// pattern Damiani and Hiliquin (2025) describe for Khorgos–Yining–Qingshuihe
// (an administrative centre, a production core, a transit point); no
// employment figures for those towns are published in the sources this
// library cites. The printed values were checked against numpy on the same
// table.
func ExampleEmploymentTable_Specialization() {
	const table = `sector,Town A,Town B,Town C
public_administration,400,60,40
education_health,300,120,30
manufacturing,150,700,50
agriculture,50,300,30
logistics_warehousing,60,80,250
retail_services,240,140,100
`
	functions := asymmetry.SectorFunctions{
		"public_administration": "administrative",
		"education_health":      "administrative",
		"manufacturing":         "production",
		"agriculture":           "production",
		"logistics_warehousing": "transit",
		"retail_services":       "services",
	}
	t, err := asymmetry.ReadEmploymentCSV(strings.NewReader(table))
	if err != nil {
		log.Fatal(err)
	}
	places, err := t.Specialization(&asymmetry.SpecializationOptions{Functions: functions})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("place   total  HHI    Krugman Theil  dominant (LQ, share)")
	for _, p := range places {
		fmt.Printf("%-7s %5.0f  %.3f  %.3f   %.3f  %s (%.2f, %.2f)\n", p.Place, p.Total,
			p.Herfindahl, p.Krugman, p.Theil, p.Dominant.Function, p.Dominant.LQ, p.Dominant.Share)
	}
	h, err := t.HooverMatrix(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Hoover A–B %.3f, A–C %.3f, B–C %.3f\n", h[0][1], h[0][2], h[1][2])
	// Output:
	// place   total  HHI    Krugman Theil  dominant (LQ, share)
	// Town A   1200  0.233  1.051   0.730  administrative (1.90, 0.58)
	// Town B   1400  0.318  1.099   0.766  production (1.73, 0.71)
	// Town C    500  0.314  1.000   0.887  transit (3.97, 0.50)
	// Hoover A–B 0.555, A–C 0.468, B–C 0.580
}

// Location quotients of a two-place table worked by hand:
// LQ = (e_ij/e_j)/(E_i/E), e.g. sector a in X: (30/100)/(40/140) = 1.05.
func ExampleEmploymentTable_LocationQuotients() {
	t, err := asymmetry.NewEmploymentTable([]string{"a", "b", "c"}, []string{"X", "Y"},
		[][]float64{{30, 10}, {10, 30}, {60, 0}})
	if err != nil {
		log.Fatal(err)
	}
	for i, row := range t.LocationQuotients() {
		fmt.Printf("%s %.3f %.3f\n", t.Sectors[i], row[0], row[1])
	}
	// Output:
	// a 1.050 0.875
	// b 0.350 2.625
	// c 1.400 0.000
}
