-- nps 1.0 -> 1.1: any scale, smallint, bigint and numeric scores, moving-
-- aggregate nps_state and nps_merge, scalar merge and subtraction, constructors,
-- inspectors, weighted NPS (nps_weighted...), inference across periods and
-- groups (nps_trend, nps_heterogeneity, nps_p_adjust, nps_compare_score,
-- nps_sample_size, nps_alerts), and a comment on every object.
\echo Use "ALTER EXTENSION nps UPDATE TO '1.1'" to load this file. \quit

-- Transition functions: one set per score type, with and without a scale
-- (score, min, max, passive_min, promoter_min). nps_state has its own
-- moving-aggregate functions so that errors name it; they share the C code.
CREATE FUNCTION nps_sfunc(internal, smallint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, smallint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, smallint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, smallint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, smallint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, smallint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, smallint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, smallint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, smallint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, smallint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int2' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, integer, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, integer, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, integer, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, integer, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, integer, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, bigint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, bigint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, bigint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, bigint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, bigint) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, bigint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, bigint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, bigint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, bigint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, bigint, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_int8' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, numeric) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, numeric) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, numeric) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, numeric) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, numeric) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_sfunc(internal, numeric, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_msfunc(internal, numeric, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, numeric, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_msfunc(internal, numeric, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_minvfunc(internal, numeric, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc_numeric' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
-- Moving nps_state: NULL when the frame holds no answer.
CREATE FUNCTION nps_mstate_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_mstate_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
-- Moving nps_merge: the frame's sum and how many states it holds.
CREATE FUNCTION nps_merge_msfunc(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_merge_msfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_merge_minvfunc(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_merge_minvfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_merge_mfinal(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_merge_mfinal' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

-- The aggregates of 1.0, now with a 32-byte state and a moving mode for
-- nps_state and nps_merge. CREATE OR REPLACE keeps objects that use them.
CREATE OR REPLACE AGGREGATE nps(integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE nps_state(integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE nps_merge(bytea) (
  SFUNC = nps_merge_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_merge_msfunc, MINVFUNC = nps_merge_minvfunc, MSTYPE = internal, MSSPACE = 48,
  MFINALFUNC = nps_merge_mfinal, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);

-- nps and nps_state over smallint, bigint and numeric scores (integral
-- values), and over any scale: (score, min, max, passive_min, promoter_min).
-- smallint has its own aggregates: with integer, bigint and numeric ones
-- only, nps(smallint) would be ambiguous.
CREATE AGGREGATE nps(smallint) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(smallint) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(smallint, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(smallint, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(integer, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(integer, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(bigint) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(bigint) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(bigint, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(bigint, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(numeric) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(numeric) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps(numeric, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_state(numeric, integer, integer, integer, integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 32,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_state_msfunc, MINVFUNC = nps_state_minvfunc, MSTYPE = internal, MSSPACE = 32,
  MFINALFUNC = nps_mstate_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);

-- Scalar rollups, constructors and inspectors.
CREATE FUNCTION nps_merge(a bytea, b bytea) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_merge2' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_subtract(a bytea, b bytea) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_subtract' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_empty_state(min integer DEFAULT 0, max integer DEFAULT 10,
                                passive_min integer DEFAULT 7, promoter_min integer DEFAULT 9)
  RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_empty_state' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_from_counts(counts bigint[], min integer DEFAULT 0, max integer DEFAULT 10,
                                      passive_min integer DEFAULT 7, promoter_min integer DEFAULT 9)
  RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_state_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_counts(state bytea) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'pg_nps_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_scale(state bytea, OUT min integer, OUT max integer,
                          OUT passive_min integer, OUT promoter_min integer)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_scale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_describe(state bytea) RETURNS json
  AS 'MODULE_PATHNAME', 'pg_nps_describe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Comments: every object says what it is.
COMMENT ON FUNCTION nps_sfunc(internal, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_combine(internal, internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_serialize(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_deserialize(bytea, internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_merge_sfunc(internal, bytea) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_mstate_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_merge_msfunc(internal, bytea) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_merge_minvfunc(internal, bytea) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_merge_mfinal(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, smallint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, smallint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, smallint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, smallint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, smallint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, smallint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, smallint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, smallint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, smallint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, smallint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, integer, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, integer, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, integer, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, integer, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, integer, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, bigint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, bigint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, bigint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, bigint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, bigint) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, bigint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, bigint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, bigint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, bigint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, bigint, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, numeric) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, numeric) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, numeric) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, numeric) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, numeric) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_sfunc(internal, numeric, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_msfunc(internal, numeric, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_minvfunc(internal, numeric, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_msfunc(internal, numeric, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_state_minvfunc(internal, numeric, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON AGGREGATE nps(smallint) IS 'NPS in points (-100..100) of the non-NULL scores (0-10); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(smallint) IS 'Counts of the non-NULL scores (0-10) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(smallint, integer, integer, integer, integer) IS 'NPS in points (-100..100) of the non-NULL scores on the scale (min, max, passive_min, promoter_min); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(smallint, integer, integer, integer, integer) IS 'Counts of the non-NULL scores on the scale (min, max, passive_min, promoter_min) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(integer) IS 'NPS in points (-100..100) of the non-NULL scores (0-10); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(integer) IS 'Counts of the non-NULL scores (0-10) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(integer, integer, integer, integer, integer) IS 'NPS in points (-100..100) of the non-NULL scores on the scale (min, max, passive_min, promoter_min); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(integer, integer, integer, integer, integer) IS 'Counts of the non-NULL scores on the scale (min, max, passive_min, promoter_min) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(bigint) IS 'NPS in points (-100..100) of the non-NULL scores (0-10); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(bigint) IS 'Counts of the non-NULL scores (0-10) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(bigint, integer, integer, integer, integer) IS 'NPS in points (-100..100) of the non-NULL scores on the scale (min, max, passive_min, promoter_min); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(bigint, integer, integer, integer, integer) IS 'Counts of the non-NULL scores on the scale (min, max, passive_min, promoter_min) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(numeric) IS 'NPS in points (-100..100) of the non-NULL scores (0-10); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(numeric) IS 'Counts of the non-NULL scores (0-10) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps(numeric, integer, integer, integer, integer) IS 'NPS in points (-100..100) of the non-NULL scores on the scale (min, max, passive_min, promoter_min); NULL when there are none.';
COMMENT ON AGGREGATE nps_state(numeric, integer, integer, integer, integer) IS 'Counts of the non-NULL scores on the scale (min, max, passive_min, promoter_min) as a libnps state (bytea) for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps_merge(bytea) IS 'Sum of states of one scale, itself a state; NULL states are skipped.';
COMMENT ON FUNCTION nps_merge(bytea, bytea) IS 'Sum of two states of one scale; a NULL argument counts as no state.';
COMMENT ON FUNCTION nps_subtract(bytea, bytea) IS 'a - b, exact: error when b holds answers a does not.';
COMMENT ON FUNCTION nps_empty_state(integer, integer, integer, integer) IS 'A state with no answers on a scale (default 0-10, passives from 7, promoters from 9).';
COMMENT ON FUNCTION nps_state_from_counts(bigint[], integer, integer, integer, integer) IS 'A state from one count per answer, lowest score first, on a scale (default 0-10).';
COMMENT ON FUNCTION nps_counts(bytea) IS 'The counts of a state as bigint[], lowest score first.';
COMMENT ON FUNCTION nps_scale(bytea) IS 'The scale of a state: (min, max, passive_min, promoter_min).';
COMMENT ON FUNCTION nps_describe(bytea) IS 'A state as JSON: scale, counts, total, category counts and NPS.';
COMMENT ON FUNCTION nps_score(bytea) IS 'NPS in points of a state; NULL when it holds no answer.';
COMMENT ON FUNCTION nps_total(bytea) IS 'Number of answers in a state.';
COMMENT ON FUNCTION nps_promoters(bytea) IS 'Number of promoters in a state.';
COMMENT ON FUNCTION nps_passives(bytea) IS 'Number of passives in a state.';
COMMENT ON FUNCTION nps_detractors(bytea) IS 'Number of detractors in a state.';
COMMENT ON FUNCTION nps_interval(bytea, double precision, text) IS 'Confidence interval (lo, hi) in points; method adjusted_wald (default), wald or score; NULL for an empty state.';
COMMENT ON FUNCTION nps_margin(bytea, double precision, text) IS 'Half-width of the confidence interval in points; NULL for an empty state.';
COMMENT ON FUNCTION nps_test(bytea, double precision, text) IS 'Two-sided p-value of H0: NPS = benchmark (points).';
COMMENT ON FUNCTION nps_compare(bytea, bytea, double precision, text) IS 'Difference of two states (unpooled) with interval and p-value. Under adjusted_wald, diff is the difference of the adjusted estimates; under wald it is NPS(a) - NPS(b).';

-- Weighted NPS (libnps nps_wacc): nps_weighted(score, weight) and its
-- states. A row with a NULL score or a NULL weight is skipped; a weight
-- that is not a finite number > 0 (or outside [2^-448, 2^448]) is an
-- error. No moving mode: weight sums cannot be un-added exactly, so a
-- sliding window recomputes each frame. SSPACE: nps_wacc_footprint() of a
-- standard-scale state.
CREATE FUNCTION nps_weighted_sfunc(internal, integer, double precision) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_sfunc(internal, integer, double precision, integer, integer, integer, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_final(internal) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_state_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_state_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_merge_sfunc(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_merge_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE nps_weighted(integer, double precision) (
  SFUNC = nps_weighted_sfunc, STYPE = internal, SSPACE = 168,
  FINALFUNC = nps_weighted_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_weighted_combine,
  SERIALFUNC = nps_weighted_serialize, DESERIALFUNC = nps_weighted_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_weighted(integer, double precision, integer, integer, integer, integer) (
  SFUNC = nps_weighted_sfunc, STYPE = internal, SSPACE = 168,
  FINALFUNC = nps_weighted_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_weighted_combine,
  SERIALFUNC = nps_weighted_serialize, DESERIALFUNC = nps_weighted_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_weighted_state(integer, double precision) (
  SFUNC = nps_weighted_sfunc, STYPE = internal, SSPACE = 168,
  FINALFUNC = nps_weighted_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_weighted_combine,
  SERIALFUNC = nps_weighted_serialize, DESERIALFUNC = nps_weighted_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_weighted_state(integer, double precision, integer, integer, integer, integer) (
  SFUNC = nps_weighted_sfunc, STYPE = internal, SSPACE = 168,
  FINALFUNC = nps_weighted_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_weighted_combine,
  SERIALFUNC = nps_weighted_serialize, DESERIALFUNC = nps_weighted_deserialize,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_weighted_merge(bytea) (
  SFUNC = nps_weighted_merge_sfunc, STYPE = internal, SSPACE = 168,
  FINALFUNC = nps_weighted_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_weighted_combine,
  SERIALFUNC = nps_weighted_serialize, DESERIALFUNC = nps_weighted_deserialize,
  PARALLEL = SAFE);

CREATE FUNCTION nps_weighted_merge(a bytea, b bytea) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_merge2' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_score(state bytea) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_total(state bytea) RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_effective_n(state bytea) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_effective_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_stderr(state bytea) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_stderr' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_interval(state bytea, level double precision DEFAULT 0.95,
                                      method text DEFAULT 'adjusted_wald',
                                      OUT lo double precision, OUT hi double precision)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_describe(state bytea) RETURNS json
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_describe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_test(state bytea, benchmark double precision,
                                  method text DEFAULT 'adjusted_wald')
  RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_weighted_compare(a bytea, b bytea, level double precision DEFAULT 0.95,
                                     method text DEFAULT 'adjusted_wald',
                                     OUT diff double precision, OUT lo double precision,
                                     OUT hi double precision, OUT p_value double precision)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_weighted_compare' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION nps_weighted_sfunc(internal, integer, double precision) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_sfunc(internal, integer, double precision, integer, integer, integer, integer) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_state_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_combine(internal, internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_serialize(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_deserialize(bytea, internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_weighted_merge_sfunc(internal, bytea) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON AGGREGATE nps_weighted(integer, double precision) IS 'Weighted NPS in points, 100 (W_promoters - W_detractors) / W, of the rows whose score (0-10) and weight are both non-NULL; weights finite and > 0; NULL when there are none.';
COMMENT ON AGGREGATE nps_weighted(integer, double precision, integer, integer, integer, integer) IS 'Weighted NPS in points of the rows whose score and weight are both non-NULL, on the scale (min, max, passive_min, promoter_min); NULL when there are none.';
COMMENT ON AGGREGATE nps_weighted_state(integer, double precision) IS 'Weighted state (bytea: counts, weight sums and squared-weight sums per category) of the rows whose score (0-10) and weight are both non-NULL, for rollups; NULL when there are none.';
COMMENT ON AGGREGATE nps_weighted_state(integer, double precision, integer, integer, integer, integer) IS 'Weighted state (bytea) on the scale (min, max, passive_min, promoter_min) of the rows whose score and weight are both non-NULL; NULL when there are none.';
COMMENT ON AGGREGATE nps_weighted_merge(bytea) IS 'Sum of weighted states of one scale, itself a weighted state; NULL states are skipped.';
COMMENT ON FUNCTION nps_weighted_merge(bytea, bytea) IS 'Sum of two weighted states of one scale; a NULL argument counts as no state.';
COMMENT ON FUNCTION nps_weighted_score(bytea) IS 'Weighted NPS in points of a weighted state; NULL when it holds no answer.';
COMMENT ON FUNCTION nps_weighted_total(bytea) IS 'Number of answers (not their weight) in a weighted state.';
COMMENT ON FUNCTION nps_weighted_effective_n(bytea) IS 'Kish effective sample size (sum w)^2 / sum w^2 of a weighted state; NULL when empty.';
COMMENT ON FUNCTION nps_weighted_stderr(bytea) IS 'Taylor-linearisation standard error in points of the weighted NPS (as R survey::svymean); NULL below two answers.';
COMMENT ON FUNCTION nps_weighted_interval(bytea, double precision, text) IS 'Confidence interval (lo, hi) in points of the weighted NPS; method adjusted_wald (default) or score on the effective-n pseudo-counts, or wald with the Taylor standard error; NULL when empty (wald: below two answers).';
COMMENT ON FUNCTION nps_weighted_describe(bytea) IS 'A weighted state as JSON: scale, counts and weight sums per category, total, total weight, effective n and weighted NPS.';
COMMENT ON FUNCTION nps_weighted_test(bytea, double precision, text) IS 'Two-sided p-value of H0: weighted NPS = benchmark (points); wald with the Taylor standard error, adjusted_wald (default) or score on the effective-n pseudo-counts; NULL when empty.';
COMMENT ON FUNCTION nps_weighted_compare(bytea, bytea, double precision, text) IS 'Difference of two weighted states (unpooled) with interval and p-value: wald (the weighted scores, Taylor standard errors) or adjusted_wald (default, on the pseudo-counts); NULL when a state is too small.';

-- Inference across periods and groups. nps_trend and nps_heterogeneity
-- collect one state per period or group and call libnps once at the end.
CREATE TYPE nps_trend_result AS (
  slope double precision, se double precision, p_value double precision,
  df double precision, tau double precision, q double precision,
  q_p_value double precision, periods bigint, answers bigint);
CREATE TYPE nps_heterogeneity_result AS (
  statistic double precision, df double precision, p_value double precision,
  groups bigint);
CREATE FUNCTION nps_trend_sfunc(internal, bytea, double precision) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_seq_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_trend_sfunc(internal, bytea, double precision, text) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_seq_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_trend_final(internal) RETURNS nps_trend_result
  AS 'MODULE_PATHNAME', 'pg_nps_trend_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_heterogeneity_sfunc(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_seq_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_heterogeneity_final(internal) RETURNS nps_heterogeneity_result
  AS 'MODULE_PATHNAME', 'pg_nps_heterogeneity_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE AGGREGATE nps_trend(state bytea, x double precision) (
  SFUNC = nps_trend_sfunc, STYPE = internal,
  FINALFUNC = nps_trend_final, FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_trend(state bytea, x double precision, method text) (
  SFUNC = nps_trend_sfunc, STYPE = internal,
  FINALFUNC = nps_trend_final, FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE AGGREGATE nps_heterogeneity(state bytea) (
  SFUNC = nps_heterogeneity_sfunc, STYPE = internal,
  FINALFUNC = nps_heterogeneity_final, FINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);
CREATE FUNCTION nps_p_adjust(p double precision[], method text DEFAULT 'holm')
  RETURNS double precision[]
  AS 'MODULE_PATHNAME', 'pg_nps_p_adjust' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_compare_score(a bytea, b bytea, level double precision DEFAULT 0.95,
                                  OUT diff double precision, OUT lo double precision,
                                  OUT hi double precision, OUT p_value double precision)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_compare_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_sample_size(margin double precision, level double precision DEFAULT 0.95,
                                method text DEFAULT 'adjusted_wald',
                                promoter_share double precision DEFAULT NULL,
                                detractor_share double precision DEFAULT NULL)
  RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_sample_size' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON TYPE nps_trend_result IS 'Result of nps_trend: slope (points per unit of position), se, p_value, df, tau (between-period SD), q and q_p_value (Cochran''s Q), periods and answers used.';
COMMENT ON TYPE nps_heterogeneity_result IS 'Result of nps_heterogeneity: Wald chi-square statistic, df, p_value, non-empty groups used.';
COMMENT ON FUNCTION nps_trend_sfunc(internal, bytea, double precision) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_trend_sfunc(internal, bytea, double precision, text) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_trend_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_heterogeneity_sfunc(internal, bytea) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON FUNCTION nps_heterogeneity_final(internal) IS 'Support function of the nps aggregates; not for direct use.';
COMMENT ON AGGREGATE nps_trend(bytea, double precision) IS 'Trend of the NPS across periods, one row per period (state, position): random-effects meta-regression (DerSimonian-Laird tau, Knapp-Hartung SE on periods - 2 df); NULL below 3 non-empty periods. Rows with a NULL state or position are skipped.';
COMMENT ON AGGREGATE nps_trend(bytea, double precision, text) IS 'Trend of the NPS across periods with a method: random_effects (default) or answers (OLS on answers, every answer independent: too confident when periods differ by more than sampling noise); NULL below 3 non-empty periods.';
COMMENT ON AGGREGATE nps_heterogeneity(bytea) IS 'Omnibus Wald test that the groups (one state each) share one NPS: chi-square on groups - 1 df; NULL below 2 non-empty groups.';
COMMENT ON FUNCTION nps_p_adjust(double precision[], text) IS 'Adjusted p-values in the input order, as R p.adjust: holm (default, family-wise error rate), bh (Benjamini-Hochberg, false discovery rate) or none; NULL elements stay NULL and do not count.';
COMMENT ON FUNCTION nps_compare_score(bytea, bytea, double precision) IS 'Raw difference NPS(a) - NPS(b) with a MOVER interval from each state''s score limits and the p-value inverting it; the interval always contains the raw difference. NULL when a state is empty.';
COMMENT ON FUNCTION nps_sample_size(double precision, double precision, text, double precision, double precision) IS 'Answers needed so that the margin the method reports is at most margin points at the expected shares; a NULL share is unknown and takes its worst case (adjusted_wald and wald only).';
CREATE FUNCTION nps_alerts(states bytea[], "window" integer DEFAULT 12, "limit" double precision DEFAULT 3,
                           OUT period integer, OUT kind text, OUT z double precision,
                           OUT center double precision, OUT lo double precision, OUT hi double precision,
                           OUT sigma_z double precision, OUT baseline bigint)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_nps_alerts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_alerts(bytea[], integer, double precision) IS 'One row per period state of the array (oldest first, period = its 1-based position): kind none, low, high or undecided against the trailing window of periods (a Laney p''-style control chart, limits at limit sigma); a NULL element is an empty period.';
