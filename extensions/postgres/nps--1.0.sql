-- nps 1.0: Net Promoter Score aggregates and functions on libnps.
\echo Use "CREATE EXTENSION nps" to load this file. \quit

-- Support functions of the aggregates. They take or return internal, so
-- SQL cannot call them directly.
CREATE FUNCTION nps_sfunc(internal, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
-- MSFUNC and MINVFUNC must have the same strictness.
CREATE FUNCTION nps_msfunc(internal, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_msfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_minvfunc(internal, integer) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_minvfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_final(internal) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_state_final(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_state_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
-- A combine function over internal states must not be strict.
CREATE FUNCTION nps_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION nps_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'pg_nps_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION nps_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION nps_merge_sfunc(internal, bytea) RETURNS internal
  AS 'MODULE_PATHNAME', 'pg_nps_merge_sfunc' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;

-- nps(score): the NPS in points (-100..100) of the non-NULL scores (0-10);
-- NULL when there are none. Usable as a window function; sliding frames
-- use the inverse transition (O(1) per row).
CREATE AGGREGATE nps(integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 160,
  FINALFUNC = nps_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  MSFUNC = nps_msfunc, MINVFUNC = nps_minvfunc, MSTYPE = internal, MSSPACE = 160,
  MFINALFUNC = nps_final, MFINALFUNC_MODIFY = READ_ONLY,
  PARALLEL = SAFE);

-- nps_state(score): the counts as a libnps serialized state (bytea), for
-- rollup tables; NULL when there is no non-NULL score.
CREATE AGGREGATE nps_state(integer) (
  SFUNC = nps_sfunc, STYPE = internal, SSPACE = 160,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  PARALLEL = SAFE);

-- nps_merge(state): the sum of states (same scale), itself a state.
CREATE AGGREGATE nps_merge(bytea) (
  SFUNC = nps_merge_sfunc, STYPE = internal, SSPACE = 160,
  FINALFUNC = nps_state_final, FINALFUNC_MODIFY = READ_ONLY,
  COMBINEFUNC = nps_combine,
  SERIALFUNC = nps_serialize, DESERIALFUNC = nps_deserialize,
  PARALLEL = SAFE);

-- Functions of one state. NULL state -> NULL; corrupted bytes -> ERROR.
CREATE FUNCTION nps_score(state bytea) RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_total(state bytea) RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_promoters(state bytea) RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_promoters' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_passives(state bytea) RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_passives' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_detractors(state bytea) RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_nps_detractors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Confidence interval in points; method 'adjusted_wald' (default), 'wald'
-- or 'score'. NULL for an empty state.
CREATE FUNCTION nps_interval(state bytea, level double precision DEFAULT 0.95,
                             method text DEFAULT 'adjusted_wald',
                             OUT lo double precision, OUT hi double precision)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_margin(state bytea, level double precision DEFAULT 0.95,
                           method text DEFAULT 'adjusted_wald')
  RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_margin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- Two-sided p-value of H0: NPS = benchmark (points).
CREATE FUNCTION nps_test(state bytea, benchmark double precision,
                         method text DEFAULT 'adjusted_wald')
  RETURNS double precision
  AS 'MODULE_PATHNAME', 'pg_nps_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- NPS(a) - NPS(b), unpooled; method 'adjusted_wald' (default) or 'wald'.
CREATE FUNCTION nps_compare(a bytea, b bytea, level double precision DEFAULT 0.95,
                            method text DEFAULT 'adjusted_wald',
                            OUT diff double precision, OUT lo double precision,
                            OUT hi double precision, OUT p_value double precision)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_nps_compare' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
