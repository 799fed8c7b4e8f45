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
		if got < 0 || got > n {
			t.Fatalf("n=%d out of range", got)
		}
		ref, refErr := stdInflate(comp)
		switch {
		case len(ref) >= n:
			if err == nil && (got != n || !bytes.Equal(dst, ref[:n])) {
				t.Fatalf("full dst mismatch")
			}
			if err != nil && !(len(ref) == n && refErr != nil) {
				t.Fatalf("error %v but stdlib produced %d bytes (%v)", err, len(ref), refErr)
			}
		case refErr == nil:
			if err != nil || got != len(ref) || !bytes.Equal(dst[:got], ref) {
				t.Fatalf("stdlib ok with %d bytes; got n=%d err=%v", len(ref), got, err)
			}
		default:
			if err == nil {
				t.Fatalf("stdlib failed (%v) after %d bytes; we succeeded with %d", refErr, len(ref), got)
			}
		}
		// The zlib entry point must not panic either.
		DecompressZlib(dst, comp)
	})
}
