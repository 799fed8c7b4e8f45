#!/usr/bin/python3
"""Golden values of Welch's t test and the Mann-Whitney U test from scipy.

Run from asymmetry/testdata:  /usr/bin/python3 cmp_golden.py [outdir]
Writes cmp_inputs.json (the samples, generated with numpy's PCG64 seed 20261127)
and cmp_golden.json (scipy.stats.ttest_ind(a, b, equal_var=False) and
scipy.stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True,
alternative="two-sided") for each case). TestWelchMannWhitneyGolden reads them.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(20261127)
cases = []
cases.append(("normal", rng.normal(1.0, 1.0, 40), rng.normal(1.3, 2.0, 55)))
cases.append(("poisson ties", rng.poisson(3.0, 30).astype(float), rng.poisson(4.0, 25).astype(float)))
cases.append(("small ties", np.array([1.0, 2.0, 2.0, 3.0, 5.0]), np.array([2.0, 3.0, 3.0, 4.0, 6.0, 7.0, 2.0])))
cases.append(("large rounded", np.round(rng.normal(0.30, 0.10, 2000), 2), np.round(rng.normal(0.31, 0.12, 1500), 2)))
cases.append(("skewed", rng.lognormal(0.0, 1.0, 300), rng.lognormal(0.2, 0.8, 200)))

inputs, golden = [], []
for name, a, b in cases:
    inputs.append({"name": name, "a": [float(x) for x in a], "b": [float(x) for x in b]})
    t = stats.ttest_ind(a, b, equal_var=False)
    u = stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True, alternative="two-sided")
    golden.append({"name": name, "welch_t": float(t.statistic), "welch_p": float(t.pvalue),
                   "mw_u": float(u.statistic), "mw_p": float(u.pvalue)})

with open(os.path.join(out, "cmp_inputs.json"), "w") as f:
    json.dump(inputs, f, indent=0)
    f.write("\n")
with open(os.path.join(out, "cmp_golden.json"), "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": golden}, f, indent=1)
    f.write("\n")
