-- Parallel aggregation: Partial Aggregate in two workers, Finalize Aggregate
-- in the leader, states crossing processes through nps_serialize /
-- nps_deserialize and merged by nps_combine.

-- 200k deterministic rows: score = i % 11, NULL every 1000th row.
-- Of the 200000 rows, 200 are NULL; i % 11 over the rest gives the
-- exact counts checked against count(*) FILTER below.
CREATE TABLE responses AS
SELECT i, (i / 1000) AS day,
       CASE WHEN i % 1000 = 0 THEN NULL ELSE i % 11 END AS score
FROM generate_series(1, 200000) AS i;
ANALYZE responses;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF) SELECT nps(score) FROM responses;
EXPLAIN (COSTS OFF) SELECT nps_state(score) FROM responses;
EXPLAIN (COSTS OFF) SELECT day % 7, nps(score) FROM responses GROUP BY 1;
-- The workers really ran: three processes each produced one partial state.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT nps(score) FROM responses;

CREATE TEMP TABLE par AS
SELECT nps(score) AS v, nps_state(score) AS st FROM responses;
CREATE TEMP TABLE par_grouped AS
SELECT day % 7 AS g, nps(score) AS v, nps_state(score) AS st
FROM responses GROUP BY 1;

-- A state merged in parallel from per-day states.
CREATE TABLE daily AS SELECT day, nps_state(score) AS st FROM responses GROUP BY day;
ANALYZE daily;
EXPLAIN (COSTS OFF) SELECT nps_merge(st) FROM daily;
CREATE TEMP TABLE par_merge AS SELECT nps_merge(st) AS st FROM daily;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT nps(score) FROM responses;

-- The same numbers without parallelism, and the same state bytes (the
-- serialized form is canonical), and the same as the plain SQL expression.
SELECT p.v = s.v AS same_nps, p.st = s.st AS same_state,
       p.v = s.expr AS same_as_sql
FROM par p,
     (SELECT nps(score) AS v, nps_state(score) AS st,
             100.0::float8 * (count(*) FILTER (WHERE score >= 9)
                              - count(*) FILTER (WHERE score <= 6))
             / count(score) AS expr
      FROM responses) s;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE p.v = s.v AND p.st = s.st) AS equal
FROM par_grouped p
JOIN (SELECT day % 7 AS g, nps(score) AS v, nps_state(score) AS st
      FROM responses GROUP BY 1) s USING (g);
SELECT m.st = p.st AS merge_equals_direct FROM par_merge m, par p;
SELECT nps_total(st) AS n, nps_promoters(st) AS r, nps_passives(st) AS p,
       nps_detractors(st) AS d,
       nps_total(st) = (SELECT count(score) FROM responses) AS n_ok,
       nps_promoters(st) = (SELECT count(*) FROM responses WHERE score >= 9) AS r_ok,
       nps_detractors(st) = (SELECT count(*) FROM responses WHERE score <= 6) AS d_ok
FROM par;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- 1.1: the compact state through parallel workers for other score types
-- and another scale: the parallel plan gives the serial plan's states byte
-- for byte.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT nps_state(score::bigint), nps_state(score, 0, 10, 5, 10) FROM responses;
CREATE TEMP TABLE par11 AS
SELECT nps_state(score::bigint) AS b, nps_state(score::numeric) AS n,
       nps_state(score, 0, 10, 5, 10) AS sc, nps(score, 0, 10, 5, 10) AS v
FROM responses;
SET max_parallel_workers_per_gather = 0;
SELECT b = (SELECT nps_state(score) FROM responses) AS bigint_same,
       n = (SELECT nps_state(score) FROM responses) AS numeric_same,
       sc = (SELECT nps_state(score, 0, 10, 5, 10) FROM responses) AS scale_same,
       v = (SELECT nps(score, 0, 10, 5, 10) FROM responses) AS nps_same
FROM par11;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
