"""Compares `branchlens calibrate --table` with scikit-learn on the same rows and split.

Reads the table written by `branchlens calibrate --table FILE --label y --split-out SPLIT.csv`
(the original columns plus `split` = train/test) and the backtest JSON of the same run, fits
StandardScaler + LogisticRegression(C = 1/l2) on the train rows, and prints the test AUC of both
and the largest difference between the raw-scale coefficients.

    python3 bench/sklearn_calibrate.py SPLIT.csv BACKTEST.json [--l2 1.0]
"""
import argparse
import json

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

ap = argparse.ArgumentParser()
ap.add_argument("split_csv")
ap.add_argument("backtest_json")
ap.add_argument("--label", default="y")
ap.add_argument("--l2", type=float, default=1.0)
a = ap.parse_args()

df = pd.read_csv(a.split_csv)
features = [c for c in df.columns if c not in (a.label, "split")]
train, test = df[df.split == "train"], df[df.split == "test"]
scaler = StandardScaler().fit(train[features])
model = LogisticRegression(C=1.0 / a.l2, solver="newton-cg", tol=1e-10, max_iter=1000)
model.fit(scaler.transform(train[features]), train[a.label])
p = model.predict_proba(scaler.transform(test[features]))[:, 1]
auc = roc_auc_score(test[a.label], p)
w = model.coef_[0] / scaler.scale_
b = model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_)

bt = json.load(open(a.backtest_json))["table"]["logistic"]
rust_w = {x["feature"]: x["weight"] for x in bt["weights"]}
diff = max(abs(rust_w[f] - wj) for f, wj in zip(features, w))
print(f"rows: train {len(train)}, test {len(test)}")
print(f"AUC test: branchlens {bt['auc']:.6f}, scikit-learn {auc:.6f} (difference {abs(bt['auc'] - auc):.2e})")
print(f"largest coefficient difference: {max(diff, abs(bt['intercept'] - b)):.2e}")
