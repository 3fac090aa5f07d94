-- Weighted NPS: nps_weighted, nps_weighted_state, nps_weighted_merge and
-- the readers of weighted states. Expected values are worked by hand in
-- the comments, or computed by plain SQL from the same rows.

-- Three answers: 10 weighing 1, 0 weighing 2, 8 weighing 3. W = 6,
-- promoters 1, detractors 2: NPS = 100 (1 - 2) / 6 = -16.666...;
-- n_eff = 6^2 / (1 + 4 + 9) = 36/14 = 2.5714...
CREATE TABLE w3(score integer, w double precision);
INSERT INTO w3 VALUES (10, 1), (0, 2), (8, 3);
SELECT round(nps_weighted(score, w)::numeric, 10) AS nps FROM w3;
SELECT nps_weighted_total(st) AS n,
       round(nps_weighted_effective_n(st)::numeric, 10) AS n_eff,
       round(nps_weighted_score(st)::numeric, 10) AS nps
FROM (SELECT nps_weighted_state(score, w) AS st FROM w3) s;
-- Standard error by hand: m = -50/3; x = +100, -100, 0;
-- Var = 3/2 * (1 (100 - m)^2 + 4 (-100 - m)^2 + 9 (0 - m)^2) / 36
--     = 3/2 * (13611.11 + 27777.78 + 2500) / 36 = 1828.7037; SE = 42.7634.
-- The same formula in plain SQL over the rows must agree.
WITH x AS (SELECT w, CASE WHEN score >= 9 THEN 100 WHEN score <= 6 THEN -100 ELSE 0 END::float8 AS x FROM w3),
     m AS (SELECT sum(w * x) / sum(w) AS m, sum(w) AS sw, count(*) AS n FROM x)
SELECT round(nps_weighted_stderr((SELECT nps_weighted_state(score, w) FROM w3))::numeric, 8) AS se,
       round(sqrt(m.n::float8 / (m.n - 1) * (SELECT sum(w * w * (x - m.m) ^ 2) FROM x) / m.sw ^ 2)::numeric, 8) AS se_sql
FROM m;
-- Wald interval = NPS -+ 1.959964 SE = -16.6667 -+ 83.8147, so
-- (-100.4814, 67.1480), the lower bound clamped to -100.
SELECT round(lo::numeric, 4) AS lo, round(hi::numeric, 4) AS hi
FROM nps_weighted_interval((SELECT nps_weighted_state(score, w) FROM w3), 0.95, 'wald');
SELECT nps_weighted_describe(nps_weighted_state(score, w)) FROM w3;

-- All weights 1: the unweighted answers. Same NPS (bit for bit), n_eff = n,
-- and the adjusted Wald and score intervals of nps_interval.
CREATE TABLE resp AS
SELECT i, i % 5 AS seg,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 7) % 11 END AS score
FROM generate_series(1, 5000) i;
SELECT nps_weighted(score, 1) = nps(score) AS same_nps,
       nps_weighted_effective_n(nps_weighted_state(score, 1)) = count(score) AS n_eff_is_n,
       nps_weighted_total(nps_weighted_state(score, 1)) = count(score) AS same_n
FROM resp;
SELECT abs(a.lo - b.lo) < 1e-9 AND abs(a.hi - b.hi) < 1e-9 AS adjusted_wald_same,
       abs(c.lo - d.lo) < 1e-9 AND abs(c.hi - d.hi) < 1e-9 AS score_same
FROM (SELECT nps_weighted_state(score, 1) AS ws, nps_state(score) AS s FROM resp) t,
     LATERAL nps_weighted_interval(ws) a, LATERAL nps_interval(s) b,
     LATERAL nps_weighted_interval(ws, 0.95, 'score') c, LATERAL nps_interval(s, 0.95, 'score') d;
-- Scaling every weight by the same factor changes nothing but the weights.
SELECT abs(nps_weighted(score, 1 + i % 3) - nps_weighted(score, 1000 * (1 + i % 3))) < 1e-12 AS scale_free
FROM resp;

-- Against the plain SQL expression, with non-integral weights.
SELECT abs(nps_weighted(score, 0.1 * (1 + i % 7))
           - 100 * (sum(0.1 * (1 + i % 7)) FILTER (WHERE score >= 9)
                    - sum(0.1 * (1 + i % 7)) FILTER (WHERE score <= 6))
             / sum(0.1 * (1 + i % 7)) FILTER (WHERE score IS NOT NULL)) < 1e-9 AS same_as_sql
FROM resp;

