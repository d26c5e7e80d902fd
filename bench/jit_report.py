#!/usr/bin/env python3
"""Where a run's JIT time went, from a JFR recording of its compilations.

    python3 bench/jit_report.py RECORDING.jfr [RUN_OUTPUT] [--top N]

RECORDING.jfr comes from a run with
    -XX:StartFlightRecording:filename=RECORDING.jfr,jdk.Compilation#threshold=0ms,jdk.Deoptimization#enabled=true
(threshold 0: every compilation, not only those over 100 ms). RUN_OUTPUT is
what a `dendrite train` run printed with DENDRITE_PHASES set to its launch
time in milliseconds (`DENDRITE_PHASES=$(date +%s%3N)`) and a line
`T0 <that time>`; with it, compilations are placed before training, in each
epoch or after. Prints the C2 time (the compile's wall duration: on a busy
machine it includes time the compiler thread waited for a core) by package,
standard against on-stack replacement (OSR), by period, the costliest
methods, and the deoptimizations of Dendrite code. Needs `jfr` from the JDK
(scripts/find-jdk).
"""
import collections
import datetime
import json
import os
import re
import subprocess
import sys


def seconds(duration):
    m = re.match(r"PT(?:(\d+)M)?([0-9.]+)S", duration or "")
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0


def stamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def group(type_name):
    parts = type_name.split("/")
    if "$$Lambda" in type_name or "LambdaForm$" in type_name or type_name.startswith("0x"):
        return "(lambda forms)"
    return "/".join(parts[:3] if parts[0] in ("dev", "jdk") else parts[:2])


def main(argv):
    top = 25
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jdk = subprocess.check_output([os.path.join(root, "scripts", "find-jdk")]).decode().strip()
    raw = subprocess.check_output([os.path.join(jdk, "bin", "jfr"), "print", "--json", "--events",
                                   "jdk.Compilation,jdk.Deoptimization", argv[0]])
    events = json.loads(raw)["recording"]["events"]

    t0, bounds = None, []
    if len(argv) > 1:
        out = open(argv[1], errors="replace").read()
        m = re.search(r"^T0 (\d+)", out, re.M)
        phases = dict(re.findall(r"^phase (\S+)\s+([0-9.]+) s", out, re.M))
        epochs = [float(x) for x in re.findall(r"^epoch +\d+/\d+ .* ([0-9.]+) s +\d+ steps/s", out, re.M)]
        if m and "train-start" in phases:
            t0 = int(m.group(1)) / 1000
            bounds = [float(phases["train-start"])]
            for e in epochs:
                bounds.append(bounds[-1] + e)

    def period(t):
        if t0 is None:
            return "all"
        if t < bounds[0]:
            return "before training"
        for i in range(len(bounds) - 1):
            if t < bounds[i + 1]:
                return f"epoch {i + 1}"
        return "after training"

    c2, deopts = [], []
    for e in events:
        v = e["values"]
        name = v["method"]["type"]["name"]
        short = name.split("/")[-1] + "." + v["method"]["name"]
        at = stamp(v["startTime"]) - (t0 or 0)
        if e["type"] == "jdk.Deoptimization":
            if "dendrite" in name:
                deopts.append((at, short, v.get("reason"), v.get("action"), v.get("lineNumber")))
        elif v["compileLevel"] == 4:
            c2.append((seconds(v["duration"]), at, v["isOsr"], short, group(name)))

    total = sum(c[0] for c in c2)
    print(f"C2: {len(c2)} compilations, {total:.2f} s")
    osr = [c for c in c2 if c[2]]
    print(f"  of which OSR: {len(osr)}, {sum(c[0] for c in osr):.2f} s"
          f" (Dendrite methods: {sum(1 for c in osr if c[4].startswith('dev/'))})")
    by = collections.defaultdict(list)
    for c in c2:
        by[c[4]].append(c)
    print("\nby package (s, compilations):")
    for k, v in sorted(by.items(), key=lambda kv: -sum(c[0] for c in kv[1]))[:12]:
        print(f"  {sum(c[0] for c in v):6.2f} {len(v):4d}  {k}")
    when = collections.defaultdict(float)
    for c in c2:
        when[period(c[1])] += c[0]
    print("\nby period the compilation started in (s):")
    for k, v in when.items():
        print(f"  {v:6.2f}  {k}")
    per = collections.defaultdict(list)
    for c in c2:
        per[c[3]].append(c)
    print(f"\ncostliest methods (s in all; each compilation as seconds@start, o = OSR):")
    for k, v in sorted(per.items(), key=lambda kv: -sum(c[0] for c in kv[1]))[:top]:
        each = " ".join(f"{c[0]:.2f}@{c[1]:.2f}{'o' if c[2] else ''}" for c in sorted(v, key=lambda c: c[1]))
        print(f"  {sum(c[0] for c in v):6.3f}  {k}  [{each}]")
    if deopts:
        print("\ndeoptimizations of Dendrite code (reason, action: count):")
        counts = collections.Counter((d[1], d[2], d[3]) for d in deopts)
        for (m, reason, action), n in counts.most_common(15):
            print(f"  {n:3d}  {m}  {reason}, {action}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
