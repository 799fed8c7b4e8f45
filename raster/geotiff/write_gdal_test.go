package geotiff_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff"
)

// needGDAL returns the path of a GDAL tool, skipping the test when it is
// missing except under CI=true, where the live checks must run.
func needGDAL(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", tool, err)
		}
		t.Skipf("%s not installed", tool)
	}
	return p
}

// gdalJSON is the part of `gdalinfo -json` the tests check.
type gdalJSON struct {
	Size             [2]int    `json:"size"`
	GeoTransform     []float64 `json:"geoTransform"`
	CoordinateSystem struct {
		WKT string `json:"wkt"`
	} `json:"coordinateSystem"`
	Metadata map[string]map[string]string `json:"metadata"`
	Bands    []struct {
		Type        string   `json:"type"`
		Description string   `json:"description"`
		Checksum    int      `json:"checksum"`
		NoData      any      `json:"noDataValue"`
		Scale       *float64 `json:"scale"`
		Offset      *float64 `json:"offset"`
		ColorInterp string   `json:"colorInterpretation"`
		Block       [2]int   `json:"block"`
		Minimum     any      `json:"minimum"`
		Maximum     any      `json:"maximum"`
		ColorTable  *struct {
			Entries [][4]int `json:"entries"`
		} `json:"colorTable"`
		Overviews []struct {
			Size     [2]int `json:"size"`
			Checksum int    `json:"checksum"`
		} `json:"overviews"`
	} `json:"bands"`
}

func gdalinfo(t *testing.T, path string, args ...string) gdalJSON {
	t.Helper()
	bin := needGDAL(t, "gdalinfo")
	cmd := exec.Command(bin, append(append([]string{"-json"}, args...), path)...)
	cmd.Env = append(os.Environ(), "GDAL_PAM_ENABLED=NO")
	if strings.HasSuffix(path, "l.tif") || strings.Contains(path, "labels") {
		cmd.Env = os.Environ()
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gdalinfo %s: %v\n%s", path, err, out)
	}
	var g gdalJSON
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("gdalinfo %s: %v", path, err)
	}
	return g
}

// nativeValue returns the stored sample for analysis value v under the
// rule documented on Options.Type, as little-endian bytes.
func nativeValue(v float32, tc typeCase) []byte {
	b := make([]byte, tc.dt.Size())
	nd := tc.nodata
	if !tc.hasNodata {
		nd = math.NaN()
	}
	if tc.dt == geotiff.Float32 {
		x := float32(nd)
		if v == v {
			x = float32((float64(v) - tc.offset) / tc.scale)
		}
		binary.LittleEndian.PutUint32(b, math.Float32bits(x))
		return b
	}
	if tc.dt == geotiff.Float64 {
		x := nd
		if v == v {
			x = (float64(v) - tc.offset) / tc.scale
		}
		binary.LittleEndian.PutUint64(b, math.Float64bits(x))
		return b
	}
	q := nd
	if v == v {
		lo, hi := map[geotiff.DataType][2]float64{
			geotiff.Byte: {0, 255}, geotiff.Int8: {-128, 127}, geotiff.UInt16: {0, 65535}, geotiff.Int16: {-32768, 32767},
			geotiff.UInt32: {0, 4294967295}, geotiff.Int32: {-2147483648, 2147483647}}[tc.dt][0], 0.0
		hi = map[geotiff.DataType]float64{geotiff.Byte: 255, geotiff.Int8: 127, geotiff.UInt16: 65535, geotiff.Int16: 32767,
			geotiff.UInt32: 4294967295, geotiff.Int32: 2147483647}[tc.dt]
		q = math.Max(lo, math.Min(hi, math.Round((float64(v)-tc.offset)/tc.scale)))
	}
	switch tc.dt.Size() {
	case 1:
		b[0] = byte(int64(q))
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(int64(q)))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(int64(q)))
	}
	return b
}

