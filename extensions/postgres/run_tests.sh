#!/bin/sh
# Build the extension with PGXS against a libnps CMake build tree, install it
# into the PostgreSQL installation, and run the pg_regress suite on a
# throwaway server (pg_regress --temp-instance: its own initdb, a unix
# socket in a temporary directory, stopped at the end). The system cluster
# is never touched.
#
# Usage: run_tests.sh CMAKE_BUILD_DIR
# Environment: PG_CONFIG (default: pg_config on PATH); NPS_PG_KEEP=DIR.
# Exit 77 (skipped) when not root or when there is no postgres user: initdb
# refuses to run as root, so the server runs as postgres.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run_tests.sh CMAKE_BUILD_DIR}" && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the PostgreSQL test installs the extension and runs the server as the postgres user; run it as root"
  exit 77
fi
if ! id postgres >/dev/null 2>&1; then
  echo "SKIP: no postgres user"
  exit 77
fi
[ -f "$build/src/libnps.a" ] || { echo "no libnps.a in $build/src: build first" >&2; exit 1; }

bindir=$("$PG_CONFIG" --bindir)
pg_regress=$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress

# Everything the postgres user reads or writes lives under one temporary
# directory it owns; the trap stops a server left behind by an interrupted
# run and removes the directory.
tmp=$(mktemp -d /tmp/nps-pg.XXXXXX)
cleanup() {
  if [ -f "$tmp/inst/data/postmaster.pid" ]; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$tmp/inst/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nps--1.1.sql must be the 1.0 script plus the upgrade (make_full_script.sh).
"$here/make_full_script.sh" "$tmp/full.sql"
if ! cmp -s "$tmp/full.sql" "$here/nps--1.1.sql"; then
  echo "nps--1.1.sql is out of date: run extensions/postgres/make_full_script.sh" >&2
  exit 1
fi
mkdir "$tmp/src"
cp -R "$here/Makefile" "$here/nps.c" "$here/nps.control" "$here"/nps--*.sql \
      "$here/sql" "$here/expected" "$tmp/src/"

# The uninstalled pkg-config file of the build tree points at its libnps.a.
export PKG_CONFIG_PATH="$build${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no COPT=-Werror
# Every libnps symbol must be inside nps.so: the backend would otherwise
# fail to load it with "undefined symbol" at the first call.
if nm -D --undefined-only "$tmp/src/nps.so" | grep -q ' nps_'; then
  echo "nps.so has unresolved libnps symbols:" >&2
  nm -D --undefined-only "$tmp/src/nps.so" | grep ' nps_' >&2
  exit 1
fi
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no install

chown -R postgres: "$tmp"
cat > "$tmp/src/regress.conf" <<'CONF'
fsync = off
max_worker_processes = 8
max_parallel_workers = 8
CONF
tests=$(sed -n 's/^REGRESS *= *//p' "$here/Makefile")
status=0
# shellcheck disable=SC2086
runuser -u postgres -- "$pg_regress" --temp-instance="$tmp/inst" \
  --temp-config="$tmp/src/regress.conf" --bindir="$bindir" \
  --inputdir="$tmp/src" --outputdir="$tmp/out" --load-extension=nps \
  --dbname=nps_regress $tests || status=$?
if [ "$status" -ne 0 ] && [ -f "$tmp/out/regression.diffs" ]; then
  cat "$tmp/out/regression.diffs"
fi
# NPS_PG_KEEP=DIR keeps the actual outputs (to review a change of expected/).
if [ -n "${NPS_PG_KEEP:-}" ]; then
  rm -rf "$NPS_PG_KEEP"; cp -R "$tmp/out" "$NPS_PG_KEEP"
fi
exit "$status"
