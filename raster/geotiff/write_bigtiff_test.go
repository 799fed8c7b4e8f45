package geotiff

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/borderzone/borderzone/raster"
)

// headWriter keeps the first bytes written to it and counts the rest.
type headWriter struct {
	head []byte
	n    int64
}

func (w *headWriter) Write(p []byte) (int, error) {
	if len(w.head) < 1<<16 {
		w.head = append(w.head, p[:min(len(p), 1<<16-len(w.head))]...)
	}
	w.n += int64(len(p))
	return len(p), nil
}

// TestWriteBigTIFFAuto gives emit 72 chunks of 64 MiB + 1 byte (one
// shared buffer, so nothing large is allocated): more than 4 GiB, so
// BigTIFFAuto must switch to BigTIFF with 64-bit offsets that reach past
// 4 GiB, and BigTIFFNever must fail.
func TestWriteBigTIFFAuto(t *testing.T) {
	g := raster.Grid{Width: 9, Height: 8, Transform: raster.Affine{0, 1, 0, 0, 0, -1}, CRS: raster.CRS{EPSG: 32644}}
	opt := &Options{Type: Byte, Nodata: 0, HasNodata: true, TileWidth: 1, TileHeight: 1}
	p, err := newPlan(raster.NewBand(g, "big"), opt)
	if err != nil {
		t.Fatal(err)
	}
	shared := make([]byte, 64<<20+1)
	chunks := make([][]byte, p.numChunks())
	for i := range chunks {
		chunks[i] = shared
	}
	var w headWriter
	if err := emit(&w, []*plan{p}, [][][]byte{chunks}, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w.head[:4], []byte{'I', 'I', 43, 0}) {
		t.Fatalf("header % x: not BigTIFF", w.head[:4])
	}
	// The last tile must start beyond 4 GiB.
	wantLast := w.n - int64(len(shared))
	if wantLast <= 1<<32 {
		t.Fatalf("test too small: %d", wantLast)
	}
	if !bytes.Contains(w.head, binary.LittleEndian.AppendUint64(nil, uint64(wantLast))) {
		t.Errorf("no 64-bit offset %d in the IFD", wantLast)
	}
	opt.BigTIFF = BigTIFFNever
	if err := emit(&headWriter{}, []*plan{p}, [][][]byte{chunks}, opt); err == nil || !strings.Contains(err.Error(), "4 GiB") {
		t.Errorf("BigTIFFNever: %v", err)
	}
}
