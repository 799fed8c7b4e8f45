package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// zstdAll is the shared decoder for whole chunks. DecodeAll is safe for
// concurrent use; WithDecodeAllCapLimit makes it stop at the capacity of the
// destination, so a frame never makes it allocate more than the chunk size.
var zstdAll = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithDecodeAllCapLimit(true),
		zstd.WithDecoderLowmem(true))
})

// zstdStreams holds streaming decoders for the rare chunk whose stream
// decodes to more than its declared size: its first size bytes are kept, as
// libtiff does.
var zstdStreams sync.Pool

// decodeZSTD decodes the Zstandard frames in src (RFC 8878) into dst and
// returns how many bytes it filled.
func decodeZSTD(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	d, err := zstdAll()
	if err != nil {
		return 0, err
	}
	out, err := d.DecodeAll(src, dst[:0:len(dst)])
	if err == nil {
		if len(out) > 0 && &out[0] != &dst[0] {
			copy(dst, out) // not expected with the capacity limit, but be sure
		}
		return len(out), nil
	}
	if !errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		return len(out), err
	}
	// More output than the chunk holds: stream the first len(dst) bytes.
	s, _ := zstdStreams.Get().(*zstd.Decoder)
	if s == nil {
		s, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return 0, err
		}
	}
	defer func() {
		s.Reset(nil)
		zstdStreams.Put(s)
	}()
	if err := s.Reset(bytes.NewReader(src)); err != nil {
		return 0, err
	}
	n, err := io.ReadFull(s, dst)
	if n == len(dst) || err == io.EOF || err == io.ErrUnexpectedEOF {
		return n, nil
	}
	return n, fmt.Errorf("after %d of %d bytes: %w", n, len(dst), err)
}
