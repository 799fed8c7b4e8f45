package sensor

import (
	"fmt"
	"math"
	"strings"

	"github.com/borderzone/borderzone/raster"
)

// QualityKind says how a product's quality band is coded.
type QualityKind int

// Quality band codings.
const (
	// QualityNone: the product has no quality band.
	QualityNone QualityKind = iota
	// QualityQAPixel: Landsat Collection 2 QA_PIXEL ([QAPixel]).
	QualityQAPixel
	// QualityBQA: pre-collection Landsat 8 BQA ([BQA]).
	QualityBQA
	// QualitySCL: Sentinel-2 L2A scene classification ([SCL]).
	QualitySCL
	// QualityBQACollection1: Landsat Collection 1 Level-1 BQA
	// ([BQACollection1]).
	QualityBQACollection1
)

// String names the coding.
func (k QualityKind) String() string {
	switch k {
	case QualityNone:
		return "none"
	case QualityQAPixel:
		return "QA_PIXEL"
	case QualityBQA:
		return "BQA"
	case QualitySCL:
		return "SCL"
	case QualityBQACollection1:
		return "BQA (Collection 1)"
	}
	return fmt.Sprintf("QualityKind(%d)", int(k))
}

// Feature is a condition a quality band can flag.
type Feature int

// The features a mask can be built from.
const (
	// Cloud: QA_PIXEL bit 3 (or cloud confidence); pre-collection BQA cloud
	// confidence; Collection 1 BQA bit 4 (or cloud confidence); SCL 8 and 9
	// (and 7 at low confidence).
	Cloud Feature = iota
	// DilatedCloud: QA_PIXEL bit 1, the dilation of the cloud mask. No
	// other quality band has it.
	DilatedCloud
	// CloudShadow: QA_PIXEL bit 4 (or shadow confidence); BQA bits 6–7;
	// SCL 3.
	CloudShadow
	// Cirrus: QA_PIXEL bit 2 (or cirrus confidence); BQA bits 12–13; SCL 10.
	Cirrus
	// Snow: QA_PIXEL bit 5 (or snow/ice confidence); BQA bits 10–11; SCL 11.
	Snow
	// Water: QA_PIXEL bit 7; BQA water confidence; SCL 6.
	Water
	// Saturated: SCL 1 (saturated or defective); Collection 1 BQA bits 2–3
	// (one or more saturated bands). QA_PIXEL and the pre-collection BQA do
	// not carry it (see QA_RADSAT).
	Saturated
)

var featureNames = [...]string{"cloud", "dilated", "shadow", "cirrus", "snow", "water", "saturated"}

// String returns the feature's name as ParseConditions reads it.
func (f Feature) String() string {
	if int(f) < len(featureNames) {
		return featureNames[f]
	}
	return fmt.Sprintf("Feature(%d)", int(f))
}

// Condition selects the pixels to mask: those where the quality band flags
// Feature. With MinConfidence zero the flag itself is used (QA_PIXEL bit,
// SCL class; BQA, which has only confidences, then means "high"); otherwise
// the pixels whose confidence for the feature is at least MinConfidence.
type Condition struct {
	Feature       Feature
	MinConfidence Confidence
}

// String writes the condition as ParseConditions reads it ("cloud>=medium").
func (c Condition) String() string {
	if c.MinConfidence == ConfidenceNone {
		return c.Feature.String()
	}
	return c.Feature.String() + ">=" + c.MinConfidence.String()
}

