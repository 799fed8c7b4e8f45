#!/usr/bin/python3
"""Golden zonal statistics for zones/stats_test.go, computed with numpy alone.

Run once from zones/testdata:  /usr/bin/python3 stats_golden.py [outdir]
It writes stats_inputs.json (a 37 x 29 grid, three float32 layers with NaN
for no data, eight hand-made zone coverages with fractions and an outside
part) and stats_golden.csv (mode,zone,layer,stat,value). The Go test builds
the same CoverageSet and layers from stats_inputs.json and checks its
statistics against these values.

Definitions (exactextract's, doc/operations.rst): c_i is the coverage
fraction (mode "fraction") or 1 for every covered cell (mode "none"); only
cells with fraction > 0 and a value that is not NaN take part.
  mean/variance: numpy.average with weights c (population variance);
  in mode "none" numpy.mean / numpy.var / numpy.quantile(method="linear").
  weighted quantile (mode "fraction"): exactextract's WeightedQuantiles,
  written out below.
"""
import json, math, os, sys
import numpy as np

W, H = 37, 29
rng = np.random.default_rng(20261127)
x0, y0, px = 452475.0, 3408645.0, 30.0

cont = (rng.normal(300, 25, (H, W))).astype(np.float32)
cont[rng.random((H, W)) < 0.07] = np.nan
cat = rng.integers(1, 6, (H, W)).astype(np.float32)
cat[rng.random((H, W)) < 0.05] = np.nan
wts = rng.uniform(0.5, 20, (H, W)).astype(np.float32)
wts[rng.random((H, W)) < 0.05] = np.nan
# Ties in the continuous layer, to exercise majority and quantile ties.
cont[20:23, 3:9] = np.float32(301.5)

def frac_random(h, w, pzero=0.15, binary=False):
    f = rng.uniform(0.0, 1.0, (h, w)).astype(np.float32)
    if binary:
        return (f > 0.4).astype(np.float32)
    f[rng.random((h, w)) < pzero] = 0
    f[rng.random((h, w)) < 0.3] = 1
    return f

zones = []
def zone(win, f, outside):
    zones.append(dict(window=list(win), frac=f, outside=outside))

zone((2, 3, 12, 10), frac_random(7, 10), 0.0)
zone((10, 0, 37, 5), frac_random(5, 27), 3.25)
zone((0, 0, W, H), frac_random(H, W, binary=True), 0.0)
zone((0, 0, 0, 0), np.zeros((0, 0), np.float32), 12.0)
zone((17, 11, 18, 12), np.array([[0.375]], np.float32), 0.0)
cont[14:16, 30:33] = np.nan
zone((30, 14, 33, 16), frac_random(2, 3, pzero=0), 1.5)
zone((5, 5, 30, 29), frac_random(24, 25), 0.0)
zone((0, 25, W, H), frac_random(4, W), 7.0)
zone((1, 18, 11, 26), np.ones((8, 10), np.float32), 0.0)

layers = {"cont": cont, "cat": cat}
QS = {"median": 0.5, "q25": 0.25, "q90": 0.9, "q2.5": 0.025, "q0": 0.0, "q100": 1.0}

def eequantile(x, w, q):
    """exactextract's WeightedQuantiles::quantile, sorted by value then weight."""
    o = np.lexsort((w, x))
    x, w = x[o], w[o]
    n = len(x)
    cum = np.cumsum(w)
    s = np.zeros(n)
    k = np.arange(1, n)
    s[1:] = k * w[1:] + (n - 1) * cum[:-1]
    t = q * cum[-1] * (n - 1)
    right = np.searchsorted(s, t, side="right")
    if right >= n:
        return x[-1]
    left = right - 1
    return x[left] + (t - s[left]) * (x[right] - x[left]) / (s[right] - s[left])

rows = []
def put(mode, zi, lname, stat, v):
    rows.append((mode, zi, lname, stat, repr(float(v))))

