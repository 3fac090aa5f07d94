-- Bad input raises a clear ERROR naming the problem.
SELECT nps(s) FROM (VALUES (9), (11)) AS t(s);
SELECT nps(s) FROM (VALUES (-1)) AS t(s);
SELECT nps_state(s) FROM (VALUES (2147483647)) AS t(s);
SELECT nps(s) OVER (ORDER BY s ROWS 1 PRECEDING) FROM (VALUES (3), (12)) AS t(s);

-- Corrupted, truncated and foreign bytes are rejected, never misread.
CREATE TABLE good AS SELECT nps_state(s) AS st FROM generate_series(0, 10) AS s;
SELECT nps_score('\x00'::bytea);
SELECT nps_score(''::bytea);
SELECT nps_total(substr(st, 1, length(st) - 1)) FROM good;
SELECT nps_total(st || '\x00'::bytea) FROM good;
-- Flip one byte in the middle: the checksum catches it.
SELECT nps_total(set_byte(st, length(st) / 2, get_byte(st, length(st) / 2) # 1)) FROM good;
SELECT nps_merge(st) FROM (VALUES ('\xdeadbeef'::bytea)) AS t(st);

-- Bad parameters.
SELECT nps_interval(st, 1.0) FROM good;
SELECT nps_interval(st, 0) FROM good;
SELECT nps_interval(st, 'NaN') FROM good;
SELECT nps_interval(st, 0.95, 'bayes') FROM good;
SELECT nps_margin(st, -0.5) FROM good;
SELECT nps_test(st, 101) FROM good;
SELECT nps_compare(st, st, 0.95, 'score') FROM good;

