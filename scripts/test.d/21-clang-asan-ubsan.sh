# The C suites again, built with clang: its UBSan sees overflows that GCC
# folds away before instrumenting (e.g. `i + 1 <= 0` becomes `i < 0`).
set -eu
cmake --preset clang-asan-ubsan >/dev/null
cmake --build --preset clang-asan-ubsan -j "$NPS_JOBS"
ctest --preset clang-asan-ubsan -j "$NPS_JOBS"
