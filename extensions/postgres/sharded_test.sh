#!/bin/sh
# Sharded PostgreSQL: a coordinator and two shard servers on this machine
# (throwaway clusters owned by the postgres user, unix sockets in a private
# temporary directory, no TCP), the extension installed on all three, and
# postgres_fdw from the coordinator to the shards. Checks:
#   1. EXPLAIN VERBOSE shows nps_state in the Remote SQL (the foreign server
#      lists the extension: OPTIONS (extensions 'nps')).
#   2. Global and per-segment states merged with nps_merge from the shards'
#      states equal the single-node states byte for byte (and so the NPS).
#   3. Over a partitioned table of foreign partitions with
#      enable_partitionwise_aggregate, grouping by the partition key (alone
#      or with other columns) pushes nps_state down to each shard.
#   4. Grouping by other columns does not push down in PostgreSQL 15 (no
#      partial aggregate push-down; count() behaves the same) yet gives the
#      right answer; the documented shape for it (per-shard GROUP BY through
#      UNION ALL, merged on the coordinator) pushes down and is exact.
# Stops the servers and removes everything on exit.
#
# Usage (as root): sharded_test.sh CMAKE_BUILD_DIR [ROWS (default 60000)]
# Environment: PG_CONFIG (default: pg_config on PATH); NPS_SHARDED_SCRIPT,
# a psql script run after the checks on each shard (-v node=shard1 or
# shard2), then on the coordinator (-v node=coord), its output printed
# (examples/sql/sharded_rollup.sql).
# Exit 77 (skipped) when not root, without a postgres user or postgres_fdw.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: sharded_test.sh CMAKE_BUILD_DIR [ROWS]}" && pwd)
rows=${2:-60000}
PG_CONFIG=${PG_CONFIG:-pg_config}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the sharded test installs the extension and runs servers as the postgres user; run it as root"
  exit 77
fi
if ! id postgres >/dev/null 2>&1; then
  echo "SKIP: no postgres user"
  exit 77
fi
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/postgres_fdw.control" ]; then
  echo "SKIP: postgres_fdw is not installed (Debian: postgresql-15)"
  exit 77
fi
[ -f "$build/src/libnps.a" ] || { echo "no libnps.a in $build/src: build first" >&2; exit 1; }
bindir=$("$PG_CONFIG" --bindir)

