package geotiff_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// average is the reference f x f block average of valid values.
func average(b *raster.Band, f, ox, oy int) float32 {
	var sum float64
	n := 0
	for y := oy * f; y < min(oy*f+f, b.Grid.Height); y++ {
		for x := ox * f; x < min(ox*f+f, b.Grid.Width); x++ {
			if v := b.At(x, y); !math.IsNaN(float64(v)) {
				sum += float64(v)
				n++
			}
		}
	}
	if n == 0 {
		return float32(math.NaN())
	}
	return float32(sum / float64(n))
}

func TestWriteOverviewsRoundTrip(t *testing.T) {
	ctx := context.Background()
	g := utmGrid(101, 67)
	src := testStack(g, 2)
	for _, opt := range []geotiff.Options{
		{Overviews: []int{2, 4, 8}, TileWidth: 32, TileHeight: 16, Compression: geotiff.CompressionDeflate, Predictor: 3},
		{Overviews: []int{3}, RowsPerStrip: 10, Interleave: geotiff.InterleaveBand},
		{COG: true, TileWidth: 16, TileHeight: 16, Compression: geotiff.CompressionZSTD},
	} {
		var buf bytes.Buffer
		if err := geotiff.Write(&buf, src, &opt); err != nil {
			t.Fatal(err)
		}
		f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "ovr")
		if err != nil {
			t.Fatal(err)
		}
		factors := opt.Overviews
		if opt.COG {
			factors = []int{2, 4, 8} // until 101x67 / f fits a 16x16 tile
		}
		if len(f.Overviews()) != len(factors) {
			t.Fatalf("%d overviews, want %d", len(f.Overviews()), len(factors))
		}
		for i, ov := range f.Overviews() {
			fac := factors[i]
			og := ov.RasterGrid()
			if og.Width != (101+fac-1)/fac || og.Height != (67+fac-1)/fac {
				t.Fatalf("overview %d: %dx%d", fac, og.Width, og.Height)
			}
			s, err := ov.ReadStack(ctx, nil, og.Rect())
			if err != nil {
				t.Fatal(err)
			}
			for b := range s.Bands {
				for y := range og.Height {
					for x := range og.Width {
						got, want := s.Bands[b].At(x, y), average(src.Bands[b], fac, x, y)
						if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
							t.Fatalf("overview %d band %d (%d,%d): %v, want %v", fac, b, x, y, got, want)
						}
					}
				}
			}
		}
	}
}

func TestWriteLabelsOverviewMode(t *testing.T) {
	g := raster.Grid{Width: 4, Height: 3, Transform: raster.Affine{0, 1, 0, 0, 0, -1}, CRS: raster.CRS{EPSG: 32644}}
	l := raster.NewLabels(g, []raster.Class{{Code: 1}, {Code: 2}, {Code: 7}})
	copy(l.Data, []uint16{
		0, 0, 2, 1,
		0, 7, 1, 2, // block (1,0) ties between 1 and 2: smallest wins
		7, 7, 0, 0, // bottom row: partial blocks
	})
	var buf bytes.Buffer
	if err := geotiff.Write(&buf, l, &geotiff.Options{Overviews: []int{2}}); err != nil {
		t.Fatal(err)
	}
	f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "mode")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := f.Overviews()[0].ReadRaw(context.Background(), 0, raster.Grid{Width: 2, Height: 2}.Rect())
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{7, 1, 7, 0}
	for i, w := range want {
		if raw.Float64At(i) != w {
			t.Fatalf("mode %d: got %v want %v", i, raw.Float64At(i), w)
		}
	}
}

// validateCOG runs GDAL's COG validator on path.
func validateCOG(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-gdal is required under CI=true")
		}
		t.Skip("no /usr/bin/python3")
	}
	out, err := exec.Command(py, "-m", "osgeo_utils.samples.validate_cloud_optimized_geotiff", "--full-check=yes", path).CombinedOutput()
	if err != nil && strings.Contains(string(out), "No module named") && os.Getenv("CI") != "true" {
		t.Skipf("python3-gdal missing: %s", out)
	}
	if err != nil || !strings.Contains(string(out), "is a valid cloud optimized GeoTIFF") || strings.Contains(string(out), "warning") {
		t.Fatalf("%s: %v\n%s", filepath.Base(path), err, out)
	}
}

