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
  ties, tiessouthup  geo_ties.geojson (written by this script): squares,
           holes in both orientations, diamonds, triangles and an L whose
           vertices and edges lie on cell centres and cell boundaries, on a
           north-up and on a south-up 40 x 40 grid of unit cells.
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
    "ties": dict(width=40, height=40, transform=Affine(1, 0, 0, 0, -1, 40)),
    "tiessouthup": dict(width=40, height=40, transform=Affine(1, 0, 0, 0, 1, 0)),
    "lonlatfine": dict(width=4200, height=3200, transform=Affine(0.0005, 0, 79.4501234, 0, -0.0005, 45.0498766)),
}
FILES = {"zones": "geo_zones_subset.geojson", "utm44n": "geo_khorgos_utm44n.geojson",
         "lonlat": "geo_khorgos_countries.geojson", "lonlatfine": "geo_khorgos_countries.geojson",
         "lonlathalf": "geo_khorgos_countries.geojson", "rotated": "geo_khorgos_countries.geojson",
         "ties": "geo_ties.geojson", "tiessouthup": "geo_ties.geojson"}


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
    ap.add_argument("--cases", default="zones,utm44n,lonlat,lonlathalf,rotated,ties,tiessouthup,lonlatfine")
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
    if "ties" in cases or "tiessouthup" in cases:
        ties = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": n}, "geometry": {"type": "Polygon", "coordinates": rings}}
            for n, rings in tie_shapes()]}
        with open(os.path.join(a.out, FILES["ties"]), "w") as f:
            json.dump(ties, f)
        for case in ("ties", "tiessouthup"):
            if case in cases:
                golden(case, [ft["geometry"] for ft in ties["features"]], a.out)


def tie_shapes():
    """Shapes whose vertices and edges fall on cell centres (x.5) and cell
    boundaries (integers) of a unit grid, in both ring orientations."""
    def sq(x0, y0, x1, y1):
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    out = []
    for k, (x0, y0, x1, y1) in enumerate([(2.5, 2.5, 9.5, 7.5), (12, 2, 19, 8), (22.5, 2, 29, 8.5)]):
        out.append((f"square{k}ccw", [sq(x0, y0, x1, y1)]))
        out.append((f"square{k}cw", [sq(x0, y0, x1, y1)[::-1]]))
    outer, hole = sq(2.5, 12.5, 17.5, 25.5), sq(6.5, 15.5, 11.5, 20.5)
    for o in (outer, outer[::-1]):
        for h in (hole, hole[::-1]):
            out.append(("hole", [o, h]))
    dia = [[26.5, 12.5], [32.5, 18.5], [26.5, 24.5], [20.5, 18.5], [26.5, 12.5]]
    out += [("diamond", [dia]), ("diamondcw", [dia[::-1]])]
    tri = [[3.5, 30.5], [15.5, 30.5], [9.5, 36.5], [3.5, 30.5]]
    out += [("triangle", [tri]), ("trianglecw", [tri[::-1]])]
    ell = [[20, 28.5], [35.5, 28.5], [35.5, 31.5], [24.5, 31.5], [24.5, 38], [20, 38], [20, 28.5]]
    out += [("ell", [ell]), ("ellcw", [ell[::-1]])]
    # Edges less than 0.01 cell from vertical or horizontal that still cross
    # a cell boundary.
    out.append(("steep", [[[34.995, 2.2], [38.3, 2.2], [38.3, 11.3], [35.004, 11.3], [34.995, 2.2]]]))
    out.append(("flat", [[[30.3, 13.995], [39.6, 14.004], [39.6, 16.7], [30.3, 16.7], [30.3, 13.995]]]))
    out.append(("flat2", [[[30.3, 13.004], [39.6, 12.995], [39.6, 10.2], [30.3, 10.2], [30.3, 13.004]]]))
    out.append(("flat3", [[[30.3, 12.995], [39.6, 13.004], [39.6, 10.2], [30.3, 10.2], [30.3, 12.995]]]))
    # Near-vertical edges at distances d from the cell boundary x = 36:
    # GDAL skips an edge lying within its epsilon of a boundary.
    for d in (0.0009, 0.004, 0.009, 0.02, 0.05):
        out.append((f"eps{d}", [[[36 - d, 20.2], [39.3, 20.2], [39.3, 27.7], [36 - 0.9 * d, 27.7], [36 - d, 20.2]]]))
    out.append(("steep2", [[[34.004, 2.2], [30.3, 2.2], [30.3, 11.3], [33.995, 11.3], [34.004, 2.2]]]))
    return out


if __name__ == "__main__":
    main()
