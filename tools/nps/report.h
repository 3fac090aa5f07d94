/*
 * nps report: options, the computed results, and their three renderings
 * (text, JSON, SVG).
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_REPORT_H
#define NPS_CLI_REPORT_H

#include <stdio.h>

#include "input.h"
#include "tables.h"
#include "timeparse.h"

/* Caps that keep memory independent of the number of rows. */
#define REPORT_PERIOD_LIMIT 100000
#define REPORT_SEGMENT_LIMIT 1000
/* Alerts: each period against its trailing 12 periods, 3-sigma limits
   widened by the moving range (docs/statistics.md, table 3). */
#define REPORT_ALERT_WINDOW 12
#define REPORT_ALERT_LIMIT 3.0

typedef struct report_opts {
    input_opts in;
    nps_method method;
    double level;
    period_unit by;
    int has_benchmark;
    double benchmark;
    int json;
    const char *svg_path;
    int ascii;
    int utc;                 /* periods by UTC instant, not local date */
    size_t max_segments;
    size_t segment_rows;     /* rows of the text segment table */
    nps_adjust adjust;       /* segment p-values: Holm (default), BH, none */
    uint64_t min_segment;    /* smaller segments get no verdict */
} report_opts;

typedef struct weighted_stat {
    double nps, lo, hi;      /* weighted NPS and interval; NaN undefined */
    double neff;             /* Kish's effective n */
    nps_method im;           /* method of lo, hi */
} weighted_stat;

typedef struct stat_row {
    const char *name;        /* segment name or period label */
    int64_t key, start;      /* periods only: key is the start */
    int64_t index;           /* periods only: position, in periods */
    const nps_acc *acc;
    const nps_wacc *w;       /* --weight only */
    weighted_stat ws;
    uint64_t n;
    double nps, lo, hi;      /* NaN when undefined */
    nps_method im;           /* method of lo, hi (score when the chosen one
                                excluded the estimate) */
    /* against the rest (segments) */
    double diff, dlo, dhi, p;
    double p_adj;            /* NaN: no verdict (too small, or no test) */
    char label[24];
} stat_row;

typedef struct report {
    const report_opts *o;
    input in;
    nps_acc *all;
    nps_wacc *wall;          /* --weight only */
    weighted_stat ws;
    nps_timeline *geometry;  /* the library's periods for --by */
    period_map periods;
    segment_map segments;
    double nps, lo, hi, mean;
    nps_method im;           /* method of lo, hi */
    double bench_p;
    int bench_dir;           /* +1 significantly above, -1 below, 0 neither */
    stat_row *prow;
    nps_alert *alerts;       /* per period row; NULL when none */
    size_t nprow;
    int trend_ok;
    const char *trend_note;
    nps_trend trend;         /* random effects across the periods */
    int pop_ok;
    double pop_change, pop_diff, pop_lo, pop_hi, pop_p;
    int het_ok;              /* omnibus test across the segments */
    nps_heterogeneity het;
    size_t nverdict;         /* segments in the adjusted family */
    stat_row *srow;
    size_t nsrow;
    nps_acc **rest;          /* per segment: all answers minus the segment */
} report;

int report_run(const report_opts *o);
void report_text(FILE *f, const report *r);
void report_json(FILE *f, const report *r);
int report_svg(const char *path, const report *r); /* CLI_EXIT_* */

/* Whether p is below 1 - level. */
int report_significant(const report *r, double p);
/* Spelling of the --adjust choice ("holm", "bh", "none"). */
const char *report_adjust_name(nps_adjust a);
/* The two-sample comparisons' method, as JSON names it. */
#define REPORT_COMPARE_METHOD "mover_score"


#endif
