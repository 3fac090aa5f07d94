/*
 * nps: Net Promoter Score reports from CSV files, built on libnps.
 * SPDX-License-Identifier: MIT
 */
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
    "  --score COL         score column, by name or 1-based position (default: score)\n"
    "  --time COL          time column: ISO 8601 date or date-time, or epoch seconds\n"
    "                      (default: a column named time, timestamp, date,\n"
    "                      submitted_at, created_at, ...; --time '' for none)\n"
    "  --scale S           0-10 (default), 1-10, or min,max,passive_min,promoter_min\n"
    "  --delimiter C       field separator (default ','; 'tab' for tabs)\n"
    "  --strict            stop at the first bad row with exit status 1\n"
    "\n"
    "report options:\n"
    "  --segment COL       segment column (default: segment, plan, tier, region,\n"
    "                      group or cohort if present; --segment '' for none)\n"
    "  --by UNIT           period: day, week (Monday), month (default), quarter\n"
    "  --utc               periods by the UTC instant (default: by the local\n"
    "                      date written in each timestamp; UTC without offset)\n"
    "  --method M          adjusted-wald (default), wald, score\n"
    "  --level L           confidence level, 0.95 or 95 (default 0.95)\n"
    "  --benchmark X       test the NPS against an industry value (points)\n"
    "  --json              machine-readable output\n"
    "  --svg FILE          write a chart of NPS per period with its interval band\n"
    "  --ascii             ASCII bars and sparklines instead of Unicode blocks\n"
    "  --max-segments N    distinct segments kept (default 1000; more are pooled)\n"
    "  --segment-rows N    segments shown in the text table (default 25)\n"
    "\n"
    "followup options:\n"
    "  --limit K           newest K detractors and K promoters (default 20)\n"
    "  --since T           only answers at or after T (date, date-time or epoch)\n"
    "  --columns A,B,...   columns to show (default: id, email, name, plan, ...\n"
    "                      and comment-like columns)\n"
    "  --json              machine-readable output\n"
    "\n"
    "Bad rows (missing or non-integer score, off the scale, bad time) are\n"
    "listed on stderr with their line number and counted in the report.\n"
    "\n"
    "Exit status: 0 ok, 1 bad rows with --strict, 2 usage error, 3 I/O error,\n"
    "4 unusable input (no header, record too long), 5 internal error.\n";

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

/* Matches "--name value" and "--name=value"; advances *i past the value. */
static int opt_value(int argc, char **argv, int *i, const char *name,
                     const char **val, int *err)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *err = usage_error("option %s needs a value", name);
        return 1;
    }
    *val = argv[++*i];
    return 1;
}

typedef struct common {
    input_opts in;
    int json;
    int help;         /* --help seen: print the usage and succeed */
    const char *file; /* the one positional argument */
} common;

/* Options both commands share; 1 if argv[*i] was one, with *err set on a
   bad value. */
static int common_opt(int argc, char **argv, int *i, common *c, int *err)
{
    const char *v;
    if (opt_value(argc, argv, i, "--score", &v, err)) {
        c->in.score_col = v;
    } else if (opt_value(argc, argv, i, "--time", &v, err)) {
        c->in.time_col = v;
    } else if (opt_value(argc, argv, i, "--scale", &v, err)) {
        if (!*err && cli_parse_scale(v, &c->in.scale))
            *err = usage_error("bad --scale '%s' (0-10, 1-10 or "
                               "min,max,passive_min,promoter_min)", v);
    } else if (opt_value(argc, argv, i, "--delimiter", &v, err)) {
        if (*err)
            return 1;
        if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
            c->in.delim = '\t';
        else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r')
            c->in.delim = v[0];
        else
            *err = usage_error("bad --delimiter '%s' (one character)", v);
    } else if (strcmp(argv[*i], "--strict") == 0) {
        c->in.strict = 1;
    } else if (strcmp(argv[*i], "--json") == 0) {
        c->json = 1;
    } else {
        return 0;
    }
    return 1;
}

/* What is left once a command has tried its own options: --help, an
   unknown option, or the input file. */
static void last_arg(const char *a, common *c, int *err)
{
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
        c->help = 1;
    else if (a[0] == '-' && a[1] != '\0')
        *err = usage_error("unknown option '%s'", a);
    else if (c->file)
        *err = usage_error("more than one input file ('%s')", a);
    else
        c->file = a;
}

