package sensor

import (
	"fmt"
	"math"
	"path/filepath"

	"github.com/borderzone/borderzone/indices/thermal"
)

// OpenLandsat opens a Landsat product folder from its MTL (*_MTL.txt, else
// *_MTL.json): Collection 2 Level-1 (B1…B11, QA_PIXEL), Collection 2
// Level-2 (SR_B1…SR_B7, ST_B10 or ST_B6, QA_PIXEL) and the older
// pre-collection Level-1 layout (B1…B11, BQA). Band files are those the MTL
// names; when a file is missing, the one file of the folder whose name ends
// in _<band>.TIF (any case) is used, so renamed crops (l8_B4.tif) load.
// Bands without a file are left out.
//
// Physical values, per letter:
//
//   - Level-2 reflective: surface reflectance = Mult·DN + Add from
//     LEVEL2_SURFACE_REFLECTANCE_PARAMETERS (2.75e-5, −0.2 in Collection 2);
//   - Level-2 thermal: surface temperature in kelvin = Mult·DN + Add
//     (0.00341802, 149.0);
//   - Level-1 reflective: TOA reflectance ρ = (Mρ·DN + Aρ)/sin(θSE) with
//     θSE the MTL's SUN_ELEVATION; for TM and ETM+ MTLs without
//     reflectance coefficients, ρ = π·L·d²/(ESUN·sin θSE) with
//     L = ML·DN + AL, ESUN from Chander et al. (2009) and d the MTL's
//     EARTH_SUN_DISTANCE or, when absent, [thermal.EarthSunDistance] of the
//     acquisition date;
//   - Level-1 thermal: brightness temperature K2/ln(K1/L + 1) in kelvin,
//     with K1, K2 from the MTL or [thermal.PublishedConstants].
//
// DN 0 (Landsat fill) and the file's GDAL nodata value, if it has one, read
// as NaN (the shipped Landsat 5 subset declares 255, which is also TM's
// saturation value; saturated pixels have no valid physical value either).
// The MTL is authoritative: a GDAL scale or offset stored in a band file is
// not applied. Landsat 7's Level-1 thermal letter T reads B6_VCID_1 (low gain).
func OpenLandsat(dir string, opts *Options) (*Product, error) {
	path, err := FindMTL(dir)
	if err != nil {
		return nil, err
	}
	md, err := ReadMTL(path)
	if err != nil {
		return nil, err
	}
	p := &Product{Name: md.ProductID, Platform: md.Platform, Level: md.Level, Metadata: md}
	if p.Name == "" {
		p.Name = filepath.Base(dir)
	}
	if err := p.loadLandsat(dir, md, opts); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Product) loadLandsat(dir string, md *Metadata, opts *Options) error {
	var specs []bandSpec
	for _, letter := range Letters(md.Platform) {
		key, err := LandsatFileBand(md.Platform, letter, md.Level)
		if err != nil {
			continue // e.g. T2 of a Level-2 product
		}
		bm := md.Bands[key]
		mtlName := ""
		if bm != nil {
			mtlName = bm.File
		}
		file, err := findBandFile(dir, mtlName, key)
		if err != nil {
			return err
		}
		if file == "" {
			continue
		}
		cal, desc, err := landsatCalibration(md, letter, key, bm)
		if err != nil {
			return err
		}
		f, err := p.openFile(file)
		if err != nil {
			return err
		}
		if nd, ok := f.Nodata(); ok {
			cal.Nodata, cal.HasNodata = nd, true
		}
		unit := "reflectance"
		if IsThermal(letter) {
			unit = "kelvin"
		}
		specs = append(specs, bandSpec{
			info: ProductBand{Letter: letter, Band: key, Path: file, Unit: unit, Calibration: desc},
			src:  &fileBand{name: letter, path: file, img: f.Image, cal: cal},
		})
	}
	var quality *fileBand
	for _, q := range []struct {
		key  string
		kind QualityKind
	}{{"QA_PIXEL", QualityQAPixel}, {"BQA", QualityBQA}} {
		mtlName := ""
		if bm := md.Bands[q.key]; bm != nil {
			mtlName = bm.File
		}
		file, err := findBandFile(dir, mtlName, q.key)
		if err != nil {
			return err
		}
		if file == "" {
			continue
		}
		f, err := p.openFile(file)
		if err != nil {
			return err
		}
		quality = &fileBand{name: q.key, path: file, img: f.Image, cal: calibration{Gain: 1}}
		p.Quality = q.kind
		if q.kind == QualityBQA && md.Collection == 1 {
			p.Quality = QualityBQACollection1
		}
		break
	}
	return p.assemble(specs, quality, opts)
}

