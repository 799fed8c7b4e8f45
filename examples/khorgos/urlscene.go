package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/borderzone/borderzone/raster/geotiff"
)

// maxMetadataBytes bounds a metadata file (MTL, STAC item) fetched whole.
const maxMetadataBytes = 4 << 20

// isURLScene reports whether a -scene value is a comma-separated list of
// http(s) URLs rather than a folder.
func isURLScene(s string) bool {
	first, _, _ := strings.Cut(s, ",")
	return geotiff.IsURL(strings.TrimSpace(first))
}

// fetchScene copies a scene given as URLs into dir, so indices/sensor opens
// it like a folder: each GeoTIFF (a Landsat band, QA_PIXEL, a Sentinel-2
// band) is read by HTTP range requests, only the window covering the -aoi
// box (the whole image without one), and written under its own file name
// with its sample type, nodata, scale and offset; metadata files (the MTL,
// a STAC item) are downloaded whole. File names are the URLs' last path
// elements, which is what indices/sensor recognises products by.
func fetchScene(ctx context.Context, spec string, aoi *[4]float64, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, raw := range strings.Split(spec, ",") {
		u := strings.TrimSpace(raw)
		if u == "" {
			continue
		}
		name, err := urlFileName(u)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, name)
		ext := strings.ToLower(filepath.Ext(name))
		if ext == ".tif" || ext == ".tiff" {
			err = fetchWindow(ctx, u, aoi, dst)
		} else {
			err = fetchWhole(ctx, u, dst)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
	}
	return nil
}

// urlFileName returns the last path element of an http(s) URL, refusing
// names that are not plain file names.
func urlFileName(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return "", fmt.Errorf("-scene: %q is not an http(s) URL", u)
	}
	name := path.Base(p.Path)
	if name == "" || name == "." || name == "/" || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("-scene: %q names no file", u)
	}
	return name, nil
}

// fetchWindow reads the window of a remote GeoTIFF that covers the box and
// writes it to dst with the same sample type, nodata, scale and offset.
func fetchWindow(ctx context.Context, u string, aoi *[4]float64, dst string) error {
	f, err := geotiff.OpenURL(ctx, u, geotiff.HTTPOptions{})
	if err != nil {
		return err
	}
	defer f.Close()
	g := f.RasterGrid()
	win := g.Rect()
	if aoi != nil {
		if win, err = aoiWindow(g, *aoi); err != nil {
			return err
		}
	}
	if win.Dx()*win.Dy() > maxSize*maxSize {
		return fmt.Errorf("the window is %d x %d pixels, more than %d x %d: give a smaller -aoi", win.Dx(), win.Dy(), maxSize, maxSize)
	}
	if f.NumBands() != 1 {
		return fmt.Errorf("%d bands: scene files have one band each", f.NumBands())
	}
	if err := f.AdviseRead(ctx, []int{0}, win); err != nil {
		return err
	}
	b, err := f.ReadWindow(ctx, 0, win)
	if err != nil {
		return err
	}
	opt := &geotiff.Options{Type: f.DataType(), Compression: geotiff.CompressionDeflate, TileWidth: 256, TileHeight: 256}
	if win.Dx() < 256 || win.Dy() < 256 {
		opt.TileWidth, opt.TileHeight = 0, 0
	}
	if nd, ok := f.Nodata(); ok {
		opt.Nodata, opt.HasNodata = nd, true
	}
	if f.HasScaleOffset(0) {
		opt.Scale, opt.Offset = []float64{f.Scale(0)}, []float64{f.Offset(0)}
	}
	return geotiff.WriteFile(dst, b, opt)
}

// fetchWhole downloads a small file.
func fetchWhole(ctx context.Context, u, dst string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBytes+1))
	if err != nil {
		return err
	}
	if len(data) > maxMetadataBytes {
		return fmt.Errorf("more than %d bytes: not a metadata file", maxMetadataBytes)
	}
	return os.WriteFile(dst, data, 0o644)
}
