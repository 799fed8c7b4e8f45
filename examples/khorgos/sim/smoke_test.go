package sim

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/borderzone/borderzone/indices/sensor"
)

func TestSmoke(t *testing.T) {
	if os.Getenv("SIM_SMOKE") == "" {
		t.Skip()
	}
	dir := t.TempDir()
	t0 := time.Now()
	tr, err := Generate(context.Background(), dir, Options{Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("generate", time.Since(t0))
	fmt.Println(tr.Grid, tr.Expansion)
	for _, s := range tr.Scenes {
		p, err := sensor.Open(s.Dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(p.Name, p.Platform, p.Level, p.Letters())
		p.Close()
		var cnt [2][8]int
		w := newWorldDist(tr)
		_ = w
		for i, c := range s.Cover.Data {
			cnt[0][c]++
			_ = i
		}
		fmt.Println(s.Year, cnt[0], len(s.Training.Zones))
		nc := 0
		for _, c := range s.Cloud.Data {
			if c != 0 {
				nc++
			}
		}
		fmt.Println("cloud+shadow frac", float64(nc)/float64(len(s.Cloud.Data)))
	}
	os.CopyFS("/tmp/simout", os.DirFS(dir))
}

func newWorldDist(*Truth) int { return 0 }
