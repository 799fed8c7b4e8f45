package classify

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

type sieveGolden struct {
	GDALVersion string `json:"gdal_version"`
	Cases       []struct {
		Width, Height, Connectivity, Threshold int
		Input, GDAL                            []uint16
	}
}

func checkSieve(t *testing.T, g sieveGolden) {
	t.Helper()
	for _, c := range g.Cases {
		l := &raster.Labels{Grid: raster.Grid{Width: c.Width, Height: c.Height}, Data: c.Input}
		got, err := Sieve(context.Background(), l, c.Threshold, Connectivity(c.Connectivity))
		if err != nil {
			t.Fatal(err)
		}
		diff := 0
		for i := range got.Data {
			if got.Data[i] != c.GDAL[i] {
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("%dx%d, -st %d -%d: %d pixels differ from gdal_sieve %s", c.Width, c.Height, c.Threshold, c.Connectivity, diff, g.GDALVersion)
		}
	}
}

// TestSieveGolden compares Sieve with gdal_sieve.py's output on seeded maps
// (testdata/change_sieve.json, made by testdata/change_make_sieve.py with
// GDAL 3.6.2): 3 maps x 4- and 8-connectivity x thresholds 2, 4, 7, 15.
func TestSieveGolden(t *testing.T) {
	b, err := os.ReadFile("testdata/change_sieve.json")
	if err != nil {
		t.Fatal(err)
	}
	var g sieveGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) != 24 {
		t.Fatalf("%d cases", len(g.Cases))
	}
	checkSieve(t, g)
}

// TestSieveAgainstGDAL runs the golden generator live with other seeds:
// it needs /usr/bin/python3 with GDAL's Python bindings and gdal_sieve.py;
// without them the test skips, except under CI=true.
func TestSieveAgainstGDAL(t *testing.T) {
	py := "/usr/bin/python3"
	_, errPy := os.Stat(py)
	_, errSieve := exec.LookPath("gdal_sieve.py")
	if errPy != nil || errSieve != nil || exec.Command(py, "-c", "from osgeo import gdal").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but /usr/bin/python3 with GDAL or gdal_sieve.py is missing")
		}
		t.Skip("GDAL's Python bindings or gdal_sieve.py are not installed")
	}
	for _, seed := range []string{"101", "202"} {
		var out, errb bytes.Buffer
		cmd := exec.Command(py, "testdata/change_make_sieve.py", seed)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("seed %s: %v %s", seed, err, errb.String())
		}
		var g sieveGolden
		if err := json.Unmarshal(out.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		checkSieve(t, g)
	}
}

// TestSieveByHand: a single stray pixel of class 2 inside class 1 is
// replaced; a 2-pixel patch survives a threshold of 2; masked (0) pixels
// stay; a small patch touching only masked pixels stays.
func TestSieveByHand(t *testing.T) {
	l := &raster.Labels{Grid: raster.Grid{Width: 5, Height: 4}, Data: []uint16{
		1, 1, 1, 3, 3,
		1, 2, 1, 3, 3,
		1, 1, 1, 0, 0,
		0, 0, 0, 0, 4,
	}}
	got, err := Sieve(context.Background(), l, 2, Four)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint16{1, 1, 1, 3, 3, 1, 1, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0, 4}
	for i := range want {
		if got.Data[i] != want[i] {
			t.Fatalf("got %v, want %v", got.Data, want)
		}
	}
	if _, err := Sieve(context.Background(), l, -1, Four); err == nil {
		t.Error("negative threshold: no error")
	}
}

func BenchmarkSieve5000(b *testing.B) {
	l := benchLabels()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Sieve(context.Background(), l, 10, Eight); err != nil {
			b.Fatal(err)
		}
	}
}
