#!/bin/sh
# Every test: installs what is missing, then runs each stage in
# scripts/test.d/ in order (build + cmocka suites, sanitizers, scalar-only
# build, integrations, fuzzing, coverage, ABI...). Stops at the first failure.
# Usage: scripts/test.sh [STAGE-GLOB]   e.g. scripts/test.sh '10-*'
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh all
export NPS_ROOT="$root" NPS_JOBS="${NPS_JOBS:-$(nproc 2>/dev/null || echo 2)}"
pattern=${1:-*}
passed=0 failed=0
for stage in scripts/test.d/$pattern.sh; do
  [ -f "$stage" ] || continue
  name=$(basename "$stage" .sh)
  echo "=== stage $name"
  start=$(date +%s)
  if sh "$stage"; then
    passed=$((passed + 1)); echo "=== stage $name: ok ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1)); echo "=== stage $name: FAILED"
    break
  fi
done
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
