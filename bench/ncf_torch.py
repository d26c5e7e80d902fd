"""PyTorch peer of Dendrite's NeuMF training (dev.dendrite.recommend): the same
model (GMF embeddings of --factors, an MLP tower of --layers whose first size
is the joined user and item embeddings, ReLU, one output logit over the joined
GMF and MLP vectors), binary cross-entropy with logits, --negatives items per
positive drawn uniformly from the items the user never chose, fresh each epoch,
shuffled mini-batches of --batch, Adam at --lr (SparseAdam for the embedding
tables, as Dendrite updates only the rows a batch uses), float32, --threads.

With --history L (NcfModels.neumf's history input) each example also reads
the L items its user chose just before the positive, the latest first, through
two EmbeddingBags (GMF and MLP width) whose weighted sums are added to the user
embeddings: slot l weighs 0.5^(l/H) (--history-half-life H; 0: all 1), a row's
weights divided by the square root of the sum over its filled slots. A user's
items are in time order (a repeated pair at its latest time, ties in the order
pairs first appear in the file), as Dendrite's InteractionReader and Histories
order them. Each positive and its negatives then stay together: whole groups are
shuffled, and a batch computes each group's bag once, as Dendrite does.

An epoch's time covers what Dendrite's covers: drawing the negatives,
shuffling, and the training steps. Prints one JSON object per epoch.

  /usr/bin/python3 bench/ncf_torch.py --data data/movielens/ratings.csv [--epochs 3] [--history 40 --history-half-life 10]
"""
import argparse
import sys
import json
import time

import numpy as np
import torch


def read(path):
    """Distinct (user, item) pairs sorted, and each user's items in time order (a flat array and its offsets)."""
    users, items, first, time = {}, {}, {}, {}
    with open(path) as f:
        head = f.readline()
        lines = f if not head.split(",")[0].strip().isdigit() else [head] + list(f)
        for n, line in enumerate(lines):
            p = line.strip().split(",")
            if len(p) < 2:
                continue
            u = users.setdefault(p[0], len(users))
            i = items.setdefault(p[1], len(items))
            t = float(p[3]) if len(p) >= 4 else n
            key = (u, i)
            if key not in first:
                first[key] = len(first)
                time[key] = t
            elif t >= time[key]:
                time[key] = t  # a repeated pair counts once, at its latest time
    arr = np.array(sorted(first), dtype=np.int64)
    t = np.array([time[(u, i)] for u, i in arr.tolist()])
    k = np.array([first[(u, i)] for u, i in arr.tolist()])
    by_time = np.lexsort((k, t, arr[:, 0]))  # per user oldest first, ties by first appearance
    return arr[:, 0], arr[:, 1], len(users), len(items), by_time


def histories(us, its, by_time, length, half_life, pad):
    """Each positive's `length` earlier items (latest first, `pad` where none) and their bag weights."""
    seq_items = its[by_time]
    start = np.searchsorted(us[by_time], us[by_time], side="left")  # each sequence slot's user start
    at = np.empty_like(by_time)
    at[by_time] = np.arange(by_time.size)  # each positive's slot in the flat sequence
    src = at[:, None] - 1 - np.arange(length)[None, :]
    filled = src >= start[at][:, None]
    hist = np.where(filled, seq_items[np.clip(src, 0, None)], pad)
    slot = 0.5 ** (np.arange(length) / half_life) if half_life > 0 else np.ones(length)
    w = filled * slot[None, :]
    total = w.sum(axis=1, keepdims=True)
    w = np.where(total > 0, w / np.sqrt(np.where(total > 0, total, 1)), 0)
    return torch.from_numpy(hist), torch.from_numpy(w.astype(np.float32))


