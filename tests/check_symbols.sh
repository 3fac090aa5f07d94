#!/bin/sh
# Usage: check_symbols.sh LIBNPS_SO LIBNPS_SYM NPS_H
# Every function the header declares with NPS_API is in the version script,
# the library exports exactly the script's names, each bound to the
# LIBNPS_ version node the script lists it under, and its SONAME is libnps.so.<major>.
set -eu
so=$1 sym=$2 header=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$so" | awk '{print $3}' | grep -v "^LIBNPS_" | sed "s/@.*//" | sort > "$tmp/exported"
nm -D --defined-only "$so" | awk '{print $3}' | grep -v "^LIBNPS_" | sort > "$tmp/versioned"
grep -E '^\s+nps_[a-z0-9_]+;' "$sym" | tr -d ' \t;' | sort > "$tmp/listed"
# Declarations may span lines and follow a comment on the same line.
tr '\n' ' ' < "$header" | sed 's/NPS_API/\nNPS_API/g' | grep '^NPS_API' |
  grep -oE '^NPS_API[^(;]*\(' | grep -oE 'nps_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u > "$tmp/declared"
if ! diff -u "$tmp/declared" "$tmp/listed"; then
  echo "FAIL: NPS_API functions in $header differ from $sym (- declared only, + listed only)"; exit 1
fi
if ! diff -u "$tmp/listed" "$tmp/exported"; then
  echo "FAIL: exported symbols differ from $sym (- listed only, + exported only)"; exit 1
fi
# Each symbol must carry the node the script lists it under (a 1.0 symbol
# stays @@LIBNPS_1.0 forever; a 1.1 symbol is @@LIBNPS_1.1).
awk '/^LIBNPS_[0-9.]+ *\{/ { node = $1; sub(/\{.*/, "", node) }
     /^[ \t]+nps_[a-z0-9_]+;/ { s = $1; sub(/;.*/, "", s); print s "@@" node }' "$sym" |
  sort > "$tmp/expected"
if ! diff -u "$tmp/expected" "$tmp/versioned"; then
  echo "FAIL: exported versions differ from the nodes of $sym (- expected, + exported)"; exit 1
fi
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = "libnps.so.1" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
echo "ok: $(wc -l < "$tmp/listed") symbols declared, listed and exported, all versioned, SONAME $soname"
