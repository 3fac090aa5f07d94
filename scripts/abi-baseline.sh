#!/bin/sh
# Regenerate abi/libnps.abi from a fresh -g build. Run only when a release
# intentionally changes the ABI baseline (a new minor adds symbols; the
# baseline of 1.0 is otherwise frozen).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake -S . -B build/abi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPS_BUILD_TESTS=OFF \
  -DNPS_BUILD_TOOLS=OFF -DNPS_BUILD_EXAMPLES=OFF -DNPS_BUILD_BENCH=OFF -DNPS_BUILD_SQLITE=OFF >/dev/null
cmake --build build/abi -j2 --target nps
mkdir -p abi
abidw --headers-dir include --no-corpus-path --out-file abi/libnps.abi build/abi/src/libnps.so.1
# Source locations are recorded relative to the checkout, not this machine.
sed -i "s|$root/||g" abi/libnps.abi
echo "wrote abi/libnps.abi"
