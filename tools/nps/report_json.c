/*
 * nps report --json: the same content as the text report, machine-readable.
 * Undefined statistics are null, never omitted, so consumers see a fixed
 * shape.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "cells.h"
#include "cli.h"
#include "report.h"

static void key(FILE *f, const char *k)
{
    cli_json_string(f, k);
    fputc(':', f);
}

static void num(FILE *f, const char *k, double v, int comma)
{
    key(f, k);
    cli_json_number(f, v);
    if (comma)
        fputc(',', f);
}

static void u64(FILE *f, const char *k, uint64_t v, int comma)
{
    key(f, k);
    fprintf(f, "%llu%s", (unsigned long long)v, comma ? "," : "");
}

static void interval(FILE *f, const report *r, double lo, double hi,
                     nps_method m)
{
    fputc('{', f);
    num(f, "lo", lo, 1);
    num(f, "hi", hi, 1);
    num(f, "level", r->o->level, 1);
    key(f, "method");
    cli_json_string(f, cli_method_name(m));
    fputc('}', f);
}

static void comparison(FILE *f, const report *r, double change, double lo,
                       double hi, double p, int segment, double p_adj)
{
    fputc('{', f);
    num(f, "change", change, 1);
    num(f, "lo", lo, 1);
    num(f, "hi", hi, 1);
    num(f, "level", r->o->level, 1);
    key(f, "method");
    cli_json_string(f, REPORT_COMPARE_METHOD);
    fputc(',', f);
    num(f, "p_value", p, 1);
    if (segment) {
        /* A verdict only for segments in the adjusted family. */
        num(f, "p_adjusted", p_adj, 1);
        key(f, "adjust");
        cli_json_string(f, report_adjust_name(r->o->adjust));
        fputc(',', f);
        p = p_adj;
    }
    key(f, "significant");
    if (isnan(p))
        fputs("null", f);
    else
        fputs(report_significant(r, p) ? "true" : "false", f);
    fputc('}', f);
}

static void alert(FILE *f, const nps_alert *a)
{
    static const char *const kind[4] = {"none", "drop", "rise", "undecided"};
    int decided = a->kind != NPS_ALERT_UNDECIDED;
    key(f, "alert");
    fputc('{', f);
    key(f, "kind");
    cli_json_string(f, kind[a->kind <= NPS_ALERT_UNDECIDED ? a->kind : 3]);
    fputc(',', f);
    num(f, "z", decided ? a->z : NAN, 1);
    num(f, "baseline_nps", decided ? a->center : NAN, 1);
    num(f, "lo", decided ? a->lo : NAN, 1);
    num(f, "hi", decided ? a->hi : NAN, 1);
    u64(f, "baseline_periods", a->baseline, 0);
    fputc('}', f);
}

/* "weighted": {...} or null, then "effective_n"; a comma follows. */
static void weighted(FILE *f, const report *r, const nps_wacc *w,
                     const weighted_stat *ws)
{
    key(f, "weighted");
    if (!w) {
        fputs("null,", f);
        key(f, "effective_n");
        fputs("null,", f);
        return;
    }
    fputc('{', f);
    num(f, "nps", ws->nps, 1);
    key(f, "interval");
    interval(f, r, ws->lo, ws->hi, ws->im);
    fputc(',', f);
    num(f, "total_weight", nps_wacc_total_weight(w), 1);
    num(f, "effective_n", ws->neff, 0);
    fputs("},", f);
    num(f, "effective_n", ws->neff, 1);
}

