# tests/test_threads under ThreadSanitizer (clang): parallel producers
# merging per-thread objects, and concurrent readers of const objects
# computing statistics and serializing. Own build dir build/tsan. ~30 s.
set -eu
bdir=build/tsan
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNPS_INTEGRATION_TESTS=OFF -DNPS_BUILD_TOOLS=OFF -DNPS_BUILD_EXAMPLES=OFF \
  -DNPS_BUILD_BENCH=OFF -DNPS_BUILD_SQLITE=OFF \
  -DCMAKE_C_FLAGS='-fsanitize=thread -fno-omit-frame-pointer' \
  -DCMAKE_EXE_LINKER_FLAGS='-fsanitize=thread' >/dev/null
# Only the suite: clang does not link the sanitizer runtime into libnps.so.
cmake --build "$bdir" -j "$NPS_JOBS" --target test_threads
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$bdir/tests/test_threads"
