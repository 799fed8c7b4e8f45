package crs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// wktNode is one KEYWORD[...] of a WKT definition. Each argument is a
// quoted string (str), a bare number or identifier (word), or a node.
type wktNode struct {
	key  string
	args []wktArg
}

type wktArg struct {
	str, word string
	quoted    bool
	node      *wktNode
}

const (
	maxWKTDepth = 32
	maxWKTNodes = 10000
)

type wktLexer struct {
	s     string
	pos   int
	nodes int
}

func (l *wktLexer) errorf(format string, args ...any) error {
	return fmt.Errorf("crs: WKT at byte %d: %s", l.pos, fmt.Sprintf(format, args...))
}

func (l *wktLexer) skipSpace() {
	for l.pos < len(l.s) && (l.s[l.pos] == ' ' || l.s[l.pos] == '\t' || l.s[l.pos] == '\n' || l.s[l.pos] == '\r') {
		l.pos++
	}
}

// node parses KEYWORD[arg, ...] (or parentheses).
func (l *wktLexer) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, l.errorf("nested more than %d levels", maxWKTDepth)
	}
	if l.nodes++; l.nodes > maxWKTNodes {
		return nil, l.errorf("more than %d nodes", maxWKTNodes)
	}
	l.skipSpace()
	start := l.pos
	for l.pos < len(l.s) && (l.s[l.pos] == '_' || l.s[l.pos] < 0x80 && (unicode.IsLetter(rune(l.s[l.pos])) || unicode.IsDigit(rune(l.s[l.pos])))) {
		l.pos++
	}
	if l.pos == start {
		return nil, l.errorf("expected a keyword")
	}
	n := &wktNode{key: strings.ToUpper(l.s[start:l.pos])}
	l.skipSpace()
	if l.pos >= len(l.s) || (l.s[l.pos] != '[' && l.s[l.pos] != '(') {
		return nil, l.errorf("expected [ after %s", n.key)
	}
	closer := byte(']')
	if l.s[l.pos] == '(' {
		closer = ')'
	}
	l.pos++
	for {
		l.skipSpace()
		if l.pos >= len(l.s) {
			return nil, l.errorf("%s[ is not closed", n.key)
		}
		c := l.s[l.pos]
		switch {
		case c == closer && len(n.args) == 0:
			l.pos++
			return n, nil
		case c == '"':
			l.pos++
			var b strings.Builder
			for {
				i := strings.IndexByte(l.s[l.pos:], '"')
				if i < 0 {
					return nil, l.errorf("unterminated string")
				}
				b.WriteString(l.s[l.pos : l.pos+i])
				l.pos += i + 1
				if l.pos < len(l.s) && l.s[l.pos] == '"' { // "" is an escaped quote
					b.WriteByte('"')
					l.pos++
					continue
				}
				break
			}
			n.args = append(n.args, wktArg{str: b.String(), quoted: true})
		default:
			save := l.pos
			for l.pos < len(l.s) && !strings.ContainsRune(",[]()\" \t\r\n", rune(l.s[l.pos])) {
				l.pos++
			}
			word := l.s[save:l.pos]
			l.skipSpace()
			if l.pos < len(l.s) && (l.s[l.pos] == '[' || l.s[l.pos] == '(') {
				l.pos = save
				child, err := l.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.args = append(n.args, wktArg{node: child})
			} else {
				if word == "" {
					return nil, l.errorf("unexpected %q in %s", l.s[l.pos], n.key)
				}
				n.args = append(n.args, wktArg{word: word})
			}
		}
		l.skipSpace()
		if l.pos >= len(l.s) {
			return nil, l.errorf("%s[ is not closed", n.key)
		}
		switch l.s[l.pos] {
		case ',':
			l.pos++
		case closer:
			l.pos++
			return n, nil
		default:
			return nil, l.errorf("expected , or %c in %s, found %q", closer, n.key, l.s[l.pos])
		}
	}
}

// name returns the node's first argument when it is a string.
func (n *wktNode) name() string {
	if len(n.args) > 0 && n.args[0].quoted {
		return n.args[0].str
	}
	return ""
}

// child returns the first child node with one of the keys.
func (n *wktNode) child(keys ...string) *wktNode {
	for _, a := range n.args {
		if a.node != nil {
			for _, k := range keys {
				if a.node.key == k {
					return a.node
				}
			}
		}
	}
	return nil
}

