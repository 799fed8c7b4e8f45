package geotiff

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The real rasters under ../shared/data/imagery (Landsat 5/7/8, Sentinel-2
// COGs, a MODIS sinusoidal tile) are checked against what GDAL says about
// them with `gdalinfo -json -stats`:
//
//   - TestImageryGDAL runs gdalinfo live on every raster (GDAL_PAM_ENABLED=NO,
//     so nothing is written into the read-only data folder) and compares.
//   - TestImageryGolden compares against testdata/imagery_gdalinfo.json, the
//     same facts recorded once from gdalinfo, so the check also runs where
//     GDAL is not installed. testdata/imagery_gdalinfo.README.md says how the
//     file was made; TestImageryGDAL also fails when it has gone stale.

// goldenImagery is the file of recorded gdalinfo facts.
var goldenImagery = filepath.Join("testdata", "imagery_gdalinfo.json")

// updateImageryEnv, set to 1, makes TestImageryGDAL rewrite goldenImagery
// from the live gdalinfo output instead of checking it.
const updateImageryEnv = "BORDERZONE_UPDATE_IMAGERY_GOLDEN"

// gdalFacts is what gdalinfo -json -stats says about one raster, in the
// words GDAL printed: statistics stay the strings of the STATISTICS_*
// metadata items ("%.14g" for min, max and mean, "%.4g" for the valid
// percentage), which carry more digits than the rounded "minimum",
// "maximum" and "mean" fields of the JSON.
type gdalFacts struct {
	File         string     `json:"file"` // relative to imagery/, slash-separated
	Width        int        `json:"width"`
	Height       int        `json:"height"`
	Bands        int        `json:"bands"`
	GeoTransform [6]float64 `json:"geotransform"`
	EPSG         *int       `json:"epsg"` // stac proj:epsg; null when GDAL identifies none
	Band         []gdalBand `json:"band"`
	StatsSource  string     `json:"stats_source"` // "file" or "vrt", see gdalStats
}

type gdalBand struct {
	Type   string `json:"type"`
	Nodata any    `json:"nodata"` // number, "nan"-like string, or null
	Min    string `json:"min"`
	Max    string `json:"max"`
	Mean   string `json:"mean"`
	// ValidPercent is STATISTICS_VALID_PERCENT.
	ValidPercent string `json:"valid_percent"`
}

type goldenFile struct {
	GDALVersion string      `json:"gdal_version"`
	Command     string      `json:"command"`
	Files       []gdalFacts `json:"files"`
}

// imageryRasters lists the rasters under dir/imagery (*.tif and *.TIF,
// recursively) as slash-separated paths relative to it, sorted.
func imageryRasters(t *testing.T, dir string) []string {
	t.Helper()
	root := filepath.Join(dir, "imagery")
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".tif") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no rasters under %s", root)
	}
	slices.Sort(out)
	return out
}

// requireTool returns the path of a GDAL command-line tool; when it is
// missing the test is skipped, except under CI=true, where it fails.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (%v); install gdal-bin", name, err)
		}
		t.Skipf("%s not found (%v); install gdal-bin to compare against GDAL live", name, err)
	}
	return p
}

// runGDAL runs a GDAL tool with PAM disabled, so that no .aux.xml is
// written beside the (read-only) input.
func runGDAL(t *testing.T, tool string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(tool, args...)
	cmd.Env = append(os.Environ(), "GDAL_PAM_ENABLED=NO")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, stderr.String())
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		t.Logf("%s %s: %s", filepath.Base(tool), strings.Join(args, " "), s)
	}
	return out
}

// gdalinfoJSON is the part of `gdalinfo -json -stats` that is compared.
type gdalinfoJSON struct {
	Size         [2]int     `json:"size"`
	GeoTransform [6]float64 `json:"geoTransform"`
	Stac         struct {
		EPSG *int `json:"proj:epsg"`
	} `json:"stac"`
	Bands []struct {
		Type     string                       `json:"type"`
		Nodata   any                          `json:"noDataValue"`
		Metadata map[string]map[string]string `json:"metadata"`
	} `json:"bands"`
}

func parseGDALInfo(t *testing.T, out []byte) gdalinfoJSON {
	t.Helper()
	var g gdalinfoJSON
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("gdalinfo -json output: %v", err)
	}
	return g
}

