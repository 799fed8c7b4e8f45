package geotiff

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"runtime"
	"slices"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/raster/geotiff/internal/codec"
)

// maxStreamWindow bounds the analysis values WriteSource holds at once
// (bytes of float32 across all bands).
const maxStreamWindow = 256 << 20

// WriteSource writes the bands of src as a GeoTIFF to w, window by window:
// it reads rows of blocks (a tile row, or enough strips to keep every core
// busy) from every band, compresses their chunks in parallel and writes
// them, so that at most about 256 MiB of analysis values plus their
// compressed chunks are held at once, whatever the raster's size. Band
// descriptions are the names of the bands src returns.
//
// The IFD comes first: its space is reserved, and it is written at the end
// with a Seek back. The file starts at w's position when WriteSource is
// called. The choice of BigTIFF under [BigTIFFAuto] is made before any
// chunk is compressed, from a safe bound: BigTIFF when the uncompressed
// data, expanded by the codec's worst case, plus the header and IFD would
// pass 4 GiB. Options apply as for [Write], except that Overviews and COG
// are not supported (they need the whole raster). For pixel-interleaved
// files the bytes are those Write produces from the same data.
func WriteSource(ctx context.Context, w io.WriteSeeker, src raster.Source, opt *Options) error {
	if opt == nil {
		opt = &Options{}
	}
	if src == nil {
		return errors.New("geotiff: write: nil source")
	}
	if len(opt.Overviews) > 0 || opt.COG {
		return errors.New("geotiff: write: overviews and COG need the whole raster; use Write")
	}
	g := src.RasterGrid()
	if err := checkGrid(g, "source"); err != nil {
		return err
	}
	n := src.NumBands()
	if n < 1 {
		return fmt.Errorf("geotiff: write: source has %d bands", n)
	}
	p := &plan{opt: opt, grid: g, w: g.Width, h: g.Height, spp: n, names: make([]string, n)}
	if err := p.options(); err != nil {
		return err
	}
	start, err := w.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	// Block rows per batch: enough chunks for every core, within the
	// memory bound.
	perRow := p.across()
	if p.planar {
		perRow *= p.spp
	}
	rowBytes := int64(p.w) * int64(p.spp) * 4 * int64(p.bh)
	k := max(1, min((4*runtime.GOMAXPROCS(0)+perRow-1)/perRow, int(maxStreamWindow/rowBytes)))
	// A source that reports its block height (a GeoTIFF, an index computed
	// from GeoTIFFs) is read in windows of whole source block rows, so no
	// source block is decoded more than once when the output's blocks are
	// shorter than the source's (strips from 512-row tiles).
	if sb, ok := src.(interface{ BlockSize() (int, int) }); ok {
		if _, sbh := sb.BlockSize(); sbh > p.bh && sbh <= p.h {
			unit := sbh / gcd(p.bh, sbh) // output block rows per aligned unit
			if kk := (k + unit - 1) / unit * unit; int64(kk)*rowBytes <= maxStreamWindow {
				k = kk
			}
		}
	}
	total := p.numChunks()
	offs, counts := make([]uint64, total), make([]uint64, total)

	// Decide BigTIFF from the worst case.
	big := opt.BigTIFF == BigTIFFAlways
	if opt.BigTIFF == BigTIFFAuto {
		raw := int64(p.bw) * int64(p.bh) * int64(p.chunkSamples()*p.dt.Size())
		est := int64(total)*codec.MaxEncodedSize(p.comp, raw) + 1<<20 + int64(total)*16
		big = est > maxClassicSize
	}
	var tags []tagEntry
	var ifdLen, pos int64
	for r0 := 0; r0 < p.down(); r0 += k {
		r1 := min(r0+k, p.down())
		y0, y1 := r0*p.bh, min(r1*p.bh, p.h)
		win := image.Rect(0, y0, p.w, y1)
		p.bands, p.rowBase = make([][]float32, n), y0
		for b := range n {
			band, err := src.ReadWindow(ctx, b, win)
			if err != nil {
				return fmt.Errorf("geotiff: write: band %d window %v: %w", b+1, win, err)
			}
			if band == nil || len(band.Data) != win.Dx()*win.Dy() {
				return fmt.Errorf("geotiff: write: band %d window %v: source returned a wrong-sized band", b+1, win)
			}
			p.bands[b] = band.Data
			if r0 == 0 {
				p.names[b] = band.Name
			}
		}
		if r0 == 0 {
			tags = p.imageTags()
			header := int64(classicTIFFHeaderSize)
			if big {
				header = bigTIFFHeaderSize
			}
			ifdLen = header + ifdSize(append(slices.Clone(tags), p.offsetTags(offs, counts, big)...), big)
			if _, err := w.Write(make([]byte, ifdLen)); err != nil {
				return err
			}
			pos = ifdLen
		}
		var idx []int
		for r := r0; r < r1; r++ {
			for s := range max(1, p.spp*btoi(p.planar)) {
				for c := range p.across() {
					idx = append(idx, s*p.across()*p.down()+r*p.across()+c)
				}
			}
		}
		chunks, err := p.compressChunks(idx)
		if err != nil {
			return err
		}
		for i, c := range chunks {
			if _, err := w.Write(c); err != nil {
				return err
			}
			offs[idx[i]], counts[idx[i]] = uint64(pos), uint64(len(c))
			pos += int64(len(c))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if !big && pos > maxClassicSize {
		return fmt.Errorf("geotiff: write: the file reached %d bytes, more than classic TIFF's 4 GiB; allow BigTIFF", pos)
	}
	var head []byte
	if big {
		head = []byte{'I', 'I', 43, 0, 8, 0, 0, 0, bigTIFFHeaderSize, 0, 0, 0, 0, 0, 0, 0}
	} else {
		head = []byte{'I', 'I', 42, 0, classicTIFFHeaderSize, 0, 0, 0}
	}
	head = appendIFD(head, append(tags, p.offsetTags(offs, counts, big)...), int64(len(head)), 0, big)
	if int64(len(head)) != ifdLen {
		return fmt.Errorf("geotiff: write: internal error: IFD of %d bytes in %d reserved", len(head), ifdLen)
	}
	if _, err := w.Seek(start, io.SeekStart); err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err = w.Seek(start+pos, io.SeekStart)
	return err
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gcd returns the greatest common divisor of two positive integers.
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
