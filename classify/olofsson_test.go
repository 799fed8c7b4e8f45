package classify

import (
	"math"
	"testing"
)

// TestEstimateAreasOlofsson2014 reproduces the worked example of Olofsson et
// al. (2014), Table 8 and p. 54 (testdata/acc_olofsson2014_table8.md): the
// sample error matrix with the mapped areas in pixels of 30 m (0.09 ha), and
// the published estimates of area, user's, producer's and overall accuracy
// with their 95 % half-widths, to the digits printed in the file.
func TestEstimateAreasOlofsson2014(t *testing.T) {
	sample, err := NewConfusionMatrixFromCounts([]uint16{1, 2, 3, 4}, [][]int64{
		{66, 0, 5, 4},
		{0, 55, 8, 12},
		{1, 0, 153, 11},
		{2, 1, 9, 313},
	})
	if err != nil {
		t.Fatal(err)
	}
	const ha = 0.09 // a 30 m pixel in hectares
	mapped := map[uint16]float64{1: 200000 * ha, 2: 150000 * ha, 3: 3200000 * ha, 4: 6450000 * ha}
	e, err := EstimateAreas(sample, mapped)
	if err != nil {
		t.Fatal(err)
	}
	// Published values and the absolute tolerance their printed digits allow.
	type want struct{ ua, uaCI, pa, paCI, area, areaCI float64 }
	published := []want{
		{0.8800000, 0.07403962, 0.7486614, 0.21330593, 21157.76, 6157.521},
		{0.7333333, 0.10075516, 0.8471564, 0.25440369, 11686.15, 3755.757},
		{0.9272727, 0.03974464, 0.9345089, 0.03432379, 285769.9, 15509.55},
		{0.9630769, 0.02053312, 0.9616090, 0.01836120, 581386.2, 16281.36},
	}
	check := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.9g, published %.9g (tolerance %g)", what, got, want, tol)
		}
	}
	for i, w := range published {
		check("UA", e.UsersAccuracy[i], w.ua, 5e-8)
		check("UA CI", Z95*e.UsersSE[i], w.uaCI, 5e-9)
		check("PA", e.ProducersAccuracy[i], w.pa, 5e-8)
		check("PA CI", Z95*e.ProducersSE[i], w.paCI, 5e-9)
		tolA := 5e-3
		if i == 2 || i == 3 {
			tolA = 5e-2
		}
		check("area", e.Area[i], w.area, tolA)
		tolCI := 5e-4
		if i >= 2 {
			tolCI = 5e-3
		}
		check("area CI", Z95*e.AreaSE[i], w.areaCI, tolCI)
	}
	check("OA", e.OverallAccuracy, 0.9465119, 5e-8)
	check("OA CI", Z95*e.OverallSE, 0.01848328, 5e-9)
	check("total area", e.TotalArea, 900000, 1e-6)
	var sum float64
	for _, p := range e.Proportions {
		sum += p
	}
	check("Σ p̂_ij", sum, 1, 1e-12)

	// The paper's rounded figures (p. 54): deforestation 21,158 ± 6,158 ha.
	if math.Round(e.Area[0]) != 21158 || math.Round(Z95*e.AreaSE[0]) != 6158 {
		t.Errorf("deforestation %.0f ± %.0f ha, paper 21158 ± 6158", e.Area[0], Z95*e.AreaSE[0])
	}
}

func TestEstimateAreasErrors(t *testing.T) {
	sample, _ := NewConfusionMatrixFromCounts([]uint16{1, 2}, [][]int64{{3, 1}, {0, 0}})
	if _, err := EstimateAreas(sample, map[uint16]float64{1: 10, 2: 5}); err == nil {
		t.Error("stratum 2 without sample units: no error")
	}
	sample, _ = NewConfusionMatrixFromCounts([]uint16{1, 2}, [][]int64{{3, 1}, {1, 4}})
	if _, err := EstimateAreas(sample, map[uint16]float64{1: 10}); err == nil {
		t.Error("class 2 without mapped area: no error")
	}
	if _, err := EstimateAreas(sample, map[uint16]float64{1: 10, 2: 5, 7: 3}); err == nil {
		t.Error("mapped class 7 without sample: no error")
	}
}
