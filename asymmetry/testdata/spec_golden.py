"""Golden values for the functional-specialization measures of package asymmetry.

Made once, from this folder, by

    /usr/bin/python3 spec_golden.py > spec_golden.json

with numpy only, straight from the textbook formulas (not from the Go code):

    s_ij = e_ij / e_j                       (shares of sector i in place j)
    LQ_ij = s_ij / (E_i / E)                (Florence 1948, Isard 1960)
    rest_i(j) = sum over places k != j of e_ik, normalized to shares
    Krugman_j = sum_i |s_ij - ref_i|        (ref = rest or all-places shares)
    Theil_j = sum_{s_ij>0} s_ij ln(s_ij / ref_i)     (+Inf written as "+Inf")
    TheilAbs_j = ln N + sum_{s_ij>0} s_ij ln s_ij
    HHI_j = sum_i s_ij^2,  HHI*_j = (HHI_j - 1/N) / (1 - 1/N)
    Hoover_jk = 1/2 sum_i |s_ij - s_ik|,  HooverTotal_j = 1/2 sum_i |s_ij - E_i/E|
    dominant function: argmax over functions f of LQ_fj (or of the share e_fj/e_j),
    with e_fj = sum of e_ij over the sectors mapped to f, first function on ties.

Cases: the illustrative table spec_illustrative_employment.csv (invented
numbers, not Khorgos data) and seeded random tables, some with zero cells and
fractional counts.
"""
import json
import math

import numpy as np


def measures(sectors, places, e, functions):
    e = np.asarray(e, dtype=float)
    n_s, n_p = e.shape
    tot = e.sum(axis=0)
    s = e / tot
    E = e.sum()
    R = e.sum(axis=1) / E
    out = {
        "lq": (s / R[:, None]).tolist(),
        "hhi": (s ** 2).sum(axis=0).tolist(),
        "hhi_normalized": ((((s ** 2).sum(axis=0)) - 1 / n_s) / (1 - 1 / n_s)).tolist() if n_s > 1 else [1.0] * n_p,
        "krugman_all": np.abs(s - R[:, None]).sum(axis=0).tolist(),
        "hoover_total": (0.5 * np.abs(s - R[:, None]).sum(axis=0)).tolist(),
        "hoover": [[0.5 * np.abs(s[:, j] - s[:, k]).sum() for k in range(n_p)] for j in range(n_p)],
    }

    def theil(sj, ref):
        t = 0.0
        for a, b in zip(sj, ref):
            if a > 0:
                if b == 0:
                    return "+Inf"
                t += a * math.log(a / b)
        return t

    kr, tr, ta = [], [], []
    for j in range(n_p):
        rest = np.delete(e, j, axis=1).sum(axis=1)
        r = rest / rest.sum()
        kr.append(float(np.abs(s[:, j] - r).sum()))
        tr.append(theil(s[:, j], r))
        ta.append(math.log(n_s) + sum(a * math.log(a) for a in s[:, j] if a > 0))
    out["krugman_rest"] = kr
    out["theil_rest"] = tr
    out["theil_all"] = [theil(s[:, j], R) for j in range(n_p)]
    out["theil_absolute"] = ta

    names = []
    for sec in sectors:
        if functions[sec] not in names:
            names.append(functions[sec])
    f = np.array([[sum(e[i, j] for i, sec in enumerate(sectors) if functions[sec] == name)
                   for j in range(n_p)] for name in names])
    fshare = f / tot
    flq = fshare / (f.sum(axis=1) / E)[:, None]
    out["dominant_lq"] = [names[int(np.argmax(flq[:, j]))] for j in range(n_p)]
    out["dominant_share"] = [names[int(np.argmax(fshare[:, j]))] for j in range(n_p)]
    return out


def case(name, sectors, places, e, functions):
    return {"name": name, "sectors": sectors, "places": places,
            "counts": np.asarray(e, dtype=float).tolist(), "functions": functions,
            "want": measures(sectors, places, e, functions)}


cases = []
illustrative = [[400, 60, 40], [300, 120, 30], [150, 700, 50], [50, 300, 30], [60, 80, 250], [240, 140, 100]]
isect = ["public_administration", "education_health", "manufacturing", "agriculture",
         "logistics_warehousing", "retail_services"]
ifun = dict(zip(isect, ["administrative", "administrative", "production", "production", "transit", "services"]))
cases.append(case("illustrative", isect, ["Town A", "Town B", "Town C"], illustrative, ifun))

rng = np.random.default_rng(20261127)
for name, n_s, n_p, zeros, fractional in [("random5x4", 5, 4, 0.0, False), ("random12x7", 12, 7, 0.2, False),
                                          ("random30x15", 30, 15, 0.3, True), ("random8x2", 8, 2, 0.25, False)]:
    while True:
        e = rng.integers(0, 1000, size=(n_s, n_p)).astype(float)
        if fractional:
            e = np.round(e + rng.random((n_s, n_p)), 3)
        e[rng.random((n_s, n_p)) < zeros] = 0
        if (e.sum(axis=0) > 0).all() and (e.sum(axis=1) > 0).all():
            break
    sectors = [f"sector{i}" for i in range(n_s)]
    places = [f"place{j}" for j in range(n_p)]
    functions = {sec: f"function{int(rng.integers(0, 3))}" for sec in sectors}
    cases.append(case(name, sectors, places, e, functions))

print(json.dumps({"cases": cases}, indent=1))
