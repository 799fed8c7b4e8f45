package geotiff

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff/internal/codec"
)

// Raw is a window of one band's native samples, as stored in the file but
// always little-endian: Width*Height samples of Type, row-major, each
// Type.Size() bytes (two's complement for signed types, IEEE 754 for
// floats). Raw reads apply neither nodata nor scale/offset.
type Raw struct {
	Type          DataType
	Width, Height int
	Data          []byte
}

// Float64At returns sample i (row-major index) converted to float64.
func (r *Raw) Float64At(i int) float64 {
	switch r.Type {
	case Byte:
		return float64(r.Data[i])
	case Int8:
		return float64(int8(r.Data[i]))
	case UInt16:
		return float64(binary.LittleEndian.Uint16(r.Data[2*i:]))
	case Int16:
		return float64(int16(binary.LittleEndian.Uint16(r.Data[2*i:])))
	case UInt32:
		return float64(binary.LittleEndian.Uint32(r.Data[4*i:]))
	case Int32:
		return float64(int32(binary.LittleEndian.Uint32(r.Data[4*i:])))
	case Float32:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(r.Data[4*i:])))
	case Float64:
		return math.Float64frombits(binary.LittleEndian.Uint64(r.Data[8*i:]))
	}
	return math.NaN()
}

// ReadBand reads the whole of band b (0-based) as analysis values: float32
// with nodata turned into NaN and scale/offset applied.
func (im *Image) ReadBand(ctx context.Context, b int) (*raster.Band, error) {
	return im.ReadWindow(ctx, b, image.Rect(0, 0, im.width, im.height))
}

// ReadWindow reads window win of band b (0-based) as analysis values on the
// window's grid. Only the strips or tiles the window touches are read, and
// they are decoded in parallel on all cores.
func (im *Image) ReadWindow(ctx context.Context, b int, win image.Rectangle) (*raster.Band, error) {
	s, err := im.ReadStack(ctx, []int{b}, win)
	if err != nil {
		return nil, err
	}
	return s.Bands[0], nil
}

