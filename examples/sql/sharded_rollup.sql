-- Sharded PostgreSQL rollup: daily NPS states computed on each shard,
-- rolled into months, and merged across shards on the coordinator.
--
-- Set-up (docs/postgres.md, "Beyond one machine"): every node has
-- CREATE EXTENSION nps; the coordinator has postgres_fdw with foreign
-- servers shard1 and shard2 (OPTIONS (..., extensions 'nps')) and user
-- mappings. Run this script with psql on each shard, then on the
-- coordinator:
--     psql -v node=shard1 -f sharded_rollup.sql   (on shard 1)
--     psql -v node=shard2 -f sharded_rollup.sql   (on shard 2)
--     psql -v node=coord  -f sharded_rollup.sql   (on the coordinator)
-- CI runs it this way on the throwaway servers of
-- extensions/postgres/sharded_test.sh (ctest example_postgres_sharded_rollup).
--
-- The answers, per shard (score x count):
--   shard1  2024-06-01  10 x 6, 8 x 2, 3 x 2
--           2024-06-15   9 x 3, 7 x 3, 5 x 4
--           2024-07-01  10 x 5, 6 x 5
--   shard2  2024-06-10   9 x 8, 7 x 1, 2 x 1
--           2024-07-20  10 x 4, 8 x 4, 0 x 2
--           2024-07-21   9 x 2, 1 x 2
-- Expected, worked by hand:
--   June: shard1 9 promoters, 5 passives, 6 detractors; shard2 8, 1, 1;
--     merged 17, 6, 7, n = 30, NPS 100 (17 - 7) / 30 = 33.3. Adjusted Wald:
--     n' = 33, pR = 17.75/33 = 0.537879, pD = 7.75/33 = 0.234848, estimate
--     0.303030, variance 0.772727 - 0.091827 = 0.680900, SE 0.143643,
--     margin 1.959964 * 0.143643 = 0.281535: 95% CI 2.1 to 58.5.
--   July: shard1 5, 0, 5; shard2 6, 4, 4; merged 11, 4, 9, n = 24,
--     NPS 100 (11 - 9) / 24 = 8.3. n' = 27, pR = 11.75/27 = 0.435185,
--     pD = 9.75/27 = 0.361111, estimate 0.074074, variance 0.796296 -
--     0.005487 = 0.790809, SE 0.171141, margin 0.335430: -26.1 to 41.0.
-- The last query checks that the merged monthly states equal, byte for
-- byte, the states of all the answers counted in one place.
\set ON_ERROR_STOP on
SELECT :'node' = 'coord' AS on_coordinator \gset

\if :on_coordinator
-- 1. Daily states, computed on each shard next to its rows (the GROUP BY
--    and nps_state run remotely: EXPLAIN VERBOSE shows them in Remote SQL).
CREATE FOREIGN TABLE answers_1 (day date, score int)
  SERVER shard1 OPTIONS (table_name 'answers');
CREATE FOREIGN TABLE answers_2 (day date, score int)
  SERVER shard2 OPTIONS (table_name 'answers');
CREATE TEMP TABLE daily AS
  SELECT 1 AS shard, day, nps_state(score) AS state FROM answers_1 GROUP BY day
  UNION ALL
  SELECT 2, day, nps_state(score) FROM answers_2 GROUP BY day;

-- 2. Months per shard: the nps_merge aggregate over the days.
CREATE TEMP TABLE shard_monthly AS
  SELECT shard, date_trunc('month', day)::date AS month, nps_merge(state) AS state
  FROM daily GROUP BY shard, month;

-- 3. Across shards: an UPSERT with the scalar nps_merge, as a rollup table
--    fed shard by shard (or day by day) would be.
CREATE TEMP TABLE monthly (month date PRIMARY KEY, state bytea NOT NULL);
INSERT INTO monthly SELECT month, state FROM shard_monthly WHERE shard = 1;
INSERT INTO monthly SELECT month, state FROM shard_monthly WHERE shard = 2
  ON CONFLICT (month) DO UPDATE SET state = nps_merge(monthly.state, excluded.state);

SELECT to_char(month, 'YYYY-MM') AS month, nps_total(state) AS n,
       round(nps_score(state)::numeric, 1) AS nps,
       round((nps_interval(state)).lo::numeric, 1) AS lo,
       round((nps_interval(state)).hi::numeric, 1) AS hi
FROM monthly ORDER BY month;

SELECT bool_and(m.state = one.state) AND count(*) = 2 AS same_as_one_place
FROM monthly m
JOIN (SELECT date_trunc('month', day)::date AS month, nps_state(score) AS state
      FROM (SELECT day, score FROM answers_1 UNION ALL
            SELECT day, score FROM answers_2) a
      GROUP BY 1) one USING (month);
\else
-- On a shard: its own answers.
CREATE TABLE answers (day date NOT NULL, score int);
INSERT INTO answers
SELECT day::date, score
FROM (VALUES ('shard1', '2024-06-01', 10, 6), ('shard1', '2024-06-01', 8, 2),
             ('shard1', '2024-06-01', 3, 2),  ('shard1', '2024-06-15', 9, 3),
             ('shard1', '2024-06-15', 7, 3),  ('shard1', '2024-06-15', 5, 4),
             ('shard1', '2024-07-01', 10, 5), ('shard1', '2024-07-01', 6, 5),
             ('shard2', '2024-06-10', 9, 8),  ('shard2', '2024-06-10', 7, 1),
             ('shard2', '2024-06-10', 2, 1),  ('shard2', '2024-07-20', 10, 4),
             ('shard2', '2024-07-20', 8, 4),  ('shard2', '2024-07-20', 0, 2),
             ('shard2', '2024-07-21', 9, 2),  ('shard2', '2024-07-21', 1, 2))
     AS v(node, day, score, n),
     generate_series(1, n)
WHERE node = :'node';
\endif