-- NULL score or NULL weight: the row is skipped. {(9, 2), (NULL, 5),
-- (3, NULL), (0, 1), (7, 1)}: W = 4, promoters 2, detractors 1 -> 25.
SELECT nps_weighted(s, w) AS nps, nps_weighted_total(nps_weighted_state(s, w)) AS n
FROM (VALUES (9, 2.0), (NULL, 5.0), (3, NULL), (0, 1.0), (7, 1.0)) t(s, w);
-- Only NULLs, or no rows: NULL, as avg().
SELECT nps_weighted(s, w) IS NULL AS nps_null, nps_weighted_state(s, w) IS NULL AS state_null
FROM (VALUES (NULL::int, 1.0), (9, NULL)) t(s, w);
SELECT nps_weighted(score, 1) IS NULL AS no_rows FROM resp WHERE false;
-- A state of one answer: no standard error (n - 1 = 0), no Wald interval,
-- but an adjusted Wald one.
SELECT nps_weighted_stderr(st) IS NULL AS se_null,
       nps_weighted_interval(st, 0.95, 'wald') IS NULL AS wald_null,
       (nps_weighted_interval(st)).lo IS NOT NULL AS adjusted_ok
FROM (SELECT nps_weighted_state(9, 2.5) AS st) s;

-- Any scale through four more arguments: 1-5, detractors 1-3, passives 4,
-- promoter 5. (5, 2), (4, 1), (1, 1): W = 4 -> 100 (2 - 1) / 4 = 25.
SELECT nps_weighted(s, w, 1, 5, 4, 5) AS nps,
       nps_weighted_describe(nps_weighted_state(s, w, 1, 5, 4, 5)) AS d
FROM (VALUES (5, 2), (4, 1), (1, 1)) t(s, w);

-- Rollups: per-segment states merged give the one-pass state. Weights are
-- multiples of 1/4, so every sum is exact and the bytes are equal.
CREATE TABLE seg_states AS
SELECT seg, nps_weighted_state(score, 0.25 * (1 + i % 4)) AS st FROM resp GROUP BY seg;
SELECT (SELECT nps_weighted_merge(st) FROM seg_states)
       = (SELECT nps_weighted_state(score, 0.25 * (1 + i % 4)) FROM resp) AS rollup_same,
       nps_weighted_merge(a.st, b.st) = (SELECT nps_weighted_merge(st) FROM seg_states WHERE seg IN (0, 1)) AS scalar_merge_same,
       nps_weighted_merge(a.st, NULL) = a.st AS merge_null,
       nps_weighted_merge(NULL::bytea, NULL) IS NULL AS merge_nulls
FROM seg_states a, seg_states b WHERE a.seg = 0 AND b.seg = 1;
SELECT nps_weighted_merge(st) IS NULL AS only_null_states FROM (VALUES (NULL::bytea)) t(st);
-- Non-dyadic weights: merge order moves the sums by at most an ulp or so.
SELECT abs(nps_weighted_score(m.st) - nps_weighted(score, 0.1 * (1 + i % 7))) < 1e-11 AS close
FROM resp, (SELECT nps_weighted_merge(st) AS st FROM
              (SELECT nps_weighted_state(score, 0.1 * (1 + i % 7)) AS st FROM resp GROUP BY seg) x) m
GROUP BY m.st;

-- Window (no moving mode: each frame is recomputed). Rows (10, 1), (0, 3),
-- (9, 1), (7, 2), frames of two rows: {10:1} 100, {10:1, 0:3} 100 (1 - 3)
-- / 4 = -50, {0:3, 9:1} -50, {9:1, 7:2} 100 / 3 = 33.3333.
SELECT i, round(nps_weighted(s, w) OVER (ORDER BY i ROWS 1 PRECEDING)::numeric, 4) AS v
FROM (VALUES (1, 10, 1), (2, 0, 3), (3, 9, 1), (4, 7, 2)) t(i, s, w) ORDER BY i;

-- Bad weights and scores: errors naming the function and the value.
SELECT nps_weighted(9, 0);
SELECT nps_weighted(9, -1.5);
SELECT nps_weighted(9, 'NaN');
SELECT nps_weighted_state(9, 'Infinity');
SELECT nps_weighted(9, 1e-200);
SELECT nps_weighted(11, 1);
SELECT nps_weighted(s, 1, 1, 5, 4, 5) FROM (VALUES (0)) t(s);
SELECT nps_weighted(s, 1, 1, 5, 6, 5) FROM (VALUES (3)) t(s);
-- Bad states: not weighted, corrupted, truncated, another scale.
SELECT nps_weighted_score(nps_state(9));
SELECT nps_weighted_score('\x00'::bytea);
SELECT nps_weighted_total(substr(nps_weighted_state(9, 1), 1, 20)) FROM (VALUES (1)) t;
SELECT nps_weighted_merge(set_byte(st, 30, 255)) FROM (SELECT nps_weighted_state(9, 1) AS st) t;
SELECT nps_weighted_merge(nps_weighted_state(9, 1), nps_weighted_state(5, 1, 1, 5, 4, 5));
SELECT nps_weighted_merge(st) FROM (SELECT nps_weighted_state(9, 1) UNION ALL SELECT nps_weighted_state(5, 1, 1, 5, 4, 5)) t(st);
-- In a window too, the error names the aggregate.
SELECT nps_weighted(s, w) OVER (ORDER BY i) FROM (VALUES (1, 9, 1.0), (2, 9, -1.0)) t(i, s, w);
-- Scores are integers (smallint is promoted; cast bigint and numeric);
-- any numeric weight is converted to double precision.
SELECT nps_weighted(s::smallint, w::numeric) AS nps FROM (VALUES (9, 3), (0, 1)) t(s, w);
SELECT nps_weighted_interval(nps_weighted_state(9, 1), 1.5);
SELECT nps_weighted_interval(nps_weighted_state(9, 1), 0.95, 'bayes');