// children returns the child nodes with key.
func (n *wktNode) children(key string) []*wktNode {
	var out []*wktNode
	for _, a := range n.args {
		if a.node != nil && a.node.key == key {
			out = append(out, a.node)
		}
	}
	return out
}

// num returns argument i as a number.
func (n *wktNode) num(i int) (float64, error) {
	if i >= len(n.args) {
		return 0, fmt.Errorf("crs: WKT %s[%q]: missing value %d", n.key, n.name(), i+1)
	}
	a := n.args[i]
	s := a.word
	if a.quoted {
		s = a.str
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("crs: WKT %s[%q]: %q is not a finite number", n.key, n.name(), s)
	}
	return f, nil
}

// epsgID returns the EPSG code of an AUTHORITY["EPSG","n"] or ID["EPSG",n]
// child, 0 when there is none.
func (n *wktNode) epsgID() int {
	id := n.child("AUTHORITY", "ID")
	if id == nil || len(id.args) < 2 || !strings.EqualFold(id.name(), "EPSG") {
		return 0
	}
	a := id.args[1]
	s := a.word
	if a.quoted {
		s = a.str
	}
	code, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return code
}

// normName lower-cases a name and keeps only letters and digits.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseWKT recognises a CRS in OGC Well-Known Text: WKT1 as GDAL and ESRI
// write it (GEOGCS, PROJCS with PROJECTION["Transverse_Mercator"],
// "Mercator_1SP", "Lambert_Azimuthal_Equal_Area", "Albers_Conic_Equal_Area",
// "Sinusoidal") and WKT2 (ISO 19162: GEOGCRS, GEODCRS, PROJCRS with a
// CONVERSION whose METHOD is one of the supported methods). A top-level
// EPSG identifier of a supported code selects that CRS. Datums must be
// WGS 84, ETRS89, or unspecified (a custom ellipsoid); the prime meridian
// Greenwich; angles in degrees and lengths in metres. The projected axis
// order of the WKT is not followed: coordinates are always easting,
// northing. Anything else is an error naming it.
func ParseWKT(s string) (*CRS, error) {
	if len(s) > maxDefinitionLen {
		return nil, fmt.Errorf("crs: WKT of %d bytes is too long", len(s))
	}
	l := &wktLexer{s: s}
	root, err := l.node(0)
	if err != nil {
		return nil, err
	}
	l.skipSpace()
	if l.pos != len(s) {
		return nil, l.errorf("unexpected text after the closing bracket")
	}
	if code := root.epsgID(); code != 0 {
		if c, err := FromEPSG(code); err == nil {
			return c, nil
		}
	}
	switch root.key {
	case "PROJCS":
		return wkt1Projected(root)
	case "GEOGCS":
		ell, datum, err := wktGeographic(root)
		if err != nil {
			return nil, err
		}
		return wktBuild(root.name(), Geographic, ell, datum, Params{})
	case "PROJCRS", "PROJECTEDCRS":
		return wkt2Projected(root)
	case "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS":
		if cs := root.child("CS"); cs != nil && len(cs.args) > 0 && !strings.EqualFold(cs.args[0].word, "ellipsoidal") {
			return nil, fmt.Errorf("crs: WKT %s[%q] with a %s coordinate system is not supported (only ellipsoidal)", root.key, root.name(), cs.args[0].word)
		}
		ell, datum, err := wktGeographic(root)
		if err != nil {
			return nil, err
		}
		return wktBuild(root.name(), Geographic, ell, datum, Params{})
	}
	return nil, fmt.Errorf("crs: WKT %s[%q] is not supported (supported: GEOGCS, PROJCS, GEOGCRS, GEODCRS, PROJCRS)", root.key, root.name())
}

func wktBuild(name string, m Method, ell Ellipsoid, datum Datum, p Params) (*CRS, error) {
	c, err := New(name, m, ell, datum, p)
	if err != nil {
		return nil, fmt.Errorf("crs: WKT %q: %w", name, err)
	}
	if known := knownEPSG(c); known != nil {
		return known, nil
	}
	return c, nil
}

// degreeFactor is the radians per degree that WKT writes for degrees.
const degreeFactor = 0.0174532925199433

