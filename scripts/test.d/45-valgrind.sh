# The C suites (every tests/test_* executable of the dev build) under
# valgrind memcheck: no invalid access, no use of uninitialised memory, no
# leak. Reuses build/dev from stage 10 (configures it if missing). ~1 min.
set -eu
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$NPS_JOBS"
suites=$(find build/dev/tests -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort)
[ -n "$suites" ] || { echo "no test suites found in build/dev/tests" >&2; exit 1; }
mkdir -p build/dev/valgrind
fail=0
for t in $suites; do
  name=$(basename "$t")
  if valgrind --tool=memcheck --error-exitcode=1 --leak-check=full \
       --errors-for-leak-kinds=definite,indirect --track-origins=yes \
       --log-file="build/dev/valgrind/$name.log" \
       "$t" >"build/dev/valgrind/$name.out" 2>&1; then
    echo "valgrind $name: ok"
  else
    echo "valgrind $name: FAILED" >&2
    tail -40 "build/dev/valgrind/$name.log" >&2
    tail -20 "build/dev/valgrind/$name.out" >&2
    fail=1
  fi
done
exit $fail
