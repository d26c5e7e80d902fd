#!/usr/bin/env bash
# CPU time of each thread of a JVM run, by thread name: what the compiler
# threads, the kernel workers and the main thread each used. On a shared
# machine this moves far less with the load than the wall clock does.
#
#   bench/thread_cpu.sh java [JVM and program arguments...]
#
# Runs the command (it must be the JVM itself, not a script that starts one),
# samples /proc/PID/task/*/stat ten times a second until it exits, and prints
# to stderr the wall time and, per thread name (numbers folded: all "GC Thread#n"
# together), the user+system CPU seconds of each thread's last sample, then the
# total and the system part. The command's own output goes to stdout. Threads
# that end between samples lose their last 0.1 s; short-lived ones may be missed.
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
t0=$(date +%s%N)
"$@" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  for t in /proc/"$pid"/task/*; do
    # builtins only: a fork per thread per sample would load the machine being measured
    read -r stat <"$t/stat" 2>/dev/null || continue
    read -r name <"$t/comm" 2>/dev/null || continue
    set -- ${stat##*) }   # fields after the name: utime and stime are the 12th and 13th
    printf '%s|%s|%s|%s\n' "${t##*/}" "$name" "${12}" "${13}" >>"$samples"
  done
  sleep 0.1
done
code=0
wait "$pid" || code=$?
t1=$(date +%s%N)
ticks=$(getconf CLK_TCK)
python3 - "$samples" "$ticks" "$(( (t1 - t0) / 1000000 ))" <<'EOF' >&2
import collections, re, sys
path, hz, wall_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
last = {}
for line in open(path):
    tid, name, user, system = line.rstrip("\n").split("|")
    last[tid] = (name, int(user), int(system))   # counters only grow: the last sample is the largest
by = collections.Counter()
system = 0
for name, u, s in last.values():
    by[re.sub(r"\d+$", "#", name)] += u + s
    system += s
print(f"wall {wall_ms / 1000:.2f} s; CPU by thread (s):")
for name, t in by.most_common():
    if t >= 2:
        print(f"  {t / hz:7.2f}  {name}")
print(f"  {sum(by.values()) / hz:7.2f}  total ({system / hz:.2f} system)")
EOF
exit "$code"
