#!/usr/bin/python3
"""Reference values for package freight, computed with SciPy and statsmodels.

Regenerate (from the freight directory) with:

    /usr/bin/python3 testdata/gen_golden.py > testdata/golden.json

The inputs are the bundled CSVs in ../data, parsed here independently of the
Go code. Fits use scipy.optimize.curve_fit (Levenberg-Marquardt, tight
tolerances); structural breaks use statsmodels OLS and scipy.stats.f;
Mann-Kendall is a hand-written reference following Hipel & McLeod (1994) and
the pymannkendall "original_test" formulas, cross-checked against
scipy.stats.kendalltau. Only this script's output is compared by the Go
tests; nothing here calls Go.
"""
import csv
import datetime
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.optimize
import scipy.stats
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def read_year_table(name, column, qual_column):
    """Rows of (year, value, qualifier, coverage) with gaps dropped."""
    out = []
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row[column].strip() == "":
                continue
            year = int(row["year"])
            cov = 1.0
            fy = row.get("full_year", "").strip()
            if fy.startswith("no (to "):
                d = datetime.date.fromisoformat(fy[len("no (to "):-1])
                start = datetime.date(year, 1, 1)
                ndays = (datetime.date(year + 1, 1, 1) - start).days
                cov = ((d - start).days + 1) / ndays
            elif fy == "no":
                cov = float("nan")
            out.append((year, float(row[column]), row.get(qual_column, "").strip(), cov))
    return out


def points(rows, policy="lower-bound", start=None):
    t, y = [], []
    for year, v, q, cov in rows:
        if start is not None and year + 0.5 < start:
            continue
        if cov < 1 or math.isnan(cov):
            if policy == "exclude":
                continue
            if policy == "scale":
                v = v / cov
        t.append(year + 0.5)
        y.append(v)
    return np.array(t), np.array(y)


# Models in natural parameters. t0 is the first time (Exponential's origin).
def model_funcs(name, t0):
    if name == "exponential":
        f = lambda t, A, r: A * np.exp(r * (t - t0))

        def grad(t, p):
            A, r = p
            e = np.exp(r * (t - t0))
            return np.array([e, A * (t - t0) * e])
    elif name == "logistic":
        f = lambda t, K, r, tm: K / (1 + np.exp(-r * (t - tm)))

        def grad(t, p):
            K, r, tm = p
            e = np.exp(-r * (t - tm))
            return np.array([1 / (1 + e), K * (t - tm) * e / (1 + e) ** 2, -K * r * e / (1 + e) ** 2])
    else:
        f = lambda t, K, r, tm: K * np.exp(-np.exp(-r * (t - tm)))

        def grad(t, p):
            K, r, tm = p
            e = np.exp(-r * (t - tm))
            g = np.exp(-e)
            return np.array([g, K * g * e * (t - tm), -K * g * e * r])
    return f, grad


def initial_guesses(name, t, y, t0):
    if name == "exponential":
        b, a = np.polyfit(t - t0, np.log(y), 1)
        return [[math.exp(a), b]]
    out = []
    for k in (1.05, 1.25, 1.5, 2.0, 3.0, 5.0):
        K = k * y.max()
        z = np.log(K / y - 1) if name == "logistic" else np.log(-np.log(y / K))
        b, a = np.polyfit(t, z, 1)  # z = r*tm - r*t
        r = -b
        if r > 0:
            out.append([K, r, a / r])
    return out


def fit(name, t, y, forecast_years):
    t0 = t[0]
    f, grad = model_funcs(name, t0)
    best = None
    for p0 in initial_guesses(name, t, y, t0):
        try:
            p, pcov = scipy.optimize.curve_fit(f, t, y, p0=p0, maxfev=200000, ftol=1e-15, xtol=1e-15, gtol=1e-15)
        except RuntimeError:
            continue
        sse = float(np.sum((y - f(t, *p)) ** 2))
        if np.all(np.isfinite(pcov)) and (best is None or sse < best[2]):
            best = (p, pcov, sse)
    p, pcov, sse = best
    n, k = len(t), len(p)
    df = n - k
    llf = -n / 2 * (math.log(2 * math.pi) + math.log(sse / n) + 1)
    kk = k + 1
    aic = -2 * llf + 2 * kk
    bic = -2 * llf + kk * math.log(n)
    aicc = aic + 2 * kk * (kk + 1) / (n - kk - 1) if n - kk - 1 > 0 else None
    tq = scipy.stats.t.ppf(0.975, df)
    se = np.sqrt(np.diag(pcov))
    s2 = sse / df
    fc = []
    for year in forecast_years:
        tt = year + 0.5
        g = grad(tt, p)
        v = float(f(tt, *p))
        mse = float(math.sqrt(g @ pcov @ g))
        pse = math.sqrt(mse ** 2 + s2)
        fc.append({"t": tt, "value": v, "se": mse, "low": v - tq * mse, "high": v + tq * mse,
                   "pred_low": v - tq * pse, "pred_high": v + tq * pse})
    return {
        "model": name, "t0": t0, "params": p.tolist(), "se": se.tolist(), "cov": pcov.tolist(),
        "low": (p - tq * se).tolist(), "high": (p + tq * se).tolist(),
        "sse": sse, "sigma": math.sqrt(s2), "df": df, "loglik": llf, "aic": aic, "aicc": aicc, "bic": bic,
        "forecasts": fc,
    }


