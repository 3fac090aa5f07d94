#!/bin/sh
# The first command of the README: installs what building needs (if
# missing), builds the nps tool in release mode in build/demo, and prints
# the report on the bundled synthetic survey (examples/data/responses.csv).
# Extra arguments go to `nps report`, e.g. scripts/demo.sh --by quarter
# Build output is kept in build/demo/demo-build.log and shown on failure.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh build
mkdir -p build/demo
log=build/demo/demo-build.log
jobs=$(nproc 2>/dev/null || echo 2)
if ! { cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DNPS_BUILD_TESTS=OFF \
         -DNPS_BUILD_EXAMPLES=OFF -DNPS_BUILD_BENCH=OFF -DNPS_BUILD_SQLITE=OFF \
         -DNPS_INTEGRATION_TESTS=OFF &&
       cmake --build build/demo -j "$jobs" --target nps_cli; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "demo.sh: the build failed (log above, also in $log)" >&2
  exit 1
fi
exec build/demo/tools/nps/nps report "$@" examples/data/responses.csv