static void common_init(common *c)
{
    memset(c, 0, sizeof *c);
    c->in.delim = ',';
    c->in.scale.min = 0;
    c->in.scale.max = 10;
    c->in.scale.passive_min = 7;
    c->in.scale.promoter_min = 9;
}

static int cmd_report(int argc, char **argv)
{
    report_opts o;
    common c;
    const char *v;
    int i, err = 0;
    uint64_t u;

    common_init(&c);
    memset(&o, 0, sizeof o);
    o.method = NPS_METHOD_ADJUSTED_WALD;
    o.level = 0.95;
    o.by = BY_MONTH;
    o.max_segments = REPORT_SEGMENT_LIMIT;
    o.segment_rows = 25;
    for (i = 2; i < argc && !err && !c.help; i++) {
        const char *a = argv[i];
        if (common_opt(argc, argv, &i, &c, &err)) {
            continue;
        } else if (opt_value(argc, argv, &i, "--segment", &v, &err)) {
            c.in.segment_col = v;
        } else if (opt_value(argc, argv, &i, "--by", &v, &err)) {
            if (!err && tp_parse_unit(v, &o.by))
                err = usage_error("bad --by '%s' (day, week, month or quarter)", v);
        } else if (opt_value(argc, argv, &i, "--method", &v, &err)) {
            if (!err && cli_parse_method(v, &o.method))
                err = usage_error("bad --method '%s' (adjusted-wald, wald or score)", v);
        } else if (opt_value(argc, argv, &i, "--level", &v, &err)) {
            if (!err && cli_parse_level(v, &o.level))
                err = usage_error("bad --level '%s' (e.g. 0.95 or 95)", v);
        } else if (opt_value(argc, argv, &i, "--benchmark", &v, &err)) {
            if (!err && (cli_parse_double(v, &o.benchmark) || o.benchmark < -100 ||
                         o.benchmark > 100))
                err = usage_error("bad --benchmark '%s' (points, -100 to 100)", v);
            o.has_benchmark = 1;
        } else if (opt_value(argc, argv, &i, "--svg", &v, &err)) {
            o.svg_path = v;
        } else if (opt_value(argc, argv, &i, "--max-segments", &v, &err)) {
            if (!err && (cli_parse_u64(v, &u) || u < 1 || u > 1000000))
                err = usage_error("bad --max-segments '%s' (1 to 1000000)", v);
            o.max_segments = (size_t)u;
        } else if (opt_value(argc, argv, &i, "--segment-rows", &v, &err)) {
            if (!err && (cli_parse_u64(v, &u) || u > 1000000))
                err = usage_error("bad --segment-rows '%s'", v);
            o.segment_rows = (size_t)u;
        } else if (strcmp(a, "--utc") == 0) {
            o.utc = 1;
        } else if (strcmp(a, "--ascii") == 0) {
            o.ascii = 1;
        } else {
            last_arg(a, &c, &err);
        }
    }
    if (c.help) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    if (err)
        return err;
    c.in.path = c.file ? c.file : "-";
    c.in.want_segment = 1;
    o.in = c.in;
    o.json = c.json;
    return report_run(&o);
}

static int cmd_followup(int argc, char **argv)
{
    followup_opts o;
    common c;
    const char *v;
    int i, err = 0;
    uint64_t u;

    common_init(&c);
    memset(&o, 0, sizeof o);
    o.limit = 20;
    for (i = 2; i < argc && !err && !c.help; i++) {
        const char *a = argv[i];
        if (common_opt(argc, argv, &i, &c, &err)) {
            continue;
        } else if (opt_value(argc, argv, &i, "--limit", &v, &err)) {
            if (!err && (cli_parse_u64(v, &u) || u > 1000000))
                err = usage_error("bad --limit '%s' (0 to 1000000)", v);
            o.limit = (size_t)u;
        } else if (opt_value(argc, argv, &i, "--since", &v, &err)) {
            if (!err && tp_parse(v, strlen(v), &o.since, NULL))
                err = usage_error("bad --since '%s' (ISO 8601 date or epoch seconds)", v);
            o.has_since = 1;
        } else if (opt_value(argc, argv, &i, "--columns", &v, &err)) {
            o.columns = v;
        } else {
            last_arg(a, &c, &err);
        }
    }
    if (c.help) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    if (err)
        return err;
    if (!c.file)
        return usage_error("%s", "followup needs a FILE (or - for stdin)");
    c.in.path = c.file;
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
