package asymmetry

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLandscapePatchesAgainstScipy labels a 600 x 600 synthetic map (noise
// and rectangles of 6 classes, some cells no data) under both rules and
// compares the patch count and cells of every class with
// scipy.ndimage.label run live through testdata/land_peer_label.py. It skips
// when /usr/bin/python3 with scipy is missing, except under CI=true.
func TestLandscapePatchesAgainstScipy(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import scipy.ndimage").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s with scipy is missing: %v", py, err)
		}
		t.Skipf("%s with scipy is missing: %v", py, err)
	}
	l := syntheticLandscape(600, 600, 11)
	for i := 0; i < len(l.Data); i += 7 {
		l.Data[i] = 0
	}
	b := make([]byte, 2*len(l.Data))
	for i, v := range l.Data {
		binary.LittleEndian.PutUint16(b[2*i:], v)
	}
	path := filepath.Join(t.TempDir(), "map.u16")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rule := range []int{8, 4} {
		out, err := exec.Command(py, "testdata/land_peer_label.py", path, "600", "600", fmt.Sprint(rule)).Output()
		if err != nil {
			t.Fatalf("land_peer_label.py: %v", err)
		}
		res, err := Landscape(context.Background(), l, &LandscapeOptions{Neighbours: rule})
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		for _, c := range res.Class {
			fmt.Fprintf(&got, "class %d patches %d cells %d\n", c.Class, c.NP, int64(c.CA*10000/900+0.5))
		}
		want, _, _ := strings.Cut(string(out), "total")
		if got.String() != want {
			t.Errorf("%d-cell rule:\nours:\n%sscipy:\n%s", rule, got.String(), want)
		}
	}
}