// checkDegreeUnit accepts a WKT angle unit node when it is the degree.
func checkDegreeUnit(u *wktNode) error {
	if u == nil {
		return nil
	}
	f, err := u.num(1)
	if err != nil {
		return err
	}
	if math.Abs(f/degreeFactor-1) > 1e-10 {
		return fmt.Errorf("crs: WKT angle unit %q (%v rad) is not supported (only degrees)", u.name(), f)
	}
	return nil
}

// checkMetreUnit accepts a WKT length unit node when it is the metre.
func checkMetreUnit(u *wktNode) error {
	if u == nil {
		return nil
	}
	f, err := u.num(1)
	if err != nil {
		return err
	}
	if f != 1 {
		return fmt.Errorf("crs: WKT length unit %q (%v m) is not supported (only metres)", u.name(), f)
	}
	return nil
}

// wktGeographic reads the datum, ellipsoid, prime meridian and angle unit
// of a geographic CRS node (WKT1 GEOGCS or WKT2 GEOGCRS/BASEGEOGCRS).
func wktGeographic(g *wktNode) (Ellipsoid, Datum, error) {
	var ell Ellipsoid
	if pm := g.child("PRIMEM", "PRIMEMERIDIAN"); pm != nil {
		v, err := pm.num(1)
		if err != nil {
			return ell, 0, err
		}
		if v != 0 {
			return ell, 0, fmt.Errorf("crs: WKT prime meridian %q at %v is not supported (only Greenwich)", pm.name(), v)
		}
	}
	if err := checkDegreeUnit(g.child("UNIT", "ANGLEUNIT")); err != nil {
		return ell, 0, err
	}
	if cs := g.child("CS"); cs != nil {
		for _, ax := range g.children("AXIS") {
			if err := checkDegreeUnit(ax.child("ANGLEUNIT", "UNIT")); err != nil {
				return ell, 0, err
			}
		}
	}
	d := g.child("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE")
	if d == nil {
		return ell, 0, fmt.Errorf("crs: WKT %s[%q] has no DATUM", g.key, g.name())
	}
	sph := d.child("SPHEROID", "ELLIPSOID")
	if sph == nil {
		return ell, 0, fmt.Errorf("crs: WKT datum %q has no ellipsoid", d.name())
	}
	a, err := sph.num(1)
	if err != nil {
		return ell, 0, err
	}
	rf, err := sph.num(2)
	if err != nil {
		return ell, 0, err
	}
	if u := sph.child("LENGTHUNIT", "UNIT"); u != nil {
		f, err := u.num(1)
		if err != nil {
			return ell, 0, err
		}
		a *= f
	}
	ell = ellipsoidFromInverseFlattening(sph.name(), a, rf)
	if tw := d.child("TOWGS84"); tw != nil {
		for i := range tw.args {
			if v, err := tw.num(i); err != nil || v != 0 {
				return ell, 0, fmt.Errorf("crs: WKT datum %q has a TOWGS84 datum shift, which is not supported", d.name())
			}
		}
	}
	code := d.epsgID()
	n := normName(d.name())
	switch {
	case code == 6326 || n == "wgs1984" || n == "dwgs1984" || strings.HasPrefix(n, "worldgeodeticsystem1984"):
		if !sameEllipsoid(ell, WGS84Ellipsoid) {
			return ell, 0, fmt.Errorf("crs: WKT datum %q with ellipsoid %q (a=%v, 1/f=%v) is not WGS 84", d.name(), sph.name(), a, rf)
		}
		return ell, DatumWGS84, nil
	case code == 6258 || n == "europeanterrestrialreferencesystem1989" || strings.HasPrefix(n, "europeanterrestrialreferencesystem1989") || n == "detrs1989" || n == "etrs89":
		if !sameEllipsoid(ell, GRS80Ellipsoid) {
			return ell, 0, fmt.Errorf("crs: WKT datum %q with ellipsoid %q is not ETRS89", d.name(), sph.name())
		}
		return ell, DatumETRS89, nil
	case strings.Contains(n, "notspecified") || strings.Contains(n, "unknown") || n == "unnamed" || n == "" || strings.Contains(n, "custom"):
		return ell, DatumUnspecified, nil
	}
	return ell, 0, fmt.Errorf("crs: WKT datum %q is not supported (WGS 84, ETRS89 or unspecified; no datum shifts are done)", d.name())
}