// gdalStats runs gdalinfo -json -stats on path and returns its facts.
//
// gdalinfo -stats does not recompute statistics a file already stores in
// its GDAL_METADATA tag (the Landsat 5 crops carry them); GDAL then omits
// STATISTICS_VALID_PERCENT. For such files the statistics are taken from
// gdalinfo -json -stats on a gdalbuildvrt wrapper in a temporary folder,
// which makes GDAL compute them from the pixels.
func gdalStats(t *testing.T, gdalinfo, root, rel string) gdalFacts {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	g := parseGDALInfo(t, runGDAL(t, gdalinfo, "-json", "-stats", path))
	facts := gdalFacts{
		File: rel, Width: g.Size[0], Height: g.Size[1], Bands: len(g.Bands),
		GeoTransform: g.GeoTransform, EPSG: g.Stac.EPSG, StatsSource: "file",
	}
	stats := g
	for _, b := range g.Bands {
		if _, ok := b.Metadata[""]["STATISTICS_VALID_PERCENT"]; !ok {
			vrt := filepath.Join(t.TempDir(), "wrap.vrt")
			runGDAL(t, requireTool(t, "gdalbuildvrt"), "-q", vrt, path)
			stats = parseGDALInfo(t, runGDAL(t, gdalinfo, "-json", "-stats", vrt))
			facts.StatsSource = "vrt"
			break
		}
	}
	if len(stats.Bands) != len(g.Bands) {
		t.Fatalf("%s: the VRT wrapper has %d bands, the file %d", rel, len(stats.Bands), len(g.Bands))
	}
	for i, b := range g.Bands {
		md := stats.Bands[i].Metadata[""]
		facts.Band = append(facts.Band, gdalBand{
			Type: b.Type, Nodata: b.Nodata,
			Min: md["STATISTICS_MINIMUM"], Max: md["STATISTICS_MAXIMUM"], Mean: md["STATISTICS_MEAN"],
			ValidPercent: md["STATISTICS_VALID_PERCENT"],
		})
	}
	return facts
}

func TestImageryGDAL(t *testing.T) {
	dir := sharedData(t)
	gdalinfo := requireTool(t, "gdalinfo")
	root := filepath.Join(dir, "imagery")
	rels := imageryRasters(t, dir)
	facts := make([]gdalFacts, len(rels))
	t.Run("rasters", func(t *testing.T) {
		for i, rel := range rels {
			t.Run(rel, func(t *testing.T) {
				t.Parallel()
				facts[i] = gdalStats(t, gdalinfo, root, rel)
				checkAgainstGDAL(t, root, facts[i])
			})
		}
	})
	if t.Failed() {
		return
	}
	version := strings.TrimSpace(string(runGDAL(t, gdalinfo, "--version")))
	if os.Getenv(updateImageryEnv) == "1" {
		g := goldenFile{
			GDALVersion: version,
			Command:     "GDAL_PAM_ENABLED=NO gdalinfo -json -stats FILE (see imagery_gdalinfo.README.md)",
			Files:       facts,
		}
		b, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenImagery, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d rasters, %s)", goldenImagery, len(facts), version)
		return
	}
	// The recorded facts must be what GDAL says today, or the golden test
	// checks the reader against something stale.
	golden := loadGoldenImagery(t)
	if len(golden.Files) != len(facts) {
		t.Errorf("%s lists %d rasters, gdalinfo ran on %d; regenerate it (%s=1)", goldenImagery, len(golden.Files), len(facts), updateImageryEnv)
	}
	for i := range min(len(golden.Files), len(facts)) {
		want, _ := json.Marshal(facts[i])
		got, _ := json.Marshal(golden.Files[i])
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale for %s:\n  recorded %s\n  gdalinfo %s\nregenerate it (%s=1)", goldenImagery, facts[i].File, got, want, updateImageryEnv)
		}
	}
}

func TestImageryGolden(t *testing.T) {
	golden := loadGoldenImagery(t)
	dir := sharedData(t)
	root := filepath.Join(dir, "imagery")
	rels := imageryRasters(t, dir)
	var recorded []string
	for _, f := range golden.Files {
		recorded = append(recorded, f.File)
	}
	if !slices.Equal(recorded, rels) {
		t.Errorf("%s records %v\nbut the imagery folder holds %v", goldenImagery, recorded, rels)
	}
	for _, f := range golden.Files {
		t.Run(f.File, func(t *testing.T) {
			t.Parallel()
			checkAgainstGDAL(t, root, f)
		})
	}
}