// ReadStack reads window win of several bands (0-based; nil means all) as
// analysis values into a Stack. Each strip or tile is decoded once for all
// the bands it holds. Band names are the GDAL band descriptions, or
// "band1", "band2", ... when there are none.
func (im *Image) ReadStack(ctx context.Context, bands []int, win image.Rectangle) (*raster.Stack, error) {
	bands, err := im.checkRequest(bands, win, 4)
	if err != nil {
		return nil, err
	}
	g, _ := im.grid.Window(win)
	out := &raster.Stack{Grid: g, Bands: make([]*raster.Band, len(bands))}
	sink := &floatSink{dst: make([][]float32, len(bands)), conv: make([]floatConv, len(bands))}
	for i, b := range bands {
		name := im.f.Description(b)
		if name == "" {
			name = fmt.Sprintf("band%d", b+1)
		}
		out.Bands[i] = &raster.Band{Grid: g, Name: name, Data: make([]float32, g.Len())}
		if n := g.Len(); n > 0 {
			adviseHugePages(unsafe.Slice((*byte)(unsafe.Pointer(&out.Bands[i].Data[0])), 4*n))
		}
		sink.dst[i] = out.Bands[i].Data
		sink.conv[i] = im.floatConv(b)
	}
	if err := im.read(ctx, bands, win, sink); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadRaw reads window win of band b (0-based) as native samples.
func (im *Image) ReadRaw(ctx context.Context, b int, win image.Rectangle) (*Raw, error) {
	r, err := im.ReadRawBands(ctx, []int{b}, win)
	if err != nil {
		return nil, err
	}
	return r[0], nil
}

// ReadRawBands reads window win of several bands (0-based; nil means all)
// as native samples, decoding each strip or tile once.
func (im *Image) ReadRawBands(ctx context.Context, bands []int, win image.Rectangle) ([]*Raw, error) {
	es := im.dataType.Size()
	bands, err := im.checkRequest(bands, win, es)
	if err != nil {
		return nil, err
	}
	out := make([]*Raw, len(bands))
	sink := &rawSink{dst: make([][]byte, len(bands)), es: es}
	for i := range bands {
		out[i] = &Raw{Type: im.dataType, Width: win.Dx(), Height: win.Dy(), Data: make([]byte, win.Dx()*win.Dy()*es)}
		adviseHugePages(out[i].Data)
		sink.dst[i] = out[i].Data
	}
	if nd, ok := im.f.Nodata(); ok {
		sink.fill = encodeNative(im.dataType, nd)
	}
	if err := im.read(ctx, bands, win, sink); err != nil {
		return nil, err
	}
	return out, nil
}

// maxExpansionRead bounds the bytes a read may allocate relative to the
// file: above 1 GiB, a read may not produce more than 1024 times the file's
// size (a tiny file of sparse tiles claiming a 100000 x 100000 image would
// otherwise make ReadBand allocate 40 GB). Real rasters, even constant ones
// compressed 1000:1, stay well inside it.
const (
	maxReadAlwaysAllowed = 1 << 30
	maxReadExpansion     = 1024
)

// checkOutputSize returns an error when a read of n output bytes is more
// than the file could hold (see maxReadExpansion).
func (im *Image) checkOutputSize(n int64) error {
	if n > maxReadAlwaysAllowed && n/maxReadExpansion > im.f.tr.size {
		return fmt.Errorf("%v: the read would produce %d bytes from a %d-byte file (more than %d times its size)",
			im, n, im.f.tr.size, maxReadExpansion)
	}
	return nil
}

func (im *Image) checkRequest(bands []int, win image.Rectangle, sampleBytes int) ([]int, error) {
	if bands == nil {
		bands = make([]int, im.spp)
		for i := range bands {
			bands[i] = i
		}
	}
	if len(bands) == 0 {
		return nil, fmt.Errorf("%v: no bands requested", im)
	}
	for _, b := range bands {
		if b < 0 || b >= im.spp {
			return nil, fmt.Errorf("%v: band %d out of range (the file has bands 0..%d)", im, b, im.spp-1)
		}
	}
	if win.Empty() || !win.In(image.Rect(0, 0, im.width, im.height)) {
		return nil, fmt.Errorf("%v: window %v is empty or outside the %dx%d image", im, win, im.width, im.height)
	}
	if err := im.checkOutputSize(int64(win.Dx()) * int64(win.Dy()) * int64(len(bands)) * int64(sampleBytes)); err != nil {
		return nil, err
	}
	return bands, nil
}

// sink receives decoded chunks. put copies the part of the chunk that lies
// in the window: buf holds the chunk's samples in file byte order (nil for
// a sparse chunk, which reads as nodata), chunk is its pixel rectangle in
// image coordinates (clipped to the image), band i of the request is sample
// sample[i] of the chunk (-1 when the chunk does not hold it).
type sink interface {
	put(buf []byte, chunk, win image.Rectangle, sample []int, im *Image)
}

// job is one chunk to decode.
type job struct {
	index  int
	rect   image.Rectangle
	sample []int
}

// read decodes every chunk that win touches and hands it to s.
func (im *Image) read(ctx context.Context, bands []int, win image.Rectangle, s sink) error {
	if err := im.prefetchWindow(ctx, bands, win); err != nil {
		return err
	}
	var jobs []job
	ty0, ty1 := win.Min.Y/im.blockH, (win.Max.Y-1)/im.blockH
	tx0, tx1 := win.Min.X/im.blockW, (win.Max.X-1)/im.blockW
	across, down := im.chunksAcross(), im.chunksDown()
	for p := range im.planes() {
		sample := make([]int, len(bands))
		holds := false // the plane holds a requested band
		for i, b := range bands {
			switch {
			case im.planar == 1:
				sample[i] = b
				holds = true
			case b == p:
				sample[i] = 0
				holds = true
			default:
				sample[i] = -1
			}
		}
		if !holds {
			continue
		}
		for ty := ty0; ty <= ty1; ty++ {
			for tx := tx0; tx <= tx1; tx++ {
				r := image.Rect(tx*im.blockW, ty*im.blockH, (tx+1)*im.blockW, (ty+1)*im.blockH).Intersect(image.Rect(0, 0, im.width, im.height))
				jobs = append(jobs, job{index: p*across*down + ty*across + tx, rect: r, sample: sample})
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var (
		next    atomic.Int64
		failed  atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var comp, dec []byte
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				err := ctx.Err()
				var buf []byte
				if err == nil {
					var done bool
					if ds, ok := s.(directSink); ok {
						done, err = ds.direct(im, jobs[i], win)
					}
					if done {
						continue
					}
					if err == nil {
						buf, err = im.decodeChunk(jobs[i], &comp, &dec)
					}
				}
				if err != nil {
					failed.Store(true)
					errOnce.Do(func() { first = err })
					return
				}
				s.put(buf, jobs[i].rect, win, jobs[i].sample, im)
			}
		}()
	}
	wg.Wait()
	return first
}

// decodeChunk reads and decodes one strip or tile, returning its samples in
// file byte order laid out blockW wide (nil for a sparse chunk).
func (im *Image) decodeChunk(j job, comp, dec *[]byte) ([]byte, error) {
	off, n := im.offsets[j.index], im.counts[j.index]
	rows := im.blockH
	if !im.tiled {
		rows = j.rect.Dy()
	}
	cs := im.chunkSamples()
	es := im.dataType.Size()
	size := im.blockW * rows * cs * es
	where := func(err error) error {
		return fmt.Errorf("%v: %s at offset %d (%d bytes): %w", im, im.chunkName(j.index), off, n, err)
	}
	if n == 0 {
		return nil, nil
	}
	tr := im.f.tr
	if off > uint64(tr.size) || n > uint64(tr.size)-off {
		return nil, where(errors.New("lies past the end of the file"))
	}
	if im.compression == codec.None {
		if int(n) < size {
			return nil, where(fmt.Errorf("holds %d bytes, the block needs %d", n, size))
		}
		*dec = grow(*dec, size)
		if err := tr.readAt(*dec, int64(off), "block"); err != nil {
			return nil, where(err)
		}
		return *dec, nil
	}
	// No codec makes a block much larger than its decoded size; a larger
	// byte count (from a server or file claiming gigabytes) is refused
	// before it is allocated.
	if int64(n) > 2*int64(size)+64<<10 {
		return nil, where(fmt.Errorf("a %s block of %d bytes is implausibly larger than the %d bytes it decodes to",
			codec.Name(im.compression), n, size))
	}
	if limit := maxExpansion(im.compression) * int64(n); int64(size) > limit+64<<10 {
		return nil, where(fmt.Errorf("a %s block of %d bytes cannot decode to the %d bytes a %dx%d block needs",
			codec.Name(im.compression), n, size, im.blockW, rows))
	}
	*comp = grow(*comp, int(n))
	if err := tr.readAt(*comp, int64(off), "block"); err != nil {
		return nil, where(err)
	}
	var err error
	if im.compression == codec.JPEG {
		*dec, err = codec.DecodeJPEG(im.jpegTables, *comp, im.blockW, rows, cs, im.photometric == 6, *dec)
		if err != nil {
			return nil, where(err)
		}
		return *dec, nil
	}
	*dec, err = codec.Decode(im.compression, *comp, size, *dec)
	if err != nil {
		return nil, where(err)
	}
	// Predictor 2 is undone by the sinks while they de-interleave (see
	// gatherPred2), which saves a pass over the chunk.
	if im.predictor == 3 {
		if err := codec.UndoPredictor(*dec, im.predictor, tr.order, es, cs, im.blockW*cs, rows); err != nil {
			return nil, where(err)
		}
	}
	return *dec, nil
}

// maxExpansion bounds how many decoded bytes one compressed byte can give,
// so a tiny file claiming huge blocks is rejected before any allocation:
// PackBits 128 bytes from 2 (TIFF 6.0 section 9), DEFLATE 258 bytes from
// about 2 bits (RFC 1951: 1032:1), LZW at most 4096 bytes per 9-bit code,
// ZSTD 128 KiB RLE blocks from 4 bytes (RFC 8878), baseline JPEG an 8x8
// block from at least 2 bits, twice that output with 4:2:0 YCbCr.
func maxExpansion(compression int) int64 {
	switch compression {
	case codec.PackBits:
		return 64
	case codec.AdobeDeflate, codec.Deflate:
		return 1032
	case codec.LZW:
		return 4096 * 8 / 9
	case codec.JPEG:
		return 512
	}
	return 1 << 15
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// rawSink gathers native samples into little-endian band buffers.
type rawSink struct {
	dst  [][]byte
	es   int
	fill []byte // the nodata value's bytes for sparse chunks, nil for zeros
}

func (s *rawSink) put(buf []byte, chunk, win image.Rectangle, sample []int, im *Image) {
	r := chunk.Intersect(win)
	es, ww := s.es, win.Dx()
	little := im.f.LittleEndian() || im.compression == codec.JPEG || es == 1
	n := r.Dx()
	// Rows outer, bands inner: a pixel-interleaved row stays in the L1
	// cache while every band is taken from it.
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for i, smp := range sample {
			if smp < 0 {
				continue
			}
			d := s.dst[i][((y-win.Min.Y)*ww+r.Min.X-win.Min.X)*es:][:n*es]
			if buf == nil {
				fillRow(d, s.fill, es)
				continue
			}
			gatherRow(d, buf, im, chunk, r, y, smp, little)
		}
	}
}

// gatherRow copies the samples of row y, columns r.Min.X..r.Max.X, of
// sample smp of a decoded chunk into d (little-endian), undoing predictor 2
// on the way when the file uses it.
func gatherRow(d, buf []byte, im *Image, chunk, r image.Rectangle, y, smp int, little bool) {
	cs, es, n := im.chunkSamples(), im.dataType.Size(), r.Dx()
	if im.predictor == 2 {
		src := buf[((y-chunk.Min.Y)*im.blockW*cs+smp)*es:]
		gatherPred2(d, src, r.Min.X-chunk.Min.X, n, cs, es, little)
		return
	}
	src := buf[(((y-chunk.Min.Y)*im.blockW+r.Min.X-chunk.Min.X)*cs+smp)*es:]
	gather(d, src, n, cs, es, little)
}

// hostLittleEndian reports whether this machine stores integers
// little-endian, so that little-endian sample bytes can be viewed as
// integers directly.
var hostLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// gatherPred2 undoes TIFF horizontal differencing (predictor 2, TIFF 6.0
// section 14) while gathering: src starts at the first sample of a chunk
// row, every stride-th sample (of es bytes, in file byte order) is the
// difference from the previous one, and the running sums of samples
// skip..skip+n-1 are written to d as little-endian values. Sums wrap in the
// sample's width, as the specification requires.
func gatherPred2(d, src []byte, skip, n, stride, es int, little bool) {
	total := skip + n
	step := stride * es
	switch {
	case es == 1:
		var acc byte
		src = src[:(total-1)*step+1]
		for i := range skip {
			acc += src[i*step]
		}
		d = d[:n]
		for i := range n {
			acc += src[(skip+i)*step]
			d[i] = acc
		}
	case es == 2:
		rd := binary.ByteOrder(binary.BigEndian)
		if little {
			rd = binary.LittleEndian
		}
		var acc uint16
		src = src[:(total-1)*step+2]
		if little && hostLittleEndian {
			// Aligned uint16 views (chunk buffers come from make and
			// sample offsets are even): one load, add and store a sample.
			s16 := unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(src))), (total-1)*stride+1)
			d16 := unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(d))), n)
			j := 0
			for range skip {
				acc += s16[j]
				j += stride
			}
			for i := range d16 {
				acc += s16[j]
				d16[i] = acc
				j += stride
			}
			return
		}
		if little {
			for i := range skip {
				acc += binary.LittleEndian.Uint16(src[i*step:])
			}
			d = d[:2*n]
			for i := range n {
				acc += binary.LittleEndian.Uint16(src[(skip+i)*step:])
				binary.LittleEndian.PutUint16(d[2*i:], acc)
			}
			return
		}
		for i := range skip {
			acc += rd.Uint16(src[i*step:])
		}
		for i := range n {
			acc += rd.Uint16(src[(skip+i)*step:])
			binary.LittleEndian.PutUint16(d[2*i:], acc)
		}
	case es == 4:
		rd := binary.ByteOrder(binary.BigEndian)
		if little {
			rd = binary.LittleEndian
		}
		var acc uint32
		for i := range skip {
			acc += rd.Uint32(src[i*step:])
		}
		for i := range n {
			acc += rd.Uint32(src[(skip+i)*step:])
			binary.LittleEndian.PutUint32(d[4*i:], acc)
		}
	default:
		rd := binary.ByteOrder(binary.BigEndian)
		if little {
			rd = binary.LittleEndian
		}
		var acc uint64
		for i := range skip {
			acc += rd.Uint64(src[i*step:])
		}
		for i := range n {
			acc += rd.Uint64(src[(skip+i)*step:])
			binary.LittleEndian.PutUint64(d[8*i:], acc)
		}
	}
}

