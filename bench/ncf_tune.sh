#!/usr/bin/env bash
# Tunes `dendrite recommend train` on the validation interactions (each user's
# second-latest), one configuration per CPU core in parallel, 2 seeds each, and
# then runs the same configuration on the test interactions (3 seeds, with the
# baselines), so the README can report the test row of the configuration that
# won on validation. Needs a machine with many cores; writes OUT_DIR/*.txt.
#   bench/ncf_tune.sh DATA.csv OUT_DIR [JAVA]
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
data=$1
out=$2
java=${3:-$("$root/scripts/find-jdk")/bin/java}
mkdir -p "$out"
configs=(
  "--epochs 4 --negatives 8"
  "--epochs 8 --negatives 8 --l2 1e-5"
  "--epochs 8 --negatives 8 --l2 1e-4"
  "--epochs 12 --negatives 8 --l2 1e-4"
  "--epochs 8 --negatives 4 --l2 1e-4"
  "--epochs 6 --negatives 8 --factors 32 --layers 128,64,32 --l2 1e-4"
  "--epochs 10 --negatives 8 --factors 32 --layers 128,64,32 --l2 1e-5"
  "--epochs 4 --negatives 8 --factors 8 --layers 32,16,8"
  "--epochs 4 --negatives 16 --lr 0.001"
  "--epochs 8 --negatives 8 --l2 1e-4 --lr 0.001"
  "--model mf --epochs 8 --negatives 8 --factors 32 --l2 1e-4"
  "--model gmf --epochs 8 --negatives 8 --factors 32 --l2 1e-5"
  "--epochs 6 --negatives 8 --pretrain --l2 1e-5"
  "--epochs 20 --negatives 8 --l2 1e-3"
)
first=${FIRST_CPU:-2}
for c in "${!configs[@]}"; do
  cpu=$((first + c % ($(nproc) - first)))
  (
    echo "== ${configs[$c]}"
    taskset -c "$cpu" "$java" --add-modules jdk.incubator.vector -jar "$root/cli/target/dendrite.jar" recommend train \
      --data "$data" --validation --runs 2 --no-baselines --no-full --quiet ${configs[$c]} 2>&1 | grep -v WARNING
    taskset -c "$cpu" "$java" --add-modules jdk.incubator.vector -jar "$root/cli/target/dendrite.jar" recommend train \
      --data "$data" --runs 3 --quiet ${configs[$c]} 2>&1 | grep -v WARNING
  ) > "$out/config-$c.txt" 2>&1 &
done
wait