// wktParams collects projection parameters by their canonical names
// (lat0, lon0, k0, fe, fn, lat1, lat2).
type wktParams map[string]float64

func (p wktParams) build(name string, m Method, ell Ellipsoid, datum Datum) (*CRS, error) {
	allowed := map[Method][]string{
		TransverseMercator:        {"lat0", "lon0", "k0", "fe", "fn"},
		Mercator:                  {"lon0", "k0", "fe", "fn"},
		LambertAzimuthalEqualArea: {"lat0", "lon0", "fe", "fn"},
		AlbersEqualArea:           {"lat0", "lon0", "lat1", "lat2", "fe", "fn"},
		Sinusoidal:                {"lon0", "fe", "fn"},
	}[m]
	for k, v := range p {
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok && !(v == 0 || (k == "k0" && v == 1)) {
			return nil, fmt.Errorf("crs: WKT %q: parameter %s = %v does not apply to %s", name, k, v, m)
		}
	}
	pr := Params{Lon0: p["lon0"], Lat0: p["lat0"], Lat1: p["lat1"], Lat2: p["lat2"], K0: p["k0"],
		FalseEasting: p["fe"], FalseNorthing: p["fn"]}
	if m == AlbersEqualArea {
		if _, ok := p["lat2"]; !ok {
			pr.Lat2 = pr.Lat1
		}
	}
	if m != TransverseMercator && m != Mercator {
		pr.K0 = 0
	}
	return wktBuild(name, m, ell, datum, pr)
}

var wkt1ParamNames = map[string]string{
	"latitudeoforigin": "lat0", "latitudeofcenter": "lat0", "latitudeofcentre": "lat0",
	"centralmeridian": "lon0", "longitudeofcenter": "lon0", "longitudeofcentre": "lon0", "longitudeoforigin": "lon0",
	"scalefactor": "k0", "falseeasting": "fe", "falsenorthing": "fn",
	"standardparallel1": "lat1", "standardparallel2": "lat2",
}

var wkt1Methods = map[string]Method{
	"transversemercator": TransverseMercator, "gausskruger": TransverseMercator,
	"mercator1sp": Mercator, "mercator": Mercator, "mercatorauxiliarysphere": Mercator,
	"lambertazimuthalequalarea": LambertAzimuthalEqualArea,
	"albersconicequalarea":      AlbersEqualArea, "albers": AlbersEqualArea,
	"sinusoidal": Sinusoidal,
}

func wkt1Projected(root *wktNode) (*CRS, error) {
	if ext := root.child("EXTENSION"); ext != nil && strings.EqualFold(ext.name(), "PROJ4") && len(ext.args) > 1 {
		// GDAL writes Web Mercator's spherical nature only here.
		return ParseProj(ext.args[1].str)
	}
	g := root.child("GEOGCS")
	if g == nil {
		return nil, fmt.Errorf("crs: WKT PROJCS[%q] has no GEOGCS", root.name())
	}
	ell, datum, err := wktGeographic(g)
	if err != nil {
		return nil, err
	}
	if err := checkMetreUnit(root.child("UNIT")); err != nil {
		return nil, err
	}
	proj := root.child("PROJECTION")
	if proj == nil {
		return nil, fmt.Errorf("crs: WKT PROJCS[%q] has no PROJECTION", root.name())
	}
	m, ok := wkt1Methods[normName(proj.name())]
	if !ok {
		return nil, fmt.Errorf("crs: WKT projection %q is not supported (Transverse_Mercator, Mercator_1SP, Lambert_Azimuthal_Equal_Area, Albers_Conic_Equal_Area, Sinusoidal)", proj.name())
	}
	p := wktParams{}
	for _, pn := range root.children("PARAMETER") {
		key, ok := wkt1ParamNames[normName(pn.name())]
		if !ok {
			return nil, fmt.Errorf("crs: WKT PROJCS[%q]: parameter %q is not supported", root.name(), pn.name())
		}
		v, err := pn.num(1)
		if err != nil {
			return nil, err
		}
		p[key] = v
	}
	return p.build(root.name(), m, ell, datum)
}

var wkt2ParamIDs = map[int]string{
	8801: "lat0", 8802: "lon0", 8805: "k0", 8806: "fe", 8807: "fn",
	8821: "lat0", 8822: "lon0", 8823: "lat1", 8824: "lat2", 8826: "fe", 8827: "fn",
}

