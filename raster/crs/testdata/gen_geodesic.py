#!/usr/bin/python3
"""Regenerates testdata/geodesic.txt: geodesic area (m^2) and perimeter (m)
of test polygons on WGS 84 by GeographicLib (Karney 2013) through pyproj.

Generated with pyproj 3.4.1 / PROJ 9.1.1 (Debian python3-pyproj) by running,
from raster/crs:

    /usr/bin/python3 testdata/gen_geodesic.py > testdata/geodesic.txt

Each line: name, area, perimeter, then the ring as lon,lat pairs.
"""
from pyproj import Geod

g = Geod(ellps="WGS84")
rings = {
    "khorgos_block": [(80.30, 44.10), (80.55, 44.10), (80.55, 44.30), (80.30, 44.30)],
    "hectare_equator": [(10.0, 0.0), (10.0009, 0.0), (10.0009, 0.0009), (10.0, 0.0009)],
    "triangle_africa": [(0.0, 0.0), (30.0, -20.0), (40.0, 10.0)],
    "kazakhstan_box": [(46.5, 40.5), (87.3, 40.5), (87.3, 55.4), (46.5, 55.4)],
    "high_arctic": [(-30.0, 75.0), (40.0, 78.0), (100.0, 82.0), (-100.0, 80.0)],
    "south_quad": [(150.0, -30.0), (-170.0, -35.0), (-175.0, -50.0), (155.0, -45.0)],
    "long_thin": [(0.0, 10.0), (120.0, 10.5), (120.0, 10.6), (0.0, 10.1)],
    "polar_cap": [(0, 80), (90, 80), (180, 80), (-90, 80)],
}
for name, ring in rings.items():
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    area, perim = g.polygon_area_perimeter(lons, lats)
    print(name, repr(abs(area)), repr(perim), " ".join("%r,%r" % p for p in ring))
