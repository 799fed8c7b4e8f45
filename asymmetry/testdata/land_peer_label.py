"""Patch labelling with scipy, the independent oracle and peer of asymmetry.Landscape.

usage: /usr/bin/python3 land_peer_label.py MAP.u16 WIDTH HEIGHT NEIGHBOURS

MAP.u16 holds WIDTH*HEIGHT little-endian uint16 class codes, row-major; 0 is no
data. Prints one line per class, "class <code> patches <n> cells <n>", then
"total patches <n> seconds <s>", the time scipy.ndimage.label (3x3 structure for
the 8-cell rule, a cross for the 4-cell rule) and numpy need to label every
class and count each patch's cells.
"""
import sys
import time

import numpy as np
from scipy import ndimage


def main():
    path, w, h, rule = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    a = np.fromfile(path, dtype="<u2").reshape(h, w)
    if rule == 8:
        s = np.ones((3, 3), bool)
    else:
        s = ndimage.generate_binary_structure(2, 1)
    t = time.perf_counter()
    total = 0
    lines = []
    for c in np.unique(a):
        if c == 0:
            continue
        lab, k = ndimage.label(a == c, structure=s)
        cells = np.bincount(lab.ravel())[1:]
        total += k
        lines.append("class %d patches %d cells %d" % (c, k, int(cells.sum())))
    dt = time.perf_counter() - t
    print("\n".join(lines))
    print("total patches %d seconds %.3f" % (total, dt))


if __name__ == "__main__":
    main()
