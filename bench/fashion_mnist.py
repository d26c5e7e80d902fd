"""Reads Fashion-MNIST from the IDX .gz files that Debian's dataset-fashion-mnist
installs, with gzip and numpy only, for the Python peers of TrainBench.

Images come back as float32 [N, 784] scaled by 1/255 (as TrainBench's
Normalizer.scale(255)), labels as int64 [N].
"""
import gzip
import os

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: magic {magic:#x}, expected an unsigned-byte IDX file (0x08..)")
    rank = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {body.size} bytes of data, expected {dims}")
    return body.reshape(dims)


def load(directory=DEFAULT_DIR):
    """Returns (x_train, y_train, x_test, y_test)."""
    def part(prefix):
        x = _read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz"))
        y = _read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz"))
        x = x.reshape(x.shape[0], -1).astype(np.float32) / np.float32(255)
        return x, y.astype(np.int64)

    x_train, y_train = part("train")
    x_test, y_test = part("t10k")
    return x_train, y_train, x_test, y_test


def common_args(parser):
    """The flags every peer script takes, with the same defaults as TrainBench."""
    parser.add_argument("--data", default=DEFAULT_DIR)
    parser.add_argument("--layers", default="256,128")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    return parser