def mann_kendall(t, y):
    """Hipel & McLeod (1994) / pymannkendall original_test, Sen (1968) slope on real times."""
    n = len(y)
    s = 0
    for i in range(n - 1):
        for j in range(i + 1, n):
            s += np.sign(y[j] - y[i])
    _, counts = np.unique(y, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18
    if s > 0:
        z = (s - 1) / math.sqrt(var_s)
    elif s < 0:
        z = (s + 1) / math.sqrt(var_s)
    else:
        z = 0.0
    p = 2 * (1 - scipy.stats.norm.cdf(abs(z)))
    tau = s / (0.5 * n * (n - 1))
    slopes = [(y[j] - y[i]) / (t[j] - t[i]) for i in range(n - 1) for j in range(i + 1, n)]
    slope = float(np.median(slopes))
    intercept = float(np.median(y) - slope * np.median(t))
    taub = scipy.stats.kendalltau(t, y).statistic
    return {"n": n, "s": float(s), "var_s": float(var_s), "z": float(z), "p": float(p), "tau": float(tau),
            "tau_b": float(taub), "slope": slope, "intercept": intercept}


def chow_search(t, y, transform, min_seg):
    """Chow (1960) F test at every break leaving min_seg points each side; OLS by statsmodels."""
    z = np.log(y) if transform == "log" else y
    X = sm.add_constant(t - t[0])
    pooled = sm.OLS(z, X).fit()
    n = len(t)
    # Anchor the package's Gaussian log-likelihood formula to statsmodels.
    llf = -n / 2 * (math.log(2 * math.pi) + math.log(pooled.ssr / n) + 1)
    assert abs(llf - pooled.llf) < 1e-9 * abs(pooled.llf), (llf, pooled.llf)
    k = 2
    out = []
    for i in range(min_seg, n - min_seg + 1):
        s1 = sm.OLS(z[:i], X[:i]).fit().ssr
        s2 = sm.OLS(z[i:], X[i:]).fit().ssr
        F = ((pooled.ssr - (s1 + s2)) / k) / ((s1 + s2) / (n - 2 * k))
        p = scipy.stats.f.sf(F, k, n - 2 * k)
        out.append({"break": float(t[i]), "n1": i, "n2": n - i, "ssr_pooled": float(pooled.ssr),
                    "ssr1": float(s1), "ssr2": float(s2), "f": float(F), "p": float(p)})
    return out


def main():
    khorgos = read_year_table("khorgos_trains_per_year.csv", "trains", "trains_qualifier")
    cre = read_year_table("china_europe_railway_express_per_year.csv", "trains", "trains_qualifier")
    cre_teu = read_year_table("china_europe_railway_express_per_year.csv", "teu", "teu_qualifier")
    years = [2025, 2030]
    cases = [
        ("khorgos trains, all points", khorgos, "lower-bound", None, ["exponential", "logistic", "gompertz"]),
        ("khorgos trains from 2016", khorgos, "lower-bound", 2016, ["exponential", "logistic", "gompertz"]),
        ("khorgos trains from 2016, partial scaled", khorgos, "scale", 2016, ["exponential", "logistic", "gompertz"]),
        ("khorgos trains from 2016, partial excluded", khorgos, "exclude", 2016, ["exponential", "logistic", "gompertz"]),
        ("china-europe trains", cre, "lower-bound", None, ["exponential", "logistic", "gompertz"]),
        ("china-europe teu", cre_teu, "lower-bound", None, ["exponential"]),
    ]
    fits = []
    for label, rows, policy, start, models in cases:
        t, y = points(rows, policy, start)
        for m in models:
            r = fit(m, t, y, years)
            r.update({"case": label, "policy": policy, "from": start, "t": t.tolist(), "y": y.tolist()})
            fits.append(r)

    mk = []
    for label, rows, policy, start in [
        ("khorgos trains, all points", khorgos, "lower-bound", None),
        ("khorgos trains from 2016", khorgos, "lower-bound", 2016),
        ("china-europe trains", cre, "lower-bound", None),
        ("china-europe teu", cre_teu, "lower-bound", None),
    ]:
        t, y = points(rows, policy, start)
        r = mann_kendall(t, y)
        r.update({"case": label, "t": t.tolist(), "y": y.tolist()})
        mk.append(r)
    # Synthetic input (not freight data) exercising the tie correction.
    t = np.arange(10) + 2000.5
    y = np.array([3.0, 3.0, 5.0, 4.0, 4.0, 4.0, 7.0, 6.0, 9.0, 9.0])
    r = mann_kendall(t, y)
    r.update({"case": "synthetic ties", "t": t.tolist(), "y": y.tolist()})
    mk.append(r)

    chow = []
    for label, rows, transform, min_seg in [
        ("china-europe trains", cre, "log", 3),
        ("china-europe trains", cre, "level", 3),
        ("china-europe trains", cre, "log", 2),
        ("khorgos trains, all points", khorgos, "log", 3),
    ]:
        t, y = points(rows, "lower-bound", None)
        chow.append({"case": label, "transform": transform, "min_segment": min_seg, "t": t.tolist(), "y": y.tolist(),
                     "tests": chow_search(t, y, transform, min_seg)})

    growth = []
    for label, rows in [("khorgos trains", khorgos), ("china-europe trains", cre)]:
        d = {year: v for year, v, _, _ in rows}
        ys = sorted(d)
        for i, a in enumerate(ys):
            for b in ys[i + 1:]:
                rate = (d[b] / d[a]) ** (1 / (b - a)) - 1
                growth.append({"case": label, "from": a, "to": b, "rate": rate,
                               "doubling": math.log(2) / math.log1p(rate) if rate > 0 else None})

    json.dump({
        "generator": "testdata/gen_golden.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        "fits": fits, "mann_kendall": mk, "chow": chow, "growth": growth,
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
