-- Run by shell_test.sh through the sqlite3 shell after `.load`.
-- Expected values are worked by hand (see shell.expected and the comments).
.headers off
.mode list
-- 0..10 once each: 100 (2 - 7) / 11 = -45.4545
WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < 10)
SELECT printf('%.4f', nps(x)) FROM c;
-- {9, NULL, 3}: 0 over 2 answers
WITH t(s) AS (VALUES (9), (NULL), (3)) SELECT nps(s), nps_total(nps_state(s)) FROM t;
-- Sample A (6 promoters, 2 passives, 2 detractors): Wald 40 -+ 49.5836
CREATE TABLE a(s);
INSERT INTO a VALUES (9),(9),(10),(10),(9),(10),(7),(8),(0),(6);
SELECT nps_promoters(st), nps_passives(st), nps_detractors(st), nps_score(st),
       printf('%.4f', nps_interval_lo(st, 0.95, 'wald')),
       printf('%.4f', nps_interval_hi(st, 0.95, 'wald')),
       printf('%.4f', json_extract(nps_interval(st), '$[0]'))
FROM (SELECT nps_state(s) AS st FROM a);
-- Sliding window by hand: 10, 0, 8, 9, NULL over 3 rows -> 100, 0, 0, 0, 50
WITH t(i, s) AS (VALUES (1, 10), (2, 0), (3, 8), (4, 9), (5, NULL))
SELECT group_concat(v, ',') FROM (SELECT nps(s) OVER (ORDER BY i ROWS 2 PRECEDING) AS v FROM t ORDER BY i);
-- Rollup: two daily states merged = one state of all rows
CREATE TABLE daily AS SELECT 1 AS d, nps_state(s) AS st FROM a UNION ALL SELECT 2, nps_state(3);
SELECT nps_total(nps_merge(st)), nps_merge(st) = (SELECT nps_state(s) FROM (SELECT s FROM a UNION ALL SELECT 3)) FROM daily;
-- A bad score stops the statement with a message naming it.
SELECT nps(s) FROM (SELECT 9 AS s UNION ALL SELECT 11);
SELECT 'still running';
-- 1.1: nps_merge as a sliding window forgets departed states. Row 1 is a
-- state on the 1-10 scale (15 answers of 10, made by libnps); rows 2-3 are
-- NULL; row 4 holds two 10s, row 5 one 0. Frames of two rows:
-- {1} 15, {1,2} 15, {2,3} NULL (only NULL states), {3,4} 2, {4,5} 3: the
-- 1-10 state no longer matters once it left.
CREATE TABLE w(i, st);
INSERT INTO w VALUES (1, x'4e50534101010a07090000000000000000000ff0b58d2e'), (2, NULL), (3, NULL);
INSERT INTO w SELECT 4, nps_state(s) FROM (SELECT 10 AS s UNION ALL SELECT 10);
INSERT INTO w SELECT 5, nps_state(0);
SELECT i, nps_total(nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING)) FROM w ORDER BY i;
-- Two scales inside one frame (rows 1 and 4) is an error: 15, 15, 15, error.
SELECT nps_total(nps_merge(st) OVER (ORDER BY i ROWS 3 PRECEDING)) FROM w;
-- NULL in any argument gives NULL: 1|1|1|1|1|1
SELECT nps_interval(nps_state(9), NULL) IS NULL, nps_margin(nps_state(9), NULL) IS NULL,
       nps_test(nps_state(9), 0, NULL) IS NULL, nps_compare(nps_state(9), nps_state(0), NULL) IS NULL,
       nps_test(NULL, 500) IS NULL, nps_interval_lo(nps_state(9), 0.95, NULL) IS NULL;
-- Scores as text, as `.import --csv` stores them: '9', '10', ' 7' and '3'
-- are numbers, '' is an unanswered cell (skipped): 2 promoters, 1 detractor
-- of 4 answers = 25.
CREATE TABLE csv(s TEXT);
INSERT INTO csv VALUES ('9'), ('10'), (''), ('3'), (' 7'), (NULL);
SELECT nps(s), nps_total(nps_state(s)), nps_passives(nps_state(s)) FROM csv;
SELECT group_concat(v, ',') FROM (SELECT nps(s) OVER (ORDER BY rowid ROWS 1 PRECEDING) AS v FROM csv ORDER BY rowid);
SELECT nps('9.5');
SELECT nps_state('nine');
-- Errors name the function called.
SELECT nps_promoters(x'00');
SELECT nps_detractors('text');
-- A count above 2^63 - 1 (2^63 promoters and 5 detractors, made by libnps)
-- is an error, as in PostgreSQL; the detractors still read.
SELECT nps_detractors(x'4e50534101000a07090500000000000000000080808080808080808001ae893095');
SELECT nps_promoters(x'4e50534101000a07090500000000000000000080808080808080808001ae893095');
SELECT nps_total(x'4e50534101000a07090500000000000000000080808080808080808001ae893095');
SELECT 'done';
-- 1.1: weighted NPS. 10 weighing 1, 0 weighing 2, 8 weighing 3: W = 6,
-- 100 (1 - 2) / 6 = -16.6667; n_eff = 36 / 14 = 2.5714; Taylor SE by hand
-- sqrt(3/2 (1 (100 + 50/3)^2 + 4 (-100 + 50/3)^2 + 9 (50/3)^2) / 36) = 42.7633.
CREATE TABLE wt(i, s, w);
INSERT INTO wt VALUES (1, 10, 1), (2, 0, 2), (3, 8, 3);
SELECT printf('%.4f', nps_weighted(s, w)), nps_weighted_total(st), printf('%.4f', nps_weighted_effective_n(st)),
       printf('%.4f', nps_weighted_stderr(st)), printf('%.4f', nps_weighted_score(st))
