-- Any scale, and bigint / numeric / smallint scores.
-- 1-5 scale, no passives: 1-3 detractors, 4-5 promoters.
SELECT nps(s, 1, 5, 4, 4) AS nps_1_5, nps_describe(nps_state(s, 1, 5, 4, 4)) AS described
FROM (VALUES (1), (2), (4), (5), (5), (NULL)) t(s);
-- 0-100 likelihood, passives 70-89, promoters 90-100.
SELECT nps(s, 0, 100, 70, 90) AS nps_0_100, nps_total(nps_state(s, 0, 100, 70, 90)) AS n
FROM generate_series(0, 100) s;
-- nps equals nps_score(nps_state) for every score type, bit for bit, and
-- every type gives the same state.
SELECT bool_and(n_int = nps_score(s_int)) AS int_same,
       bool_and(n_big = nps_score(s_big) AND n_num = nps_score(s_num) AND n_small = nps_score(s_small)) AS types_same,
       bool_and(s_int = s_big AND s_int = s_num AND s_int = s_small AND s_int = s_std) AS same_states,
       count(*) AS groups
FROM (SELECT grp, nps(s) AS n_int, nps(s::bigint) AS n_big, nps(s::numeric) AS n_num,
             nps(s::smallint) AS n_small,
             nps_state(s) AS s_int, nps_state(s::bigint) AS s_big, nps_state(s::numeric) AS s_num,
             nps_state(s::smallint) AS s_small, nps_state(s, 0, 10, 7, 9) AS s_std
      FROM (SELECT g % 97 AS grp, (g * 7919 + g / 5) % 11 AS s FROM generate_series(1, 20000) g) x
      GROUP BY grp) y;
SELECT nps(s::numeric(4,1)) AS numeric_with_zero_fraction
FROM (VALUES (9.0), (10), (3.00)) t(s);
-- Counts that need 32 and 64 bits in the compact state survive intact.
SELECT nps_counts(nps_merge(st)) AS big_counts
FROM (SELECT nps_state_from_counts(ARRAY[70000, 0, 0, 0, 0, 0, 0, 5000000000, 0, 0, 1]) AS st
      FROM generate_series(1, 3)) x;
SELECT nps_counts(nps_merge(st)) AS grown_in_group
FROM (SELECT nps_state(s) AS st FROM (SELECT 9 AS s FROM generate_series(1, 70000)) a) x;
SELECT nps(s) AS many_rows, nps_counts(nps_state(s)) FROM (SELECT g % 11 AS s FROM generate_series(1, 200000) g) x;
-- Errors: scores off the scale, non-integral numerics, bad scales,
-- scale arguments changing within a group, NULL scale arguments.
SELECT nps(s::bigint) FROM (VALUES (5000000000)) t(s);
SELECT nps(s::smallint) FROM (VALUES (11)) t(s);
SELECT nps(s::numeric) FROM (VALUES (9.5)) t(s);
SELECT nps_state(s::numeric) FROM (VALUES ('NaN'::numeric)) t(s);
SELECT nps(s::numeric) FROM (VALUES (1e30)) t(s);
SELECT nps(s, 1, 5, 4, 4) FROM (VALUES (0)) t(s);
SELECT nps(s, 5, 1, 4, 4) FROM (VALUES (3)) t(s);
SELECT nps(s, 0, 101, 70, 90) FROM (VALUES (3)) t(s);
SELECT nps(s, 0, g, 7, 9) FROM (VALUES (3, 10), (4, 11)) t(s, g);
SELECT nps(s, NULL, 10, 7, 9) FROM (VALUES (3)) t(s);
