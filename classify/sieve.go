package classify

import (
	"context"
	"fmt"
	"math"

	"github.com/borderzone/borderzone/raster"
)

// Sieve removes the patches (connected regions of one code, 4- or
// 8-connected) smaller than minPixels pixels and gives their pixels the code
// of their largest neighbouring patch, as GDAL's sieve filter does
// (GDALSieveFilter, the gdal_sieve program): patch sizes are those of the
// input; a small patch's largest neighbour is the neighbouring patch with
// the most pixels (the first met in a row-major scan among equals); when
// that neighbour is itself small, the chain of largest neighbours is
// followed until a patch of at least minPixels is reached, and a small
// patch whose chain never reaches one (an island of small patches, or no
// neighbour at all) is left as it is. Pixels of code 0 ("none") are GDAL's
// masked pixels: they are never changed, are no patch's neighbour, and do
// not count in sizes.
//
// The result is a new Labels with l's grid and class table; it equals
// gdal_sieve's output pixel for pixel (TestSieveAgainstGDAL). One pass
// labels the patches, a second finds each patch's largest neighbour, and a
// third rewrites the pixels.
func Sieve(ctx context.Context, l *raster.Labels, minPixels int, conn Connectivity) (*raster.Labels, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("classify: sieve: %w", err)
	}
	conn, err := conn.resolve()
	if err != nil {
		return nil, fmt.Errorf("classify: sieve: %w", err)
	}
	if minPixels < 0 {
		return nil, fmt.Errorf("classify: sieve: negative size threshold %d", minPixels)
	}
	w, h := l.Grid.Width, l.Grid.Height
	e := newPolygonEnumerator(conn == Eight, len(l.Data)/8)
	id := make([]int32, len(l.Data))
	for r := range h {
		if r%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var lastID []int32
		var lastVal []uint16
		if r > 0 {
			lastVal, lastID = l.Data[(r-1)*w:r*w], id[(r-1)*w:r*w]
		}
		if err := e.processLine(lastVal, l.Data[r*w:(r+1)*w], lastID, id[r*w:(r+1)*w]); err != nil {
			return nil, fmt.Errorf("classify: sieve: %w", err)
		}
	}
	e.completeMerges()
	n := len(e.idMap)
	size := make([]int64, n)
	for _, f := range id {
		if f >= 0 {
			size[f]++
		}
	}
	for p := range n {
		if c := e.idMap[p]; c != int32(p) {
			size[c] += size[p]
			size[p] = 0
		}
	}
	big := make([]int32, n)
	for i := range big {
		big[i] = -1
	}
	compare := func(a, b int32) {
		if a == b || a < 0 || b < 0 {
			return
		}
		a, b = e.idMap[a], e.idMap[b]
		if a == b {
			return
		}
		if big[a] == -1 || size[big[a]] < size[b] {
			big[a] = b
		}
		if big[b] == -1 || size[big[b]] < size[a] {
			big[b] = a
		}
	}
	for r := range h {
		this := id[r*w : (r+1)*w]
		for x := range w {
			if r > 0 {
				lastRow := id[(r-1)*w : r*w]
				compare(this[x], lastRow[x])
				if x > 0 && conn == Eight {
					compare(this[x], lastRow[x-1])
				}
				if x < w-1 && conn == Eight {
					compare(this[x], lastRow[x+1])
				}
			}
			if x > 0 {
				compare(this[x], this[x-1])
			}
		}
	}
	threshold := int64(minPixels)
	visited := make(map[int32]bool)
	for p := range int32(n) {
		if e.idMap[p] != p {
			continue
		}
		if size[p] >= threshold {
			big[p] = -1
			continue
		}
		if big[p] == -1 {
			continue
		}
		clear(visited)
		visited[p] = true
		final, found := p, false
		for {
			final = big[final]
			if final < 0 {
				break
			}
			if size[final] >= threshold {
				found = true
				break
			}
			if visited[final] {
				break
			}
			visited[final] = true
		}
		if !found {
			big[p] = -1
			continue
		}
		for cur := p; big[cur] != final; {
			next := big[cur]
			big[cur] = final
			cur = next
		}
	}
	out := &raster.Labels{Grid: l.Grid, Data: make([]uint16, len(l.Data)), Classes: append([]raster.Class(nil), l.Classes...)}
	for i, f := range id {
		v := l.Data[i]
		if f >= 0 {
			if b := big[e.idMap[f]]; b != -1 {
				v = e.value[b]
			}
		}
		out.Data[i] = v
	}
	return out, nil
}

