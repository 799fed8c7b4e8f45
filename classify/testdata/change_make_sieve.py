# Makes change_sieve.json: seeded random class maps (codes 0-4, 0 = nodata)
# and what `gdal_sieve.py -st N -4|-8` makes of them, for several thresholds.
# Run: /usr/bin/python3 testdata/change_make_sieve.py [seed] > testdata/change_sieve.json
# (committed with the default seed 3; TestSieveAgainstGDAL runs it live with
# another seed when GDAL is installed).
import json, os, subprocess, sys, tempfile
import numpy as np
from osgeo import gdal

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 3
rng = np.random.default_rng(seed)
cases = []
tmp = tempfile.mkdtemp()
for k, (w, h) in enumerate(((23, 17), (40, 31), (9, 60))):
    # Blocky classes with salt-and-pepper noise and a few nodata pixels.
    base = rng.integers(1, 5, size=(h // 3 + 1, w // 3 + 1))
    m = np.kron(base, np.ones((3, 3), int))[:h, :w]
    noise = rng.random((h, w)) < 0.25
    m[noise] = rng.integers(1, 5, size=noise.sum())
    m[rng.random((h, w)) < 0.04] = 0
    m = m.astype(np.uint8)
    src = os.path.join(tmp, "in%d.tif" % k)
    ds = gdal.GetDriverByName("GTiff").Create(src, w, h, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((500000, 30, 0, 4900000, 0, -30))
    ds.GetRasterBand(1).SetNoDataValue(0)
    ds.GetRasterBand(1).WriteArray(m)
    ds = None
    for conn in (4, 8):
        for st in (2, 4, 7, 15):
            dst = os.path.join(tmp, "out%d_%d_%d.tif" % (k, conn, st))
            subprocess.run(["gdal_sieve.py", "-q", "-st", str(st), "-%d" % conn, "-of", "GTiff", src, dst], check=True)
            out = gdal.Open(dst).ReadAsArray()
            cases.append({"width": w, "height": h, "connectivity": conn, "threshold": st,
                          "input": m.ravel().tolist(), "gdal": out.ravel().tolist()})
print(json.dumps({"gdal_version": gdal.__version__, "seed": seed, "cases": cases}))
