/*
 * nps: Net Promoter Score reports from CSV files, built on libnps.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "followup.h"
#include "report.h"

static const char usage_text[] =
    "Usage: nps report [OPTIONS] [FILE|-]\n"
    "       nps followup [OPTIONS] FILE|-\n"
    "       nps --help | --version\n"
    "\n"
    "Net Promoter Score from a CSV file with a header row (or stdin).\n"
    "\n"
    "Input options (both commands):\n"
    "  --score COL         score column, by name or 1-based position (default: a\n"
    "                      column named score or nps, else the one question that\n"
    "                      asks how likely one is to recommend, in several\n"
    "                      languages, with answers on the scale)\n"
    "  --time COL          time column (default: found by name and content;\n"
    "                      --time '' for none)\n"
    "  --date-format F     strptime format of the time column, e.g. '%d/%m/%Y %H:%M'\n"
    "                      (default: ISO 8601, D/M/Y or M/D/Y decided per column,\n"
    "                      month names, epoch seconds)\n"
    "  --scale S           0-10 (default), 1-10, or min,max,passive_min,promoter_min\n"
    "  --delimiter C       field separator (default: sniffed among , ; tab |;\n"
    "                      'tab' for tabs)\n"
    "  --encoding E        input encoding (default: UTF-8 or UTF-16 by byte order\n"
    "                      mark, else UTF-8, else Windows-1252), e.g. latin1\n"
    "  --bad-rows FILE     write every problem row as CSV: line,reason,value\n"
    "  --strict            stop at the first bad row with exit status 1\n"
    "\n"
    "report options:\n"
    "  --segment COL       segment column (default: segment, plan, tier, region,\n"
    "                      group or cohort if present; --segment '' for none)\n"
    "  --by UNIT           period: day, week (Monday), month (default), quarter\n"
    "  --utc               periods by the UTC instant (default: by the local\n"
    "                      date written in each timestamp; UTC without offset)\n"
    "  --method M          adjusted_wald (default), wald, score\n"
    "  --level L           confidence level, 0.95 or 95 (default 0.95)\n"
    "  --benchmark X       test the NPS against an industry value (points)\n"
    "  --json              machine-readable output\n"
    "  --svg FILE          write a chart of NPS per period with its interval band\n"
    "  --ascii             ASCII bars and sparklines instead of Unicode blocks\n"
    "  --max-segments N    distinct segments kept (default 1000; more are pooled)\n"
    "  --segment-rows N    segments shown in the text table (default 25)\n"
    "  --adjust A          segment p-values adjusted by holm (default), bh or\n"
    "                      none; 'significant' is after adjustment\n"
    "  --min-segment N     no verdict for segments under N answers (default 30)\n"
    "  --weight COL        weight column, by name or position: weighted NPS\n"
    "                      with n and effective n next to the unweighted one\n"
    "\n"
    "followup options:\n"
    "  --limit K           newest K detractors and K promoters (default 20)\n"
    "  --since T           only answers at or after T (date, date-time or epoch)\n"
    "  --columns A,B,...   columns to show (default: identifiers such as id or\n"
    "                      email, and the free-text comment columns)\n"
    "  --column NAME       one column to show, by name (commas allowed) or\n"
    "                      position; repeatable\n"
    "  --json              machine-readable output\n"
    "\n"
    "Empty and NA scores are unanswered (counted, not errors). Scores that are\n"
    "not answers on the scale are left out; rows whose time does not parse are\n"
    "counted but undated. Each kind is summarised in one line on stderr.\n"
    "\n"
    "Exit status: 0 ok, 1 bad rows with --strict, 2 usage error, 3 I/O error,\n"
    "4 unusable input (no header, record too long, no valid answer), 5 internal\n"
    "error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", cli_prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'nps --help'.\n");
    return CLI_EXIT_USAGE;
}

static void print_version(void)
{
    printf("nps %s\nlibnps %s", NPS_VERSION_STRING, nps_version_string());
    if (nps_version_number() != NPS_VERSION_NUMBER)
        printf(" (built against %s)", NPS_VERSION_STRING);
    putchar('\n');
}

typedef struct common {
    input_opts in;
    int json;
    const char *file; /* the one positional argument */
} common;

static void common_init(common *c)
{
    memset(c, 0, sizeof *c);
    c->in.delim = 0; /* sniffed */
    c->in.scale.min = 0;
    c->in.scale.max = 10;
    c->in.scale.passive_min = 7;
    c->in.scale.promoter_min = 9;
}

enum {
    OPT_SCORE = 256, OPT_TIME, OPT_SCALE, OPT_DELIM, OPT_STRICT, OPT_JSON,
    OPT_ENCODING, OPT_DATE_FORMAT, OPT_BAD_ROWS, OPT_HELP,
    OPT_SEGMENT, OPT_BY, OPT_UTC, OPT_METHOD, OPT_LEVEL, OPT_BENCHMARK,
    OPT_SVG, OPT_ASCII, OPT_MAX_SEGMENTS, OPT_SEGMENT_ROWS, OPT_ADJUST,
    OPT_MIN_SEGMENT, OPT_WEIGHT,
    OPT_LIMIT, OPT_SINCE, OPT_COLUMNS, OPT_COLUMN
};

