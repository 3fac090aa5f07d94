/*
 * The SQLite extension loaded into libsqlite3 with sqlite3_load_extension,
 * as an application would. Usage: test_sqlite_ext PATH/TO/nps.so
 * Expected values are worked by hand in the comments.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

/* cmocka 1.1.5 compares floating point only as float. */
#define assert_near(a, b, eps)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                      \
            fail_msg("%.17g != %.17g (tolerance %g)", a_, b_, (double)(eps)); \
    } while (0)

static const char *module_path;

static int setup(void **state)
{
    sqlite3 *db = NULL;
    char *err = NULL;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return -1;
    sqlite3_enable_load_extension(db, 1);
    if (sqlite3_load_extension(db, module_path, "sqlite3_nps_init", &err)
        != SQLITE_OK) {
        fprintf(stderr, "load %s: %s\n", module_path, err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    return sqlite3_close((sqlite3 *)*state) == SQLITE_OK ? 0 : -1;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

    if (rc != SQLITE_OK)
        fprintf(stderr, "%s\n  -> %s\n", sql, err ? err : "?");
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

/* First column of the single row of sql; returns its SQLite type. */
static int query(sqlite3 *db, const char *sql, double *d, char *text,
                 size_t cap)
{
    sqlite3_stmt *st = NULL;
    int type;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    type = sqlite3_column_type(st, 0);
    if (d)
        *d = sqlite3_column_double(st, 0);
    if (text && cap) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(text, cap, "%s", t ? (const char *)t : "");
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    return type;
}

static double query_double(sqlite3 *db, const char *sql)
{
    double d = NAN;

    assert_int_not_equal(query(db, sql, &d, NULL, 0), SQLITE_NULL);
    return d;
}

static int query_is_null(sqlite3 *db, const char *sql)
{
    return query(db, sql, NULL, NULL, 0) == SQLITE_NULL;
}

/* The statement fails and the message contains every given fragment. */
static void expect_error(sqlite3 *db, const char *sql, const char *frag1,
                         const char *frag2)
{
    sqlite3_stmt *st = NULL;
    int rc;
    const char *msg;

    rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        do
            rc = sqlite3_step(st);
        while (rc == SQLITE_ROW);
    }
    msg = sqlite3_errmsg(db);
    if (rc == SQLITE_DONE || !strstr(msg, frag1) || (frag2 && !strstr(msg, frag2)))
        fprintf(stderr, "%s\n  -> rc %d, '%s'\n", sql, rc, msg);
    assert_int_equal(rc, SQLITE_ERROR);
    assert_non_null(strstr(msg, frag1));
    if (frag2)
        assert_non_null(strstr(msg, frag2));
    sqlite3_finalize(st);
}

/* Sample A: 6 promoters, 2 passives, 2 detractors; B mirrors it. */
static void make_samples(sqlite3 *db)
{
    exec(db, "CREATE TEMP TABLE a(s); INSERT INTO a VALUES "
             "(9),(9),(10),(10),(9),(10),(7),(8),(0),(6);"
             "CREATE TEMP TABLE b(s); INSERT INTO b VALUES "
             "(9),(10),(7),(8),(0),(1),(2),(3),(4),(5);");
}

/* ---------------------------------------------------------------------- */

static void test_sqlite__nps_of_every_score_once(void **state)
{
    sqlite3 *db = *state;

    /* 0..10 once each: promoters 2, detractors 7 -> 100 (2 - 7) / 11. */
    exec(db, "CREATE TEMP TABLE r(s); WITH RECURSIVE c(x) AS (SELECT 0 UNION "
             "ALL SELECT x + 1 FROM c WHERE x < 10) INSERT INTO r SELECT x FROM c;");
    assert_near(query_double(db, "SELECT nps(s) FROM r"),
                        -500.0 / 11.0, 1e-12);
    exec(db, "DROP TABLE r");
}

static void test_sqlite__null_scores_are_ignored(void **state)
{
    sqlite3 *db = *state;

    /* {9, NULL, 3}: one promoter, one detractor -> 0 over n = 2. */
    assert_near(query_double(db, "WITH t(s) AS (VALUES (9), (NULL), (3)) SELECT nps(s) FROM t"),
                        0.0, 0.0);
    assert_near(query_double(db, "SELECT nps_total(nps_state(s)) FROM "
                                         "(SELECT 9 s UNION ALL SELECT NULL UNION ALL SELECT 3)"),
                        2.0, 0.0);
}

static void test_sqlite__no_rows_or_only_nulls_give_null(void **state)
{
    sqlite3 *db = *state;

    assert_true(query_is_null(db, "SELECT nps(1) WHERE 0"));
    assert_true(query_is_null(db, "SELECT nps_state(1) WHERE 0"));
    assert_true(query_is_null(db, "SELECT nps_merge(NULL) WHERE 0"));
    assert_true(query_is_null(db, "SELECT nps(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_state(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_merge(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_score(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_interval(NULL)"));
}

static void test_sqlite__integral_reals_are_scores(void **state)
{
    sqlite3 *db = *state;

    /* {10.0, 0.0}: one promoter, one detractor. */
    assert_near(query_double(db, "WITH t(s) AS (VALUES (10.0), (0.0)) SELECT nps(s) FROM t"),
                        0.0, 0.0);
}

static void test_sqlite__category_counts_of_a_state(void **state)
{
    sqlite3 *db = *state;
    char text[16];

    make_samples(db);
    exec(db, "CREATE TEMP TABLE st AS SELECT nps_state(s) AS a FROM a");
    assert_near(query_double(db, "SELECT nps_promoters(a) FROM st"), 6, 0);
    assert_near(query_double(db, "SELECT nps_passives(a) FROM st"), 2, 0);
    assert_near(query_double(db, "SELECT nps_detractors(a) FROM st"), 2, 0);
    assert_near(query_double(db, "SELECT nps_total(a) FROM st"), 10, 0);
    assert_near(query_double(db, "SELECT nps_score(a) FROM st"), 40, 1e-12);
    assert_int_equal(query(db, "SELECT typeof(a) FROM st", NULL, text, sizeof text),
                     SQLITE_TEXT);
    assert_string_equal(text, "blob");
    exec(db, "DROP TABLE st; DROP TABLE a; DROP TABLE b;");
}

static void test_sqlite__intervals_match_hand_computation(void **state)
{
    sqlite3 *db = *state;
    char text[256];
    double lo, hi;

    make_samples(db);
    /* A: n = 10, NPS 40, variance 10^4 (0.8 - 0.16) = 6400, Wald SE
       sqrt(640) = 25.29822, z = 1.959964 -> 40 -+ 49.58360. */
    assert_near(query_double(db, "SELECT nps_interval_lo(nps_state(s), 0.95, 'wald') FROM a"),
                        -9.583603, 1e-5);
    assert_near(query_double(db, "SELECT nps_interval_hi(nps_state(s), 0.95, 'wald') FROM a"),
                        89.583603, 1e-5);
    assert_near(query_double(db, "SELECT nps_margin(nps_state(s), 0.95, 'wald') FROM a"),
                        49.583603, 1e-5);
    /* 90%: z = 1.644854 -> margin 41.61186. */
    assert_near(query_double(db, "SELECT nps_margin(nps_state(s), 0.9, 'WALD') FROM a"),
                        41.611862, 1e-5);
    /* Adjusted Wald (default method and level): n = 13, pR = 6.75/13,
       pD = 2.75/13, estimate 30.76923, SE 22.12021 -> [-12.58558, 74.12404]. */
    assert_near(query_double(db, "SELECT nps_interval_lo(nps_state(s)) FROM a"),
                        -12.585580, 1e-5);
    assert_near(query_double(db, "SELECT nps_interval_hi(nps_state(s)) FROM a"),
                        74.124042, 1e-5);
    /* The JSON form carries the same two numbers. */
    assert_int_equal(query(db, "SELECT nps_interval(nps_state(s), 0.95, 'wald') FROM a",
                           NULL, text, sizeof text), SQLITE_TEXT);
    assert_int_equal(sscanf(text, "[%lf,%lf]", &lo, &hi), 2);
    assert_near(lo, -9.583603, 1e-5);
    assert_near(hi, 89.583603, 1e-5);
    assert_near(query_double(db, "SELECT json_extract(nps_interval(nps_state(s)), '$[1]') FROM a"),
                        74.124042, 1e-5);
    /* Score interval: around the estimate, inside [-100, 100]. */
    lo = query_double(db, "SELECT nps_interval_lo(nps_state(s), 0.95, 'score') FROM a");
    hi = query_double(db, "SELECT nps_interval_hi(nps_state(s), 0.95, 'score') FROM a");
    assert_true(lo > -100 && lo < 40 && hi > 40 && hi < 100);
    exec(db, "DROP TABLE a; DROP TABLE b;");
}

static void test_sqlite__test_and_compare_match_hand_computation(void **state)
{
    sqlite3 *db = *state;
    const char *sa = "(SELECT nps_state(s) FROM a)";
    const char *sb = "(SELECT nps_state(s) FROM b)";
    char sql[512];

    make_samples(db);
    /* H0: NPS = 0 for A, Wald: z = 40 / 25.29822 = 1.581139,
       p = 2 (1 - Phi(1.581139)) = 0.1138463. */
    snprintf(sql, sizeof sql, "SELECT nps_test(%s, 0, 'wald')", sa);
    assert_near(query_double(db, sql), 0.1138463, 1e-6);
    /* A - B, Wald: diff 80, SE sqrt(640 + 640) = 35.77709,
       95% [9.878197, 150.121803], p = 2 (1 - Phi(2.236068)) = 0.0253473. */
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s, 0.95, 'wald'), '$.%s')",
             sa, sb, "diff");
    assert_near(query_double(db, sql), 80.0, 1e-9);
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s, 0.95, 'wald'), '$.%s')",
             sa, sb, "lo");
    assert_near(query_double(db, sql), 9.878197, 1e-5);
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s, 0.95, 'wald'), '$.%s')",
             sa, sb, "hi");
    assert_near(query_double(db, sql), 150.121803, 1e-5);
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s, 0.95, 'wald'), '$.%s')",
             sa, sb, "p_value");
    assert_near(query_double(db, sql), 0.0253473, 1e-6);
    /* Adjusted Wald (default): diff 2 x 30.76923 = 61.53846, SE
       sqrt(2) x 22.12021 = 31.28259, 95% [0.225500, 122.851423],
       p = 2 (1 - Phi(1.967201)) = 0.0491633. */
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s), '$.lo')", sa, sb);
    assert_near(query_double(db, sql), 0.225500, 1e-5);
    snprintf(sql, sizeof sql, "SELECT json_extract(nps_compare(%s, %s), '$.p_value')", sa, sb);
    assert_near(query_double(db, sql), 0.0491633, 1e-6);
    exec(db, "DROP TABLE a; DROP TABLE b;");
}

