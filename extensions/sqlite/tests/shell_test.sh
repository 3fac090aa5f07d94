#!/bin/sh
# The real sqlite3 shell loads the module with `.load PATH sqlite3_nps_init`
# and runs shell.sql; its output (errors included, line numbers dropped)
# must equal shell.expected.
# Usage: shell_test.sh SQLITE3 PATH/TO/nps.so TESTS_DIR
set -eu
sqlite3=$1 module=$2 dir=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{ printf '.load %s sqlite3_nps_init\n' "$module"; cat "$dir/shell.sql"; } |
  "$sqlite3" -batch :memory: 2>&1 | sed 's/ near line [0-9]*//' >"$out" || true
if ! diff -u "$dir/shell.expected" "$out"; then
  echo "sqlite3 shell output differs from shell.expected" >&2
  exit 1
fi
echo "sqlite3 shell: ok"
