package sim

import (
	"context"
	_ "embed"
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"github.com/borderzone/borderzone/raster"
	"github.com/borderzone/borderzone/zones"
)

// Class codes of the truth maps (raster.Labels values; 0 = none).
const (
	Water    uint16 = 1 // river, reservoirs
	BuiltUp  uint16 = 2 // city, settlement, dry port, roads (3 pixels wide)
	Cropland uint16 = 3 // irrigated fields (regular parcels), scattered fields in Kazakhstan
	Trees    uint16 = 4 // greening: shelterbelts, parks, orchards
	Steppe   uint16 = 5 // grass/shrub steppe
	Bare     uint16 = 6 // bare soil, gravel fans
	Solar    uint16 = 7 // photovoltaic farm
)

// NumClasses is the number of land-cover classes (codes 1..NumClasses).
const NumClasses = 7

// Cloud truth codes of Scene.Cloud.
const (
	Clear       uint16 = 0 // no cloud, no shadow
	Cloud       uint16 = 1 // cumulus cloud
	CloudShadow uint16 = 2 // shadow of a cloud on the ground
)

var classes = []raster.Class{
	{Code: Water, Name: "water", Color: color.RGBA{0x1f, 0x78, 0xb4, 0xff}},
	{Code: BuiltUp, Name: "built-up", Color: color.RGBA{0xe3, 0x1a, 0x1c, 0xff}},
	{Code: Cropland, Name: "cropland", Color: color.RGBA{0xff, 0xd9, 0x2f, 0xff}},
	{Code: Trees, Name: "trees", Color: color.RGBA{0x1b, 0x7a, 0x3e, 0xff}},
	{Code: Steppe, Name: "steppe", Color: color.RGBA{0xb2, 0xdf, 0x8a, 0xff}},
	{Code: Bare, Name: "bare", Color: color.RGBA{0xd9, 0xc0, 0x9a, 0xff}},
	{Code: Solar, Name: "solar", Color: color.RGBA{0x6a, 0x3d, 0x9a, 0xff}},
}

// Classes returns the code, name and colour of the seven land-cover classes,
// in code order (a fresh slice each call).
func Classes() []raster.Class { return append([]raster.Class(nil), classes...) }

// CloudClasses returns the classes of Scene.Cloud: 1 cloud, 2 cloud shadow.
func CloudClasses() []raster.Class {
	return []raster.Class{
		{Code: Cloud, Name: "cloud", Color: color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{Code: CloudShadow, Name: "cloud shadow", Color: color.RGBA{0x40, 0x40, 0x40, 0xff}},
	}
}

// BorderLineGeoJSON is an embedded copy of
// ../shared/data/boundaries/khorgos_border_line.geojson: the China–Kazakhstan
// boundary around Khorgos derived from Natural Earth 1:10m admin-0 polygons
// (public domain), WGS 84 longitude/latitude.
//
//go:embed data/khorgos_border_line.geojson
var BorderLineGeoJSON []byte

// CountriesGeoJSON is an embedded copy of
// ../shared/data/boundaries/khorgos_countries.geojson: the China (CHN) and
// Kazakhstan (KAZ) polygons of Natural Earth 1:10m admin-0 countries clipped
// to 79.5–81.5 E, 43.5–45.0 N (public domain), with properties name and
// iso_a3.
//
//go:embed data/khorgos_countries.geojson
var CountriesGeoJSON []byte

// DefaultSize is the scene size used when Options.Size is 0: 1000 x 1000
// pixels of 30 m, 30 x 30 km.
const DefaultSize = 1000

// MinSize and MaxSize bound Options.Size.
const (
	MinSize = 200
	MaxSize = 4000
)

// PixelSize is the pixel side in metres.
const PixelSize = 30.0

// Options configure Generate.
type Options struct {
	// Size is the number of pixels per side; 0 means DefaultSize (1000,
	// 30 km at 30 m). It must be within MinSize..MaxSize.
	Size int
	// Seed drives every random choice; 0 means 1. The same seed gives the
	// same files byte for byte on any number of cores.
	Seed uint64
}

// Scene is one simulated date.
type Scene struct {
	// Year is 2014 or 2024.
	Year int
	// Dir is the folder holding the product (dir/<year>), openable by
	// indices/sensor.Open or OpenLandsat as a Collection 2 Level-2 product.
	Dir string
	// Cover is the truth land cover (codes Water..Solar) on Truth.Grid.
	Cover *raster.Labels
	// Cloud is the truth cloud mask: 1 cloud, 2 cloud shadow, 0 clear.
	Cloud *raster.Labels
	// Training holds sample polygons a researcher would digitize, in the
	// grid's CRS, each with properties "class" (code, a number) and
	// "name"; each lies wholly inside one truth class at this date, with a
	// margin of one pixel, and not under cloud or cloud shadow.
	Training *zones.Set
}

// Truth is what Generate made: the grid, the two dates and the expansion
// patches built into them.
type Truth struct {
	// Grid is UTM zone 44N (EPSG:32644), 30 m pixels, centred near the
	// Khorgos crossing (80.36 E, 44.20 N).
	Grid raster.Grid
	// Scenes are [0] 2014 (Landsat 8 OLI/TIRS) and [1] 2024 (Landsat 9).
	Scenes [2]Scene
	// Expansion gives, by construction, the count and pixel area of the new
	// built-up patches 2014→2024 of each type of Liu et al. (2010), keyed
	// "infilling", "edge-expansion", "outlying".
	Expansion map[string]ExpansionTruth
}

// ExpansionTruth is the number of new built-up patches of one type and their
// total area in pixels.
type ExpansionTruth struct {
	// Patches is the number of new built-up patches of the type.
	Patches int
	// Pixels is their total area in 30 m pixels (0.09 ha each).
	Pixels int
}

// Generate writes the two simulated Landsat Collection 2 Level-2 products
// into dir/2014 and dir/2024 (creating them), the truth maps as COGs with
// palettes into dir/truth (cover_<year>.tif, cloud_<year>.tif) and a
// README.txt, and returns the truth. See the package documentation for the
// design. ctx is checked between stages.
func Generate(ctx context.Context, dir string, opt Options) (*Truth, error) {
	if opt.Size == 0 {
		opt.Size = DefaultSize
	}
	if opt.Size < MinSize || opt.Size > MaxSize {
		return nil, fmt.Errorf("sim: size %d pixels is outside %d..%d", opt.Size, MinSize, MaxSize)
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if dir == "" {
		return nil, fmt.Errorf("sim: no output folder")
	}
	lib, err := library()
	if err != nil {
		return nil, err
	}
	w, err := newWorld(ctx, opt)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t := &Truth{Grid: w.grid, Expansion: w.expansion}
	for i, d := range dates {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sd := filepath.Join(dir, fmt.Sprint(d.year))
		if err := os.MkdirAll(sd, 0o755); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		cloud := w.clouds(i, d)
		img := w.render(lib, i, cloud)
		if err := writeProduct(sd, d, w.grid, img); err != nil {
			return nil, err
		}
		train, err := w.training(i, cloud)
		if err != nil {
			return nil, err
		}
		t.Scenes[i] = Scene{Year: d.year, Dir: sd, Cover: w.cover[i], Cloud: cloud, Training: train}
		if err := writeTruth(dir, t.Scenes[i]); err != nil {
			return nil, err
		}
	}
	if err := writeReadme(dir, opt, t); err != nil {
		return nil, err
	}
	return t, nil
}