/* 2000 days of deterministic scores with a NULL every 17th row. */
static void make_days(sqlite3 *db)
{
    exec(db, "CREATE TEMP TABLE days(day INTEGER PRIMARY KEY, score);"
             "WITH RECURSIVE c(d) AS (SELECT 1 UNION ALL SELECT d + 1 FROM c "
             "WHERE d < 2000) INSERT INTO days SELECT d, CASE WHEN d % 17 = 0 "
             "THEN NULL ELSE (d * 7 + d / 3) % 11 END FROM c;");
}

/* The SQL equivalent: promoters minus detractors over non-NULL scores. */
#define NPS_EXPR(w) \
    "100.0 * (sum(score >= 9) OVER " w " - sum(score <= 6) OVER " w ") " \
    "/ nullif(count(score) OVER " w ", 0)"

static void test_sqlite__sliding_window_matches_sql(void **state)
{
    sqlite3 *db = *state;

    make_days(db);
    /* Every row of a 30-row sliding frame (xStep + xInverse + xValue). */
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT nps(score) OVER w AS v, "
                         NPS_EXPR("w") " AS e FROM days WINDOW w AS (ORDER BY day "
                         "ROWS 29 PRECEDING)) WHERE v IS e OR abs(v - e) < 1e-9"),
        2000, 0);
    /* Growing frame and partitioned RANGE frame. */
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT nps(score) OVER w AS v, "
                         NPS_EXPR("w") " AS e FROM days WINDOW w AS (ORDER BY day)) "
                         "WHERE v IS e OR abs(v - e) < 1e-9"),
        2000, 0);
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT nps(score) OVER w AS v, "
                         NPS_EXPR("w") " AS e FROM days WINDOW w AS (PARTITION BY "
                         "day % 5 ORDER BY day RANGE BETWEEN 50 PRECEDING AND 10 "
                         "FOLLOWING)) WHERE v IS e OR abs(v - e) < 1e-9"),
        2000, 0);
    /* The state as a window function agrees with the score. */
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT nps_score(nps_state(score) "
                         "OVER w) AS v, nps(score) OVER w AS e FROM days WINDOW w "
                         "AS (ORDER BY day ROWS 6 PRECEDING)) WHERE v IS e"),
        2000, 0);
    exec(db, "DROP TABLE days");
}

