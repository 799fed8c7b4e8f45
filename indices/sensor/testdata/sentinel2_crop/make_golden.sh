#!/bin/sh
# Regenerates b12_bilinear_golden.csv: GDAL's bilinear resampling of the 200 m B12 crop
# onto the 100 m B04 crop grid, converted to reflectance in numpy ((DN + 0)/10000,
# baseline 02.14), sampled every 5th row and column. GDAL 3.6.2, rasterio, numpy.
set -e
cd "$(dirname "$0")"
WARPED="${TMPDIR:-/tmp}/b12_bilinear_100m_$$.tif"
export WARPED
gdalwarp -q -overwrite -ot Float32 -r bilinear -te 199980 2780020 219980 2800020 -tr 100 100 B12.tif "$WARPED"
/usr/bin/python3 - <<'PY'
import os
import numpy as np
import rasterio
w = rasterio.open(os.environ['WARPED']).read(1).astype(np.float64)
b4 = rasterio.open('B04.tif').read(1).astype(np.float64)
with open('b12_bilinear_golden.csv', 'w') as f:
    f.write('col,row,b12_reflectance,b04_reflectance\n')
    for r in range(0, 200, 5):
        for c in range(0, 200, 5):
            f.write('%d,%d,%.9g,%.9g\n' % (c, r, w[r, c] / 10000.0, b4[r, c] / 10000.0))
PY
rm -f "$WARPED"
