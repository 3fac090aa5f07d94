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
