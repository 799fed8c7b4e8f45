package zones

import (
	"errors"
	"fmt"
	"strconv"
)

// GeoJSON coordinate arrays are parsed by hand: they are most of a zone file,
// and decoding them through encoding/json's reflection costs several passes.

// coordScanner reads nested JSON arrays of numbers.
type coordScanner struct {
	b []byte
	i int
}

func (s *coordScanner) skipSpace() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// list parses "[" elem ("," elem)* "]" or "[]", calling elem for each.
func (s *coordScanner) list(elem func() error) error {
	s.skipSpace()
	if s.i >= len(s.b) || s.b[s.i] != '[' {
		return s.unexpected("an array")
	}
	s.i++
	s.skipSpace()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		s.skipSpace()
		if s.i >= len(s.b) {
			return errors.New("unexpected end of coordinates")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.unexpected("',' or ']'")
		}
	}
}

func (s *coordScanner) number() (float64, error) {
	s.skipSpace()
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			s.i++
			continue
		}
		break
	}
	if start == s.i {
		return 0, s.unexpected("a number")
	}
	v, err := strconv.ParseFloat(string(s.b[start:s.i]), 64)
	if err != nil {
		return 0, fmt.Errorf("coordinate %s: %w", s.b[start:s.i], err)
	}
	return v, nil
}

func (s *coordScanner) unexpected(want string) error {
	if s.i >= len(s.b) {
		return fmt.Errorf("unexpected end of coordinates, want %s", want)
	}
	end := min(s.i+16, len(s.b))
	return fmt.Errorf("want %s at %q", want, s.b[s.i:end])
}

// position parses [x, y, ...] and keeps x and y.
func (s *coordScanner) position() ([]float64, error) {
	pos := make([]float64, 0, 2)
	err := s.list(func() error {
		v, err := s.number()
		if err != nil {
			return err
		}
		if len(pos) < 2 {
			pos = append(pos, v)
		}
		return nil
	})
	return pos, err
}

func (s *coordScanner) rings() ([][][]float64, error) {
	var rings [][][]float64
	err := s.list(func() error {
		var ring [][]float64
		err := s.list(func() error {
			p, err := s.position()
			ring = append(ring, p)
			return err
		})
		rings = append(rings, ring)
		return err
	})
	return rings, err
}

func (s *coordScanner) end() error {
	s.skipSpace()
	if s.i != len(s.b) {
		return s.unexpected("the end of the coordinates")
	}
	return nil
}

// parsePolygonCoordinates parses the coordinates of a Polygon.
func parsePolygonCoordinates(b []byte) ([][][]float64, error) {
	s := coordScanner{b: b}
	r, err := s.rings()
	if err == nil {
		err = s.end()
	}
	return r, err
}

// parseMultiPolygonCoordinates parses the coordinates of a MultiPolygon.
func parseMultiPolygonCoordinates(b []byte) ([][][][]float64, error) {
	s := coordScanner{b: b}
	var polys [][][][]float64
	err := s.list(func() error {
		r, err := s.rings()
		polys = append(polys, r)
		return err
	})
	if err == nil {
		err = s.end()
	}
	return polys, err
}
