"""PyTorch peer of Dendrite's NeuMF training (dev.dendrite.recommend): the same
model (GMF embeddings of --factors, an MLP tower of --layers whose first size
is the joined user and item embeddings, ReLU, one output logit over the joined
GMF and MLP vectors), binary cross-entropy with logits, --negatives items per
positive drawn uniformly from the items the user never chose, fresh each epoch,
shuffled mini-batches of --batch, Adam at --lr (SparseAdam for the embedding
tables, as Dendrite updates only the rows a batch uses), float32, --threads.

An epoch's time covers what Dendrite's covers: drawing the negatives,
shuffling, and the training steps. Prints one JSON object per epoch.

  /usr/bin/python3 bench/ncf_torch.py --data data/movielens/ratings.csv [--epochs 3]
"""
import argparse
import json
import time

import numpy as np
import torch


def read(path):
    users, items, pairs = {}, {}, set()
    with open(path) as f:
        first = f.readline()
        lines = f if not first.split(",")[0].strip().isdigit() else [first] + list(f)
        for line in lines:
            p = line.strip().split(",")
            if len(p) < 2:
                continue
            u = users.setdefault(p[0], len(users))
            i = items.setdefault(p[1], len(items))
            pairs.add((u, i))
    arr = np.array(sorted(pairs), dtype=np.int64)
    return arr[:, 0], arr[:, 1], len(users), len(items)


class NeuMF(torch.nn.Module):
    def __init__(self, users, items, factors, layers, sparse):
        super().__init__()
        self.gu = torch.nn.Embedding(users, factors, sparse=sparse)
        self.gi = torch.nn.Embedding(items, factors, sparse=sparse)
        self.mu = torch.nn.Embedding(users, layers[0] // 2, sparse=sparse)
        self.mi = torch.nn.Embedding(items, layers[0] // 2, sparse=sparse)
        for e in (self.gu, self.gi, self.mu, self.mi):
            torch.nn.init.normal_(e.weight, std=0.01)
        tower = []
        for a, b in zip(layers, layers[1:]):
            tower += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.tower = torch.nn.Sequential(*tower)
        self.out = torch.nn.Linear(factors + layers[-1], 1)

    def forward(self, u, i):
        g = self.gu(u) * self.gi(i)
        m = self.tower(torch.cat([self.mu(u), self.mi(i)], dim=1))
        return self.out(torch.cat([g, m], dim=1)).squeeze(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--factors", type=int, default=16)
    ap.add_argument("--layers", default="64,32,16")
    ap.add_argument("--negatives", type=int, default=8)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dense", action="store_true", help="dense Adam on the tables instead of SparseAdam")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    us, its, n_users, n_items = read(a.data)
    seen = set((us * n_items + its).tolist())
    model = NeuMF(n_users, n_items, a.factors, [int(x) for x in a.layers.split(",")], not a.dense)
    tables = [model.gu.weight, model.gi.weight, model.mu.weight, model.mi.weight]
    rest = [p for p in model.parameters() if all(p is not t for t in tables)]
    if a.dense:
        opts = [torch.optim.Adam(model.parameters(), lr=a.lr)]
    else:
        opts = [torch.optim.SparseAdam(tables, lr=a.lr), torch.optim.Adam(rest, lr=a.lr)]
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        neg_u = np.repeat(us, a.negatives)
        neg_i = rng.integers(0, n_items, size=neg_u.size)
        while True:  # redraw the negatives that hit a seen pair
            bad = np.fromiter((k in seen for k in (neg_u * n_items + neg_i).tolist()), bool, neg_u.size)
            if not bad.any():
                break
            neg_i[bad] = rng.integers(0, n_items, size=int(bad.sum()))
        all_u = torch.from_numpy(np.concatenate([us, neg_u]))
        all_i = torch.from_numpy(np.concatenate([its, neg_i]))
        labels = torch.cat([torch.ones(us.size), torch.zeros(neg_u.size)])
        order = torch.from_numpy(rng.permutation(all_u.numel()))
        total, n = 0.0, all_u.numel()
        for s in range(0, n, a.batch):
            idx = order[s:s + a.batch]
            for o in opts:
                o.zero_grad()
            loss = loss_fn(model(all_u[idx], all_i[idx]), labels[idx])
            loss.backward()
            for o in opts:
                o.step()
            total += loss.item() * idx.numel()
        sec = time.perf_counter() - start
        print(json.dumps({"peer": "torch" + ("-dense" if a.dense else ""), "epoch": epoch, "seconds": round(sec, 3),
                          "examples_per_s": round(n / sec), "loss": round(total / n, 5)}), flush=True)


if __name__ == "__main__":
    main()
