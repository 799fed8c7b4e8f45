package geotiff_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// The HTTP tests serve files from memory with net/http's own range support
// (http.ServeContent) on an httptest server bound to 127.0.0.1, and compare
// what OpenURL reads with what Open reads from the local file.

const (
	httpCOG     = "testdata/http/rgb_byte_cog_deflate.tif"       // 3 bands, pixel interleaved, 256 x 256 tiles
	httpBandCOG = "testdata/corpus/l8_uint16_cog_zstd_pred2.tif" // 1 band, 128 x 128 tiles, 3 overviews
)

// httpServer serves one file's bytes. hook, when set, sees each request
// (n counts from 1) first and may answer it itself by returning true.
type httpServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	ranges   []string
}

func serveFile(t *testing.T, path string, hook func(n int64, w http.ResponseWriter, r *http.Request) bool) (*httpServer, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &httpServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.Add(1)
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		s.mu.Unlock()
		if hook != nil && hook(n, w, r) {
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	}))
	t.Cleanup(s.Close)
	return s, data
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (s *httpServer) url(name string) string { return s.URL + "/" + name }

func (s *httpServer) opts() geotiff.HTTPOptions {
	return geotiff.HTTPOptions{Client: s.Client(), RetryBackoff: time.Millisecond, MaxRetryTime: 10 * time.Second}
}

func openBoth(t *testing.T, path string, s *httpServer, opts geotiff.HTTPOptions) (local, remote *geotiff.File) {
	t.Helper()
	local, err := geotiff.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { local.Close() })
	remote, err = geotiff.OpenURL(context.Background(), s.url("x.tif"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { remote.Close() })
	return local, remote
}

// sameRaw reads win of all bands of image level of both files and fails
// unless the native bytes are identical.
func sameRaw(t *testing.T, local, remote *geotiff.File, level int, win image.Rectangle) {
	t.Helper()
	ctx := context.Background()
	li, err := local.Level(level)
	if err != nil {
		t.Fatal(err)
	}
	ri, err := remote.Level(level)
	if err != nil {
		t.Fatal(err)
	}
	want, err := li.ReadRawBands(ctx, nil, win)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ri.ReadRawBands(ctx, nil, win)
	if err != nil {
		t.Fatalf("level %d window %v: %v", level, win, err)
	}
	for b := range want {
		if !bytes.Equal(got[b].Data, want[b].Data) {
			t.Fatalf("level %d window %v band %d: bytes differ from the local file", level, win, b)
		}
	}
}

func TestOpenURLMatchesLocalFile(t *testing.T) {
	files := []string{
		httpCOG,
		httpBandCOG,
		"testdata/corpus/l8_uint16_3band_lzw_tiled256_bigtiff.tif",
		"testdata/corpus/l8_float32_deflate_pred3_bigendian.tif",
		"testdata/corpus/rgb_byte_none_band_nonodata.tif",
		"testdata/corpus/rgb_byte_jpeg_ycbcr_tiled256.tif",
		"testdata/corpus/l5_7band_byte_zstd_pred2_ovr.tif",
		"testdata/corpus/rgb_byte_1band_lzw.tif", // smaller than the first request
	}
	for _, path := range files {
		for _, cache := range []int64{0, 40 << 10} { // default, and smaller than most files
			t.Run(fmt.Sprintf("%s/cache%d", path[strings.LastIndex(path, "/")+1:], cache), func(t *testing.T) {
				s, _ := serveFile(t, path, nil)
				o := s.opts()
				o.CacheBytes = cache
				if cache > 0 {
					o.BlockSize = 4 << 10
				}
				local, remote := openBoth(t, path, s, o)
				if local.IFDCount() != remote.IFDCount() || len(local.Overviews()) != len(remote.Overviews()) ||
					local.RasterGrid().Transform != remote.RasterGrid().Transform || local.EPSG() != remote.EPSG() {
					t.Fatalf("header differs: %d IFDs %v vs %d IFDs %v", local.IFDCount(), local.RasterGrid(), remote.IFDCount(), remote.RasterGrid())
				}
				for level := 0; level <= len(local.Overviews()); level++ {
					im, _ := local.Level(level)
					g := im.RasterGrid()
					sameRaw(t, local, remote, level, image.Rect(0, 0, g.Width, g.Height))
					sameRaw(t, local, remote, level, image.Rect(g.Width/3, g.Height/4, g.Width/3+g.Width/2, g.Height/4+g.Height/2))
				}
				// Analysis values too, bit for bit (NaN included).
				ctx := context.Background()
				win := image.Rect(10, 20, local.RasterGrid().Width-5, local.RasterGrid().Height-7)
				a, err := local.ReadStack(ctx, nil, win)
				if err != nil {
					t.Fatal(err)
				}
				b, err := remote.ReadStack(ctx, nil, win)
				if err != nil {
					t.Fatal(err)
				}
				for i := range a.Bands {
					for k, v := range a.Bands[i].Data {
						if math.Float32bits(v) != math.Float32bits(b.Bands[i].Data[k]) {
							t.Fatalf("band %d sample %d: %v, local %v", i, k, b.Bands[i].Data[k], v)
						}
					}
				}
			})
		}
	}
}

