-- nps(int), nps_state(int) and the functions of one state.
-- Expected values are worked by hand in the comments.

-- Scores 0..10 once each: promoters {9,10} = 2, detractors {0..6} = 7, n = 11,
-- NPS = 100 * (2 - 7) / 11 = -45.4545...
SELECT round(nps(s)::numeric, 4) AS nps FROM generate_series(0, 10) AS s;

-- NULL scores are ignored: {9, NULL, 3} is one promoter and one detractor,
-- NPS = 0 over n = 2.
SELECT nps(s) AS nps, nps_total(nps_state(s)) AS n
FROM (VALUES (9), (NULL), (3)) AS t(s);

-- No rows, or only NULLs: NULL (like avg).
SELECT nps(s) IS NULL AS no_rows, nps_state(s) IS NULL AS no_state
FROM (SELECT 1 WHERE false) AS t(s);
SELECT nps(s) IS NULL AS only_nulls, nps_state(s) IS NULL AS no_state
FROM (VALUES (NULL::int), (NULL)) AS t(s);

-- smallint columns work through the implicit cast.
SELECT nps(s::smallint) AS nps FROM (VALUES (10), (10), (0), (8)) AS t(s);

-- Category counts of the 0..10 state: 7 detractors, 2 passives, 2 promoters.
SELECT nps_detractors(st) AS d, nps_passives(st) AS p, nps_promoters(st) AS r,
       nps_total(st) AS n, round(nps_score(st)::numeric, 4) AS score
FROM (SELECT nps_state(s) AS st FROM generate_series(0, 10) AS s) AS x;

-- Grouped (sorted and hashed) aggregation gives the same per-group values.
-- Group g = s % 3 over 0..10: g0 {0,3,6,9} -> (1-3)/4 = -50;
-- g1 {1,4,7,10} -> (1-2)/4 = -25; g2 {2,5,8} -> (0-2)/3 = -66.67.
SET enable_hashagg = off;
SELECT s % 3 AS g, round(nps(s)::numeric, 2) AS nps
FROM generate_series(0, 10) AS s GROUP BY 1 ORDER BY 1;
SET enable_hashagg = on;
SET enable_sort = off;
SELECT s % 3 AS g, round(nps(s)::numeric, 2) AS nps
FROM generate_series(0, 10) AS s GROUP BY 1 ORDER BY 1;
RESET enable_sort;

-- The reference sample A: 6 promoters, 2 passives, 2 detractors (n = 10,
-- NPS = 40). Per-answer variance 10^4 ((.6 + .2) - (.6 - .2)^2) = 6400,
-- Wald SE = sqrt(6400 / 10) = 25.2982, z(0.975) = 1.959964:
-- Wald 95%: 40 -+ 49.5836 = [-9.5836, 89.5836].
-- Adjusted Wald adds 3/4 detractor, 3/2 passive, 3/4 promoter: n = 13,
-- pR = 6.75/13, pD = 2.75/13, estimate 30.7692, SE 22.1202,
-- 95%: [-12.5856, 74.1240] (margin 1.959964 * 22.1202 = 43.3548).
-- 90% Wald: z = 1.644854 -> 40 -+ 41.6119.
CREATE TABLE sample_a AS
SELECT nps_state(s) AS st FROM (VALUES (9),(9),(10),(10),(9),(10),(7),(8),(0),(6)) AS t(s);
SELECT round(lo::numeric, 4) AS lo, round(hi::numeric, 4) AS hi
FROM sample_a, nps_interval(st, 0.95, 'wald');
SELECT round(lo::numeric, 4) AS lo, round(hi::numeric, 4) AS hi
FROM sample_a, nps_interval(st);
SELECT round(nps_margin(st, 0.95, 'wald')::numeric, 4) AS m95,
       round(nps_margin(st, 0.90, 'wald')::numeric, 4) AS m90,
       round(nps_margin(st)::numeric, 4) AS m_adjusted
FROM sample_a;
-- Method names are case-insensitive.
SELECT round((nps_interval(st, 0.95, 'WALD')).lo::numeric, 4) AS lo FROM sample_a;

-- The score interval contains the estimate and stays within [-100, 100].
SELECT lo > -100 AND lo < 40 AND hi > 40 AND hi < 100 AS sane
FROM sample_a, nps_interval(st, 0.95, 'score');

-- Test of H0: NPS = 0 for A, Wald: z = 40 / 25.2982 = 1.58114,
-- p = 2 (1 - Phi(1.58114)) = 0.11385.
SELECT round(nps_test(st, 0, 'wald')::numeric, 5) AS p FROM sample_a;

-- B is A mirrored (2 promoters, 2 passives, 6 detractors, NPS -40).
-- Wald: diff 80, SE sqrt(640 + 640) = 35.7771, 95% [9.8782, 150.1218],
-- p = 2 (1 - Phi(2.23607)) = 0.02535.
-- Adjusted Wald: diff 2 * 30.7692 = 61.5385, SE sqrt(2) * 22.1202 = 31.2826,
-- 95% [0.2255, 122.8514], p = 2 (1 - Phi(1.96720)) = 0.04916.
CREATE TABLE sample_b AS
SELECT nps_state(s) AS st FROM (VALUES (9),(10),(7),(8),(0),(1),(2),(3),(4),(5)) AS t(s);
SELECT round(diff::numeric, 4) AS diff, round(lo::numeric, 4) AS lo,
       round(hi::numeric, 4) AS hi, round(p_value::numeric, 5) AS p
FROM sample_a a, sample_b b, nps_compare(a.st, b.st, 0.95, 'wald');
SELECT round(diff::numeric, 4) AS diff, round(lo::numeric, 4) AS lo,
       round(hi::numeric, 4) AS hi, round(p_value::numeric, 5) AS p
FROM sample_a a, sample_b b, nps_compare(a.st, b.st);

-- Functions of a NULL state are NULL (STRICT).
SELECT nps_score(NULL) IS NULL AS s, nps_total(NULL) IS NULL AS n,
       nps_interval(NULL) IS NULL AS i, nps_compare(NULL, NULL) IS NULL AS c;
