#!/usr/bin/env bash
# Start-up benchmark: what a user times, the whole process, not the steady epoch.
# Runs these commands back to back for several rounds and prints the median and
# min-max wall time of each (taken in the script), the Dendrite/PyTorch ratio per round,
# and Dendrite's epoch 1 against its steady epochs 2..5:
#
#   fmnist     dendrite train --data fashion-mnist --layers 256,128 --epochs 5
#              --batch-size 128 --learning-rate 0.001 -o FILE (train, validate
#              6000 held-out images each epoch, test, save)
#   torch      the same with PyTorch, OMP_WAIT_POLICY=PASSIVE (bench/train_torch.py
#              --validation 6000 --save FILE)
#   step       the fmnist command with --max-steps 1 (start, load, one step,
#              validation, test, save)
#   digits     dendrite train -o FILE (the README's first job, 60 epochs)
#   help       dendrite --help
#
# These run in a fresh JVM each time (DENDRITE_DAEMON=0): what a first run costs.
# The same four served by the launcher's daemon, already warm, as every later
# run from the same folder is (see the README), are the rows fmnist-d, step-d,
# digits-d and help-d. Before the rounds the script starts that daemon and waits
# until it is warm; afterwards it stops it (`dendrite daemon stop`).
#
# Beside the wall time it records the CPU time (user + sys) of each run: on a
# shared machine the wall time swings with the load, the CPU time much less.
# For the daemon's rows that is the client's and the daemon's CPU time together.
#
#   bench/startup.sh [--rounds N] [--only LIST] [--baseline DIR] [--out DIR]
#
#   --rounds N   rounds (default 5, or $ROUNDS)
#   --only LIST  comma-separated subset of fmnist,torch,step,digits,help,
#                fmnist-d,step-d,digits-d,help-d (default: all)
#   --baseline DIR  another checkout whose cli/target/dendrite.jar is built: its
#                launcher runs the Dendrite commands too, in the same rounds (rows
#                "baseline")
#   --out DIR    where the logs and summary.md go (default bench/target/startup-<time>)
#   --avx2       an AVX2 machine, emulated on an AVX-512 one for both sides: Dendrite
#                with -XX:UseAVX=2 -XX:MaxVectorSize=32, PyTorch with OpenBLAS's Haswell
#                kernels (OPENBLAS_CORETYPE=Haswell), ATEN_CPU_CAPABILITY=avx2 and
#                ONEDNN_MAX_CPU_ISA=AVX2
#
# Dendrite runs through the ./dendrite launcher (DENDRITE_NO_BUILD=1, so the
# jar is built once here, with `package`, and never during a timed run), with
# whatever the launcher adds (the AOT cache, if it has one). DENDRITE_JAVA_OPTS
# passes extra JVM flags, e.g. "-XX:UseAVX=2 -XX:MaxVectorSize=32"; DENDRITE_AOT=0
# times the launcher without its AOT cache.
# PyTorch runs with 2 threads and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (but see --avx2)
# (as in compare.sh). The load average is printed before every run. DATA and
# PYTHON override the Fashion-MNIST folder and the interpreter.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=${ROUNDS:-5}
only=fmnist,torch,step,digits,help,fmnist-d,step-d,digits-d,help-d
out=""
baseline=""
avx2=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --baseline) baseline=$(cd "$2" && pwd); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --avx2) avx2=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$avx2" = 1 ]; then
  export DENDRITE_JAVA_OPTS="${DENDRITE_JAVA_OPTS:+$DENDRITE_JAVA_OPTS }-XX:UseAVX=2 -XX:MaxVectorSize=32"
  torch_isa=(OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2)
else
  torch_isa=(-u OPENBLAS_CORETYPE)
