package codec

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir finds the GeoTIFF conformance corpus (shared/data/geotiff beside
// the repository, see its README), or skips the test.
func corpusDir(t testing.TB) string {
	if d := os.Getenv("BORDERZONE_DATA"); d != "" {
		return filepath.Join(d, "geotiff")
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Skip(err)
	}
	for {
		d := filepath.Join(dir, "shared", "data", "geotiff")
		if _, err := os.Stat(filepath.Join(d, "manifest.json")); err == nil {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("GeoTIFF corpus (shared/data/geotiff) not found")
		}
		dir = parent
	}
}

type manifestFile struct {
	File           string `json:"file"`
	CompressionTag int    `json:"compression_tag"`
	Bands          []struct {
		SHA256 string `json:"sha256"`
	} `json:"bands"`
	LossyCheck *struct {
		ReferenceFile string    `json:"reference_file"`
		MaxAbsDiff    []float64 `json:"max_abs_diff"`
		MeanAbsDiff   []float64 `json:"mean_abs_diff"`
		PSNR          []float64 `json:"psnr_db"`
	} `json:"lossy_check"`
}

func readManifest(t testing.TB, dir string) []manifestFile {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []manifestFile `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.Files
}

// decodeTestTIFF decodes IFD0 of a TIFF file with this package into one
// little-endian byte slice per band, the form the manifest hashes.
func decodeTestTIFF(t testing.TB, path string) (*testTIFF, [][]byte) {
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tf, err := parseTestTIFF(file)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	bps := tf.bitsPerSample / 8
	bands := make([][]byte, tf.spp)
	for i := range bands {
		bands[i] = make([]byte, tf.width*tf.height*bps)
	}
	spc := tf.spp // samples per chunk pixel
	if tf.planar == 2 {
		spc = 1
	}
	little := tf.order == binary.LittleEndian
	var buf []byte
	for i, c := range tf.chunks(file) {
		size := c.width * c.height * spc * bps
		if tf.compression == JPEG {
			buf, err = DecodeJPEG(tf.jpegTables, c.data, c.width, c.height, spc, tf.photometric == 6, buf)
		} else {
			buf, err = Decode(tf.compression, c.data, size, buf)
		}
		if err != nil {
			t.Fatalf("%s: chunk %d: %v", filepath.Base(path), i, err)
		}
		if err := UndoPredictor(buf, tf.predictor, tf.order, bps, spc, c.width*spc, c.height); err != nil {
			t.Fatalf("%s: chunk %d: %v", filepath.Base(path), i, err)
		}
		for y := range c.height {
			if c.y0+y >= tf.height {
				break
			}
			for x := range c.width {
				if c.x0+x >= tf.width {
					break
				}
				for s := range spc {
					in := buf[((y*c.width+x)*spc+s)*bps:][:bps]
					band := bands[s+c.plane]
					out := band[((c.y0+y)*tf.width+c.x0+x)*bps:][:bps]
					for k := range bps {
						if little {
							out[k] = in[k]
						} else {
							out[k] = in[bps-1-k]
						}
					}
				}
			}
		}
	}
	return tf, bands
}

// TestCorpus decodes every strip and tile of every file in the GeoTIFF
// corpus and compares the pixels with GDAL's SHA-256 of each band (for JPEG,
// with the lossless file of the same crop, within the tolerance GDAL's own
// decoder reaches).
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	for _, f := range readManifest(t, dir) {
		t.Run(f.File, func(t *testing.T) {
			if f.CompressionTag == LERC {
				t.Skip("LERC is not supported")
			}
			_, bands := decodeTestTIFF(t, filepath.Join(dir, f.File))
			if len(bands) != len(f.Bands) {
				t.Fatalf("%d bands, manifest has %d", len(bands), len(f.Bands))
			}
			if f.LossyCheck != nil {
				_, ref := decodeTestTIFF(t, filepath.Join(dir, f.LossyCheck.ReferenceFile))
				for i := range bands {
					var sum, sq, maxd float64
					for j := range bands[i] {
						d := math.Abs(float64(bands[i][j]) - float64(ref[i][j]))
						sum += d
						sq += d * d
						maxd = max(maxd, d)
					}
					n := float64(len(bands[i]))
					mean := sum / n
					psnr := 10 * math.Log10(255*255/(sq/n))
					t.Logf("band %d: max %v mean %.3f psnr %.2f dB (GDAL: max %v mean %.3f psnr %.2f)",
						i+1, maxd, mean, psnr, f.LossyCheck.MaxAbsDiff[i], f.LossyCheck.MeanAbsDiff[i], f.LossyCheck.PSNR[i])
					if mean > f.LossyCheck.MeanAbsDiff[i]*1.25+0.5 || psnr < f.LossyCheck.PSNR[i]-2 {
						t.Errorf("band %d: JPEG error too large", i+1)
					}
				}
				return
			}
			for i, b := range bands {
				sum := sha256.Sum256(b)
				if got := hex.EncodeToString(sum[:]); got != f.Bands[i].SHA256 {
					t.Errorf("band %d: sha256 %s, want %s", i+1, got, f.Bands[i].SHA256)
				}
			}
		})
	}
}

// loadChunks reads the chunks of one corpus file.
func loadChunks(t testing.TB, dir, name string) (*testTIFF, []chunk) {
	file, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	tf, err := parseTestTIFF(file)
	if err != nil {
		t.Fatal(err)
	}
	return tf, tf.chunks(file)
}

// TestBrokenCorpus decodes the first strip of the corpus files whose
// compressed data are damaged (broken/manifest.json): a DEFLATE strip cut
// in half and one with a reserved block type. Both must be errors.
func TestBrokenCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "broken")
	for _, tc := range []struct{ file, want string }{
		{"truncated.tif", "truncated: got"},
		{"corrupt_deflate.tif", "reserved block type"},
	} {
		tf, chunks := loadChunks(t, dir, tc.file)
		c := chunks[0]
		size := c.width * c.height * tf.spp * tf.bitsPerSample / 8
		_, err := Decode(tf.compression, c.data, size, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.file, err, tc.want)
		}
	}
}
