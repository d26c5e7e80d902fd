"""scikit-learn peer of dev.dendrite.bench.TrainBench: MLPClassifier with the
same layers (ReLU hidden layers, softmax output, log loss), Adam lr 1e-3, in
float32, one partial_fit per epoch timed, printing one JSON object per line in
TrainBench's shape (epoch, seconds, steps, samples_per_s, loss; then
test_accuracy and test_loss).

Run it with Debian's interpreter: /usr/bin/python3 bench/train_sklearn.py
[--data DIR] [--layers 256,128] [--batch 128] [--epochs 5] [--seed 1] [--threads 2]

partial_fit rather than fit(warm_start=True): fit rebuilds the Adam state on
every call, partial_fit keeps it and runs exactly one shuffled pass, like an
epoch of TrainBench. alpha (sklearn's L2 penalty, default 1e-4) is 0 because
TrainBench has none. sklearn initialises every layer with its own Glorot
uniform (bound sqrt(6 / (fan_in + fan_out))), biases included; that cannot be
changed without reaching into private methods. The timed part includes
sklearn's own input validation of the 60000 x 784 array on each call, which is
part of what a user of partial_fit pays. The BLAS doing the matrix products
(numpy's) is named in the config line, from threadpoolctl.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info, threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_mnist  # noqa: E402


def log_loss(proba, y):
    p = np.clip(proba[np.arange(len(y)), y], 1e-7, 1.0)
    return float(-np.mean(np.log(p)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    fashion_mnist.common_args(p)
    a = p.parse_args()

    x_train, y_train, x_test, y_test = fashion_mnist.load(a.data)
    layers = tuple(int(w) for w in a.layers.split(","))
    clf = MLPClassifier(hidden_layer_sizes=layers, activation="relu", solver="adam",
                        learning_rate_init=1e-3, batch_size=a.batch, alpha=0.0,
                        max_iter=1, warm_start=True, shuffle=True, random_state=a.seed)
    classes = np.arange(10)
    n = x_train.shape[0]
    steps = -(-n // a.batch)
    with threadpool_limits(limits=a.threads):
        blas = [{k: d.get(k) for k in ("internal_api", "version", "threading_layer", "architecture", "num_threads")}
                for d in threadpool_info() if d.get("user_api") == "blas"]
        print(json.dumps({"config": {
            "framework": f"sklearn {sklearn.__version__}, numpy {np.__version__}", "layers": a.layers,
            "batch": a.batch, "threads": a.threads, "blas": blas,
            "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")},
        }}), flush=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in range(a.epochs):
                start = time.perf_counter()
                if epoch == 0:
                    clf.partial_fit(x_train, y_train, classes=classes)
                else:
                    clf.partial_fit(x_train, y_train)
                seconds = time.perf_counter() - start
                if epoch == 0:
                    dtypes = sorted({str(c.dtype) for c in clf.coefs_})
                print(json.dumps({"epoch": epoch + 1, "seconds": round(seconds, 4), "steps": steps,
                                  "samples_per_s": round(n / seconds, 1), "loss": round(float(clf.loss_), 5),
                                  "weight_dtype": ",".join(dtypes)}), flush=True)
        proba = clf.predict_proba(x_test)
    acc = float(np.mean(clf.classes_[proba.argmax(1)] == y_test))
    print(json.dumps({"test_accuracy": round(acc, 4), "test_loss": round(log_loss(proba, y_test), 5)}), flush=True)


if __name__ == "__main__":
    main()
