package zones

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// requireTool returns the path of a tool or skips the test, except under
// CI=true where a missing tool fails it.
func requireTool(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", path)
		}
		t.Skipf("%s not installed", path)
	}
	return path
}

// TestStatsGoldenLive reruns testdata/stats_golden.py with the installed
// numpy and checks that it reproduces the committed inputs and golden
// values byte for byte, so the goldens TestStatsMatchNumpy uses are numpy's
// and not edited by hand.
func TestStatsGoldenLive(t *testing.T) {
	py := requireTool(t, "/usr/bin/python3")
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but numpy is missing")
		}
		t.Skip("numpy not installed")
	}
	dir := t.TempDir()
	cmd := exec.Command(py, "stats_golden.py", dir)
	cmd.Dir = "testdata"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("stats_golden.py: %v\n%s", err, out)
	}
	for _, name := range []string{"stats_inputs.json", "stats_golden.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("numpy now writes a different %s than the committed one", name)
		}
	}
}
