#!/usr/bin/env bash
# End-to-end training comparison: the same MLP on Fashion-MNIST (ReLU, softmax
# cross-entropy, Adam 1e-3, float32, 5 epochs) trained by Dendrite (pure Java,
# and with OpenBLAS as its GEMM), PyTorch (as installed, and with
# OMP_WAIT_POLICY=PASSIVE) and scikit-learn, each a fresh process, all with the
# same thread count, back to back, for several rounds. Prints a Markdown table
# (bench/summarize.py) and keeps every run's JSON lines under the output folder.
#
#   bench/compare.sh [--quick] [--rounds N] [--threads N] [--configs LIST] [--peers LIST]
#                    [--baseline REV] [--out DIR]
#
#   --quick        1 round, main row only (about a minute on a quiet 2-core machine)
#   --rounds N     rounds per configuration (default 3, or $ROUNDS)
#   --threads N    threads for every peer (default 2, or $THREADS)
#   --configs LIST comma-separated among main,b32,b512,wide,cnn (default: the first four)
#   --peers LIST   comma-separated among dendrite-java,dendrite-openblas,torch,
#                  torch-passive,sklearn (default: all that the config runs)
#   --baseline REV also runs Dendrite as of git revision REV (peer dendrite-baseline),
#                  built in a temporary worktree, back to back with this checkout's
#                  Dendrite: how a change moved speed, allocation and GC
#   --out DIR      where raw logs and summary.md go (default bench/target/compare-<time>)
#
# Configurations: main = 784-256-128-10 at batch 128; b32 and b512 = the same
# model at batch 32 and 512; wide = 784-1024-1024-10 at batch 128; cnn = the
# convolutional network of TrainBench.cnn (conv32-bn-relu-pool, conv64-bn-relu-pool,
# dense128-relu-dropout0.3, dense10) at batch 128, not in the default list (run it
# with --configs cnn; PyTorch runs there with OMP_WAIT_POLICY=PASSIVE only).
# scikit-learn runs on main and b512 only (at batch 32 and on the wide model it
# would add several minutes per round; set SKLEARN_ALL=1 to run it everywhere).
# PyTorch as installed (OpenMP threads that spin while OpenBLAS works) can be 50
# times slower on a busy 2-core machine, so its runs stop after TORCH_BUDGET
# seconds of training (default 60; at least 2 epochs) and, outside the main row,
# it runs in round 1 only (TORCH_ALL_ROUNDS=1: every round).
#
# After the training table it times the GEMM shapes of the networks it trained
# (bench/gemm.sh: Dendrite, OpenBLAS in the same JVM, numpy) and prints them side
# by side; NO_GEMM=1 skips that, GEMM_ROUNDS sets its rounds (default 5).
#
# Environment: SKIP_INSTALL=1 skips the Debian package check, SKIP_BUILD=1 reuses
# bench/target/benchmarks.jar, EPOCHS (default 5, at least 2), RUN_TIMEOUT
# seconds per run (default 900), KEEP_OPENBLAS_ENV=1 keeps OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE for the OpenBLAS users (by default they are unset for those
# runs only: they are meant for older OpenBLAS builds and slow down 0.3.21).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=${ROUNDS:-3}
threads=${THREADS:-2}
epochs=${EPOCHS:-5}
configs=main,b32,b512,wide
only_peers=""
baseline=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) rounds=1; configs=main; shift ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --configs) configs=$2; shift 2 ;;
    --peers) only_peers=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$only_peers" ]; then
  IFS=, read -ra wanted <<<"$only_peers"
  for p in "${wanted[@]}"; do
    case "$p" in
      dendrite-java|dendrite-openblas|dendrite-baseline|torch|torch-passive|sklearn) ;;
      *) echo "compare.sh: unknown peer $p in --peers (dendrite-java, dendrite-openblas, dendrite-baseline, torch, torch-passive, sklearn)" >&2; exit 2 ;;
    esac
  done
fi
data=/usr/share/datasets/fashion-mnist
py=/usr/bin/python3   # Debian's interpreter, where python3-torch and python3-sklearn live
out=${out:-$root/bench/target/compare-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out/raw"

# 1. Debian packages, installed only when missing.
packages=(dataset-fashion-mnist python3-torch python3-sklearn python3-numpy python3-threadpoolctl libopenblas0-pthread)
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "# installing ${missing[*]}" >&2
    # Update the package lists only when apt cannot find a candidate as they are.
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
      $sudo apt-get update -q >&2
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
    fi
  fi
fi

# 2. Build.
JAVA_HOME=$("$root/scripts/find-jdk")
export JAVA_HOME
jar=$root/bench/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  echo "# building" >&2
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    mvn -B -q -ntp -DskipTests install >&2)
fi

