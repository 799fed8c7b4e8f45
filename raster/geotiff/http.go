package geotiff

import (
	"cmp"
	"container/list"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// HTTPOptions configures [OpenURL]. The zero value gives the defaults
// documented on each field.
type HTTPOptions struct {
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Header holds extra request headers sent with every request (for
	// example Authorization).
	Header http.Header
	// CacheBytes bounds the block cache, in bytes; least recently used
	// blocks are dropped first. 0 means 64 MiB.
	CacheBytes int64
	// BlockSize is the unit of the cache, in bytes: every request starts
	// and ends on a multiple of it (or at the end of the file). 0 means
	// 16 KiB.
	BlockSize int
	// HeaderBytes is the size of the speculative first request that reads
	// the TIFF header and, for a COG, all its IFDs. When the IFDs reach
	// further, each further request during opening doubles. 0 means 64 KiB.
	HeaderBytes int
	// MaxGap is the largest run of unneeded bytes between two needed ranges
	// that [Image.AdviseRead] still fetches in the same request rather than
	// in two. 0 means 64 KiB; negative means only touching ranges merge.
	MaxGap int64
	// MaxRetries is how many times a request is retried after a 5xx or 429
	// status, a connection reset or a truncated response. 0 means 4;
	// negative means no retries. A Retry-After header (in seconds)
	// lengthens the wait before the next retry.
	MaxRetries int
	// RetryBackoff is the wait before the first retry; it doubles at each
	// further retry. 0 means 200 ms.
	RetryBackoff time.Duration
	// MaxRetryTime bounds the time spent on one request, retries and waits
	// included: no retry starts after it. 0 means 30 s.
	MaxRetryTime time.Duration
	// StallTimeout abandons a request attempt when no byte has arrived for
	// that long (waiting for the response included); the attempt then
	// counts as a failure to retry. 0 means 30 s.
	StallTimeout time.Duration
	// MaxParallel bounds the concurrent requests of one [Image.AdviseRead].
	// 0 means 8.
	MaxParallel int
}

func (o HTTPOptions) withDefaults() HTTPOptions {
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = 64 << 20
	}
	if o.BlockSize <= 0 {
		o.BlockSize = 16 << 10
	}
	if o.HeaderBytes <= 0 {
		o.HeaderBytes = 64 << 10
	}
	if o.MaxGap == 0 {
		o.MaxGap = 64 << 10
	} else if o.MaxGap < 0 {
		o.MaxGap = 0
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 4
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 200 * time.Millisecond
	}
	if o.MaxRetryTime <= 0 {
		o.MaxRetryTime = 30 * time.Second
	}
	if o.StallTimeout <= 0 {
		o.StallTimeout = 30 * time.Second
	}
	if o.MaxParallel <= 0 {
		o.MaxParallel = 8
	}
	return o
}

// ErrNoRangeSupport is returned (wrapped, with the URL) by [OpenURL] when
// the server answers a range request with the whole file (status 200) or
// otherwise without a 206 Partial Content response.
var ErrNoRangeSupport = errors.New("server does not support HTTP range requests")

// IsURL reports whether name is an http:// or https:// URL, which [OpenURL]
// reads.
func IsURL(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// OpenURL opens the GeoTIFF or Cloud-Optimized GeoTIFF at an http:// or
// https:// URL with HTTP range requests. The header and the IFDs are read
// with one speculative request of opts.HeaderBytes (a COG keeps all its
// IFDs at the start of the file), more only when they reach further. Pixel
// data is fetched on demand through a bounded LRU block cache; call
// [Image.AdviseRead] before a read to fetch all the strips or tiles of a
// window at once, adjacent ones merged into one request. Requests are
// retried with exponential backoff after 5xx statuses, connection resets
// and truncated responses. ctx governs the opening requests only; Close
// cancels any request still in flight. A server that ignores the Range
// header gives an error wrapping [ErrNoRangeSupport] that names the URL.
func OpenURL(ctx context.Context, url string, opts HTTPOptions) (*File, error) {
	r, err := newHTTPReader(ctx, url, opts.withDefaults())
	if err != nil {
		return nil, err
	}
	r.openCtx = ctx // the IFD reads follow ctx too
	f, err := NewReader(r, r.size, url)
	r.openCtx = nil
	r.mu.Lock()
	r.readahead = 0
	r.mu.Unlock()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	f.closer = r
	return f, nil
}

// maxReadahead bounds the read-ahead of a miss while opening.
const maxReadahead = 16 << 20

// httpReader is an io.ReaderAt over HTTP range requests with a block cache.
// Concurrent reads of the same block share one request.
type httpReader struct {
	url   string
	opts  HTTPOptions
	bs    int64 // block size
	size  int64
	etag  string
	life  context.Context // cancelled by Close
	close context.CancelFunc
	// openCtx is OpenURL's context while the header is parsed (by one
	// goroutine), nil afterwards.
	openCtx context.Context

	mu        sync.Mutex
	lru       *list.List // of *cacheBlock, most recent first
	blocks    map[int64]*list.Element
	inflight  map[int64]*fetch // block index -> the fetch that will fill it
	maxBlocks int
	readahead int64 // bytes a miss fetches at least while opening; doubles
	// pending holds the merged block spans of the last AdviseRead that did
	// not fit in its budget: a miss inside one fetches up to a budget of
	// it at once instead of just the blocks asked for.
	pending []span
}

type cacheBlock struct {
	idx  int64
	data []byte
}

// span is the blocks [b0, b1).
type span struct{ b0, b1 int64 }

// budget is the number of blocks one prefetch may bring in: half the cache,
// so that what it fetches survives until the read decodes it.
func (r *httpReader) budget() int64 { return int64(max(1, r.maxBlocks/2)) }

// fetch is one request for blocks [b0, b1); data holds their bytes once
// done is closed, unless err is set.
type fetch struct {
	b0, b1 int64
	done   chan struct{}
	data   []byte
	err    error
}

func newHTTPReader(ctx context.Context, url string, opts HTTPOptions) (*httpReader, error) {
	if !IsURL(url) {
		return nil, fmt.Errorf("%s: not an http:// or https:// URL", url)
	}
	life, cancel := context.WithCancel(context.Background())
	r := &httpReader{url: url, opts: opts, bs: int64(opts.BlockSize), life: life, close: cancel,
		lru: list.New(), blocks: map[int64]*list.Element{}, inflight: map[int64]*fetch{}}
	r.maxBlocks = max(1, int(opts.CacheBytes/r.bs))
	hb := (int64(opts.HeaderBytes) + r.bs - 1) / r.bs * r.bs
	data, size, err := r.get(ctx, 0, hb, true)
	if err != nil {
		cancel()
		return nil, err
	}
	r.size = size
	r.mu.Lock()
	r.store(0, data)
	r.readahead = 2 * hb
	r.mu.Unlock()
	return r, nil
}

// Close cancels the requests in flight and empties the cache.
func (r *httpReader) Close() error {
	r.close()
	r.mu.Lock()
	r.lru.Init()
	clear(r.blocks)
	r.mu.Unlock()
	return nil
}

// ReadAt implements io.ReaderAt. It is safe for concurrent use.
func (r *httpReader) ReadAt(p []byte, off int64) (int, error) {
	if r.openCtx != nil {
		return r.readAt(r.openCtx, p, off)
	}
	return r.readAt(r.life, p, off)
}

func (r *httpReader) readAt(ctx context.Context, p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("%s: negative offset %d", r.url, off)
	}
	if off >= r.size {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), r.size-off))
	end := off + int64(n)
	for n > 0 {
		waits, own := r.plan(off, end, p[:n])
		for _, f := range own {
			r.run(ctx, f)
		}
		retry := false
		for _, f := range waits {
			select {
			case <-f.done:
			case <-ctx.Done():
				return 0, r.canceled(ctx)
			}
			if f.err != nil {
				if isContextErr(f.err) && ctx.Err() == nil {
					retry = true // another reader gave up; fetch again
					continue
				}
				return 0, f.err
			}
			copyRange(p[:n], off, f.data, f.b0*r.bs)
		}
		if !retry {
			break
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// plan copies the cached blocks of [off, end) into p and returns the
// fetches to wait for; own are the new ones this caller must run.
func (r *httpReader) plan(off, end int64, p []byte) (waits, own []*fetch) {
	b0, b1 := off/r.bs, (end-1)/r.bs+1
	r.mu.Lock()
	defer r.mu.Unlock()
	var cur *fetch
	for b := b0; b < b1; b++ {
		if e, ok := r.blocks[b]; ok {
			r.lru.MoveToFront(e)
			copyRange(p, off, e.Value.(*cacheBlock).data, b*r.bs)
			cur = nil
			continue
		}
		if f, ok := r.inflight[b]; ok {
			if !slices.Contains(waits, f) {
				waits = append(waits, f)
			}
			cur = nil
			continue
		}
		if cur == nil {
			cur = &fetch{b0: b, b1: b, done: make(chan struct{})}
			own = append(own, cur)
			waits = append(waits, cur)
		}
		cur.b1 = b + 1
		r.inflight[b] = cur
	}
	// A miss inside the unfetched part of an advised window fetches ahead
	// through that part.
	for _, f := range own {
		for i := range r.pending {
			p := &r.pending[i]
			if f.b0 < p.b0 || f.b0 >= p.b1 {
				continue
			}
			limit := min(p.b1, f.b0+r.budget())
			for b := f.b1; b < limit; b++ {
				if _, ok := r.blocks[b]; ok {
					break
				}
				if _, ok := r.inflight[b]; ok {
					break
				}
				r.inflight[b] = f
				f.b1 = b + 1
			}
			if f.b1 >= p.b1 {
				p.b1 = f.b0 // what is left of the span lies before the fetch
			}
			break
		}
	}
	// While opening, a miss reads ahead (the IFDs of a file that is not a
	// COG can be scattered, and more bytes per request saves round trips).
	if r.readahead > 0 && len(own) > 0 {
		last := own[len(own)-1]
		limit := min((last.b0*r.bs+r.readahead+r.bs-1)/r.bs, (r.size+r.bs-1)/r.bs)
		for b := last.b1; b < limit; b++ {
			if _, ok := r.blocks[b]; ok {
				break
			}
			if _, ok := r.inflight[b]; ok {
				break
			}
			r.inflight[b] = last
			last.b1 = b + 1
		}
		r.readahead = min(2*r.readahead, maxReadahead)
	}
	return waits, own
}

// run performs fetch f and publishes its result.
func (r *httpReader) run(ctx context.Context, f *fetch) {
	start, end := f.b0*r.bs, min(f.b1*r.bs, r.size)
	data, _, err := r.get(ctx, start, end, false)
	r.mu.Lock()
	for b := f.b0; b < f.b1; b++ {
		if r.inflight[b] == f {
			delete(r.inflight, b)
		}
	}
	if err == nil {
		r.store(f.b0, data)
	}
	r.mu.Unlock()
	f.data, f.err = data, err
	close(f.done)
}

// store puts the blocks of data, which starts at block b0, in the cache.
// The caller holds r.mu.
func (r *httpReader) store(b0 int64, data []byte) {
	for i := int64(0); i*r.bs < int64(len(data)); i++ {
		b := b0 + i
		blk := slices.Clone(data[i*r.bs : min((i+1)*r.bs, int64(len(data)))])
		if e, ok := r.blocks[b]; ok {
			e.Value.(*cacheBlock).data = blk
			r.lru.MoveToFront(e)
			continue
		}
		r.blocks[b] = r.lru.PushFront(&cacheBlock{idx: b, data: blk})
		for r.lru.Len() > r.maxBlocks {
			old := r.lru.Remove(r.lru.Back()).(*cacheBlock)
			delete(r.blocks, old.idx)
		}
	}
}

// copyRange copies the overlap of src (holding the file bytes from srcOff)
// into dst (file bytes from dstOff).
func copyRange(dst []byte, dstOff int64, src []byte, srcOff int64) {
	lo := max(dstOff, srcOff)
	hi := min(dstOff+int64(len(dst)), srcOff+int64(len(src)))
	if lo < hi {
		copy(dst[lo-dstOff:hi-dstOff], src[lo-srcOff:hi-srcOff])
	}
}

// prefetch fetches the byte ranges [off, off+n) into the cache: ranges
// closer than MaxGap merge into one request, blocks already cached or in
// flight are not requested again, and at most half the cache is filled:
// the rest is left in r.pending for the read's misses to fetch.
func (r *httpReader) prefetch(ctx context.Context, ranges [][2]int64) error {
	var spans []span
	for _, rg := range ranges {
		off, n := rg[0], rg[1]
		if n <= 0 || off < 0 || off >= r.size {
			continue
		}
		end := min(off+n, r.size)
		spans = append(spans, span{off / r.bs, (end-1)/r.bs + 1})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.b0, b.b0) })
	gap := r.opts.MaxGap / r.bs
	var merged []span
	for _, s := range spans {
		if k := len(merged) - 1; k >= 0 && s.b0 <= merged[k].b1+gap {
			merged[k].b1 = max(merged[k].b1, s.b1)
			continue
		}
		merged = append(merged, s)
	}
	budget := r.budget()
	var own, waits []*fetch
	r.mu.Lock()
	r.pending = r.pending[:0]
	for _, s := range merged {
		var cur *fetch
		if budget == 0 {
			r.pending = append(r.pending, s)
			continue
		}
		for b := s.b0; b < s.b1; b++ {
			if budget == 0 {
				// The rest is fetched when a read first misses in it.
				r.pending = append(r.pending, span{b, s.b1})
				break
			}
			if e, ok := r.blocks[b]; ok {
				r.lru.MoveToFront(e) // keep it until the read comes
				budget--
				cur = nil
				continue
			}
			if f, ok := r.inflight[b]; ok {
				if !slices.Contains(waits, f) {
					waits = append(waits, f)
				}
				cur = nil
				continue
			}
			if cur == nil {
				cur = &fetch{b0: b, b1: b, done: make(chan struct{})}
				own = append(own, cur)
			}
			cur.b1 = b + 1
			r.inflight[b] = cur
			budget--
		}
	}
	r.mu.Unlock()
	sem := make(chan struct{}, r.opts.MaxParallel)
	var wg sync.WaitGroup
	for _, f := range own {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			r.run(ctx, f)
			<-sem
		}()
	}
	wg.Wait()
	for _, f := range own {
		if f.err != nil {
			return f.err
		}
	}
	for _, f := range waits {
		select {
		case <-f.done:
		case <-ctx.Done():
			return r.canceled(ctx)
		}
	}
	return nil
}

