# libFuzzer targets (fuzz/): build them with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, replay the committed seed corpus, then fuzz
# each target for NPS_FUZZ_SECONDS (default 20) seconds. New inputs go to
# build/fuzz/work, crash reproducers to build/fuzz/artifacts. About 120 s.
set -eu
secs=${NPS_FUZZ_SECONDS:-20}
bdir=build/fuzz
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNPS_BUILD_FUZZ=ON -DNPS_BUILD_TESTS=OFF -DNPS_INTEGRATION_TESTS=OFF \
  -DNPS_BUILD_TOOLS=OFF -DNPS_BUILD_EXAMPLES=OFF -DNPS_BUILD_BENCH=OFF \
  -DNPS_BUILD_SQLITE=OFF \
  -DCMAKE_C_FLAGS='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
  >/dev/null
targets="fuzz_acc_decode fuzz_timeline_decode fuzz_roundtrip fuzz_ops fuzz_wacc_decode fuzz_csv_input"
# Only the targets: the shared library is not needed (and clang does not
# link the sanitizer runtime into shared objects).
cmake --build "$bdir" -j "$NPS_JOBS" --target $targets
rm -rf "$bdir/artifacts"
mkdir -p "$bdir/artifacts"
status=0
for t in $targets; do
  mkdir -p "$bdir/work/$t"
  echo "--- $t: ${secs} s"
  rc=0
  "$bdir/fuzz/$t" "$bdir/work/$t" "fuzz/corpus/$t" -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$bdir/artifacts/$t-" >"$bdir/$t.log" 2>&1 || rc=$?
  grep -E '^stat::number_of_executed_units|DONE' "$bdir/$t.log" || true
  if [ "$rc" -ne 0 ]; then
    # Show the report: the failed check or sanitizer message and the stack.
    grep -v -E '^#[0-9]+ +(NEW|REDUCE|pulse|INITED)' "$bdir/$t.log" | tail -40 >&2
    echo "$t: FAILED (exit $rc); reproducer in $bdir/artifacts/" >&2
    status=1
  fi
done
exit $status