// TestWriteCOGValidates checks COGs of several shapes with GDAL's
// validator, and that GDAL's own AVERAGE overviews of the same samples
// (gdaladdo on GDAL's copy) have the checksums of ours.
func TestWriteCOGValidates(t *testing.T) {
	needGDAL(t, "gdalinfo")
	addo := needGDAL(t, "gdaladdo")
	dir := t.TempDir()
	g := utmGrid(640, 384) // divisible by 8, so GDAL's and our blocks coincide
	s := &raster.Stack{Grid: g}
	for b := range 2 {
		band := raster.NewBand(g, fmt.Sprintf("b%d", b))
		for i := range band.Data {
			band.Data[i] = float32((i%640)*(b+1)%97 + (i/640)%13)
		}
		s.Bands = append(s.Bands, band)
	}
	tc := typeCase{geotiff.UInt16, 65535, true, 1, 0}
	for i, opt := range []geotiff.Options{
		{COG: true, Type: geotiff.UInt16, Nodata: 65535, HasNodata: true, Compression: geotiff.CompressionDeflate, Predictor: 2, TileWidth: 128, TileHeight: 128},
		{COG: true, Type: geotiff.UInt16, Nodata: 65535, HasNodata: true, Compression: geotiff.CompressionLZW, Interleave: geotiff.InterleaveBand, TileWidth: 64, TileHeight: 64, BigTIFF: geotiff.BigTIFFAlways},
		{COG: true, Type: geotiff.UInt16, Nodata: 65535, HasNodata: true, Overviews: []int{2, 4, 8}},
	} {
		path := filepath.Join(dir, fmt.Sprintf("cog%d.tif", i))
		if err := geotiff.WriteFile(path, s, &opt); err != nil {
			t.Fatal(err)
		}
		validateCOG(t, path)
		ours := gdalinfo(t, path, "-checksum")
		ref := filepath.Join(dir, fmt.Sprintf("ref%d", i))
		if err := os.MkdirAll(ref, 0o755); err != nil {
			t.Fatal(err)
		}
		gdalReference(t, ref, s, tc)
		refTif := filepath.Join(ref, "ref_UInt16.tif")
		refData, err := os.ReadFile(refTif)
		if err != nil {
			t.Fatal(err)
		}
		// gdaladdo computes each level it is given from the previous one;
		// ours come from the full resolution, so each level is compared
		// with GDAL's AVERAGE of the full resolution alone.
		for k, o := range ours.Bands[0].Overviews {
			one := filepath.Join(ref, fmt.Sprintf("one%d.tif", k))
			if err := os.WriteFile(one, refData, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(addo, "-q", "-r", "average", one, fmt.Sprint(640/o.Size[0])).CombinedOutput(); err != nil {
				t.Fatalf("gdaladdo: %v\n%s", err, out)
			}
			theirs := gdalinfo(t, one, "-checksum")
			for b := range ours.Bands {
				ob, th := ours.Bands[b].Overviews[k], theirs.Bands[b].Overviews[0]
				if ob.Size != th.Size || ob.Checksum != th.Checksum {
					t.Errorf("cog%d band %d overview %d: %v checksum %d, GDAL's AVERAGE %v checksum %d", i, b+1, k, ob.Size, ob.Checksum, th.Size, th.Checksum)
				}
			}
		}
	}
}

// TestWriteCOGLabels checks a labels COG with GDAL's validator, and that
// its MODE overviews agree with gdaladdo -r mode on a copy GDAL wrote of
// the same codes (the data have no ties and no zeros, where GDAL and we
// could legitimately differ).
func TestWriteCOGLabels(t *testing.T) {
	needGDAL(t, "gdalinfo")
	addo := needGDAL(t, "gdaladdo")
	translate := needGDAL(t, "gdal_translate")
	dir := t.TempDir()
	g := utmGrid(512, 256)
	l := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "a"}, {Code: 2, Name: "b"}, {Code: 3, Name: "c"}})
	for i := range l.Data {
		x, y := i%512, i/512
		l.Data[i] = uint16(1 + (x/16+y/16)%3) // 16x16 patches: every block up to 16x16 is uniform
	}
	path := filepath.Join(dir, "labels.tif")
	if err := geotiff.WriteFile(path, l, &geotiff.Options{COG: true, TileWidth: 64, TileHeight: 64, Compression: geotiff.CompressionDeflate}); err != nil {
		t.Fatal(err)
	}
	validateCOG(t, path)
	ours := gdalinfo(t, path, "-checksum")
	ref := filepath.Join(dir, "ref.tif")
	if out, err := exec.Command(translate, "-q", "-co", "TILED=YES", path, ref).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for k, o := range ours.Bands[0].Overviews {
		one := filepath.Join(dir, fmt.Sprintf("one%d.tif", k))
		data, _ := os.ReadFile(ref)
		if err := os.WriteFile(one, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(addo, "-q", "-r", "mode", one, fmt.Sprint(512/o.Size[0])).CombinedOutput(); err != nil {
			t.Fatalf("gdaladdo: %v\n%s", err, out)
		}
		th := gdalinfo(t, one, "-checksum").Bands[0].Overviews[0]
		if o.Size != th.Size || o.Checksum != th.Checksum {
			t.Errorf("overview %d: %v checksum %d, GDAL's MODE %v checksum %d", k, o.Size, o.Checksum, th.Size, th.Checksum)
		}
	}
}