// canceled describes why ctx, derived from the caller's context and the
// file's lifetime, is done.
func (r *httpReader) canceled(ctx context.Context) error {
	if r.life.Err() != nil {
		return fmt.Errorf("%s: file closed: %w", r.url, context.Canceled)
	}
	return fmt.Errorf("%s: %w", r.url, ctx.Err())
}

// AdviseRead tells the file that window win of bands (0-based; nil means
// all) is about to be read, as GDAL's AdviseRead does. For a file opened
// with [OpenURL] it fetches every strip or tile the window needs into the
// cache now, with ctx, merging adjacent ones into one request and running
// up to HTTPOptions.MaxParallel requests at once: after it, a read of the
// window needs no further request as long as half the cache holds the
// window's compressed bytes. Of a larger window it fetches what fills half
// the cache; the read then fetches the rest in merged runs of up to half
// the cache as it reaches them. For other files it only checks its
// arguments.
func (im *Image) AdviseRead(ctx context.Context, bands []int, win image.Rectangle) error {
	bands, err := im.checkRequest(bands, win, im.dataType.Size())
	if err != nil {
		return err
	}
	return im.prefetchWindow(ctx, bands, win)
}

// prefetchWindow is AdviseRead without the argument checks, for a read that
// has already checked them: a read of a file opened with [OpenURL] calls it
// first, so its requests merge and follow the read's context.
func (im *Image) prefetchWindow(ctx context.Context, bands []int, win image.Rectangle) error {
	r, ok := im.f.tr.r.(*httpReader)
	if !ok {
		return nil
	}
	if err := r.prefetch(ctx, im.windowRanges(bands, win)); err != nil {
		return fmt.Errorf("%v: %w", im, err)
	}
	return nil
}

