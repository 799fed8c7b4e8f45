"""Brute-force geodesic distances from pixel centres to the Khorgos border line.

Independent of borderzone: pyproj.Geod (GeographicLib, Karney 2013) on WGS 84.
Each edge of border_line.geojson is straight in longitude/latitude (RFC 7946).
For every pixel centre and every edge, points are sampled along the edge every
~50 m (linear in lon/lat) and the geodesic distance to each is computed; around
the best sample of every edge whose coarse minimum is within 200 m of the
overall coarse minimum, the edge is resampled every ~2 cm between the
neighbouring coarse samples. The least distance is kept. Sampling error: at
most s^2/(8d) for spacing s = 2 cm (under 1e-7 m at d > 1 km), or s/2 = 1 cm
on the line itself.

Run:  /usr/bin/python3 border_geodesic_golden.py > border_geodesic_golden.json
"""
import json
import math

import numpy as np
from pyproj import Geod

geod = Geod(ellps="WGS84")
with open("border_line.geojson") as f:
    line = json.load(f)["features"][0]["geometry"]["coordinates"]
line = np.array(line, dtype=float)

GRIDS = [
    # name, top-left lon, top-left lat, pixel size (deg), width, height
    ("khorgos_0.03deg", 80.12, 44.42, 0.03, 16, 14),
    ("wide_0.15deg", 79.55, 44.95, 0.15, 13, 10),
]


def samples(a, b, step):
    length = geod.inv(a[0], a[1], b[0], b[1])[2]
    n = max(2, int(math.ceil(length / step)) + 1)
    t = np.linspace(0.0, 1.0, n)
    return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), t


def distance(lon, lat):
    coarse = []
    for i in range(len(line) - 1):
        lons, lats, t = samples(line[i], line[i + 1], 50.0)
        d = geod.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)[2]
        j = int(np.argmin(d))
        coarse.append((d[j], i, t, j))
    dmin = min(c[0] for c in coarse)
    best = math.inf
    for d0, i, t, j in coarse:
        if d0 > dmin + 200.0:
            continue
        t0, t1 = t[max(j - 1, 0)], t[min(j + 1, len(t) - 1)]
        a, b = line[i], line[i + 1]
        pa = a + t0 * (b - a)
        pb = a + t1 * (b - a)
        lons, lats, _ = samples(pa, pb, 0.02)
        d = geod.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)[2]
        best = min(best, float(d.min()))
    return best


out = []
for name, lon0, lat0, px, w, h in GRIDS:
    vals = []
    for r in range(h):
        for c in range(w):
            lon = lon0 + (c + 0.5) * px
            lat = lat0 - (r + 0.5) * px
            vals.append(round(distance(lon, lat), 4))
    out.append({"name": name, "transform": [lon0, px, 0, lat0, 0, -px], "width": w, "height": h, "distance_m": vals})
json.dump({"tool": "pyproj %s Geod(ellps=WGS84).inv, brute force" % __import__("pyproj").__version__, "grids": out}, __import__("sys").stdout, indent=1)
