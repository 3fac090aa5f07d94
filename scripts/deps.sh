#!/bin/sh
# Install what building and testing libnps needs, if missing.
# Debian/Ubuntu: apt-get (as root, or through sudo). Elsewhere: print the list.
# Usage: scripts/deps.sh [build|all]   (default: all)
set -eu
want=${1:-all}
build_pkgs="gcc make cmake pkgconf"
# debhelper, dh-python and lintian: the Debian packages (debian/, stage 90).
# postgresql-15 also brings the contrib modules (postgres_fdw, used by the
# sharded PostgreSQL test).
test_pkgs="libcmocka-dev clang libclang-rt-14-dev llvm valgrind gcovr golang-go
 postgresql-15 postgresql-server-dev-15 sqlite3 libsqlite3-dev python3 python3-numpy
 python3-pandas python3-dask python3-distributed python3-mypy
 python3-wheel python3-setuptools abigail-tools doxygen g++
 debhelper dh-python lintian"
# R cross-checks: the inference layer (tests/r/inference_check.R, metafor)
# and the weighted accumulator (tests/r/wacc_check.sh, survey).
test_pkgs="$test_pkgs r-base-core r-cran-metafor r-cran-survey"
pkgs=$build_pkgs
[ "$want" = all ] && pkgs="$pkgs $test_pkgs"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: not a Debian/Ubuntu system; install these (or equivalents) yourself:" >&2
  echo "  $pkgs" >&2
  exit 0
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps.sh: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
