#!/bin/sh
# Run the Go binding's checks against an uninstalled build of libnps.
#   run_tests.sh BUILD_DIR test              gofmt, vet, tests + examples, benchmarks
#   run_tests.sh BUILD_DIR example PYTHON    build examples/go and check its output
# The Go build cache does not notice a rebuilt C library or a changed .pc
# file, so every run uses a fresh GOCACHE; GOPROXY=off proves nothing is
# downloaded.
set -eu
build=$(cd "$1" && pwd)
mode=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

PKG_CONFIG_PATH=$build/pkgconfig-uninstalled
GOCACHE=$tmp/gocache
GOPATH=$tmp/gopath
GOPROXY=off
GOFLAGS=-count=1
CGO_ENABLED=1
export PKG_CONFIG_PATH GOCACHE GOPATH GOPROXY GOFLAGS CGO_ENABLED
unset LD_LIBRARY_PATH || true

# The uninstalled .pc must point at this build and carry an rpath.
libdir=$(pkg-config --variable=libdir libnps)
[ "$libdir" = "$build/src" ] || { echo "pkg-config libdir $libdir, want $build/src" >&2; exit 1; }
pkg-config --libs libnps | grep -q -- "-Wl,-rpath,$build/src" ||
  { echo "no rpath in: $(pkg-config --libs libnps)" >&2; exit 1; }

# cgo links every C function the package uses: a library missing one (a
# partial build) cannot run any Go test. Say which, and fail.
missing=""
for sym in $(grep -ho 'C\.nps_[a-z0-9_]*' "$here"/*.go | sed 's/^C\.//' | sort -u); do
  grep -q "^ *$sym;" "$root/src/libnps.sym" || continue # a type, not a function
  nm -D --defined-only "$build/src/libnps.so.1" | grep -q " $sym@" || missing="$missing $sym"
done
if [ -n "$missing" ]; then
  echo "FAIL: $build/src/libnps.so.1 lacks:$missing"
  exit 1
fi

case $mode in
test)
  cd "$here"
  unformatted=$(gofmt -l .)
  [ -z "$unformatted" ] || { echo "gofmt needed: $unformatted" >&2; exit 1; }
  go vet ./...
  go test -c -o "$tmp/nps.test" .
  # the test binary resolves libnps.so.1 to this build through the rpath
  ldd "$tmp/nps.test" | grep -q "libnps.so.1 => $build/src/libnps.so.1" ||
    { ldd "$tmp/nps.test" >&2; echo "test binary does not use $build/src" >&2; exit 1; }
  "$tmp/nps.test" -test.v -test.count=1
  "$tmp/nps.test" -test.run '^$' -test.bench . -test.benchtime 200ms
  # the documented locking pattern, under the race detector (it sees the
  # Go side: the mutex; it cannot see races inside C)
  go test -race -run 'SharedWriterWithMutex|Example_mutex' .
  ;;
example)
  py=${3:-python3}
  cd "$root/examples/go"
  go vet ./...
  go build -o "$tmp/npsfile" .
  "$py" "$root/examples/python/check_example.py" \
    --library "$build/src/libnps.so.1" "$root/examples/data/scores.txt" \
    -- "$tmp/npsfile"
  ;;
*)
  echo "usage: $0 BUILD_DIR test|example [PYTHON]" >&2
  exit 2
  ;;
esac
