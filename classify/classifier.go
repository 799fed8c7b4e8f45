package classify

import "github.com/borderzone/borderzone/raster"

// Classifier assigns land-cover classes to pixels. It works on blocks of
// pixels, never one interface call per pixel, so a user's own classifier
// plugs in at the same speed as the built-in ones.
type Classifier interface {
	// Classes returns the class table (code, name, colour) of the codes
	// Predict writes.
	Classes() []raster.Class
	// NumFeatures returns how many features (bands) each pixel has.
	NumFeatures() int
	// Predict classes a block of n pixels: x holds n*NumFeatures() values,
	// pixel-interleaved (the features of pixel i are
	// x[i*NumFeatures():(i+1)*NumFeatures()]), and Predict writes pixel i's
	// class code to out[i] (len(out) == n). A pixel with any NaN feature
	// gets 0 ("none"). Predict is called from several goroutines at once
	// and must not modify the classifier.
	Predict(x []float32, out []uint16)
}

// Samples is a training or test set: one row of features per pixel with its
// class code and the polygon (group) it was drawn from, so that splits keep
// every polygon's pixels on one side.
type Samples struct {
	// Features names the columns (band names of the stack they came from).
	Features []string
	// X holds len(Y)*len(Features) values, row-major (pixel-interleaved).
	X []float32
	// Y holds each row's class code (1–65535).
	Y []uint16
	// Group holds each row's polygon index (for splits by polygon); nil
	// when the rows do not come from polygons.
	Group []int
	// Classes is the class table of the codes in Y.
	Classes []raster.Class
}

// NumGroups returns the number of distinct polygons (groups) the rows of s
// were drawn from: 0 for a nil s or rows without groups.
func (s *Samples) NumGroups() int {
	if s == nil {
		return 0
	}
	seen := map[int]bool{}
	for _, g := range s.Group {
		seen[g] = true
	}
	return len(seen)
}
