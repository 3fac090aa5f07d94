/*
 * Fuzz target: the nps tool's input layer on arbitrary bytes. Decoding
 * (BOM, UTF-8 check, iconv fallbacks), delimiter sniffing, the CSV reader,
 * header-row and column detection, answer cells and every date form.
 *
 * The first byte chooses the encoding path (auto, UTF-16, Latin-1); the
 * rest is the file. Checks: answers are on the scale, date parsing is
 * deterministic and a day-first/month-first reading agrees with the
 * undecided one wherever the first field settles it.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "csv.h"
#include "detect.h"
#include "fuzz_common.h"
#include "src.h"


static void check_cell(const char *s, size_t n, const nps_scale *sc)
{
    int v = -1, k, a, b, o;
    int64_t t1, t2;
    int32_t off1, off2;

    k = cell_answer(s, n, sc, &v);
    if (k == ANS_OK)
        FUZZ_CHECK(v >= sc->min && v <= sc->max);
    if (cell_unanswered(s, n))
        FUZZ_CHECK(k == ANS_UNANSWERED);
    (void)cell_is_number(s, n);
    for (o = TP_ORDER_ANY; o <= TP_DMY; o++) {
        int flags = o == TP_ORDER_ANY ? TP_EPOCH | TP_SERIAL : 0;
        int r1 = tp_parse_flex(s, n, o, flags, &t1, &off1, &a, &b);
        int r2 = tp_parse_flex(s, n, o, flags, &t2, &off2, NULL, NULL);
        FUZZ_CHECK(r1 == r2);
        if (r1 == 0)
            FUZZ_CHECK(t1 == t2 && off1 == off2);
        if (r1 == 0 && o == TP_ORDER_ANY && a > 12) {
            /* The first field settles it: day first. */
            FUZZ_CHECK(tp_parse_flex(s, n, TP_DMY, flags, &t2, &off2, NULL, NULL) == 0);
            FUZZ_CHECK(t1 == t2);
        }
    }
    if (n < 64) {
        (void)tp_parse_format(s, n, "%d/%m/%Y %H:%M", &t1);
        (void)tp_parse_format(s, n, "%Y-%m-%d", &t1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const enc[] = {NULL, "utf-16", "latin1", NULL};
    const nps_scale sc = {0, 10, 7, 9};
    src *s;
    const char *sample;
    size_t slen, i, ncand, nbest;
    int complete, flags = 0;
    char delim;
    table t;
    long *cand;
    uint64_t *answers;
    csv_reader *r;
    csv_record rec;
    uint64_t records = 0;

    if (size < 1)
        return 0;
    s = src_mem(data + 1, size - 1, enc[data[0] & 3]);
    if (!s)
        return 0;
    sample = src_sample(s, &slen, &complete);
    delim = detect_delimiter(sample, slen, complete);
    FUZZ_CHECK(delim == ',' || delim == ';' || delim == '\t' || delim == '|');
    if (table_read(&t, sample, slen, complete, delim) == 0) {
        size_t skip = detect_header_rows(&t);
        long tc;
        FUZZ_CHECK(skip <= 3 && skip <= t.nrow);
        cand = malloc((t.ncol + 1) * sizeof *cand);
        answers = malloc((t.ncol + 1) * sizeof *answers);
        ncand = detect_score(&t, skip, &sc, cand, &nbest, answers);
        FUZZ_CHECK(ncand <= t.ncol && nbest <= ncand);
        for (i = 0; i < ncand; i++)
            FUZZ_CHECK(cand[i] >= 0 && (size_t)cand[i] < t.ncol);
        tc = detect_time(&t, skip, ncand ? cand[0] : -1, &flags);
        if (tc >= 0) {
            const char *how = NULL;
            int o = detect_date_order(&t, skip, tc, flags, &how);
            FUZZ_CHECK(o >= TP_ORDER_ANY && o <= TP_DMY);
        }
        for (i = 0; i < t.ncol; i++) {
            col_stats st;
            char text[256];
            detect_col_stats(&t, skip, i, &st);
            FUZZ_CHECK(st.distinct <= st.nonempty && st.text + st.numeric == st.nonempty);
            detect_header_text(&t, skip, i, text, sizeof text);
            (void)detect_comment_name(t.head[i]);
            (void)detect_id_name(t.head[i]);
        }
        free(cand);
        free(answers);
        table_free(&t);
    }
    /* The whole stream, as the tool reads it. */
    r = csv_new(s, delim, 1u << 16);
    while (csv_next(r, &rec) == CSV_RECORD && records++ < 10000)
        for (i = 0; i < rec.nfields; i++) {
            FUZZ_CHECK(strlen(rec.field[i]) <= rec.len[i]);
            check_cell(rec.field[i], rec.len[i], &sc);
        }
    csv_free(r);
    src_free(s);
    return 0;
}
