package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const corpus = "../../raster/geotiff/testdata/corpus"

// infoKeys are the keys the issue fixes for `borderzone info -json`.
var infoKeys = []string{"file", "width", "height", "bands", "data_type", "compression", "predictor", "tiled",
	"block_width", "block_height", "interleave", "bigtiff", "byte_order", "epsg", "geotransform", "raster_type",
	"nodata", "scale", "offset", "overviews", "band_stats", "band_sha256"}

func runCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := dispatch(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestInfoJSONMatchesGDAL runs `info -json` on every file of the corpus
// subset and compares it with the manifest GDAL made.
func TestInfoJSONMatchesGDAL(t *testing.T) {
	var m struct {
		Files []map[string]any `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(corpus, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range m.Files {
		name := e["file"].(string)
		if e["compression"] == "LERC" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			out, stderr, code := runCLI("info", "-json", filepath.Join(corpus, name))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range got {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			want := slices.Clone(infoKeys)
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Fatalf("keys %v, want exactly %v", keys, want)
			}
			same := func(key string, w any) {
				t.Helper()
				if fmt.Sprint(got[key]) != fmt.Sprint(w) {
					t.Errorf("%s = %v, want %v", key, got[key], w)
				}
			}
			for _, k := range []string{"width", "height", "data_type", "compression", "predictor", "tiled", "block_width",
				"block_height", "interleave", "bigtiff", "byte_order", "epsg", "raster_type", "overviews"} {
				same(k, e[k])
			}
			same("bands", e["band_count"])
			bands := e["bands"].([]any)
			for i, bb := range bands {
				band := bb.(map[string]any)
				nd := band["nodata"]
				if nd == "NaN" {
					nd = "nan"
				}
				if fmt.Sprint(got["nodata"].([]any)[i]) != fmt.Sprint(nd) {
					t.Errorf("band %d nodata %v, want %v", i+1, got["nodata"].([]any)[i], nd)
				}
				if e["lossy"] == true {
					continue
				}
				if got["band_sha256"].([]any)[i] != band["sha256"] {
					t.Errorf("band %d sha256 differs from GDAL's", i+1)
				}
				st := got["band_stats"].([]any)[i].(map[string]any)
				for _, k := range []string{"min", "max"} {
					if fmt.Sprint(st[k]) != fmt.Sprint(band[k]) {
						t.Errorf("band %d %s = %v, want %v", i+1, k, st[k], band[k])
					}
				}
			}
		})
		checked++
	}
	if checked == 0 {
		t.Fatal("no files checked")
	}
}

// TestInfoErrors: unreadable files give one line on stderr naming the file
// and a non-zero exit, while the other files are still reported (as a JSON
// array when several files are given).
func TestInfoErrors(t *testing.T) {
	good := filepath.Join(corpus, "rgb_byte_1band_lzw.tif")
	bad := filepath.Join(corpus, "broken", "ifd_loop.tif")
	missing := filepath.Join(t.TempDir(), "missing.tif")
	out, stderr, code := runCLI("info", "-json", bad, good, missing)
	if code == 0 {
		t.Fatal("exit code 0 with unreadable files")
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "ifd_loop.tif") || !strings.Contains(lines[1], "missing.tif") {
		t.Errorf("stderr should have one line per bad file naming it, got:\n%s", stderr)
	}
	var arr []map[string]any
	if err := json.Unmarshal([]byte(out), &arr); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, out)
	}
	if len(arr) != 1 || arr[0]["file"] != good {
		t.Errorf("want the one good file reported, got %v", arr)
	}
	text, _, code := runCLI("info", good)
	if code != 0 || !strings.Contains(text, "Size is 256, 256") {
		t.Errorf("text output (exit %d):\n%s", code, text)
	}
	if _, _, code := runCLI("info"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
