-- Scalar merge and subtraction, constructors and inspectors.
CREATE TABLE st AS
SELECT (SELECT nps_state(s) FROM generate_series(0, 10) s) AS a,
       (SELECT nps_state(s) FROM (VALUES (9), (10), (10), (3)) t(s)) AS b;
SELECT nps_counts(a) AS a_counts, nps_counts(b) AS b_counts FROM st;
SELECT nps_counts(nps_merge(a, b)) AS merged,
       nps_merge(a, b) = (SELECT nps_merge(x) FROM (VALUES (a), (b)) v(x)) AS same_as_aggregate,
       nps_subtract(nps_merge(a, b), b) = a AS subtract_undoes_merge
FROM st;
-- NULL arguments: no state.
SELECT nps_merge(a, NULL) = a AS left_only, nps_merge(NULL, b) = b AS right_only,
       nps_merge(NULL::bytea, NULL::bytea) IS NULL AS both_null,
       nps_subtract(a, NULL) IS NULL AS subtract_null
FROM st;
-- Rolling daily states into a monthly table with an UPSERT.
CREATE TABLE monthly (month date PRIMARY KEY, state bytea NOT NULL);
INSERT INTO monthly SELECT '2024-01-01', a FROM st;
INSERT INTO monthly SELECT '2024-01-01', b FROM st
ON CONFLICT (month) DO UPDATE SET state = nps_merge(monthly.state, excluded.state);
SELECT month, nps_total(state), nps_score(state) FROM monthly;
-- Constructors.
SELECT nps_counts(nps_empty_state()) AS empty_counts, nps_total(nps_empty_state()) AS n,
       nps_score(nps_empty_state()) IS NULL AS empty_score_null,
       nps_empty_state() = (SELECT nps_subtract(a, a) FROM st) AS empty_is_a_minus_a;
SELECT nps_describe(nps_empty_state(1, 5, 4, 4));
SELECT nps_state_from_counts(ARRAY[1,1,1,1,1,1,1,1,1,1,1]) = a AS from_counts_ok FROM st;
SELECT nps_describe(nps_state_from_counts(ARRAY[2, 0, 1, 3], 1, 4, 3, 4));
-- Inspectors.
SELECT * FROM nps_scale((SELECT a FROM st));
SELECT (nps_scale(nps_empty_state(0, 100, 70, 90))).*;
SELECT nps_describe(a) FROM st;
SELECT (nps_describe(b)::jsonb ->> 'nps')::float8 = nps_score(b) AS json_nps_ok FROM st;
-- Errors: different scales (DETAIL names both), over-subtraction, bad arrays.
\set VERBOSITY default
SELECT nps_merge(a, nps_empty_state(1, 10, 7, 9)) FROM st;
SELECT nps_compare(a, nps_empty_state(1, 5, 3, 5)) FROM st;
SELECT nps_merge(x) FROM (VALUES (nps_empty_state()), (nps_empty_state(1, 5, 4, 4))) v(x);
SELECT nps_subtract(b, a) FROM st;
SELECT nps_state_from_counts(ARRAY[1, 2, 3]);
SELECT nps_state_from_counts(ARRAY[1,1,1,1,1,1,1,1,1,1,-1]);
SELECT nps_state_from_counts(ARRAY[1,1,1,1,1,1,1,1,1,1,NULL]);
SELECT nps_state_from_counts(ARRAY[[1],[2]]);
SELECT nps_empty_state(3, 2, 2, 2);
SELECT nps_counts('\x00'::bytea);
SELECT nps_describe('\x01'::bytea);
SELECT nps_merge('\x01'::bytea, NULL);
-- NULL states give NULL everywhere.
SELECT nps_counts(NULL) IS NULL AS c, nps_scale(NULL) IS NULL AS s,
       nps_describe(NULL) IS NULL AS d, nps_empty_state(NULL) IS NULL AS e,
       nps_state_from_counts(NULL) IS NULL AS f;