static void test_sqlite__three_row_frame_by_hand(void **state)
{
    sqlite3 *db = *state;
    sqlite3_stmt *st = NULL;
    /* Scores 10, 0, 8, 9, NULL with ROWS 2 PRECEDING:
       {10} 100; {10,0} 0; {10,0,8} 0; {0,8,9} 0; {8,9,NULL} 50. */
    static const double want[] = { 100, 0, 0, 0, 50 };
    int i = 0;

    assert_int_equal(sqlite3_prepare_v2(db,
        "WITH t(i, s) AS (VALUES (1, 10), (2, 0), (3, 8), (4, 9), (5, NULL)) "
        "SELECT nps(s) OVER (ORDER BY i ROWS 2 PRECEDING) FROM t ORDER BY i",
        -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(i < 5);
        assert_near(sqlite3_column_double(st, 0), want[i], 1e-12);
        i++;
    }
    assert_int_equal(i, 5);
    sqlite3_finalize(st);
    /* A one-row frame on a NULL score holds no answers: NULL. */
    assert_true(query_is_null(db, "WITH t(i, s) AS (VALUES (1, 9), (2, NULL), (3, 0)) "
                                  "SELECT v FROM (SELECT i, nps(s) OVER (ORDER BY i "
                                  "ROWS CURRENT ROW) v FROM t) WHERE i = 2"));
}

static void test_sqlite__rollup_of_daily_states_equals_direct(void **state)
{
    sqlite3 *db = *state;

    make_days(db);
    exec(db, "CREATE TEMP TABLE daily AS SELECT day / 10 AS d, nps_state(score) AS st "
             "FROM days GROUP BY 1");
    /* Days -> "months" (30 days) -> everything, equal bytes to direct. */
    assert_near(
        query_double(db, "SELECT (SELECT nps_merge(st) FROM (SELECT nps_merge(st) st "
                         "FROM daily GROUP BY d / 3)) = (SELECT nps_state(score) FROM days)"),
        1, 0);
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT d / 3 m, nps_score(nps_merge(st)) v "
                         "FROM daily GROUP BY 1) JOIN (SELECT day / 30 m, nps(score) e "
                         "FROM days GROUP BY 1) USING (m) WHERE abs(v - e) < 1e-9"),
        query_double(db, "SELECT count(DISTINCT day / 30) FROM days"), 0);
    /* nps_merge as a sliding window (xInverse subtracts a state). */
    assert_near(
        query_double(db, "SELECT count(*) FROM (SELECT nps_merge(st) OVER w = "
                         "(SELECT nps_state(score) FROM days WHERE day / 10 BETWEEN "
                         "daily.d - 2 AND daily.d) AS ok FROM daily WINDOW w AS "
                         "(ORDER BY d ROWS 2 PRECEDING)) WHERE ok"),
        query_double(db, "SELECT count(*) FROM daily"), 0);
    exec(db, "DROP TABLE daily; DROP TABLE days");
}

static void test_sqlite__bad_scores_abort_with_the_value(void **state)
{
    sqlite3 *db = *state;

    expect_error(db, "WITH t(s) AS (VALUES (9), (11)) SELECT nps(s) FROM t",
                 "nps: score 11", "0-10");
    expect_error(db, "SELECT nps(-1)", "score -1", NULL);
    expect_error(db, "SELECT nps_state(9999999999)", "score 9999999999", NULL);
    expect_error(db, "SELECT nps(8.5)", "must be an integer", "8.5");
    expect_error(db, "SELECT nps('nine')", "got text 'nine'", NULL);
    expect_error(db, "SELECT nps(x'09')", "got a blob", NULL);
    expect_error(db, "WITH t(s) AS (VALUES (3), (12)) "
                     "SELECT nps(s) OVER (ROWS 1 PRECEDING) FROM t",
                 "score 12", NULL);
}

static void test_sqlite__corrupted_states_are_rejected(void **state)
{
    sqlite3 *db = *state;

    exec(db, "CREATE TEMP TABLE g AS SELECT nps_state(9) AS st");
    /* The byte-editing expressions below really change one byte. */
    assert_near(query_double(db, "SELECT length(CAST(st || x'00' AS BLOB)) - length(st) FROM g"),
                1, 0);
    expect_error(db, "SELECT nps_score(x'00')", "not a valid nps state", NULL);
    expect_error(db, "SELECT nps_score(x'')", "not a valid nps state", NULL);
    expect_error(db, "SELECT nps_total(substr(st, 1, length(st) - 1)) FROM g",
                 "not a valid nps state", NULL);
    expect_error(db, "SELECT nps_total(CAST(st || x'00' AS BLOB)) FROM g", "not a valid nps state", NULL);
    /* One changed byte in the middle: the checksum catches it. (|| yields
       text in SQLite: cast the bytes back to a blob.) */
    exec(db, "CREATE TEMP TABLE f AS SELECT st, CAST(substr(st, 1, length(st) / 2) || "
             "CASE WHEN substr(st, length(st) / 2 + 1, 1) = x'00' THEN x'01' "
             "ELSE x'00' END || substr(st, length(st) / 2 + 2) AS BLOB) AS bad FROM g");
    assert_near(query_double(db, "SELECT typeof(bad) = 'blob' AND length(bad) = length(st) "
                                 "AND bad != st FROM f"), 1, 0);
    expect_error(db, "SELECT nps_total(bad) FROM f", "not a valid nps state", NULL);
    expect_error(db, "SELECT nps_merge(x'deadbeef')", "nps_merge: not a valid nps state", NULL);
    expect_error(db, "SELECT nps_score('text')", "must be a blob", NULL);
    expect_error(db, "SELECT nps_score(42)", "must be a blob", NULL);
    exec(db, "DROP TABLE g; DROP TABLE f");
}

static void test_sqlite__bad_parameters_are_rejected(void **state)
{
    sqlite3 *db = *state;

    expect_error(db, "SELECT nps_interval(nps_state(9), 1.0)", "level 1", "not in (0, 1)");
    expect_error(db, "SELECT nps_interval(nps_state(9), 0)", "not in (0, 1)", NULL);
    expect_error(db, "SELECT nps_interval(nps_state(9), 'high')", "must be a number", NULL);
    expect_error(db, "SELECT nps_margin(nps_state(9), 0.95, 'bayes')", "unknown interval method 'bayes'", NULL);
    expect_error(db, "SELECT nps_test(nps_state(9), 101)", "[-100, 100]", NULL);
    expect_error(db, "SELECT nps_compare(nps_state(9), nps_state(0), 0.95, 'score')",
                 "not available for two samples", NULL);
}

/* A state on the 1-10 scale holding 15 answers of 10, and a 0-10 state with
   2^63 promoters and 5 detractors, both serialized by libnps. */
#define STATE_1_10 "x'4e50534101010a07090000000000000000000ff0b58d2e'"
#define STATE_HUGE "x'4e50534101000a07090500000000000000000080808080808080808001ae893095'"

static void test_sqlite__merge_window_forgets_departed_states(void **state)
{
    sqlite3 *db = *state;
    char text[128];

    exec(db, "CREATE TEMP TABLE w(i, st);"
             "INSERT INTO w VALUES (1, " STATE_1_10 "), (2, NULL), (3, NULL);"
             "INSERT INTO w SELECT 4, nps_state(s) FROM (SELECT 10 AS s UNION ALL SELECT 10);"
             "INSERT INTO w SELECT 5, nps_state(0);");
    /* Two-row frames: {1} 15, {1,2} 15, {2,3} NULL, {3,4} 2, {4,5} 3. */
    query(db, "SELECT group_concat(coalesce(n, 'NULL'), ',') FROM (SELECT "
              "nps_total(nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING)) AS n "
              "FROM w ORDER BY i)", NULL, text, sizeof text);
    assert_string_equal(text, "15,15,NULL,2,3");
    /* Each sliding frame equals merging its rows from scratch. */
    assert_near(query_double(db,
        "SELECT count(*) FROM (SELECT i, nps_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING) AS m "
        "FROM w) x WHERE m IS NOT (SELECT nps_merge(st) FROM w w2 "
        "WHERE w2.i BETWEEN x.i - 1 AND x.i)"), 0, 0);
    /* A frame of only NULL states is NULL, also as a plain aggregate. */
    assert_true(query_is_null(db, "SELECT nps_merge(st) FROM w WHERE i IN (2, 3)"));
    /* Both scales inside one frame: an error naming nps_merge. */
    expect_error(db, "SELECT nps_merge(st) OVER (ORDER BY i ROWS 3 PRECEDING) FROM w",
                 "nps_merge: states on different scales", NULL);
    exec(db, "DROP TABLE w");
}