// directSink is a sink that can sometimes read a chunk's bytes from the
// file straight into its output, skipping the intermediate buffer.
type directSink interface {
	direct(im *Image, j job, win image.Rectangle) (bool, error)
}

// direct reads uncompressed little-endian strips of one sample per pixel
// straight into the output when the window spans the full width: the rows
// are then contiguous both in the file and in the output, and the read costs
// one copy, as a memory copy would.
func (s *rawSink) direct(im *Image, j job, win image.Rectangle) (bool, error) {
	if im.compression != codec.None || im.tiled || im.chunkSamples() != 1 || win.Min.X != 0 || win.Max.X != im.width ||
		!(im.f.LittleEndian() || s.es == 1) {
		return false, nil
	}
	i := -1
	for k, smp := range j.sample {
		if smp >= 0 {
			i = k
		}
	}
	off, n := im.offsets[j.index], im.counts[j.index]
	rowBytes := int64(im.width * s.es)
	if i < 0 || n == 0 || int64(n) < int64(j.rect.Dy())*rowBytes {
		return false, nil // sparse or short strips take the checked path
	}
	r := j.rect.Intersect(win)
	start := int64(off) + int64(r.Min.Y-j.rect.Min.Y)*rowBytes
	d := s.dst[i][int64(r.Min.Y-win.Min.Y)*rowBytes:][:int64(r.Dy())*rowBytes]
	if err := im.f.tr.readAt(d, start, "strip"); err != nil {
		return false, fmt.Errorf("%v: %s at offset %d: %w", im, im.chunkName(j.index), off, err)
	}
	return true, nil
}

