# Makes change_majority.json: a seeded 30 x 20 map (codes 0-3) and its mode
# filter for windows 3 and 5 computed with scipy.ndimage.generic_filter and
# the rule of classify.MajorityFilter: codes 0 and cells outside the raster
# do not vote (mode='constant', cval=0), a 0 pixel stays 0, and a tie for
# the most votes keeps the centre's code.
# Run: /usr/bin/python3 testdata/change_make_majority.py > testdata/change_majority.json
import json
import numpy as np
from scipy import ndimage

rng = np.random.default_rng(5)
m = rng.choice([0, 1, 2, 3], size=(20, 30), p=[0.1, 0.45, 0.3, 0.15])
out = {"width": 30, "height": 20, "input": m.ravel().tolist()}
for size in (3, 5, 7):
    def mode(win):
        centre = int(win[len(win) // 2])
        if centre == 0:
            return 0
        vals, counts = np.unique(win[win != 0], return_counts=True)
        best = counts.max()
        winners = vals[counts == best]
        return int(winners[0]) if len(winners) == 1 else centre
    f = ndimage.generic_filter(m, mode, size=size, mode="constant", cval=0)
    out["size%d" % size] = f.ravel().tolist()
print(json.dumps(out))
