package sim

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/borderzone/borderzone/raster"
)

// dateInfo describes one simulated acquisition.
type dateInfo struct {
	year         int
	spacecraft   string // SPACECRAFT_ID
	prefix       string // LC08 or LC09
	acquired     string // DATE_ACQUIRED
	processed    string // processing date in the product id
	centreTime   string // SCENE_CENTER_TIME
	sunAzimuth   float64
	sunElevation float64
	earthSun     float64 // AU
	cloudCover   float64 // fraction of the scene under cloud
	cloudHeight  float64 // m, cloud base used for the shadow offset
}

// The two dates: Landsat 8 on 2014-08-15 and Landsat 9 on 2024-08-18, WRS-2
// path 147 row 29 (which covers Khorgos), around 05:20 UTC. Sun angles are
// those of 44.205 N 80.37 E at the scene centre time by NOAA's general solar
// position equations (Fourier series of declination and equation of time);
// Earth–Sun distances for the date.
var dates = [2]dateInfo{
	{year: 2014, spacecraft: "LANDSAT_8", prefix: "LC08", acquired: "2014-08-15", processed: "20200911",
		centreTime: "05:19:42.5116240Z", sunAzimuth: 142.6, sunElevation: 55.3, earthSun: 1.0126,
		cloudCover: 0.025, cloudHeight: 1200},
	{year: 2024, spacecraft: "LANDSAT_9", prefix: "LC09", acquired: "2024-08-18", processed: "20240819",
		centreTime: "05:19:31.0924710Z", sunAzimuth: 143.8, sunElevation: 54.2, earthSun: 1.0119,
		cloudCover: 0.018, cloudHeight: 1500},
}

// clouds makes the truth cloud mask of date i: cumulus cells (discs of
// radius 5–16 pixels with edges perturbed by value noise), drawn until they
// cover cloudCover of the scene (at most 2000 cells), and their
// shadows, the cloud mask shifted away from the sun by
// height/tan(elevation). A cell whose cloud or shadow would touch
// keepClear is dropped.
func (w *world) clouds(i int, d dateInfo) *raster.Labels {
	n := w.n
	out := &raster.Labels{Grid: w.grid, Data: make([]uint16, n*n), Classes: CloudClasses()}
	rng := rand.New(rand.NewPCG(w.seed, uint64(0xc10d0+i)))
	target := int(math.Round(d.cloudCover * float64(n*n)))
	covered := 0
	// Shadow: away from the sun; az is clockwise from north, rows grow south.
	l := d.cloudHeight / math.Tan(d.sunElevation*math.Pi/180) / PixelSize
	az := (d.sunAzimuth + 180) * math.Pi / 180
	dx, dy := int(math.Round(l*math.Sin(az))), int(math.Round(-l*math.Cos(az)))
	cloud := make([]bool, n*n)
	var cell []int
	for j := 0; j < 2000 && covered < target; j++ {
		cx, cy := rng.Float64()*float64(n), rng.Float64()*float64(n)
		r := 5 + 11*rng.Float64()
		cell = cell[:0]
		hit := false
		for y := int(cy - 1.5*r); y <= int(cy+1.5*r); y++ {
			for x := int(cx - 1.5*r); x <= int(cx+1.5*r); x++ {
				if x < 0 || y < 0 || x >= n || y >= n {
					continue
				}
				dd := math.Hypot(float64(x)-cx, float64(y)-cy) / r
				if dd+0.35*valueNoise(w.seed*31+uint64(i), float64(x), float64(y), 5) < 1 {
					cell = append(cell, y*n+x)
					sx, sy := x+dx, y+dy
					if w.keepClear[y*n+x] || sx >= 0 && sy >= 0 && sx < n && sy < n && w.keepClear[sy*n+sx] {
						hit = true
					}
				}
			}
		}
		if hit {
			continue // this cell or its shadow would hide a settlement or a new patch
		}
		for _, c := range cell {
			if !cloud[c] {
				cloud[c] = true
				covered++
			}
		}
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if cloud[y*n+x] {
				out.Data[y*n+x] = Cloud
				continue
			}
			sx, sy := x-dx, y-dy
			if sx >= 0 && sy >= 0 && sx < n && sy < n && cloud[sy*n+sx] {
				out.Data[y*n+x] = CloudShadow
			}
		}
	}
	return out
}

// image holds one date's DN arrays: SR_B2..SR_B7, ST_B10, QA_PIXEL.
type dnImage struct {
	bands [8][]uint16
	// phys holds the values before quantisation (reflectance, kelvin)
	// when the world's keepPhys is set (tests).
	phys [7][]float64
}

