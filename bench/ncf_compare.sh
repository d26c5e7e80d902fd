#!/usr/bin/env bash
# NeuMF training speed, Dendrite against PyTorch, back to back on the same cores:
# bench/RecommendBench epoch and bench/ncf_torch.py with the same model, batch,
# negatives and learning rate, each a fresh process pinned to CPUs $CPUS
# (default 0,1), $ROUNDS rounds (default 3) of $EPOCHS epochs (default 3).
# PyTorch runs with OMP_WAIT_POLICY=PASSIVE: its spinning OpenMP threads
# otherwise stall it on a busy machine. FACTORS (default 16) sizes GMF; HISTORY=L
# with HALF_LIFE=H gives both peers NeuMF's history input (default off). Then the
# scale benchmark (skipped with NO_SCALE=1).
#   bench/ncf_compare.sh DATA.csv [JAVA]     (JAVA: a java binary; default: scripts/find-jdk's)
#   NO_SCALE=1 HISTORY=40 HALF_LIFE=10 FACTORS=64 bench/ncf_compare.sh data/movielens/ratings.csv
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
data=${1:?usage: bench/ncf_compare.sh ratings.csv [java]}
java=${2:-$("$root/scripts/find-jdk")/bin/java}
cpus=${CPUS:-0,1}
rounds=${ROUNDS:-3}
epochs=${EPOCHS:-3}
jar=${BENCH_JAR:-$root/bench/target/benchmarks.jar}
model=(--factors "${FACTORS:-16}" --history "${HISTORY:-0}" --history-half-life "${HALF_LIFE:-0}")
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) flags: $(grep -o -m1 -w 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ') load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  taskset -c "$cpus" "$java" --add-modules jdk.incubator.vector -cp "$jar" dev.dendrite.bench.RecommendBench \
    epoch --data "$data" --epochs "$epochs" "${model[@]}" 2>/dev/null
  OMP_WAIT_POLICY=PASSIVE taskset -c "$cpus" "${PYTHON:-/usr/bin/python3}" "$root/bench/ncf_torch.py" --data "$data" \
    --epochs "$epochs" --threads 2 "${model[@]}"
done
if [ -z "${NO_SCALE:-}" ]; then
  for items in 10000 100000 1000000; do
    taskset -c "$cpus" "$java" -Xmx24g --add-modules jdk.incubator.vector -cp "$jar" dev.dendrite.bench.RecommendBench \
      scale --users 1000000 --items "$items" --interactions 10000000 --steps 400 2>/dev/null
  done
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
