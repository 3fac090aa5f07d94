/*
 * nps report: the terminal rendering.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "report.h"

#define BAR_WIDTH 36

static const char *const blocks[9] = {"", "\u258F", "\u258E", "\u258D", "\u258C",
                                      "\u258B", "\u258A", "\u2589", "\u2588"};
static const char *const sparks[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                      "\u2585", "\u2586", "\u2587", "\u2588"};
static const char ascii_sparks[8] = {'_', '.', '-', '~', '=', '+', '*', '#'};

static void bar(FILE *f, double frac, int ascii)
{
    int eighths = (int)lround(frac * BAR_WIDTH * 8), i, cells = 0;
    if (frac > 0 && eighths == 0)
        eighths = 1; /* a non-empty score never looks empty */
    for (i = 0; i < eighths / 8; i++, cells++)
        fputs(ascii ? "#" : blocks[8], f);
    if (eighths % 8) {
        fputs(ascii ? (eighths % 8 >= 4 ? "#" : "|") : blocks[eighths % 8], f);
        cells++;
    }
    for (; cells < BAR_WIDTH; cells++)
        fputc(' ', f);
}

static void spark(FILE *f, double v, double lo, double hi, int ascii)
{
    int k;
    if (isnan(v)) {
        fputc(' ', f);
        return;
    }
    k = hi > lo ? (int)floor((v - lo) / (hi - lo) * 7.999) : 4;
    if (k < 0)
        k = 0;
    if (k > 7)
        k = 7;
    if (ascii)
        fputc(ascii_sparks[k], f);
    else
        fputs(sparks[k], f);
}

static const char *pts(double v, char *buf, size_t cap)
{
    if (isnan(v))
        snprintf(buf, cap, "n/a");
    else
        snprintf(buf, cap, "%+.1f", v == 0 ? 0.0 : v);
    return buf;
}

static const char *ci(double lo, double hi, char *buf, size_t cap)
{
    char a[16], b[16];
    if (isnan(lo))
        snprintf(buf, cap, "n/a");
    else
        snprintf(buf, cap, "%s to %s", pts(lo, a, sizeof a), pts(hi, b, sizeof b));
    return buf;
}

static const char *method_label(nps_method m)
{
    switch (m) {
    case NPS_METHOD_WALD: return "Wald";
    case NPS_METHOD_ADJUSTED_WALD: return "adjusted Wald";
    case NPS_METHOD_SCORE: return "Tango score";
    }
    return "?";
}

/* A row's interval; '*' when it is the score interval standing in for
   the chosen method's, which excluded the estimate or had no width. */
static const char *row_ci(const report *r, const stat_row *p, char *buf, size_t cap)
{
    ci(p->lo, p->hi, buf, cap);
    if (p->im != r->o->method && strlen(buf) + 2 <= cap)
        strcat(buf, "*");
    return buf;
}

static void weighted_cells(FILE *f, const stat_row *p)
{
    char b[32];
    fprintf(f, "%8s %10.1f  ", pts(p->ws.nps, b, sizeof b), p->ws.neff);
}

static void starred_note(FILE *f, const report *r, const stat_row *rows, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (rows[i].im != r->o->method) {
            fprintf(f, "  * Tango score interval: the %s interval excluded the "
                       "estimate or had no width\n", method_label(r->o->method));
            return;
        }
}

static const char *sig(const report *r, double p)
{
    return report_significant(r, p) ? "significant" : "not significant";
}