func fillRow(d, v []byte, es int) {
	if v == nil {
		clear(d)
		return
	}
	for i := 0; i < len(d); i += es {
		copy(d[i:i+es], v)
	}
}

// gather copies n samples of es bytes, every stride-th sample of src, into
// d in little-endian order.
func gather(d, src []byte, n, stride, es int, little bool) {
	if stride == 1 && little {
		copy(d, src[:n*es])
		return
	}
	step := stride * es
	switch {
	case es == 1:
		for i := range n {
			d[i] = src[i*step]
		}
	case es == 2 && little:
		d = d[:2*n]
		for i := range n {
			o := i * step
			binary.LittleEndian.PutUint16(d[2*i:], binary.LittleEndian.Uint16(src[o:o+2]))
		}
	case es == 4 && little:
		d = d[:4*n]
		for i := range n {
			o := i * step
			binary.LittleEndian.PutUint32(d[4*i:], binary.LittleEndian.Uint32(src[o:o+4]))
		}
	case es == 2:
		for i := range n {
			o := i * step
			d[2*i], d[2*i+1] = src[o+1], src[o]
		}
	case little:
		for i := range n {
			copy(d[i*es:(i+1)*es], src[i*step:])
		}
	default:
		for i := range n {
			o := i * step
			for k := range es {
				d[i*es+k] = src[o+es-1-k]
			}
		}
	}
}