// Within-class variation, as fractions of the reflectance: a brightness
// factor common to all bands and an independent per-band term; thermal
// noise in kelvin.
const (
	brightSD  = 0.04
	bandSD    = 0.015
	kelvinSD  = 0.8
	shadowK   = 0.35 // reflectance multiplier under cloud shadow
	shadowDT  = 4.0  // K cooler under cloud shadow
	textureSc = 9.0  // pixels, scale of the within-class texture noise
)

// QA_PIXEL values written (Landsat 8-9 C2 L2 Science Product Guide, table
// 6-3; the values USGS products carry): clear land, clear water, cloud with
// high confidence, cloud shadow with high confidence; the other confidence
// pairs are "low".
const (
	qaClear  = 21824
	qaWater  = 21952
	qaCloud  = 22280
	qaShadow = 23888
)

// render makes the DN of date i from the truth, the library and the clouds.
// Rows are rendered in parallel; every random value is a hash of (seed,
// date, pixel, band), so the result does not depend on the number of cores.
func (w *world) render(lib *pools, i int, cl *raster.Labels) *dnImage {
	n := w.n
	img := &dnImage{}
	for b := range img.bands {
		img.bands[b] = make([]uint16, n*n)
	}
	if w.keepPhys {
		for b := range img.phys {
			img.phys[b] = make([]float64, n*n)
		}
	}
	cover := w.cover[i].Data
	seed := w.seed*7919 + uint64(i)*104729
	var wg sync.WaitGroup
	rows := make(chan int, n)
	for y := 0; y < n; y++ {
		rows <- y
	}
	close(rows)
	for g := 0; g < runtime.GOMAXPROCS(0); g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := range rows {
				for x := 0; x < n; x++ {
					idx := y*n + x
					c := cover[idx]
					state := cl.Data[idx]
					pool := lib[c]
					if state == Cloud {
						pool = lib[cloudPool]
					}
					var t float64
					if c == Cropland && state != Cloud {
						// one draw per parcel and year, plus texture
						t = unit(hash3(seed, 11, int64(x/parcelW), int64(y/parcelH)))
						t += 0.08 * valueNoise(seed+uint64(c), float64(x), float64(y), textureSc)
					} else {
						t = 0.5 + 0.7*valueNoise(seed+uint64(c)*977, float64(x), float64(y), textureSc)
					}
					k := int(t * float64(len(pool)))
					k = max(0, min(len(pool)-1, k))
					s := pool[k]
					bf := 1 + brightSD*gauss(hash3(seed, int64(idx), 1, 0), hash3(seed, int64(idx), 2, 0))
					for b := 0; b < 6; b++ {
						f := bf + bandSD*gauss(hash3(seed, int64(idx), 3, int64(b)), hash3(seed, int64(idx), 4, int64(b)))
						v := s.Reflectance[b] * f
						if state == CloudShadow {
							v *= shadowK
						}
						img.bands[b][idx] = srDN(v)
						if img.phys[b] != nil {
							img.phys[b][idx] = v
						}
					}
					kel := s.Kelvin + kelvinSD*gauss(hash3(seed, int64(idx), 5, 0), hash3(seed, int64(idx), 6, 0))
					if state == CloudShadow {
						kel -= shadowDT
					}
					img.bands[6][idx] = stDN(kel)
					if img.phys[6] != nil {
						img.phys[6][idx] = kel
					}
					switch {
					case state == Cloud:
						img.bands[7][idx] = qaCloud
					case state == CloudShadow:
						img.bands[7][idx] = qaShadow
					case c == Water:
						img.bands[7][idx] = qaWater
					default:
						img.bands[7][idx] = qaClear
					}
				}
			}
		}()
	}
	wg.Wait()
	return img
}

// Collection 2 Level-2 scaling (LSDS-1619): ρ = 2.75e-5·DN − 0.2 and
// T = 0.00341802·DN + 149 K; DN 0 is fill.
const (
	SRMult = 2.75e-5
	SRAdd  = -0.2
	STMult = 0.00341802
	STAdd  = 149.0
)

// srDN encodes a surface reflectance as a C2 L2 DN, 1..65535.
func srDN(r float64) uint16 { return clampDN(math.Round((r - SRAdd) / SRMult)) }

// stDN encodes a surface temperature in kelvin as a C2 L2 DN, 1..65535.
func stDN(k float64) uint16 { return clampDN(math.Round((k - STAdd) / STMult)) }

func clampDN(v float64) uint16 {
	if v < 1 {
		return 1
	}
	if v > 65535 {
		return 65535
	}
	return uint16(v)
}
