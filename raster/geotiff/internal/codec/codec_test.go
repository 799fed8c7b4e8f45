package codec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// sampleData returns n bytes that look like 16-bit imagery: smooth values
// with noise, so that they compress the way real tiles do.
func sampleData(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	v := 3000.0
	for i := 0; i+1 < n; i += 2 {
		v += r.NormFloat64() * 20
		v = math.Max(0, math.Min(65535, v))
		binary.LittleEndian.PutUint16(b[i:], uint16(v))
	}
	return b
}

func zlibBytes(t testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, 6)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

func zstdBytes(t testing.TB, data []byte, opts ...zstd.EOption) []byte {
	e, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	return e.EncodeAll(data, nil)
}

func TestNameSupported(t *testing.T) {
	for _, tc := range []struct {
		c         int
		name      string
		supported bool
	}{
		{None, "NONE", true}, {LZW, "LZW", true}, {OldJPEG, "JPEG", false}, {JPEG, "JPEG", false},
		{AdobeDeflate, "DEFLATE", true}, {Deflate, "DEFLATE", true}, {PackBits, "PACKBITS", true},
		{ZSTD, "ZSTD", true}, {LERC, "LERC", false}, {65000, "compression 65000", false},
		{2, "compression 2", false},
	} {
		if got := Name(tc.c); got != tc.name {
			t.Errorf("Name(%d) = %q, want %q", tc.c, got, tc.name)
		}
		if got := Supported(tc.c); got != tc.supported {
			t.Errorf("Supported(%d) = %v, want %v", tc.c, got, tc.supported)
		}
	}
}

// TestPackBitsSpec decodes the example of TIFF 6.0 section 9.
func TestPackBitsSpec(t *testing.T) {
	packed := []byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}
	want := []byte{0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
		0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}
	got, err := Decode(PackBits, packed, len(want), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % x\nwant % x", got, want)
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	data := sampleData(64<<10, 1)
	for _, tc := range []struct {
		name string
		c    int
		src  []byte
	}{
		{"none", None, data},
		{"deflate8", AdobeDeflate, zlibBytes(t, data)},
		{"deflate32946", Deflate, zlibBytes(t, data)},
		{"zstd", ZSTD, zstdBytes(t, data)},
		{"zstd-nosize", ZSTD, zstdBytes(t, data, zstd.WithSingleSegment(false), zstd.WithZeroFrames(true))},
		{"lzw", LZW, tiffLZWEncode(data)},
		{"packbits", PackBits, packBitsEncode(data)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.c, tc.src, len(data), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("decoded bytes differ")
			}
			// Reuse of dst, and a shorter declared size: the rest is ignored.
			dst := make([]byte, 10, len(data))
			got, err = Decode(tc.c, tc.src, len(data)/2, dst)
			if err != nil {
				t.Fatal(err)
			}
			if &got[0] != &dst[:1][0] || !bytes.Equal(got, data[:len(data)/2]) {
				t.Fatal("dst not reused or prefix wrong")
			}
			// Longer declared size: truncated.
			_, err = Decode(tc.c, tc.src, len(data)+1, nil)
			if !errors.Is(err, ErrTruncated) {
				t.Fatalf("size+1: err = %v, want ErrTruncated", err)
			}
			// Cut streams: an error, never a panic.
			for _, cut := range []int{0, 1, 2, 5, len(tc.src) / 2, len(tc.src) - 40} {
				if _, err := Decode(tc.c, tc.src[:cut], len(data), nil); err == nil {
					t.Errorf("cut at %d: no error", cut)
				}
			}
		})
	}
}

// TestDeflateTolerance: a zlib stream with its Adler-32 trailer missing,
// damaged or followed by garbage still decodes.
func TestDeflateTolerance(t *testing.T) {
	data := sampleData(10000, 2)
	z := zlibBytes(t, data)
	bad := bytes.Clone(z)
	bad[len(bad)-1] ^= 0xff
	for name, src := range map[string][]byte{
		"no-adler":   z[:len(z)-4],
		"bad-adler":  bad,
		"trailing":   append(bytes.Clone(z), 1, 2, 3, 4, 5, 6, 7, 8),
		"no-trailer": z[:len(z)-3],
	} {
		got, err := Decode(AdobeDeflate, src, len(data), nil)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: err %v, equal %v", name, err, bytes.Equal(got, data))
		}
	}
	// A damaged header is an error.
	hdr := bytes.Clone(z)
	hdr[1] ^= 1
	if _, err := Decode(AdobeDeflate, hdr, len(data), nil); err == nil {
		t.Error("bad zlib header: no error")
	}
}

func TestDecodeTruncatedMessage(t *testing.T) {
	_, err := Decode(None, []byte{1, 2, 3}, 5, nil)
	if err == nil || err.Error() != "codec: NONE: truncated: got 3 of 5 bytes" {
		t.Fatalf("err = %v", err)
	}
	if _, err := Decode(65000, nil, 5, nil); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("unknown compression: err = %v", err)
	}
	if _, err := Decode(JPEG, nil, 5, nil); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("JPEG: err = %v", err)
	}
	// A huge declared size for a tiny stream fails before allocating.
	if _, err := Decode(AdobeDeflate, []byte{0x78, 0x9c, 0, 0}, 1<<40, nil); !errors.Is(err, ErrTruncated) {
		t.Fatalf("huge size: err = %v", err)
	}
}

// TestZSTDMemory: hand-made frames (RFC 8878 section 3.1.1) whose headers
// claim a large window or whose blocks decode to far more than the chunk
// must not make Decode allocate more than the chunk plus a constant.
func TestZSTDMemory(t *testing.T) {
	const limit = 4 << 20
	for _, tc := range []struct {
		name  string
		frame []byte
		want  []byte // nil: an error
	}{
		// Window_Descriptor exponent 19: a 512 MiB window; one raw block
		// of 10 bytes (header 0x51 = size 10, raw, last).
		{"raw block, 512 MiB window", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 19 << 3, 0x51, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
			[]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		// An RLE block of 128 KiB (header 0x100003) for a 10-byte chunk.
		{"RLE 128 KiB into 10 bytes", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 19 << 3, 0x03, 0x00, 0x10, 7},
			[]byte{7, 7, 7, 7, 7, 7, 7, 7, 7, 7}},
		// Window exponent 20 (1 GiB) is refused.
		{"1 GiB window", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 0x51, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, nil},
	} {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		got, err := Decode(ZSTD, tc.frame, 10, nil)
		runtime.ReadMemStats(&m1)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%s: no error", tc.name)
			}
		} else if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: got %v, %v", tc.name, got, err)
		}
		if a := m1.TotalAlloc - m0.TotalAlloc; a > limit {
			t.Errorf("%s: allocated %d bytes", tc.name, a)
		}
	}
}

// packBitsEncode is a PackBits encoder written from TIFF 6.0 section 9:
// runs of 3 to 128 equal bytes as (1-n, byte), everything else as literal
// groups of up to 128 bytes (n-1, bytes...).
func packBitsEncode(data []byte) []byte {
	var out, lit []byte
	flush := func() {
		for len(lit) > 0 {
			k := min(len(lit), 128)
			out = append(out, byte(k-1))
			out = append(out, lit[:k]...)
			lit = lit[k:]
		}
	}
	for i := 0; i < len(data); {
		j := i + 1
		for j < len(data) && j-i < 128 && data[j] == data[i] {
			j++
		}
		if j-i >= 3 {
			flush()
			out = append(out, byte(int8(1-(j-i))), data[i])
		} else {
			lit = append(lit, data[i:j]...)
		}
		i = j
	}
	flush()
	return out
}
