package crs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseProj recognises a PROJ string. Supported: +proj=longlat (latlong,
// lonlat, latlon), utm (+zone, +south), tmerc, merc (+k or +k_0, +lat_ts
// 0 only), webmerc, laea, aea, sinu; +datum=WGS84; +ellps=WGS84, GRS80;
// +a with +b, +rf or +f, +R; +towgs84 with all zeros; +units=m; +lon_0,
// +lat_0, +lat_1, +lat_2, +k, +k_0, +x_0, +y_0; and "+init=epsg:n". The
// flags +no_defs, +wktext, +type=crs, +over, +nadgrids=@null (with a
// spherical Web Mercator definition) and +approx are accepted. Anything
// else is an error naming the parameter.
func ParseProj(s string) (*CRS, error) {
	if len(s) > maxDefinitionLen {
		return nil, fmt.Errorf("crs: PROJ string of %d bytes is too long", len(s))
	}
	kv := map[string]string{}
	var order []string
	for _, tok := range strings.Fields(s) {
		tok = strings.TrimPrefix(tok, "+")
		if tok == "" {
			continue
		}
		k, v, hasValue := strings.Cut(tok, "=")
		k = strings.ToLower(k)
		if !hasValue {
			v = "\x00" // a flag
		}
		if _, dup := kv[k]; dup {
			return nil, fmt.Errorf("crs: PROJ string %q: +%s given twice", abbreviate(s), k)
		}
		kv[k] = v
		order = append(order, k)
	}
	if len(kv) == 0 {
		return nil, fmt.Errorf("crs: empty PROJ string")
	}
	if v, ok := kv["init"]; ok {
		code, isCode := parseAuthorityCode(v)
		if !isCode || !strings.HasPrefix(strings.ToLower(v), "epsg:") {
			return nil, fmt.Errorf("crs: PROJ string %q: +init=%s is not an EPSG code", abbreviate(s), v)
		}
		for _, k := range order {
			if k != "init" && k != "no_defs" && k != "type" {
				return nil, fmt.Errorf("crs: PROJ string %q: +%s together with +init is not supported", abbreviate(s), k)
			}
		}
		return FromEPSG(code)
	}
	p := projParser{src: s, kv: kv, used: map[string]bool{}}
	c, err := p.build()
	if err != nil {
		return nil, err
	}
	for _, k := range order {
		if !p.used[k] {
			return nil, fmt.Errorf("crs: PROJ string %q: parameter +%s is not supported", abbreviate(s), k)
		}
	}
	return c, nil
}

type projParser struct {
	src  string
	kv   map[string]string
	used map[string]bool
}

func (p *projParser) errorf(format string, args ...any) error {
	return fmt.Errorf("crs: PROJ string %q: %s", abbreviate(p.src), fmt.Sprintf(format, args...))
}

// str returns a parameter's value and marks it used.
func (p *projParser) str(k string) (string, bool) {
	v, ok := p.kv[k]
	if ok {
		p.used[k] = true
	}
	return v, ok
}

// num returns a numeric parameter, def when absent.
func (p *projParser) num(k string, def float64) (float64, error) {
	v, ok := p.str(k)
	if !ok {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, p.errorf("+%s=%s is not a finite number", k, strings.Trim(v, "\x00"))
	}
	return f, nil
}

// flag reports whether a value-less parameter is present.
func (p *projParser) flag(k string) (bool, error) {
	v, ok := p.str(k)
	if ok && v != "\x00" {
		return false, p.errorf("+%s takes no value", k)
	}
	return ok, nil
}

func (p *projParser) build() (*CRS, error) {
	for _, k := range []string{"no_defs", "wktext", "over", "approx"} {
		if _, err := p.flag(k); err != nil {
			return nil, err
		}
	}
	if v, ok := p.str("type"); ok && strings.ToLower(v) != "crs" {
		return nil, p.errorf("+type=%s is not supported (only +type=crs)", v)
	}
	if v, ok := p.str("units"); ok && v != "m" {
		return nil, p.errorf("+units=%s is not supported (only metres, +units=m)", v)
	}
	if v, ok := p.str("to_meter"); ok {
		if f, err := strconv.ParseFloat(v, 64); err != nil || f != 1 {
			return nil, p.errorf("+to_meter=%s is not supported (only metres)", v)
		}
	}
	if v, ok := p.str("pm"); ok && v != "greenwich" && v != "0" {
		return nil, p.errorf("+pm=%s is not supported (only Greenwich)", v)
	}
	if v, ok := p.str("axis"); ok && v != "enu" {
		return nil, p.errorf("+axis=%s is not supported (only enu)", v)
	}
	name, ok := p.str("proj")
	if !ok {
		return nil, p.errorf("no +proj")
	}
	ell, datum, err := p.ellipsoid(name)
	if err != nil {
		return nil, err
	}
	var pr Params
	get := func(dst *float64, k string, def float64) {
		if err == nil {
			*dst, err = p.num(k, def)
		}
	}
	var m Method
	switch strings.ToLower(name) {
	case "longlat", "latlong", "lonlat", "latlon":
		m = Geographic
	case "utm":
		var zone float64
		get(&zone, "zone", 0)
		if err != nil {
			return nil, err
		}
		south, ferr := p.flag("south")
		if ferr != nil {
			return nil, ferr
		}
		if _, ok := p.kv["zone"]; !ok || zone != math.Trunc(zone) || zone < 1 || zone > 60 {
			return nil, p.errorf("+proj=utm needs +zone between 1 and 60")
		}
		if datum == DatumWGS84 {
			return UTM(int(zone), !south)
		}
		m = TransverseMercator
		pr = Params{Lon0: 6*zone - 183, K0: 0.9996, FalseEasting: 500000}
		if south {
			pr.FalseNorthing = 10000000
		}
	case "tmerc", "etmerc":
		m = TransverseMercator
		get(&pr.Lon0, "lon_0", 0)
		get(&pr.Lat0, "lat_0", 0)
		get(&pr.K0, "k", 1)
		if _, ok := p.kv["k_0"]; ok {
			get(&pr.K0, "k_0", 1)
		}
		get(&pr.FalseEasting, "x_0", 0)
		get(&pr.FalseNorthing, "y_0", 0)
		if v, ok := p.str("algo"); ok && v != "poder_engsager" && v != "auto" && v != "evenden_snyder" {
			return nil, p.errorf("+algo=%s is not known", v)
		}
	case "merc", "webmerc":
		m = Mercator
		get(&pr.Lon0, "lon_0", 0)
		get(&pr.K0, "k", 1)
		if _, ok := p.kv["k_0"]; ok {
			get(&pr.K0, "k_0", 1)
		}
		var latts float64
		get(&latts, "lat_ts", 0)
		get(&pr.FalseEasting, "x_0", 0)
		get(&pr.FalseNorthing, "y_0", 0)
		if err == nil && latts != 0 {
			return nil, p.errorf("+lat_ts=%v is not supported (only 0; give the scale with +k)", latts)
		}
		if strings.ToLower(name) == "webmerc" {
			if !sameEllipsoid(ell, WGS84Ellipsoid) && !sameEllipsoid(ell, GRS80Ellipsoid) {
				return nil, p.errorf("+proj=webmerc on ellipsoid %q is not supported", ell.Name)
			}
			ell = Sphere(ell.A)
		}
	case "laea":
		m = LambertAzimuthalEqualArea
		get(&pr.Lon0, "lon_0", 0)
		get(&pr.Lat0, "lat_0", 0)
		get(&pr.FalseEasting, "x_0", 0)
		get(&pr.FalseNorthing, "y_0", 0)
	case "aea":
		m = AlbersEqualArea
		get(&pr.Lon0, "lon_0", 0)
		get(&pr.Lat0, "lat_0", 0)
		get(&pr.Lat1, "lat_1", 0)
		pr.Lat2 = pr.Lat1
		if _, ok := p.kv["lat_2"]; ok {
			get(&pr.Lat2, "lat_2", 0)
		}
		get(&pr.FalseEasting, "x_0", 0)
		get(&pr.FalseNorthing, "y_0", 0)
	case "sinu":
		m = Sinusoidal
		get(&pr.Lon0, "lon_0", 0)
		get(&pr.FalseEasting, "x_0", 0)
		get(&pr.FalseNorthing, "y_0", 0)
	default:
		return nil, p.errorf("+proj=%s is not supported (supported: longlat, utm, tmerc, merc, webmerc, laea, aea, sinu)", name)
	}
	if err != nil {
		return nil, err
	}
	c, err := New(p.src, m, ell, datum, pr)
	if err != nil {
		return nil, p.errorf("%v", err)
	}
	c.name = abbreviate(strings.TrimSpace(p.src))
	if known := knownEPSG(c); known != nil {
		return known, nil
	}
	return c, nil
}

// ellipsoid reads +datum, +ellps, +a/+b/+rf/+f/+R, +towgs84 and +nadgrids.
func (p *projParser) ellipsoid(projName string) (Ellipsoid, Datum, error) {
	var ell Ellipsoid
	datum := DatumUnspecified
	haveEll := false
	if v, ok := p.str("datum"); ok {
		switch strings.ToUpper(v) {
		case "WGS84":
			ell, datum, haveEll = WGS84Ellipsoid, DatumWGS84, true
		default:
			return ell, datum, p.errorf("+datum=%s is not supported (only WGS84; no datum shifts are done)", v)
		}
	}
	if v, ok := p.str("ellps"); ok {
		if haveEll {
			return ell, datum, p.errorf("+ellps together with +datum")
		}
		switch strings.ToUpper(v) {
		case "WGS84":
			ell = WGS84Ellipsoid
		case "GRS80":
			ell = GRS80Ellipsoid
		case "AIRY":
			ell = Ellipsoid{Name: "Airy 1830", A: 6377563.396, F: 1 / 299.3249646}
		case "INTL":
			ell = Ellipsoid{Name: "International 1924", A: 6378388, F: 1 / 297.0}
		case "SPHERE":
			ell = Sphere(6370997)
		default:
			return ell, datum, p.errorf("+ellps=%s is not supported (WGS84, GRS80, airy, intl, sphere, or +a with +b/+rf/+f, or +R)", v)
		}
		haveEll = true
	}
	_, hasR := p.kv["r"]
	_, hasA := p.kv["a"]
	if hasR || hasA {
		if haveEll {
			return ell, datum, p.errorf("+a or +R together with +datum or +ellps")
		}
		if hasR {
			r, err := p.num("r", 0)
			if err != nil {
				return ell, datum, err
			}
			ell = Sphere(r)
		} else {
			a, err := p.num("a", 0)
			if err != nil {
				return ell, datum, err
			}
			_, hasB := p.kv["b"]
			_, hasRf := p.kv["rf"]
			_, hasF := p.kv["f"]
			switch {
			case hasB:
				b, err := p.num("b", 0)
				if err != nil {
					return ell, datum, err
				}
				ell = ellipsoidFromSemiMinor("custom", a, b)
			case hasRf:
				rf, err := p.num("rf", 0)
				if err != nil {
					return ell, datum, err
				}
				ell = ellipsoidFromInverseFlattening("custom", a, rf)
			case hasF:
				f, err := p.num("f", 0)
				if err != nil {
					return ell, datum, err
				}
				ell = Ellipsoid{Name: "custom", A: a, F: f}
			default:
				ell = Sphere(a)
			}
		}
		haveEll = true
	}
	if !haveEll {
		return ell, datum, p.errorf("no ellipsoid (+datum, +ellps, +a or +R)")
	}
	if v, ok := p.str("towgs84"); ok {
		for _, f := range strings.Split(v, ",") {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || x != 0 {
				return ell, datum, p.errorf("+towgs84=%s is a datum shift, which is not supported", v)
			}
		}
		if sameEllipsoid(ell, WGS84Ellipsoid) {
			datum = DatumWGS84
		} else if sameEllipsoid(ell, GRS80Ellipsoid) {
			datum = DatumETRS89
		}
	}
	if v, ok := p.str("nadgrids"); ok {
		// "+nadgrids=@null" is how PROJ 4 wrote Web Mercator: a sphere
		// carrying WGS 84 longitudes/latitudes without shift.
		if v != "@null" {
			return ell, datum, p.errorf("+nadgrids=%s is a datum shift, which is not supported", v)
		}
		if !ell.IsSphere() || ell.A != 6378137 || strings.ToLower(projName) != "merc" {
			return ell, datum, p.errorf("+nadgrids=@null is only supported in the Web Mercator definition")
		}
		datum = DatumWGS84
	}
	return ell, datum, nil
}

// knownEPSG returns the EPSG-coded CRS equal to c, or nil.
func knownEPSG(c *CRS) *CRS {
	var cand *CRS
	switch c.method {
	case Geographic:
		switch c.datum {
		case DatumWGS84:
			cand = WGS84()
		case DatumETRS89:
			cand = ETRS89()
		}
	case Mercator:
		if c.datum == DatumWGS84 {
			if c.ellipsoid.IsSphere() {
				cand = WebMercator()
			} else {
				cand = WorldMercator()
			}
		}
	case TransverseMercator:
		p := c.params
		if c.datum == DatumWGS84 && p.K0 == 0.9996 && p.FalseEasting == 500000 && p.Lat0 == 0 &&
			(p.FalseNorthing == 0 || p.FalseNorthing == 10000000) {
			z := (p.Lon0 + 183) / 6
			if z == math.Trunc(z) && z >= 1 && z <= 60 {
				cand, _ = UTM(int(z), p.FalseNorthing == 0)
			}
		}
	case LambertAzimuthalEqualArea:
		cand = ETRS89LAEAEurope()
	}
	if cand != nil && cand.Equal(c) {
		return cand
	}
	return nil
}
