package codec_test

import (
	"encoding/binary"
	"fmt"

	"github.com/borderzone/borderzone/raster/geotiff/internal/codec"
)

// The PackBits example of TIFF 6.0, section 9: 15 packed bytes unpack to
// the 24 bytes the specification lists.
func ExampleDecode() {
	packed := []byte{0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA}
	out, err := codec.Decode(codec.PackBits, packed, 24, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% X\n", out)
	// Output:
	// AA AA AA 80 00 2A AA AA AA AA 80 00 2A 22 AA AA AA AA AA AA AA AA AA AA
}

// Horizontal differencing (predictor 2) of one row of four little-endian
// 16-bit samples 1000, 1010, 1005, 1020 stores 1000, 10, -5, 15.
func ExampleUndoPredictor() {
	row := make([]byte, 8)
	for i, v := range []uint16{1000, 10, 0xFFFB, 15} {
		binary.LittleEndian.PutUint16(row[2*i:], v)
	}
	if err := codec.UndoPredictor(row, 2, binary.LittleEndian, 2, 1, 4, 1); err != nil {
		fmt.Println(err)
		return
	}
	for i := range 4 {
		fmt.Print(binary.LittleEndian.Uint16(row[2*i:]), " ")
	}
	fmt.Println()
	// Output:
	// 1000 1010 1005 1020
}