tmp=$(mktemp -d /tmp/nps-shard.XXXXXX)
nodes="coord:5601 shard1:5602 shard2:5603"
cleanup() {
  for n in $nodes; do
    d="$tmp/${n%%:*}"
    if [ -f "$d/postmaster.pid" ]; then
      runuser -u postgres -- "$bindir/pg_ctl" -D "$d" stop -m immediate >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Build and install the extension, as run_tests.sh does.
mkdir "$tmp/src"
cp -R "$here/Makefile" "$here/nps.c" "$here/nps.control" "$here"/nps--*.sql "$tmp/src/"
export PKG_CONFIG_PATH="$build${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no
make -s -C "$tmp/src" PG_CONFIG="$PG_CONFIG" with_llvm=no install
chown -R postgres: "$tmp"

as_pg() { runuser -u postgres -- "$@"; }
for n in $nodes; do
  name=${n%%:*}; port=${n##*:}
  as_pg "$bindir/initdb" -A trust --no-sync -D "$tmp/$name" >/dev/null
  as_pg "$bindir/pg_ctl" -D "$tmp/$name" -w -l "$tmp/$name.log" \
    -o "-k $tmp -c listen_addresses='' -p $port -c fsync=off -c jit=off" start >/dev/null
done
# psql_on PORT [psql options]: run SQL from stdin on one node.
psql_on() {
  port=$1; shift
  as_pg "$bindir/psql" -h "$tmp" -p "$port" -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
}

# The data: region 1 lives on shard1, region 2 on shard2; the coordinator
# also keeps every row in one local table, the single-node reference.
data="SELECT i AS id, 1 + i % 2 AS region, i % 7 AS segment,
             CASE WHEN i % 31 = 0 THEN NULL ELSE (hashint4(i) & 2147483647) % 11 END AS score
      FROM generate_series(1, $rows) AS i"
for r in 1 2; do
  psql_on "560$((r + 1))" <<SQL
CREATE EXTENSION nps;
CREATE TABLE responses AS SELECT * FROM ($data) d WHERE region = $r;
ANALYZE responses;
SQL
done
psql_on 5601 <<SQL
CREATE EXTENSION nps;
CREATE EXTENSION postgres_fdw;
CREATE TABLE responses_all AS $data;
ANALYZE responses_all;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$tmp', port '5602', dbname 'postgres', extensions 'nps');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$tmp', port '5603', dbname 'postgres', extensions 'nps');
CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');
CREATE FOREIGN TABLE r1 (id int, region int, segment int, score int)
  SERVER shard1 OPTIONS (table_name 'responses');
CREATE FOREIGN TABLE r2 (id int, region int, segment int, score int)
  SERVER shard2 OPTIONS (table_name 'responses');
-- The same shards as partitions of one table, partitioned by region.
CREATE TABLE responses (id int, region int, segment int, score int) PARTITION BY LIST (region);
CREATE FOREIGN TABLE responses_1 PARTITION OF responses FOR VALUES IN (1)
  SERVER shard1 OPTIONS (table_name 'responses');
CREATE FOREIGN TABLE responses_2 PARTITION OF responses FOR VALUES IN (2)
  SERVER shard2 OPTIONS (table_name 'responses');
SQL

fail=0
pass() { echo "ok   $1"; }
failed() { echo "FAIL $1"; fail=1; }
# check NAME SQL: the query must print exactly "t".
check() {
  out=$(printf '%s\n' "$2" | psql_on 5601 -At 2>&1) || true
  if [ "$out" = "t" ]; then pass "$1"; else failed "$1"; printf '%s\n' "$out" | sed 's/^/     /'; fi
}
# explain NAME SQL PATTERN [present|absent]: grep EXPLAIN VERBOSE output.
explain() {
  plan=$(printf 'SET enable_partitionwise_aggregate = on;\nEXPLAIN (VERBOSE, COSTS OFF) %s\n' "$2" | psql_on 5601 -At 2>&1) || true
  if printf '%s\n' "$plan" | grep -q -- "$3"; then found=present; else found=absent; fi
  if [ "$found" = "${4:-present}" ]; then
    pass "$1"
  else
    failed "$1 (expected '$3' ${4:-present} in the plan)"
    printf '%s\n' "$plan" | sed 's/^/     /'
  fi
}

echo "Sharded PostgreSQL: coordinator + 2 shards, $rows rows"
explain "nps_state pushed down to a shard" \
  "SELECT nps_state(score) FROM r1;" \
  "Remote SQL: SELECT public.nps_state(score) FROM public.responses"
explain "per-segment nps_state pushed down with its GROUP BY" \
  "SELECT segment, nps_state(score) FROM r1 GROUP BY segment;" \
  "Remote SQL: SELECT segment, public.nps_state(score) FROM public.responses GROUP BY 1"
check "global state: nps_merge of the shards' states = single node, byte for byte" \
  "SELECT (SELECT nps_merge(s) FROM (SELECT nps_state(score) AS s FROM r1
                                     UNION ALL SELECT nps_state(score) FROM r2) u)
        = (SELECT nps_state(score) FROM responses_all);"
check "global NPS through the shards = nps(score) on one node" \
  "SELECT (SELECT nps_score(nps_merge(s)) FROM (SELECT nps_state(score) AS s FROM r1
                                                UNION ALL SELECT nps_state(score) FROM r2) u)
        = (SELECT nps(score) FROM responses_all);"
