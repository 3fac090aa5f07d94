-- nps 1.0 -> 1.1: any scale, smallint, bigint and numeric scores, moving-
-- aggregate nps_state and nps_merge, scalar merge and subtraction,
-- constructors, inspectors, and a comment on every object.
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