#define COMMON_OPTIONS                                                  \
    {"score", required_argument, NULL, OPT_SCORE},                      \
    {"time", required_argument, NULL, OPT_TIME},                        \
    {"scale", required_argument, NULL, OPT_SCALE},                      \
    {"delimiter", required_argument, NULL, OPT_DELIM},                  \
    {"encoding", required_argument, NULL, OPT_ENCODING},                \
    {"date-format", required_argument, NULL, OPT_DATE_FORMAT},          \
    {"bad-rows", required_argument, NULL, OPT_BAD_ROWS},                \
    {"strict", no_argument, NULL, OPT_STRICT},                          \
    {"json", no_argument, NULL, OPT_JSON},                              \
    {"help", no_argument, NULL, OPT_HELP}

static const struct option report_options[] = {
    COMMON_OPTIONS,
    {"segment", required_argument, NULL, OPT_SEGMENT},
    {"by", required_argument, NULL, OPT_BY},
    {"utc", no_argument, NULL, OPT_UTC},
    {"method", required_argument, NULL, OPT_METHOD},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"benchmark", required_argument, NULL, OPT_BENCHMARK},
    {"svg", required_argument, NULL, OPT_SVG},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"max-segments", required_argument, NULL, OPT_MAX_SEGMENTS},
    {"segment-rows", required_argument, NULL, OPT_SEGMENT_ROWS},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"min-segment", required_argument, NULL, OPT_MIN_SEGMENT},
    {"weight", required_argument, NULL, OPT_WEIGHT},
    {NULL, 0, NULL, 0}};

static const struct option followup_options[] = {
    COMMON_OPTIONS,
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"column", required_argument, NULL, OPT_COLUMN},
    {NULL, 0, NULL, 0}};

/* An option both commands share; returns -1 if @p opt is not one. */
static int common_opt(int opt, const char *v, common *c)
{
    switch (opt) {
    case OPT_SCORE:
        c->in.score_col = v;
        return 0;
    case OPT_TIME:
        c->in.time_col = v;
        return 0;
    case OPT_SCALE:
        if (cli_parse_scale(v, &c->in.scale))
            return usage_error("bad --scale '%s' (0-10, 1-10 or "
                               "min,max,passive_min,promoter_min)", v);
        return 0;
    case OPT_DELIM:
        if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
            c->in.delim = '\t';
        else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r')
            c->in.delim = v[0];
        else
            return usage_error("bad --delimiter '%s' (one character)", v);
        return 0;
    case OPT_ENCODING:
        c->in.encoding = v;
        return 0;
    case OPT_DATE_FORMAT:
        c->in.date_format = v;
        return 0;
    case OPT_BAD_ROWS:
        c->in.bad_rows_path = v;
        return 0;
    case OPT_STRICT:
        c->in.strict = 1;
        return 0;
    case OPT_JSON:
        c->json = 1;
        return 0;
    default:
        return -1;
    }
}

/* Runs getopt_long over argv[1..] (argv[1] is the command). Calls
   @p own for the command's options. Returns -1 to go on, else an exit
   status. */
static int parse_args(int argc, char **argv, const struct option *longopts,
                      common *c, int (*own)(int, const char *, void *), void *ctx)
{
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc - 1, argv + 1, ":h", longopts, NULL)) != -1) {
        int rc;
        if (opt == 'h' || opt == OPT_HELP) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        }
        if (opt == '?') {
            if (optopt && optopt < 256) {
                char o[3] = {'-', (char)optopt, '\0'};
                return usage_error("unknown option '%s'", o);
            }
            return usage_error("unknown option '%s'", argv[optind]);
        }
        if (opt == ':')
            return usage_error("option %s needs a value", argv[optind]);
        rc = common_opt(opt, optarg, c);
        if (rc < 0)
            rc = own(opt, optarg, ctx);
        if (rc > 0)
            return rc;
    }
    /* getopt_long saw argv + 1: its index i is argv[i + 1]. */
    for (opt = optind + 1; opt < argc; opt++) {
        if (c->file)
            return usage_error("more than one input file ('%s')", argv[opt]);
        c->file = argv[opt];
    }
    return -1;
}