// gdalReference writes the native samples of the stack as raw files
// described by a VRT and has gdal_translate turn them into a GeoTIFF, so
// that the reference checksums come from a file GDAL wrote itself.
func gdalReference(t *testing.T, dir string, s *raster.Stack, tc typeCase) []int {
	t.Helper()
	translate := needGDAL(t, "gdal_translate")
	g := s.Grid
	es := tc.dt.Size()
	var vrt strings.Builder
	fmt.Fprintf(&vrt, "<VRTDataset rasterXSize=\"%d\" rasterYSize=\"%d\">\n", g.Width, g.Height)
	for b, band := range s.Bands {
		raw := make([]byte, 0, len(band.Data)*es)
		for _, v := range band.Data {
			raw = append(raw, nativeValue(v, tc)...)
		}
		name := fmt.Sprintf("ref_%v_%d.raw", tc.dt, b)
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		vt := tc.dt.String()
		if tc.dt == geotiff.Int8 {
			vt = "Byte" // GDAL before 3.7 has no Int8; the checksum is over the same bytes
		}
		fmt.Fprintf(&vrt, `<VRTRasterBand dataType="%s" band="%d" subClass="VRTRawRasterBand"><SourceFilename relativeToVRT="1">%s</SourceFilename>`+
			`<ImageOffset>0</ImageOffset><PixelOffset>%d</PixelOffset><LineOffset>%d</LineOffset><ByteOrder>LSB</ByteOrder></VRTRasterBand>`+"\n",
			vt, b+1, name, es, es*g.Width)
	}
	vrt.WriteString("</VRTDataset>\n")
	vp := filepath.Join(dir, fmt.Sprintf("ref_%v.vrt", tc.dt))
	if err := os.WriteFile(vp, []byte(vrt.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tp := filepath.Join(dir, fmt.Sprintf("ref_%v.tif", tc.dt))
	if out, err := exec.Command(translate, "-q", vp, tp).CombinedOutput(); err != nil {
		t.Fatalf("gdal_translate: %v\n%s", err, out)
	}
	info := gdalinfo(t, tp, "-checksum")
	sums := make([]int, len(info.Bands))
	for i, b := range info.Bands {
		sums[i] = b.Checksum
	}
	return sums
}

// TestWriteGDALReads writes a matrix of types, codecs, predictors and
// layouts and checks with gdalinfo (libtiff's decoders, GDAL's GeoTIFF
// interpretation) that GDAL sees the values (checksums equal to those of
// the same samples written by gdal_translate), georeferencing, nodata,
// scale, offset and descriptions we wrote.
func TestWriteGDALReads(t *testing.T) {
	needGDAL(t, "gdalinfo")
	dir := t.TempDir()
	g := utmGrid(61, 45)
	src := testStack(g, 3)
	src.Bands[1].Name = "band <2> & co"
	comps := []geotiff.Compression{geotiff.CompressionNone, geotiff.CompressionDeflate, geotiff.CompressionLZW, geotiff.CompressionZSTD, geotiff.CompressionPackBits}
	n := 0
	for _, tc := range typeCases {
		ref := gdalReference(t, dir, src, tc)
		checkGolden(t, tc.dt, ref)
		for ci, comp := range comps {
			n++
			pred := 1
			if comp != geotiff.CompressionNone && comp != geotiff.CompressionPackBits {
				pred = 2
				if tc.dt == geotiff.Float32 || tc.dt == geotiff.Float64 {
					pred = 3
				}
			}
			opt := &geotiff.Options{Type: tc.dt, Nodata: tc.nodata, HasNodata: tc.hasNodata,
				Scale: []float64{tc.scale}, Offset: []float64{tc.offset}, Compression: comp, Predictor: pred,
				Interleave: geotiff.Interleave(n % 2), BigTIFF: geotiff.BigTIFFMode(n % 3 % 2)}
			if ci%2 == 0 {
				opt.TileWidth, opt.TileHeight = 16, 32
			} else {
				opt.RowsPerStrip = 5
			}
			path := filepath.Join(dir, fmt.Sprintf("w_%v_%v_%d.tif", tc.dt, comp, pred))
			if err := geotiff.WriteFile(path, src, opt); err != nil {
				t.Fatal(err)
			}
			info := gdalinfo(t, path, "-checksum", "-stats")
			name := filepath.Base(path)
			if info.Size != [2]int{61, 45} || len(info.Bands) != 3 {
				t.Fatalf("%s: size %v, %d bands", name, info.Size, len(info.Bands))
			}
			for i, v := range []float64{500000, 30, 0, 4900020, 0, -30} {
				if info.GeoTransform[i] != v {
					t.Fatalf("%s: geotransform %v", name, info.GeoTransform)
				}
			}
			if !strings.HasSuffix(strings.TrimSpace(info.CoordinateSystem.WKT), `ID["EPSG",32644]]`) {
				t.Fatalf("%s: CRS %s", name, info.CoordinateSystem.WKT)
			}
			is := info.Metadata["IMAGE_STRUCTURE"]
			if is["COMPRESSION"] != comp.String() && !(comp == geotiff.CompressionNone && is["COMPRESSION"] == "") {
				t.Errorf("%s: COMPRESSION %q", name, is["COMPRESSION"])
			}
			if pred > 1 && is["PREDICTOR"] != fmt.Sprint(pred) {
				t.Errorf("%s: PREDICTOR %q", name, is["PREDICTOR"])
			}
			if want := map[geotiff.Interleave]string{0: "PIXEL", 1: "BAND"}[opt.Interleave]; is["INTERLEAVE"] != want {
				t.Errorf("%s: INTERLEAVE %q, want %q", name, is["INTERLEAVE"], want)
			}
			if info.Metadata[""]["AREA_OR_POINT"] != "Area" {
				t.Errorf("%s: AREA_OR_POINT %q", name, info.Metadata[""]["AREA_OR_POINT"])
			}
			for b, band := range info.Bands {
				if band.Type != tc.dt.String() && !(tc.dt == geotiff.Int8 && band.Type == "Byte") { // GDAL < 3.7: Byte (PIXELTYPE=SIGNEDBYTE)
					t.Errorf("%s band %d: type %s", name, b+1, band.Type)
				}
				if band.Checksum != ref[b] {
					t.Errorf("%s band %d: checksum %d, GDAL's copy of the same samples %d", name, b+1, band.Checksum, ref[b])
				}
				if band.Description != src.Bands[b].Name {
					t.Errorf("%s band %d: description %q, want %q", name, b+1, band.Description, src.Bands[b].Name)
				}
				wantND := fmt.Sprint(tc.nodata)
				if !tc.hasNodata {
					wantND = "NaN"
				}
				if got := fmt.Sprint(band.NoData); got != wantND && !(wantND == "-3.4e+38" && got == "-3.4e+38") {
					t.Errorf("%s band %d: nodata %v, want %s", name, b+1, band.NoData, wantND)
				}
				if tc.scale != 1 || tc.offset != 0 {
					if band.Scale == nil || *band.Scale != tc.scale || band.Offset == nil || *band.Offset != tc.offset {
						t.Errorf("%s band %d: scale %v offset %v", name, b+1, band.Scale, band.Offset)
					}
				}
				if opt.TileWidth > 0 && band.Block != [2]int{16, 32} {
					t.Errorf("%s band %d: block %v", name, b+1, band.Block)
				}
			}
		}
	}
}

// TestWriteGDALGeoreferencing checks rotated, south-up, geographic and
// PixelIsPoint grids against gdalinfo's geotransform.
func TestWriteGDALGeoreferencing(t *testing.T) {
	needGDAL(t, "gdalinfo")
	dir := t.TempDir()
	cases := []struct {
		g     raster.Grid
		point bool
		epsg  string
	}{
		{utmGrid(10, 8), true, "32644"},
		{raster.Grid{Width: 10, Height: 8, Transform: raster.Affine{500000, 20, 5, 4900000, 5, -20}, CRS: raster.CRS{EPSG: 32644}}, false, "32644"},
		{raster.Grid{Width: 10, Height: 8, Transform: raster.Affine{500000, 20, 5, 4900000, 5, -20}, CRS: raster.CRS{EPSG: 32644}}, true, "32644"},
		{raster.Grid{Width: 10, Height: 8, Transform: raster.Affine{70, 0.25, 0, 30, 0, 0.25}, CRS: raster.CRS{EPSG: 4326}}, false, "4326"},
		{raster.Grid{Width: 10, Height: 8, Transform: raster.Affine{80, 0.001, 0, 44, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}, true, "4326"},
		{raster.Grid{Width: 10, Height: 8, Transform: raster.Affine{-2e7, 1000, 0, 2e7, 0, -1000}, CRS: raster.CRS{EPSG: 3857}}, false, "3857"},
	}
	for i, tc := range cases {
		path := filepath.Join(dir, fmt.Sprintf("geo%d.tif", i))
		if err := geotiff.WriteFile(path, raster.NewBand(tc.g, ""), &geotiff.Options{PixelIsPoint: tc.point}); err != nil {
			t.Fatal(err)
		}
		info := gdalinfo(t, path)
		for k, v := range tc.g.Transform {
			if math.Abs(info.GeoTransform[k]-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Errorf("case %d: geotransform %v, want %v", i, info.GeoTransform, tc.g.Transform)
				break
			}
		}
		want := map[bool]string{false: "Area", true: "Point"}[tc.point]
		if got := info.Metadata[""]["AREA_OR_POINT"]; got != want {
			t.Errorf("case %d: AREA_OR_POINT %q, want %q", i, got, want)
		}
		if !strings.HasSuffix(strings.TrimSpace(info.CoordinateSystem.WKT), `ID["EPSG",`+tc.epsg+`]]`) {
			t.Errorf("case %d: CRS %s", i, info.CoordinateSystem.WKT)
		}
	}
}

// TestWriteGDALLabels checks the palette and, through the .aux.xml
// side-car, the category names GDAL (and so QGIS) sees.
func TestWriteGDALLabels(t *testing.T) {
	bin := needGDAL(t, "gdalinfo")
	dir := t.TempDir()
	g := raster.Grid{Width: 40, Height: 30, Transform: raster.Affine{80, 0.001, 0, 44, 0, -0.001}, CRS: raster.CRS{EPSG: 4326}}
	l := raster.NewLabels(g, []raster.Class{{Code: 1, Name: "built-up", Color: color.RGBA{255, 0, 0, 255}}, {Code: 3, Name: "water & ice", Color: color.RGBA{0, 0, 255, 255}}})
	for i := range l.Data {
		l.Data[i] = uint16(i % 4 &^ 2)
	}
	path := filepath.Join(dir, "labels.tif")
	if err := geotiff.WriteFile(path, l, &geotiff.Options{Compression: geotiff.CompressionLZW}); err != nil {
		t.Fatal(err)
	}
	info := gdalinfo(t, path)
	b := info.Bands[0]
	if b.Type != "Byte" || b.ColorInterp != "Palette" || b.ColorTable == nil || len(b.ColorTable.Entries) != 256 {
		t.Fatalf("band %+v", b)
	}
	if b.ColorTable.Entries[1] != [4]int{255, 0, 0, 255} || b.ColorTable.Entries[3] != [4]int{0, 0, 255, 255} || b.ColorTable.Entries[2] != [4]int{0, 0, 0, 255} {
		t.Errorf("colour table %v", b.ColorTable.Entries[:4])
	}
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "1: built-up") || !strings.Contains(string(out), "3: water & ice") {
		t.Errorf("gdalinfo shows no category names:\n%s", out)
	}
}
