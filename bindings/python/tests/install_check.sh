#!/bin/sh
# Install the package offline into a temporary target with a bundled copy of
# the library, then import it with no LIBNPS_LIBRARY: checks pyproject.toml,
# the package data (py.typed, the bundled library) and the loader's second
# choice. Usage: install_check.sh PYTHON LIBNPS_SO
set -eu
py=$1
lib=$2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir "$tmp/src"
cp -r "$here/pyproject.toml" "$here/README.md" "$here/libnps" "$tmp/src/"
rm -rf "$tmp/src/libnps/__pycache__"
cp "$lib" "$tmp/src/libnps/libnps.so.1"

# The package's own build backend (nps_build.py) needs only the standard
# library: a plain offline pip install, with build isolation, works with any
# python3 that has pip (no setuptools, no wheel).
cp "$here/nps_build.py" "$tmp/src/"
(cd "$tmp/src" && PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
  "$py" -m pip install --quiet --no-index --no-deps --target "$tmp/site" .)

unset LIBNPS_LIBRARY
cd "$tmp"
PYTHONPATH=$tmp/site "$py" - "$tmp/site" <<'PY'
import os, sys
import libnps
site = sys.argv[1]
assert libnps.__file__.startswith(site), libnps.__file__
assert libnps.library_path == os.path.join(site, "libnps", "libnps.so.1"), libnps.library_path
assert os.path.exists(os.path.join(site, "libnps", "py.typed"))
acc = libnps.Accumulator()
acc.add_many(b"\x0a\x09\x00")
assert acc.total == 3 and abs(acc.score - 100 / 3) < 1e-12
print("installed libnps", libnps.__version__, "with bundled C library", libnps.library_version)
PY