var wkt2ParamNames = map[string]string{
	"latitudeofnaturalorigin": "lat0", "longitudeofnaturalorigin": "lon0",
	"scalefactoratnaturalorigin": "k0", "falseeasting": "fe", "falsenorthing": "fn",
	"latitudeoffalseorigin": "lat0", "longitudeoffalseorigin": "lon0",
	"latitudeof1ststandardparallel": "lat1", "latitudeof2ndstandardparallel": "lat2",
	"eastingatfalseorigin": "fe", "northingatfalseorigin": "fn",
	"latitudeofprojectioncentre": "lat0", "longitudeofprojectioncentre": "lon0",
}

var wkt2MethodIDs = map[int]Method{9807: TransverseMercator, 9804: Mercator, 1024: Mercator, 9820: LambertAzimuthalEqualArea, 9822: AlbersEqualArea}

var wkt2MethodNames = map[string]Method{
	"transversemercator": TransverseMercator, "mercatorvarianta": Mercator, "mercator1sp": Mercator,
	"popularvisualisationpseudomercator": Mercator, "lambertazimuthalequalarea": LambertAzimuthalEqualArea,
	"albersequalarea": AlbersEqualArea, "sinusoidal": Sinusoidal,
}

func wkt2Projected(root *wktNode) (*CRS, error) {
	g := root.child("BASEGEOGCRS", "BASEGEODCRS")
	if g == nil {
		return nil, fmt.Errorf("crs: WKT PROJCRS[%q] has no BASEGEOGCRS", root.name())
	}
	ell, datum, err := wktGeographic(g)
	if err != nil {
		return nil, err
	}
	if cs := root.child("CS"); cs != nil {
		if len(cs.args) == 0 || !strings.EqualFold(cs.args[0].word, "Cartesian") {
			return nil, fmt.Errorf("crs: WKT PROJCRS[%q]: coordinate system is not Cartesian", root.name())
		}
	}
	for _, ax := range root.children("AXIS") {
		if err := checkMetreUnit(ax.child("LENGTHUNIT", "UNIT")); err != nil {
			return nil, err
		}
	}
	if err := checkMetreUnit(root.child("LENGTHUNIT", "UNIT")); err != nil {
		return nil, err
	}
	conv := root.child("CONVERSION")
	if conv == nil {
		return nil, fmt.Errorf("crs: WKT PROJCRS[%q] has no CONVERSION", root.name())
	}
	meth := conv.child("METHOD", "PROJECTION")
	if meth == nil {
		return nil, fmt.Errorf("crs: WKT CONVERSION[%q] has no METHOD", conv.name())
	}
	m, ok := wkt2MethodIDs[meth.epsgID()]
	if !ok {
		m, ok = wkt2MethodNames[normName(meth.name())]
	}
	if !ok {
		return nil, fmt.Errorf("crs: WKT method %q is not supported (Transverse Mercator, Mercator, Popular Visualisation Pseudo Mercator, Lambert Azimuthal Equal Area, Albers Equal Area, Sinusoidal)", meth.name())
	}
	if meth.epsgID() == 1024 || normName(meth.name()) == "popularvisualisationpseudomercator" {
		ell = Sphere(ell.A)
	}
	p := wktParams{}
	for _, pn := range conv.children("PARAMETER") {
		key, ok := wkt2ParamIDs[pn.epsgID()]
		if !ok {
			key, ok = wkt2ParamNames[normName(pn.name())]
		}
		if !ok {
			return nil, fmt.Errorf("crs: WKT CONVERSION[%q]: parameter %q is not supported", conv.name(), pn.name())
		}
		v, err := pn.num(1)
		if err != nil {
			return nil, err
		}
		if u := pn.child("ANGLEUNIT", "LENGTHUNIT", "SCALEUNIT", "UNIT"); u != nil {
			f, err := u.num(1)
			if err != nil {
				return nil, err
			}
			switch u.key {
			case "ANGLEUNIT":
				if math.Abs(f/degreeFactor-1) > 1e-10 {
					v = v * f * rad
				}
			default:
				v *= f
			}
		}
		p[key] = v
	}
	return p.build(root.name(), m, ell, datum)
}
