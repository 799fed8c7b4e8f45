package sensor

import (
	"fmt"
	"strings"
)

// QAPixel is a value of the Landsat Collection 2 QA_PIXEL band, a bit field
// (Landsat 8-9 Collection 2 Level 2 Science Product Guide, LSDS-1619,
// Table 6-3; Landsat 4-7 C2 L2 guide, LSDS-1618, where the cirrus bit 2 and
// the cirrus confidence bits 14–15 are unused):
//
//	bit 0      fill
//	bit 1      dilated cloud
//	bit 2      cirrus (high confidence)
//	bit 3      cloud
//	bit 4      cloud shadow
//	bit 5      snow
//	bit 6      clear (neither cloud nor dilated cloud)
//	bit 7      water
//	bits 8–9   cloud confidence
//	bits 10–11 cloud shadow confidence
//	bits 12–13 snow/ice confidence
//	bits 14–15 cirrus confidence
//
// Confidence pairs read 0 none, 1 low, 2 medium (cloud only; reserved for
// the others), 3 high.
type QAPixel uint16

// The single-bit flags of QA_PIXEL.
const (
	QAFill         QAPixel = 1 << 0
	QADilatedCloud QAPixel = 1 << 1
	QACirrus       QAPixel = 1 << 2
	QACloud        QAPixel = 1 << 3
	QACloudShadow  QAPixel = 1 << 4
	QASnow         QAPixel = 1 << 5
	QAClear        QAPixel = 1 << 6
	QAWater        QAPixel = 1 << 7
)

// Has reports whether every bit of flag is set.
func (q QAPixel) Has(flag QAPixel) bool { return q&flag == flag }

// Confidence is a two-bit confidence level of a Landsat quality band.
type Confidence uint8

// Confidence levels (QA_PIXEL: none, low, medium, high; pre-collection BQA:
// not determined, no, maybe, yes — the same two-bit values).
const (
	ConfidenceNone   Confidence = 0
	ConfidenceLow    Confidence = 1
	ConfidenceMedium Confidence = 2
	ConfidenceHigh   Confidence = 3
)

// String returns "none", "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case ConfidenceNone:
		return "none"
	case ConfidenceLow:
		return "low"
	case ConfidenceMedium:
		return "medium"
	case ConfidenceHigh:
		return "high"
	}
	return fmt.Sprintf("Confidence(%d)", uint8(c))
}

// ParseConfidence reads "low", "medium" (or "med", "maybe"), "high" (or
// "yes") and "none".
func ParseConfidence(s string) (Confidence, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "0":
		return ConfidenceNone, nil
	case "low", "1", "no":
		return ConfidenceLow, nil
	case "medium", "med", "maybe", "2":
		return ConfidenceMedium, nil
	case "high", "yes", "3":
		return ConfidenceHigh, nil
	}
	return 0, fmt.Errorf("sensor: %q is not a confidence (none, low, medium, high)", s)
}

// CloudConfidence returns bits 8–9.
func (q QAPixel) CloudConfidence() Confidence { return Confidence(q >> 8 & 3) }

// ShadowConfidence returns bits 10–11.
func (q QAPixel) ShadowConfidence() Confidence { return Confidence(q >> 10 & 3) }

// SnowConfidence returns bits 12–13.
func (q QAPixel) SnowConfidence() Confidence { return Confidence(q >> 12 & 3) }

// CirrusConfidence returns bits 14–15.
func (q QAPixel) CirrusConfidence() Confidence { return Confidence(q >> 14 & 3) }

// BQA is a value of the pre-collection Landsat 8 OLI/TIRS quality band
// (…_BQA.TIF of products processed before Collection 1, such as
// LC80200392015216LGN00), a bit field (Landsat 8 Data Users Handbook,
// version 1.0 (2015), section 5.4, "Quality Assessment Band"; the same
// layout is decoded by mapbox/rio-l8qa's qa_pre):
//
//	bit 0      designated fill
//	bit 1      dropped frame
//	bit 2      terrain occlusion
//	bit 3      reserved
//	bits 4–5   water confidence
//	bits 6–7   cloud shadow (reserved, never set in practice)
//	bits 8–9   vegetation confidence
//	bits 10–11 snow/ice confidence
//	bits 12–13 cirrus confidence
//	bits 14–15 cloud confidence
//
// Confidence pairs read 0 not determined, 1 no (0–33 %), 2 maybe (34–66 %),
// 3 yes (67–100 %).
type BQA uint16