static void overall(FILE *f, const report *r)
{
    const nps_scale *sc = &r->o->in.scale;
    static const struct { nps_category c; const char *name; } cats[3] = {
        {NPS_PROMOTER, "Promoters "}, {NPS_PASSIVE, "Passives  "},
        {NPS_DETRACTOR, "Detractors"}};
    char b1[32], b2[32], b3[48], range[16];
    uint64_t n = nps_acc_total(r->all);
    int i;

    fprintf(f, "nps report: %s\n", r->in.name);
    fprintf(f, "  rows %s, valid %s, bad %s%s; scale %d-%d\n",
            cli_fmt_count(r->in.rows, b1, sizeof b1), cli_fmt_count(n, b2, sizeof b2),
            cli_fmt_count(r->in.bad, b3, sizeof b3),
            r->in.bad ? " (see stderr)" : "", sc->min, sc->max);
    fprintf(f, "  score column '%s'", r->in.header[r->in.score_idx]);
    if (r->in.unanswered)
        fprintf(f, ", unanswered %s", cli_fmt_count(r->in.unanswered, b1, sizeof b1));
    if (r->in.time_idx >= 0)
        fprintf(f, "; time column '%s', undated %s", r->in.header[r->in.time_idx],
                cli_fmt_count(r->in.undated, b2, sizeof b2));
    fputs("\n\n", f);
    fprintf(f, "  n                 %12s\n", cli_fmt_count(n, b1, sizeof b1));
    for (i = 0; i < 3; i++) {
        int lo = cats[i].c == NPS_PROMOTER ? sc->promoter_min
                 : cats[i].c == NPS_PASSIVE ? sc->passive_min : sc->min;
        int hi = cats[i].c == NPS_PROMOTER ? sc->max
                 : cats[i].c == NPS_PASSIVE ? sc->promoter_min - 1
                                            : sc->passive_min - 1;
        if (lo > hi)
            snprintf(range, sizeof range, "-");
        else if (lo == hi)
            snprintf(range, sizeof range, "%d", lo);
        else
            snprintf(range, sizeof range, "%d-%d", lo, hi);
        fprintf(f, "  %s %-6s %12s  %5.1f%%\n", cats[i].name, range,
                cli_fmt_count(nps_acc_category_count(r->all, cats[i].c), b1, sizeof b1),
                n ? 100.0 * nps_acc_share(r->all, cats[i].c) : 0.0);
    }
    fprintf(f, "\n  NPS %s   %g%% CI %s (%s", pts(r->nps, b1, sizeof b1),
            100 * r->o->level, ci(r->lo, r->hi, b3, sizeof b3), method_label(r->im));
    if (r->im != r->o->method)
        fprintf(f, "; the %s interval excluded the estimate or had no width",
                method_label(r->o->method));
    fputc(')', f);
    if (!isnan(r->mean))
        fprintf(f, "   mean score %.2f", r->mean);
    fputc('\n', f);
    if (r->wall) {
        fprintf(f, "  weighted NPS %s   %g%% CI %s (%s)   n %s, effective n %.1f "
                   "(weights in '%s')\n",
                pts(r->ws.nps, b1, sizeof b1), 100 * r->o->level,
                ci(r->ws.lo, r->ws.hi, b3, sizeof b3), method_label(r->ws.im),
                cli_fmt_count(n, b2, sizeof b2), r->ws.neff,
                r->in.header[r->in.weight_idx]);
        fputs("  (the tests below are on the unweighted answers)\n", f);
    }
    if (r->o->has_benchmark) {
        fprintf(f, "  against the benchmark %s: %s points, %s, ",
                pts(r->o->benchmark, b1, sizeof b1),
                pts(r->nps - r->o->benchmark, b2, sizeof b2),
                cli_fmt_p(r->bench_p, b3, sizeof b3));
        if (!r->bench_dir)
            fputs("not significantly different\n", f);
        else
            fprintf(f, "significantly %s\n", r->bench_dir > 0 ? "above" : "below");
    }
}

static void distribution(FILE *f, const report *r)
{
    const nps_scale *sc = &r->o->in.scale;
    uint64_t n = nps_acc_total(r->all), max = 0;
    char b[32];
    int s;
    for (s = sc->min; s <= sc->max; s++)
        if (nps_acc_count(r->all, s) > max)
            max = nps_acc_count(r->all, s);
    fputs("\nDistribution\n", f);
    for (s = sc->max; s >= sc->min; s--) {
        uint64_t c = nps_acc_count(r->all, s);
        nps_category cat;
        nps_classify(sc, s, &cat);
        fprintf(f, "  %3d %c ", s, "- +"[cat]);
        bar(f, max ? (double)c / (double)max : 0, r->o->ascii);
        fprintf(f, " %10s %5.1f%%\n", cli_fmt_count(c, b, sizeof b),
                n ? 100.0 * (double)c / (double)n : 0.0);
    }
    fputs("      (+ promoters, - detractors)\n", f);
}

