# The built library keeps the 1.0 ABI: abidiff against the libabigail
# baseline fails on any change to an existing symbol or type (added symbols
# are allowed: they go in new version nodes).
set -eu
cmake -S . -B build/abi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPS_BUILD_TESTS=OFF \
  -DNPS_BUILD_TOOLS=OFF -DNPS_BUILD_EXAMPLES=OFF -DNPS_BUILD_BENCH=OFF -DNPS_BUILD_SQLITE=OFF >/dev/null
cmake --build build/abi -j "$NPS_JOBS" --target nps
abidiff --no-added-syms --headers-dir1 include --headers-dir2 include \
  abi/libnps.abi build/abi/src/libnps.so.1
echo "abidiff: no change to the 1.0 ABI"
