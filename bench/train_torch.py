"""PyTorch peer of dev.dendrite.bench.TrainBench: the same MLP on Fashion-MNIST
(784-256-128-10 by default, ReLU, softmax cross-entropy, Adam lr 1e-3, float32),
timing the training steps of each epoch only and printing one JSON object per
line in TrainBench's shape (epoch, seconds, steps, samples_per_s, loss; then
test_accuracy and test_loss).

Run it with Debian's interpreter: /usr/bin/python3 bench/train_torch.py
[--data DIR] [--layers 256,128|cnn] [--batch 128] [--epochs 5] [--seed 1] [--threads 2]

Initialisation follows TrainBench: He uniform (bound sqrt(6 / fan_in)) for the
hidden layers, Xavier uniform for the output layer, zero biases (PyTorch's own
default, kaiming_uniform with a = sqrt(5), would be a smaller bound). The data
are reshuffled each epoch and the last, smaller batch is kept, as Dendrite's
DataLoader does; gathering a batch from the shuffled indices is inside the
timed part in both. With --budget the run stops early, after at least two
epochs, when the next epoch would take it past the budget (compare.sh uses this
to bound PyTorch's slow default thread setup on a busy machine); the test
accuracy is then after fewer epochs, and the last lines say so.

For the whole-process comparison of bench/startup.sh it can also do what
`dendrite train` does around the steps: --validation N holds out N shuffled
training examples and scores them after every epoch, --save FILE writes the
weights (torch.save) at the end, and --max-steps N stops after N steps.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fashion_mnist  # noqa: E402


def build(layers, seed):
    torch.manual_seed(seed)
    modules, fan_in = [], 784
    for width in layers:
        dense = torch.nn.Linear(fan_in, width)
        torch.nn.init.kaiming_uniform_(dense.weight, nonlinearity="relu")
        torch.nn.init.zeros_(dense.bias)
        modules += [dense, torch.nn.ReLU()]
        fan_in = width
    out = torch.nn.Linear(fan_in, 10)
    torch.nn.init.xavier_uniform_(out.weight)
    torch.nn.init.zeros_(out.bias)
    modules.append(out)
    return torch.nn.Sequential(*modules)


def build_cnn(seed):
    """The issue's CNN, as TrainBench.cnn: conv 1->32 3x3 pad 1, BN, ReLU, max-pool 2;
    conv 32->64 likewise; dense 3136->128, ReLU, dropout 0.3; dense 128->10. He-uniform
    convolution and hidden weights, Xavier output, zero biases, as Dendrite initialises."""
    torch.manual_seed(seed)
    nn = torch.nn
    model = nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
    for m in model:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            if isinstance(m, nn.Linear) and m.out_features == 10:
                nn.init.xavier_uniform_(m.weight)
            else:
                nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    fashion_mnist.common_args(p)
    p.add_argument("--budget", type=float, default=0,
                   help="seconds of training after which to stop early (at least 2 epochs run; 0: no limit)")
    p.add_argument("--validation", type=int, default=0,
                   help="hold out this many shuffled training examples, scored after each epoch")
    p.add_argument("--save", default="", help="write the trained weights to this file")
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: no limit)")
    p.add_argument("--steps", type=int, default=0, help="steps per epoch at most (for profiling; 0: all)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    x_train, y_train, x_test, y_test = fashion_mnist.load(a.data)
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_test, y_test = torch.from_numpy(x_test), torch.from_numpy(y_test)
    x_val = y_val = None
    if a.validation > 0:
        order = torch.randperm(x_train.shape[0], generator=torch.Generator().manual_seed(42))
        x_val, y_val = x_train[order[:a.validation]], y_train[order[:a.validation]]
        x_train, y_train = x_train[order[a.validation:]], y_train[order[a.validation:]]
    model = build_cnn(a.seed) if a.layers == "cnn" else build([int(w) for w in a.layers.split(",")], a.seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    print(json.dumps({"config": {
        "framework": f"torch {torch.__version__}", "layers": a.layers, "batch": a.batch,
        "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
        "parameters": sum(q.numel() for q in model.parameters()),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")},
    }}), flush=True)
    gen = torch.Generator().manual_seed(a.seed)
    model.train()
    trained = 0.0
    total_steps = 0
    for epoch in range(a.epochs):
        if a.budget > 0 and epoch >= 2 and trained + seconds > a.budget:
            print(json.dumps({"stopped": f"budget of {a.budget:g} s", "epochs": epoch}), flush=True)
            break
        perm = torch.randperm(n, generator=gen)
        steps, loss_sum = 0, 0.0
        start = time.perf_counter()
        for i in range(0, n, a.batch):
            if 0 < a.steps <= steps:
                break
            idx = perm[i:i + a.batch]
            xb, yb = x_train[idx], y_train[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            steps += 1
            total_steps += 1
            if a.max_steps and total_steps >= a.max_steps:
                break
        seconds = time.perf_counter() - start
        trained += seconds
        line = {"epoch": epoch + 1, "seconds": round(seconds, 4), "steps": steps,
                "samples_per_s": round(min(n, steps * a.batch) / seconds, 1), "loss": round(loss_sum / steps, 5)}
        if x_val is not None:
            model.eval()
            with torch.no_grad():
                logits = model(x_val)
                line["val_loss"] = round(loss_fn(logits, y_val).item(), 5)
                line["val_accuracy"] = round((logits.argmax(1) == y_val).float().mean().item(), 4)
            model.train()
        print(json.dumps(line), flush=True)
        if a.max_steps and total_steps >= a.max_steps:
            break
    model.eval()
    with torch.no_grad():
        # in chunks, as Dendrite evaluates: a CNN's activations for 10,000 images at once take gigabytes
        logits = torch.cat([model(x_test[i:i + 1024]) for i in range(0, x_test.shape[0], 1024)])
        test_loss = loss_fn(logits, y_test).item()
        acc = (logits.argmax(1) == y_test).float().mean().item()
    print(json.dumps({"test_accuracy": round(acc, 4), "test_loss": round(test_loss, 5)}), flush=True)
    if a.save:
        torch.save(model.state_dict(), a.save)


if __name__ == "__main__":
    main()