check "per-segment states through the shards = single node, byte for byte" \
  "SELECT count(*) = 7 AND bool_and(a.st = b.st)
   FROM (SELECT segment, nps_merge(s) AS st
         FROM (SELECT segment, nps_state(score) AS s FROM r1 GROUP BY segment
               UNION ALL SELECT segment, nps_state(score) FROM r2 GROUP BY segment) u
         GROUP BY segment) a
   JOIN (SELECT segment, nps_state(score) AS st FROM responses_all GROUP BY segment) b USING (segment);"
explain "partitionwise: GROUP BY the partition key pushes down" \
  "SELECT region, nps_state(score) FROM responses GROUP BY region;" \
  "Remote SQL: SELECT region, public.nps_state(score) FROM public.responses GROUP BY 1"
explain "partitionwise: GROUP BY the key and a segment pushes down" \
  "SELECT region, segment, nps(score) FROM responses GROUP BY region, segment;" \
  "Remote SQL: SELECT region, segment, public.nps(score) FROM public.responses GROUP BY 1, 2"
check "partitionwise by key: results = single node" \
  "SET enable_partitionwise_aggregate = on;
   SELECT count(*) = 2 AND bool_and(a.st = b.st)
   FROM (SELECT region, nps_state(score) AS st FROM responses GROUP BY region) a
   JOIN (SELECT region, nps_state(score) AS st FROM responses_all GROUP BY region) b USING (region);"
explain "PostgreSQL 15: GROUP BY a non-key column ships rows (no partial push-down)" \
  "SELECT segment, nps(score) FROM responses GROUP BY segment;" \
  "Remote SQL: SELECT segment, score FROM public.responses"
explain "... and count() is not pushed either" \
  "SELECT segment, count(score) FROM responses GROUP BY segment;" \
  "Remote SQL: SELECT segment, score FROM public.responses"
check "non-key grouping over the partitioned table: right answer anyway" \
  "SET enable_partitionwise_aggregate = on;
   SELECT count(*) = 7 AND bool_and(a.v = b.v)
   FROM (SELECT segment, nps(score) AS v FROM responses GROUP BY segment) a
   JOIN (SELECT segment, nps(score) AS v FROM responses_all GROUP BY segment) b USING (segment);"
explain "documented shape for non-key groupings pushes down per partition" \
  "SELECT segment, nps_score(nps_merge(s)) FROM (
     SELECT segment, nps_state(score) AS s FROM responses_1 GROUP BY segment
     UNION ALL SELECT segment, nps_state(score) FROM responses_2 GROUP BY segment) u
   GROUP BY segment;" \
  "Remote SQL: SELECT segment, public.nps_state(score) FROM public.responses GROUP BY 1"
check "documented shape: NPS per segment = single node" \
  "SELECT count(*) = 7 AND bool_and(a.v = b.v)
   FROM (SELECT segment, nps_score(nps_merge(s)) AS v FROM (
           SELECT segment, nps_state(score) AS s FROM responses_1 GROUP BY segment
           UNION ALL SELECT segment, nps_state(score) FROM responses_2 GROUP BY segment) u
         GROUP BY segment) a
   JOIN (SELECT segment, nps(score) AS v FROM responses_all GROUP BY segment) b USING (segment);"
check "rollup on the coordinator: shard states stored, merged monthly with the scalar nps_merge" \
  "CREATE TEMP TABLE shard_states AS
     SELECT 1 AS shard, nps_state(score) AS st FROM r1 UNION ALL SELECT 2, nps_state(score) FROM r2;
   SELECT nps_merge((SELECT st FROM shard_states WHERE shard = 1), (SELECT st FROM shard_states WHERE shard = 2))
          = (SELECT nps_state(score) FROM responses_all);"

if [ -n "${NPS_SHARDED_SCRIPT:-}" ]; then
  for n in shard1:5602 shard2:5603 coord:5601; do
    psql_on "${n##*:}" -v node="${n%%:*}" <"$NPS_SHARDED_SCRIPT" ||
      failed "script $NPS_SHARDED_SCRIPT on ${n%%:*}"
  done
fi

if [ "$fail" -ne 0 ]; then
  echo "sharded test FAILED"
  exit 1
fi
echo "sharded test passed"
