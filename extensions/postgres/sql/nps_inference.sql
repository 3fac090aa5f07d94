-- Inference across periods and groups: nps_p_adjust, nps_trend,
-- nps_heterogeneity, nps_compare_score, nps_sample_size, and the method
-- names every function accepts. Expected values are worked by hand, taken
-- from R (printed in the comments, with the R call), or computed by plain
-- SQL from the same rows.

-- p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") in R:
--   0.05 0.08 0.09 0.09 0.09 (sorted: 5 p1, max(., 4 p2), max(., 3 p3), ...)
-- and "BH": 0.05 0.05 0.05 0.05 0.05 (min over j >= i of 5 p_j / j).
SELECT nps_p_adjust(ARRAY[0.01, 0.02, 0.03, 0.04, 0.05]) AS holm,
       nps_p_adjust(ARRAY[0.01, 0.02, 0.03, 0.04, 0.05], 'BH') AS bh,
       nps_p_adjust(ARRAY[0.01, 0.02, 0.03, 0.04, 0.05], 'none') AS none;
-- Unsorted input with a NULL, which stays NULL and does not count (R's NA):
-- p.adjust(c(0.04, NA, 0.001, 0.03, 0.2, 0.012), "holm") =
--   0.090 NA 0.005 0.090 0.200 0.048; "BH" = 0.050 NA 0.005 0.050 0.200 0.030.
SELECT array(SELECT round(v::numeric, 12) FROM unnest(nps_p_adjust(ARRAY[0.04, NULL, 0.001, 0.03, 0.2, 0.012], 'holm')) v) AS holm,
       array(SELECT round(v::numeric, 12) FROM unnest(nps_p_adjust(ARRAY[0.04, NULL, 0.001, 0.03, 0.2, 0.012], 'bh')) v) AS bh;
-- Empty and one-element arrays; the shape is kept.
SELECT nps_p_adjust('{}'::float8[]) AS empty, nps_p_adjust(ARRAY[0.3]) AS one,
       nps_p_adjust('{{0.01,0.02},{0.03,0.04}}'::float8[], 'none') AS two_d;
-- The window-function-friendly form: adjust a column with array_agg and
-- unnest WITH ORDINALITY.
WITH t(seg, p) AS (VALUES ('a', 0.04), ('b', 0.001), ('c', 0.03)),
     a AS (SELECT array_agg(seg ORDER BY seg) AS segs,
                  nps_p_adjust(array_agg(p ORDER BY seg)) AS adj FROM t)
SELECT u.seg, round(u.p_holm::numeric, 6) AS p_holm
FROM a, unnest(a.segs, a.adj) AS u(seg, p_holm) ORDER BY u.seg;
SELECT nps_p_adjust(ARRAY[0.5], 'bonferroni');
SELECT nps_p_adjust(ARRAY[1.5]);
SELECT nps_p_adjust(ARRAY['NaN'::float8]);

-- Two series of five periods on a three-point scale (0 detractor, 1
-- passive, 2 promoter): counts (detractors, passives, promoters).
CREATE TABLE periods(series text, x double precision, st bytea);
INSERT INTO periods
SELECT s, x, nps_state_from_counts(ARRAY[d, p, r]::bigint[], 0, 2, 1, 2)
FROM (VALUES ('a', 0, 30, 40, 30), ('a', 1, 25, 40, 35), ('a', 2, 28, 30, 42),
             ('a', 3, 20, 35, 45), ('a', 4, 22, 28, 50),
             ('b', 0, 40, 30, 30), ('b', 1, 20, 30, 50), ('b', 2, 45, 30, 25),
             ('b', 3, 15, 30, 55), ('b', 5, 30, 25, 45)) v(s, x, d, p, r);
-- Random effects, against R: with y = 100 (R - D) / n and
-- v = 10^4 ((pR + pD) - (pR - pD)^2) / n, pR = (R + 3/4) / (n + 3),
-- pD = (D + 3/4) / (n + 3),
--   metafor::rma(y, v, mods = ~x, method = "DL", test = "knha")
-- a: slope 7.1245078486, se 0.7115072645, p 0.0021201506, tau 0,
--    QE 0.2483464075, QEp 0.9694311287
-- b: slope 4.3390843788, se 7.2985038140, p 0.5940206655, tau 27.0224409074,
--    QE 38.0602898285, QEp 0.0000000274
SELECT series, round((t).slope::numeric, 8) AS slope, round((t).se::numeric, 8) AS se,
       round((t).p_value::numeric, 8) AS p_value, round((t).df::numeric, 6) AS df, round((t).tau::numeric, 8) AS tau,
       round((t).q::numeric, 8) AS q, round((t).q_p_value::numeric, 10) AS q_p_value,
       (t).periods, (t).answers
FROM (SELECT series, nps_trend(st, x) AS t FROM periods GROUP BY series) s ORDER BY series;
SELECT series, round((t).slope::numeric, 8) AS slope, round((t).p_value::numeric, 8) AS p_value
FROM (SELECT series, nps_trend(st, x, 'random_effects') AS t FROM periods GROUP BY series) s ORDER BY series;
-- Every answer independent (method 'answers'), against lm(value ~ x) in R
-- (a: slope 7.1, se 2.4953812756, p 0.0046203791; b: slope 4.3243243243,
-- se 2.1672398791, p 0.0465529842) and against PostgreSQL's own regression
-- aggregates over the answers themselves: b looks significant only when
-- its periods' differences are taken for sampling noise.
SELECT series, round((t).slope::numeric, 8) AS slope, round((t).se::numeric, 8) AS se,
       round((t).p_value::numeric, 8) AS p_value, round((t).df::numeric, 6) AS df, (t).tau, (t).periods, (t).answers
FROM (SELECT series, nps_trend(st, x, 'ANSWERS') AS t FROM periods GROUP BY series) s ORDER BY series;
WITH answers AS (
  SELECT series, x, (k - 1) * 100.0 AS value
  FROM periods, generate_subscripts(nps_counts(st), 1) k, generate_series(1, (nps_counts(st))[k]))
SELECT series, round(regr_slope(value, x)::numeric, 8) AS slope,
       round(sqrt((regr_syy(value, x) - regr_sxy(value, x) ^ 2 / regr_sxx(value, x))
                  / (regr_count(value, x) - 2) / regr_sxx(value, x))::numeric, 8) AS se
FROM answers GROUP BY series ORDER BY series;
-- Rows with a NULL state or position are skipped; below three non-empty
-- periods there is no verdict (NULL), and no rows give NULL.
SELECT nps_trend(st, x) IS NULL AS two_periods FROM periods WHERE series = 'a' AND x < 2;
SELECT (nps_trend(st, x)).periods FROM (SELECT st, x FROM periods WHERE series = 'a'
  UNION ALL SELECT NULL, 7 UNION ALL SELECT st, NULL FROM periods WHERE series = 'a' AND x = 0) s;
SELECT (nps_trend(st, x)).periods FROM (SELECT st, x FROM periods WHERE series = 'a'
  UNION ALL SELECT nps_empty_state(0, 2, 1, 2), 9) s;
SELECT nps_trend(st, x) IS NULL AS no_rows FROM periods WHERE false;
SELECT nps_trend(st, 1) FROM periods;
SELECT nps_trend(st, x, 'ols') FROM periods;
SELECT nps_trend(st, x, CASE WHEN x < 2 THEN 'answers' ELSE 'random_effects' END) FROM periods;
SELECT nps_trend(st, 'Infinity') FROM periods;
SELECT nps_trend(st, x) FROM (SELECT st, x FROM periods UNION ALL SELECT nps_empty_state(), 8) s;

-- Omnibus test: statistic = sum w (y - ybar_w)^2 with w = 1 / v (v as
-- above), chi-square on groups - 1 df. R: rma(y, v, method = "FE")$QE:
-- a 8.5485298079 (p 0.0734297884); b 42.5133965605 (p 0.0000000131).
SELECT series, round((h).statistic::numeric, 8) AS statistic, round((h).df::numeric, 6) AS df,
       round((h).p_value::numeric, 10) AS p_value, (h).groups
FROM (SELECT series, nps_heterogeneity(st) AS h FROM periods GROUP BY series) s ORDER BY series;
-- The same statistic in plain SQL from the counts.
WITH c AS (SELECT series, (nps_counts(st))[1] AS d, (nps_counts(st))[3] AS r, nps_total(st) AS n FROM periods),
     y AS (SELECT series, 100.0 * (r - d) / n AS y,
                  n / (1e4 * (((r + 0.75) + (d + 0.75)) / (n + 3.0) - (((r + 0.75) - (d + 0.75)) / (n + 3.0)) ^ 2)) AS w
           FROM c)
SELECT series, round(sum(w * (y - ybar) ^ 2)::numeric, 8) AS statistic
FROM (SELECT *, sum(w * y) OVER (PARTITION BY series) / sum(w) OVER (PARTITION BY series) AS ybar FROM y) z
GROUP BY series ORDER BY series;
SELECT nps_heterogeneity(st) IS NULL AS one_group FROM periods WHERE series = 'a' AND x = 0;
SELECT (nps_heterogeneity(st)).groups FROM (SELECT st FROM periods WHERE series = 'a' AND x < 2
  UNION ALL SELECT NULL UNION ALL SELECT nps_empty_state(0, 2, 1, 2)) s;
SELECT nps_heterogeneity(st) FROM (SELECT st FROM periods UNION ALL SELECT nps_state(9)) s;

-- nps_compare_score: the raw difference with a MOVER interval from each
-- state's score limits (nps_interval(..., 'score')), recomputed here:
--   lo = d - sqrt((ta - la)^2 + (ub - tb)^2), hi = d + sqrt((ua - ta)^2 + (tb - lb)^2).
WITH s AS (SELECT (SELECT st FROM periods WHERE series = 'a' AND x = 4) AS a,
                  (SELECT st FROM periods WHERE series = 'a' AND x = 0) AS b),
     l AS (SELECT nps_score(a) AS ta, nps_score(b) AS tb, (nps_interval(a, 0.95, 'score')).*,
                  (nps_interval(b, 0.95, 'score')).lo AS lb, (nps_interval(b, 0.95, 'score')).hi AS ub FROM s)
SELECT round(c.diff::numeric, 8) AS diff, round(c.lo::numeric, 8) AS lo, round(c.hi::numeric, 8) AS hi,
       round((ta - tb - sqrt((ta - l.lo) ^ 2 + (ub - tb) ^ 2))::numeric, 8) AS lo_sql,
       round((ta - tb + sqrt((l.hi - ta) ^ 2 + (tb - lb) ^ 2))::numeric, 8) AS hi_sql,
       c.p_value < 0.05 AS significant
FROM s, l, nps_compare_score(s.a, s.b) c;
-- One promoter against one detractor: the raw difference is 200 points
-- and stays inside its interval; nps_compare's diff is the adjusted-Wald
-- difference (pseudo-answers added), not the raw one: a gets 3/4
-- detractor, 3/2 passive, 3/4 promoter, so 100 (1.75 - 0.75) / 4 = 25,
-- b -25, diff 50.
WITH s AS (SELECT nps_state_from_counts(ARRAY[0,0,1]::bigint[], 0, 2, 1, 2) AS a,
                  nps_state_from_counts(ARRAY[1,0,0]::bigint[], 0, 2, 1, 2) AS b)
SELECT c.diff AS raw_diff, c.lo <= c.diff AND c.diff <= c.hi AS contains, c.hi <= 200 AS bounded,
       round((nps_compare(s.a, s.b)).diff::numeric, 4) AS adjusted_diff
FROM s, nps_compare_score(s.a, s.b) c;
-- Equal samples: difference 0, p-value 1; level 0.99 widens the interval.
SELECT diff, p_value FROM nps_compare_score(nps_state_from_counts(ARRAY[1,2,3]::bigint[], 0, 2, 1, 2),
                                            nps_state_from_counts(ARRAY[1,2,3]::bigint[], 0, 2, 1, 2));
SELECT (SELECT hi - lo FROM nps_compare_score(a.st, b.st, 0.99)) > (SELECT hi - lo FROM nps_compare_score(a.st, b.st)) AS wider
FROM periods a, periods b WHERE a.series = 'b' AND a.x = 0 AND b.series = 'b' AND b.x = 1;
SELECT nps_compare_score(nps_empty_state(), nps_state(9)) IS NULL AS empty;
SELECT nps_compare_score(nps_state(9), nps_state(9), 1.5);
SELECT nps_compare_score(nps_state(9), nps_empty_state(0, 2, 1, 2));

-- nps_sample_size: Wald with known shares is n = z^2 var / margin^2,
-- var = 10^4 ((pR + pD) - (pR - pD)^2): pR 0.5, pD 0.2, margin 5 ->
-- 3.8414588 * 6100 / 25 = 937.3 -> 938, as nps_sample_size() of 1.0;
-- both shares unknown take 0.5 / 0.5: 3.8414588 * 10000 / 25 -> 1537.
SELECT nps_sample_size(5, 0.95, 'wald', 0.5, 0.2) AS wald_known,
       nps_sample_size(5, 0.95, 'wald') AS wald_unknown,
       nps_sample_size(5, method => 'wald', promoter_share => 0.5) AS wald_one_unknown;
-- Adjusted Wald and score report a margin from n + 3 pseudo-answers or the
-- score limits, so they need about as many (never fewer than 1).
SELECT nps_sample_size(5) AS aw_default, nps_sample_size(5, 0.95, 'adjusted_wald', 0.5, 0.2) AS aw_known,
       nps_sample_size(5, 0.95, 'score', 0.5, 0.2) AS score_known,
       nps_sample_size(200, 0.5, 'wald', 0, 0) AS at_least_one;
SELECT nps_sample_size(NULL) IS NULL AS null_margin;
SELECT nps_sample_size(5, 0.95, 'score');
SELECT nps_sample_size(0);
SELECT nps_sample_size(5, 0.95, 'wald', 0.7, 0.5);
SELECT nps_sample_size(5, 0.95, 'bayes');

-- nps_alerts: three identical periods (30 detractors, 40 passives, 30
-- promoters: NPS 0), then NPS 50 (10, 30, 60), then NPS 0 again; window 3.
-- Periods 1-3 have fewer than 3 baseline periods: undecided. Period 4:
-- center 0, s^2 = 10^4 (0.6 - 0) = 6000, identical baseline z's so
-- sigma_z = 1, sd = sqrt(6000 (1/100 + 1/300)) = sqrt(80) = 8.944272:
-- limits -+26.832816, z = 50 / 8.944272 = 5.590170: high. Period 5:
-- baseline 2-4 pooled (70, 110, 120): center 16.666667, s^2 = 10^4 (0.633333
-- - 0.027778) = 6055.5556; z_j = -2.141816, -2.141816, 4.283632 (sd_j =
-- sqrt(s^2 / 100)); mean moving range 3.212689 / d2 (2 / sqrt(pi) =
-- 1.128379): sigma_z = 2.847134; sd = sqrt(6055.5556 (1/100 + 1/300)) =
-- 8.985585, half-width 3 * 2.847134 * 8.985585 = 76.7495: (-60.083,
-- 93.416); z = -16.666667 / (2.847134 * 8.985585) = -0.651470: none.
CREATE TABLE alert_periods AS
SELECT p, nps_state_from_counts(ARRAY[d, m, r]::bigint[], 0, 2, 1, 2) AS st
FROM (VALUES (1, 30, 40, 30), (2, 30, 40, 30), (3, 30, 40, 30), (4, 10, 30, 60), (5, 30, 40, 30)) v(p, d, m, r);
SELECT period, kind, round(z::numeric, 6) AS z, round(center::numeric, 6) AS center,
       round(lo::numeric, 3) AS lo, round(hi::numeric, 3) AS hi, round(sigma_z::numeric, 6) AS sigma_z, baseline
FROM nps_alerts((SELECT array_agg(st ORDER BY p) FROM alert_periods), 3, 3);
-- A NULL element is an empty period: undecided, and not in later baselines.
SELECT period, kind, baseline
FROM nps_alerts((SELECT array_agg(st ORDER BY p) || NULL::bytea FROM alert_periods), 3, 3) WHERE period >= 5;
SELECT count(*) AS no_periods FROM nps_alerts('{}'::bytea[]);
SELECT * FROM nps_alerts((SELECT array_agg(st) FROM alert_periods), 2, 3);
SELECT * FROM nps_alerts((SELECT array_agg(st) FROM alert_periods), 3, 0);
SELECT * FROM nps_alerts(ARRAY[nps_state_from_counts(ARRAY[0,0,0,0,0,0,0,0,0,1,0]::bigint[]),
                               nps_state_from_counts(ARRAY[1,1,1]::bigint[], 0, 2, 1, 2)]);
SELECT * FROM nps_alerts(ARRAY['\x00'::bytea]);

-- Method names: the documented spelling and every spelling 1.0 accepted,
-- in any case, plus the aliases of the nps tool ('aw', 'adjusted-wald',
-- 'tango').
SELECT m, (nps_interval(nps_state_from_counts(ARRAY[3,0,0,0,0,0,0,2,0,4,1]::bigint[]), 0.95, m)).lo
          = (nps_interval(nps_state_from_counts(ARRAY[3,0,0,0,0,0,0,2,0,4,1]::bigint[]), 0.95, c)).lo AS same
FROM (VALUES ('ADJUSTED_WALD', 'adjusted_wald'), ('aw', 'adjusted_wald'), ('Adjusted-Wald', 'adjusted_wald'),
             ('Wald', 'wald'), ('SCORE', 'score'), ('tango', 'score')) v(m, c);
-- The three methods do differ on this state, so the check above can fail.
SELECT count(DISTINCT (nps_interval(nps_state_from_counts(ARRAY[3,0,0,0,0,0,0,2,0,4,1]::bigint[]), 0.95, m)).lo) AS methods
FROM unnest(ARRAY['adjusted_wald', 'wald', 'score']) m;
SELECT nps_interval(nps_state(9), 0.95, 'exact');
SELECT nps_compare(nps_state(9), nps_state(9), 0.95, 'tango');