func loadGoldenImagery(t *testing.T) goldenFile {
	t.Helper()
	b, err := os.ReadFile(goldenImagery)
	if err != nil {
		t.Fatal(err)
	}
	var g goldenFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", goldenImagery, err)
	}
	if len(g.Files) == 0 {
		t.Fatalf("%s lists no rasters", goldenImagery)
	}
	return g
}

// checkAgainstGDAL opens the raster with the reader and compares what
// Describe reports with GDAL's facts.
func checkAgainstGDAL(t *testing.T, root string, want gdalFacts) {
	t.Helper()
	f, err := Open(filepath.Join(root, filepath.FromSlash(want.File)))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	in, err := f.Describe(context.Background())
	if err != nil {
		t.Fatalf("describe: %v", err)
	}
	if in.Width != want.Width || in.Height != want.Height {
		t.Errorf("size %dx%d, GDAL %dx%d", in.Width, in.Height, want.Width, want.Height)
	}
	if in.Bands != want.Bands || len(want.Band) != want.Bands {
		t.Fatalf("%d bands, GDAL %d", in.Bands, want.Bands)
	}
	for i, v := range want.GeoTransform {
		if math.Abs(in.GeoTransform[i]-v) > 1e-9*math.Max(1, math.Abs(v)) {
			t.Errorf("geotransform %v, GDAL %v", in.GeoTransform, want.GeoTransform)
			break
		}
	}
	switch {
	case want.EPSG != nil && (in.EPSG == nil || *in.EPSG != *want.EPSG):
		t.Errorf("EPSG %s, GDAL %d", ptrString(in.EPSG), *want.EPSG)
	case want.EPSG == nil && in.EPSG != nil:
		t.Errorf("EPSG %d, GDAL identifies no EPSG code", *in.EPSG)
	}
	pixels := float64(in.Width) * float64(in.Height)
	for b, wb := range want.Band {
		name := fmt.Sprintf("band %d", b+1)
		if in.DataType != wb.Type {
			t.Errorf("%s: type %s, GDAL %s", name, in.DataType, wb.Type)
		}
		if !sameNodata(in.Nodata[b], wb.Nodata) {
			t.Errorf("%s: nodata %v, GDAL %v", name, in.Nodata[b], wb.Nodata)
		}
		st := in.BandStats[b]
		if wb.Min == "" {
			if st.Min != nil {
				t.Errorf("%s: stats %v/%v/%v, GDAL found no valid pixel", name, *st.Min, *st.Max, *st.Mean)
			}
			continue
		}
		if st.Min == nil {
			t.Errorf("%s: no valid pixel, GDAL min %s max %s", name, wb.Min, wb.Max)
			continue
		}
		checkStat(t, name+" min", *st.Min, wb.Min, in.DataType)
		checkStat(t, name+" max", *st.Max, wb.Max, in.DataType)
		checkStat(t, name+" mean", *st.Mean, wb.Mean, "mean")
		if wb.ValidPercent != "" {
			pct := 100 * float64(st.Count) / pixels
			if got := strconv.FormatFloat(pct, 'g', 4, 64); got != wb.ValidPercent {
				t.Errorf("%s: %d valid pixels = %s%%, GDAL %s%%", name, st.Count, got, wb.ValidPercent)
			}
		}
	}
}

// checkStat compares one of our statistics with GDAL's "%.14g" string:
// exactly for the min and max of integer samples, to the 14 significant
// digits GDAL printed for float samples, and to 1e-9 relative for means.
func checkStat(t *testing.T, what string, got float64, gdal, kind string) {
	t.Helper()
	want, err := strconv.ParseFloat(gdal, 64)
	if err != nil {
		t.Errorf("%s: GDAL value %q: %v", what, gdal, err)
		return
	}
	var tol float64
	switch kind {
	case "mean":
		tol = 1e-9 * math.Abs(want)
	case Float32.String(), Float64.String():
		tol = 5e-14 * math.Abs(want)
	}
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %v, GDAL %s", what, got, gdal)
	}
}

// sameNodata compares Info's nodata (nil, "nan" or float64) with GDAL's
// noDataValue (null, a number, or a string such as "nan" or "NaN").
func sameNodata(got, gdal any) bool {
	switch w := gdal.(type) {
	case nil:
		return got == nil
	case float64:
		g, ok := got.(float64)
		return ok && g == w
	case string:
		g, ok := got.(string)
		if strings.EqualFold(w, "nan") {
			return ok && g == "nan"
		}
		v, err := strconv.ParseFloat(w, 64)
		gf, isF := got.(float64)
		return err == nil && isF && gf == v
	}
	return false
}