// floatConv turns little-endian native samples into analysis values.
type floatConv struct {
	dt            DataType
	hasNodata     bool
	nodata        float64
	scale, offset float64
}

func (im *Image) floatConv(b int) floatConv {
	nd, ok := im.f.Nodata()
	return floatConv{dt: im.dataType, hasNodata: ok && !math.IsNaN(nd), nodata: nd, scale: im.f.Scale(b), offset: im.f.Offset(b)}
}

// floatSink converts chunks straight into float32 bands.
type floatSink struct {
	dst  [][]float32
	conv []floatConv
	pool sync.Pool
}

func (s *floatSink) put(buf []byte, chunk, win image.Rectangle, sample []int, im *Image) {
	r := chunk.Intersect(win)
	cs, es, ww, n := im.chunkSamples(), im.dataType.Size(), win.Dx(), r.Dx()
	little := im.f.LittleEndian() || im.compression == codec.JPEG || es == 1
	sp, _ := s.pool.Get().(*[]byte)
	if sp == nil {
		sp = new([]byte)
	}
	*sp = grow(*sp, n*es)
	tmp := *sp
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for i, smp := range sample {
			if smp < 0 {
				continue
			}
			d := s.dst[i][(y-win.Min.Y)*ww+r.Min.X-win.Min.X:][:n]
			if buf == nil {
				nan := float32(math.NaN())
				for k := range d {
					d[k] = nan
				}
				continue
			}
			if cs == 1 && little && im.predictor != 2 {
				src := buf[(((y-chunk.Min.Y)*im.blockW+r.Min.X-chunk.Min.X)*cs+smp)*es:]
				s.conv[i].row(d, src[:n*es])
			} else {
				gatherRow(tmp, buf, im, chunk, r, y, smp, little)
				s.conv[i].row(d, tmp)
			}
		}
	}
	s.pool.Put(sp)
}