// Many goroutines reading overlapping windows of one remote file at once
// share the cache and the requests in flight (run with -race).
func TestOpenURLConcurrentReads(t *testing.T) {
	s, _ := serveFile(t, httpCOG, nil)
	o := s.opts()
	o.BlockSize = 2 << 10
	o.CacheBytes = 96 << 10
	local, remote := openBoth(t, httpCOG, s, o)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			win := image.Rect(i*30, i*20, i*30+250, i*20+200)
			if i%2 == 0 {
				if err := remote.AdviseRead(context.Background(), nil, win); err != nil {
					t.Error(err)
					return
				}
			}
			sameRaw(t, local, remote, 0, win)
		}()
	}
	wg.Wait()
}

// The header of a COG costs one request; a 256 x 256 window of a
// pixel-interleaved COG then costs at most 2 (one per row of tiles, the
// tiles of a row being adjacent in the file), and at most 2 per band for a
// band-interleaved file.
func TestOpenURLRequestCounts(t *testing.T) {
	cogWins := []image.Rectangle{
		image.Rect(0, 0, 256, 256),
		image.Rect(100, 100, 356, 356),
		image.Rect(256, 120, 512, 376),
		image.Rect(3, 97, 259, 353),
		image.Rect(200, 10, 456, 266),
	}
	for _, tc := range []struct {
		path       string
		headerReqs int64
		maxReads   int64
		wins       []image.Rectangle
	}{
		{httpCOG, 1, 2, cogWins},
		{httpBandCOG, 1, 2, cogWins[:4]},
		{"testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif", 1, 2 * 7,
			[]image.Rectangle{image.Rect(0, 0, 256, 256), image.Rect(3, 37, 259, 293), image.Rect(31, 54, 287, 310)}},
	} {
		for _, win := range tc.wins {
			s, _ := serveFile(t, tc.path, nil)
			local, remote := openBoth(t, tc.path, s, s.opts())
			if n := s.requests.Load(); n != tc.headerReqs {
				t.Errorf("%s: opening took %d requests, want %d", tc.path, n, tc.headerReqs)
			}
			if err := remote.AdviseRead(context.Background(), nil, win); err != nil {
				t.Fatal(err)
			}
			sameRaw(t, local, remote, 0, win)
			n := s.requests.Load() - tc.headerReqs
			t.Logf("%s window %v: %d requests after the header (%q)", tc.path, win, n, s.ranges[tc.headerReqs:])
			if n > tc.maxReads {
				t.Errorf("%s window %v: %d requests after the header, want at most %d: %q", tc.path, win, n, tc.maxReads, s.ranges[1:])
			}
			// The same window again comes from the cache.
			sameRaw(t, local, remote, 0, win)
			if m := s.requests.Load() - tc.headerReqs; m != n {
				t.Errorf("%s window %v: reading it again took %d more requests", tc.path, win, m-n)
			}
		}
	}
	// With exact ranges (1-byte blocks) and a 16-byte MaxGap, GDAL's tile
	// leader and trailer (4 bytes each) between tiles still merge: the
	// tiles of one row, being adjacent in the file, cost one request.
	s, _ := serveFile(t, httpCOG, nil)
	o := s.opts()
	o.MaxGap = 16
	o.BlockSize = 1
	local, remote := openBoth(t, httpCOG, s, o)
	win := image.Rect(100, 100, 356, 356)
	if err := remote.AdviseRead(context.Background(), nil, win); err != nil {
		t.Fatal(err)
	}
	sameRaw(t, local, remote, 0, win)
	t.Logf("MaxGap 16, 1-byte blocks: %d requests after the header %q", s.requests.Load()-1, s.ranges[1:])
	if n := s.requests.Load() - 1; n > 2 {
		t.Errorf("MaxGap 16: %d requests after the header, want at most 2", n)
	}
}

