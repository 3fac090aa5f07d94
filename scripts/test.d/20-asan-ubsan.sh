# The C suites under AddressSanitizer + UndefinedBehaviorSanitizer.
set -eu
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$NPS_JOBS"
ctest --preset asan-ubsan -j "$NPS_JOBS"
