#!/bin/sh
# nps(score) against the plain SQL expression in the real sqlite3 shell, in
# one run: the ratio of the two times is what matters, not either time.
#   aggregate: nps(score)  vs  100.0 * (sum(score >= 9) - sum(score <= 6)) / count(score)
#   window:    nps(score) OVER 30 rows  vs  the same expression as three window sums
# Usage: sqlite_bench.sh PATH/TO/nps.so [ROWS (default 2000000)] [REPS (default 5)]
# Prints the median time of each query over REPS runs and the ratios
# (expression time / nps time: above 1 means nps is faster).
set -eu
module=${1:?usage: sqlite_bench.sh PATH/TO/nps.so [ROWS] [REPS]}
rows=${2:-2000000}
reps=${3:-5}
sqlite3=${SQLITE3:-sqlite3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Deterministic pseudo-random scores 0-10 (an LCG), one NULL in 100.
"$sqlite3" "$tmp/b.db" <<SQL
CREATE TABLE t(id INTEGER PRIMARY KEY, score INTEGER);
WITH RECURSIVE c(i, x) AS (SELECT 1, 12345 UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM c WHERE i < $rows)
INSERT INTO t SELECT i, CASE WHEN i % 100 = 0 THEN NULL ELSE (x / 65536) % 11 END FROM c;
SQL

agg_nps="SELECT nps(score) FROM t;"
agg_sql="SELECT 100.0 * (sum(score >= 9) - sum(score <= 6)) / count(score) FROM t;"
win_rows=$((rows / 10))
win_nps="SELECT sum(v) FROM (SELECT nps(score) OVER w AS v FROM t WHERE id <= $win_rows WINDOW w AS (ORDER BY id ROWS 29 PRECEDING));"
win_sql="SELECT sum(v) FROM (SELECT 100.0 * (sum(score >= 9) OVER w - sum(score <= 6) OVER w) / count(score) OVER w AS v FROM t WHERE id <= $win_rows WINDOW w AS (ORDER BY id ROWS 29 PRECEDING));"

# One shell session: load, warm the page cache, then interleave the
# queries REPS times with .timer; each query's result line is kept to check
# that both forms agree.
{
  printf '.load %s sqlite3_nps_init\n' "$module"
  echo "SELECT count(*) FROM t;"
  echo ".timer on"
  i=0
  while [ "$i" -lt "$reps" ]; do
    printf '%s\n%s\n%s\n%s\n' "$agg_nps" "$agg_sql" "$win_nps" "$win_sql"
    i=$((i + 1))
  done
} | "$sqlite3" -batch "$tmp/b.db" >"$tmp/out"

awk -v reps="$reps" -v rows="$rows" -v wrows="$win_rows" '
  /^Run Time:/ { t[n % 4, int(n / 4)] = $4; n++; next }
  NR > 1 && !/^Run Time:/ { r[m % 4] = $0; m++ }
  function median(q,   i, j, a, tmp) {
    for (i = 0; i < reps; i++) a[i] = t[q, i]
    for (i = 0; i < reps; i++) for (j = i + 1; j < reps; j++)
      if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return a[int(reps / 2)]
  }
  END {
    if (n != 4 * reps) { print "unexpected output" > "/dev/stderr"; exit 1 }
    printf "sqlite3 %d rows, %d repetitions (median seconds)\n", rows, reps
    printf "  aggregate  nps(score) %.4f   SQL expression %.4f   ratio %.2f  (results %s / %s)\n",
      median(0), median(1), median(1) / median(0), r[0], r[1]
    printf "  window(30) nps(score) %.4f   SQL expression %.4f   ratio %.2f  (%d rows)\n",
      median(2), median(3), median(3) / median(2), wrows
  }' "$tmp/out"
