#!/bin/sh
# nps(score) against the plain SQL expression on a throwaway PostgreSQL
# server, in one run: the ratio of the two times is what matters.
#   aggregate: nps(score)  vs  100.0 * (count(*) FILTER (WHERE score >= 9)
#              - count(*) FILTER (WHERE score <= 6)) / count(score)
#   serial (max_parallel_workers_per_gather = 0) and with 2 workers
#   window:    nps(score) OVER 30 rows  vs  the expression as window counts
#   weighted:  nps_weighted(score, w)  vs  100 * (sum(w) FILTER (WHERE
#              score >= 9) - sum(w) FILTER (WHERE score <= 6)) / sum(w)
#              (over the rows with a score), serial and with 2 workers
#   memory per group: a HashAggregate over ROWS/2 groups (two rows each),
#              "Memory Usage" of EXPLAIN ANALYZE divided by the groups, for
#              nps(score), nps_state(score) and the expression
# Usage (as root; the server runs as postgres in a temporary directory):
#   pg_bench.sh CMAKE_BUILD_DIR [ROWS (default 2000000)] [REPS (default 5)]
# Builds and installs the extension first, as the test does.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: pg_bench.sh CMAKE_BUILD_DIR [ROWS] [REPS]}" && pwd)
rows=${2:-2000000}
reps=${3:-5}
PG_CONFIG=${PG_CONFIG:-pg_config}
[ "$(id -u)" -eq 0 ] || { echo "run as root (the server runs as postgres)" >&2; exit 1; }
bindir=$("$PG_CONFIG" --bindir)

