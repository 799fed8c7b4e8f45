package asymmetry

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// cmpPython returns /usr/bin/python3 when it can import the modules, or
// skips the test, except under CI=true where it fails.
func cmpPython(t *testing.T, modules ...string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	missing := ""
	if _, err := os.Stat(py); err != nil {
		missing = py
	} else {
		for _, m := range modules {
			if err := exec.Command(py, "-c", "import "+m).Run(); err != nil {
				missing = "python module " + m
				break
			}
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", missing)
		}
		t.Skipf("%s not available", missing)
	}
	return py
}

// cmpRunScript runs a golden script of testdata into a temporary directory
// and returns the directory.
func cmpRunScript(t *testing.T, py, script string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(py, script, dir)
	cmd.Dir = "testdata"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return dir
}

func cmpRelClose(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-300)
}

type cmpCase struct {
	Name string    `json:"name"`
	A    []float64 `json:"a"`
	B    []float64 `json:"b"`
}

type cmpGolden struct {
	Cases []struct {
		Name   string  `json:"name"`
		WelchT float64 `json:"welch_t"`
		WelchP float64 `json:"welch_p"`
		MWU    float64 `json:"mw_u"`
		MWP    float64 `json:"mw_p"`
	} `json:"cases"`
}

// checkWelchMannWhitney compares Welch and MannWhitney with the scipy
// values written by testdata/cmp_golden.py in dir.
func checkWelchMannWhitney(t *testing.T, dir string) {
	t.Helper()
	var in []cmpCase
	var want cmpGolden
	for name, v := range map[string]any{"cmp_inputs.json": &in, "cmp_golden.json": &want} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if len(in) != len(want.Cases) || len(in) == 0 {
		t.Fatalf("%d inputs, %d golden cases", len(in), len(want.Cases))
	}
	for i, c := range in {
		g := want.Cases[i]
		w, err := Welch(c.A, c.B)
		if err != nil {
			t.Errorf("%s: Welch: %v", c.Name, err)
			continue
		}
		if !cmpRelClose(w.T, g.WelchT, 1e-12) || !cmpRelClose(w.P, g.WelchP, 1e-9) {
			t.Errorf("%s: Welch t %v p %v, scipy t %v p %v", c.Name, w.T, w.P, g.WelchT, g.WelchP)
		}
		u, err := MannWhitney(c.A, c.B)
		if err != nil {
			t.Errorf("%s: MannWhitney: %v", c.Name, err)
			continue
		}
		if u.U != g.MWU || !cmpRelClose(u.P, g.MWP, 1e-9) {
			t.Errorf("%s: Mann-Whitney U %v p %v, scipy U %v p %v", c.Name, u.U, u.P, g.MWU, g.MWP)
		}
	}
}

// TestWelchMannWhitneyGolden checks the tests against scipy 1.10's
// ttest_ind(equal_var=False) and mannwhitneyu(method="asymptotic",
// use_continuity=True) on the committed samples (normal, Poisson with ties,
// a tiny sample with ties, 3500 rounded values, log-normal).
func TestWelchMannWhitneyGolden(t *testing.T) {
	checkWelchMannWhitney(t, "testdata")
}

// TestWelchMannWhitneyLive reruns cmp_golden.py with the installed scipy.
func TestWelchMannWhitneyLive(t *testing.T) {
	py := cmpPython(t, "numpy", "scipy")
	checkWelchMannWhitney(t, cmpRunScript(t, py, "cmp_golden.py"))
}

// TestMannWhitneyByHand works a small case by hand: a = {1, 2}, b = {2, 3}.
// Pooled ranks 1, 2.5, 2.5, 4; R_a = 3.5, U = 3.5 − 3 = 0.5. Ties: one
// pair, Σ(t³−t) = 6; σ² = 4/12·(5 − 6/12) = 1.5; U' = max(0.5, 3.5) = 3.5,
// z = (3.5 − 2 − 0.5)/√1.5 = 0.8165, p = 2·(1−Φ(0.8165)) = 0.41422.
func TestMannWhitneyByHand(t *testing.T) {
	u, err := MannWhitney([]float64{1, 2}, []float64{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if u.U != 0.5 || math.Abs(u.Z-1/math.Sqrt(1.5)) > 1e-15 || math.Abs(u.P-0.4142161782) > 1e-9 {
		t.Errorf("got %+v", u)
	}
	if _, err := MannWhitney([]float64{1, 1}, []float64{1}); err == nil {
		t.Error("no error for identical values")
	}
	if _, err := Welch([]float64{1}, []float64{1, 2}); err == nil {
		t.Error("no error for a one-value sample")
	}
}