// ParseConditions reads a comma-separated list of conditions, as the CLI's
// -mask flag takes it: feature names cloud, dilated, shadow, cirrus, snow,
// water, saturated (also plural or with underscores: clouds,
// cloud_shadow), each optionally followed by >=low, >=medium or >=high.
// "clouds" is cloud and dilated cloud together (USGS's recommended cloud
// mask for QA_PIXEL); on Sentinel-2 it is the same as cloud.
func ParseConditions(s string) ([]Condition, error) {
	var out []Condition
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, conf, hasConf := strings.Cut(item, ">=")
		name = strings.ToLower(strings.TrimSpace(name))
		var c Confidence
		if hasConf {
			var err error
			if c, err = ParseConfidence(conf); err != nil {
				return nil, fmt.Errorf("sensor: mask condition %q: %w", item, err)
			}
		}
		var fs []Feature
		switch name {
		case "cloud":
			fs = []Feature{Cloud}
		case "clouds":
			fs = []Feature{Cloud, DilatedCloud}
		case "dilated", "dilated_cloud", "dilatedcloud":
			fs = []Feature{DilatedCloud}
		case "shadow", "shadows", "cloud_shadow", "cloudshadow":
			fs = []Feature{CloudShadow}
		case "cirrus":
			fs = []Feature{Cirrus}
		case "snow", "ice", "snow_ice":
			fs = []Feature{Snow}
		case "water":
			fs = []Feature{Water}
		case "saturated", "defective":
			fs = []Feature{Saturated}
		default:
			return nil, fmt.Errorf("sensor: unknown mask condition %q (want cloud, clouds, dilated, shadow, cirrus, snow, water or saturated, optionally >=low|medium|high)", item)
		}
		for _, f := range fs {
			if hasConf && f != Cloud && f != CloudShadow && f != Cirrus && f != Snow && f != Water {
				return nil, fmt.Errorf("sensor: mask condition %q: %s has no confidence level", item, f)
			}
			out = append(out, Condition{Feature: f, MinConfidence: c})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("sensor: empty mask condition list %q", s)
	}
	return out, nil
}

// MaskState is a pixel of a Mask.
type MaskState uint8

// Mask states.
const (
	// Keep: valid and not flagged (clear).
	Keep MaskState = iota
	// Masked: valid but flagged by a condition.
	Masked
	// Fill: no data in the quality band (fill bit, SCL no data, or NaN).
	Fill
)

// Mask marks each pixel of a grid as kept, masked or fill. Build one from a
// quality band with [NewMask] (or [Product.Mask]), combine masks with Or, And
// and Not, and apply it to a band or stack (masked and fill pixels become
// NaN).
type Mask struct {
	Grid raster.Grid
	Data []MaskState
}

// NewMask builds the mask of a quality band: codes holds the band's raw codes
// as float32 (as the product loaders read them: QA_PIXEL, BQA or SCL values,
// NaN for no data), kind says how they are coded, and a pixel is Masked when
// any condition holds. Fill pixels (QA_PIXEL bit 0, BQA bit 0, SCL 0, NaN)
// are Fill. A condition the coding cannot express (dilated cloud on SCL,
// saturated on Landsat) is an error naming both.
func NewMask(codes *raster.Band, kind QualityKind, conds []Condition) (*Mask, error) {
	if err := codes.Validate(); err != nil {
		return nil, fmt.Errorf("sensor: quality band %q: %w", codes.Name, err)
	}
	test, err := compileConditions(kind, conds)
	if err != nil {
		return nil, err
	}
	m := &Mask{Grid: codes.Grid, Data: make([]MaskState, len(codes.Data))}
	for i, v := range codes.Data {
		if math.IsNaN(float64(v)) || v < 0 || v > 65535 {
			m.Data[i] = Fill
			continue
		}
		m.Data[i] = test(uint16(v))
	}
	return m, nil
}

