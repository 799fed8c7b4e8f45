"""Peer timing for BenchmarkSignedDistanceS2: what a researcher would otherwise run.

Rasterizes the Khorgos line (transformed to UTM 44N with pyproj) onto the same
10980 x 10980 grid of 10 m pixels (rasterio, all_touched), then takes
scipy.ndimage.distance_transform_edt of the non-line pixels, in metres, and signs it
by the CHN polygon (rasterized). This is approximate (distance to the centres of
line pixels, not to the line), so it is a speed reference only, never a golden.

Run:  cd zones/testdata && /usr/bin/python3 border_peer_edt.py
Prints: seconds=S (rasterize + EDT + sign, reading excluded)
"""
import json
import time

import numpy as np
import rasterio.features
from affine import Affine
from pyproj import Transformer
from scipy import ndimage

W = H = 10980
transform = Affine(10, 0, 399960, 0, -10, 4900020)
tr = Transformer.from_crs("EPSG:4326", "EPSG:32644", always_xy=True)


def to_utm(coords):
    xs, ys = tr.transform([c[0] for c in coords], [c[1] for c in coords])
    return [list(p) for p in zip(xs, ys)]


line = json.load(open("border_line.geojson"))["features"][0]["geometry"]["coordinates"]
countries = {f["properties"]["iso_a3"]: f["geometry"]["coordinates"] for f in json.load(open("border_countries.geojson"))["features"]}
geom_line = {"type": "LineString", "coordinates": to_utm(line)}
geom_chn = {"type": "Polygon", "coordinates": [to_utm(r) for r in countries["CHN"]]}

t0 = time.perf_counter()
on_line = rasterio.features.rasterize([(geom_line, 1)], out_shape=(H, W), transform=transform, fill=0, all_touched=True, dtype="uint8")
dist = ndimage.distance_transform_edt(on_line == 0, sampling=10.0).astype(np.float32)
chn = rasterio.features.rasterize([(geom_chn, 1)], out_shape=(H, W), transform=transform, fill=0, dtype="uint8")
dist[chn == 1] *= -1
elapsed = time.perf_counter() - t0
print(f"seconds={elapsed:.2f}")
