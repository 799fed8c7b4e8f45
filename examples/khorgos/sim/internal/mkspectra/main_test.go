package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestReproducesLibrary reruns the selection on the shared imagery and
// checks that it gives the committed spectra.csv byte for byte.
func TestReproducesLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("reads two real scenes")
	}
	dir := os.Getenv("BORDERZONE_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "..", "..", "shared", "data")
	}
	img := filepath.Join(dir, "imagery")
	if _, err := os.Stat(filepath.Join(img, "landsat8_l1t_LC80200392015216LGN00")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the shared data is missing (%v); set BORDERZONE_DATA", err)
		}
		t.Skipf("shared data not found (%v); set BORDERZONE_DATA", err)
	}
	var out bytes.Buffer
	if err := run(img, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "spectra.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("mkspectra output (%d bytes) differs from spectra.csv (%d bytes): rerun it", out.Len(), len(want))
	}
}

func TestRunErrors(t *testing.T) {
	if err := run(t.TempDir(), io.Discard, io.Discard); err == nil {
		t.Error("an empty folder gave no error")
	}
}