for mode in ("fraction", "none"):
    for zi, z in enumerate(zones):
        c0, r0, c1, r1 = z["window"]
        f = z["frac"].astype(np.float64).ravel()
        for lname, band in layers.items():
            xv = band[r0:r1, c0:c1].astype(np.float64).ravel()
            wv = wts[r0:r1, c0:c1].astype(np.float64).ravel()
            cov = f > 0
            ok = cov & ~np.isnan(xv)
            c = f if mode == "fraction" else (f > 0).astype(np.float64)
            x, cw = xv[ok], c[ok]
            put(mode, zi, lname, "count", cw.sum())
            put(mode, zi, lname, "nodata", c[cov & np.isnan(xv)].sum())
            put(mode, zi, lname, "outside", z["outside"])
            put(mode, zi, lname, "area", f[cov].sum() * px * px)
            put(mode, zi, lname, "cell_area", px * px if cov.any() else math.nan)
            put(mode, zi, lname, "variety", len(np.unique(x)))
            put(mode, zi, lname, "sum", (cw * x).sum())
            if x.size == 0:
                for s in ("mean", "min", "max", "range", "variance", "stdev",
                          "coefficient_of_variation", "majority", "minority", *QS):
                    put(mode, zi, lname, s, math.nan)
            else:
                if mode == "none":
                    mean, var = np.mean(x), np.var(x)
                    for s, q in QS.items():
                        put(mode, zi, lname, s, np.quantile(x, q, method="linear"))
                else:
                    mean = np.average(x, weights=cw)
                    var = np.average((x - mean) ** 2, weights=cw)
                    for s, q in QS.items():
                        put(mode, zi, lname, s, eequantile(x, cw, q))
                put(mode, zi, lname, "mean", mean)
                put(mode, zi, lname, "variance", var)
                put(mode, zi, lname, "stdev", math.sqrt(var))
                put(mode, zi, lname, "coefficient_of_variation", math.sqrt(var) / mean)
                put(mode, zi, lname, "min", x.min())
                put(mode, zi, lname, "max", x.max())
                put(mode, zi, lname, "range", x.max() - x.min())
                vals = np.unique(x)
                tot = np.array([cw[x == v].sum() for v in vals])
                put(mode, zi, lname, "majority", vals[np.argmax(tot)])   # argmax: first (smallest) on ties
                put(mode, zi, lname, "minority", vals[np.argmin(tot)])
                for v, t in zip(vals, tot) if lname == "cat" else ():
                    put(mode, zi, lname, f"frac_{v:g}", t / cw.sum())
            okw = ok & ~np.isnan(wv)
            xw, ww = xv[okw], c[okw] * wv[okw]
            put(mode, zi, lname, "weighted_sum", (ww * xw).sum())
            if xw.size == 0:
                for s in ("weighted_mean", "weighted_variance", "weighted_stdev"):
                    put(mode, zi, lname, s, math.nan)
            else:
                wm = np.average(xw, weights=ww)
                wvar = np.average((xw - wm) ** 2, weights=ww)
                put(mode, zi, lname, "weighted_mean", wm)
                put(mode, zi, lname, "weighted_variance", wvar)
                put(mode, zi, lname, "weighted_stdev", math.sqrt(wvar))
                for v in np.unique(xw) if lname == "cat" else ():
                    put(mode, zi, lname, f"weighted_frac_{v:g}", ww[xw == v].sum() / ww.sum())

def enc(a):
    return [None if math.isnan(v) else float(v) for v in np.asarray(a, np.float32).ravel()]

outdir = sys.argv[1] if len(sys.argv) > 1 else "."
with open(os.path.join(outdir, "stats_inputs.json"), "w") as fh:
    json.dump({
        "width": W, "height": H, "epsg": 32616, "transform": [x0, px, 0, y0, 0, -px],
        "layers": {k: enc(v) for k, v in layers.items()}, "weights": enc(wts),
        "zones": [dict(window=z["window"], frac=enc(z["frac"]), outside=z["outside"]) for z in zones],
    }, fh)
with open(os.path.join(outdir, "stats_golden.csv"), "w") as fh:
    fh.write("mode,zone,layer,stat,value\n")
    for r in rows:
        fh.write(",".join(str(v) for v in r) + "\n")
print(len(rows), "golden values")
