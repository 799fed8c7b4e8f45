package geotiff_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// goldenPath holds, per integer sample type of typeCases, the checksums
// gdalinfo -checksum reported for the samples of testStack(utmGrid(61, 45),
// 3) written by gdal_translate (see gdalReference). TestWriteGDALReads
// checks that it is current; set UPDATE_WRITE_GOLDEN=1 to rewrite it.
const goldenPath = "testdata/write_gdal_checksums.json"

// gdalChecksum is GDALChecksumImage for integer bands (GDAL
// gcore/gdalchecksum.cpp): the sum over row-major samples of
// value % prime, the primes 7..43 cycling, kept to 16 bits.
func gdalChecksum(raw *geotiff.Raw) int {
	primes := [...]int64{7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43}
	var sum int64
	k := 0
	for i := range raw.Width * raw.Height {
		v := int64(raw.Float64At(i))
		if raw.Type == geotiff.Int8 {
			v = int64(raw.Data[i]) // GDAL 3.6 has no Int8: the reference is Byte
		}
		v = min(v, 1<<31-1) // GDAL reads the samples as Int32
		sum = (sum + v%primes[k]) & 0xffff
		k = (k + 1) % len(primes)
	}
	return int(sum)
}

// TestWriteGoldenChecksums needs only Go: it writes every integer type
// with every codec and checks the samples our reader gets back against
// checksums GDAL computed on its own copy of the same samples.
func TestWriteGoldenChecksums(t *testing.T) {
	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string][]int
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	g := utmGrid(61, 45)
	src := testStack(g, 3)
	n := 0
	for _, tc := range typeCases {
		want, ok := golden[tc.dt.String()]
		if !ok {
			continue
		}
		for _, comp := range []geotiff.Compression{geotiff.CompressionNone, geotiff.CompressionDeflate, geotiff.CompressionLZW, geotiff.CompressionZSTD, geotiff.CompressionPackBits} {
			pred := 1
			if comp != geotiff.CompressionNone && comp != geotiff.CompressionPackBits {
				pred = 2
			}
			var buf bytes.Buffer
			opt := &geotiff.Options{Type: tc.dt, Nodata: tc.nodata, HasNodata: tc.hasNodata, Scale: []float64{tc.scale},
				Offset: []float64{tc.offset}, Compression: comp, Predictor: pred, TileWidth: 32, TileHeight: 16}
			if err := geotiff.Write(&buf, src, opt); err != nil {
				t.Fatal(err)
			}
			f, err := geotiff.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "golden")
			if err != nil {
				t.Fatal(err)
			}
			raws, err := f.ReadRawBands(context.Background(), nil, g.Rect())
			if err != nil {
				t.Fatal(err)
			}
			for b, raw := range raws {
				if got := gdalChecksum(raw); got != want[b] {
					t.Errorf("%v %v band %d: checksum %d, GDAL's %d", tc.dt, comp, b+1, got, want[b])
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no golden checksums")
	}
}

// checkGolden records or checks the GDAL checksums of one type.
func checkGolden(t *testing.T, dt geotiff.DataType, ref []int) {
	t.Helper()
	if dt.IsFloat() {
		return
	}
	golden := map[string][]int{}
	if data, err := os.ReadFile(goldenPath); err == nil {
		if err := json.Unmarshal(data, &golden); err != nil {
			t.Fatal(err)
		}
	}
	if os.Getenv("UPDATE_WRITE_GOLDEN") == "1" {
		golden[dt.String()] = ref
		data, _ := json.MarshalIndent(golden, "", "  ")
		if err := os.WriteFile(filepath.FromSlash(goldenPath), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := golden[dt.String()]
	for b := range ref {
		if b >= len(want) || want[b] != ref[b] {
			t.Errorf("%s is stale for %v: GDAL says %v, file says %v (rerun with UPDATE_WRITE_GOLDEN=1)", goldenPath, dt, ref, want)
			return
		}
	}
}
