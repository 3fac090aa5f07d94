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
bad=$(grep -v "@@LIBNPS_1\.[0-9]*$" "$tmp/versioned" || true)
if [ -n "$bad" ]; then echo "FAIL: unversioned or foreign exports:"; echo "$bad"; exit 1; fi
# Each symbol is bound to the node that lists it (LIBNPS_1.0, LIBNPS_1.1...).
awk '/^LIBNPS_[0-9.]+ *\{/ { node = $1 }
     /^[ \t]+nps_[a-z0-9_]+;/ { gsub(/[ \t;]/, ""); print $0 "@@" node }' "$sym" |
  sort > "$tmp/nodes"
if ! diff -u "$tmp/nodes" "$tmp/versioned"; then
  echo "FAIL: symbol versions differ from the nodes of $sym (- script, + library)"; exit 1
fi
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = "libnps.so.1" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
echo "ok: $(wc -l < "$tmp/listed") symbols declared, listed and exported, all versioned, SONAME $soname"