-- Parallel plans: Partial Aggregate in workers, states through
-- nps_weighted_serialize / nps_weighted_deserialize, merged by
-- nps_weighted_combine. Weights are multiples of 1/4 (exact sums), so the
-- parallel state equals the serial one byte for byte.
CREATE TABLE wresp AS
SELECT i, CASE WHEN i % 1000 = 0 THEN NULL ELSE i % 11 END AS score,
       CASE WHEN i % 777 = 0 THEN NULL ELSE 0.25 * (1 + i % 8) END AS w
FROM generate_series(1, 200000) i;
ANALYZE wresp;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT nps_weighted(score, w), nps_weighted_state(score, w) FROM wresp;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT nps_weighted_state(score, w) FROM wresp;
CREATE TEMP TABLE wpar AS
SELECT nps_weighted(score, w) AS v, nps_weighted_state(score, w) AS st,
       nps_weighted_state(score, w, 0, 10, 5, 10) AS sc
FROM wresp;
CREATE TEMP TABLE wpar_grouped AS
SELECT i % 7 AS g, nps_weighted_state(score, w) AS st FROM wresp GROUP BY 1;
SET max_parallel_workers_per_gather = 0;
SELECT p.v = s.v AS same_nps, p.st = s.st AS same_state, p.sc = s.sc AS same_scale_state,
       abs(p.v - s.expr) < 1e-9 AS same_as_sql
FROM wpar p,
     (SELECT nps_weighted(score, w) AS v, nps_weighted_state(score, w) AS st,
             nps_weighted_state(score, w, 0, 10, 5, 10) AS sc,
             100 * (sum(w) FILTER (WHERE score >= 9) - sum(w) FILTER (WHERE score <= 6))
             / sum(w) FILTER (WHERE score IS NOT NULL) AS expr
      FROM wresp) s;
SELECT count(*) AS groups, count(*) FILTER (WHERE p.st = s.st) AS equal
FROM wpar_grouped p
JOIN (SELECT i % 7 AS g, nps_weighted_state(score, w) AS st FROM wresp GROUP BY 1) s USING (g);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- Tests against a benchmark and comparisons of two weighted samples.
-- With unit weights, adjusted Wald and score tests are nps_test's.
SELECT abs(nps_weighted_test(w, 20) - nps_test(n, 20)) < 1e-9 AS adjusted_wald_same,
       abs(nps_weighted_test(w, 20, 'score') - nps_test(n, 20, 'score')) < 1e-9 AS score_same
FROM (SELECT nps_weighted_state(score, 1) AS w, nps_state(score) AS n FROM resp) t;
-- Wald test by hand: z = (NPS - benchmark) / SE, p = 2 (1 - Phi(|z|)).
-- w3: NPS -16.6667, SE 42.7633; benchmark 50: z = -1.5590, p = 0.1190.
SELECT round(nps_weighted_test(nps_weighted_state(score, w), 50, 'wald')::numeric, 4) AS p FROM w3;
-- Wald comparison by hand: diff = NPS(a) - NPS(b), SE = sqrt(SE_a^2 + SE_b^2).
SELECT abs(c.diff - (nps_weighted_score(a) - nps_weighted_score(b))) < 1e-9 AS diff_ok,
       abs((c.hi - c.lo) / 2 - 1.959963984540054 * sqrt(nps_weighted_stderr(a) ^ 2 + nps_weighted_stderr(b) ^ 2)) < 1e-6 AS width_ok,
       c.p_value > 0 AND c.p_value < 1 AS p_ok
FROM (SELECT nps_weighted_state(score, 1 + i % 3) FILTER (WHERE seg = 0) AS a,
             nps_weighted_state(score, 1 + i % 3) FILTER (WHERE seg = 1) AS b FROM resp) t,
     nps_weighted_compare(a, b, 0.95, 'wald') c;
SELECT (nps_weighted_compare(nps_weighted_state(9, 1), nps_weighted_state(9, 1), 0.95, 'wald')) IS NULL AS too_small;
SELECT nps_weighted_compare(nps_weighted_state(9, 1), nps_weighted_state(0, 1), 0.95, 'score');
SELECT nps_weighted_test(nps_weighted_state(9, 1), 101);
