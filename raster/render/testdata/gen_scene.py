# Golden values for TestSceneNumpy, generated once with
#   /usr/bin/python3 testdata/gen_scene.py > testdata/scene.json
# Reads ../geotiff/testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif with
# GDAL's Python bindings (no nodata in this file) and computes, per band,
# numpy.nanpercentile(band, [2, 98], method="linear") and the 3x3 block
# nanmean of band 4 (0-based 3), edge blocks partial (padded with NaN),
# cast to float32 and stored as base64 little-endian float32.
import base64, json
import numpy as np
from osgeo import gdal

ds = gdal.Open("../geotiff/testdata/corpus/l5_7band_byte_lzw_band_tiled128.tif")
out = {"command": "/usr/bin/python3 testdata/gen_scene.py > testdata/scene.json",
       "numpy": np.__version__, "gdal": gdal.__version__, "percentiles": []}
for i in range(ds.RasterCount):
    a = ds.GetRasterBand(i + 1).ReadAsArray().astype(np.float64)
    out["percentiles"].append([float(v) for v in np.nanpercentile(a, [2, 98], method="linear")])
a = ds.GetRasterBand(4).ReadAsArray().astype(np.float64)
f = 3
h, w = a.shape
H, W = -(-h // f) * f, -(-w // f) * f
p = np.full((H, W), np.nan)
p[:h, :w] = a
r = np.nanmean(p.reshape(H // f, f, W // f, f), axis=(1, 3)).astype("<f4")
out["reduce3_band3"] = {"width": W // f, "height": H // f, "f32le": base64.b64encode(r.tobytes()).decode()}
print(json.dumps(out, indent=1))