static void test_sqlite__null_argument_gives_null(void **state)
{
    sqlite3 *db = *state;

    assert_true(query_is_null(db, "SELECT nps_interval(nps_state(9), NULL)"));
    assert_true(query_is_null(db, "SELECT nps_interval_hi(nps_state(9), 0.9, NULL)"));
    assert_true(query_is_null(db, "SELECT nps_margin(nps_state(9), NULL)"));
    assert_true(query_is_null(db, "SELECT nps_test(nps_state(9), 0, NULL)"));
    assert_true(query_is_null(db, "SELECT nps_test(NULL, 500)"));
    assert_true(query_is_null(db, "SELECT nps_test(nps_state(9), NULL)"));
    assert_true(query_is_null(db, "SELECT nps_compare(nps_state(9), nps_state(0), NULL)"));
    assert_true(query_is_null(db, "SELECT nps_compare(NULL, x'00')"));
    assert_true(query_is_null(db, "SELECT nps_total(NULL)"));
    /* A bad value next to no NULL is still an error. */
    expect_error(db, "SELECT nps_test(nps_state(9), 500)", "nps_test", "[-100, 100]");
}

static void test_sqlite__numeric_text_scores_read_like_sqlite(void **state)
{
    sqlite3 *db = *state;

    /* '9', '10', ' 7', '3' are answers; '' is an unanswered cell:
       2 promoters, 1 passive, 1 detractor -> 25. */
    exec(db, "CREATE TEMP TABLE csv(s TEXT);"
             "INSERT INTO csv VALUES ('9'), ('10'), (''), ('3'), (' 7'), (NULL)");
    assert_near(query_double(db, "SELECT nps(s) FROM csv"), 25.0, 1e-12);
    assert_near(query_double(db, "SELECT nps_total(nps_state(s)) FROM csv"), 4, 0);
    assert_true(query_is_null(db, "SELECT nps(s) FROM (SELECT '' AS s)"));
    /* The window inverse reads text the same way as the step. */
    assert_near(query_double(db, "SELECT sum(v) FROM (SELECT nps(s) OVER "
                                 "(ORDER BY rowid ROWS 1 PRECEDING) AS v FROM csv)"),
                100 + 100 + 100 - 100 - 50 + 0, 1e-9);
    expect_error(db, "SELECT nps('9.5')", "nps: score must be an integer", "9.5");
    expect_error(db, "SELECT nps_state('nine')", "nps_state: score must be an integer",
                 "'nine'");
    expect_error(db, "SELECT nps('11')", "nps: score 11", "0-10");
    exec(db, "DROP TABLE csv");
}

static void test_sqlite__errors_name_the_function_called(void **state)
{
    sqlite3 *db = *state;

    expect_error(db, "SELECT nps_promoters(x'00')", "nps_promoters: not a valid", NULL);
    expect_error(db, "SELECT nps_passives(x'00')", "nps_passives: not a valid", NULL);
    expect_error(db, "SELECT nps_detractors(x'00')", "nps_detractors: not a valid", NULL);
    expect_error(db, "SELECT nps_total(x'00')", "nps_total: not a valid", NULL);
    expect_error(db, "SELECT nps_state(12)", "nps_state: score 12", NULL);
    expect_error(db, "SELECT nps_state(s) OVER (ROWS 1 PRECEDING) FROM (SELECT 'x' AS s)",
                 "nps_state: score must be an integer", NULL);
}

static void test_sqlite__counts_beyond_int64_are_errors(void **state)
{
    sqlite3 *db = *state;

    assert_near(query_double(db, "SELECT nps_detractors(" STATE_HUGE ")"), 5, 0);
    expect_error(db, "SELECT nps_promoters(" STATE_HUGE ")",
                 "nps_promoters: count 9223372036854775808", "64-bit");
    expect_error(db, "SELECT nps_total(" STATE_HUGE ")",
                 "nps_total: count 9223372036854775813", NULL);
}

/* ---------------------------------------------------------------------- */
/* Weighted NPS                                                            */

static void test_sqlite__weighted_hand_case(void **state)
{
    sqlite3 *db = *state;
    double m, var;

    /* 10 weighing 1, 0 weighing 2, 8 weighing 3: W = 6, promoters 1,
       detractors 2 -> 100 (1 - 2) / 6; n_eff = 36 / 14; Taylor variance
       3/2 * sum w^2 (x - m)^2 / W^2 with x = +100, -100, 0. */
    exec(db, "CREATE TEMP TABLE wt(i, s, w); INSERT INTO wt VALUES "
             "(1, 10, 1), (2, 0, 2), (3, 8, 3);"
             "CREATE TEMP TABLE ws AS SELECT nps_weighted_state(s, w) AS st FROM wt;");
    m = -100.0 / 6.0;
    var = 1.5 * (1 * (100 - m) * (100 - m) + 4 * (-100 - m) * (-100 - m)
                 + 9 * m * m) / 36.0;
    assert_near(query_double(db, "SELECT nps_weighted(s, w) FROM wt"), m, 1e-12);
    assert_near(query_double(db, "SELECT nps_weighted_score(st) FROM ws"), m, 1e-12);
    assert_near(query_double(db, "SELECT nps_weighted_total(st) FROM ws"), 3, 0);
    assert_near(query_double(db, "SELECT nps_weighted_effective_n(st) FROM ws"),
                36.0 / 14.0, 1e-12);
    assert_near(query_double(db, "SELECT nps_weighted_stderr(st) FROM ws"),
                sqrt(var), 1e-9);
    /* Wald: m -+ z SE, the lower end clamped to -100. */
    assert_near(query_double(db, "SELECT nps_weighted_interval_hi(st, 0.95, 'wald') FROM ws"),
                m + 1.959963984540054 * sqrt(var), 1e-6);
    assert_near(query_double(db, "SELECT nps_weighted_interval_lo(st, 0.95, 'wald') FROM ws"),
                -100.0, 0);
    assert_near(query_double(db, "SELECT json_extract(nps_weighted_interval(st, 0.95, 'wald'), '$[1]') "
                                 "= nps_weighted_interval_hi(st, 0.95, 'wald') FROM ws"), 1, 0);
    /* One answer: no standard error and no Wald interval (NULL). */
    assert_true(query_is_null(db, "SELECT nps_weighted_stderr(nps_weighted_state(9, 2))"));
    assert_true(query_is_null(db, "SELECT nps_weighted_interval(nps_weighted_state(9, 2), 0.95, 'wald')"));
    exec(db, "DROP TABLE wt; DROP TABLE ws;");
}