// Open takes an http(s) URL, and a read then merges the requests for a
// window by itself, without AdviseRead. This needs Open to dispatch URLs to
// OpenURL and the reader to call prefetchWindow (the change proposed with
// http.go); until then the test is skipped.
func TestOpenTakesURL(t *testing.T) {
	s, _ := serveFile(t, httpCOG, nil)
	remote, err := geotiff.Open(s.url("x.tif"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("Open does not take URLs yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer remote.Close()
	local, err := geotiff.Open(httpCOG)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	for _, win := range []image.Rectangle{image.Rect(100, 100, 356, 356), image.Rect(0, 0, 512, 376)} {
		before := s.requests.Load()
		sameRaw(t, local, remote, 0, win)
		n := s.requests.Load() - before
		t.Logf("ReadRawBands %v over HTTP without AdviseRead: %d requests %q", win, n, s.ranges[before:])
		if n > 2 {
			t.Errorf("window %v: %d requests, want at most 2", win, n)
		}
	}

	// The read's context cancels its requests.
	arrived := make(chan struct{}, 16)
	s2, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if n == 1 {
			return false
		}
		arrived <- struct{}{}
		<-r.Context().Done()
		return true
	})
	f, err := geotiff.Open(s2.url("x.tif"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	if _, err := f.ReadWindow(ctx, 0, image.Rect(0, 0, 256, 256)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ReadWindow: %v", err)
	}
}

func TestOpenURLStalledServer(t *testing.T) {
	var stalls atomic.Int64
	s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if n == 1 || stalls.Load() >= 2 {
			return false
		}
		stalls.Add(1)
		if n == 2 { // headers sent, then silence
			w.Header().Set("Content-Range", "bytes 98304-262143/478575")
			w.WriteHeader(http.StatusPartialContent)
			w.Write([]byte{1, 2, 3})
			http.NewResponseController(w).Flush()
		}
		<-r.Context().Done()
		return true
	})
	o := s.opts()
	o.StallTimeout = 100 * time.Millisecond
	local, remote := openBoth(t, httpCOG, s, o)
	sameRaw(t, local, remote, 0, image.Rect(0, 0, 256, 256))
	if stalls.Load() != 2 {
		t.Errorf("%d stalls", stalls.Load())
	}
}

func TestOpenURLRetryAfter(t *testing.T) {
	for _, budget := range []time.Duration{10 * time.Second, 300 * time.Millisecond} {
		s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
			if n == 2 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return true
			}
			return false
		})
		o := s.opts()
		o.MaxRetryTime = budget
		local, remote := openBoth(t, httpCOG, s, o)
		start := time.Now()
		_, err := remote.ReadRaw(context.Background(), 0, image.Rect(0, 0, 10, 10))
		took := time.Since(start)
		if budget > time.Second {
			if err != nil || took < time.Second {
				t.Errorf("Retry-After 1 s within a %v budget: %v after %v", budget, err, took)
			}
			sameRaw(t, local, remote, 0, image.Rect(0, 0, 10, 10))
		} else if err == nil || !strings.Contains(err.Error(), "429") || took > time.Second {
			t.Errorf("Retry-After 1 s beyond a %v budget: %v after %v, want an immediate error", budget, err, took)
		}
	}
}

// A window larger than the cache is read correctly, in runs of up to half
// the cache rather than one request per tile.
func TestOpenURLWindowLargerThanCache(t *testing.T) {
	const path = "testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif" // 7 bands x 9 tiles, 330 KB
	for _, advise := range []bool{false, true} {
		s, _ := serveFile(t, path, nil)
		o := s.opts()
		o.CacheBytes, o.BlockSize = 64<<10, 4<<10
		local, remote := openBoth(t, path, s, o)
		win := image.Rect(0, 0, 287, 310)
		if advise {
			if err := remote.AdviseRead(context.Background(), nil, win); err != nil {
				t.Fatal(err)
			}
		}
		sameRaw(t, local, remote, 0, win)
		n := s.requests.Load() - 1
		t.Logf("whole file through a 64 KiB cache, AdviseRead %v: %d requests after the header %q", advise, n, s.ranges[1:])
		if advise && n > 11 {
			t.Errorf("with AdviseRead: %d requests, want at most 11 (266 KB after the header in 32 KiB runs)", n)
		}
	}
}