// compileConditions returns the per-code test for a coding: the state of a
// pixel with code q.
func compileConditions(kind QualityKind, conds []Condition) (func(uint16) MaskState, error) {
	switch kind {
	case QualityQAPixel:
		var flags QAPixel
		var minConf [4]Confidence // cloud, shadow, snow, cirrus; 0 = unused
		for _, c := range conds {
			bit, slot := QAPixel(0), -1
			switch c.Feature {
			case Cloud:
				bit, slot = QACloud, 0
			case DilatedCloud:
				bit = QADilatedCloud
			case CloudShadow:
				bit, slot = QACloudShadow, 1
			case Snow:
				bit, slot = QASnow, 2
			case Cirrus:
				bit, slot = QACirrus, 3
			case Water:
				bit = QAWater
			default:
				return nil, fmt.Errorf("sensor: QA_PIXEL has no %s flag", c.Feature)
			}
			if c.MinConfidence == ConfidenceNone {
				flags |= bit
				continue
			}
			if slot < 0 {
				return nil, fmt.Errorf("sensor: QA_PIXEL has no %s confidence", c.Feature)
			}
			if minConf[slot] == 0 || c.MinConfidence < minConf[slot] {
				minConf[slot] = c.MinConfidence
			}
		}
		return func(code uint16) MaskState {
			q := QAPixel(code)
			if q&QAFill != 0 {
				return Fill
			}
			if q&flags != 0 ||
				minConf[0] != 0 && q.CloudConfidence() >= minConf[0] ||
				minConf[1] != 0 && q.ShadowConfidence() >= minConf[1] ||
				minConf[2] != 0 && q.SnowConfidence() >= minConf[2] ||
				minConf[3] != 0 && q.CirrusConfidence() >= minConf[3] {
				return Masked
			}
			return Keep
		}, nil
	case QualityBQA:
		var minConf [5]Confidence // cloud, shadow, snow, cirrus, water
		for _, c := range conds {
			slot := -1
			switch c.Feature {
			case Cloud:
				slot = 0
			case CloudShadow:
				slot = 1
			case Snow:
				slot = 2
			case Cirrus:
				slot = 3
			case Water:
				slot = 4
			case DilatedCloud:
				continue // "clouds" on BQA: no dilation layer; cloud alone
			default:
				return nil, fmt.Errorf("sensor: pre-collection BQA has no %s flag", c.Feature)
			}
			lowerConfidence(&minConf[slot], c.MinConfidence)
		}
		return func(code uint16) MaskState {
			b := BQA(code)
			if b.Fill() {
				return Fill
			}
			if minConf[0] != 0 && b.CloudConfidence() >= minConf[0] ||
				minConf[1] != 0 && b.ShadowConfidence() >= minConf[1] ||
				minConf[2] != 0 && b.SnowConfidence() >= minConf[2] ||
				minConf[3] != 0 && b.CirrusConfidence() >= minConf[3] ||
				minConf[4] != 0 && b.WaterConfidence() >= minConf[4] {
				return Masked
			}
			return Keep
		}, nil
	case QualityBQACollection1:
		cloudFlag, saturated := false, false
		var minConf [4]Confidence // cloud, shadow, snow, cirrus
		for _, c := range conds {
			slot := -1
			switch c.Feature {
			case Cloud:
				if c.MinConfidence == ConfidenceNone {
					cloudFlag = true
					continue
				}
				slot = 0
			case CloudShadow:
				slot = 1
			case Snow:
				slot = 2
			case Cirrus:
				slot = 3
			case DilatedCloud:
				continue // "clouds" on BQA: no dilation layer; cloud alone
			case Saturated:
				saturated = true
				continue
			default:
				return nil, fmt.Errorf("sensor: Collection 1 BQA has no %s flag", c.Feature)
			}
			lowerConfidence(&minConf[slot], c.MinConfidence)
		}
		return func(code uint16) MaskState {
			b := BQACollection1(code)
			if b.Fill() {
				return Fill
			}
			if cloudFlag && b.Cloud() || saturated && b.SaturatedBands() > 0 ||
				minConf[0] != 0 && b.CloudConfidence() >= minConf[0] ||
				minConf[1] != 0 && b.ShadowConfidence() >= minConf[1] ||
				minConf[2] != 0 && b.SnowConfidence() >= minConf[2] ||
				minConf[3] != 0 && b.CirrusConfidence() >= minConf[3] {
				return Masked
			}
			return Keep
		}, nil
	case QualitySCL:
		var classes [256]bool
		for _, c := range conds {
			switch c.Feature {
			case Cloud:
				switch c.MinConfidence {
				case ConfidenceHigh:
					classes[SCLCloudHigh] = true
				case ConfidenceLow:
					classes[SCLUnclassified], classes[SCLCloudMedium], classes[SCLCloudHigh] = true, true, true
				default:
					classes[SCLCloudMedium], classes[SCLCloudHigh] = true, true
				}
			case DilatedCloud:
				// "clouds" on SCL: there is no dilation class; cloud alone
			case CloudShadow:
				classes[SCLCloudShadow] = true
			case Cirrus:
				classes[SCLThinCirrus] = true
			case Snow:
				classes[SCLSnowIce] = true
			case Water:
				classes[SCLWater] = true
			case Saturated:
				classes[SCLSaturatedDefective] = true
			default:
				return nil, fmt.Errorf("sensor: SCL has no %s class", c.Feature)
			}
		}
		return func(code uint16) MaskState {
			switch {
			case code == uint16(SCLNoData):
				return Fill
			case code < 256 && classes[code]:
				return Masked
			}
			return Keep
		}, nil
	}
	return nil, fmt.Errorf("sensor: no quality band to build a mask from (coding %s)", kind)
}

