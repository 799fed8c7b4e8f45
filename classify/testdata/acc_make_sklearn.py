# Makes acc_sklearn.json: a seeded random pair of reference / predicted code
# slices (0 = none in a few places) and scikit-learn's confusion matrix,
# overall accuracy, Cohen's kappa, precision (user's), recall (producer's)
# and F1 per class on the pairs where neither code is 0.
# Run: /usr/bin/python3 testdata/acc_make_sklearn.py > testdata/acc_sklearn.json
import json
import numpy as np
from sklearn import metrics

rng = np.random.default_rng(7)
n = 500
ref = rng.choice([1, 2, 5, 9], size=n, p=[0.4, 0.3, 0.2, 0.1])
pred = ref.copy()
flip = rng.random(n) < 0.3
pred[flip] = rng.choice([1, 2, 5, 9], size=flip.sum())
ref[rng.random(n) < 0.03] = 0
pred[rng.random(n) < 0.03] = 0
keep = (ref != 0) & (pred != 0)
r, p = ref[keep], pred[keep]
labels = [1, 2, 5, 9]
cm = metrics.confusion_matrix(r, p, labels=labels)  # rows = true (reference)
out = {
    "reference": ref.tolist(), "predicted": pred.tolist(), "codes": labels,
    "matrix_reference_rows": cm.tolist(),
    "overall": metrics.accuracy_score(r, p),
    "kappa": metrics.cohen_kappa_score(r, p),
    "users": metrics.precision_score(r, p, labels=labels, average=None).tolist(),
    "producers": metrics.recall_score(r, p, labels=labels, average=None).tolist(),
    "f1": metrics.f1_score(r, p, labels=labels, average=None).tolist(),
}
print(json.dumps(out))
