#!/usr/bin/env bash
# Builds bench/target/hsdis/hsdis-amd64.so from hsdis-capstone.c (needs gcc and
# Debian's libcapstone-dev) and prints the compiled micro-kernel of VectorGemm,
# so you can check what C2 made of it: vbroadcastss/vmovups/vfmadd231ps only in
# the depth loop, no spills to the stack, no range checks.
#   bench/tools/hsdis.sh                       # MicroKernel::run, C2 version
#   bench/tools/hsdis.sh 'Class::method'       # any other method
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
JAVA_HOME=$("$root/scripts/find-jdk")
out="$root/bench/target/hsdis"
mkdir -p "$out"
gcc -O2 -shared -fPIC -o "$out/hsdis-amd64.so" "$root/bench/tools/hsdis-capstone.c" -lcapstone
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -ntp -pl bench -am package -DskipTests >&2)
method=${1:-dev.dendrite.tensor.kernel.MicroKernel::run}
LD_LIBRARY_PATH="$out" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet -XX:CompileCommand=print,"$method" \
  -cp "$jar" dev.dendrite.bench.GemmReport --rounds 1 --millis 300 NN:256:256:256 2>&1 \
  | awk '/Compiled method \(c2\)/{p = !/ % /} /Compiled method \(c1\)/{p=0} p'
