#!/usr/bin/env bash
# Validation-only hyperparameter search for `dendrite recommend train`: for each
# line of CONFIGS (extra train flags; '#' lines skipped) it runs
#   recommend train --validation --curve --runs R [flags]
# on each user's second-latest interaction (the test item stays unseen), and
# prints one markdown row: the flags, the epoch with the best mean validation
# HR@10, HR@10 and NDCG@10 there (mean ± sd over R seeds), and the last epoch's.
# Never looks at the test items. Usage:
#   bench/ncf_search.sh CONFIGS [DATA] [RUNS]   (needs cli/target/dendrite.jar)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
configs=$1
data=${2:-$root/data/movielens/ratings.csv}
runs=${3:-3}
java=${JAVA:-$("$root/scripts/find-jdk")/bin/java}
echo "| flags | best epoch | HR@10 | NDCG@10 | last epoch HR@10 / NDCG@10 | seconds |"
echo "|---|---|---|---|---|---|"
while IFS= read -r flags; do
  [[ -z "${flags// }" || $flags == \#* ]] && continue
  start=$(date +%s)
  # shellcheck disable=SC2086
  out=$("$java" --add-modules jdk.incubator.vector -jar "$root/cli/target/dendrite.jar" recommend train \
        --data "$data" --validation --curve --runs "$runs" --quiet $flags 2>/dev/null) || { echo "| $flags | failed | | | | |"; continue; }
  secs=$(( $(date +%s) - start ))
  # curve rows: epoch, HR, ±, sd, NDCG, ±, sd
  echo "$out" | awk -v flags="$flags" -v secs="$secs" '
    $1 ~ /^[0-9]+$/ && NF >= 3 { e=$1; hr=$2; hs=$4; nd=$5; ns=$7;
      if (hr > best) { best=hr; be=e; bh=hr " ± " hs; bn=nd " ± " ns }
      lh=hr; ln=nd }
    END { printf "| %s | %d | %s | %s | %s / %s | %d |\n", flags, be, bh, bn, lh, ln, secs }'
done < "$configs"
