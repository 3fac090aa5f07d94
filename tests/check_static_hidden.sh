#!/bin/sh
# Usage: check_static_hidden.sh CC LIBNPS_A INCLUDE_DIR
# A shared object that embeds libnps.a must not re-export the libnps API:
# the archive's objects are compiled with hidden visibility
# (NPS_STATIC_BUILD). Builds such an object from a one-function plugin and
# checks its dynamic symbol table: only the plugin's own function is
# defined. Against the shared library's objects (default visibility) the
# same check would list every nps_ function.
set -eu
cc=$1 archive=$2 inc=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/plugin.c" <<'C'
#include "nps.h"
int plugin_version(void);
int plugin_version(void) { return (int)nps_version_number(); }
C
"$cc" -shared -fPIC -I"$inc" -o "$tmp/plugin.so" "$tmp/plugin.c" "$archive" -lm
nm -D --defined-only "$tmp/plugin.so" | awk '{print $3}' > "$tmp/defined"
grep -q '^plugin_version$' "$tmp/defined" || { echo "FAIL: plugin_version not exported"; exit 1; }
# The plugin really contains libnps code (it is not an undefined import).
if nm -D --undefined-only "$tmp/plugin.so" | grep -q 'nps_version_number'; then
  echo "FAIL: nps_version_number was not linked from $archive"; exit 1
fi
leaked=$(grep '^nps_' "$tmp/defined" || true)
if [ -n "$leaked" ]; then
  echo "FAIL: a shared object embedding libnps.a re-exports:"; echo "$leaked"; exit 1
fi
echo "ok: a shared object embedding libnps.a exports no nps_ symbol"
