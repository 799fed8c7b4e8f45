package inflate

import (
	"bytes"
	"testing"
)

// FuzzDecompress checks Decompress against compress/flate: whenever the
// standard library succeeds with at most len(dst) bytes, the output must be
// identical; whenever it fails before filling dst, Decompress must fail
// too; and Decompress must never panic or write past dst.
func FuzzDecompress(f *testing.F) {
	f.Add([]byte{0x03, 0x00}, uint16(10))
	f.Add([]byte{0x01, 0x03, 0x00, 0xfc, 0xff, 'a', 'b', 'c'}, uint16(3))
	for _, kind := range []string{"text", "runs", "image"} {
		data := testData(kind, 700, 1)
		for _, lvl := range []int{-2, 0, 1, 6, 9} {
			var buf bytes.Buffer
			comp := stdDeflate(f, data, lvl)
			buf.Write(comp)
			f.Add(buf.Bytes(), uint16(len(data)))
		}
	}
	f.Fuzz(func(t *testing.T, comp []byte, dstLen uint16) {
		n := int(dstLen)
		// Guard bytes after dst catch out-of-range writes through a
		// slice with extra capacity.
		buf := make([]byte, n+64)
		for i := range buf {
			buf[i] = 0xa5
		}
		dst := buf[:n:n]
		got, err := Decompress(dst, comp)
		for _, c := range buf[n:] {
			if c != 0xa5 {
				t.Fatal("write past dst")
			}
		}
		ref, refErr := stdInflate(comp)
		if msg := compareWithStd(dst, got, err, ref, refErr); msg != "" {
			t.Fatal(msg)
		}
		// The zlib entry point must not panic either.
		DecompressZlib(dst, comp)
	})
}
