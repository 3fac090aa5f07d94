#!/bin/sh
# Usage: run.sh BUILD_DIR CC CMAKE
# Installs the build into a temporary prefix, then builds and runs prog.c
# against it four ways: pkg-config shared/static, find_package shared/static.
set -eu
build=$1 cc=$2 cmake=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
"$cmake" --install "$build" --prefix "$prefix" >/dev/null
pcdir=$(dirname "$(find "$prefix" -name libnps.pc | head -n 1)")
libdir=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=libdir libnps)
[ -f "$libdir/libnps.so.1" ] && [ -f "$libdir/libnps.a" ] || { echo "FAIL: libraries missing in $libdir"; exit 1; }
[ -f "$prefix/include/nps.h" ] || { echo "FAIL: header not installed"; exit 1; }

# pkg-config, shared (the loader finds it through LD_LIBRARY_PATH: no rpath).
"$cc" -Werror -Wall "$here/prog.c" -o "$tmp/pc_shared" $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs libnps)
LD_LIBRARY_PATH=$libdir "$tmp/pc_shared"
# pkg-config, static.
"$cc" -Werror -Wall "$here/prog.c" -o "$tmp/pc_static" $(PKG_CONFIG_PATH=$pcdir pkg-config --static --cflags libnps) "$libdir/libnps.a" $(PKG_CONFIG_PATH=$pcdir pkg-config --static --libs-only-l libnps | sed 's/-lnps//')
if ldd "$tmp/pc_static" | grep -q libnps; then echo "FAIL: static build links libnps.so"; exit 1; fi
env -u LD_LIBRARY_PATH "$tmp/pc_static"

# find_package(libnps 1.0 CONFIG), shared and static.
for kind in shared static; do
  flag=OFF; [ $kind = static ] && flag=ON
  "$cmake" -S "$here" -B "$tmp/cm_$kind" -DCMAKE_PREFIX_PATH="$prefix" -DUSE_STATIC=$flag -DCMAKE_C_COMPILER="$cc" >/dev/null
  "$cmake" --build "$tmp/cm_$kind" >/dev/null
  LD_LIBRARY_PATH=$libdir "$tmp/cm_$kind/prog"
done
# A request for a future major version must be refused.
cat > "$tmp/v2.cmake" <<EOF2
find_package(libnps 2.0 CONFIG QUIET PATHS "$prefix" NO_DEFAULT_PATH)
if(libnps_FOUND)
  message(FATAL_ERROR "libnps 1.x accepted a request for 2.0")
endif()
EOF2
"$cmake" -P "$tmp/v2.cmake"
echo "downstream: 4 builds ok"
