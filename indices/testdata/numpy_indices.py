#!/usr/bin/python3
"""Evaluate every Awesome Spectral Indices formula with numpy on Landsat 8 DN files.

This is the independent oracle of package indices: it evaluates the catalogue's
own formula strings with Python's eval over numpy float64 arrays.

    numpy_indices.py CATALOGUE_DIR LANDSAT_DIR OUT_DIR

reads CATALOGUE_DIR/{spectral-indices-dict,constants,bands}.json and
LANDSAT_DIR/l8_B{1..7,9,10,11}.tif and l8_MTL.txt, and writes

    OUT_DIR/meta.json     width, height, index names (sorted), letters, constants
    OUT_DIR/inputs.f32    the float32 input of every letter, in meta's letter order
    OUT_DIR/outputs.f32   every index (float32 of numpy's float64), in meta's order

Inputs (the deterministic choice documented in testdata/README.md):
reflectance = float32(2.0e-5*DN - 0.1) for B1-B7 and B9; brightness temperature
T = K2 / ln(K1 / (ML*DN + AL) + 1) in kelvin for B10 and B11 with the MTL's
constants; DN 0 (fill) is NaN. Letters the sensor lacks: red edge RE1-RE3 and
yellow Y are interpolated linearly in wavelength between the neighbouring real
bands (see INTERPOLATED), G1 is B3, N2 is B5, WV is B9 and the radar
polarisations are VV=B5, VH=B6, HH=B4, HV=B7 (reflectances standing in for
backscatter, so that the radar formulas run on real values).

Edge rules, matching package indices' documented semantics: a division whose
denominator is 0 gives NaN; x**y gives NaN when x or y is NaN or x == 0 and y < 0
(numpy already gives NaN for negative**fractional); +-inf results are NaN.
Kernel terms kXY use the RBF kernel exp(-((a-b)*(a-b)) / (2*(s*s))) with
s = 0.5*(a+b) per pixel (Camps-Valls et al. 2021).
"""
import json
import os
import re
import sys

import numpy as np
import rasterio

LETTER_BANDS = {
    "A": "B1", "B": "B2", "G": "B3", "G1": "B3", "R": "B4",
    "N": "B5", "N2": "B5",
    "S1": "B6", "S2": "B7", "WV": "B9",
    "T": "B10", "T1": "B10", "T2": "B11",
    "VV": "B5", "VH": "B6", "HH": "B4", "HV": "B7",
}
# Letters between two real bands: linear interpolation in wavelength,
# v = a + (b - a) * ((x - xa) / (xb - xa)), in float64 from the two float32
# inputs, rounded to float32 (letter: band a, band b, xa, xb, x in nm).
INTERPOLATED = {
    "RE1": ("R", "N", 655.0, 865.0, 705.0),
    "RE2": ("R", "N", 655.0, 865.0, 740.0),
    "RE3": ("R", "N", 655.0, 865.0, 783.0),
    "Y": ("G", "R", 560.0, 655.0, 605.0),
}
PAR = 1.0  # the proof's choice for the constant without a default


class A(np.ndarray):
    """float64 array whose / and ** follow the package's edge rules."""

    def __truediv__(self, other):
        x = np.asarray(self)
        y = np.asarray(other)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = x / y
        r = np.where(y == 0, np.nan, r)
        return np.asarray(r, dtype=np.float64).view(A)

    def __rtruediv__(self, other):
        y = np.asarray(self)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.asarray(other) / y
        r = np.where(y == 0, np.nan, r)
        return np.asarray(r, dtype=np.float64).view(A)

    def __pow__(self, other):
        x = np.asarray(self)
        y = np.asarray(other)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            r = x ** other
        bad = np.isnan(x) | np.isnan(y) | ((x == 0) & (y < 0))
        r = np.where(bad, np.nan, r)
        return np.asarray(r, dtype=np.float64).view(A)

    def __rpow__(self, other):
        y = np.asarray(self)
        x = np.asarray(other)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            r = other ** y
        bad = np.isnan(x) | np.isnan(y) | ((x == 0) & (y < 0))
        r = np.where(bad, np.nan, r)
        return np.asarray(r, dtype=np.float64).view(A)


def mtl_value(mtl, key):
    m = re.search(r"^\s*" + key + r"\s*=\s*(\S+)", mtl, re.M)
    return float(m.group(1))