# The baseline revision, built once in its own worktree under bench/target (kept, so later runs
# reuse the build; after deleting bench/target, `git worktree prune` forgets it).
baseline_jar=""
if [ -n "$baseline" ]; then
  rev=$(git -C "$root" rev-parse --verify "$baseline^{commit}") \
    || { echo "compare.sh: --baseline: '$baseline' is not a revision of this repository" >&2; exit 2; }
  wt=$root/bench/target/baseline-${rev:0:12}
  if [ ! -f "$wt/bench/target/benchmarks.jar" ]; then
    rm -rf "$wt"
    git -C "$root" worktree add -f --detach "$wt" "$rev" >&2
    echo "# building the baseline ${rev:0:12}" >&2
    # package, not install: the baseline must not replace this checkout's artifacts in ~/.m2
    (cd "$wt" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
      mvn -B -q -ntp -DskipTests -Dfuzz.skip package >&2)
  fi
  baseline_jar=$wt/bench/target/benchmarks.jar
fi

# 3. The machine, once.
openblas_env=$(env | grep '^OPENBLAS' | tr '\n' ' ' || true)
unset_openblas=()
if [ "${KEEP_OPENBLAS_ENV:-0}" != 1 ]; then
  unset_openblas=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
fi
{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') (family $(sed -n 's/^cpu family\t: //p' /proc/cpuinfo | head -1), model $(sed -n 's/^model\t\t: //p' /proc/cpuinfo | head -1)), $(nproc) cpus, $(grep -o 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "python: $($py -c 'import sys, numpy, sklearn, torch; print(sys.version.split()[0], "numpy", numpy.__version__, "sklearn", sklearn.__version__, "torch", torch.__version__)')"
  echo "debian: $(dpkg-query -W -f '${Package} ${Version}; ' python3-torch python3-sklearn python3-numpy libopenblas0-pthread)"
  echo "numpy's BLAS: $(env "${unset_openblas[@]}" $py -c "import numpy, threadpoolctl; print('; '.join('%s %s, kernel %s, %s' % (d['internal_api'], d['version'], d.get('architecture'), d.get('threading_layer')) for d in threadpoolctl.threadpool_info() if d['user_api'] == 'blas'))")"
  echo "OPENBLAS_* in the environment: ${openblas_env:-none}$([ -n "$openblas_env" ] && [ ${#unset_openblas[@]} -gt 0 ] && echo ' (unset for the OpenBLAS-using runs)')"
  echo "threads: $threads; rounds: $rounds; epochs: $epochs; configs: $configs"
  [ -z "$baseline" ] || echo "baseline: $baseline ($(git -C "$root" rev-parse --short "$baseline")); this checkout: $(git -C "$root" rev-parse --short HEAD)$([ -n "$(git -C "$root" status --porcelain)" ] && echo ' with uncommitted changes')"
} | tee "$out/machine.txt" >&2

java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
      -XX:+UseParallelGC -Xmx2g -XX:ActiveProcessorCount="$threads" -cp "$jar" dev.dendrite.bench.TrainBench)