// polygonEnumerator assigns provisional polygon ids row by row and records
// merges, exactly as GDAL's GDALRasterPolygonEnumerator does, so that the
// sieve visits polygons in GDAL's order. Code 0 is masked (id −1).
type polygonEnumerator struct {
	eight bool
	idMap []int32
	value []uint16
}

func newPolygonEnumerator(eight bool, capacity int) *polygonEnumerator {
	return &polygonEnumerator{eight: eight, idMap: make([]int32, 0, capacity), value: make([]uint16, 0, capacity)}
}

func (e *polygonEnumerator) newPolygon(v uint16) (int32, error) {
	if len(e.idMap) >= math.MaxInt32 {
		return 0, fmt.Errorf("more than %d polygons", math.MaxInt32)
	}
	p := int32(len(e.idMap))
	e.idMap = append(e.idMap, p)
	e.value = append(e.value, v)
	return p, nil
}

func (e *polygonEnumerator) merge(src, dstInit int32) {
	dst := dstInit
	for e.idMap[dst] != dst {
		dst = e.idMap[dst]
	}
	for cur := dstInit; e.idMap[cur] != cur; {
		next := e.idMap[cur]
		e.idMap[cur] = dst
		cur = next
	}
	for e.idMap[src] != src {
		next := e.idMap[src]
		e.idMap[src] = dst
		src = next
	}
	e.idMap[src] = dst
}

func (e *polygonEnumerator) completeMerges() {
	for p := range e.idMap {
		root := e.idMap[p]
		for root != e.idMap[root] {
			root = e.idMap[root]
		}
		cur := e.idMap[p]
		e.idMap[p] = root
		for cur != e.idMap[cur] {
			next := e.idMap[cur]
			e.idMap[cur] = root
			cur = next
		}
	}
}

// processLine labels one row (thisVal → thisID) given the previous one
// (nil for the first row).
func (e *polygonEnumerator) processLine(lastVal, thisVal []uint16, lastID, thisID []int32) error {
	n := len(thisVal)
	var err error
	for i := range n {
		v := thisVal[i]
		switch {
		case v == 0:
			thisID[i] = -1
		case lastVal == nil:
			if i > 0 && thisVal[i-1] == v {
				thisID[i] = thisID[i-1]
			} else if thisID[i], err = e.newPolygon(v); err != nil {
				return err
			}
		case i > 0 && thisVal[i-1] == v:
			thisID[i] = thisID[i-1]
			if lastVal[i] == v && e.idMap[lastID[i]] != e.idMap[thisID[i]] {
				e.merge(lastID[i], thisID[i])
			}
			if e.eight && lastVal[i-1] == v && e.idMap[lastID[i-1]] != e.idMap[thisID[i]] {
				e.merge(lastID[i-1], thisID[i])
			}
			if e.eight && i < n-1 && lastVal[i+1] == v && e.idMap[lastID[i+1]] != e.idMap[thisID[i]] {
				e.merge(lastID[i+1], thisID[i])
			}
		case lastVal[i] == v:
			thisID[i] = lastID[i]
		case i > 0 && e.eight && lastVal[i-1] == v:
			thisID[i] = lastID[i-1]
			if i < n-1 && lastVal[i+1] == v && e.idMap[lastID[i+1]] != e.idMap[thisID[i]] {
				e.merge(lastID[i+1], thisID[i])
			}
		case i < n-1 && e.eight && lastVal[i+1] == v:
			thisID[i] = lastID[i+1]
		default:
			if thisID[i], err = e.newPolygon(v); err != nil {
				return err
			}
		}
	}
	return nil
}
