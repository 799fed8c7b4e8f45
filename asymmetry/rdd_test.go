package asymmetry

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

type rdGolden struct {
	IK   float64 `json:"ik_bandwidth"`
	Fits []struct {
		H             float64 `json:"h"`
		Jump          float64 `json:"jump"`
		SEHC1         float64 `json:"se_hc1"`
		SECluster     float64 `json:"se_cluster"`
		LimitNegative float64 `json:"limit_negative"`
		LimitPositive float64 `json:"limit_positive"`
		N             int     `json:"n"`
	} `json:"fits"`
}

func readRD(t *testing.T, dir string) (d, y []float64, g []int, want rdGolden) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "rd_inputs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs[1:] {
		a, err1 := strconv.ParseFloat(r[0], 64)
		b, err2 := strconv.ParseFloat(r[1], 64)
		c, err3 := strconv.Atoi(r[2])
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("rd_inputs.csv row %d: %v", i+2, r)
		}
		d, y, g = append(d, a), append(y, b), append(g, c)
	}
	b, err := os.ReadFile(filepath.Join(dir, "rd_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return d, y, g, want
}

// checkRD compares LocalLinearJump and IKBandwidth with statsmodels'
// WLS fits and the independent numpy IK bandwidth in dir.
func checkRD(t *testing.T, dir string) {
	t.Helper()
	d, y, g, want := readRD(t, dir)
	h, err := IKBandwidth(d, y)
	if err != nil {
		t.Fatal(err)
	}
	if !cmpRelClose(h, want.IK, 1e-9) {
		t.Errorf("IK bandwidth %v, numpy %v", h, want.IK)
	}
	if len(want.Fits) == 0 {
		t.Fatal("no fits in the golden file")
	}
	for _, f := range want.Fits {
		r, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: f.H})
		if err != nil {
			t.Fatal(err)
		}
		if !cmpRelClose(r.Jump, f.Jump, 1e-9) || !cmpRelClose(r.SE, f.SEHC1, 1e-9) {
			t.Errorf("h %v: jump %v SE %v, statsmodels %v SE %v", f.H, r.Jump, r.SE, f.Jump, f.SEHC1)
		}
		if !cmpRelClose(r.LimitNegative, f.LimitNegative, 1e-9) || !cmpRelClose(r.LimitPositive, f.LimitPositive, 1e-9) {
			t.Errorf("h %v: limits %v %v, statsmodels %v %v", f.H, r.LimitNegative, r.LimitPositive, f.LimitNegative, f.LimitPositive)
		}
		if r.NNegative+r.NPositive != f.N || r.SEType != "HC1" || r.BandwidthRule != "given" {
			t.Errorf("h %v: n %d+%d (want %d), %s, %s", f.H, r.NNegative, r.NPositive, f.N, r.SEType, r.BandwidthRule)
		}
		c, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: f.H, Clusters: g})
		if err != nil {
			t.Fatal(err)
		}
		if c.Jump != r.Jump || !cmpRelClose(c.SE, f.SECluster, 1e-9) || c.SEType != "CR1" {
			t.Errorf("h %v: clustered SE %v (%s), statsmodels %v", f.H, c.SE, c.SEType, f.SECluster)
		}
	}
	auto, err := LocalLinearJump(d, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := want.Fits[len(want.Fits)-1]
	if auto.BandwidthRule != "Imbens-Kalyanaraman" || !cmpRelClose(auto.Jump, last.Jump, 1e-8) {
		t.Errorf("data-driven bandwidth: %s h %v jump %v, statsmodels at the numpy IK h: %v", auto.BandwidthRule, auto.Bandwidth, auto.Jump, last.Jump)
	}
}

// TestLocalLinearJumpGolden checks the jump, its HC1 and clustered (CR1)
// standard errors and the IK bandwidth against statsmodels 0.13 WLS on 3000
// simulated observations with a jump of 0.35 (testdata/rd_golden.py).
func TestLocalLinearJumpGolden(t *testing.T) {
	checkRD(t, "testdata")
}

// TestLocalLinearJumpLive reruns rd_golden.py with the installed
// statsmodels.
func TestLocalLinearJumpLive(t *testing.T) {
	py := cmpPython(t, "numpy", "statsmodels")
	checkRD(t, cmpRunScript(t, py, "rd_golden.py"))
}

// TestLocalLinearJumpExactLines: y = 1 + 2d on the negative side and
// 4 − d on the positive side without noise gives a jump of exactly 3 with a
// zero standard error, whatever the bandwidth.
func TestLocalLinearJumpExactLines(t *testing.T) {
	var d, y []float64
	for i := -50; i <= 50; i++ {
		x := float64(i) * 10
		if i == 0 {
			continue
		}
		d = append(d, x)
		if x < 0 {
			y = append(y, 1+2*x)
		} else {
			y = append(y, 4-x)
		}
	}
	r, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: 333})
	if err != nil {
		t.Fatal(err)
	}
	if !cmpRelClose(r.Jump, 3, 1e-12) || r.SE > 1e-9 || !cmpRelClose(r.SlopeNegative, 2, 1e-12) || !cmpRelClose(r.SlopePositive, -1, 1e-12) {
		t.Errorf("got %+v", r)
	}
	if _, err := LocalLinearJump(d, y, &RDOptions{Bandwidth: 15}); err == nil {
		t.Error("no error with one observation per side")
	}
	if _, err := LocalLinearJump([]float64{1, 2}, []float64{1}, nil); err == nil {
		t.Error("no error for mismatched lengths")
	}
}