tmp=$(mktemp -d /tmp/nps-pgbench.XXXXXX)
cleanup() {
  if [ -f "$tmp/data/postmaster.pid" ]; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$tmp/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$tmp/src"
cp -R "$here/Makefile" "$here/nps.c" "$here/nps.control" "$here"/nps--*.sql "$tmp/src/"
export PKG_CONFIG_PATH="$build${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no install
chown -R postgres: "$tmp"
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$bindir/initdb" -A trust --no-sync -D "$tmp/data" >/dev/null
as_pg "$bindir/pg_ctl" -D "$tmp/data" -w -l "$tmp/log" \
  -o "-k $tmp -c listen_addresses='' -p 5439 -c fsync=off -c shared_buffers=256MB -c jit=off" start >/dev/null
psql() { as_pg "$bindir/psql" -h "$tmp" -p 5439 -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

psql <<SQL
CREATE EXTENSION nps;
CREATE TABLE t AS
SELECT i AS id, CASE WHEN i % 100 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score,
       0.5 + (hashint4(i + 7) & 1023) / 512.0::float8 AS w
FROM generate_series(1, $rows) AS i;
VACUUM ANALYZE t;
SQL

win_rows=$((rows / 10))
agg_nps="SELECT nps(score) FROM t;"
agg_sql="SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score) FROM t;"
win_nps="SELECT sum(v) FROM (SELECT nps(score) OVER w AS v FROM t WHERE id <= $win_rows WINDOW w AS (ORDER BY id ROWS 29 PRECEDING)) x;"
win_sql="SELECT sum(v) FROM (SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) OVER w - count(*) FILTER (WHERE score <= 6) OVER w) / count(score) OVER w AS v FROM t WHERE id <= $win_rows WINDOW w AS (ORDER BY id ROWS 29 PRECEDING)) x;"
agg_w="SELECT nps_weighted(score, w) FROM t;"
agg_wsql="SELECT 100 * (sum(w) FILTER (WHERE score >= 9) - sum(w) FILTER (WHERE score <= 6)) / sum(w) FILTER (WHERE score IS NOT NULL) FROM t;"
# Each timed query is announced by "Q name"; the Time: line that follows
# belongs to it. The SQL expression and nps must print the same number.
q() { printf '\\echo Q %s\n%s\n' "$1" "$2"; }
{
  echo "SET max_parallel_workers_per_gather = 0;"
  echo "$agg_nps $agg_sql"   # warm the buffer cache
  printf '%s\n' '\timing on'
  i=0
  while [ "$i" -lt "$reps" ]; do
    echo "SET max_parallel_workers_per_gather = 0;"
    q serial_nps "$agg_nps"; q serial_sql "$agg_sql"
    echo "SET max_parallel_workers_per_gather = 2;"
    q parallel_nps "$agg_nps"; q parallel_sql "$agg_sql"
    echo "SET max_parallel_workers_per_gather = 0;"
    q window_nps "$win_nps"; q window_sql "$win_sql"
    q weighted_nps "$agg_w"; q weighted_sql "$agg_wsql"
    echo "SET max_parallel_workers_per_gather = 2;"
    q pweighted_nps "$agg_w"; q pweighted_sql "$agg_wsql"
    echo "SET max_parallel_workers_per_gather = 0;"
    i=$((i + 1))
  done
} | psql -At >"$tmp/out"

awk -v rows="$rows" -v wrows="$win_rows" '
  /^Q / { cur = $2; next }
  /^Time:/ { if (cur != "") { t[cur, c[cur]++] = $2; cur = "" } next }
  cur != "" { r[cur] = $0 }
  function median(q,   i, j, a, tmp, k) {
    k = c[q]
    for (i = 0; i < k; i++) a[i] = t[q, i]
    for (i = 0; i < k; i++) for (j = i + 1; j < k; j++)
      if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return a[int(k / 2)]
  }
  function line(label, a, b) {
    printf "  %-22s nps %8.1f   SQL expression %8.1f   ratio %.2f   (results %s / %s)\n",
      label, median(a), median(b), median(b) / median(a), r[a], r[b]
  }
  END {
    printf "PostgreSQL %d rows, %d repetitions (median ms; ratio = expression / nps)\n", rows, c["serial_nps"]
    line("aggregate, serial", "serial_nps", "serial_sql")
    line("aggregate, 2 workers", "parallel_nps", "parallel_sql")
    line("window 30 rows (" wrows ")", "window_nps", "window_sql")
    line("weighted, serial", "weighted_nps", "weighted_sql")
    line("weighted, 2 workers", "pweighted_nps", "pweighted_sql")
  }' "$tmp/out"

# Memory per group of a hash aggregate: EXPLAIN ANALYZE reports the hash
# table's peak memory (keys, per-group transition values and the states
# they point to). work_mem is large enough that nothing spills.
groups=$((rows / 2))
mem() {
  printf 'SET work_mem = %s; SET max_parallel_workers_per_gather = 0; SET enable_sort = off;\n%s\n' \
    "'4GB'" "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id % $groups AS g, $1 FROM t GROUP BY 1;" |
    psql -At | sed -n 's/.*Memory Usage: \([0-9]*\)kB.*/\1/p' | head -n 1
}
m_nps=$(mem "nps(score)")
m_state=$(mem "nps_state(score)")
m_sql=$(mem "100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / nullif(count(score), 0)")
m_key=$(mem "count(*)")
awk -v g="$groups" -v a="$m_nps" -v s="$m_state" -v e="$m_sql" -v k="$m_key" 'BEGIN {
  printf "Memory per group, HashAggregate of %d groups (EXPLAIN ANALYZE Memory Usage / groups)\n", g
  printf "  %-34s %8.1f bytes  (%d kB)\n", "count(*) (keys and table only)", k * 1024 / g, k
  printf "  %-34s %8.1f bytes  (%d kB)\n", "expression (three count)", e * 1024 / g, e
  printf "  %-34s %8.1f bytes  (%d kB)   ratio nps / expression %.2f\n", "nps(score)", a * 1024 / g, a, a / e
  printf "  %-34s %8.1f bytes  (%d kB)   ratio nps_state / expression %.2f\n", "nps_state(score)", s * 1024 / g, s, s / e
}'
