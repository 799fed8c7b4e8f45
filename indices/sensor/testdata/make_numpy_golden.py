#!/usr/bin/python3
"""Regenerates numpy_golden.csv: pixel values of the test products computed independently of
the Go code, from the DN that rasterio (GDAL) reads and the published formulas with the MTL
coefficients typed in from the MTL files. Every 12th row and column.

Run: /usr/bin/python3 testdata/make_numpy_golden.py  (from indices/sensor)
GDAL 3.6.2, rasterio, numpy.
"""
import math
import os
import numpy as np
import rasterio

here = os.path.dirname(os.path.abspath(__file__))
rows = []

def read(path):
    with rasterio.open(os.path.join(here, path)) as s:
        return s.read(1).astype(np.float64), s.nodata

def emit(product, letter, arr, nodata_mask):
    arr = np.where(nodata_mask, np.nan, arr)
    for r in range(0, arr.shape[0], 12):
        for c in range(0, arr.shape[1], 12):
            rows.append('%s,%s,%d,%d,%.10g' % (product, letter, c, r, arr[r, c]))

# Landsat 5 TM (LT52240631988227CUB02_MTL.txt): no reflectance coefficients, no K1/K2,
# no EARTH_SUN_DISTANCE. ESUN: Chander et al. 2009 Table 2; K1, K2: Table 5.
d = 1 - 0.01672 * math.cos(math.radians(0.9856 * (227 - 4)))  # 1988-08-14 = day 227
s = math.sin(math.radians(49.75588889))
l5 = 'landsat5_tm_LT52240631988227CUB02/LT52240631988227CUB02_'
for letter, band, mult, add, esun in [('R', 'B3', 1.044, -2.21398, 1536.0), ('N', 'B4', 0.876, -2.38602, 1031.0)]:
    dn, nd = read(l5 + band + '.TIF')
    emit('landsat5', letter, math.pi * (mult * dn + add) * d * d / (esun * s), (dn == 0) | (dn == nd))
dn, nd = read(l5 + 'B6.TIF')
emit('landsat5', 'T', 1260.56 / np.log(607.76 / (0.055 * dn + 1.18243) + 1), (dn == 0) | (dn == nd))

# Landsat 8 pre-collection L1T crop (l8_MTL.txt).
s8 = math.sin(math.radians(64.74360932))
for letter, band in [('R', 'B4'), ('N', 'B5')]:
    dn, _ = read('landsat8_l1t_crop/l8_' + band + '.tif')
    emit('landsat8_l1t', letter, (2e-5 * dn - 0.1) / s8, dn == 0)
dn, _ = read('landsat8_l1t_crop/l8_B10.tif')
emit('landsat8_l1t', 'T1', 1321.0789 / np.log(774.8853 / (3.3420e-4 * dn + 0.1) + 1), dn == 0)

# Landsat 8 C2 L2 crop (MTL.json): SR 2.75e-5·DN − 0.2, ST 0.00341802·DN + 149.
p = 'landsat8_c2l2_crop/LC08_L2SP_005009_20150710_20200908_02_T2_'
for letter, band in [('R', 'SR_B4'), ('N', 'SR_B5')]:
    dn, _ = read(p + band + '.TIF')
    emit('landsat8_c2l2', letter, 2.75e-5 * dn - 0.2, dn == 0)
dn, _ = read(p + 'ST_B10.TIF')
emit('landsat8_c2l2', 'T1', 0.00341802 * dn + 149.0, dn == 0)

with open(os.path.join(here, 'numpy_golden.csv'), 'w') as f:
    f.write('product,letter,col,row,value\n')
    f.write('\n'.join(rows) + '\n')
