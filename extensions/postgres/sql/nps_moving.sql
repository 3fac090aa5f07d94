-- Moving-aggregate mode of nps_state and nps_merge: sliding frames match
-- recomputing each frame from scratch.
CREATE TABLE mv AS
SELECT g AS day, CASE WHEN g % 9 = 0 THEN NULL ELSE (g * 5) % 11 END AS score
FROM generate_series(1, 300) g;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE w IS NOT DISTINCT FROM r) AS equal
FROM (SELECT nps_state(score) OVER (ORDER BY day ROWS 6 PRECEDING) AS w,
             (SELECT nps_state(score) FROM mv d2 WHERE d2.day BETWEEN d1.day - 6 AND d1.day) AS r
      FROM mv d1) x;
-- A frame of only NULL scores gives NULL, not an empty state.
SELECT day, nps_state(score) OVER (ORDER BY day ROWS 1 PRECEDING) IS NULL AS is_null
FROM (VALUES (1, 5), (2, NULL), (3, NULL), (4, 9)) t(day, score) ORDER BY day;
-- nps_merge over daily states, 7-day sliding frame.
CREATE TABLE mv_daily AS SELECT day / 10 AS day, nps_state(score) AS st FROM mv GROUP BY 1;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE w IS NOT DISTINCT FROM r) AS equal
FROM (SELECT nps_merge(st) OVER (ORDER BY day ROWS 6 PRECEDING) AS w,
             (SELECT nps_merge(st) FROM mv_daily x2 WHERE x2.day BETWEEN x1.day - 6 AND x1.day) AS r
      FROM mv_daily x1) x;
-- Frames of only NULL states give NULL; an empty (non-NULL) state stays one;
-- a state of another scale no longer matters once it left the frame.
SELECT i, nps_total(nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING)) AS n,
       (nps_scale(nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING))).max AS max
FROM (VALUES (1, nps_state_from_counts(ARRAY[1,2,3,4,5], 1, 5, 4, 5)),
             (2, NULL), (3, NULL),
             (4, nps_state_from_counts(ARRAY[0,0,0,0,0,0,0,0,0,0,15])),
             (5, nps_empty_state()),
             (6, nps_state_from_counts(ARRAY[1,1,1,1,1,1,1,1,1,1,1]))) t(i, st)
ORDER BY i;
-- Two scales inside one frame is an error.
SELECT nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING)
FROM (VALUES (1, nps_empty_state(1, 5, 4, 5)), (2, nps_empty_state())) t(i, st);
-- bigint, numeric and any-scale nps as sliding windows.
SELECT count(*) FILTER (WHERE a IS NOT DISTINCT FROM b AND a IS NOT DISTINCT FROM c) AS equal,
       count(*) FILTER (WHERE e IS NOT DISTINCT FROM f) AS equal_scale
FROM (SELECT nps(score) OVER w AS a, nps(score::bigint) OVER w AS b, nps(score::numeric) OVER w AS c,
             nps(score, 0, 10, 5, 10) OVER w AS e,
             100.0::float8 * (count(*) FILTER (WHERE score >= 10) OVER w
                              - count(*) FILTER (WHERE score < 5) OVER w)
             / nullif(count(score) OVER w, 0) AS f
      FROM mv WINDOW w AS (ORDER BY day ROWS 4 PRECEDING)) x;
