#!/bin/sh
# Write debian/libnps1.symbols from the linker version script src/libnps.sym:
# every symbol gets the version of the node that lists it (LIBNPS_1.0 ->
# 1.0.0, LIBNPS_1.1 -> 1.1.0), so dpkg-shlibdeps gives a program the lowest
# libnps1 that has every symbol it uses.
#   debian/gen-symbols.sh            rewrite debian/libnps1.symbols
#   debian/gen-symbols.sh --check    exit 1 (and show the diff) if it is stale
set -eu
here=$(cd "$(dirname "$0")" && pwd)
symfile="$here/../src/libnps.sym"
out="$here/libnps1.symbols"

generate() {
  echo "libnps.so.1 libnps1 #MINVER#"
  echo "* Build-Depends-Package: libnps-dev"
  # Strip /* */ comments, then read "NODE {", "global:", "name;", "local:",
  # "}...;" tokens. Each node's own version symbol is exported too.
  sed -e ':a' -e '/\/\*/{' -e '/\*\//!{N;ba' -e '}' -e 's,/\*.*\*/,,' -e '}' "$symfile" |
  awk '
    /^[ \t]*LIBNPS_[0-9]+\.[0-9]+[ \t]*\{/ {
      node = $1; sub(/\{.*/, "", node)
      ver = node; sub(/^LIBNPS_/, "", ver); ver = ver ".0"
      printf " %s@%s %s\n", node, node, ver
      scope = ""; next
    }
    /global:/ { scope = "global"; next }
    /local:/  { scope = "local"; next }
    /^[ \t]*\}/ { node = ""; scope = ""; next }
    scope == "global" && node != "" {
      name = $1; sub(/;.*/, "", name)
      if (name != "") printf " %s@%s %s\n", name, node, ver
    }'
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
generate > "$tmp"
if ! grep -q '@LIBNPS_' "$tmp"; then
  echo "gen-symbols.sh: no symbols read from $symfile" >&2
  exit 1
fi
if [ "${1:-}" = "--check" ]; then
  if ! diff -u "$out" "$tmp"; then
    echo "debian/libnps1.symbols does not match src/libnps.sym: run debian/gen-symbols.sh" >&2
    exit 1
  fi
  echo "debian/libnps1.symbols matches src/libnps.sym"
else
  cp "$tmp" "$out"
fi
