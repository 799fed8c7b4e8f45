#!/usr/bin/python3
"""Golden values of the regression-discontinuity jump from statsmodels WLS.

Run from asymmetry/testdata:  /usr/bin/python3 rd_golden.py [outdir]
Writes rd_inputs.csv (signed distance d in metres, value y and a spatial
block id g, generated with numpy's PCG64 seed 8) and rd_golden.json. For each
bandwidth h it fits, on the rows with |d| < h,
    sm.WLS(y, [1, d, T, T*d], weights=1 - |d|/h)   (T = 1 where d >= 0)
with cov_type="HC1" and with cov_type="cluster" (groups g) and records the
coefficient of T (the jump) and its standard errors. It also computes the
Imbens-Kalyanaraman (2012, Review of Economic Studies, section 4.2) bandwidth,
written here independently with numpy and statsmodels OLS, and the WLS fit at
that bandwidth. TestLocalLinearJumpGolden reads them.
"""
import json
import os
import sys

import numpy as np
import statsmodels
import statsmodels.api as sm

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(8)
n = 3000
d = rng.uniform(-6000.0, 6000.0, n)
T = (~np.signbit(d)).astype(float)
# Smooth trend with curvature, a jump of 0.35 at the border and
# heteroskedastic noise.
y = 0.4 + 0.00004 * d - 2.0e-9 * d**2 + 0.35 * T + rng.normal(0, 1, n) * (0.15 + 0.1 * T)
g = np.floor((d + 6000.0) / 400.0).astype(int)

with open(os.path.join(out, "rd_inputs.csv"), "w") as f:
    f.write("d,y,g\n")
    for i in range(n):
        f.write("%r,%r,%d\n" % (float(d[i]), float(y[i]), g[i]))


def wls(h):
    m = np.abs(d) < h
    X = np.column_stack([np.ones(m.sum()), d[m], T[m], T[m] * d[m]])
    w = 1 - np.abs(d[m]) / h
    hc1 = sm.WLS(y[m], X, weights=w).fit(cov_type="HC1")
    cl = sm.WLS(y[m], X, weights=w).fit(cov_type="cluster", cov_kwds={"groups": g[m]})
    return {"h": float(h), "jump": float(hc1.params[2]), "se_hc1": float(hc1.bse[2]),
            "se_cluster": float(cl.bse[2]), "limit_negative": float(hc1.params[0]),
            "limit_positive": float(hc1.params[0] + hc1.params[2]), "n": int(m.sum())}


def ik(d, y):
    """Imbens and Kalyanaraman (2012, ReStud), section 4.2, eq. 13-17."""
    N = len(d)
    sd = np.std(d, ddof=1)
    h1 = 1.84 * sd * N ** (-1 / 5)
    neg = np.signbit(d)
    left = neg & (d >= -h1)
    right = ~neg & (d <= h1)
    f = (left.sum() + right.sum()) / (2 * N * h1)
    vl, vr = np.var(y[left], ddof=1), np.var(y[right], ddof=1)
    # Global cubic with a jump, in d/sd to keep it well conditioned.
    u = d / sd
    X = np.column_stack([np.ones(N), (~neg).astype(float), u, u ** 2, u ** 3])
    m3 = 6 * sm.OLS(y, X).fit().params[4] / sd ** 3
    h2l = 7200 ** (1 / 7) * (vl / (f * m3 ** 2)) ** (1 / 7) * neg.sum() ** (-1 / 7)
    h2r = 7200 ** (1 / 7) * (vr / (f * m3 ** 2)) ** (1 / 7) * (~neg).sum() ** (-1 / 7)
    l2 = neg & (d >= -h2l)
    r2 = ~neg & (d <= h2r)
    ul, ur = d[l2] / 1000.0, d[r2] / 1000.0
    m2l = 2 * sm.OLS(y[l2], np.column_stack([np.ones(l2.sum()), ul, ul ** 2])).fit().params[2] / 1e6
    m2r = 2 * sm.OLS(y[r2], np.column_stack([np.ones(r2.sum()), ur, ur ** 2])).fit().params[2] / 1e6
    rl = 2160 * vl / (l2.sum() * h2l ** 4)
    rr = 2160 * vr / (r2.sum() * h2r ** 4)
    return 3.4375 * ((vl + vr) / (f * ((m2r - m2l) ** 2 + rl + rr))) ** (1 / 5) * N ** (-1 / 5)


h_ik = ik(d, y)
golden = {"statsmodels": statsmodels.__version__, "ik_bandwidth": float(h_ik),
          "fits": [wls(1500.0), wls(3000.0), wls(h_ik)]}
with open(os.path.join(out, "rd_golden.json"), "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