// IFDs larger than the speculative first request are read with requests
// that double in size.
func TestOpenURLLargeHeader(t *testing.T) {
	s, _ := serveFile(t, httpBandCOG, nil)
	o := s.opts()
	o.BlockSize, o.HeaderBytes = 256, 256
	local, remote := openBoth(t, httpBandCOG, s, o)
	n := s.requests.Load()
	t.Logf("header with a 256-byte first request: %d requests %q", n, s.ranges)
	if n > 6 {
		t.Errorf("opening took %d requests", n)
	}
	sameRaw(t, local, remote, 3, image.Rect(0, 0, 64, 48))
}

func TestOpenURLRetries5xx(t *testing.T) {
	for _, fails := range []int64{1, 3, 5} {
		var failed atomic.Int64
		s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
			if n > 1 && failed.Load() < fails { // the header succeeds; the first pixel request fails
				failed.Add(1)
				http.Error(w, "busy", []int{500, 502, 503, 504}[n%4])
				return true
			}
			return false
		})
		o := s.opts()
		o.MaxRetries = 4
		local, remote := openBoth(t, httpCOG, s, o)
		win := image.Rect(0, 0, 256, 256)
		if fails <= 4 {
			sameRaw(t, local, remote, 0, win)
			if got := s.requests.Load(); got != 2+fails {
				t.Errorf("%d failures: %d requests, want %d", fails, got, 2+fails)
			}
			continue
		}
		_, err := remote.ReadRaw(context.Background(), 0, win)
		if err == nil || !strings.Contains(err.Error(), s.url("x.tif")) || !strings.Contains(err.Error(), "50") {
			t.Errorf("%d failures: error %v, want one naming the URL and the status", fails, err)
		}
		if got := s.requests.Load(); got != 1+5 {
			t.Errorf("%d failures: %d requests, want 1 + 1 + 4 retries", fails, got)
		}
	}
}

// hijack takes the connection over and runs f on it.
func hijack(t *testing.T, w http.ResponseWriter, f func(c net.Conn, rw *bufio.ReadWriter)) {
	c, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	f(c, rw)
	c.Close()
}

func TestOpenURLConnectionReset(t *testing.T) {
	var resets atomic.Int64
	s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if n == 1 || resets.Load() >= 3 {
			return false
		}
		resets.Add(1)
		hijack(t, w, func(c net.Conn, _ *bufio.ReadWriter) {
			if tc, ok := c.(*net.TCPConn); ok && n%2 == 0 {
				tc.SetLinger(0) // close with RST: ECONNRESET on the client
			}
		})
		return true
	})
	local, remote := openBoth(t, httpCOG, s, s.opts())
	sameRaw(t, local, remote, 0, image.Rect(0, 0, 300, 300))
	if resets.Load() != 3 {
		t.Errorf("%d resets", resets.Load())
	}
}

func TestOpenURLTruncatedResponse(t *testing.T) {
	for _, always := range []bool{false, true} {
		var cuts atomic.Int64
		data := mustRead(t, httpCOG)
		s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
			if n == 1 || (!always && cuts.Load() >= 2) {
				return false
			}
			cuts.Add(1)
			var a, b int64
			fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-%d", &a, &b)
			b = min(b, int64(len(data))-1)
			hijack(t, w, func(c net.Conn, rw *bufio.ReadWriter) {
				fmt.Fprintf(rw, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %d-%d/%d\r\nContent-Length: %d\r\n\r\n", a, b, len(data), b-a+1)
				rw.Write(data[a : a+(b-a+1)/2])
				rw.Flush()
			})
			return true
		})
		local, remote := openBoth(t, httpCOG, s, s.opts())
		win := image.Rect(0, 0, 256, 256)
		if !always {
			sameRaw(t, local, remote, 0, win)
			continue
		}
		_, err := remote.ReadRaw(context.Background(), 0, win)
		if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), s.url("x.tif")) {
			t.Errorf("always truncated: error %v", err)
		}
	}
}

func TestOpenURLNoRangeSupport(t *testing.T) {
	data := mustRead(t, httpCOG)
	s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Length", fmt.Sprint(len(data))) // 200 with the whole file: Range ignored
		w.Write(data)
		return true
	})
	_, err := geotiff.OpenURL(context.Background(), s.url("x.tif"), s.opts())
	if !errors.Is(err, geotiff.ErrNoRangeSupport) || !strings.Contains(err.Error(), s.url("x.tif")) {
		t.Fatalf("error %v, want ErrNoRangeSupport naming the URL", err)
	}
	t.Log(err)
	if n := s.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1 (no retry)", n)
	}
}

