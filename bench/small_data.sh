#!/usr/bin/env bash
# Test accuracy on small public data sets (iris 150 rows, wine 178, breast
# cancer 569, 300 of the 8x8 digits): `dendrite train` with no modelling
# flags against scikit-learn's MLPClassifier with its defaults, over five
# seeds. Both see the same stratified 80/20 split per seed, made once by
# bench/small_data.py; Dendrite gets `--test 0` only because the test rows live
# in their own file, and `--seed k` so its initial weights and shuffling change
# with the seed. Generated files stay under DIR, outside the repository.
#
#   bench/small_data.sh [DIR]          DIR defaults to /tmp/dendrite-small-data
#   JAR=/path/to/dendrite.jar NAME=before bench/small_data.sh   compares builds
#   SEEDS=10 bench/small_data.sh       more seeds (default 5)
#   EXTRA="--epochs 200" NAME=ep200 bench/small_data.sh   tries flags (the table stays flag-free by default)
#
# Needs scikit-learn for /usr/bin/python3 (Debian: apt-get install python3-sklearn)
# and the CLI jar (mvn -q -o -DskipTests -pl cli -am package).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/dendrite-small-data}
JAR=${JAR:-cli/target/dendrite.jar}
NAME=${NAME:-dendrite}
PY=${PY:-/usr/bin/python3}
JAVA=${JAVA:-$(scripts/find-jdk)/bin/java}

export SEEDS=${SEEDS:-5}
last=$((SEEDS - 1))
[ -d "$DIR/iris/seed$last" ] || "$PY" bench/small_data.py split "$DIR"
[ -f "$DIR/iris/seed$last/sklearn.acc" ] || "$PY" bench/small_data.py sklearn "$DIR"
for d in "$DIR"/*/seed*; do
  [ "${d##*seed}" -lt "$SEEDS" ] || continue
  seed=${d##*seed}
  "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" train --data "$d/train.csv" --test 0 --seed "$seed" \
      --plain ${EXTRA:-} --output "$d/$NAME.dnd" > "$d/$NAME.train.log" 2>&1
  "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" evaluate --model "$d/$NAME.dnd" --data "$d/test.csv" 2>/dev/null \
      | sed -n 's/^accuracy: \([0-9.]*\).*/\1/p' > "$d/$NAME.acc"
done
"$PY" bench/small_data.py table "$DIR"