static void group(FILE *f, const report *r, const stat_row *p, int period)
{
    fputc('{', f);
    if (period) {
        key(f, "period");
        cli_json_string(f, p->label);
        fputc(',', f);
        key(f, "start");
        {
            char t[40];
            tp_format(p->start, t, sizeof t);
            cli_json_string(f, t);
        }
        fputc(',', f);
    } else {
        key(f, "segment");
        cli_json_string(f, p->name);
        fputc(',', f);
    }
    u64(f, "n", p->n, 1);
    u64(f, "promoters", nps_acc_category_count(p->acc, NPS_PROMOTER), 1);
    u64(f, "passives", nps_acc_category_count(p->acc, NPS_PASSIVE), 1);
    u64(f, "detractors", nps_acc_category_count(p->acc, NPS_DETRACTOR), 1);
    num(f, "nps", p->nps, 1);
    weighted(f, r, p->w, &p->ws);
    key(f, "interval");
    interval(f, r, p->lo, p->hi, p->im);
    if (period && r->alerts) {
        fputc(',', f);
        alert(f, &r->alerts[p - r->prow]);
    }
    if (!period) {
        fputc(',', f);
        key(f, "vs_rest");
        comparison(f, r, p->diff, p->dlo, p->dhi, p->p, 1, p->p_adj);
    }
    fputc('}', f);
}

