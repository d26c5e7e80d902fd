"""Merges bench/gemm.sh's two tables (GemmReport: Dendrite and OpenBLAS in one
JVM; numpy_sgemm.py: numpy in its own process) into one Markdown table with the
three side by side, one row per shape. Reads gemm.sh's output on stdin.
"""
import re
import sys

CELL = r"(-|\d+\.\d+ \[\s*\d+\.\d+-\s*\d+\.\d+\])"


def main():
    header, java, numpy = [], {}, {}
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.startswith("#"):
            header.append(line.lstrip("# "))
            continue
        m = re.match(r"^(\S+:\d+:\d+:\d+)\s+(.*?)\s+" + CELL + r"\s+" + CELL + r"\s+(\S+)$", line)
        if m:
            java[m.group(1)] = (m.group(2), m.group(3), m.group(4), m.group(5))
            continue
        m = re.match(r"^(\S+:\d+:\d+:\d+)\s+" + CELL + r"$", line)
        if m:
            numpy[m.group(1)] = m.group(2)
    if not java:
        print("(no GEMM results)")
        return
    for h in header:
        print(f"- {h}")
    print()
    print("| shape | what | Dendrite GFLOP/s | OpenBLAS (same JVM) GFLOP/s | Dendrite / OpenBLAS | numpy GFLOP/s | Dendrite / numpy |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for spec, (what, mine, blas, ratio) in java.items():
        np_cell = numpy.get(spec, "-")
        vs_np = "-"
        if np_cell != "-":
            vs_np = f"{float(mine.split()[0]) / float(np_cell.split()[0]):.2f}"
        print(f"| {spec} | {what} | {mine} | {blas} | {ratio} | {np_cell} | {vs_np} |")


if __name__ == "__main__":
    main()
