# Makes change_patches.json: a seeded 40 x 30 map with codes 0-3 and, for
# 4- and 8-connectivity, scipy.ndimage.label's patch of every pixel (labelled
# per code, numbered apart across codes; 0 where the code is 0).
# Run: /usr/bin/python3 testdata/change_make_patches.py > testdata/change_patches.json
import json
import numpy as np
from scipy import ndimage

rng = np.random.default_rng(11)
m = rng.choice([0, 1, 2, 3], size=(30, 40), p=[0.1, 0.4, 0.3, 0.2]).astype(np.uint16)
out = {"width": 40, "height": 30, "codes": m.ravel().tolist()}
for conn, st in ((4, ndimage.generate_binary_structure(2, 1)), (8, np.ones((3, 3), int))):
    lab = np.zeros(m.shape, np.int64)
    off = 0
    for c in (1, 2, 3):
        l, n = ndimage.label(m == c, structure=st)
        lab[l > 0] = l[l > 0] + off
        off += n
    out["patches%d" % conn] = lab.ravel().tolist()
    out["count%d" % conn] = int(off)
print(json.dumps(out))
