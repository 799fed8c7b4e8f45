package codec

// decodePackBits decodes the PackBits stream src into dst (TIFF 6.0
// section 9) and returns how many bytes of dst it filled. A header byte n
// is followed by n+1 literal bytes when 0 <= n <= 127, by one byte to
// repeat 1-n times when -127 <= n <= -1, and by nothing when n = -128.
// Decoding stops when dst is full (the rest of src is ignored) or src is
// exhausted; a run cut short by the end of src contributes what it has.
func decodePackBits(dst, src []byte) (int, error) {
	n, i := 0, 0
	for n < len(dst) && i < len(src) {
		h := int(int8(src[i]))
		i++
		switch {
		case h >= 0:
			k := min(h+1, len(src)-i, len(dst)-n)
			copy(dst[n:n+k], src[i:i+k])
			n += k
			i += h + 1
		case h != -128:
			if i >= len(src) {
				return n, nil
			}
			b := src[i]
			i++
			k := min(1-h, len(dst)-n)
			run := dst[n : n+k]
			for j := range run {
				run[j] = b
			}
			n += k
		}
	}
	return n, nil
}