# The thread count for every library that reads one; OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE unset (see above) for everything but pure-Java Dendrite.
threads_env=(OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads")
java_env=(env "${threads_env[@]}")
blas_env=(env "${unset_openblas[@]}" "${threads_env[@]}")

# One run: peer, config, round, then the command; its JSON lines go to a file
# framed by the load average before and after.
run() {
  local peer=$1 config=$2 round=$3
  shift 3
  local file=$out/raw/$config.$peer.r$round.jsonl
  printf '{"run": {"peer": "%s", "config": "%s", "round": %d, "load_before": "%s"}}\n' \
    "$peer" "$config" "$round" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$file"
  local start=$SECONDS rc=0
  timeout "${RUN_TIMEOUT:-900}" "$@" 2>"$file.err" | grep '^{' >>"$file" || rc=$?
  printf '{"load_after": "%s", "wall_s": %d, "rc": %d}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" $((SECONDS - start)) "$rc" >>"$file"
  echo "# $config r$round $peer: $((SECONDS - start)) s, rc $rc, load $(cut -d' ' -f1 /proc/loadavg)" >&2
}

IFS=, read -ra config_list <<<"$configs"
for config in "${config_list[@]}"; do
  case "$config" in
    main) args=(--layers 256,128 --batch 128) ;;
    b32) args=(--layers 256,128 --batch 32) ;;
    b512) args=(--layers 256,128 --batch 512) ;;
    wide) args=(--layers 1024,1024 --batch 128) ;;
    cnn) args=(--layers cnn --batch 128) ;;
    *) echo "compare.sh: unknown config $config (main, b32, b512, wide, cnn)" >&2; exit 2 ;;
  esac
  args+=(--epochs "$epochs" --seed 1 --data "$data")
  peers=(dendrite-java dendrite-openblas torch torch-passive)
  # the CNN: PyTorch only with passive OpenMP threads (spinning ones make a busy machine's numbers meaningless)
  [ "$config" != cnn ] || peers=(dendrite-java dendrite-openblas torch-passive)
  [ -z "$baseline_jar" ] || peers=(dendrite-java dendrite-baseline "${peers[@]:1}")
  if [ "$config" = main ] || [ "$config" = b512 ] || [ "${SKLEARN_ALL:-0}" = 1 ]; then
    peers+=(sklearn)
  fi
  if [ -n "$only_peers" ]; then
    kept=()
    for p in "${peers[@]}"; do [[ ",$only_peers," == *",$p,"* ]] && kept+=("$p"); done
    [ ${#kept[@]} -gt 0 ] || { echo "compare.sh: no peer of --peers $only_peers runs on $config" >&2; exit 2; }
    peers=("${kept[@]}")
  fi
  for ((r = 1; r <= rounds; r++)); do
    if [ "$r" = 2 ] && [ "$config" != main ] && [ "${TORCH_ALL_ROUNDS:-0}" != 1 ]; then
      # PyTorch as installed: one round outside the main row (see the header).
      kept=()
      for p in "${peers[@]}"; do [ "$p" = torch ] || kept+=("$p"); done
      peers=("${kept[@]}")
    fi
    # Rotate the order each round so that no peer always runs first (or right after the build).
    n=${#peers[@]}
    for ((i = 0; i < n; i++)); do
      peer=${peers[$(((i + r - 1) % n))]}
      case "$peer" in
        dendrite-java) run "$peer" "$config" "$r" "${java_env[@]}" "${java[@]}" "${args[@]}" ;;
        dendrite-baseline)
          [ -n "$baseline_jar" ] || { echo "compare.sh: peer dendrite-baseline needs --baseline REV" >&2; exit 2; }
          base_java=("${java[@]}")
          base_java[$((${#base_java[@]} - 2))]=$baseline_jar
          run "$peer" "$config" "$r" "${java_env[@]}" "${base_java[@]}" "${args[@]}" ;;
        dendrite-openblas) run "$peer" "$config" "$r" "${blas_env[@]}" \
          "${java[@]:0:1}" -Ddendrite.gemm=openblas "${java[@]:1}" "${args[@]}" ;;
        torch) run "$peer" "$config" "$r" "${blas_env[@]}" \
          $py "$root/bench/train_torch.py" --threads "$threads" --budget "${TORCH_BUDGET:-60}" "${args[@]}" ;;
        torch-passive) run "$peer" "$config" "$r" "${blas_env[@]}" OMP_WAIT_POLICY=PASSIVE \
          $py "$root/bench/train_torch.py" --threads "$threads" "${args[@]}" ;;
        sklearn) run "$peer" "$config" "$r" "${blas_env[@]}" \
          $py "$root/bench/train_sklearn.py" --threads "$threads" "${args[@]}" ;;
      esac
    done
  done
done

$py "$root/bench/summarize.py" "$out" | tee "$out/summary.md"

# 5. The GEMM shapes of the networks just trained: Dendrite's kernel beside OpenBLAS
#    (same JVM) and numpy's sgemm (its own process), through bench/gemm.sh.
if [ "${NO_GEMM:-0}" != 1 ]; then
  shapes=()
  for config in "${config_list[@]}"; do
    case "$config" in
      main) b=128; hidden=(256 128) ;;
      b32) b=32; hidden=(256 128) ;;
      b512) b=512; hidden=(256 128) ;;
      wide) b=128; hidden=(1024 1024) ;;
      cnn)
        # im2col products of the CNN per step (forward, weight gradient, input gradient), then its dense head
        shapes+=("NN:32:100352:9" "NT:32:9:100352" "NN:64:25088:288" "NT:64:288:25088" "TN:288:25088:64")
        b=128; hidden=(128); in=3136
        for h in "${hidden[@]}" 10; do
          shapes+=("NN:$b:$h:$in" "TN:$in:$h:$b" "NT:$b:$in:$h"); in=$h
        done
        continue ;;
    esac
    in=784
    for h in "${hidden[@]}" 10; do
      shapes+=("NN:$b:$h:$in" "TN:$in:$h:$b")
      # the first layer's input gradient is never computed (the input needs none)
      [ "$in" = 784 ] || shapes+=("NT:$b:$in:$h")
      in=$h
    done
  done
  mapfile -t shapes < <(printf '%s\n' "${shapes[@]}" | awk '!seen[$0]++')
  echo "# GEMM: ${#shapes[@]} shapes" >&2
  SKIP_BUILD=1 env "${unset_openblas[@]}" OPENBLAS_NUM_THREADS="$threads" \
    GEMM_JAVA_OPTS="-XX:ActiveProcessorCount=$threads" \
    "$root/bench/gemm.sh" --rounds "${GEMM_ROUNDS:-5}" --millis 200 "${shapes[@]}" >"$out/gemm.txt" 2>&1 || true
  {
    echo
    echo "GEMM at the shapes of these networks, $threads threads (median [min-max] GFLOP/s over rounds;"
    echo "OpenBLAS is called from the same JVM, numpy from its own process afterwards):"
    echo
    $py "$root/bench/gemm_table.py" <"$out/gemm.txt"
  } | tee -a "$out/summary.md"
fi
echo "# raw logs: $out" >&2
