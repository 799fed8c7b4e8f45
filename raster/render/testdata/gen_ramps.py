# Golden colours for TestRampsMatplotlib, generated once with
#   /usr/bin/python3 testdata/gen_ramps.py > testdata/ramps.json
# "tables": the 256 entries of each matplotlib colormap (N=256) as
# round(x*255). "mapped": matplotlib's colour for values through
# Normalize(vmin, vmax) and the colormap, round(x*255); NaN gives the
# "bad" colour (transparent black). Values are float64.
import json
import numpy as np
import matplotlib
from matplotlib import cm, colors

names = {"viridis": "viridis", "magma": "magma", "rdylgn": "RdYlGn", "greys": "gray"}
tables = {}
for ours, theirs in names.items():
    cmap = matplotlib.colormaps[theirs].resampled(256)
    tables[ours] = np.round(cmap(np.arange(256)) * 255).astype(int).tolist()
vmin, vmax = -0.2, 0.8
vals = [-1.0, -0.2, -0.19, 0.0, 0.1, 0.3, 0.30001, 0.5, 0.79, 0.8, 2.0, float("nan")]
norm = colors.Normalize(vmin, vmax)
mapped = {}
for ours, theirs in names.items():
    cmap = matplotlib.colormaps[theirs]
    mapped[ours] = np.round(cmap(norm(np.array(vals, dtype=np.float64))) * 255).astype(int).tolist()
print(json.dumps({"matplotlib": matplotlib.__version__,
                  "command": "/usr/bin/python3 testdata/gen_ramps.py > testdata/ramps.json",
                  "vmin": vmin, "vmax": vmax, "values": [v if v == v else None for v in vals],
                  "tables": tables, "mapped": mapped}))
