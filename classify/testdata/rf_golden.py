#!/usr/bin/python3
"""Golden figures for the random-forest tests, made with scikit-learn exactly as
/work/shared/bench/peer_rf.py does (same labelling rule, 80/20 split, 100 trees,
random_state=0, n_jobs=-1).

  rf_golden.py make PIXELS_1M.npy   writes rf_peer_20k.f32 (the first 20,000 rows,
                                    little-endian float32, 6 per row) and prints
                                    the line recorded in rf_sklearn_20k.txt
  rf_golden.py score FILE.f32       prints fit_seconds=.. predict_seconds=.. accuracy=..
                                    for a .f32 file (the live test runs this)
"""
import os, sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier


def score(x):
    nir, red, swir = x[:, 3], x[:, 2], x[:, 4]
    ndvi = (nir - red) / (nir + red + 1e-9)
    ndbi = (swir - nir) / (swir + nir + 1e-9)
    y = np.digitize(ndvi, [0.1, 0.3, 0.5]) * 2 + (ndbi > 0)
    n = int(len(x) * 0.8)
    t = time.perf_counter()
    rf = RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0).fit(x[:n], y[:n])
    t1 = time.perf_counter()
    acc = (rf.predict(x[n:]) == y[n:]).mean()
    t2 = time.perf_counter()
    print(f"fit_seconds={t1 - t:.4f} predict_seconds={t2 - t1:.4f} accuracy={acc:.4f}")


if sys.argv[1] == "make":
    x = np.load(sys.argv[2])[:20_000].astype("<f4")
    x.tofile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rf_peer_20k.f32"))
    score(x)
else:
    score(np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, 6))