static void periods(FILE *f, const report *r)
{
    const char *unit = tp_unit_name(r->o->by);
    double lo = INFINITY, hi = -INFINITY;
    char b1[32], b2[32], b3[48];
    size_t i;

    if (r->in.time_idx < 0)
        return;
    fprintf(f, "\nNPS by %s (time column '%s', %s)\n", unit,
            r->in.header[r->in.time_idx],
            r->o->utc ? "UTC" : "local dates as written");
    if (r->nprow == 0) {
        fputs("  no dated answers\n", f);
        return;
    }
    for (i = 0; i < r->nprow; i++)
        if (!isnan(r->prow[i].nps)) {
            if (r->prow[i].nps < lo)
                lo = r->prow[i].nps;
            if (r->prow[i].nps > hi)
                hi = r->prow[i].nps;
        }
    snprintf(b3, sizeof b3, "%g%% CI", 100 * r->o->level);
    fprintf(f, "  %-10s %10s %7s   %-16s", unit, "n", "NPS", b3);
    if (r->wall)
        fprintf(f, " %8s %10s", "w. NPS", "eff. n");
    fputc('\n', f);
    for (i = 0; i < r->nprow; i++) {
        const stat_row *p = &r->prow[i];
        fprintf(f, "  %-10s %10s %7s   %-16s  ", p->label,
                cli_fmt_count(p->n, b1, sizeof b1), pts(p->nps, b2, sizeof b2),
                row_ci(r, p, b3, sizeof b3));
        if (r->wall)
            weighted_cells(f, p);
        spark(f, p->nps, lo, hi, r->o->ascii);
        if (r->alerts[i].kind == NPS_ALERT_LOW || r->alerts[i].kind == NPS_ALERT_HIGH)
            fprintf(f, "  %s: z %+.1f against %+.1f",
                    r->alerts[i].kind == NPS_ALERT_LOW ? "drop" : "rise",
                    r->alerts[i].z, r->alerts[i].center);
        fputc('\n', f);
    }
    fputs("  sparkline  ", f);
    for (i = 0; i < r->nprow; i++)
        spark(f, r->prow[i].nps, lo, hi, r->o->ascii);
    fprintf(f, "  (%s to %s)\n", pts(lo, b1, sizeof b1), pts(hi, b2, sizeof b2));
    starred_note(f, r, r->prow, r->nprow);
    {
        size_t nal = 0, und = 0;
        for (i = 0; i < r->nprow; i++) {
            nal += r->alerts[i].kind == NPS_ALERT_LOW || r->alerts[i].kind == NPS_ALERT_HIGH;
            und += r->alerts[i].kind == NPS_ALERT_UNDECIDED;
        }
        fprintf(f, "  alerts: %zu of %zu %ss outside %g-sigma limits from the "
                   "trailing %d (Laney)",
                nal, r->nprow - und, unit, REPORT_ALERT_LIMIT, REPORT_ALERT_WINDOW);
        if (und)
            fprintf(f, "; %zu with no baseline of 3", und);
        fputc('\n', f);
    }
    if (r->trend_ok)
        fprintf(f, "  trend: %+.2f points per %s (SE %.2f, t on %g df), %s, %s\n"
                "    between-%s SD %.1f points; heterogeneity Q %.1f on %g df, %s\n",
                r->trend.slope == 0 ? 0.0 : r->trend.slope, unit, r->trend.se,
                r->trend.df, cli_fmt_p(r->trend.p_value, b2, sizeof b2),
                sig(r, r->trend.p_value), unit, r->trend.tau, r->trend.q,
                r->trend.df, cli_fmt_p(r->trend.q_p_value, b1, sizeof b1));
    else
        fprintf(f, "  trend: n/a (%s)\n", r->trend_note ? r->trend_note : "");
    if (r->pop_ok) {
        const stat_row *last = &r->prow[r->nprow - 1], *prev = &r->prow[r->nprow - 2];
        fprintf(f, "  last %s %s against %s: %s points (%g%% CI %s), %s, %s\n",
                unit, last->label, prev->label, pts(r->pop_change, b1, sizeof b1),
                100 * r->o->level, ci(r->pop_lo, r->pop_hi, b3, sizeof b3),
                cli_fmt_p(r->pop_p, b2, sizeof b2), sig(r, r->pop_p));
    }
}

