package freight_test

import (
	"fmt"
	"log"

	"github.com/borderzone/borderzone/freight"
)

// Growth of China–Europe trains through Khorgos, and whether it levels off.
func Example() {
	ss, err := freight.Embedded("khorgos")
	if err != nil {
		log.Fatal(err)
	}
	trains := ss[0]

	g, err := freight.CAGR(trains, freight.YearPeriod(2016), freight.YearPeriod(2024), freight.PartialAsLowerBound)
	if err != nil {
		log.Fatal(err)
	}
	years, _, _ := freight.DoublingTime(g)
	fmt.Printf("%s–%s: %.0f → %.0f trains, %.1f%% a year (%s), doubling every %.1f years\n",
		g.From, g.To, g.FromValue, g.ToValue, 100*g.Rate, g.Qualifier, years)

	g, _ = freight.CAGR(trains, freight.YearPeriod(2022), freight.YearPeriod(2024), freight.PartialAsLowerBound)
	fmt.Printf("%s–%s: %.1f%% a year (%s: 2022 was \"more than 7,000\")\n", g.From, g.To, 100*g.Rate, g.Qualifier)

	fit, err := freight.FitModel(trains, freight.Logistic, freight.FitOptions{From: 2016})
	if err != nil {
		log.Fatal(err)
	}
	fc := fit.Forecast(freight.YearPeriod(2030).Time())
	fmt.Printf("logistic K = %.0f ± %.0f trains, inflection %.1f, AIC %.1f\n", fit.Params[0], fit.SE[0], fit.Params[2], fit.AIC)
	fmt.Printf("2030: %.0f trains, 95%% prediction interval %.0f–%.0f\n", fc.Value, fc.PredLow, fc.PredHigh)
	// Output:
	// 2016–2024: 386 → 8730 trains, 47.7% a year (exact), doubling every 1.8 years
	// 2022–2024: 11.7% a year (upper bound: 2022 was "more than 7,000")
	// logistic K = 9103 ± 473 trains, inflection 2020.5, AIC 88.1
	// 2030: 9090 trains, 95% prediction interval 7389–10790
}

// Directional imbalance of two flows as normalized asymmetry.
func ExampleImbalance() {
	west := &freight.Series{Name: "westbound", Unit: freight.Trains, Scale: 1}
	east := &freight.Series{Name: "eastbound", Unit: freight.Trains, Scale: 1}
	for i, v := range [][2]float64{{300, 100}, {360, 240}} {
		p := freight.YearPeriod(2030 + i) // illustrative numbers, not data
		west.Obs = append(west.Obs, freight.Observation{Period: p, Value: v[0], Coverage: 1})
		east.Obs = append(east.Obs, freight.Observation{Period: p, Value: v[1], Coverage: 1})
	}
	per, pooled, err := freight.Imbalance(west, east, freight.PartialAsLowerBound)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range per {
		fmt.Printf("%s %+.2f\n", r.Period, r.Value)
	}
	fmt.Printf("pooled %+.2f\n", pooled.Value)
	// Output:
	// 2030 +0.50
	// 2031 +0.20
	// pooled +0.32
}