// windowRanges returns the byte ranges (offset, count) of the chunks a read
// of bands over win decodes, in the order read.go visits them.
func (im *Image) windowRanges(bands []int, win image.Rectangle) [][2]int64 {
	var out [][2]int64
	ty0, ty1 := win.Min.Y/im.blockH, (win.Max.Y-1)/im.blockH
	tx0, tx1 := win.Min.X/im.blockW, (win.Max.X-1)/im.blockW
	across, down := im.chunksAcross(), im.chunksDown()
	for p := range im.planes() {
		if im.planar == 2 && !slices.Contains(bands, p) {
			continue
		}
		for ty := ty0; ty <= ty1; ty++ {
			for tx := tx0; tx <= tx1; tx++ {
				i := p*across*down + ty*across + tx
				if i < len(im.offsets) && i < len(im.counts) && im.counts[i] > 0 && im.offsets[i] <= 1<<62 && im.counts[i] <= 1<<62 {
					out = append(out, [2]int64{int64(im.offsets[i]), int64(im.counts[i])})
				}
			}
		}
	}
	return out
}

// get fetches bytes [start, end) with retries. When open is set the file
// size is not known yet: end may lie past the end of the file, and the
// size comes from Content-Range. It returns the bytes and the file size.
func (r *httpReader) get(ctx context.Context, start, end int64, open bool) ([]byte, int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(r.life, cancel)
	defer stop()
	deadline := time.Now().Add(r.opts.MaxRetryTime)
	wait := r.opts.RetryBackoff
	for attempt := 0; ; attempt++ {
		data, size, retry, err := r.getOnce(ctx, start, end, open)
		if err == nil {
			return data, size, nil
		}
		if ctx.Err() != nil {
			return nil, 0, fmt.Errorf("bytes %d-%d: %w", start, end-1, r.canceled(ctx))
		}
		var se *statusError
		if errors.As(err, &se) && se.retryAfter > wait {
			wait = se.retryAfter // the server's Retry-After, still within MaxRetryTime
		}
		if !retry || attempt >= r.opts.MaxRetries || time.Now().Add(wait).After(deadline) {
			return nil, 0, fmt.Errorf("%s: bytes %d-%d: %w (%d attempts)", r.url, start, end-1, err, attempt+1)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, 0, fmt.Errorf("bytes %d-%d: %w", start, end-1, r.canceled(ctx))
		}
		wait *= 2
	}
}

