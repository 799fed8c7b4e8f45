package geotiff

import "fmt"

// DataType is the type of a band's native samples, named as GDAL names
// them.
type DataType int

// The sample types the reader supports (TIFF 6.0 BitsPerSample and
// SampleFormat: 1 = unsigned integer, 2 = two's complement signed integer,
// 3 = IEEE floating point).
const (
	Byte DataType = iota + 1
	Int8
	UInt16
	Int16
	UInt32
	Int32
	Float32
	Float64
)

var dataTypeNames = [...]string{"", "Byte", "Int8", "UInt16", "Int16", "UInt32", "Int32", "Float32", "Float64"}

// String returns GDAL's name for the type: Byte, Int8, UInt16, Int16,
// UInt32, Int32, Float32 or Float64.
func (d DataType) String() string {
	if d >= Byte && d <= Float64 {
		return dataTypeNames[d]
	}
	return fmt.Sprintf("DataType(%d)", int(d))
}

// Size returns the size of one sample in bytes.
func (d DataType) Size() int {
	switch d {
	case Byte, Int8:
		return 1
	case UInt16, Int16:
		return 2
	case UInt32, Int32, Float32:
		return 4
	case Float64:
		return 8
	}
	return 0
}

// IsFloat reports whether the type is a floating-point type.
func (d DataType) IsFloat() bool { return d == Float32 || d == Float64 }

// dataTypeOf maps BitsPerSample and SampleFormat to a DataType.
func dataTypeOf(bits, format int) (DataType, error) {
	switch {
	case format == 1 && bits == 8:
		return Byte, nil
	case format == 2 && bits == 8:
		return Int8, nil
	case format == 1 && bits == 16:
		return UInt16, nil
	case format == 2 && bits == 16:
		return Int16, nil
	case format == 1 && bits == 32:
		return UInt32, nil
	case format == 2 && bits == 32:
		return Int32, nil
	case format == 3 && bits == 32:
		return Float32, nil
	case format == 3 && bits == 64:
		return Float64, nil
	case format < 1 || format > 3:
		return 0, fmt.Errorf("unsupported SampleFormat (339) = %d with BitsPerSample (258) = %d", format, bits)
	}
	return 0, fmt.Errorf("unsupported BitsPerSample (258) = %d with SampleFormat (339) = %d", bits, format)
}
