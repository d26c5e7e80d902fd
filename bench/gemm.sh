#!/usr/bin/env bash
# Builds the benchmarks jar and prints GFLOP/s of Dendrite's Vector API GEMM
# against OpenBLAS (through the native-blas module), measured back to back, then
# numpy's sgemm at the same shapes for a third opinion. Arguments go to
# GemmReport: [--rounds N] [--millis MS] [NN:m:n:k ...]. Set SKIP_BUILD=1 to reuse
# bench/target/benchmarks.jar.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
JAVA_HOME=$("$root/scripts/find-jdk")
export JAVA_HOME
jar="$root/bench/target/benchmarks.jar"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    mvn -B -q -ntp -pl bench -am package -DskipTests >&2)
fi
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cpus: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:+UseParallelGC -Xmx2g ${GEMM_JAVA_OPTS:-} -cp "$jar" dev.dendrite.bench.GemmReport "$@" 2>&1 \
  | grep -v 'WARNING: Using incubator modules'

# numpy's shapes: the ones given, or GemmReport's defaults.
shapes=()
opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds|--millis|--warmup) opts+=("$1" "$2"); shift 2 ;;
    *) shapes+=("$1"); shift ;;
  esac
done
if [ ${#shapes[@]} -eq 0 ]; then
  shapes=(NN:64:64:64 NN:128:128:128 NN:256:256:256 NN:512:512:512 NN:1024:1024:1024 NN:2048:2048:2048
          NN:128:256:784 TN:784:256:128 NT:128:784:256 NN:128:128:256 TN:256:128:128 NT:128:256:128
          NN:128:10:128 TN:128:10:128 NT:128:128:10)
fi
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo
  # Only for this command: let OpenBLAS detect the CPU and cache sizes itself.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/numpy_sgemm.py" "${opts[@]}" "${shapes[@]}"
else
  echo "# numpy not found (/usr/bin/python3 with python3-numpy): skipped"
fi