FROM wt, (SELECT nps_weighted_state(s, w) AS st FROM wt);
-- Wald: -16.6667 -+ 1.96 * 42.7633 = (-100.48 clamped to -100, 67.1480).
SELECT printf('%.4f', nps_weighted_interval_lo(st, 0.95, 'wald')), printf('%.4f', nps_weighted_interval_hi(st, 0.95, 'wald')),
       json_array_length(nps_weighted_interval(st))
FROM (SELECT nps_weighted_state(s, w) AS st FROM wt);
-- Growing frames work: running NPS 100, 100 (1 - 2) / 3 = -33.3333, -16.6667.
SELECT group_concat(printf('%.4f', v), ',') FROM (SELECT nps_weighted(s, w) OVER (ORDER BY i) AS v FROM wt ORDER BY i);
-- Sliding frames are refused: weighted sums cannot be un-added exactly.
SELECT count(v) FROM (SELECT nps_weighted(s, w) OVER (ORDER BY i ROWS 1 PRECEDING) AS v FROM wt);
-- NULL or '' in the score or the weight skips the row; numeric text is
-- read like SQLite's own functions: (9, '2.5'), (0, ' 0.5 '): 100 (2.5 - 0.5) / 3.
CREATE TABLE wcsv(s TEXT, w TEXT);
INSERT INTO wcsv VALUES ('9', '2.5'), ('', '1'), ('3', ''), (NULL, '4'), ('0', ' 0.5 '), ('10', NULL);
SELECT printf('%.4f', nps_weighted(s, w)), nps_weighted_total(nps_weighted_state(s, w)) FROM wcsv;
-- Bad weights name the function and the value.
SELECT nps_weighted(9, 0);
SELECT nps_weighted_state(9, -2);
SELECT nps_weighted(9, 9e999);
SELECT nps_weighted(9, 1e-200);
SELECT nps_weighted(9, 'heavy');
SELECT nps_weighted(11, 1);
-- Rollup of weighted states; an unweighted state is refused.
SELECT nps_weighted_merge(st) = (SELECT nps_weighted_state(s, w) FROM wt),
       nps_weighted_total(nps_weighted_merge(st))
FROM (SELECT nps_weighted_state(s, w) AS st FROM wt WHERE i < 3 UNION ALL SELECT nps_weighted_state(s, w) FROM wt WHERE i = 3);
SELECT nps_weighted_score(nps_state(9));
SELECT nps_weighted_total('text');
SELECT 'weighted done';
-- Inference across periods and groups. Five monthly periods of ten answers.
CREATE TABLE months(m, s);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
INSERT INTO months SELECT i / 10, CASE WHEN i % 10 < 3 - (i / 10) / 2 THEN 0 WHEN i % 10 < 6 THEN 8 ELSE 10 END FROM n;
CREATE TABLE mstates AS SELECT m, nps_state(s) AS st FROM months GROUP BY m;
SELECT m, nps_score(st) FROM mstates ORDER BY m;
SELECT json_extract(t, '$.periods'), json_extract(t, '$.answers'), round(json_extract(t, '$.df'), 6),
       json_extract(t, '$.slope') > 0, json_extract(t, '$.p_value') BETWEEN 0 AND 1
FROM (SELECT nps_trend(st, m) AS t FROM mstates);
SELECT round(json_extract(nps_trend(st, m, 'answers'), '$.df'), 6) FROM mstates;
SELECT json_extract(nps_heterogeneity(st), '$.groups'), round(json_extract(nps_heterogeneity(st), '$.df'), 6) FROM mstates;
SELECT nps_trend(st, m) IS NULL FROM mstates WHERE m < 2;
SELECT nps_trend(st, m, 'linear') FROM mstates;
SELECT json_extract(nps_compare_score(a.st, b.st), '$.diff'), nps_score(a.st) - nps_score(b.st)
FROM mstates a, mstates b WHERE a.m = 4 AND b.m = 0;
SELECT nps_sample_size(5, 0.95, 'wald', 0.5, 0.2), nps_sample_size(5, 0.95, 'wald');
SELECT nps_interval(nps_state(9), 0.95, 'exact');
-- Adjusted p-values as window functions (SQLite has no arrays): Holm and
-- Benjamini-Hochberg over a column, as R's
-- p.adjust(c(0.04, 0.001, 0.03, 0.2, 0.012), "holm") = 0.09 0.005 0.09 0.2 0.048
-- and "BH" = 0.05 0.005 0.05 0.2 0.03.
CREATE TABLE pv(seg, p);
INSERT INTO pv VALUES ('a', 0.04), ('b', 0.001), ('c', 0.03), ('d', 0.2), ('e', 0.012);
SELECT seg, printf('%.4f', min(1, max(k) OVER (ORDER BY p, seg ROWS UNBOUNDED PRECEDING))) AS holm
FROM (SELECT seg, p, (count(*) OVER () - row_number() OVER (ORDER BY p, seg) + 1) * p AS k FROM pv) ORDER BY seg;
SELECT seg, printf('%.4f', min(1, min(k) OVER (ORDER BY p DESC, seg DESC ROWS UNBOUNDED PRECEDING))) AS bh
FROM (SELECT seg, p, count(*) OVER () * p / row_number() OVER (ORDER BY p, seg) AS k FROM pv) ORDER BY seg;
SELECT 'inference done';