func (m *Mask) match(o *Mask, op string) error {
	if len(m.Data) != m.Grid.Len() || len(o.Data) != o.Grid.Len() {
		return fmt.Errorf("sensor: mask %s: a mask's data does not match its grid size", op)
	}
	if err := m.Grid.Match(o.Grid); err != nil {
		return fmt.Errorf("sensor: mask %s: %w", op, err)
	}
	return nil
}

// Or returns the mask that masks a pixel masked by either m or o; a pixel
// that is fill in either is fill.
func (m *Mask) Or(o *Mask) (*Mask, error) {
	if err := m.match(o, "or"); err != nil {
		return nil, err
	}
	out := &Mask{Grid: m.Grid, Data: make([]MaskState, len(m.Data))}
	for i, a := range m.Data {
		out.Data[i] = max(a, o.Data[i]) // Keep < Masked < Fill
	}
	return out, nil
}

// And returns the mask that masks a pixel masked by both m and o; a pixel
// that is fill in either is fill.
func (m *Mask) And(o *Mask) (*Mask, error) {
	if err := m.match(o, "and"); err != nil {
		return nil, err
	}
	out := &Mask{Grid: m.Grid, Data: make([]MaskState, len(m.Data))}
	for i, a := range m.Data {
		b := o.Data[i]
		switch {
		case a == Fill || b == Fill:
			out.Data[i] = Fill
		case a == Masked && b == Masked:
			out.Data[i] = Masked
		}
	}
	return out, nil
}

// Not returns the mask with kept and masked pixels swapped (to keep only,
// say, water); fill stays fill.
func (m *Mask) Not() *Mask {
	out := &Mask{Grid: m.Grid, Data: make([]MaskState, len(m.Data))}
	for i, a := range m.Data {
		switch a {
		case Keep:
			out.Data[i] = Masked
		case Masked:
			out.Data[i] = Keep
		default:
			out.Data[i] = Fill
		}
	}
	return out
}

// Counts returns the numbers of kept, masked and fill pixels.
func (m *Mask) Counts() (keep, masked, fill int) {
	for _, s := range m.Data {
		switch s {
		case Keep:
			keep++
		case Masked:
			masked++
		default:
			fill++
		}
	}
	return
}

// ClearFraction returns the fraction of clear pixels among the pixels with
// data, kept / (kept + masked): fill pixels (outside the scene footprint) do
// not count, so a half-empty scene with no cloud is 1, as USGS's
// CLOUD_COVER is computed over the scene's valid pixels. It is NaN when every
// pixel is fill.
func (m *Mask) ClearFraction() float64 {
	k, ms, _ := m.Counts()
	if k+ms == 0 {
		return math.NaN()
	}
	return float64(k) / float64(k+ms)
}

// Apply sets to NaN, in place, every pixel of b that m masks or marks as
// fill. b must lie on the mask's grid.
func (m *Mask) Apply(b *raster.Band) error {
	if err := b.Validate(); err != nil {
		return fmt.Errorf("sensor: applying mask to %q: %w", b.Name, err)
	}
	if err := m.Grid.Match(b.Grid); err != nil {
		return fmt.Errorf("sensor: applying mask to %q: %w", b.Name, err)
	}
	if len(m.Data) != len(b.Data) {
		return fmt.Errorf("sensor: applying mask to %q: mask has %d pixels, band %d", b.Name, len(m.Data), len(b.Data))
	}
	nan := float32(math.NaN())
	for i, s := range m.Data {
		if s != Keep {
			b.Data[i] = nan
		}
	}
	return nil
}

// ApplyStack applies the mask to every band of s, in place.
func (m *Mask) ApplyStack(s *raster.Stack) error {
	for _, b := range s.Bands {
		if err := m.Apply(b); err != nil {
			return err
		}
	}
	return nil
}

// lowerConfidence sets *lo, the lowest confidence a BQA flag must reach
// to mask (0: flag not asked for), to c when c is lower; a condition
// without a confidence asks for high.
func lowerConfidence(lo *Confidence, c Confidence) {
	if c == ConfidenceNone {
		c = ConfidenceHigh
	}
	if *lo == 0 || c < *lo {
		*lo = c
	}
}
