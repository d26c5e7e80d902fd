"""Small-data peer for bench/small_data.sh.

  small_data.py split DIR          writes DIR/<set>/seed<k>/{train,test}.csv for
                                   iris, wine, breast_cancer, 300 digits, k = 0..4
                                   (a stratified 80/20 split per seed)
  small_data.py sklearn DIR        trains scikit-learn's MLPClassifier with its
                                   defaults on each train.csv, writes sklearn.acc
  small_data.py table DIR          prints mean and standard deviation of the test
                                   accuracies found in DIR (*.acc files), and each
                                   tool's mean paired difference to scikit-learn
                                   over all data sets and seeds (± standard error)

Both libraries see exactly the same rows: the split is made once here.
"""
import csv
import os
import statistics
import sys
import warnings

SETS = ["iris", "wine", "breast_cancer", "digits_small"]
SEEDS = range(int(os.environ.get("SEEDS", "5")))  # SEEDS=10 for a steadier mean


def load(name):
    from sklearn import datasets
    if name == "digits_small":
        # 300 of the 1,797 8x8 digit images (a fixed stratified sample): small data with 64 features, 10 classes
        from sklearn.model_selection import train_test_split
        d = datasets.load_digits()
        x, _, y, _ = train_test_split(d.data, d.target, train_size=300, random_state=1234, stratify=d.target)
        return x, ["d%d" % t for t in y]
    d = getattr(datasets, "load_" + name)()
    return d.data, [str(d.target_names[t]) for t in d.target]


def write(path, x, y, columns):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns + ["label"])
        for row, label in zip(x, y):
            w.writerow([repr(float(v)) for v in row] + [label])


def split(root):
    from sklearn.model_selection import train_test_split
    for name in SETS:
        x, y = load(name)
        columns = ["f%d" % i for i in range(x.shape[1])]
        for seed in SEEDS:
            xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=seed, stratify=y)
            d = os.path.join(root, name, "seed%d" % seed)
            os.makedirs(d, exist_ok=True)
            write(os.path.join(d, "train.csv"), xtr, ytr, columns)
            write(os.path.join(d, "test.csv"), xte, yte, columns)


def read(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    return [[float(v) for v in r[:-1]] for r in rows], [r[-1] for r in rows]


def sklearn(root):
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    warnings.simplefilter("ignore")  # the default 200 iterations often stop before convergence
    for name in SETS:
        for seed in SEEDS:
            d = os.path.join(root, name, "seed%d" % seed)
            xtr, ytr = read(os.path.join(d, "train.csv"))
            xte, yte = read(os.path.join(d, "test.csv"))
            # scikit-learn's documentation asks for scaled inputs; Dendrite standardises CSV by default
            m = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)).fit(xtr, ytr)
            with open(os.path.join(d, "sklearn.acc"), "w") as f:
                f.write("%.6f\n" % m.score(xte, yte))


def table(root):
    tools = sorted({f[:-4] for name in SETS for seed in SEEDS
                    for f in os.listdir(os.path.join(root, name, "seed%d" % seed)) if f.endswith(".acc")})
    print("%-14s" % "data set" + "".join("%24s" % t for t in tools))
    for name in SETS:
        cells = []
        for t in tools:
            acc = []
            for seed in SEEDS:
                p = os.path.join(root, name, "seed%d" % seed, t + ".acc")
                if os.path.exists(p) and open(p).read().strip():
                    acc.append(float(open(p).read()))
            cells.append("%.4f ± %.4f (n=%d)" % (statistics.mean(acc), statistics.stdev(acc), len(acc)) if len(acc) > 1 else "-")
        print("%-14s" % name + "".join("%24s" % c for c in cells))
    # paired by data set and seed: the same split for both, so the split's own luck cancels
    if "sklearn" in tools:
        print("%-14s" % "minus sklearn" + "".join("%24s" % paired(root, t) for t in tools))


def paired(root, tool):
    """Mean over data sets and seeds of (tool - sklearn) accuracy, with its standard error."""
    diffs = []
    for name in SETS:
        for seed in SEEDS:
            d = os.path.join(root, name, "seed%d" % seed)
            a, b = os.path.join(d, tool + ".acc"), os.path.join(d, "sklearn.acc")
            if os.path.exists(a) and os.path.exists(b) and open(a).read().strip():
                diffs.append(float(open(a).read()) - float(open(b).read()))
    if len(diffs) < 2:
        return "-"
    return "%+.4f ± %.4f" % (statistics.mean(diffs), statistics.stdev(diffs) / len(diffs) ** 0.5)


if __name__ == "__main__":
    {"split": split, "sklearn": sklearn, "table": table}[sys.argv[1]](sys.argv[2])