// row converts one row of little-endian samples.
func (c *floatConv) row(d []float32, src []byte) {
	nan := float32(math.NaN())
	nd := c.nodata
	plain := c.scale == 1 && c.offset == 0
	apply := func(k int, v float64) {
		if plain {
			d[k] = float32(v)
		} else {
			d[k] = float32(v*c.scale + c.offset)
		}
	}
	switch c.dt {
	case Byte:
		for k := range d {
			v := float64(src[k])
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case Int8:
		for k := range d {
			v := float64(int8(src[k]))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case UInt16:
		if plain {
			ndv, exact := int64(nd), c.hasNodata && nd == math.Trunc(nd) && nd >= 0 && nd <= math.MaxUint16
			for k := range d {
				v := binary.LittleEndian.Uint16(src[2*k:])
				if exact && int64(v) == ndv {
					d[k] = nan
				} else {
					d[k] = float32(v)
				}
			}
			return
		}
		for k := range d {
			v := float64(binary.LittleEndian.Uint16(src[2*k:]))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case Int16:
		for k := range d {
			v := float64(int16(binary.LittleEndian.Uint16(src[2*k:])))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case UInt32:
		for k := range d {
			v := float64(binary.LittleEndian.Uint32(src[4*k:]))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case Int32:
		for k := range d {
			v := float64(int32(binary.LittleEndian.Uint32(src[4*k:])))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	case Float32:
		ndf := float32(nd)
		for k := range d {
			v := math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:]))
			if c.hasNodata && v == ndf {
				d[k] = nan
			} else if plain {
				d[k] = v
			} else {
				apply(k, float64(v))
			}
		}
	case Float64:
		for k := range d {
			v := math.Float64frombits(binary.LittleEndian.Uint64(src[8*k:]))
			if c.hasNodata && v == nd {
				d[k] = nan
			} else {
				apply(k, v)
			}
		}
	}
}

// encodeNative returns v as a little-endian sample of type dt, or nil when
// v is not representable (then sparse chunks read as zeros).
func encodeNative(dt DataType, v float64) []byte {
	b := make([]byte, dt.Size())
	fits := func(lo, hi float64) bool { return v == math.Trunc(v) && v >= lo && v <= hi }
	switch dt {
	case Byte:
		if !fits(0, math.MaxUint8) {
			return nil
		}
		b[0] = uint8(v)
	case Int8:
		if !fits(math.MinInt8, math.MaxInt8) {
			return nil
		}
		b[0] = uint8(int8(v))
	case UInt16:
		if !fits(0, math.MaxUint16) {
			return nil
		}
		binary.LittleEndian.PutUint16(b, uint16(v))
	case Int16:
		if !fits(math.MinInt16, math.MaxInt16) {
			return nil
		}
		binary.LittleEndian.PutUint16(b, uint16(int16(v)))
	case UInt32:
		if !fits(0, math.MaxUint32) {
			return nil
		}
		binary.LittleEndian.PutUint32(b, uint32(v))
	case Int32:
		if !fits(math.MinInt32, math.MaxInt32) {
			return nil
		}
		binary.LittleEndian.PutUint32(b, uint32(int32(v)))
	case Float32:
		binary.LittleEndian.PutUint32(b, math.Float32bits(float32(v)))
	case Float64:
		binary.LittleEndian.PutUint64(b, math.Float64bits(v))
	}
	return b
}
