package render

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
)

// WritePNG encodes m to w as PNG with image/png's default compression. An
// *image.NRGBA whose pixels are all opaque is written as 8-bit RGB, one
// with transparent pixels as 8-bit RGBA.
func WritePNG(w io.Writer, m image.Image) error {
	if err := png.Encode(w, m); err != nil {
		return fmt.Errorf("render: encoding PNG: %w", err)
	}
	return nil
}

// SavePNG writes m as a PNG file at path (see [WritePNG]).
func SavePNG(path string, m image.Image) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("render: %w", cerr)
		}
	}()
	if err := WritePNG(f, m); err != nil {
		return fmt.Errorf("%w (%s)", err, path)
	}
	return nil
}
