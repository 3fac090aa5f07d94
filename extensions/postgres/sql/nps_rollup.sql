-- Rollups: daily states stored in a table, merged into monthly NPS with an
-- interval, equal to aggregating the raw rows directly.
CREATE TABLE survey AS
SELECT date '2024-01-01' + (i % 91) AS day,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 13) % 11 END AS score
FROM generate_series(1, 30000) AS i;

CREATE TABLE nps_daily AS
SELECT day, nps_state(score) AS st FROM survey GROUP BY day;

-- Monthly from the daily states vs directly from the rows.
SELECT m.month, m.n, m.score = r.score AS same_score, m.st = r.st AS same_state,
       m.lo < m.score AND m.score < m.hi AS interval_contains_score
FROM (SELECT date_trunc('month', day)::date AS month, nps_merge(st) AS st,
             nps_total(nps_merge(st)) AS n, nps_score(nps_merge(st)) AS score,
             (nps_interval(nps_merge(st), 0.95, 'wald')).lo AS lo,
             (nps_interval(nps_merge(st), 0.95, 'wald')).hi AS hi
      FROM nps_daily GROUP BY 1) m
JOIN (SELECT date_trunc('month', day)::date AS month, nps(score) AS score,
             nps_state(score) AS st
      FROM survey GROUP BY 1) r USING (month)
ORDER BY month;

-- Rolling up twice (days -> months -> quarter) loses nothing.
SELECT nps_merge(st) = (SELECT nps_state(score) FROM survey) AS quarter_ok
FROM (SELECT nps_merge(st) AS st FROM nps_daily
      GROUP BY date_trunc('month', day)) months;

-- NULL states are skipped; all-NULL input gives NULL.
SELECT nps_total(nps_merge(st)) AS n
FROM (VALUES (NULL::bytea), ((SELECT nps_state(s) FROM generate_series(0, 10) s))) t(st);
SELECT nps_merge(st) IS NULL AS null_merge FROM (VALUES (NULL::bytea)) t(st);

-- Month over month, Wald: the difference is the difference of the two
-- scores, and the half-width z sqrt(se_a^2 + se_b^2) is the root sum of
-- squares of the two one-sample Wald margins z se.
SELECT abs((c).diff - (nps_score(jan) - nps_score(feb))) < 1e-9 AS diff_ok,
       abs(((c).hi - (c).lo) / 2
           - sqrt(nps_margin(jan, 0.95, 'wald') ^ 2 + nps_margin(feb, 0.95, 'wald') ^ 2)) < 1e-9
         AS width_ok,
       (c).p_value BETWEEN 0 AND 1 AS p_ok
FROM (SELECT jan, feb, nps_compare(jan, feb, 0.95, 'wald') AS c
      FROM (SELECT (SELECT nps_merge(st) FROM nps_daily WHERE day < '2024-02-01') AS jan,
                   (SELECT nps_merge(st) FROM nps_daily
                    WHERE day >= '2024-02-01' AND day < '2024-03-01') AS feb) x) y;
