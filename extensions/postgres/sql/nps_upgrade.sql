-- ALTER EXTENSION nps UPDATE from a 1.0 install holding data: stored states
-- and objects built on the 1.0 aggregates survive, new functions appear,
-- and the upgraded objects equal those of a fresh 1.1 install.
SET client_min_messages = warning;
DROP EXTENSION nps CASCADE;
CREATE EXTENSION nps VERSION '1.1';
CREATE TEMP TABLE fresh_objects AS
SELECT pg_describe_object(classid, objid, 0) AS obj,
       coalesce(obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)), '') AS comment
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'nps');
CREATE TEMP TABLE fresh_aggs AS
SELECT a.aggfnoid::regprocedure::text AS agg, a.aggtransfn::regproc::text AS t, a.aggfinalfn::regproc::text AS f,
       a.aggcombinefn::regproc::text AS c, a.aggmtransfn::regproc::text AS mt,
       a.aggminvtransfn::regproc::text AS mi, a.aggmfinalfn::regproc::text AS mf,
       a.aggtransspace, a.aggmtransspace
FROM pg_aggregate a JOIN pg_depend d ON d.objid = a.aggfnoid
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'nps');
DROP EXTENSION nps;
RESET client_min_messages;

CREATE EXTENSION nps VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'nps';
CREATE TABLE up_responses AS
SELECT g % 5 AS segment, CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 7) % 11 END AS score
FROM generate_series(1, 2000) g;
CREATE TABLE up_states AS SELECT segment, nps_state(score) AS st FROM up_responses GROUP BY segment;
CREATE VIEW up_segment_nps AS SELECT segment, nps(score) AS v FROM up_responses GROUP BY segment;
CREATE VIEW up_global_state AS SELECT nps_merge(st) AS st FROM up_states;
CREATE TEMP TABLE before AS
SELECT (SELECT st FROM up_global_state) AS g, (SELECT array_agg(v ORDER BY segment) FROM up_segment_nps) AS v;
-- 1.0 has no scalar merge.
SELECT nps_merge(st, st) FROM up_states LIMIT 1;

ALTER EXTENSION nps UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'nps';
-- Old states and views give the same answers; new functions read old states.
SELECT (SELECT st FROM up_global_state) = g AS merge_same,
       (SELECT array_agg(v ORDER BY segment) FROM up_segment_nps) = v AS view_same,
       (SELECT nps_state(score) FROM up_responses) = g AS state_same,
       nps_total(g) AS n, nps_counts(g) AS counts
FROM before;
SELECT segment, nps_describe(st) FROM up_states ORDER BY segment LIMIT 2;
-- The weighted aggregates of 1.1 work on the upgraded install: unit
-- weights give the unweighted NPS.
SELECT segment, nps_weighted(score, 1) = nps(score) AS weighted_same
FROM up_responses GROUP BY segment ORDER BY segment LIMIT 2;
SELECT nps_merge(a.st, b.st) = (SELECT nps_merge(st) FROM up_states WHERE segment IN (0, 1)) AS scalar_merge_ok
FROM up_states a, up_states b WHERE a.segment = 0 AND b.segment = 1;

-- The upgraded extension has exactly the objects, comments and aggregate
-- definitions of a fresh 1.1 install.
SELECT obj, comment FROM (
  SELECT pg_describe_object(classid, objid, 0) AS obj,
         coalesce(obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)), '') AS comment
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass
    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'nps')
  EXCEPT SELECT * FROM fresh_objects) x;
SELECT * FROM fresh_objects
EXCEPT SELECT pg_describe_object(classid, objid, 0),
              coalesce(obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)), '')
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'nps');
SELECT a.aggfnoid::regprocedure::text AS agg, a.aggtransfn::regproc::text AS t, a.aggfinalfn::regproc::text AS f,
       a.aggcombinefn::regproc::text AS c, a.aggmtransfn::regproc::text AS mt,
       a.aggminvtransfn::regproc::text AS mi, a.aggmfinalfn::regproc::text AS mf,
       a.aggtransspace, a.aggmtransspace
FROM pg_aggregate a JOIN pg_depend d ON d.objid = a.aggfnoid
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'nps')
EXCEPT SELECT * FROM fresh_aggs;
-- Every object has a comment.
SELECT count(*) AS objects, count(*) FILTER (WHERE comment = '') AS uncommented FROM fresh_objects;
-- Trusted: a non-superuser database owner may create it.
SELECT trusted FROM pg_available_extension_versions WHERE name = 'nps' AND version = '1.1';
-- A database owner without superuser rights can create the extension.
DROP EXTENSION nps CASCADE;
CREATE ROLE regress_nps_owner;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_nps_owner', current_database()); END $$;
GRANT CREATE ON SCHEMA public TO regress_nps_owner;
SET ROLE regress_nps_owner;
CREATE EXTENSION nps;
SELECT nps(s), nps_counts(nps_state(s)) FROM (VALUES (9), (10), (3)) t(s);
RESET ROLE;
DROP EXTENSION nps;
CREATE EXTENSION nps;
DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_nps_owner', current_database()); END $$;
REVOKE CREATE ON SCHEMA public FROM regress_nps_owner;
DROP ROLE regress_nps_owner;
