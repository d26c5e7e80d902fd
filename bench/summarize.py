"""Summarises the raw logs of bench/compare.sh as Markdown (standard library only).

    /usr/bin/python3 bench/summarize.py OUT_DIR

Each run is OUT_DIR/raw/CONFIG.PEER.rROUND.jsonl: a "run" line, the program's
JSON lines (config, one per epoch, test_accuracy) and a closing line with the
load average. A run's time is the median of its epochs 2..E (epoch 1 includes
JIT warm-up and first-touch allocation). Across rounds: the median and the
min-max of those per-run times. The speed ratio of Dendrite to a peer is
peer time / Dendrite time, computed per round (the runs of one round are back
to back, so they saw similar load) and summarised by its median and min-max;
above 1 means Dendrite is faster.
"""
import glob
import json
import os
import statistics
import sys

CONFIGS = {
    "main": "784-256-128-10, batch 128",
    "b32": "784-256-128-10, batch 32",
    "b512": "784-256-128-10, batch 512",
    "wide": "784-1024-1024-10, batch 128",
}
PEERS = {
    "dendrite-java": "Dendrite, pure Java",
    "dendrite-openblas": "Dendrite + OpenBLAS",
    "dendrite-baseline": "Dendrite, pure Java, baseline revision",
    "torch": "PyTorch (as installed)",
    "torch-passive": "PyTorch, OMP_WAIT_POLICY=PASSIVE",
    "sklearn": "scikit-learn MLPClassifier",
}
TRAIN_SIZE = 60000


def read_run(path):
    run = {"epochs": [], "accuracy": None, "ok": True}
    with open(path) as f:
        for line in f:
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "run" in o:
                run.update(o["run"])
            elif "epoch" in o:
                run["epochs"].append(o)
            elif "stopped" in o:
                run["stopped"] = o["epochs"]
            elif "test_accuracy" in o:
                run["accuracy"] = o["test_accuracy"]
            elif "load_after" in o:
                run["load_after"] = o["load_after"]
                run["ok"] = o.get("rc", 0) == 0
    later = run["epochs"][1:]
    if not later or run["accuracy"] is None:
        run["ok"] = False
        return run
    run["seconds"] = statistics.median(e["seconds"] for e in later)
    if "bytes_per_step" in later[0]:
        run["bytes_per_step"] = statistics.median(e["bytes_per_step"] for e in later)
        run["gc_ms"] = statistics.median(e["gc_ms"] for e in later)
        run["gc_share"] = statistics.median(e["gc_share"] for e in later)
    return run


def spread(values, fmt):
    values = sorted(values)
    mid = fmt.format(statistics.median(values))
    if values[0] == values[-1]:
        return mid
    return f"{mid} [{fmt.format(values[0])}–{fmt.format(values[-1])}]"


def ratio(runs, base, peer):
    """Per-round peer time / base time, over the rounds where both ran."""
    b = {r["round"]: r["seconds"] for r in runs.get(base, [])}
    p = {r["round"]: r["seconds"] for r in runs.get(peer, [])}
    values = [p[k] / b[k] for k in sorted(b) if k in p]
    return spread(values, "{:.2f}") if values else "–"


def main(out):
    files = sorted(glob.glob(os.path.join(out, "raw", "*.jsonl")))
    if not files:
        sys.exit(f"summarize.py: no runs under {out}/raw")
    by_config, failed, loads = {}, [], {}
    for path in files:
        r = read_run(path)
        config, peer = r.get("config"), r.get("peer")
        if not r["ok"]:
            failed.append(os.path.basename(path))
            continue
        by_config.setdefault(config, {}).setdefault(peer, []).append(r)
        for key in ("load_before", "load_after"):
            if r.get(key):
                loads.setdefault(config, []).append(float(r[key].split()[0]))
    machine = os.path.join(out, "machine.txt")
    if os.path.exists(machine):
        with open(machine) as f:
            print("```\n" + f.read().rstrip() + "\n```\n")
    print("s/epoch: median of epochs 2-5 per run, then median [min–max] over rounds. "
          "Speed ratios are peer time / Dendrite time per round (back-to-back runs), "
          "median [min–max]; above 1 means Dendrite is faster.\n")
    print("| config | peer | rounds | s/epoch | samples/s | test acc. | Dendrite Java speed × | Dendrite+OpenBLAS speed × |")
    print("|---|---|---|---|---|---|---|---|")
    order = [c for c in CONFIGS if c in by_config] + sorted(c for c in by_config if c not in CONFIGS)
    for config in order:
        runs = by_config[config]
        for peer in [p for p in PEERS if p in runs] + sorted(p for p in runs if p not in PEERS):
            rs = runs[peer]
            secs = [r["seconds"] for r in rs]
            accs = [r["accuracy"] for r in rs]
            short = sorted({len(r["epochs"]) for r in rs if "stopped" in r})
            note = f" (stopped early after {'/'.join(map(str, short))} epochs)" if short else ""
            vs_java = "–" if peer == "dendrite-java" else ratio(runs, "dendrite-java", peer)
            vs_blas = "–" if peer == "dendrite-openblas" else ratio(runs, "dendrite-openblas", peer)
            print(f"| {CONFIGS.get(config, config)} | {PEERS.get(peer, peer)} | {len(rs)} | {spread(secs, '{:.2f}')} "
                  f"| {TRAIN_SIZE / statistics.median(secs):,.0f} | {spread(accs, '{:.4f}')}{note} | {vs_java} | {vs_blas} |")
    print("\nDendrite's allocation and GC (median over epochs 2-5, then over rounds):\n")
    print("| config | backend | MB allocated / step | GC ms / epoch | GC share of epoch |")
    print("|---|---|---|---|---|")
    for config in order:
        for peer in ("dendrite-java", "dendrite-baseline", "dendrite-openblas"):
            rs = [r for r in by_config[config].get(peer, []) if "bytes_per_step" in r]
            if rs:
                print(f"| {CONFIGS.get(config, config)} | {PEERS[peer]} "
                      f"| {statistics.median(r['bytes_per_step'] for r in rs) / 1e6:.2f} "
                      f"| {statistics.median(r['gc_ms'] for r in rs):.0f} "
                      f"| {100 * statistics.median(r['gc_share'] for r in rs):.1f}% |")
    print("\nLoad average (1 min) seen before and after the runs, 2 cores:\n")
    for config in order:
        ls = loads.get(config, [])
        if ls:
            print(f"- {CONFIGS.get(config, config)}: {min(ls):.2f}–{max(ls):.2f} (median {statistics.median(ls):.2f})")
    if failed:
        print(f"\nFailed or incomplete runs, left out: {', '.join(failed)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: summarize.py OUT_DIR")
    main(sys.argv[1])