// Fill reports bit 0.
func (b BQA) Fill() bool { return b&1 != 0 }

// WaterConfidence returns bits 4–5.
func (b BQA) WaterConfidence() Confidence { return Confidence(b >> 4 & 3) }

// ShadowConfidence returns bits 6–7.
func (b BQA) ShadowConfidence() Confidence { return Confidence(b >> 6 & 3) }

// SnowConfidence returns bits 10–11.
func (b BQA) SnowConfidence() Confidence { return Confidence(b >> 10 & 3) }

// CirrusConfidence returns bits 12–13.
func (b BQA) CirrusConfidence() Confidence { return Confidence(b >> 12 & 3) }

// CloudConfidence returns bits 14–15.
func (b BQA) CloudConfidence() Confidence { return Confidence(b >> 14 & 3) }

// BQACollection1 is a value of the Landsat Collection 1 Level-1 quality band
// (…_BQA.TIF of products with COLLECTION_NUMBER = 01), a bit field (USGS,
// "Landsat Collection 1 Level-1 Quality Assessment Band"; Landsat 8 Data
// Users Handbook v5, Table 6-3):
//
//	bit 0      designated fill
//	bit 1      terrain occlusion (OLI) / dropped pixel (TM, ETM+)
//	bits 2–3   radiometric saturation: 0 none, 1 in 1–2 bands, 2 in 3–4, 3 in 5 or more
//	bit 4      cloud
//	bits 5–6   cloud confidence
//	bits 7–8   cloud shadow confidence
//	bits 9–10  snow/ice confidence
//	bits 11–12 cirrus confidence (OLI only)
//
// Confidence pairs read 0 not determined, 1 low, 2 medium (reserved except
// for cloud), 3 high.
type BQACollection1 uint16

// Fill reports bit 0.
func (b BQACollection1) Fill() bool { return b&1 != 0 }

// SaturatedBands returns bits 2–3 (0 none … 3 five or more bands).
func (b BQACollection1) SaturatedBands() int { return int(b >> 2 & 3) }

// Cloud reports bit 4.
func (b BQACollection1) Cloud() bool { return b&(1<<4) != 0 }

// CloudConfidence returns bits 5–6.
func (b BQACollection1) CloudConfidence() Confidence { return Confidence(b >> 5 & 3) }

// ShadowConfidence returns bits 7–8.
func (b BQACollection1) ShadowConfidence() Confidence { return Confidence(b >> 7 & 3) }

// SnowConfidence returns bits 9–10.
func (b BQACollection1) SnowConfidence() Confidence { return Confidence(b >> 9 & 3) }

// CirrusConfidence returns bits 11–12.
func (b BQACollection1) CirrusConfidence() Confidence { return Confidence(b >> 11 & 3) }

// SCL is a class of the Sentinel-2 Level-2A scene classification layer
// (Sentinel-2 Level-2A Product Format Specification / Sen2Cor Software User
// Manual, "Scene Classification" table).
type SCL uint8

// The SCL classes.
const (
	SCLNoData             SCL = 0
	SCLSaturatedDefective SCL = 1
	SCLDarkArea           SCL = 2 // dark area pixels / topographic shadow
	SCLCloudShadow        SCL = 3
	SCLVegetation         SCL = 4
	SCLNotVegetated       SCL = 5
	SCLWater              SCL = 6
	SCLUnclassified       SCL = 7 // "cloud low probability" before Sen2Cor 2.8
	SCLCloudMedium        SCL = 8
	SCLCloudHigh          SCL = 9
	SCLThinCirrus         SCL = 10
	SCLSnowIce            SCL = 11
)

var sclNames = [...]string{
	"no data", "saturated or defective", "dark area", "cloud shadow", "vegetation",
	"not vegetated", "water", "unclassified", "cloud medium probability",
	"cloud high probability", "thin cirrus", "snow or ice",
}

// String returns the class name ("cloud shadow").
func (s SCL) String() string {
	if int(s) < len(sclNames) {
		return sclNames[s]
	}
	return fmt.Sprintf("SCL(%d)", uint8(s))
}
