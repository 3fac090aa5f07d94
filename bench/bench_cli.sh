#!/bin/sh
# Throughput of `nps report` against the 1.0 release, in one run.
#
# Builds the current tree and the 1.0 tree (git archive of the 1.0 commit)
# as release builds under build/, then feeds both the same generated rows
# (tools/nps/tests/gen_rows.c: id, ISO 8601 time, score, plan), several
# times, alternating, and prints each one's rows per CPU second (user +
# system of the nps process only, so the generator sharing the cores does
# not count) and the ratio.
#
#   bench/bench_cli.sh [ROWS] [REPEATS]     (defaults: 100000000, 3)
set -eu
rows=${1:-100000000}
reps=${2:-3}
base=${NPS_BASELINE_COMMIT:-6a3f863}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
flags="-DCMAKE_BUILD_TYPE=Release -DNPS_BUILD_TESTS=OFF -DNPS_BUILD_EXAMPLES=OFF \
  -DNPS_BUILD_BENCH=OFF -DNPS_BUILD_SQLITE=OFF -DNPS_INTEGRATION_TESTS=OFF"
if [ ! -x build/v1.0/build/tools/nps/nps ]; then
  rm -rf build/v1.0/src
  mkdir -p build/v1.0/src
  git archive "$base" | tar -x -C build/v1.0/src
  cmake -S build/v1.0/src -B build/v1.0/build $flags >/dev/null
  cmake --build build/v1.0/build -j2 --target nps_cli >/dev/null
fi
cmake -S . -B build/bench-cli $flags >/dev/null
cmake --build build/bench-cli -j2 --target nps_cli >/dev/null
gen=build/bench-cli/nps_gen_rows
cc -O2 -o "$gen" tools/nps/tests/gen_rows.c
old=build/v1.0/build/tools/nps/nps
new=build/bench-cli/tools/nps/nps

# CPU seconds (user + system) of one `nps report -` on the generated rows.
cpu() {
  "$gen" "$rows" | /usr/bin/time -f "%U %S" -o build/bench-cli/time.txt "$1" report - >/dev/null
  awk '{ print $1 + $2 }' build/bench-cli/time.txt
}

told=0
tnew=0
i=0
while [ "$i" -lt "$reps" ]; do
  a=$(cpu "$old")
  b=$(cpu "$new")
  echo "run $((i + 1)): 1.0 ${a} s, current ${b} s"
  told=$(echo "$told + $a" | bc -l)
  tnew=$(echo "$tnew + $b" | bc -l)
  i=$((i + 1))
done
echo "rows per run: $rows"
echo "1.0:     $(echo "$rows * $reps / $told / 1000000" | bc -l | cut -c1-6) million rows per CPU second"
echo "current: $(echo "$rows * $reps / $tnew / 1000000" | bc -l | cut -c1-6) million rows per CPU second"
echo "ratio current/1.0 (rows/s): $(echo "$told / $tnew" | bc -l | cut -c1-5)"
