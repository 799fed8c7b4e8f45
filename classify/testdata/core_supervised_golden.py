#!/usr/bin/python3
"""Golden predictions of minimum-distance and Gaussian maximum-likelihood
classifiers, written with numpy alone, for supervised_test.go.

Run from classify/:
    /usr/bin/python3 testdata/core_supervised_golden.py > testdata/core_supervised_golden.json

Data: testdata/core_pixels_20k.f32 (20000 x 6 float32, Landsat 8 bands 2-7 in
reflectance). Reference classes by NDVI = (B5 - B4) / (B5 + B4) (columns 4 and 3):
1 below -0.3, 2 in [-0.3, -0.2), 3 in [-0.2, -0.1), 4 from -0.1
(the scene is mostly water and wetland). Training: of rows
0-9999, the first 400 of each class (rows listed in train_rows). Test: rows
10000-19999, whose predicted codes are written. Covariances are numpy's np.cov
(unbiased, N - 1); the discriminant is
    g_i(x) = ln P(i) - 1/2 ln|S_i| - 1/2 (x - m_i)' S_i^-1 (x - m_i)
(Richards and Jia, Remote Sensing Digital Image Analysis, ch. 8), with equal
priors ("ml") and with priors 0.1, 0.2, 0.3, 0.4 ("ml_priors").
"""
import json, sys
import numpy as np

x = np.fromfile("testdata/core_pixels_20k.f32", dtype=np.float32).reshape(-1, 6)
ndvi = (x[:, 4].astype(np.float64) - x[:, 3]) / (x[:, 4].astype(np.float64) + x[:, 3])
y = np.digitize(ndvi, [-0.3, -0.2, -0.1]) + 1
rows = []
for c in (1, 2, 3, 4):
    rows += list(np.flatnonzero(y[:10000] == c)[:400])
rows.sort()
rows = np.array(rows)
xt, yt = x[rows].astype(np.float64), y[rows]
test = x[10000:].astype(np.float64)
codes = np.array([1, 2, 3, 4])

means = np.array([xt[yt == c].mean(axis=0) for c in codes])
d2 = ((test[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
md = codes[np.argmin(d2, axis=1)]


def ml(priors):
    g = np.empty((test.shape[0], len(codes)))
    for i, c in enumerate(codes):
        xc = xt[yt == c]
        s = np.cov(xc.T)
        sign, logdet = np.linalg.slogdet(s)
        assert sign > 0
        diff = test - means[i]
        maha = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(s), diff)
        g[:, i] = np.log(priors[i]) - 0.5 * logdet - 0.5 * maha
    return codes[np.argmax(g, axis=1)]


priors = [0.1, 0.2, 0.3, 0.4]
out = {
    "train_rows": [int(r) for r in rows],
    "train_y": [int(v) for v in yt],
    "test_from": 10000,
    "md": [int(v) for v in md],
    "ml": [int(v) for v in ml([0.25] * 4)],
    "priors": priors,
    "ml_priors": [int(v) for v in ml(priors)],
}
json.dump(out, sys.stdout, separators=(",", ":"))
print()