static void test_sqlite__weighted_with_unit_weights_is_unweighted(void **state)
{
    sqlite3 *db = *state;

    make_samples(db);
    exec(db, "CREATE TEMP TABLE u AS SELECT nps_weighted_state(s, 1) AS w, "
             "nps_state(s) AS n FROM a");
    assert_near(query_double(db, "SELECT nps_weighted(s, 1) = nps(s) FROM a"), 1, 0);
    assert_near(query_double(db, "SELECT nps_weighted_effective_n(w) FROM u"), 10, 1e-12);
    assert_near(query_double(db, "SELECT nps_weighted_interval_lo(w) - nps_interval_lo(n) FROM u"),
                0, 1e-9);
    assert_near(query_double(db, "SELECT nps_weighted_interval_hi(w, 0.9, 'score') "
                                 "- nps_interval_hi(n, 0.9, 'score') FROM u"), 0, 1e-9);
    exec(db, "DROP TABLE u; DROP TABLE a; DROP TABLE b;");
}

static void test_sqlite__weighted_matches_sql_expression(void **state)
{
    sqlite3 *db = *state;

    /* 3000 rows, non-integral weights, NULLs in both columns. */
    exec(db, "CREATE TEMP TABLE r AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
             "SELECT i + 1 FROM c WHERE i < 3000) SELECT i, "
             "CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 7) % 11 END AS s, "
             "CASE WHEN i % 89 = 0 THEN NULL ELSE 0.1 * (1 + i % 7) END AS w FROM c");
    assert_near(query_double(db,
        "SELECT nps_weighted(s, w) - 100.0 * (sum(CASE WHEN s >= 9 THEN w END) "
        "- sum(CASE WHEN s <= 6 THEN w END)) / sum(CASE WHEN s IS NOT NULL THEN w END) "
        "FROM r"), 0, 1e-9);
    assert_near(query_double(db,
        "SELECT nps_weighted_total(nps_weighted_state(s, w)) "
        "- count(CASE WHEN s IS NOT NULL AND w IS NOT NULL THEN 1 END) FROM r"), 0, 0);
    /* Growing frames (running NPS, partitions) are the aggregate's values. */
    assert_near(query_double(db,
        "SELECT max(abs(v - (SELECT nps_weighted(s, w) FROM r r2 WHERE r2.i <= x.i))) "
        "FROM (SELECT i, nps_weighted(s, w) OVER (ORDER BY i) AS v FROM r WHERE i <= 200) x"),
        0, 0);
    assert_near(query_double(db,
        "SELECT count(*) FROM (SELECT i % 3 AS g, nps_weighted(s, w) OVER (PARTITION BY i % 3) AS v "
        "FROM r) x WHERE v = (SELECT nps_weighted(s, w) FROM r r2 WHERE r2.i % 3 = x.g)"),
        3000, 0);
    /* Rollup of three group states equals the direct one (within an ulp or
       so: non-integral weights). */
    assert_near(query_double(db,
        "SELECT nps_weighted_score(m) - (SELECT nps_weighted(s, w) FROM r) FROM "
        "(SELECT nps_weighted_merge(st) AS m FROM (SELECT nps_weighted_state(s, w) AS st "
        "FROM r GROUP BY i % 3))"), 0, 1e-11);
    exec(db, "DROP TABLE r");
}

static void test_sqlite__weighted_nulls_and_text(void **state)
{
    sqlite3 *db = *state;

    /* (9, '2.5'), (0, ' 0.5 ') count; NULL or '' anywhere skips the row:
       100 (2.5 - 0.5) / 3. */
    assert_near(query_double(db,
        "WITH t(s, w) AS (VALUES ('9', '2.5'), ('', '1'), ('3', ''), (NULL, 4), "
        "('0', ' 0.5 '), (10, NULL)) SELECT nps_weighted(s, w) FROM t"),
        200.0 / 3.0, 1e-12);
    assert_true(query_is_null(db, "SELECT nps_weighted(NULL, 1)"));
    assert_true(query_is_null(db, "SELECT nps_weighted(9, NULL)"));
    assert_true(query_is_null(db, "SELECT nps_weighted_state(9, 1) WHERE 0"));
    assert_true(query_is_null(db, "SELECT nps_weighted_merge(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_weighted_score(NULL)"));
    assert_true(query_is_null(db, "SELECT nps_weighted_interval(nps_weighted_state(9, 1), NULL)"));
}

static void test_sqlite__weighted_bad_weights_name_the_value(void **state)
{
    sqlite3 *db = *state;

    expect_error(db, "SELECT nps_weighted(9, 0)", "nps_weighted: weight 0", "positive finite");
    expect_error(db, "SELECT nps_weighted_state(9, -3)", "nps_weighted_state: weight -3", NULL);
    expect_error(db, "SELECT nps_weighted(9, 9e999)", "weight Inf", NULL);
    /* (Not the printed value: valgrind parses 1e-300 to another double.) */
    expect_error(db, "SELECT nps_weighted(9, 1e-300)", "nps_weighted: weight ", "outside the supported range");
    expect_error(db, "SELECT nps_weighted(9, 'heavy')", "got text 'heavy'", NULL);
    expect_error(db, "SELECT nps_weighted(9, x'01')", "weight must be a number", "blob");
    expect_error(db, "SELECT nps_weighted(12, 1)", "score 12", NULL);
    expect_error(db, "SELECT nps_weighted(8.5, 1)", "must be an integer", NULL);
}

static void test_sqlite__weighted_sliding_window_is_refused(void **state)
{
    sqlite3 *db = *state;

    expect_error(db, "WITH t(i, s, w) AS (VALUES (1, 9, 1), (2, 0, 1), (3, 9, 1)) "
                     "SELECT nps_weighted(s, w) OVER (ORDER BY i ROWS 1 PRECEDING) FROM t",
                 "nps_weighted: weighted sums cannot remove rows", "UNBOUNDED PRECEDING");
    expect_error(db, "WITH t(i, st) AS (SELECT 1, nps_weighted_state(9, 1) UNION ALL "
                     "SELECT 2, nps_weighted_state(0, 1) UNION ALL SELECT 3, nps_weighted_state(9, 1)) "
                     "SELECT nps_weighted_merge(st) OVER (ORDER BY i ROWS 1 PRECEDING) FROM t",
                 "nps_weighted_merge: weighted sums cannot remove rows", NULL);
    /* With EXCLUDE TIES over a unique ordering, SQLite recomputes each
       sliding frame from its rows: every value equals the aggregate of the
       frame written as a subquery. (10, 1), (0, 3), (9, 1), (7, 2) over
       two rows: 100, -50, -50, 33.33. */
    exec(db, "CREATE TEMP TABLE sw(i, s, w); INSERT INTO sw VALUES "
             "(1, 10, 1), (2, 0, 3), (3, 9, 1), (4, 7, 2)");
    assert_near(query_double(db,
        "SELECT count(*) FROM (SELECT i, nps_weighted(s, w) OVER "
        "(ORDER BY i ROWS 1 PRECEDING EXCLUDE TIES) AS v FROM sw) x "
        "WHERE v = (SELECT nps_weighted(s, w) FROM sw y WHERE y.i BETWEEN x.i - 1 AND x.i)"),
        4, 0);
    assert_near(query_double(db,
        "SELECT group_concat(round(v, 4), ',') = '100.0,-50.0,-50.0,33.3333' FROM "
        "(SELECT nps_weighted(s, w) OVER (ORDER BY i ROWS 1 PRECEDING EXCLUDE TIES) AS v FROM sw ORDER BY i)"),
        1, 0);
    exec(db, "DROP TABLE sw");
}

