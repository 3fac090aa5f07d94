# Debian packages: build them from a copy of the tree with
# dpkg-buildpackage, check them with lintian, install them into this
# machine, use every one of them as a user would (C consumers through
# pkg-config and find_package, CREATE EXTENSION on a throwaway PostgreSQL
# server, import from Debian's python3, the nps tool), then purge them and
# check the system is as it was. Needs root and apt (CI: a throwaway
# machine); skips otherwise.
set -eu
root=$(pwd)
if [ "$(id -u)" -ne 0 ] || ! command -v dpkg-buildpackage >/dev/null 2>&1 ||
   ! command -v apt-get >/dev/null 2>&1; then
  echo "SKIP: the Debian packaging stage needs root, apt-get and dpkg-dev"
  exit 0
fi
jobs=${NPS_JOBS:-2}
pkgs="libnps1 libnps-dev nps postgresql-15-nps python3-libnps"
bindir=/usr/lib/postgresql/15/bin

# A symbol added to src/libnps.sym must have its symbols entry.
debian/gen-symbols.sh --check

for p in $pkgs; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
    echo "$p is already installed: this stage installs and purges it; remove it first" >&2
    exit 1
  fi
done

ver=$(dpkg-parsechangelog -l debian/changelog -S Version)
upstream=${ver%-*}
tmp=$(mktemp -d /tmp/nps-deb.XXXXXX)
# The throwaway server's directory, owned by postgres (initdb refuses root).
pg=$(mktemp -d /tmp/nps-deb-pg.XXXXXX)
installed=0
cleanup() {
  if [ -f "$pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$pg/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$pg"
  if [ "$installed" -eq 1 ]; then
    # shellcheck disable=SC2086
    dpkg --purge $pkgs >/dev/null 2>&1 || true
    restore_saved
  fi
  rm -rf "$tmp"
}
# Files of the packages that exist before the install (the PostgreSQL
# suites run `make install` for the extension into the same directories)
# are saved and put back after the purge.
restore_saved() {
  [ -f "$tmp/saved.list" ] || return 0
  while IFS= read -r f; do
    mkdir -p "$(dirname "$f")"
    cp -a "$tmp/saved$f" "$f"
  done < "$tmp/saved.list"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Build from a copy (the .debs land in $tmp, not next to the repository):
#    the tracked files and the new ones not ignored, as they are now.
src="$tmp/libnps-$upstream"
mkdir "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -co --exclude-standard | while IFS= read -r f; do
    if [ -e "$f" ]; then printf '%s\n' "$f"; fi
  done > "$tmp/files"
  tar -cf - -T "$tmp/files" | tar -xf - -C "$src"
else
  tar -cf - --exclude=./build --exclude=./.git . | tar -xf - -C "$src"
fi
(cd "$src" && dpkg-checkbuilddeps)
start=$(date +%s)
(cd "$src" && DEB_BUILD_OPTIONS="parallel=$jobs" dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1 || {
  tail -60 "$tmp/build.log"; echo "dpkg-buildpackage failed" >&2; exit 1; }
echo "dpkg-buildpackage: $(( $(date +%s) - start )) s"
changes="$tmp/libnps_${ver}_$(dpkg-architecture -qDEB_HOST_ARCH).changes"
debs=""
for p in $pkgs; do
  d=$(ls "$tmp/${p}_${ver}_"*.deb)
  debs="$debs $d"
  echo "$(basename "$d"): $(dpkg-deb -c "$d" | grep -vc '/$') files"
done

# 2. lintian: any error fails (warnings are printed).
lint=0
lintian --fail-on error "$changes" > "$tmp/lintian.txt" 2>&1 || lint=$?
grep -v 'running with root privileges' "$tmp/lintian.txt" || true
[ "$lint" -eq 0 ] || { echo "lintian reports errors" >&2; exit 1; }
echo "lintian: $(grep -c '^E:' "$tmp/lintian.txt" || true) errors, $(grep -c '^W:' "$tmp/lintian.txt" || true) warnings"

# 3. Install; save the files the packages will replace.
mkdir "$tmp/saved"
for d in $debs; do
  dpkg-deb --fsys-tarfile "$d" | tar -tf - | sed -n 's,^\./,/,p' | grep -v '/$' || true
done | sort -u > "$tmp/paths"
: > "$tmp/saved.list"
while IFS= read -r f; do
  if [ -e "$f" ] || [ -L "$f" ]; then
    mkdir -p "$tmp/saved$(dirname "$f")"
    cp -a "$f" "$tmp/saved$f"
    echo "$f" >> "$tmp/saved.list"
  fi
done < "$tmp/paths"
[ -s "$tmp/saved.list" ] && echo "saved $(wc -l < "$tmp/saved.list") existing file(s) to restore after the purge"
installed=1
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o DPkg::Lock::Timeout=300 $debs > "$tmp/apt.log" 2>&1 || {
  cat "$tmp/apt.log"; exit 1; }
for p in $pkgs; do dpkg -L "$p"; done | grep -vx '/\.' | sort -u > "$tmp/owned"

# 4. C consumers of the installed library: pkg-config and CMake, shared and
#    static; dpkg-shlibdeps on the program must ask for the libnps1 version
#    of the newest symbol it uses (1.0.0 for a 1.0 program).
major=$(sed -n 's/^#define NPS_VERSION_MAJOR \([0-9]*\)$/\1/p' include/nps.h)
minor=$(sed -n 's/^#define NPS_VERSION_MINOR \([0-9]*\)$/\1/p' include/nps.h)
mkdir "$tmp/consumer"
cat > "$tmp/consumer/main.c" <<'EOF'
#include <nps.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  static const unsigned char scores[] = {10, 9, 3, 7};
  nps_acc *acc = NULL;
  if (nps_acc_new(&acc, NULL) != NPS_OK) return 1;
  if (nps_acc_add_scores(acc, scores, sizeof scores, NULL) != NPS_OK) return 1;
  printf("%s %.1f\n", nps_version_string(), nps_acc_score(acc));
  nps_acc_free(acc);
  return strcmp(nps_version_string(), NPS_VERSION_STRING) != 0;
}
EOF
cat > "$tmp/consumer/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(libnps ${NPS_WANT} CONFIG REQUIRED)
add_executable(consumer_shared main.c)
target_link_libraries(consumer_shared PRIVATE libnps::nps)
add_executable(consumer_static main.c)
target_link_libraries(consumer_static PRIVATE libnps::nps_static)
EOF
cd "$tmp/consumer"
expect="$(pkg-config --modversion libnps) 25.0"
# shellcheck disable=SC2046
cc -Wall -Werror -o pc_consumer main.c $(pkg-config --cflags --libs libnps)
out=$(./pc_consumer); [ "$out" = "$expect" ] || { echo "pkg-config consumer: '$out', want '$expect'" >&2; exit 1; }
ldd ./pc_consumer | grep -Eq "libnps.so.1 => /(usr/)?lib/[^ ]*/libnps.so.1" || { ldd ./pc_consumer; exit 1; }
cmake -S . -B build -DNPS_WANT="$major.$minor" >/dev/null
cmake --build build >/dev/null
for b in consumer_shared consumer_static; do
  out=$("build/$b"); [ "$out" = "$expect" ] || { echo "$b: '$out', want '$expect'" >&2; exit 1; }
done
if readelf -d build/consumer_static | grep -q 'libnps'; then
  echo "consumer_static depends on the shared library" >&2; exit 1
fi
mkdir -p debian
printf 'Source: consumer\n\nPackage: consumer\nArchitecture: any\n' > debian/control
dep=$(dpkg-shlibdeps -O pc_consumer 2>/dev/null | sed -n 's/.*\(libnps1 ([^)]*)\).*/\1/p')
[ "$dep" = "libnps1 (>= 1.0.0)" ] || { echo "dpkg-shlibdeps: '$dep', want 'libnps1 (>= 1.0.0)'" >&2; exit 1; }
echo "C consumers (pkg-config, find_package(libnps $major.$minor) shared and static): ok; shlibdeps: $dep"
cd "$root"

# 5. The packaged extension on a throwaway server (a unix socket in $tmp,
#    owned by postgres; the system cluster is not touched).
chown postgres: "$pg"
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$bindir/initdb" -A trust --no-sync -D "$pg/data" >/dev/null
as_pg "$bindir/pg_ctl" -D "$pg/data" -w -l "$pg/log" \
  -o "-k $pg -c listen_addresses='' -p 54390 -c fsync=off" start >/dev/null
sql=$(as_pg "$bindir/psql" -h "$pg" -p 54390 -X -q -A -t -v ON_ERROR_STOP=1 -d postgres <<'EOF'
CREATE EXTENSION nps;
SELECT extversion FROM pg_extension WHERE extname = 'nps';
SELECT round(nps(s)::numeric, 1) FROM (VALUES (10), (9), (3), (7)) t(s);
EOF
)
as_pg "$bindir/pg_ctl" -D "$pg/data" -w stop >/dev/null
want=$(sed -n "s/^default_version = '\(.*\)'/\1/p" extensions/postgres/nps.control)
[ "$sql" = "$(printf '%s\n25.0' "$want")" ] || { echo "PostgreSQL: '$sql'" >&2; exit 1; }
echo "CREATE EXTENSION nps (version $want) from postgresql-15-nps: ok"

# 6. Debian's python3 imports the packaged binding, which loads the
#    packaged library; the nps tool reports on the sample data, and both
#    count the same file the same way.
env -u LIBNPS_LIBRARY -u PYTHONPATH /usr/bin/python3 -I - examples/data/responses.csv <<'EOF'
import csv, json, subprocess, sys
import libnps
assert libnps.__file__.startswith("/usr/lib/python3/dist-packages/"), libnps.__file__
assert libnps.library_path.startswith("libnps.so.1") or "/usr/lib/" in libnps.library_path, libnps.library_path
acc = libnps.Accumulator()
for s in (10, 9, 3, 7):
    acc.add(s)
assert acc.score == 25.0, acc.score
# The file as the nps tool reads it: every integer score in 0..10 counts,
# whether or not its time parses (an undated answer is left out of the
# period table only).
file_acc = libnps.Accumulator()
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        try:
            score = int(row["score"])
        except ValueError:
            continue
        if 0 <= score <= 10:
            file_acc.add(score)
out = subprocess.run(["/usr/bin/nps", "report", "--json", sys.argv[1]],
                     check=True, capture_output=True, text=True).stdout
rep = json.loads(out)
got = (rep["n"], rep["promoters"], rep["detractors"])
want = (file_acc.total, file_acc.promoters, file_acc.detractors)
assert got == want, (got, want)
assert abs(rep["nps"] - file_acc.score) < 1e-9, (rep["nps"], file_acc.score)
print(f"python3 import libnps {libnps.library_version} from {libnps.library_path}: ok; "
      f"nps report: n={rep['n']} NPS {rep['nps']:+.1f} (same counts as the binding)")
EOF
/usr/bin/nps report examples/data/responses.csv 2>/dev/null | grep -q '^  NPS ' || {
  echo "nps report printed no NPS line" >&2; exit 1; }

# 7. Purge, and check every file the packages owned is gone (or is the file
#    that was there before).
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 $pkgs > "$tmp/apt.log" 2>&1 || {
  cat "$tmp/apt.log"; exit 1; }
installed=0
restore_saved
for p in $pkgs; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
    echo "$p still installed after purge" >&2; exit 1
  fi
done
left=0
while IFS= read -r f; do
  # A directory may stay only while another package owns it.
  if [ -d "$f" ] && [ ! -L "$f" ]; then
    dpkg -S "$f" >/dev/null 2>&1 || { echo "left after purge: $f/" >&2; left=1; }
    continue
  fi
  if [ -e "$f" ] || [ -L "$f" ]; then
    if grep -qxF "$f" "$tmp/saved.list" && cmp -s "$f" "$tmp/saved$f"; then continue; fi
    echo "left after purge: $f" >&2; left=1
  fi
done < "$tmp/owned"
[ "$left" -eq 0 ]
echo "packages purged; nothing left"
