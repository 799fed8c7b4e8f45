#!/usr/bin/python3
"""Golden k-means inertia from scikit-learn for kmeans_test.go.

Run from classify/:  /usr/bin/python3 testdata/core_kmeans_golden.py > testdata/core_kmeans_golden.json
It fits scikit-learn's KMeans exactly as ../shared/bench/peer_kmeans.py does
(init="k-means++", n_init=1, random_state=0, default tol 1e-4 and max_iter 300)
on testdata/core_pixels_20k.f32 (the first 20,000 rows of bench-inputs/pixels_1m.f32,
20000 x 6 float32 row-major), for k = 8, and also for k = 3 and 5.
"""
import json, sys
import numpy as np
import sklearn
from sklearn.cluster import KMeans

x = np.fromfile("testdata/core_pixels_20k.f32", dtype=np.float32).reshape(-1, 6)
out = {"sklearn": sklearn.__version__, "rows": int(x.shape[0]), "runs": []}
for k in (3, 5, 8):
    km = KMeans(n_clusters=k, n_init=1, init="k-means++", random_state=0).fit(x)
    out["runs"].append({"k": k, "n_init": 1, "inertia": float(km.inertia_),
                        "iterations": int(km.n_iter_)})
json.dump(out, sys.stdout, indent=1)
print()
