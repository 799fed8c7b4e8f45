#!/usr/bin/python3
"""Golden exact coverage fractions from GEOS (through GDAL/OGR's Python bindings).

For each case, every cell of each zone's bounding window is intersected with
the zone by OGR (GEOS) and its fraction = area(zone ∩ cell) / area(cell).
Written to raster_exact_<case>.txt.gz, one line per zone and cell that is
partly covered:   <zone index> <row> <col> <fraction %.15g>
and one line per zone with the number of wholly covered cells
(fraction > 1 - 1e-12):   <zone index> full <count>

Cases:
  small     the 20 smallest valid zones (by area) of geo_zones_subset.geojson on
            red_10980.tif's grid (30 m, EPSG:32616);
  utm1km    geo_khorgos_utm44n.geojson on a 1 km grid of 95 x 95 cells
            (origin 400015.5, 4935007.25);
  rotated   geo_khorgos_countries.geojson on a rotated 0.02 degree grid
            (geotransform 79.3, 0.02, 0.007, 45.1, 0.006, -0.02), 110 x 95.

Made once, from this folder, with GDAL 3.6.2 / GEOS 3:
  /usr/bin/python3 raster_exact_golden.py
"""
import gzip, json, math, os
from osgeo import ogr

here = os.path.dirname(os.path.abspath(__file__))

CASES = {
    "small": ("geo_zones_subset.geojson", (452475, 30, 0, 3408645, 0, -30), 10980, 10980),
    "utm1km": ("geo_khorgos_utm44n.geojson", (400015.5, 1000, 0, 4935007.25, 0, -1000), 95, 95),
    "rotated": ("geo_khorgos_countries.geojson", (79.3, 0.02, 0.007, 45.1, 0.006, -0.02), 110, 95),
}


def apply(gt, c, r):
    return gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]


def invert(gt):
    det = gt[1] * gt[5] - gt[2] * gt[4]
    return lambda x, y: (((x - gt[0]) * gt[5] - (y - gt[3]) * gt[2]) / det,
                         ((y - gt[3]) * gt[1] - (x - gt[0]) * gt[4]) / det)


def cell_geom(gt, c, r):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for dc, dr in ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0)):
        ring.AddPoint_2D(*apply(gt, c + dc, r + dr))
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(ring)
    return p


def main():
    for case, (fname, gt, W, H) in CASES.items():
        with open(os.path.join(here, fname)) as f:
            fc = json.load(f)
        geoms = [ogr.CreateGeometryFromJson(json.dumps(ft["geometry"])) for ft in fc["features"]]
        idx = list(range(len(geoms)))
        if case == "small":
            idx = sorted((i for i in idx if geoms[i].IsValid()), key=lambda i: geoms[i].GetArea())[:20]
        inv = invert(gt)
        cell_area = abs(gt[1] * gt[5] - gt[2] * gt[4])
        lines = []
        for i in sorted(idx):
            g = geoms[i]
            env = g.GetEnvelope()  # minx, maxx, miny, maxy
            cs, rs = zip(*(inv(x, y) for x in env[:2] for y in env[2:]))
            c0, c1 = max(int(math.floor(min(cs))) - 1, 0), min(int(math.floor(max(cs))) + 2, W)
            r0, r1 = max(int(math.floor(min(rs))) - 1, 0), min(int(math.floor(max(rs))) + 2, H)
            full = 0
            for r in range(r0, r1):
                for c in range(c0, c1):
                    cell = cell_geom(gt, c, r)
                    if not cell.Intersects(g):
                        continue
                    f = g.Intersection(cell).GetArea() / cell_area
                    if f > 1 - 1e-12:
                        full += 1
                    elif f > 0:
                        lines.append(f"{i} {r} {c} {f:.15g}")
            lines.append(f"{i} full {full}")
        path = os.path.join(here, f"raster_exact_{case}.txt.gz")
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write(("\n".join(lines) + "\n").encode())
        print(path, len(lines), "lines")


if __name__ == "__main__":
    main()