/* Code points in s (UTF-8; a stray byte counts as one). */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* s in exactly @p width columns: padded, or cut with an ellipsis. */
static void put_cell(FILE *f, const char *s, size_t width)
{
    size_t w = width_of(s), i = 0, shown = 0;
    if (w <= width) {
        fputs(s, f);
        for (; w < width; w++)
            fputc(' ', f);
        return;
    }
    while (s[i] && shown < width - 1) {
        fputc(s[i++], f);
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            fputc(s[i++], f);
        shown++;
    }
    fputs("\xe2\x80\xa6", f); /* … */
}

#define SEGMENT_NAME_MAX 40

static const char *adjust_label(nps_adjust a)
{
    return a == NPS_ADJUST_HOLM ? "Holm" : a == NPS_ADJUST_BH ? "BH" : "none";
}

static void segments(FILE *f, const report *r)
{
    char b1[32], b2[32], b3[48], b4[32], b5[32], b6[48], b7[32];
    size_t i, shown, width = 16;
    if (r->in.segment_idx < 0)
        return;
    fprintf(f, "\nNPS by %s (each against all other answers)\n",
            r->in.header[r->in.segment_idx]);
    if (r->het_ok)
        fprintf(f, "  all equal? chi2 %.2f on %g df, %s: %s\n", r->het.statistic,
                r->het.df, cli_fmt_p(r->het.p_value, b1, sizeof b1),
                report_significant(r, r->het.p_value) ? "the segments differ"
                                                      : "no evidence the segments differ");
    else
        fputs("  all equal? n/a (fewer than two segments)\n", f);
    if (r->o->adjust == NPS_ADJUST_NONE)
        fprintf(f, "  p-values not adjusted for the %zu segments tested", r->nverdict);
    else
        fprintf(f, "  p-values adjusted (%s) over the %zu segments tested",
                adjust_label(r->o->adjust), r->nverdict);
    fprintf(f, "; no verdict under %llu answers\n",
            (unsigned long long)r->o->min_segment);
    snprintf(b3, sizeof b3, "%g%% CI", 100 * r->o->level);
    shown = r->nsrow < r->o->segment_rows ? r->nsrow : r->o->segment_rows;
    /* As wide as the longest name shown, up to a limit past which names
       end with an ellipsis (the JSON output has them whole). */
    for (i = 0; i < shown; i++)
        if (width_of(r->srow[i].name) > width)
            width = width_of(r->srow[i].name);
    if (width > SEGMENT_NAME_MAX)
        width = SEGMENT_NAME_MAX;
    fputs("  ", f);
    put_cell(f, r->in.header[r->in.segment_idx], width);
    fprintf(f, " %10s %7s   %-16s ", "n", "NPS", b3);
    if (r->wall)
        fprintf(f, "%8s %10s  ", "w. NPS", "eff. n");
    fprintf(f, "%8s   %-16s %-9s  %-9s\n", "vs rest", b3, "p", "p adj.");
    for (i = 0; i < shown; i++) {
        const stat_row *p = &r->srow[i];
        int verdict = !isnan(p->p_adj);
        fputs("  ", f);
        put_cell(f, p->name, width);
        fprintf(f, " %10s %7s   %-16s ", cli_fmt_count(p->n, b1, sizeof b1),
                pts(p->nps, b2, sizeof b2), row_ci(r, p, b3, sizeof b3));
        if (r->wall)
            weighted_cells(f, p);
        fprintf(f, "%8s   %-16s %-9s  %-9s  %s\n", pts(p->diff, b4, sizeof b4),
                ci(p->dlo, p->dhi, b6, sizeof b6),
                isnan(p->p) ? "" : cli_fmt_p(p->p, b5, sizeof b5),
                verdict ? cli_fmt_p(p->p_adj, b7, sizeof b7) : "",
                verdict ? sig(r, p->p_adj)
                : isnan(p->p) ? "" : "too few answers for a verdict");
    }
    starred_note(f, r, r->srow, shown);
    if (shown < r->nsrow)
        fprintf(f, "  ... %zu more segments (--segment-rows, or --json for all)\n",
                r->nsrow - shown);
}

void report_text(FILE *f, const report *r)
{
    overall(f, r);
    distribution(f, r);
    periods(f, r);
    segments(f, r);
}
