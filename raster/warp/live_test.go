package warp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// gdalwarpPath returns gdalwarp's path; the test is skipped when it is
// missing, except under CI=true where it fails.
func gdalwarpPath(t *testing.T) string {
	p, err := exec.LookPath("gdalwarp")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but gdalwarp is missing (%v); install gdal-bin", err)
		}
		t.Skip("gdalwarp not installed")
	}
	return p
}

func runGdalwarp(t *testing.T, gdalwarp, in, out string, args ...string) {
	all := append([]string{"-q", "-overwrite", "-ovr", "NONE", "-ot", "Float32", "-dstnodata", "nan"}, args...)
	all = append(all, in, out)
	if b, err := exec.Command(gdalwarp, all...).CombinedOutput(); err != nil {
		t.Fatalf("gdalwarp %s: %v\n%s", strings.Join(all, " "), err, b)
	}
}

// TestLiveGDAL reruns gdalwarp on every golden case (exact transformer) and
// compares, so the goldens cannot drift from what the installed GDAL does.
func TestLiveGDAL(t *testing.T) {
	gdalwarp := gdalwarpPath(t)
	dir := t.TempDir()
	for _, c := range readCases(t) {
		t.Run(c.name, func(t *testing.T) {
			in := inputPath(t, c.input)
			if in == "" {
				t.Skip("shared data missing")
			}
			out := filepath.Join(dir, c.name+".tif")
			args := []string{"-et", "0", "-te"}
			for _, v := range c.te {
				args = append(args, ftoa(v))
			}
			args = append(args, "-tr", ftoa(c.tr[0]), ftoa(c.tr[1]), "-r", c.method.String())
			if c.tSRS != "" {
				args = append(args, "-t_srs", c.tSRS)
			}
			runGdalwarp(t, gdalwarp, in, out, args...)
			want := readStack(t, out)
			src := readStack(t, in)
			got, err := Stack(context.Background(), src, want.Grid, Options{Method: c.method, Exact: true})
			if err != nil {
				t.Fatal(err)
			}
			relTol, share := requirement(c.method)
			for bi, w := range want.Bands {
				a := compare(got.Bands[bi].Data, w.Data, relTol*valueRange(w.Data))
				if float64(a.agree) < share*float64(a.n) {
					t.Errorf("band %d: %v", bi+1, a)
				}
			}
		})
	}
}

// TestLiveGDALApprox compares both tools with their default approximate
// transformers (error threshold 0.125 pixel) on the full Landsat scene
// reprojected to lon/lat on the grid gdalwarp picks. The two split rows
// into different runs, so source positions may differ by up to about 0.25
// pixel and values differ where the image has detail; the test reports the
// agreement (nearest: 98.6 % identical; bilinear: 47 % within 1e-4 of the
// range, all within 1.2 %) and requires nearest to be identical on 98 % of
// pixels and bilinear within 2 % of the range on 99.9 %.
func TestLiveGDALApprox(t *testing.T) {
	gdalwarp := gdalwarpPath(t)
	in := inputPath(t, "data/imagery/landsat8_l1t_LC80200392015216LGN00/l8_B4.tif")
	if in == "" {
		t.Skip("shared data missing")
	}
	src := readBand(t, in)
	for _, m := range []Method{Nearest, Bilinear} {
		out := filepath.Join(t.TempDir(), "a.tif")
		runGdalwarp(t, gdalwarp, in, out, "-t_srs", "EPSG:4326", "-r", m.String())
		want := readBand(t, out)
		got, err := Band(context.Background(), src, want.Grid, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		a := compare(got.Data, want.Data, 1e-4*valueRange(want.Data))
		t.Logf("%v, -et 0.125 on both sides, 1e-4 of the range: %v", m, a)
		need := 0.98
		if m == Bilinear {
			need = 0.999
			a = compare(got.Data, want.Data, 0.02*valueRange(want.Data))
			t.Logf("%v, 2e-2 of the range: %v", m, a)
		}
		if float64(a.agree) < need*float64(a.n) {
			t.Errorf("%v: %v", m, a)
		}
	}
}

func ftoa(v float64) string { return strconvFormat(v) }

func strconvFormat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