static void test_sqlite__weighted_corrupted_states_are_rejected(void **state)
{
    sqlite3 *db = *state;
    sqlite3_stmt *st = NULL;
    unsigned char good[256], bad[256];
    int len, i, bit, rc;

    /* Every truncation and every single-bit flip of a weighted state is
       refused (the kind W codec is canonical, with a CRC-32C). */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT nps_weighted_state(s, w) FROM (SELECT 9 AS s, "
                                            "1.5 AS w UNION ALL SELECT 3, 0.25)", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    len = sqlite3_column_bytes(st, 0);
    assert_true(len > 0 && len <= (int)sizeof good);
    memcpy(good, sqlite3_column_blob(st, 0), (size_t)len);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT nps_weighted_total(?)", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(st, 1, good, len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    for (i = 0; i < len; i++) {
        sqlite3_reset(st);
        sqlite3_bind_blob(st, 1, good, i, SQLITE_STATIC);
        rc = sqlite3_step(st);
        assert_int_equal(rc, SQLITE_ERROR);
        assert_non_null(strstr(sqlite3_errmsg(db), "not a valid weighted nps state"));
        for (bit = 0; bit < 8; bit++) {
            memcpy(bad, good, (size_t)len);
            bad[i] ^= (unsigned char)(1u << bit);
            sqlite3_reset(st);
            sqlite3_bind_blob(st, 1, bad, len, SQLITE_STATIC);
            assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
        }
    }
    sqlite3_finalize(st);
    expect_error(db, "SELECT nps_weighted_score(nps_state(9))", "not a valid weighted nps state", NULL);
    expect_error(db, "SELECT nps_score(nps_weighted_state(9, 1))", "not a valid nps state", NULL);
    expect_error(db, "SELECT nps_weighted_merge(x'deadbeef')", "nps_weighted_merge: not a valid", NULL);
    expect_error(db, "SELECT nps_weighted_stderr(42)", "must be a blob", NULL);
    expect_error(db, "SELECT nps_weighted_interval(nps_weighted_state(9, 1), 2)", "level 2", NULL);
    expect_error(db, "SELECT nps_weighted_interval_lo(nps_weighted_state(9, 1), 0.9, 'x')",
                 "nps_weighted_interval_lo: unknown interval method", NULL);
}

static void test_sqlite__weighted_test_and_compare(void **state)
{
    sqlite3 *db = *state;

    make_samples(db);
    /* Unit weights: the adjusted Wald and score tests are nps_test's. */
    assert_near(query_double(db, "SELECT nps_weighted_test(nps_weighted_state(s, 1), 20) "
                                 "- nps_test(nps_state(s), 20) FROM a"), 0, 1e-9);
    assert_near(query_double(db, "SELECT nps_weighted_test(nps_weighted_state(s, 1), 20, 'score') "
                                 "- nps_test(nps_state(s), 20, 'score') FROM a"), 0, 1e-9);
    /* Wald by hand: 10 weighing 1, 0 weighing 2, 8 weighing 3 against 50:
       z = (-50/3 - 50) / 42.763345 = -1.558968, p = 0.119004. */
    assert_near(query_double(db, "SELECT nps_weighted_test(nps_weighted_state(s, w), 50, 'wald') "
                                 "FROM (SELECT 10 AS s, 1 AS w UNION ALL SELECT 0, 2 UNION ALL SELECT 8, 3)"),
                0.1190040664, 1e-8);
    /* Wald comparison: diff = NPS(a) - NPS(b), half-width z sqrt(SE_a^2 + SE_b^2). */
    exec(db, "CREATE TEMP TABLE wc AS SELECT "
             "(SELECT nps_weighted_state(s, 1 + rowid % 3) FROM a) AS x, "
             "(SELECT nps_weighted_state(s, 1 + rowid % 2) FROM b) AS y");
    assert_near(query_double(db, "SELECT json_extract(nps_weighted_compare(x, y, 0.95, 'wald'), '$.diff') "
                                 "- (nps_weighted_score(x) - nps_weighted_score(y)) FROM wc"), 0, 1e-9);
    assert_near(query_double(db, "SELECT (json_extract(nps_weighted_compare(x, y, 0.95, 'wald'), '$.hi') "
                                 "- json_extract(nps_weighted_compare(x, y, 0.95, 'wald'), '$.lo')) / 2 "
                                 "- 1.959963984540054 * sqrt(nps_weighted_stderr(x) * nps_weighted_stderr(x) "
                                 "+ nps_weighted_stderr(y) * nps_weighted_stderr(y)) FROM wc"), 0, 1e-6);
    assert_true(query_is_null(db, "SELECT nps_weighted_compare(nps_weighted_state(9, 1), "
                                  "nps_weighted_state(0, 1), 0.95, 'wald')"));
    assert_true(query_is_null(db, "SELECT nps_weighted_test(NULL, 500)"));
    expect_error(db, "SELECT nps_weighted_compare(x, y, 0.95, 'score') FROM wc", "method 'score'", NULL);
    expect_error(db, "SELECT nps_weighted_test(x, 101) FROM wc", "nps_weighted_test: benchmark", NULL);
    exec(db, "DROP TABLE wc; DROP TABLE a; DROP TABLE b;");
}

/* Two series of five periods: (series, position, detractors, passives,
   promoters), one answer row per answer (0, 7 or 10). */
static void make_periods(sqlite3 *db)
{
    exec(db, "CREATE TEMP TABLE pc(series, x, d, p, r); INSERT INTO pc VALUES "
             "('a',0,30,40,30),('a',1,25,40,35),('a',2,28,30,42),('a',3,20,35,45),('a',4,22,28,50),"
             "('b',0,40,30,30),('b',1,20,30,50),('b',2,45,30,25),('b',3,15,30,55),('b',5,30,25,45);"
             "CREATE TEMP TABLE periods AS "
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60), "
             "ans AS (SELECT series, x, 0 AS s FROM pc, n WHERE i <= d "
             "        UNION ALL SELECT series, x, 7 FROM pc, n WHERE i <= p "
             "        UNION ALL SELECT series, x, 10 FROM pc, n WHERE i <= r) "
             "SELECT series, x, nps_state(s) AS st FROM ans GROUP BY series, x;");
}

/* Against R: y = 100 (R - D) / n, v = 10^4 ((pR + pD) - (pR - pD)^2) / n
   with pR = (R + 3/4) / (n + 3), pD = (D + 3/4) / (n + 3);
   metafor::rma(y, v, mods = ~x, method = "DL", test = "knha") and, for
   'answers', summary(lm(value ~ x)) over the 500 answers. */
