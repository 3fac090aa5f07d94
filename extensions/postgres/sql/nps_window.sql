-- nps as a window function: growing frames (plain transition, final
-- function called repeatedly on one state) and sliding frames (moving
-- aggregate with the inverse transition), checked against the same
-- computation written in plain SQL.
CREATE TABLE days AS
SELECT d AS day,
       CASE WHEN d % 17 = 0 THEN NULL ELSE (d * 7 + d / 3) % 11 END AS score
FROM generate_series(1, 1000) AS d;

-- Sliding 30-row frame.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE v IS NOT DISTINCT FROM expr
                        OR abs(v - expr) < 1e-9) AS equal
FROM (SELECT nps(score) OVER w AS v,
             100.0::float8 * (count(*) FILTER (WHERE score >= 9) OVER w
                              - count(*) FILTER (WHERE score <= 6) OVER w)
             / nullif(count(score) OVER w, 0) AS expr
      FROM days
      WINDOW w AS (ORDER BY day ROWS 29 PRECEDING)) x;

-- Growing frame (running NPS).
SELECT count(*) AS rows,
       count(*) FILTER (WHERE abs(v - expr) < 1e-9) AS equal
FROM (SELECT nps(score) OVER w AS v,
             100.0::float8 * (count(*) FILTER (WHERE score >= 9) OVER w
                              - count(*) FILTER (WHERE score <= 6) OVER w)
             / nullif(count(score) OVER w, 0) AS expr
      FROM days
      WINDOW w AS (ORDER BY day ROWS UNBOUNDED PRECEDING)) x;

-- A frame that moves both ends and can be empty of scores: rows 17 and 34
-- are NULL, so a 1-row frame on them gives NULL.
SELECT day, score, nps(score) OVER (ORDER BY day ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS v
FROM days WHERE day BETWEEN 15 AND 18 ORDER BY day;

-- Hand-checked 3-row frame over scores 10, 0, 8, 9, NULL:
-- {10} 100; {10,0} 0; {10,0,8} 0; {0,8,9} 0; {8,9} 50.
SELECT i, s, nps(s) OVER (ORDER BY i ROWS 2 PRECEDING) AS v
FROM (VALUES (1, 10), (2, 0), (3, 8), (4, 9), (5, NULL)) AS t(i, s) ORDER BY i;

-- Partitioned and with RANGE frames.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE v IS NOT DISTINCT FROM expr
                        OR abs(v - expr) < 1e-9) AS equal
FROM (SELECT nps(score) OVER w AS v,
             100.0::float8 * (count(*) FILTER (WHERE score >= 9) OVER w
                              - count(*) FILTER (WHERE score <= 6) OVER w)
             / nullif(count(score) OVER w, 0) AS expr
      FROM days
      WINDOW w AS (PARTITION BY day % 5 ORDER BY day RANGE BETWEEN 50 PRECEDING AND 10 FOLLOWING)) x;
