#!/usr/bin/python3
"""Golden figure for the random-forest tests, made with scikit-learn exactly as
/work/shared/bench/peer_rf.py does (same labelling rule, 80/20 split, 100 trees,
random_state=0, n_jobs=-1), on a raw little-endian float32 file of 6 columns.

  cd classify && /usr/bin/python3 testdata/rf_golden.py testdata/core_pixels_20k.f32 > testdata/rf_sklearn_20k.txt

prints fit_seconds=.. predict_seconds=.. accuracy=.. and, on a second line, scikit-learn's
out-of-bag error (1 - oob_score_) and feature_importances_; TestForestSklearnLive runs it live.
"""
import sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier

x = np.fromfile(sys.argv[1], dtype="<f4").reshape(-1, 6)
nir, red, swir = x[:, 3], x[:, 2], x[:, 4]
ndvi = (nir - red) / (nir + red + 1e-9)
ndbi = (swir - nir) / (swir + nir + 1e-9)
y = np.digitize(ndvi, [0.1, 0.3, 0.5]) * 2 + (ndbi > 0)
n = int(len(x) * 0.8)
t = time.perf_counter()
rf = RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0, oob_score=True).fit(x[:n], y[:n])
t1 = time.perf_counter()
acc = (rf.predict(x[n:]) == y[n:]).mean()
t2 = time.perf_counter()
print(f"fit_seconds={t1 - t:.4f} predict_seconds={t2 - t1:.4f} accuracy={acc:.4f}")
print(f"oob_error={1 - rf.oob_score_:.4f} importance=" + ",".join(f"{v:.4f}" for v in rf.feature_importances_))