def main():
    catdir, landsat, out = sys.argv[1:4]
    indices = json.load(open(os.path.join(catdir, "spectral-indices-dict.json")))["SpectralIndices"]
    constants = json.load(open(os.path.join(catdir, "constants.json")))
    bands = json.load(open(os.path.join(catdir, "bands.json")))
    mtl = open(os.path.join(landsat, "l8_MTL.txt")).read()

    consts = {k: v["default"] for k, v in constants.items() if v["default"] is not None}
    consts["PAR"] = PAR
    for letter, b in bands.items():
        p = b["platforms"].get("landsat8")
        if p is not None:
            consts["lambda" + letter] = p["wavelength"]
    consts.setdefault("lambdaN", consts["lambdaN2"])  # Landsat 8 has nir08 only

    dn = {}
    for band in sorted(set(LETTER_BANDS.values())):
        with rasterio.open(os.path.join(landsat, "l8_%s.tif" % band)) as r:
            dn[band] = r.read(1).astype(np.float64)
    height, width = next(iter(dn.values())).shape

    def physical(band):
        d = dn[band]
        num = int(band[1:])
        if num in (10, 11):
            lum = mtl_value(mtl, "RADIANCE_MULT_BAND_%d" % num) * d + mtl_value(mtl, "RADIANCE_ADD_BAND_%d" % num)
            v = mtl_value(mtl, "K2_CONSTANT_BAND_%d" % num) / np.log(mtl_value(mtl, "K1_CONSTANT_BAND_%d" % num) / lum + 1.0)
        else:
            v = 2.0e-5 * d - 0.1
        v = np.where(d == 0, np.nan, v)
        return v.astype(np.float32)

    letters = sorted(list(LETTER_BANDS) + list(INTERPOLATED))
    inputs = {l: physical(b) for l, b in LETTER_BANDS.items()}
    for l, (la, lb, xa, xb, x) in INTERPOLATED.items():
        a = inputs[la].astype(np.float64)
        b = inputs[lb].astype(np.float64)
        inputs[l] = (a + (b - a) * ((x - xa) / (xb - xa))).astype(np.float32)

    def kernel(a, b):
        a = a.astype(np.float64)
        b = b.astype(np.float64)
        s = 0.5 * (a + b)
        d = a - b
        with np.errstate(divide="ignore", invalid="ignore"):
            q = -(d * d) / (2.0 * (s * s))
        q = np.where(2.0 * (s * s) == 0, np.nan, q)
        return np.exp(q)

    env = {}
    for l in letters:
        env[l] = inputs[l].astype(np.float64).view(A)
    for k, v in consts.items():
        env[k] = np.float64(v)
    scalar_or_band = dict(env)
    for name in indices:
        for var in indices[name]["bands"]:
            if var not in env and var.startswith("k"):
                rest = var[1:]
                for i in range(1, len(rest)):
                    a, b = rest[:i], rest[i:]
                    if a in scalar_or_band and b in scalar_or_band:
                        av = np.broadcast_to(np.asarray(scalar_or_band[a], dtype=np.float64), (height, width))
                        bv = np.broadcast_to(np.asarray(scalar_or_band[b], dtype=np.float64), (height, width))
                        env[var] = kernel(av, bv).view(A)
                        break
                else:
                    raise SystemExit("cannot resolve kernel term %s of %s" % (var, name))

    names = sorted(indices)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "outputs.f32"), "wb") as f:
        for name in names:
            with np.errstate(all="ignore"):
                v = eval(indices[name]["formula"], {"__builtins__": {}}, env)
            v = np.broadcast_to(np.asarray(v, dtype=np.float64), (height, width))
            v = np.where(np.isinf(v), np.nan, v)
            with np.errstate(over="ignore"):
                v32 = v.astype(np.float32)
            v32[np.isinf(v32)] = np.nan
            f.write(np.ascontiguousarray(v32).astype("<f4").tobytes())
    with open(os.path.join(out, "inputs.f32"), "wb") as f:
        for l in letters:
            f.write(inputs[l].astype("<f4").tobytes())
    json.dump({"width": width, "height": height, "indices": names, "letters": letters,
               "letter_bands": LETTER_BANDS, "constants": consts},
              open(os.path.join(out, "meta.json"), "w"), indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
