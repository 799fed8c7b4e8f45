#!/usr/bin/python3
"""Golden pixel sets for zones.Rasterize from rasterio.features.rasterize.

Writes, for each case and rule (center = default, touched = all_touched=True),
a gzip text file raster_<case>_<rule>.txt.gz with one line per zone row that
has cells:  <zone index, 0-based> <row> <first col> <last col> [<first> <last> ...]
(inclusive runs of burnt columns, on the full grid). Each zone is burnt on
its own; zones whose pixel bounding boxes overlap are burnt in separate
rasterize calls, so overlapping zones never hide each other.

Cases:
  zones    geo_zones_subset.geojson (every EVERY-th feature of
           zones_1000.geojson) on the grid of red_10980.tif
           (10980 x 10980, 30 m, EPSG:32616, origin 452475, 3408645).
  utm44n   geo_khorgos_utm44n.geojson (China and Kazakhstan transformed
           by rasterio.warp.transform_geom to EPSG:32644) on a 30 m grid
           of 3000 x 3000 around Khorgos.
  lonlat   geo_khorgos_countries.geojson on a 0.0025 degree grid aligned
           with the polygons' straight edges at 43.5 and 45 N (edges
           exactly on cell boundaries: GDAL's tie rules matter).
  lonlathalf  the same polygons on the 0.0025 degree grid shifted by half a
           cell, so that the straight edges run exactly through cell centres.
  rotated  the same polygons on a rotated and sheared 900 x 900 grid
           (geotransform 79.3, 0.002, 0.0007, 45.1, 0.0006, -0.002).
  lonlatfine  the same polygons on a 0.0005 degree grid with an origin off
           the polygons' vertices.

Made with (from zones/testdata):
  /usr/bin/python3 raster_golden.py --zones /work/main/bench-inputs/zones_1000.geojson --every 4 --out .
The live test (TestRasterizeMatchesRasterioLive) runs it with --every 1 into
a temporary directory.
"""
import argparse, gzip, json, os
import numpy as np
import rasterio
from rasterio.features import rasterize
from rasterio.transform import Affine
from rasterio.warp import transform_geom

here = os.path.dirname(os.path.abspath(__file__))

GRIDS = {
    "zones": dict(width=10980, height=10980, transform=Affine(30, 0, 452475, 0, -30, 3408645)),
    "utm44n": dict(width=3000, height=3000, transform=Affine(30, 0, 400015.5, 0, -30, 4935007.25)),
    "lonlat": dict(width=840, height=640, transform=Affine(0.0025, 0, 79.45, 0, -0.0025, 45.05)),
    "lonlathalf": dict(width=840, height=640, transform=Affine(0.0025, 0, 79.44875, 0, -0.0025, 45.05125)),
    "rotated": dict(width=900, height=900, transform=Affine(0.002, 0.0007, 79.3, 0.0006, -0.002, 45.1)),
    "lonlatfine": dict(width=4200, height=3200, transform=Affine(0.0005, 0, 79.4501234, 0, -0.0005, 45.0498766)),
}
FILES = {"zones": "geo_zones_subset.geojson", "utm44n": "geo_khorgos_utm44n.geojson",
         "lonlat": "geo_khorgos_countries.geojson", "lonlatfine": "geo_khorgos_countries.geojson",
         "lonlathalf": "geo_khorgos_countries.geojson", "rotated": "geo_khorgos_countries.geojson"}


def bbox_px(geom, inv):
    xs, ys = [], []
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for p in polys:
        for ring in p:
            for x, y in ring:
                c, r = inv * (x, y)
                xs.append(c)
                ys.append(r)
    return int(np.floor(min(xs))) - 2, int(np.floor(min(ys))) - 2, int(np.floor(max(xs))) + 3, int(np.floor(max(ys))) + 3


def golden(case, geoms, out, rules=("center", "touched")):
    g = GRIDS[case]
    W, H, T = g["width"], g["height"], g["transform"]
    inv = ~T
    boxes = [bbox_px(geom, inv) for geom in geoms]
    groups = []  # greedy: a zone joins the first group it does not overlap
    for i, b in enumerate(boxes):
        for grp in groups:
            if all(b[2] <= boxes[j][0] or boxes[j][2] <= b[0] or b[3] <= boxes[j][1] or boxes[j][3] <= b[1] for j in grp):
                grp.append(i)
                break
        else:
            groups.append([i])
    for rule in rules:
        lines = {}
        for grp in groups:
            arr = rasterize([(geoms[i], i + 1) for i in grp], out_shape=(H, W), transform=T,
                            fill=0, all_touched=(rule == "touched"), dtype="uint16")
            for i in grp:
                c0, r0, c1, r1 = boxes[i]
                c0, r0, c1, r1 = max(c0, 0), max(r0, 0), min(c1, W), min(r1, H)
                if c0 >= c1 or r0 >= r1:
                    continue
                win = arr[r0:r1, c0:c1] == i + 1
                for rr in range(win.shape[0]):
                    row = win[rr]
                    if not row.any():
                        continue
                    d = np.diff(np.concatenate([[0], row.astype(np.int8), [0]]))
                    starts = np.flatnonzero(d == 1)
                    ends = np.flatnonzero(d == -1) - 1
                    runs = " ".join(f"{s + c0} {e + c0}" for s, e in zip(starts, ends))
                    lines.setdefault(i, []).append(f"{i} {rr + r0} {runs}")
        path = os.path.join(out, f"raster_{case}_{rule}.txt.gz")
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            for i in sorted(lines):
                f.write(("\n".join(lines[i]) + "\n").encode())
        print(path, sum(len(v) for v in lines.values()), "rows")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zones", default="/work/main/bench-inputs/zones_1000.geojson")
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--out", default=here)
    ap.add_argument("--cases", default="zones,utm44n,lonlat,lonlathalf,rotated,lonlatfine")
    a = ap.parse_args()
    cases = a.cases.split(",")
    if "zones" in cases:
        with open(a.zones) as f:
            fc = json.load(f)
        fc["features"] = fc["features"][::a.every]
        with open(os.path.join(a.out, FILES["zones"]), "w") as f:
            json.dump(fc, f)
        golden("zones", [ft["geometry"] for ft in fc["features"]], a.out)
    with open(os.path.join(here, "geo_khorgos_countries.geojson")) as f:
        countries = json.load(f)
    if "utm44n" in cases:
        utm = {"type": "FeatureCollection",
               "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32644"}},
               "features": [{"type": "Feature", "properties": ft["properties"],
                             "geometry": transform_geom("EPSG:4326", "EPSG:32644", ft["geometry"], precision=-1)}
                            for ft in countries["features"]]}
        path = os.path.join(a.out, FILES["utm44n"])
        if a.out == here or not os.path.exists(path):
            with open(path, "w") as f:
                json.dump(utm, f)
        golden("utm44n", [ft["geometry"] for ft in utm["features"]], a.out)
    for case in ("lonlat", "lonlathalf", "rotated", "lonlatfine"):
        if case in cases:
            golden(case, [ft["geometry"] for ft in countries["features"]], a.out)


if __name__ == "__main__":
    main()
