"""Prints numpy's float32 matmul GFLOP/s for GEMM shapes given as NN:m:n:k.

A transposed operand is stored transposed and passed as a .T view, so numpy
hands BLAS the transpose flag instead of copying, as Dendrite does. Each shape
is timed in several rounds of at least `millis` ms; median and min-max printed.
"""
import sys
import time

import numpy as np


def measure(f, flops, millis):
    calls, start = 0, time.perf_counter()
    while True:
        f()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed * 1000 >= millis and calls >= 3:
            return flops * calls / elapsed / 1e9


def main(args):
    rounds, millis, specs = 7, 200, []
    i = 0
    while i < len(args):
        if args[i] == "--rounds":
            rounds, i = int(args[i + 1]), i + 2
        elif args[i] == "--millis":
            millis, i = int(args[i + 1]), i + 2
        elif args[i] == "--warmup":
            i += 2  # accepted for symmetry with GemmReport; numpy has no JIT to warm up
        else:
            specs.append(args[i])
            i += 1
    rng = np.random.default_rng(17)
    print(f"# numpy {np.__version__}, rounds={rounds}, >={millis} ms per measurement")
    print(f"{'shape (op m:n:k)':<24} {'numpy GFLOP/s':>22}")
    for spec in specs:
        op, m, n, k = spec.split(":")
        m, n, k = int(m), int(n), int(k)
        a = rng.uniform(-1, 1, (k, m) if op[0] == "T" else (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, k) if op[1] == "T" else (k, n)).astype(np.float32)
        x = a.T if op[0] == "T" else a
        y = b.T if op[1] == "T" else b
        c = np.empty((m, n), dtype=np.float32)
        f = lambda: np.matmul(x, y, out=c)
        measure(f, 2.0 * m * n * k, millis)
        g = sorted(measure(f, 2.0 * m * n * k, millis) for _ in range(rounds))
        med = g[len(g) // 2] if len(g) % 2 else (g[len(g) // 2 - 1] + g[len(g) // 2]) / 2
        print(f"{spec:<24} {med:7.1f} [{g[0]:5.1f}-{g[-1]:5.1f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