// getOnce sends one range request. retry reports whether a failure is
// transient.
func (r *httpReader) getOnce(parent context.Context, start, end int64, open bool) (data []byte, size int64, retry bool, err error) {
	// The attempt is abandoned, and retried, when no byte arrives for
	// StallTimeout.
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	stall := time.AfterFunc(r.opts.StallTimeout, func() { cancel(errStalled) })
	defer stall.Stop()
	defer func() {
		if err != nil && parent.Err() == nil && errors.Is(context.Cause(ctx), errStalled) {
			data, size, retry = nil, 0, true
			err = fmt.Errorf("%w for %v: %w", errStalled, r.opts.StallTimeout, err)
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, 0, false, err
	}
	for k, v := range r.opts.Header {
		req.Header[k] = slices.Clone(v)
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", start, end-1))
	// A transparent gzip would make the byte ranges meaningless.
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := r.opts.Client.Do(req)
	if err != nil {
		return nil, 0, transient(err), err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent:
	case resp.StatusCode == http.StatusOK:
		ar := resp.Header.Get("Accept-Ranges")
		if ar == "" {
			ar = "absent"
		}
		return nil, 0, false, fmt.Errorf("%w: status %s for Range bytes=%d-%d (Accept-Ranges %s)", ErrNoRangeSupport, resp.Status, start, end-1, ar)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		se := &statusError{status: resp.Status}
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			se.retryAfter = time.Duration(min(secs, 3600)) * time.Second
		}
		return nil, 0, true, se
	default:
		return nil, 0, false, fmt.Errorf("status %s", resp.Status)
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && ce != "identity" {
		return nil, 0, false, fmt.Errorf("the server sent Content-Encoding %q for a range request", ce)
	}
	first, last, total, err := parseContentRange(resp.Header.Get("Content-Range"))
	if err != nil {
		return nil, 0, false, err
	}
	if !open && total != r.size {
		return nil, 0, false, fmt.Errorf("the file changed size from %d to %d bytes while it was read", r.size, total)
	}
	if etag := resp.Header.Get("ETag"); open {
		r.etag = etag
	} else if etag != "" && r.etag != "" && etag != r.etag {
		return nil, 0, false, fmt.Errorf("the file changed while it was read (ETag %s, was %s)", etag, r.etag)
	}
	want := min(end, total)
	if first != start || last+1 != want {
		return nil, 0, false, fmt.Errorf("asked for bytes %d-%d, the server sent Content-Range %q", start, want-1, resp.Header.Get("Content-Range"))
	}
	data = make([]byte, want-start)
	for k := 0; k < len(data); {
		stall.Reset(r.opts.StallTimeout)
		m, err := resp.Body.Read(data[k:min(len(data), k+256<<10)])
		k += m
		if err != nil && k < len(data) {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, true, fmt.Errorf("truncated response: %d of %d bytes: %w", k, len(data), err)
		}
	}
	return data, total, false, nil
}

// errStalled marks an attempt abandoned for lack of progress.
var errStalled = errors.New("no data received")

// statusError is a retryable HTTP status, with the server's Retry-After
// (delay in seconds form) when it sent one.
type statusError struct {
	status     string
	retryAfter time.Duration
}

// Error returns "status " and the HTTP status line.
func (e *statusError) Error() string { return "status " + e.status }

// parseContentRange parses "bytes first-last/total".
func parseContentRange(s string) (first, last, total int64, err error) {
	bad := func() (int64, int64, int64, error) {
		return 0, 0, 0, fmt.Errorf("%w: missing or unusable Content-Range %q in a 206 response", ErrNoRangeSupport, s)
	}
	rest, ok := strings.CutPrefix(s, "bytes ")
	if !ok {
		return bad()
	}
	rg, tot, ok := strings.Cut(rest, "/")
	if !ok {
		return bad()
	}
	a, b, ok := strings.Cut(rg, "-")
	if !ok {
		return bad()
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	total, err3 := strconv.ParseInt(tot, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || first < 0 || last < first || total <= last {
		return bad()
	}
	return first, last, total, nil
}

// transient reports whether a transport error is worth a retry: a reset or
// closed connection, or a timeout.
func transient(err error) bool {
	if isContextErr(err) {
		return false
	}
	var ne net.Error
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		(errors.As(err, &ne) && ne.Timeout())
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
