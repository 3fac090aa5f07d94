# Release-like build with debug info, warnings as errors, every ctest test.
set -eu
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$NPS_JOBS"
ctest --preset dev -j "$NPS_JOBS"