static int report_opt(int opt, const char *v, void *ctx)
{
    report_opts *o = ctx;
    uint64_t u;
    switch (opt) {
    case OPT_SEGMENT:
        o->in.segment_col = v;
        break;
    case OPT_BY:
        if (tp_parse_unit(v, &o->by))
            return usage_error("bad --by '%s' (day, week, month or quarter)", v);
        break;
    case OPT_METHOD:
        if (cli_parse_method(v, &o->method))
            return usage_error("bad --method '%s' (adjusted_wald, wald or score)", v);
        break;
    case OPT_LEVEL:
        if (cli_parse_level(v, &o->level))
            return usage_error("bad --level '%s' (e.g. 0.95 or 95)", v);
        break;
    case OPT_BENCHMARK:
        if (cli_parse_double(v, &o->benchmark) || o->benchmark < -100 ||
            o->benchmark > 100)
            return usage_error("bad --benchmark '%s' (points, -100 to 100)", v);
        o->has_benchmark = 1;
        break;
    case OPT_SVG:
        o->svg_path = v;
        break;
    case OPT_MAX_SEGMENTS:
        if (cli_parse_u64(v, &u) || u < 1 || u > 1000000)
            return usage_error("bad --max-segments '%s' (1 to 1000000)", v);
        o->max_segments = (size_t)u;
        break;
    case OPT_SEGMENT_ROWS:
        if (cli_parse_u64(v, &u) || u > 1000000)
            return usage_error("bad --segment-rows '%s'", v);
        o->segment_rows = (size_t)u;
        break;
    case OPT_ADJUST:
        if (strcmp(v, "holm") == 0)
            o->adjust = NPS_ADJUST_HOLM;
        else if (strcmp(v, "bh") == 0)
            o->adjust = NPS_ADJUST_BH;
        else if (strcmp(v, "none") == 0)
            o->adjust = NPS_ADJUST_NONE;
        else
            return usage_error("bad --adjust '%s' (holm, bh or none)", v);
        break;
    case OPT_WEIGHT:
        o->in.weight_col = *v ? v : NULL;
        break;
    case OPT_MIN_SEGMENT:
        if (cli_parse_u64(v, &u) || u > UINT32_MAX)
            return usage_error("bad --min-segment '%s'", v);
        o->min_segment = u;
        break;
    case OPT_UTC:
        o->utc = 1;
        break;
    case OPT_ASCII:
        o->ascii = 1;
        break;
    default:
        return usage_error("option '%s' is not one of report's", "?");
    }
    return 0;
}

static int cmd_report(int argc, char **argv)
{
    report_opts o;
    common c;
    int rc;

    common_init(&c);
    memset(&o, 0, sizeof o);
    o.method = NPS_METHOD_ADJUSTED_WALD;
    o.level = 0.95;
    o.by = BY_MONTH;
    o.max_segments = REPORT_SEGMENT_LIMIT;
    o.segment_rows = 25;
    o.adjust = NPS_ADJUST_HOLM;
    o.min_segment = 30;
    rc = parse_args(argc, argv, report_options, &c, report_opt, &o);
    if (rc >= 0)
        return rc;
    {
        const char *seg = o.in.segment_col, *wcol = o.in.weight_col;
        o.in = c.in;
        o.in.segment_col = seg;
        o.in.weight_col = wcol;
    }
    o.in.path = c.file ? c.file : "-";
    o.in.command = "report";
    o.in.want_segment = 1;
    o.json = c.json;
    return report_run(&o);
}

static int followup_opt(int opt, const char *v, void *ctx)
{
    followup_opts *o = ctx;
    uint64_t u;
    switch (opt) {
    case OPT_LIMIT:
        if (cli_parse_u64(v, &u) || u > 1000000)
            return usage_error("bad --limit '%s' (0 to 1000000)", v);
        o->limit = (size_t)u;
        break;
    case OPT_SINCE:
        if (tp_parse(v, strlen(v), &o->since, NULL))
            return usage_error("bad --since '%s' (ISO 8601 date or epoch seconds)", v);
        o->has_since = 1;
        break;
    case OPT_COLUMNS:
        o->columns = v;
        break;
    case OPT_COLUMN:
        if (o->ncolumn < FOLLOWUP_MAX_COLUMNS)
            o->column[o->ncolumn++] = v;
        else
            return usage_error("too many --column options (at most %s)", "64");
        break;
    default:
        return usage_error("option '%s' is not one of followup's", "?");
    }
    return 0;
}

static int cmd_followup(int argc, char **argv)
{
    followup_opts o;
    common c;
    int rc;

    common_init(&c);
    memset(&o, 0, sizeof o);
    o.limit = 20;
    rc = parse_args(argc, argv, followup_options, &c, followup_opt, &o);
    if (rc >= 0)
        return rc;
    if (!c.file)
        return usage_error("%s", "followup needs a FILE (or - for stdin)");
    c.in.path = c.file;
    c.in.command = "followup";
    o.in = c.in;
    o.json = c.json;
    return followup_run(&o);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command (report or followup)");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        print_version();
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "report") == 0)
        return cmd_report(argc, argv);
    if (strcmp(argv[1], "followup") == 0)
        return cmd_followup(argc, argv);
    return usage_error("unknown command '%s' (report or followup)", argv[1]);
}