static void test_sqlite__trend_matches_r(void **state)
{
    sqlite3 *db = *state;
    char text[512];

    make_periods(db);
    exec(db, "CREATE TEMP TABLE tr AS SELECT series, nps_trend(st, x) AS re, "
             "nps_trend(st, x, 'ANSWERS') AS ols FROM periods GROUP BY series");
    assert_near(query_double(db, "SELECT json_extract(re, '$.slope') FROM tr WHERE series = 'a'"), 7.1245078486, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(re, '$.se') FROM tr WHERE series = 'a'"), 0.7115072645, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(re, '$.p_value') FROM tr WHERE series = 'a'"), 0.0021201506, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(re, '$.tau') FROM tr WHERE series = 'a'"), 0, 1e-12);
    assert_near(query_double(db, "SELECT json_extract(re, '$.q') FROM tr WHERE series = 'a'"), 0.2483464075, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(re, '$.slope') FROM tr WHERE series = 'b'"), 4.3390843788, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(re, '$.se') FROM tr WHERE series = 'b'"), 7.2985038140, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(re, '$.p_value') FROM tr WHERE series = 'b'"), 0.5940206655, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(re, '$.tau') FROM tr WHERE series = 'b'"), 27.0224409074, 1e-7);
    assert_near(query_double(db, "SELECT json_extract(re, '$.q') FROM tr WHERE series = 'b'"), 38.0602898285, 1e-7);
    assert_near(query_double(db, "SELECT json_extract(re, '$.q_p_value') FROM tr WHERE series = 'b'"), 2.74e-8, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(re, '$.df') FROM tr WHERE series = 'b'"), 3, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(re, '$.periods') FROM tr WHERE series = 'b'"), 5, 0);
    assert_near(query_double(db, "SELECT json_extract(re, '$.answers') FROM tr WHERE series = 'b'"), 500, 0);
    /* Every answer independent: b looks significant (p 0.047) only when
       its periods' differences are taken for sampling noise. */
    assert_near(query_double(db, "SELECT json_extract(ols, '$.slope') FROM tr WHERE series = 'a'"), 7.1, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(ols, '$.se') FROM tr WHERE series = 'a'"), 2.4953812756, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(ols, '$.slope') FROM tr WHERE series = 'b'"), 4.3243243243, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(ols, '$.p_value') FROM tr WHERE series = 'b'"), 0.0465529842, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(ols, '$.df') FROM tr WHERE series = 'b'"), 498, 1e-9);
    /* The explicit default is the default. */
    assert_true(query_double(db, "SELECT count(*) FROM (SELECT series, nps_trend(st, x, 'random_effects') AS t "
                                 "FROM periods GROUP BY series) JOIN tr USING (series) WHERE t = re") == 2);
    (void)query(db, "SELECT json_valid(re) FROM tr WHERE series = 'a'", NULL, text, sizeof text);
    assert_string_equal(text, "1");
    /* Rows with a NULL state or position are skipped, empty states too;
       below three non-empty periods, and with no rows, the result is NULL. */
    assert_near(query_double(db, "SELECT json_extract(nps_trend(st, x), '$.periods') FROM "
                                 "(SELECT st, x FROM periods WHERE series = 'a' UNION ALL SELECT NULL, 9 "
                                 "UNION ALL SELECT st, NULL FROM periods WHERE series = 'b')"), 5, 0);
    assert_true(query_is_null(db, "SELECT nps_trend(st, x) FROM periods WHERE series = 'a' AND x < 2"));
    assert_true(query_is_null(db, "SELECT nps_trend(st, x) FROM periods WHERE 0"));
    expect_error(db, "SELECT nps_trend(st, 1) FROM periods", "nps_trend: every non-empty period is at one position", NULL);
    expect_error(db, "SELECT nps_trend(st, x, 'ols') FROM periods", "nps_trend: unknown trend method 'ols'", NULL);
    expect_error(db, "SELECT nps_trend(st, CASE WHEN x < 2 THEN 'early' ELSE x END) FROM periods",
                 "nps_trend: the position must be a finite number", NULL);
    expect_error(db, "SELECT nps_trend(st, x, CASE WHEN x < 2 THEN 'answers' ELSE 'random_effects' END) FROM periods",
                 "nps_trend: the method changes between rows", NULL);
    expect_error(db, "SELECT nps_trend(x'00', x) FROM periods", "nps_trend: not a valid nps state", NULL);
    exec(db, "DROP TABLE tr; DROP TABLE periods; DROP TABLE pc;");
}

/* Against R: rma(y, v, method = "FE")$QE, v as above. */
static void test_sqlite__heterogeneity_matches_r(void **state)
{
    sqlite3 *db = *state;

    make_periods(db);
    assert_near(query_double(db, "SELECT json_extract(nps_heterogeneity(st), '$.statistic') FROM periods WHERE series = 'a'"),
                8.5485298079, 1e-8);
    assert_near(query_double(db, "SELECT json_extract(nps_heterogeneity(st), '$.p_value') FROM periods WHERE series = 'a'"),
                0.0734297884, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(nps_heterogeneity(st), '$.statistic') FROM periods WHERE series = 'b'"),
                42.5133965605, 1e-7);
    assert_near(query_double(db, "SELECT json_extract(nps_heterogeneity(st), '$.df') FROM periods WHERE series = 'b'"), 4, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(nps_heterogeneity(st), '$.groups') FROM "
                                 "(SELECT st FROM periods WHERE series = 'b' UNION ALL SELECT NULL)"), 5, 0);
    assert_true(query_is_null(db, "SELECT nps_heterogeneity(st) FROM periods WHERE series = 'a' AND x = 0"));
    expect_error(db, "SELECT nps_heterogeneity(x) FROM periods", "nps_heterogeneity: a state must be a blob", NULL);
    exec(db, "DROP TABLE periods; DROP TABLE pc;");
}

/* The MOVER interval recomputed from each sample's score limits:
   lo = d - sqrt((ta - la)^2 + (ub - tb)^2), hi = d + sqrt((ua - ta)^2 + (tb - lb)^2). */
static void test_sqlite__compare_score_is_mover(void **state)
{
    sqlite3 *db = *state;

    make_samples(db);
    exec(db, "CREATE TEMP TABLE cs AS SELECT (SELECT nps_state(s) FROM a) AS x, (SELECT nps_state(s) FROM b) AS y");
    assert_near(query_double(db, "SELECT json_extract(nps_compare_score(x, y), '$.diff') - (nps_score(x) - nps_score(y)) FROM cs"),
                0, 1e-12);
    assert_near(query_double(db, "SELECT json_extract(nps_compare_score(x, y), '$.lo') - (nps_score(x) - nps_score(y) "
                                 "- sqrt((nps_score(x) - nps_interval_lo(x, 0.95, 'score')) * (nps_score(x) - nps_interval_lo(x, 0.95, 'score')) "
                                 "+ (nps_interval_hi(y, 0.95, 'score') - nps_score(y)) * (nps_interval_hi(y, 0.95, 'score') - nps_score(y)))) FROM cs"),
                0, 1e-9);
    assert_near(query_double(db, "SELECT json_extract(nps_compare_score(x, y, 0.9), '$.hi') - (nps_score(x) - nps_score(y) "
                                 "+ sqrt((nps_interval_hi(x, 0.9, 'score') - nps_score(x)) * (nps_interval_hi(x, 0.9, 'score') - nps_score(x)) "
                                 "+ (nps_score(y) - nps_interval_lo(y, 0.9, 'score')) * (nps_score(y) - nps_interval_lo(y, 0.9, 'score')))) FROM cs"),
                0, 1e-9);
    /* One promoter against one detractor: raw difference 200, inside its
       interval; nps_compare's diff is the adjusted-Wald one, 100 (1.75 -
       0.75) / 4 - (-25) = 50. */
    assert_near(query_double(db, "SELECT json_extract(nps_compare_score(nps_state(10), nps_state(0)), '$.diff')"), 200, 0);
    assert_near(query_double(db, "SELECT json_extract(nps_compare(nps_state(10), nps_state(0)), '$.diff')"), 50, 1e-9);
    assert_true(query_double(db, "SELECT json_extract(nps_compare_score(nps_state(10), nps_state(0)), '$.lo') < 200") == 1);
    assert_near(query_double(db, "SELECT json_extract(nps_compare_score(x, x), '$.p_value') FROM cs"), 1, 0);
    assert_true(query_is_null(db, "SELECT nps_compare_score(nps_state(NULL), nps_state(9))"));
    assert_true(query_is_null(db, "SELECT nps_compare_score(NULL, nps_state(9))"));
    expect_error(db, "SELECT nps_compare_score(x, y, 95) FROM cs", "nps_compare_score: confidence level", NULL);
    exec(db, "DROP TABLE cs; DROP TABLE a; DROP TABLE b;");
}

