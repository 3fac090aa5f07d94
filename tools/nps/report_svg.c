/*
 * nps report --svg: NPS per period with its confidence band, as a
 * standalone SVG file (no scripts, no external fonts).
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "report.h"

#define W 860.0
#define H 420.0
#define ML 60.0
#define MR 20.0
#define MT 40.0
#define MB 60.0

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

int report_svg(const char *path, const report *r)
{
    FILE *f = fopen(path, "w");
    double ymin = INFINITY, ymax = -INFINITY, step;
    int64_t k0, k1;
    size_t i, label_every;
    double y;

    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_IO;
    }
    for (i = 0; i < r->nprow; i++) {
        const stat_row *p = &r->prow[i];
        double lo = isnan(p->lo) ? p->nps : p->lo, hi = isnan(p->hi) ? p->nps : p->hi;
        if (lo < ymin)
            ymin = lo;
        if (hi > ymax)
            ymax = hi;
    }
    if (!(ymin <= ymax)) {
        ymin = -100;
        ymax = 100;
    }
    /* Round the axis out to tens so gridlines land on round numbers. */
    ymin = floor(ymin / 10) * 10;
    ymax = ceil(ymax / 10) * 10;
    if (ymax - ymin < 20) {
        ymin -= 10;
        ymax += 10;
    }
    if (ymin < -100)
        ymin = -100;
    if (ymax > 100)
        ymax = 100;
    k0 = r->nprow ? r->prow[0].index : 0;
    k1 = r->nprow ? r->prow[r->nprow - 1].index : 1;
    if (k1 == k0)
        k1 = k0 + 1;

#define X(k) (ML + (double)((k) - k0) / (double)(k1 - k0) * (W - ML - MR))
#define Y(v) (MT + (ymax - (v)) / (ymax - ymin) * (H - MT - MB))

    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
               "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
    fprintf(f, "<text x=\"%.0f\" y=\"24\" font-size=\"15\">NPS by %s, %g%% "
               "confidence band (%s) - ",
            ML, tp_unit_name(r->o->by), 100 * r->o->level,
            cli_method_name(r->o->method));
    xml_text(f, r->in.name);
    fputs("</text>\n", f);

    step = (ymax - ymin) > 100 ? 20 : 10;
    for (y = ymin; y <= ymax + 1e-9; y += step) {
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\"/>\n",
                ML, W - MR, Y(y), Y(y), fabs(y) < 1e-9 ? "#888" : "#e4e4e4");
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%+.0f</text>\n",
                ML - 6, Y(y) + 4, y == 0 ? 0.0 : y);
    }

    /* The band: upper edge left to right, lower edge back. */
    fputs("<polygon fill=\"#9ecae1\" fill-opacity=\"0.6\" points=\"", f);
    for (i = 0; i < r->nprow; i++)
        if (!isnan(r->prow[i].hi))
            fprintf(f, "%.1f,%.1f ", X(r->prow[i].index), Y(r->prow[i].hi));
    for (i = r->nprow; i-- > 0;)
        if (!isnan(r->prow[i].lo))
            fprintf(f, "%.1f,%.1f ", X(r->prow[i].index), Y(r->prow[i].lo));
    fputs("\"/>\n", f);

    fputs("<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"", f);
    for (i = 0; i < r->nprow; i++)
        if (!isnan(r->prow[i].nps))
            fprintf(f, "%.1f,%.1f ", X(r->prow[i].index), Y(r->prow[i].nps));
    fputs("\"/>\n", f);
    for (i = 0; i < r->nprow; i++) {
        const stat_row *p = &r->prow[i];
        if (isnan(p->nps))
            continue;
        /* Periods flagged by the alerts stand out, as in the text table. */
        const nps_alert *a = r->alerts ? &r->alerts[i] : NULL;
        int flagged = a && (a->kind == NPS_ALERT_LOW || a->kind == NPS_ALERT_HIGH);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\">"
                   "<title>%s: NPS %+.1f, %g%% CI %+.1f to %+.1f, n=%llu",
                X(p->index), Y(p->nps), flagged ? 5 : 3,
                flagged ? "#d62728" : "#08519c", p->label, p->nps, 100 * r->o->level,
                p->lo, p->hi, (unsigned long long)p->n);
        if (flagged)
            fprintf(f, "; %s: z %+.1f against %+.1f",
                    a->kind == NPS_ALERT_LOW ? "drop" : "rise", a->z, a->center);
        fputs("</title></circle>\n", f);
    }

    label_every = r->nprow / 12 + 1;
    for (i = 0; i < r->nprow; i += label_every) {
        const stat_row *p = &r->prow[i];
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                   "transform=\"rotate(-40 %.1f %.1f)\">%s</text>\n",
                X(p->index), H - MB + 16, X(p->index), H - MB + 16, p->label);
    }
    fputs("</svg>\n", f);
#undef X
#undef Y
    if (ferror(f) | fclose(f)) {
        cli_error("%s: write error", path);
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}
