package thermal

import "fmt"

// PublishedConstants are the thermal calibration constants K1
// (W/(m²·sr·µm)) and K2 (K) for sensors whose older MTL files do not carry
// K1_CONSTANT/K2_CONSTANT: Landsat 4 and 5 TM band 6 and Landsat 7 ETM+
// band 6 (Chander, Markham & Helder 2009, Remote Sensing of Environment 113,
// 893–903, Table 5; Landsat 7 Science Data Users Handbook, Table 11.5).
// Keys are the catalogue platforms ("landsat5"). Landsat 4 TM is K1 = 671.62,
// K2 = 1284.30 (Chander et al. 2009, Table 5).
var PublishedConstants = map[string]struct{ K1, K2 float64 }{
	"landsat4": {671.62, 1284.30},
	"landsat5": {607.76, 1260.56},
	"landsat7": {666.09, 1282.71},
}

// Constants returns the published K1, K2 of a platform's thermal band, or
// an error naming the platform when none are tabulated (Landsat 8 and 9
// always carry theirs in the MTL).
func Constants(platform string) (k1, k2 float64, err error) {
	c, ok := PublishedConstants[platform]
	if !ok {
		return 0, 0, fmt.Errorf("thermal: no published K1/K2 for %q; take them from its MTL", platform)
	}
	return c.K1, c.K2, nil
}

// esunTable holds mean exoatmospheric solar irradiance, W/(m²·µm), of the
// TM and ETM+ reflective bands (Chander, Markham & Helder 2009, Table 2 —
// ChKur solar spectrum). OLI has none: its MTL gives reflectance
// coefficients directly.
var esunTable = map[string]map[string]float64{
	"landsat4": {"B1": 1983, "B2": 1795, "B3": 1539, "B4": 1028, "B5": 219.8, "B7": 83.49},
	"landsat5": {"B1": 1983, "B2": 1796, "B3": 1536, "B4": 1031, "B5": 220.0, "B7": 83.44},
	"landsat7": {"B1": 1997, "B2": 1812, "B3": 1533, "B4": 1039, "B5": 230.8, "B7": 84.90, "B8": 1362},
}

// ESUN returns the mean exoatmospheric solar irradiance (W/(m²·µm)) of a
// TM or ETM+ band ("landsat5", "B3") from Chander, Markham & Helder (2009),
// Table 2, or an error naming the platform and band.
func ESUN(platform, band string) (float64, error) {
	v, ok := esunTable[platform][band]
	if !ok {
		return 0, fmt.Errorf("thermal: no published ESUN for %s band %s", platform, band)
	}
	return v, nil
}

// Wavelength returns the effective wavelength in metres used by the
// single-channel LST correction for a platform's thermal band: the band
// centres of the Awesome Spectral Indices band catalogue (bands.json, from
// the USGS band designations): Landsat 4, 5 TM and 7 ETM+ band 6
// 11.45 µm (10.40–12.50 µm); Landsat 8 and 9 TIRS band 10 10.895 µm
// (10.60–11.19 µm) and band 11 12.005 µm (11.50–12.51 µm). Papers often
// round these (11.5 µm for TM, Weng et al. 2004; 10.8 µm for B10,
// Avdan & Jovanovska 2016); pass such a value directly to
// LandSurfaceTemperature to reproduce them.
func Wavelength(platform, band string) (float64, error) {
	switch platform {
	case "landsat4", "landsat5", "landsat7":
		if band == "B6" || band == "B6_VCID_1" || band == "B6_VCID_2" || band == "ST_B6" {
			return 11.45e-6, nil
		}
	case "landsat8", "landsat9":
		switch band {
		case "B10", "ST_B10":
			return 10.895e-6, nil
		case "B11":
			return 12.005e-6, nil
		}
	}
	return 0, fmt.Errorf("thermal: %s band %s is not a thermal band with a known wavelength", platform, band)
}