/* Wald with known shares: n = z^2 var / margin^2, var = 10^4 ((pR + pD) -
   (pR - pD)^2): pR 0.5, pD 0.2, margin 5 -> 3.8414588 * 6100 / 25 = 937.3
   -> 938; unknown shares take 0.5 / 0.5 -> 1536.6 -> 1537. */
static void test_sqlite__sample_size_and_method_names(void **state)
{
    sqlite3 *db = *state;

    assert_near(query_double(db, "SELECT nps_sample_size(5, 0.95, 'wald', 0.5, 0.2)"), 938, 0);
    assert_near(query_double(db, "SELECT nps_sample_size(5, 0.95, 'wald')"), 1537, 0);
    assert_near(query_double(db, "SELECT nps_sample_size(5, 0.95, 'wald', NULL, NULL)"), 1537, 0);
    assert_near(query_double(db, "SELECT nps_sample_size(5, 0.95, 'wald', 0.5)"), 1537, 0);
    /* Adjusted Wald (the default) counts the 3 pseudo-answers: fewer. */
    assert_true(query_double(db, "SELECT nps_sample_size(5) BETWEEN 1500 AND 1536") == 1);
    assert_true(query_double(db, "SELECT nps_sample_size(5, 0.95, 'score', 0.5, 0.2) BETWEEN 900 AND 980") == 1);
    assert_true(query_is_null(db, "SELECT nps_sample_size(NULL)"));
    expect_error(db, "SELECT nps_sample_size(5, 0.95, 'score')", "nps_sample_size: method 'score' needs both", NULL);
    expect_error(db, "SELECT nps_sample_size(0)", "nps_sample_size: the margin", NULL);
    expect_error(db, "SELECT nps_sample_size(5, 0.95, 'wald', 0.7, 0.5)", "add up to more than 1", NULL);
    expect_error(db, "SELECT nps_sample_size(5, 0.95, 'wald', 'half')", "an expected share", NULL);
    expect_error(db, "SELECT nps_sample_size(5, 0.95, 'bayes')", "unknown interval method 'bayes'", NULL);
    /* Every spelling 1.0 accepted, in any case, and the nps tool's aliases;
       the three methods differ here, so each comparison can fail. */
    make_samples(db);
    assert_true(query_double(db, "SELECT nps_interval(x, 0.95, 'AW') = nps_interval(x, 0.95, 'adjusted_wald') "
                                 "AND nps_interval(x, 0.95, 'Adjusted-Wald') = nps_interval(x, 0.95) "
                                 "AND nps_interval(x, 0.95, 'TANGO') = nps_interval(x, 0.95, 'score') "
                                 "AND nps_interval(x, 0.95, 'Wald') = nps_interval(x, 0.95, 'wald') "
                                 "AND nps_interval(x, 0.95, 'wald') <> nps_interval(x, 0.95, 'score') "
                                 "AND nps_interval(x, 0.95, 'wald') <> nps_interval(x, 0.95) "
                                 "FROM (SELECT nps_state(s) AS x FROM a)") == 1);
    expect_error(db, "SELECT nps_interval(nps_state(9), 0.95, 'exact')",
                 "unknown interval method 'exact'; use 'adjusted_wald', 'wald' or 'score'", NULL);
    exec(db, "DROP TABLE a; DROP TABLE b;");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite__nps_of_every_score_once),
        cmocka_unit_test(test_sqlite__null_scores_are_ignored),
        cmocka_unit_test(test_sqlite__no_rows_or_only_nulls_give_null),
        cmocka_unit_test(test_sqlite__integral_reals_are_scores),
        cmocka_unit_test(test_sqlite__category_counts_of_a_state),
        cmocka_unit_test(test_sqlite__intervals_match_hand_computation),
        cmocka_unit_test(test_sqlite__test_and_compare_match_hand_computation),
        cmocka_unit_test(test_sqlite__sliding_window_matches_sql),
        cmocka_unit_test(test_sqlite__three_row_frame_by_hand),
        cmocka_unit_test(test_sqlite__rollup_of_daily_states_equals_direct),
        cmocka_unit_test(test_sqlite__bad_scores_abort_with_the_value),
        cmocka_unit_test(test_sqlite__corrupted_states_are_rejected),
        cmocka_unit_test(test_sqlite__bad_parameters_are_rejected),
        cmocka_unit_test(test_sqlite__merge_window_forgets_departed_states),
        cmocka_unit_test(test_sqlite__null_argument_gives_null),
        cmocka_unit_test(test_sqlite__numeric_text_scores_read_like_sqlite),
        cmocka_unit_test(test_sqlite__errors_name_the_function_called),
        cmocka_unit_test(test_sqlite__counts_beyond_int64_are_errors),
        cmocka_unit_test(test_sqlite__weighted_hand_case),
        cmocka_unit_test(test_sqlite__weighted_with_unit_weights_is_unweighted),
        cmocka_unit_test(test_sqlite__weighted_matches_sql_expression),
        cmocka_unit_test(test_sqlite__weighted_nulls_and_text),
        cmocka_unit_test(test_sqlite__weighted_bad_weights_name_the_value),
        cmocka_unit_test(test_sqlite__weighted_sliding_window_is_refused),
        cmocka_unit_test(test_sqlite__weighted_corrupted_states_are_rejected),
        cmocka_unit_test(test_sqlite__weighted_test_and_compare),
        cmocka_unit_test(test_sqlite__trend_matches_r),
        cmocka_unit_test(test_sqlite__heterogeneity_matches_r),
        cmocka_unit_test(test_sqlite__compare_score_is_mover),
        cmocka_unit_test(test_sqlite__sample_size_and_method_names),
    };

    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH/TO/nps.so\n", argv[0]);
        return 2;
    }
    module_path = argv[1];
    return cmocka_run_group_tests(tests, setup, teardown);
}