class NeuMF(torch.nn.Module):
    def __init__(self, users, items, factors, layers, sparse, history=False):
        super().__init__()
        self.gu = torch.nn.Embedding(users, factors, sparse=sparse)
        self.gi = torch.nn.Embedding(items, factors, sparse=sparse)
        self.mu = torch.nn.Embedding(users, layers[0] // 2, sparse=sparse)
        self.mi = torch.nn.Embedding(items, layers[0] // 2, sparse=sparse)
        self.tables = [self.gu, self.gi, self.mu, self.mi]
        self.history = history
        if history:  # one more row, the padding of empty slots (left out of the sums)
            self.gh = torch.nn.EmbeddingBag(items + 1, factors, mode="sum", sparse=sparse, padding_idx=items)
            self.mh = torch.nn.EmbeddingBag(items + 1, layers[0] // 2, mode="sum", sparse=sparse, padding_idx=items)
            self.tables += [self.gh, self.mh]
        for e in self.tables:
            torch.nn.init.normal_(e.weight, std=0.01)
        if history:
            with torch.no_grad():
                self.gh.weight[items].zero_()
                self.mh.weight[items].zero_()
        tower = []
        for a, b in zip(layers, layers[1:]):
            tower += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.tower = torch.nn.Sequential(*tower)
        self.out = torch.nn.Linear(factors + layers[-1], 1)

    def forward(self, u, i, hist=None, weights=None, group=None):
        """With a history: `hist` and `weights` [G, L] per group of the batch, `group` each example's group row."""
        gu, mu = self.gu(u), self.mu(u)
        if self.history:
            gu = gu + self.gh(hist, per_sample_weights=weights)[group]
            mu = mu + self.mh(hist, per_sample_weights=weights)[group]
        g = gu * self.gi(i)
        m = self.tower(torch.cat([mu, self.mi(i)], dim=1))
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
    ap.add_argument("--history", type=int, default=0, help="the history input's length L (0: none)")
    ap.add_argument("--history-half-life", type=float, default=0, help="the slot weights' half-life (0: all alike)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    us, its, n_users, n_items, by_time = read(a.data)
    seen = set((us * n_items + its).tolist())
    per = 1 + a.negatives
    if a.history:
        hist, hist_w = histories(us, its, by_time, a.history, a.history_half_life, n_items)
    model = NeuMF(n_users, n_items, a.factors, [int(x) for x in a.layers.split(",")], not a.dense, a.history > 0)
    tables = [t.weight for t in model.tables]
    rest = [p for p in model.parameters() if all(p is not t for t in tables)]
    if a.dense:
        opts = [torch.optim.Adam(model.parameters(), lr=a.lr)]
    else:
        opts = [torch.optim.SparseAdam(tables, lr=a.lr), torch.optim.Adam(rest, lr=a.lr)]
    loss_fn = torch.nn.BCEWithLogitsLoss()
    per_user = np.bincount(us, minlength=n_users)
    if (per_user >= n_items).any():  # no unseen item to draw: the redraw loop below would never end
        sys.exit("ncf_torch.py: user %d has chosen every one of the %d items, so no negative can be drawn"
                 % (int(np.argmax(per_user >= n_items)), n_items))
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        neg_u = np.repeat(us, a.negatives)
        neg_i = rng.integers(0, n_items, size=neg_u.size)
        while True:  # redraw the negatives that hit a seen pair
            bad = np.fromiter((k in seen for k in (neg_u * n_items + neg_i).tolist()), bool, neg_u.size)
            if not bad.any():
                break
            neg_i[bad] = rng.integers(0, n_items, size=int(bad.sum()))
        if a.history:  # positive k and its negatives are examples k*per ... k*per+per-1, shuffled as a group
            all_u = torch.from_numpy(np.repeat(us, per))
            all_i = torch.from_numpy(np.concatenate([its[:, None], neg_i.reshape(-1, a.negatives)], axis=1).ravel())
            labels = torch.zeros(us.size, per)
            labels[:, 0] = 1
            labels = labels.ravel()
            order = torch.from_numpy((rng.permutation(us.size)[:, None] * per + np.arange(per)).ravel())
        else:
            all_u = torch.from_numpy(np.concatenate([us, neg_u]))
            all_i = torch.from_numpy(np.concatenate([its, neg_i]))
            labels = torch.cat([torch.ones(us.size), torch.zeros(neg_u.size)])
            order = torch.from_numpy(rng.permutation(all_u.numel()))
        total, n = 0.0, all_u.numel()
        for s in range(0, n, a.batch):
            idx = order[s:s + a.batch]
            for o in opts:
                o.zero_grad()
            if a.history:  # each group's bag once: a group's examples are consecutive in the batch
                groups, row = torch.unique_consecutive(idx // per, return_inverse=True)
                logits = model(all_u[idx], all_i[idx], hist[groups], hist_w[groups], row)
            else:
                logits = model(all_u[idx], all_i[idx])
            loss = loss_fn(logits, labels[idx])
            loss.backward()
            for o in opts:
                o.step()
            total += loss.item() * idx.numel()
        sec = time.perf_counter() - start
        print(json.dumps({"peer": "torch" + ("-history" if a.history else "") + ("-dense" if a.dense else ""), "epoch": epoch, "seconds": round(sec, 3),
                          "examples_per_s": round(n / sec), "loss": round(total / n, 5)}), flush=True)


if __name__ == "__main__":
    main()
