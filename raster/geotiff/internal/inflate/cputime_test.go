package inflate

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	kzlib "github.com/klauspost/compress/zlib"
)

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUThroughput reports output MB per CPU-second of the calling thread,
// which is steadier than wall-clock benchmarks on a shared machine. Set
// INFLATE_CPUTIME=1 to run it.
func TestCPUThroughput(t *testing.T) {
	if os.Getenv("INFLATE_CPUTIME") == "" {
		t.Skip("set INFLATE_CPUTIME=1")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, mk := range []func() (benchCase, error){landsatCase, scene7Case} {
		c, err := mk()
		if err != nil {
			t.Log(err)
			continue
		}
		dst := make([]byte, 0)
		for _, s := range c.sizes {
			dst = make([]byte, max(len(dst), s))
		}
		decoders := map[string]func(i int){
			"inflate": func(i int) {
				if _, err := DecompressZlib(dst[:c.sizes[i]], c.chunks[i]); err != nil {
					t.Fatal(err)
				}
			},
			"stdlib": func(i int) {
				zr, _ := zlib.NewReader(bytes.NewReader(c.chunks[i]))
				io.ReadFull(zr, dst[:c.sizes[i]])
			},
			"klauspost": func(i int) {
				zr, _ := kzlib.NewReader(bytes.NewReader(c.chunks[i]))
				io.ReadFull(zr, dst[:c.sizes[i]])
			},
		}
		for _, name := range []string{"inflate", "stdlib", "klauspost"} {
			f := decoders[name]
			best := 0.0
			for rep := 0; rep < 5; rep++ {
				t0 := threadCPU()
				iters := 0
				for threadCPU()-t0 < 300*time.Millisecond {
					for i := range c.chunks {
						f(i)
					}
					iters++
				}
				mbs := float64(c.total*iters) / 1e6 / (threadCPU() - t0).Seconds()
				best = max(best, mbs)
			}
			t.Logf("%-24s %-10s %7.1f MB/cpu-s", c.name, name, best)
		}
	}
}
