#!/usr/bin/env python3
"""Small tabular data: Dendrite's no-flag defaults against scikit-learn's MLP.

For each data set bundled with scikit-learn (iris 150 rows, wine 178, breast
cancer 569) and each seed, one stratified 80/20 split is written as train.csv
and test.csv; Dendrite trains on train.csv with no flag but `--test 0` (the test
rows are the other file) plus any EXTRA flags, and `dendrite evaluate` scores
test.csv; scikit-learn fits StandardScaler + MLPClassifier with its defaults
(random_state = seed) on the same rows. Prints test accuracy per run and the
mean over seeds. Usage: small_data.py JAR [SEEDS] [EXTRA FLAGS...]
"""
import os
import re
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
JAR = sys.argv[1]
SEEDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
EXTRA = sys.argv[3:]
JAVA = [os.environ.get("JAVA", "java"), "--add-modules", "jdk.incubator.vector", "-jar", JAR]


def write(path, x, y, names):
    with open(path, "w") as f:
        f.write(",".join(names + ["label"]) + "\n")
        for row, label in zip(x, y):
            f.write(",".join("%.6g" % v for v in row) + ",c%d\n" % label)


def dendrite(tmp, seed):
    model = os.path.join(tmp, "m.dnd")
    subprocess.run(JAVA + ["train", "--data", os.path.join(tmp, "train.csv"), "--test", "0", "--seed", str(seed),
                           "--plain", "-o", model] + EXTRA, check=True, capture_output=True)
    out = subprocess.run(JAVA + ["evaluate", "-m", model, "--data", os.path.join(tmp, "test.csv")],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"accuracy: ([0-9.]+)", out).group(1))


results = {}
for name, load in [("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
    d = load()
    names = ["f%d" % i for i in range(d.data.shape[1])]
    for seed in range(SEEDS):
        xtr, xte, ytr, yte = train_test_split(d.data, d.target, test_size=0.2, stratify=d.target, random_state=seed)
        sk = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)).fit(xtr, ytr).score(xte, yte)
        with tempfile.TemporaryDirectory() as tmp:
            write(os.path.join(tmp, "train.csv"), xtr, ytr, names)
            write(os.path.join(tmp, "test.csv"), xte, yte, names)
            dn = dendrite(tmp, seed)
        results.setdefault(name, []).append((sk, dn))
        print("%-14s seed %d  sklearn %.4f  dendrite %.4f" % (name, seed, sk, dn), flush=True)
print()
print("%-14s %8s %9s %7s" % ("data", "sklearn", "dendrite", "diff"))
all_sk, all_dn = [], []
for name, rs in results.items():
    sk = np.mean([r[0] for r in rs])
    dn = np.mean([r[1] for r in rs])
    all_sk += [r[0] for r in rs]
    all_dn += [r[1] for r in rs]
    print("%-14s %8.4f %9.4f %+7.4f" % (name, sk, dn, dn - sk))
print("%-14s %8.4f %9.4f %+7.4f" % ("all", np.mean(all_sk), np.mean(all_dn), np.mean(all_dn) - np.mean(all_sk)))
