#!/usr/bin/env python3
"""Reference recommenders on the leave-latest-out protocol, in numpy.

A diagnostic beside `dendrite recommend train`, not part of the product: it
re-implements the protocol (each user's latest interaction is the test item,
the second-latest the validation item, ties in file order; 99 candidates the
user never chose anywhere in the file) with its own seeded candidate draw, and
scores recommenders that Dendrite does not ship:

  most-popular, item-kNN (cosine), the same item-kNN with the user's profile
  weighted by recency (age a weighs 0.5^(a/h)), implicit ALS (Hu, Koren and
  Volinsky 2008; confidence 1 + alpha, rank 32), and ALS blended with the
  recency item-kNN (z-scored per candidate list, weight lambda).

    python3 bench/recommend_reference.py data/movielens/ratings.csv --split validation
    python3 bench/recommend_reference.py data/movielens/ratings.csv --split test

Choose settings on --split validation only. Needs numpy (Debian's python3-numpy).
"""
import argparse
import csv
import math

import numpy as np


def read(path):
    users, items, rows = {}, {}, []
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for line, rec in enumerate(r):
            u = users.setdefault(rec[0], len(users))
            i = items.setdefault(rec[1], len(items))
            rows.append((u, i, float(rec[3]), line))
    by_user = [[] for _ in users]
    for u, i, t, line in rows:
        by_user[u].append((t, line, i))
    for seq in by_user:
        seq.sort()
    return by_user, len(items)


def split(by_user, n_items, which, seed):
    back = 1 if which == "test" else 2
    rng = np.random.default_rng(seed)
    train, held, cands = [], [], []
    for seq in by_user:
        seen = {i for _, _, i in seq}
        train.append([i for _, _, i in seq[:-back]])  # oldest first
        held.append(seq[-back][2])
        c = []
        while len(c) < 99:
            j = int(rng.integers(n_items))
            if j not in seen and j not in c:
                c.append(j)
        cands.append(np.array(c + [seq[-back][2]]))
    return train, held, cands


def matrix(train, n_items, weight=lambda age: 1.0):
    m = np.zeros((len(train), n_items))
    for u, seq in enumerate(train):
        for j, i in enumerate(seq):
            m[u, i] = max(m[u, i], weight(len(seq) - 1 - j))
    return m


def report(name, score, cands, k=10):
    hr = ndcg = 0.0
    for u, c in enumerate(cands):
        s = score(u, c)
        rank = int((s[:-1] > s[-1]).sum())  # the held-out item is last; ties count in its favour
        if rank < k:
            hr += 1
            ndcg += 1 / math.log2(rank + 2)
    n = len(cands)
    print(f"{name:44s} HR@{k} {hr / n:.3f}  NDCG@{k} {ndcg / n:.3f}", flush=True)


def als(r, alpha, reg, rank=32, sweeps=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 0.01, (r.shape[0], rank))
    y = rng.normal(0, 0.01, (r.shape[1], rank))
    for _ in range(sweeps):
        for a, b, rr in ((x, y, r), (y, x, r.T)):
            gram = b.T @ b
            for row in range(a.shape[0]):
                nz = np.nonzero(rr[row])[0]
                if len(nz) == 0:
                    a[row] = 0
                    continue
                bn, conf = b[nz], alpha * rr[row, nz]
                lhs = gram + (bn.T * conf) @ bn + reg * np.eye(rank)
                a[row] = np.linalg.solve(lhs, (bn.T * (1 + conf)).sum(1))
    return x, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("--split", choices=["validation", "test"], default="validation")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    by_user, n_items = read(a.data)
    train, held, cands = split(by_user, n_items, a.split, a.seed)
    print(f"{a.split}: {len(train)} users, {n_items} items, candidate seed {a.seed}")
    r = matrix(train, n_items)
    pop = r.sum(0)
    report("most-popular", lambda u, c: pop[c], cands)
    norm = np.sqrt(pop) + 1e-9
    sim = (r.T @ r) / norm[:, None] / norm[None, :]
    np.fill_diagonal(sim, 0)
    report("item-kNN (cosine)", lambda u, c: r[u] @ sim[:, c], cands)
    recent = {}
    for h in (2, 5, 10):
        rw = matrix(train, n_items, lambda age, h=h: 0.5 ** (age / h))
        recent[h] = rw
        report(f"item-kNN, profile half-life {h}", lambda u, c, rw=rw: rw[u] @ sim[:, c], cands)
    for alpha, reg in ((1, 0.1), (5, 1), (10, 5)):
        x, y = als(r, alpha, reg)
        report(f"implicit ALS alpha {alpha} reg {reg}", lambda u, c: y[c] @ x[u], cands)
    x, y = als(r, 5, 1)
    z = lambda v: (v - v.mean()) / (v.std() + 1e-9)
    for lam in (0.5, 1.0, 2.0):
        report(f"ALS(5, 1) + {lam} x kNN half-life 5",
               lambda u, c: z(y[c] @ x[u]) + lam * z(recent[5][u] @ sim[:, c]), cands)


if __name__ == "__main__":
    main()
