package codec

// encodePackBits appends the PackBits encoding of src to dst (TIFF 6.0
// section 9): runs of 3 or more equal bytes become a header 1-n and the
// byte, everything else literal runs of at most 128 bytes with header n-1.
// The -128 no-op header is never written.
func encodePackBits(dst, src []byte) []byte {
	i := 0
	for i < len(src) {
		// Length of the run starting at i.
		r := 1
		for i+r < len(src) && r < 128 && src[i+r] == src[i] {
			r++
		}
		if r >= 3 {
			dst = append(dst, byte(int8(1-r)), src[i])
			i += r
			continue
		}
		// Literal run: up to the next run of 3 or 128 bytes.
		j := i
		for j < len(src) && j-i < 128 {
			if j+2 < len(src) && src[j] == src[j+1] && src[j] == src[j+2] {
				break
			}
			j++
		}
		dst = append(dst, byte(j-i-1))
		dst = append(dst, src[i:j]...)
		i = j
	}
	return dst
}