fi
out=${out:-$root/bench/target/startup-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
data=${DATA:-/usr/share/datasets/fashion-mnist}
py=${PYTHON:-/usr/bin/python3}   # Debian's, where python3-torch lives
JAVA_HOME=$("$root/scripts/find-jdk")
export JAVA_HOME
if [ ! -f "$root/cli/target/dendrite.jar" ] || [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "# building cli/target/dendrite.jar" >&2
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    mvn -B -q -ntp -Dfuzz.skip -DskipTests -pl cli -am package >&2)
fi
# One untimed launcher run: it creates what it keeps beside the jar (the AOT
# cache) as a first use would, so the rounds time the runs that follow it.
DENDRITE_NO_BUILD=1 DENDRITE_DAEMON=0 "$root/dendrite" train --epochs 1 -o "$out/warm.dnd" >/dev/null 2>&1 || true
sleep 1
while [ -d "$root/cli/target/dendrite.aot.lock" ]; do sleep 1; done   # the launcher's background build
if [[ ",$only," == *-d,* ]]; then
  # a successful run starts the daemon; wait until it has compiled the kernels, then give
  # it the timed command once, as a user's earlier runs would have
  DENDRITE_NO_BUILD=1 "$root/dendrite" daemon stop
  rm -f "${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/dendrite-$(id -u)"/*.sock.log
  DENDRITE_NO_BUILD=1 "$root/dendrite" --version >/dev/null
  for _ in $(seq 120); do
    grep -qs 'warm after' "${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/dendrite-$(id -u)"/*.sock.log && break
    sleep 0.5
  done
  # the first command it serves, timed but kept out of the rounds: the daemon has compiled
  # what its own warm-up (the digits and small random networks) takes, not yet these shapes
  t0=$(date +%s%N)
  DENDRITE_NO_BUILD=1 "$root/dendrite" train --data "$data" --layers 256,128 --epochs 5 --batch-size 128 \
    --learning-rate 0.001 -o "$out/warm.dnd" >"$out/fmnist-d.first.log" 2>&1 || true
  first_served=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  trap 'DENDRITE_NO_BUILD=1 "$root/dendrite" daemon stop' EXIT
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus, flags: $(grep -o -w 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "torch: $($py -c 'import torch; print(torch.__version__)' 2>/dev/null || echo missing)"
  echo "PyTorch ISA settings: ${torch_isa[*]}"
  echo "DENDRITE_JAVA_OPTS: ${DENDRITE_JAVA_OPTS:-none}; AOT cache: $([ "${DENDRITE_AOT:-1}" = 0 ] && echo off || echo on); rounds: $rounds"
  [ -z "${first_served:-}" ] || echo "the first fmnist command the daemon served after its warm-up, untimed in the rounds: $first_served s, epoch 1 $(awk '/^epoch 1\//{ print $(NF-3) }' "$out/fmnist-d.first.log") s"
} | tee "$out/machine.txt" >&2

fm=(train --data "$data" --layers 256,128 --epochs 5 --batch-size 128 --learning-rate 0.001)
tp=(env -u OPENBLAS_L2_SIZE "${torch_isa[@]}" OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE
    $py "$root/bench/train_torch.py" --threads 2 --layers 256,128 --batch 128 --epochs 5 --data "$data" --validation 6000)
IFS=, read -ra cmds <<<"$only"
if [ -n "$baseline" ]; then
  [ -f "$baseline/cli/target/dendrite.jar" ] || { echo "startup.sh: $baseline/cli/target/dendrite.jar is missing" >&2; exit 2; }
  for c in "${cmds[@]}"; do [ "$c" = torch ] || cmds+=("base-$c"); done
fi
# user + system clock ticks of the running daemon (the only one: the script stopped any others)
daemon_ticks() {
  local f pid
  for f in "${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/dendrite-$(id -u)"/*.sock.pid; do
    pid=$(cat "$f" 2>/dev/null) || continue
    [ -r "/proc/$pid/stat" ] && { sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'; return; }
  done
}
printf 'round\tcommand\tseconds\trc\tload\tcpu\n' >"$out/times.tsv"
for ((r = 1; r <= rounds; r++)); do
  n=${#cmds[@]}
  for ((i = 0; i < n; i++)); do
    c=${cmds[$(((i + r - 1) % n))]}   # rotate, so no command always runs first
    log=$out/$c.r$r.log
    launcher=$root/dendrite
    if [[ $c == base-* ]]; then launcher=$baseline/dendrite; fi
    case "${c#base-}" in
      fmnist) cmd=(env DENDRITE_NO_BUILD=1 DENDRITE_DAEMON=0 DENDRITE_PHASES=now "$launcher" "${fm[@]}" -o "$out/$c.dnd") ;;
      step) cmd=(env DENDRITE_NO_BUILD=1 DENDRITE_DAEMON=0 DENDRITE_PHASES=now "$launcher" "${fm[@]}" --max-steps 1 -o "$out/$c.dnd") ;;
      digits) cmd=(env DENDRITE_NO_BUILD=1 DENDRITE_DAEMON=0 "$launcher" train -o "$out/$c.dnd") ;;
      help) cmd=(env DENDRITE_NO_BUILD=1 DENDRITE_DAEMON=0 "$launcher" --help) ;;
      fmnist-d) cmd=(env DENDRITE_NO_BUILD=1 "$launcher" "${fm[@]}" -o "$out/$c.dnd") ;;
      step-d) cmd=(env DENDRITE_NO_BUILD=1 "$launcher" "${fm[@]}" --max-steps 1 -o "$out/$c.dnd") ;;
      digits-d) cmd=(env DENDRITE_NO_BUILD=1 "$launcher" train -o "$out/$c.dnd") ;;
      help-d) cmd=(env DENDRITE_NO_BUILD=1 "$launcher" --help) ;;
      torch) cmd=("${tp[@]}" --save "$out/torch.pt") ;;
      *) echo "startup.sh: unknown command $c in --only" >&2; exit 2 ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    rc=0
    dticks=""
    [[ $c != *-d ]] || dticks=$(daemon_ticks)
    t0=$(date +%s%N)
    # DENDRITE_PHASES: the launch time, so the run prints when each of its phases ended
    for ((k = 0; k < ${#cmd[@]}; k++)); do [ "${cmd[$k]}" != DENDRITE_PHASES=now ] || cmd[$k]=DENDRITE_PHASES=$((t0 / 1000000)); done
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%U %S' -o "$out/cpu.tmp" "${cmd[@]}" >"$log" 2>&1 || rc=$?
      cpu=$(awk 'END { printf "%.2f", $1 + $2 }' "$out/cpu.tmp")
    else
      "${cmd[@]}" >"$log" 2>&1 || rc=$?
      cpu=nan
    fi
    t1=$(date +%s%N)
    if [[ $c == *-d ]] && [ -n "${dticks:-}" ]; then
      # the client's CPU time is not the command's: add what the daemon spent (its collection
      # after the reply too, hence the wait)
      sleep 0.5
      cpu=$(awk -v c="$cpu" -v a="$dticks" -v b="$(daemon_ticks)" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (c == "nan" || b == "") print "nan"; else printf "%.2f", c + (b - a) / hz }')
    fi
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    printf '%d\t%s\t%s\t%d\t%s\t%s\n' "$r" "$c" "$s" "$rc" "$load" "$cpu" >>"$out/times.tsv"
    echo "# r$r $c: $s s, cpu $cpu s, rc $rc, load $load" >&2
  done
done

# Summary: medians [min-max]; ratios per round; epoch 1 / median of epochs 2..5.
$py - "$out" <<'EOF' | tee "$out/summary.md"
import glob, json, os, re, statistics, sys
out = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "times.tsv"))][1:]
by, cpu = {}, {}
for r, c, s, rc, load, cp in rows:
    if rc == "0":
        by.setdefault(c, {})[int(r)] = float(s)
        if cp != "nan":
            cpu.setdefault(c, []).append(float(cp))
def fmt(v):
    return f"{statistics.median(v):.2f} [{min(v):.2f}-{max(v):.2f}]"
loads = [float(l[4]) for l in rows]
print(f"load average before the runs: median {statistics.median(loads):.2f} [{min(loads):.2f}-{max(loads):.2f}]\n")
print("| command | whole process, s: median [min-max] | CPU time (user+sys), s | runs |")
print("|---|---|---|---|")
names = {"fmnist": "Dendrite, Fashion-MNIST 5 epochs (train, validate, test, save)",
         "torch": "PyTorch PASSIVE, the same", "step": "Dendrite, the same with --max-steps 1",
         "digits": "Dendrite, `dendrite train` (digits, 60 epochs)", "help": "Dendrite, `dendrite --help`"}
for k in list(names):
    if k != "torch":
        names[k + "-d"] = names[k].replace("Dendrite,", "Dendrite served by its warm daemon,")
        names[k] = names[k].replace("Dendrite,", "Dendrite in a fresh JVM,")
for c in ["fmnist", "fmnist-d", "base-fmnist", "torch", "step", "step-d", "base-step", "digits", "digits-d",
          "base-digits", "help", "help-d", "base-help"]:
    if c in by:
        name = names[c] if c in names else "baseline: " + names[c[5:]]
        print(f"| {name} | {fmt(list(by[c].values()))} | {fmt(cpu[c]) if c in cpu else '-'} | {len(by[c])} |")
for d, label in (("fmnist", "Dendrite in a fresh JVM"), ("fmnist-d", "Dendrite served by its daemon"),
                 ("base-fmnist", "Baseline Dendrite")):
    if d in by and "torch" in by:
        ratios = [by[d][r] / by["torch"][r] for r in by[d] if r in by["torch"]]
        if ratios:
            print(f"\n{label} / PyTorch PASSIVE, whole process, per round: {fmt(ratios)} (below 1: Dendrite faster)")
epoch_line = r"^epoch +(\d+)/\d+ .* ([0-9.]+) s +\d+ steps/s"
for c, pat in (("fmnist", epoch_line), ("fmnist-d", epoch_line), ("base-fmnist", epoch_line), ("torch", None)):
    firsts, steadies = [], []
    for path in sorted(glob.glob(os.path.join(out, c + ".r*.log"))):
        secs = {}
        for line in open(path, errors="replace"):
            if pat:
                m = re.match(pat, line)
                if m:
                    secs[int(m.group(1))] = float(m.group(2))
            elif line.startswith('{"epoch"'):
                j = json.loads(line)
                secs[j["epoch"]] = j["seconds"]
        if 1 in secs and len(secs) > 1:
            firsts.append(secs[1])
            steadies.append(statistics.median(v for k, v in secs.items() if k > 1))
    if firsts:
        ratio = [f / s for f, s in zip(firsts, steadies)]
        label = "Baseline Dendrite" if c.startswith("base-") else names[c].split(',')[0]
        label += " (daemon)" if c.endswith("-d") else ""
        print(f"\n{label}: epoch 1 {fmt(firsts)} s, epochs 2-5 (median per run) {fmt(steadies)} s,"
              f" epoch 1 / steady {fmt(ratio)}")
# Where the Dendrite runs' time went: the phases each run printed (DENDRITE_PHASES), as
# seconds spent in each, medians over the rounds; "exit" is the wall time after the save.
order = [("main", "start: JVM, launcher, options"), ("read", "read and split the data"),
         ("normalised", "normalise"), ("train-start", "build the network"), ("trained", "train (and validate)"),
         ("tested", "test"), ("saved", "save")]
walls = {(c, int(r)): float(s) for r, c, s, rc, load, cp in rows if rc == "0"}
for c in ("fmnist", "step", "base-fmnist", "base-step"):
    spans = {}
    for path in sorted(glob.glob(os.path.join(out, c + ".r*.log"))):
        marks = dict((m.group(1), float(m.group(2))) for m in
                     re.finditer(r"^phase (\S+)\s+([0-9.]+) s", open(path, errors="replace").read(), re.M))
        if not all(k in marks for k, _ in order):
            continue
        prev = 0.0
        for k, label in order:
            spans.setdefault(label, []).append(marks[k] - prev)
            prev = marks[k]
        r = int(re.search(r"\.r(\d+)\.log$", path).group(1))
        if (c, r) in walls:
            spans.setdefault("exit", []).append(walls[(c, r)] - prev)
    if spans:
        print(f"\nWhere the time of `{c}` went (s, median [min-max] over rounds):\n")
        print("| phase | seconds |")
        print("|---|---|")
        for label, v in spans.items():
            print(f"| {label} | {fmt(v)} |")
EOF
echo "# logs: $out" >&2
