package codec

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
)

// TestTestdata decodes the corpus files copied into testdata and compares
// each band with the SHA-256 of GDAL's pixels from the corpus manifest.
func TestTestdata(t *testing.T) {
	for _, tc := range []struct{ file, sha string }{
		{"rgb_byte_1band_lzw.tif", "75f49ba89e9f6e4d4214c81cc121aa64a6ea486da31cc802f5edef6f3d2ffb4c"},
		{"l8_int16_lzw_pred2_bigendian_tiled256.tif", "24c120ee206c8a707931496acf79219ce12b46e60dda85117dd3817e7802392c"},
		{"l8_float32_lzw_pred3_tiled256.tif", "1e8235d08774e6078bdef28ac50a784f6695630319463d660f8c30d8f712439a"},
		{"l8_float32_deflate_pred3_bigendian.tif", "1e8235d08774e6078bdef28ac50a784f6695630319463d660f8c30d8f712439a"},
	} {
		_, bands := decodeTestTIFF(t, filepath.Join("testdata", tc.file))
		sum := sha256.Sum256(bands[0])
		if got := hex.EncodeToString(sum[:]); got != tc.sha {
			t.Errorf("%s: sha256 %s, want %s", tc.file, got, tc.sha)
		}
	}
}