// landsatCalibration returns how a band's DN becomes its physical value.
func landsatCalibration(md *Metadata, letter, key string, bm *BandMetadata) (calibration, string, error) {
	cal := calibration{FillZero: true}
	missing := func(what string) error {
		return fmt.Errorf("sensor: %s: band %s (%s) has no %s", md.Source, key, letter, what)
	}
	if md.Level == LevelL2 {
		if bm == nil || bm.Level2 == nil {
			return cal, "", missing("Level-2 MULT/ADD scale")
		}
		cal.Gain, cal.Offset = bm.Level2.Mult, bm.Level2.Add
		if IsThermal(letter) {
			return cal, fmt.Sprintf("T = %g·DN + %g K", cal.Gain, cal.Offset), nil
		}
		return cal, fmt.Sprintf("ρ = %g·DN + %g", cal.Gain, cal.Offset), nil
	}
	if IsThermal(letter) {
		if bm == nil || bm.Radiance == nil {
			return cal, "", missing("RADIANCE_MULT/ADD")
		}
		cal.Gain, cal.Offset = bm.Radiance.Mult, bm.Radiance.Add
		src := "MTL"
		if bm.Thermal != nil {
			cal.K1, cal.K2 = bm.Thermal.K1, bm.Thermal.K2
		} else {
			k1, k2, err := thermal.Constants(string(md.Platform))
			if err != nil {
				return cal, "", fmt.Errorf("sensor: %s: band %s: no K1/K2 in the MTL and %w", md.Source, key, err)
			}
			cal.K1, cal.K2 = k1, k2
			src = "Chander et al. 2009"
		}
		return cal, fmt.Sprintf("BT = %g/ln(%g/(%g·DN + %g) + 1) K (K1, K2 from %s)", cal.K2, cal.K1, cal.Gain, cal.Offset, src), nil
	}
	if !(md.SunElevation > 0) {
		return cal, "", fmt.Errorf("sensor: %s: SUN_ELEVATION %g° gives no TOA reflectance for band %s", md.Source, md.SunElevation, key)
	}
	sin := math.Sin(md.SunElevation * math.Pi / 180)
	if bm != nil && bm.Reflectance != nil {
		cal.Gain, cal.Offset = bm.Reflectance.Mult/sin, bm.Reflectance.Add/sin
		return cal, fmt.Sprintf("ρ = (%g·DN + %g)/sin(%g°)", bm.Reflectance.Mult, bm.Reflectance.Add, md.SunElevation), nil
	}
	if bm == nil || bm.Radiance == nil {
		return cal, "", missing("REFLECTANCE or RADIANCE coefficients")
	}
	esun, err := thermal.ESUN(string(md.Platform), key)
	if err != nil {
		return cal, "", fmt.Errorf("sensor: %s: band %s has no reflectance coefficients and %w", md.Source, key, err)
	}
	d := md.EarthSunDistance
	dsrc := "MTL"
	if d == 0 {
		if md.Acquired.IsZero() {
			return cal, "", fmt.Errorf("sensor: %s: neither EARTH_SUN_DISTANCE nor DATE_ACQUIRED for the TOA reflectance of band %s", md.Source, key)
		}
		d = thermal.EarthSunDistance(md.Acquired)
		dsrc = "date"
	}
	k := math.Pi * d * d / (esun * sin)
	cal.Gain, cal.Offset = k*bm.Radiance.Mult, k*bm.Radiance.Add
	return cal, fmt.Sprintf("ρ = π·(%g·DN + %g)·%.6f²/(%g·sin(%g°)) (d from %s)", bm.Radiance.Mult, bm.Radiance.Add, d, esun, md.SunElevation, dsrc), nil
}
