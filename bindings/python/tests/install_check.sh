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

# setuptools needs `wheel` for a PEP 517 build. An interpreter without it
# (pyenv's) gets Debian's python3-wheel alone on its path: all of
# /usr/lib/python3/dist-packages would also bring Debian's patched
# setuptools, which fails with a non-Debian interpreter.
if ! "$py" -c 'import wheel' 2>/dev/null; then
  mkdir "$tmp/wheel"
  ln -s /usr/lib/python3/dist-packages/wheel \
        /usr/lib/python3/dist-packages/wheel-*.egg-info "$tmp/wheel/"
  PYTHONPATH=$tmp/wheel
  export PYTHONPATH
fi
(cd "$tmp/src" && PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
  "$py" -m pip install --quiet --no-build-isolation --no-index --no-deps \
  --target "$tmp/site" .)

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
