package codec

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// zstdDecoder is the shared Zstandard decoder. DecodeAll is safe for
// concurrent use and keeps its block decoders between calls;
// WithDecodeAllCapLimit makes it stop at the capacity of the destination,
// so that no frame, whatever its header claims, makes it allocate more
// than the chunk.
var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithDecodeAllCapLimit(true),
		zstd.WithDecoderLowmem(true))
})

// zstdSlack is how much more than the chunk size a stream may decode to
// (the excess is dropped, as libtiff does); beyond it the stream is
// rejected rather than decoded into ever larger buffers.
const zstdSlack = 256 << 10

// decodeZSTD decodes the Zstandard frames in src (RFC 8878, as libtiff
// writes them for compression 50000) into dst and returns how many bytes it
// filled.
func decodeZSTD(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	d, err := zstdDecoder()
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
		return 0, err
	}
	// The stream holds more than the chunk: keep its first len(dst) bytes.
	tmp := make([]byte, 0, 2*len(dst)+zstdSlack)
	out, err = d.DecodeAll(src, tmp)
	if err != nil {
		return 0, fmt.Errorf("stream decodes to more than %d bytes for a %d-byte chunk: %w", cap(tmp), len(dst), err)
	}
	return copy(dst, out), nil
}