func TestOpenURLCancel(t *testing.T) {
	arrived := make(chan struct{}, 16)
	s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.Header.Get("Range"), "bytes=0-") { // the first request of an open
			return false
		}
		arrived <- struct{}{}
		<-r.Context().Done() // hang until the client gives up
		return true
	})
	_, remote := openBoth(t, httpCOG, s, s.opts())
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	done := make(chan error, 1)
	go func() { done <- remote.AdviseRead(ctx, nil, image.Rect(0, 0, 256, 256)) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("AdviseRead: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("AdviseRead did not return after cancellation")
	}

	// A read in flight ends when the file is closed.
	go func() { _, err := remote.ReadRaw(context.Background(), 0, image.Rect(0, 0, 10, 10)); done <- err }()
	<-arrived
	remote.Close()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "closed") {
			t.Errorf("read after Close: %v, want a closed-file error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("read did not return after Close")
	}

	// OpenURL's context also ends the requests for IFDs beyond the first
	// request.
	o := s.opts()
	o.BlockSize, o.HeaderBytes = 256, 256
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel2()
	}()
	if _, err := geotiff.OpenURL(ctx2, s.url("x.tif"), o); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenURL cancelled while reading IFDs: %v", err)
	}

	// An already cancelled context sends nothing.
	before := s.requests.Load()
	_, err := geotiff.OpenURL(ctx, s.url("x.tif"), s.opts())
	if !errors.Is(err, context.Canceled) || s.requests.Load() != before {
		t.Errorf("OpenURL with a cancelled context: %v", err)
	}
}

func TestOpenURLErrors(t *testing.T) {
	s, _ := serveFile(t, httpCOG, func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "missing.tif") {
			http.NotFound(w, r)
			return true
		}
		if strings.HasSuffix(r.URL.Path, "gzip.tif") {
			w.Header().Set("Content-Encoding", "gzip")
		}
		return false
	})
	_, err := geotiff.OpenURL(context.Background(), s.url("missing.tif"), s.opts())
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), s.url("missing.tif")) {
		t.Errorf("missing file: %v", err)
	}
	_, err = geotiff.OpenURL(context.Background(), s.url("gzip.tif"), s.opts())
	if err == nil || !strings.Contains(err.Error(), "Content-Encoding") {
		t.Errorf("gzip-encoded range: %v", err)
	}
	if _, err := geotiff.OpenURL(context.Background(), "ftp://127.0.0.1/x.tif", s.opts()); err == nil {
		t.Error("ftp URL accepted")
	}
	if !geotiff.IsURL("HTTPS://example.org/a.tif") || geotiff.IsURL("/data/a.tif") {
		t.Error("IsURL")
	}
}

// Read a window of a Cloud-Optimized GeoTIFF over HTTP: here from a local
// test server, in practice from a cloud archive. The pixel value was
// checked with gdallocationinfo.
func ExampleOpenURL() {
	data, err := os.ReadFile("testdata/http/rgb_byte_cog_deflate.tif")
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "scene.tif", time.Time{}, bytes.NewReader(data))
	}))
	defer srv.Close()

	ctx := context.Background()
	f, err := geotiff.OpenURL(ctx, srv.URL+"/scene.tif", geotiff.HTTPOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	g := f.RasterGrid()
	fmt.Printf("%d x %d pixels, %d bands, %s, %s interleave, %d overview\n",
		g.Width, g.Height, f.NumBands(), f.DataType(), f.Interleave(), len(f.Overviews()))

	// Fetch the tiles of the window in as few requests as possible, then
	// decode them from the cache.
	win := image.Rect(100, 100, 356, 356)
	if err := f.AdviseRead(ctx, nil, win); err != nil {
		log.Fatal(err)
	}
	s, err := f.ReadStack(ctx, nil, win)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("pixel (100, 100): R %v G %v B %v\n", s.Bands[0].Data[0], s.Bands[1].Data[0], s.Bands[2].Data[0])
	// Output:
	// 512 x 376 pixels, 3 bands, Byte, PIXEL interleave, 1 overview
	// pixel (100, 100): R 33 G 111 B 142
}
