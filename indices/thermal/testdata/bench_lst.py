#!/usr/bin/python3
"""numpy peer of BenchmarkLSTChain4000: the same synthetic bands and formulas (float32 in,
float64 arithmetic as numpy promotes with Python floats, float32 out). Prints seconds per run."""
import time
import numpy as np

n = 4000
i = np.arange(n * n)
dn = (20000 + i % 9000).astype(np.float32)
ndvi = (-0.2 + (i % 1000) / 1000).astype(np.float32)

def chain():
    l = (3.3420e-4 * dn.astype(np.float64) + 0.1).astype(np.float32)
    bt = (1321.0789 / np.log(774.8853 / l.astype(np.float64) + 1)).astype(np.float32)
    nd = ndvi.astype(np.float64)
    pv = np.clip((nd - 0.2) / 0.3, 0, 1) ** 2
    mixed = 0.99 * pv + 0.97 * (1 - pv) + (1 - 0.97) * (1 - pv) * 0.55 * 0.99
    eps = np.where(nd < 0.2, 0.97, np.where(nd > 0.5, 0.99, mixed)).astype(np.float32)
    b = bt.astype(np.float64)
    return (b / (1 + 10.895e-6 * b / 1.4388e-2 * np.log(eps.astype(np.float64)))).astype(np.float32)

chain()
runs = []
for _ in range(3):
    t = time.perf_counter()
    chain()
    runs.append(time.perf_counter() - t)
print('numpy LST chain 4000x4000: best %.3f s' % min(runs))
