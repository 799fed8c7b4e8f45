"""Signed distance golden on a UTM 44N grid around Khorgos, made with numpy and rasterio.

Independent of borderzone. The grid: 250 x 260 pixels of 500 m, top-left corner
(400000, 5005000) in EPSG:32644 (about 79.8-81.4 E, 44.0-45.2 N; the polygons stop at
45.0 N, so the top rows are in neither country).

- Distance: the border line (border_line.geojson, edges straight in lon/lat) is
  densified every 0.0005 deg (linear in lon/lat), transformed with pyproj
  (always_xy), and every pixel centre is measured against every segment with numpy
  (projection onto the segment clamped to [0, 1]).
- Sign: the two country polygons (border_countries.geojson), densified the same way
  and transformed with pyproj, are rasterized separately with
  rasterio.features.rasterize (pixel-centre rule); negative where only CHN covers the
  pixel, positive where only KAZ does, NaN elsewhere.

Output: border_utm_golden.f32.gz, 65000 little-endian float32 values, row-major.
Run:  cd zones/testdata && /usr/bin/python3 border_utm_golden.py
"""
import gzip
import json

import numpy as np
import rasterio.features
from affine import Affine
from pyproj import Transformer

W, H, PX, X0, Y0 = 250, 260, 500.0, 400000.0, 5005000.0
tr = Transformer.from_crs("EPSG:4326", "EPSG:32644", always_xy=True)


def densify(coords, step=0.0005):
    out = [coords[0]]
    for a, b in zip(coords[:-1], coords[1:]):
        n = int(np.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step))
        for k in range(1, n + 1):
            t = k / n
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return out


def to_utm(coords):
    xs, ys = tr.transform([c[0] for c in coords], [c[1] for c in coords])
    return np.column_stack([xs, ys])


line = json.load(open("border_line.geojson"))["features"][0]["geometry"]["coordinates"]
pts = to_utm(densify(line))
ax, ay = pts[:-1, 0], pts[:-1, 1]
dx, dy = pts[1:, 0] - ax, pts[1:, 1] - ay
len2 = dx * dx + dy * dy

cols, rows = np.meshgrid(np.arange(W) + 0.5, np.arange(H) + 0.5)
px = (X0 + cols * PX).ravel()
py = (Y0 - rows * PX).ravel()
dist = np.empty(px.size)
for s in range(0, px.size, 2000):
    x, y = px[s:s + 2000, None], py[s:s + 2000, None]
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0)
    dist[s:s + 2000] = np.sqrt((x - (ax + t * dx)) ** 2 + (y - (ay + t * dy)) ** 2).min(axis=1)

transform = Affine(PX, 0, X0, 0, -PX, Y0)
masks = {}
for f in json.load(open("border_countries.geojson"))["features"]:
    rings = [to_utm(densify(r)).tolist() for r in f["geometry"]["coordinates"]]
    geom = {"type": "Polygon", "coordinates": rings}
    masks[f["properties"]["iso_a3"]] = rasterio.features.rasterize([(geom, 1)], out_shape=(H, W), transform=transform, fill=0, dtype="uint8").ravel() == 1
chn, kaz = masks["CHN"], masks["KAZ"]
signed = np.where(chn & ~kaz, -dist, np.where(kaz & ~chn, dist, np.nan)).astype("<f4")
with open("border_utm_golden.f32.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
    f.write(signed.tobytes())
print("CHN", int((chn & ~kaz).sum()), "KAZ", int((kaz & ~chn).sum()), "NaN", int(np.isnan(signed).sum()))