void report_json(FILE *f, const report *r)
{
    const nps_scale *sc = &r->o->in.scale;
    uint64_t n = nps_acc_total(r->all);
    size_t i;
    int s;

    fputc('{', f);
    key(f, "file");
    cli_json_string(f, r->in.name);
    fputc(',', f);
    key(f, "version");
    cli_json_string(f, nps_version_string());
    fputc(',', f);
    key(f, "scale");
    fprintf(f, "{\"min\":%d,\"max\":%d,\"passive_min\":%d,\"promoter_min\":%d},",
            sc->min, sc->max, sc->passive_min, sc->promoter_min);
    u64(f, "rows", r->in.rows, 1);
    u64(f, "bad_rows", r->in.bad, 1);
    key(f, "bad_by_reason");
    fputc('{', f);
    for (i = 0; i < BAD_NREASONS; i++)
        u64(f, bad_reason_key[i], r->in.bad_by[i], i + 1 < BAD_NREASONS);
    fputs("},", f);
    u64(f, "blank_lines", r->in.blank, 1);
    u64(f, "unanswered", r->in.unanswered, 1);
    u64(f, "undated", r->in.undated, 1);
    key(f, "score_column");
    cli_json_string(f, r->in.header[r->in.score_idx]);
    fputc(',', f);
    u64(f, "score_position", (uint64_t)r->in.score_idx + 1, 1);
    key(f, "delimiter");
    {
        char d[2] = {r->in.delim, '\0'};
        cli_json_string(f, d);
    }
    fputc(',', f);
    key(f, "encoding");
    cli_json_string(f, src_encoding(r->in.src));
    fputc(',', f);
    u64(f, "extra_header_rows", r->in.extra_header_rows, 1);
    key(f, "date_order");
    if (r->in.time_idx < 0 || r->o->in.date_format || !r->in.date_how)
        fputs("null", f);
    else
        cli_json_string(f, r->in.date_order == TP_DMY   ? "day-first"
                           : r->in.date_order == TP_MDY ? "month-first"
                                                        : "undecided");
    fputc(',', f);
    u64(f, "n", n, 1);
    u64(f, "promoters", nps_acc_category_count(r->all, NPS_PROMOTER), 1);
    u64(f, "passives", nps_acc_category_count(r->all, NPS_PASSIVE), 1);
    u64(f, "detractors", nps_acc_category_count(r->all, NPS_DETRACTOR), 1);
    key(f, "shares");
    fputc('{', f);
    num(f, "promoters", nps_acc_share(r->all, NPS_PROMOTER), 1);
    num(f, "passives", nps_acc_share(r->all, NPS_PASSIVE), 1);
    num(f, "detractors", nps_acc_share(r->all, NPS_DETRACTOR), 0);
    fputs("},", f);
    num(f, "nps", r->nps, 1);
    key(f, "weight_column");
    if (r->in.weight_idx >= 0)
        cli_json_string(f, r->in.header[r->in.weight_idx]);
    else
        fputs("null", f);
    fputc(',', f);
    weighted(f, r, r->wall, &r->ws);
    key(f, "interval");
    interval(f, r, r->lo, r->hi, r->im);
    fputc(',', f);
    num(f, "mean", r->mean, 1);
    key(f, "distribution");
    fputc('[', f);
    for (s = sc->min; s <= sc->max; s++)
        fprintf(f, "%s{\"score\":%d,\"count\":%llu}", s > sc->min ? "," : "", s,
                (unsigned long long)nps_acc_count(r->all, s));
    fputs("],", f);

    key(f, "benchmark");
    if (r->o->has_benchmark) {
        fputc('{', f);
        num(f, "value", r->o->benchmark, 1);
        num(f, "difference", r->nps - r->o->benchmark, 1);
        num(f, "p_value", r->bench_p, 1);
        key(f, "method");
        cli_json_string(f, cli_method_name(r->im));
        fputc(',', f);
        key(f, "significant");
        fputs(r->bench_dir ? "true" : "false", f);
        fputc(',', f);
        key(f, "direction");
        fputs(r->bench_dir > 0 ? "\"above\"" : r->bench_dir < 0 ? "\"below\"" : "null", f);
        fputs("},", f);
    } else {
        fputs("null,", f);
    }

    key(f, "time_column");
    if (r->in.time_idx >= 0)
        cli_json_string(f, r->in.header[r->in.time_idx]);
    else
        fputs("null", f);
    fputc(',', f);
    key(f, "time_position");
    if (r->in.time_idx >= 0)
        fprintf(f, "%ld,", r->in.time_idx + 1);
    else
        fputs("null,", f);
    key(f, "by");
    cli_json_string(f, tp_unit_name(r->o->by));
    fputc(',', f);
    key(f, "periods");
    fputc('[', f);
    for (i = 0; i < r->nprow; i++) {
        if (i)
            fputc(',', f);
        group(f, r, &r->prow[i], 1);
    }
    fputs("],", f);
    key(f, "trend");
    if (r->trend_ok) {
        fputc('{', f);
        key(f, "method");
        cli_json_string(f, "random_effects");
        fputc(',', f);
        num(f, "slope", r->trend.slope, 1);
        num(f, "stderr", r->trend.se, 1);
        num(f, "p_value", r->trend.p_value, 1);
        num(f, "df", r->trend.df, 1);
        num(f, "between_period_sd", r->trend.tau, 1);
        num(f, "heterogeneity_q", r->trend.q, 1);
        num(f, "heterogeneity_p", r->trend.q_p_value, 1);
        u64(f, "periods", r->trend.periods, 1);
        key(f, "per");
        cli_json_string(f, tp_unit_name(r->o->by));
        fputc(',', f);
        key(f, "significant");
        fputs(report_significant(r, r->trend.p_value) ? "true" : "false", f);
        fputs("},", f);
    } else {
        fputs("null,", f);
    }
    key(f, "last_vs_previous");
    if (r->pop_ok) {
        const stat_row *last = &r->prow[r->nprow - 1], *prev = &r->prow[r->nprow - 2];
        fputc('{', f);
        key(f, "last");
        cli_json_string(f, last->label);
        fputc(',', f);
        key(f, "previous");
        cli_json_string(f, prev->label);
        fputc(',', f);
        key(f, "comparison");
        comparison(f, r, r->pop_change, r->pop_lo, r->pop_hi, r->pop_p, 0, NAN);
        fputs("},", f);
    } else {
        fputs("null,", f);
    }

    key(f, "segment_column");
    if (r->in.segment_idx >= 0)
        cli_json_string(f, r->in.header[r->in.segment_idx]);
    else
        fputs("null", f);
    fputc(',', f);
    key(f, "segments_test");
    if (r->het_ok) {
        fputc('{', f);
        num(f, "chi2", r->het.statistic, 1);
        num(f, "df", r->het.df, 1);
        num(f, "p_value", r->het.p_value, 1);
        key(f, "significant");
        fputs(report_significant(r, r->het.p_value) ? "true" : "false", f);
        fputs("},", f);
    } else {
        fputs("null,", f);
    }
    key(f, "adjust");
    cli_json_string(f, report_adjust_name(r->o->adjust));
    fputc(',', f);
    u64(f, "min_segment", r->o->min_segment, 1);
    key(f, "segments");
    fputc('[', f);
    for (i = 0; i < r->nsrow; i++) {
        if (i)
            fputc(',', f);
        group(f, r, &r->srow[i], 0);
    }
    fputs("]}\n", f);
}
