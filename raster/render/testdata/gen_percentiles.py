# Golden percentiles for TestPercentilesNumpy, generated once with
#   /usr/bin/python3 testdata/gen_percentiles.py > testdata/percentiles.json
# The data are regenerated identically in the Go test from the same 64-bit
# LCG (Knuth's MMIX constants); every value is exact in float32, and NaN
# marks no data. Percentiles: numpy.nanpercentile(float64 values, ps,
# method="linear").
import json
import numpy as np

def lcg(seed, n):
    x = seed
    out = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(x >> 32)
    return out

def values(kind, seed, n):
    v = []
    for r in lcg(seed, n):
        if r % 10 == 0:
            v.append(np.nan)
        elif kind == "wide":
            v.append(float(np.float32((r >> 8) - (1 << 23)) / np.float32(1024)))
        else:  # "ties": 50 distinct values
            v.append(float((r >> 24) % 50))
    return np.array(v, dtype=np.float32)

ps = [0, 2, 2.5, 25, 33.3, 50, 75, 98, 99.9, 100]
cases = []
for kind, seed, n in [("wide", 1, 1), ("wide", 2, 2), ("wide", 3, 7), ("ties", 4, 1000),
                      ("wide", 5, 5000), ("wide", 6, 300000), ("ties", 7, 300000)]:
    a = values(kind, seed, n).astype(np.float64)
    if np.all(np.isnan(a)):
        continue
    want = np.nanpercentile(a, ps, method="linear")
    cases.append({"kind": kind, "seed": seed, "n": n, "valid": int(np.sum(~np.isnan(a))),
                  "want": [float(w) for w in want]})
print(json.dumps({"numpy": np.__version__,
                  "command": "/usr/bin/python3 testdata/gen_percentiles.py > testdata/percentiles.json",
                  "ps": ps, "cases": cases}, indent=1))
