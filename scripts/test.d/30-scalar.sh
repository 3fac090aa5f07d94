# A build with only the scalar counting kernel passes the C suites.
set -eu
cmake --preset scalar >/dev/null
cmake --build --preset scalar -j "$NPS_JOBS"
ctest --preset scalar -j "$NPS_JOBS"
