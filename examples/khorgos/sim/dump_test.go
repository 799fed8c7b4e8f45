package sim

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/borderzone/borderzone/raster/geotiff"
)

func TestDump(t *testing.T) {
	if os.Getenv("SIM_DUMP") == "" {
		t.Skip()
	}
	os.RemoveAll("/tmp/simout")
	tr, err := Generate(context.Background(), "/tmp/simout", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tr.Scenes {
		geotiff.WriteFile(fmt.Sprintf("/tmp/cover%d.tif", s.Year), s.Cover, nil)
		geotiff.WriteFile(fmt.Sprintf("/tmp/cloud%d.tif", s.Year), s.Cloud, nil)
	}
}
