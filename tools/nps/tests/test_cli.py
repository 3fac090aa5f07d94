#!/usr/bin/env python3
"""Tests of the nps command-line tool (standard library only).

Every expected number is computed here independently of libnps: by hand
(with the derivation in a comment) for the small hand-made file, and by a
plain re-implementation of the published formulas (Rocks 2016, adjusted
Wald: add 3/4 detractor, 3/2 passive, 3/4 promoter, divisor n + 3) for the
sample data.

Environment: NPS_BIN (the executable), NPS_SOURCE_DIR (the source tree).
Run one group: python3 test_cli.py -v Csv
"""
import csv
import datetime as dt
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

BIN = os.environ.get("NPS_BIN", "nps")
SRC = os.environ.get("NPS_SOURCE_DIR",
                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(SRC, "examples", "data", "responses.csv")
HANDMADE = os.path.join(HERE, "data", "handmade.csv")
Z95 = 1.959963984540054  # standard normal 0.975 quantile


def run(args, stdin=None, cwd=None):
    p = subprocess.run([os.path.abspath(BIN) if os.sep in BIN else BIN] + args, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def run_json(testcase, args, stdin=None):
    rc, out, err = run(args + ["--json"], stdin)
    testcase.assertEqual(rc, 0, err)
    return json.loads(out), err


def write_tmp(data, suffix=".csv"):
    f = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)
    f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    f.close()
    return f.name


def adjusted_wald(prom, pas, det, z=Z95):
    """Rocks (2016): estimate and half-width, in points."""
    n = prom + pas + det + 3.0
    pr, pd = (prom + 0.75) / n, (det + 0.75) / n
    est = 100 * (pr - pd)
    se = 100 * math.sqrt(((pr + pd) - (pr - pd) ** 2) / n)
    return est, z * se, se


def t_two_sided_p(t, df):
    """Two-sided p of Student's t by Simpson integration of the density."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    x, steps = abs(t), 20000
    h = x / steps
    s = 0.0
    for i in range(steps + 1):
        w = 1 if i in (0, steps) else (4 if i % 2 else 2)
        s += w * c * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
    return 1 - 2 * s * h / 3


class Csv(unittest.TestCase):
    def test_cli__quoted_fields_with_commas_quotes_and_newlines(self):
        data = ('id,comment,score\n'
                '1,"hello, world",10\n'
                '2,"she said ""great""",9\n'
                '3,"two\nlines",0\n'
                '4,plain,7\n')
        j, _ = run_json(self, ["report", write_tmp(data)])
        self.assertEqual((j["n"], j["promoters"], j["passives"], j["detractors"]), (4, 2, 1, 1))

    def test_cli__crlf_bom_and_blank_lines(self):
        data = b'\xef\xbb\xbfscore,x\r\n10,a\r\n\r\n9,b\r\n6,c\r\n\r\n'
        j, err = run_json(self, ["report", write_tmp(data)])
        # The BOM must not end up in the header name: "score" is found.
        self.assertEqual((j["n"], j["promoters"], j["detractors"]), (3, 2, 1))
        self.assertEqual(j["blank_lines"], 2)
        self.assertEqual(j["bad_rows"], 0, err)

    def test_cli__line_numbers_count_embedded_newlines(self):
        # The bad row starts on physical line 4: line 2 holds a record whose
        # quoted field spans lines 2-3.
        data = 'comment,score\n"a\nb",9\nx,oops\n'
        rc, _, err = run(["report", write_tmp(data)])
        self.assertEqual(rc, 0)
        self.assertRegex(err, r"not an answer on the scale at line 4 \(e.g. 'oops'\)")

    def test_cli__missing_final_newline_and_lone_cr(self):
        data = 'score\r10\r0'
        j, _ = run_json(self, ["report", write_tmp(data)])
        self.assertEqual((j["n"], j["promoters"], j["detractors"]), (2, 1, 1))

    def test_cli__semicolon_delimiter(self):
        data = 'score;who\n10;"a;b"\n5;c\n'
        j, _ = run_json(self, ["report", "--delimiter", ";", write_tmp(data)])
        self.assertEqual((j["n"], j["promoters"], j["detractors"]), (2, 1, 1))

    def test_cli__score_column_by_position(self):
        data = 'a,b\n1,10\n2,3\n'
        j, _ = run_json(self, ["report", "--score", "2", write_tmp(data)])
        self.assertEqual((j["n"], j["promoters"], j["detractors"]), (2, 1, 1))

    def test_cli__unterminated_quote_is_a_bad_row(self):
        data = 'score,c\n10,ok\n9,"never closed\n8,x\n'
        rc, out, err = run(["report", "--json", write_tmp(data)])
        self.assertEqual(rc, 0)
        j = json.loads(out)
        self.assertEqual(j["n"], 1)
        self.assertEqual(j["bad_by_reason"]["unterminated_quote"], 1)
        self.assertRegex(err, r"unterminated quoted field at line 3")
        self.assertRegex(err, r"unterminated quoted field at line 3")

class BadRows(unittest.TestCase):
    DATA = ('score,time\n'
            '10,2024-01-01\n'      # line 2 ok
            ',2024-01-01\n'        # line 3 missing score
            'x,2024-01-01\n'       # line 4 not an integer
            '8.5,2024-01-01\n'     # line 5 not an integer
            '11,2024-01-01\n'      # line 6 off the scale
            '-1,2024-01-01\n'      # line 7 off the scale
            '7,2024-13-01\n'       # line 8 bad time (month 13)
            '7,\n'                 # line 9 missing time
            ' 9 ,1704067200\n')    # line 10 ok: blanks trimmed, epoch time

    def test_cli__each_problem_class_summarised_once(self):
        # Unanswered (line 3) is not an error; 'x' and 8.5 (lines 4-5) and
        # 11, -1 (lines 6-7) are left out; a bad or missing time (lines 8-9)
        # leaves the row counted but undated.
        rc, out, err = run(["report", "--json", write_tmp(self.DATA)])
        self.assertEqual(rc, 0)
        j = json.loads(out)
        self.assertEqual(j["rows"], 9)
        self.assertEqual(j["n"], 4)
        self.assertEqual(j["unanswered"], 1)
        self.assertEqual(j["undated"], 2)
        self.assertEqual(j["bad_rows"], 4)
        self.assertEqual(sum(p["n"] for p in j["periods"]), 2)
        self.assertEqual(j["bad_by_reason"], {
            "missing_score": 1, "not_integer": 2, "off_scale": 2, "missing_time": 1,
            "bad_time": 1, "unterminated_quote": 0, "too_many_periods": 0,
            "repeated_header": 0, "missing_weight": 0, "bad_weight": 0})
        for lines, reason in [("3", "unanswered"), ("4, 5", "not an answer"),
                              ("6, 7", "off the scale"), ("8", "unparsable time"),
                              ("9", "missing time")]:
            self.assertRegex(err, r"at lines? %s[^\n]*" % lines)
            self.assertEqual(len(re.findall(reason, err)), 1, reason)
        self.assertIn("e.g. 'x'", err)

    def test_cli__bad_rows_file_lists_every_problem(self):
        path = write_tmp("")
        rc, _, _ = run(["report", "--bad-rows", path, write_tmp(self.DATA)])
        self.assertEqual(rc, 0)
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["line", "reason", "value"])
        got = [(int(r[0]), r[1]) for r in rows[1:]]
        self.assertEqual(got, [(3, "missing_score"), (4, "not_integer"), (5, "not_integer"),
                               (6, "off_scale"), (7, "off_scale"), (8, "bad_time"),
                               (9, "missing_time")])
        self.assertEqual(rows[3][2], "8.5")

    def test_cli__bad_rows_counted_in_text_report(self):
        rc, out, _ = run(["report", write_tmp(self.DATA)])
        self.assertEqual(rc, 0)
        self.assertIn("rows 9, valid 4, bad 4", out)
        self.assertIn("undated 2", out)

    def test_cli__strict_stops_at_first_bad_row_with_exit_1(self):
        rc, out, err = run(["report", "--strict", write_tmp(self.DATA)])
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertIn(":4: error: not an answer", err)
        self.assertNotIn(":3:", err)  # unanswered is not an error
        self.assertNotIn(":5:", err)

    def test_cli__scale_1_10_makes_zero_off_scale(self):
        data = 'score\n0\n1\n10\n9\n7\n'
        j, err = run_json(self, ["report", "--scale", "1-10", write_tmp(data)])
        self.assertEqual(j["bad_by_reason"]["off_scale"], 1)
        self.assertEqual((j["n"], j["promoters"], j["passives"], j["detractors"]), (4, 2, 1, 1))
        self.assertEqual(j["scale"], {"min": 1, "max": 10, "passive_min": 7, "promoter_min": 9})

    def test_cli__custom_scale_thresholds(self):
        # 0-5 scale, passives 3, promoters 4-5: 5,4 promoters; 3 passive; 2,0 detractors.
        data = 'score\n5\n4\n3\n2\n0\n'
        j, _ = run_json(self, ["report", "--scale", "0,5,3,4", write_tmp(data)])
        self.assertEqual((j["promoters"], j["passives"], j["detractors"]), (2, 1, 2))
        self.assertAlmostEqual(j["nps"], 0.0)


class ExitCodes(unittest.TestCase):
    def test_cli__ok_is_0(self):
        self.assertEqual(run(["report", HANDMADE])[0], 0)

    def test_cli__usage_errors_are_2(self):
        for args in (["report", "--bogus", HANDMADE], ["report", "--level", "100", HANDMADE], ["report", "--level", "0", HANDMADE],
                     ["report", "--method", "x", HANDMADE], ["report", "--scale", "3-7", HANDMADE],
                     ["report", "--by", "year", HANDMADE], ["report", "--score", "nope", HANDMADE],
                     ["report", "--benchmark", "150", HANDMADE], ["frobnicate"], [],
                     ["followup"], ["report", HANDMADE, HANDMADE]):
            rc, out, err = run(args)
            self.assertEqual(rc, 2, args)
            self.assertTrue(err.startswith("nps: "), err)

    def test_cli__unknown_column_lists_the_columns(self):
        rc, _, err = run(["report", "--score", "nps", HANDMADE])
        self.assertEqual(rc, 2)
        self.assertIn("1 'when', 2 'score', 3 'team'", err)

    def test_cli__missing_file_is_3(self):
        rc, _, err = run(["report", "/nonexistent/x.csv"])
        self.assertEqual(rc, 3)
        self.assertIn("No such file", err)

    def test_cli__unwritable_svg_is_3(self):
        rc, _, _ = run(["report", "--svg", "/nonexistent/dir/x.svg", HANDMADE])
        self.assertEqual(rc, 3)

    def test_cli__empty_input_is_4(self):
        self.assertEqual(run(["report", write_tmp("")])[0], 4)
        self.assertEqual(run(["report", write_tmp("\n\n")])[0], 4)

    def test_cli__strict_bad_row_is_1(self):
        self.assertEqual(run(["report", "--strict", write_tmp("score\n99\n")])[0], 1)

    def test_cli__svg_without_time_column_is_2(self):
        rc, _, err = run(["report", "--svg", os.devnull, write_tmp("score\n9\n")])
        self.assertEqual(rc, 2)
        self.assertIn("time column", err)


class Json(unittest.TestCase):
    def test_cli__json_has_the_documented_top_level_keys(self):
        j, _ = run_json(self, ["report", HANDMADE])
        for k in ("n", "nps", "promoters", "passives", "detractors", "interval",
                  "distribution", "periods", "trend", "last_vs_previous", "segments",
                  "bad_rows", "rows", "shares", "benchmark", "scale"):
            self.assertIn(k, j)
        self.assertEqual(set(j["interval"]), {"lo", "hi", "level", "method"})

    def test_cli__no_answers_is_exit_4_never_n_0(self):
        for data, why in (("score\n", "no data rows"), ("score\nNA\n\n", "empty or NA"),
                          ("score\nabc\nxyz\n", "not numbers"), ("score\n11\n", "off the")):
            rc, out, err = run(["report", "--json", write_tmp(data)])
            self.assertEqual(rc, 4, data)
            self.assertEqual(out, "")
            self.assertIn(why, err)

    def test_cli__json_one_answer_gives_nulls_not_garbage(self):
        j, _ = run_json(self, ["report", write_tmp("score\n9\n")])
        self.assertEqual((j["n"], j["nps"], j["periods"]), (1, 100.0, []))

    def test_cli__json_escapes_strings_and_repairs_invalid_utf8(self):
        data = b'score,segment\n9,"quote "" and \\ back"\n9,caf\xe9\n9,\xc3\xa9t\xc3\xa9\n'
        # Forced UTF-8: the stray byte is repaired in the JSON.
        j, _ = run_json(self, ["report", "--encoding", "utf-8", write_tmp(data)])
        names = sorted(s["segment"] for s in j["segments"])
        self.assertEqual(names, sorted(['quote " and \\ back', "caf\ufffd", "\u00e9t\u00e9"]))

    def test_cli__json_numbers_are_shortest_round_trip(self):
        rc, out, _ = run(["report", "--json", "--level", "0.95", HANDMADE])
        self.assertIn('"level":0.95', out.replace(" ", ""))
        for tok in re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?", out):
            self.assertEqual(repr(float(tok)), tok)

    def test_cli__json_parses_with_json_tool(self):
        rc, out, _ = run(["report", "--json", HANDMADE])
        p = subprocess.run([sys.executable, "-m", "json.tool"], input=out.encode(),
                           stdout=subprocess.PIPE)
        self.assertEqual(p.returncode, 0)


class HandMade(unittest.TestCase):
    """tools/nps/tests/data/handmade.csv, worked by hand.

    January (10): 10 10 9 9 9 | 8 7 | 6 3 0  -> P 5, passive 2, D 3, NPS +20
    February (10): 10 9 | 8 8 7 7 | 6 5 5 2  -> P 2, passive 4, D 4, NPS -20
    Total (20): P 7, passive 6, D 7 -> NPS 0; mean = (71 + 67)/20 = 6.9
    Team a = Jan rows 1-5 + Feb rows 1-5: 10 10 9 9 9 10 9 8 8 7 -> P 7, pas 3, D 0: +70
    Team b = the rest: 8 7 6 3 0 7 6 5 5 2 -> P 0, pas 3, D 7: -70
    """

    def test_cli__counts_and_nps(self):
        j, _ = run_json(self, ["report", HANDMADE])
        self.assertEqual((j["n"], j["promoters"], j["passives"], j["detractors"]), (20, 7, 6, 7))
        self.assertAlmostEqual(j["nps"], 0.0)
        self.assertAlmostEqual(j["mean"], 6.9)
        self.assertEqual([d["count"] for d in j["distribution"]],
                         [1, 0, 1, 1, 0, 2, 2, 3, 3, 4, 3])  # scores 0..10

    def test_cli__adjusted_wald_interval(self):
        # n' = 23, p_R' = p_D' = 7.75/23 = 0.336957; estimate 0;
        # var = 0.673913 - 0 = 0.673913; SE = sqrt(0.673913/23) = 0.171174
        # -> 17.1174 points; half-width 1.959964 * 17.1174 = 33.5495.
        j, _ = run_json(self, ["report", HANDMADE])
        self.assertAlmostEqual(j["interval"]["lo"], -33.5495, places=3)
        self.assertAlmostEqual(j["interval"]["hi"], 33.5495, places=3)
        self.assertEqual(j["interval"]["method"], "adjusted_wald")
        # Every spelling 1.0 accepted still parses, now in any case.
        for m in ("adjusted-wald", "adjusted_wald", "aw", "AW", "Adjusted-Wald"):
            j, _ = run_json(self, ["report", "--method", m, HANDMADE])
            self.assertEqual(j["interval"]["method"], "adjusted_wald")
        for m, name in (("tango", "score"), ("score", "score"), ("wald", "wald")):
            j, _ = run_json(self, ["report", "--method", m, HANDMADE])
            self.assertEqual(j["interval"]["method"], name)
        self.assertEqual(run(["report", "--method", "exact", HANDMADE])[0], 2)

    def test_cli__wald_interval_and_level(self):
        # Wald: p_R = p_D = 0.35, var = 0.7, SE = sqrt(0.7/20) = 0.187083
        # -> 18.7083 points; at 90% z = 1.644854: half-width 30.7723.
        j, _ = run_json(self, ["report", "--method", "wald", "--level", "90", HANDMADE])
        self.assertAlmostEqual(j["interval"]["hi"], 30.7723, places=3)
        self.assertAlmostEqual(j["interval"]["lo"], -30.7723, places=3)
        self.assertAlmostEqual(j["interval"]["level"], 0.9)

    def test_cli__periods(self):
        j, _ = run_json(self, ["report", HANDMADE])
        self.assertEqual(j["time_column"], "when")
        self.assertEqual([(p["period"], p["n"], p["nps"]) for p in j["periods"]],
                         [("2024-01", 10, 20.0), ("2024-02", 10, -20.0)])
        self.assertEqual(j["periods"][1]["start"], "2024-02-01T00:00:00Z")

    def test_cli__no_trend_verdict_from_two_periods(self):
        # Two months: no trend (1.0 printed a slope of -40 with p = 0.31;
        # two detractors then two promoters printed "+200, SE 0, significant").
        j, _ = run_json(self, ["report", HANDMADE])
        self.assertIsNone(j["trend"])
        rc, out, _ = run(["report", HANDMADE])
        self.assertIn("trend: n/a (fewer than 3 periods: no trend verdict)", out)
        path = write_tmp("when,score\n2024-01-05,0\n2024-01-06,0\n"
                         "2024-02-05,10\n2024-02-06,10\n")
        try:
            j, _ = run_json(self, ["report", path])
            self.assertIsNone(j["trend"])
        finally:
            os.unlink(path)

    def test_cli__trend_is_random_effects_across_periods(self):
        # Four months (March empty: April is 3 months after January), worked
        # independently: DerSimonian-Laird tau^2, Knapp-Hartung SE on K-2 df
        # (metafor::rma(y, v, mods = ~x, method = "DL", test = "knha")).
        months = {"2024-01": (30, 10, 20), "2024-02": (25, 15, 20),
                  "2024-04": (40, 10, 10), "2024-05": (20, 20, 20)}
        rows = ["when,score"]
        for m, (pr, pa, de) in months.items():
            rows += ["%s-10,10" % m] * pr + ["%s-11,7" % m] * pa + ["%s-12,2" % m] * de
        path = write_tmp("\n".join(rows) + "\n")
        try:
            j, _ = run_json(self, ["report", path])
        finally:
            os.unlink(path)
        xs, ys, vs = [0, 1, 3, 4], [], []
        for pr, pa, de in months.values():
            n = pr + pa + de
            r_, d_ = (pr + .75) / (n + 3), (de + .75) / (n + 3)
            ys.append(100.0 * (pr - de) / n)
            vs.append(1e4 * ((r_ + d_) - (r_ - d_) ** 2) / n)

        def wls(w):
            sw = sum(w)
            xb = sum(wi * x for wi, x in zip(w, xs)) / sw
            yb = sum(wi * y for wi, y in zip(w, ys)) / sw
            sxx = sum(wi * (x - xb) ** 2 for wi, x in zip(w, xs))
            b = sum(wi * (x - xb) * (y - yb) for wi, x, y in zip(w, xs, ys)) / sxx
            q = sum(wi * (y - yb - b * (x - xb)) ** 2 for wi, x, y in zip(w, xs, ys))
            return b, q, sxx, xb
        w = [1 / v for v in vs]
        _, q, sxx, xb = wls(w)
        trp = sum(w) - sum(wi * wi for wi in w) / sum(w) - \
            sum(wi * wi * (x - xb) ** 2 for wi, x in zip(w, xs)) / sxx
        tau2 = max(0.0, (q - 2) / trp)
        b, qs, sxx, _ = wls([1 / (v + tau2) for v in vs])
        se = math.sqrt(qs / 2 / sxx)
        t = j["trend"]
        self.assertEqual(t["method"], "random_effects")
        self.assertAlmostEqual(t["slope"], b, places=9)
        self.assertAlmostEqual(t["stderr"], se, places=9)
        self.assertAlmostEqual(t["between_period_sd"], math.sqrt(tau2), places=9)
        self.assertAlmostEqual(t["heterogeneity_q"], q, places=9)
        self.assertEqual((t["df"], t["periods"]), (2, 4))
        self.assertAlmostEqual(t["p_value"], t_two_sided_p(b / se, 2), places=4)

    def test_cli__last_period_against_previous(self):
        # The change is the raw difference Feb - Jan = -20 - 20 = -40 with
        # the MOVER interval (Zou & Donner 2008) built from each month's
        # score limits: lo = d - sqrt((tF - lF)^2 + (uJ - tJ)^2),
        # hi = d + sqrt((uF - tF)^2 + (tJ - lJ)^2).
        j, _ = run_json(self, ["report", HANDMADE])
        s, _ = run_json(self, ["report", "--method", "score", HANDMADE])
        jan, feb = s["periods"][0], s["periods"][1]
        lo = -40 - math.hypot(feb["nps"] - feb["interval"]["lo"], jan["interval"]["hi"] - jan["nps"])
        hi = -40 + math.hypot(feb["interval"]["hi"] - feb["nps"], jan["nps"] - jan["interval"]["lo"])
        c = j["last_vs_previous"]
        self.assertEqual((c["last"], c["previous"]), ("2024-02", "2024-01"))
        self.assertAlmostEqual(c["comparison"]["change"], -40.0)
        self.assertAlmostEqual(c["comparison"]["lo"], lo, places=6)
        self.assertAlmostEqual(c["comparison"]["hi"], hi, places=6)
        self.assertEqual(c["comparison"]["method"], "mover_score")
        self.assertLess(c["comparison"]["lo"], -40)
        self.assertGreater(c["comparison"]["p_value"], 0.05)  # the interval holds 0
        self.assertFalse(c["comparison"]["significant"])

    def test_cli__segments_against_the_rest(self):
        # Team a (+70) against the rest (= team b, -70): raw gap +140 with
        # the MOVER-score interval from the two score intervals.
        j, _ = run_json(self, ["report", "--segment", "team", "--min-segment", "10", HANDMADE])
        s, _ = run_json(self, ["report", "--segment", "team", "--method", "score", HANDMADE])
        seg = {x["segment"]: x for x in j["segments"]}
        sc = {x["segment"]: x for x in s["segments"]}
        self.assertEqual(seg["a"]["n"], 10)
        self.assertAlmostEqual(seg["a"]["nps"], 70.0)
        self.assertAlmostEqual(seg["b"]["nps"], -70.0)
        self.assertAlmostEqual(seg["a"]["vs_rest"]["change"], 140.0)
        a, b = sc["a"], sc["b"]
        self.assertAlmostEqual(seg["a"]["vs_rest"]["lo"], 140 - math.hypot(
            70 - a["interval"]["lo"], b["interval"]["hi"] + 70), places=6)
        self.assertLess(seg["a"]["vs_rest"]["p_value"], 1e-3)
        self.assertTrue(seg["a"]["vs_rest"]["significant"])

    def test_cli__small_segments_get_no_verdict(self):
        # Both teams have 10 answers: under the default --min-segment 30
        # they keep their NPS and intervals but get no p adjusted, no verdict.
        j, _ = run_json(self, ["report", "--segment", "team", HANDMADE])
        self.assertEqual(j["min_segment"], 30)
        for x in j["segments"]:
            self.assertIsNotNone(x["interval"]["lo"])
            self.assertIsNotNone(x["vs_rest"]["p_value"])
            self.assertIsNone(x["vs_rest"]["p_adjusted"])
            self.assertIsNone(x["vs_rest"]["significant"])
        rc, out, _ = run(["report", "--segment", "team", HANDMADE])
        self.assertRegex(out, r"\n  a\s+10\s+\+70\.0 .*too few answers for a verdict")
        self.assertNotIn("significant", out.split("NPS by team")[1])

    def test_cli__benchmark(self):
        # H0: NPS = 30 with the adjusted Wald estimate 0 and SE 17.1174:
        # z = 1.75262, p = 2 * (1 - Phi(1.75262)) = 0.07967: not significant at 95%.
        j, _ = run_json(self, ["report", "--benchmark", "30", HANDMADE])
        self.assertAlmostEqual(j["benchmark"]["p_value"], 0.07967, places=3)
        self.assertFalse(j["benchmark"]["significant"])
        self.assertAlmostEqual(j["benchmark"]["difference"], -30.0)

    def test_cli__text_report_shows_the_numbers(self):
        rc, out, _ = run(["report", "--segment", "team", "--benchmark", "30", HANDMADE])
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"Promoters\s+9-10\s+7\s+35\.0%")
        self.assertRegex(out, r"Passives\s+7-8\s+6\s+30\.0%")
        self.assertRegex(out, r"Detractors\s+0-6\s+7\s+35\.0%")
        self.assertIn("NPS +0.0   95% CI -33.5 to +33.5 (adjusted Wald)", out)
        self.assertRegex(out, r"2024-01\s+10\s+\+20\.0")
        self.assertIn("last month 2024-02 against 2024-01: -40.0 points", out)
        self.assertRegex(out, r"\n  a\s+10\s+\+70\.0 .*\+140\.0 .*too few answers")
        self.assertIn("against the benchmark +30.0: -30.0 points, p = 0.080, "
                      "not significantly different", out)

    def test_cli__weeks_start_monday_and_use_iso_labels(self):
        # 2024-01-03 (Wed) .. 2024-01-05 (Fri) are ISO week 2024-W01; 01-08 (Mon)
        # starts W02; 2024-01-01 was a Monday.
        j, _ = run_json(self, ["report", "--by", "week", HANDMADE])
        self.assertEqual(j["periods"][0]["period"], "2024-W01")
        self.assertEqual(j["periods"][0]["n"], 3)
        self.assertEqual(j["periods"][0]["start"], "2024-01-01T00:00:00Z")
        self.assertEqual(j["periods"][1]["period"], "2024-W02")

    def test_cli__small_samples_estimate_inside_interval(self):
        # One promoter: adjusted Wald gives 25 -+ 73.5 = [-48.5, +98.5], which
        # excludes the NPS of +100; the score interval (which holds it) is
        # shown instead, and --benchmark 99 is tested on that interval: not
        # "significantly above" (1.0 printed p = 0.048, significantly above).
        path = write_tmp("when,score\n2024-01-05,10\n")
        try:
            j, _ = run_json(self, ["report", "--benchmark", "99", path])
            self.assertEqual(j["nps"], 100)
            self.assertEqual(j["interval"]["method"], "score")
            self.assertLessEqual(j["interval"]["lo"], 100)
            self.assertEqual(j["interval"]["hi"], 100)
            self.assertFalse(j["benchmark"]["significant"])
            self.assertIsNone(j["benchmark"]["direction"])
            self.assertGreater(j["benchmark"]["p_value"], 0.05)
            self.assertEqual(j["periods"][0]["interval"]["method"], "score")
            rc, out, _ = run(["report", "--benchmark", "99", path])
            self.assertIn("(Tango score; the adjusted Wald interval excluded the estimate "
                          "or had no width)", out)
            self.assertIn("not significantly different", out)
            self.assertRegex(out, r"2024-01\s+1\s+\+100\.0\s+-[0-9.]+ to \+100\.0\*")
            self.assertIn("* Tango score interval: the adjusted Wald interval excluded", out)
            # Wald's zero-width interval (+100 to +100) would call any
            # benchmark significant: the score interval stands in for it too.
            j, _ = run_json(self, ["report", "--method", "wald", "--benchmark", "99", path])
            self.assertEqual(j["interval"]["method"], "score")
            self.assertLess(j["interval"]["lo"], 100)
            self.assertFalse(j["benchmark"]["significant"])
        finally:
            os.unlink(path)
        # Every estimate inside its interval, every change inside its interval,
        # on tiny periods and segments.
        rows = ["when,score,team", "2024-01-02,10,a", "2024-01-03,10,a",
                "2024-02-01,0,b", "2024-02-02,0,b", "2024-03-01,10,c"]
        path = write_tmp("\n".join(rows) + "\n")
        try:
            j, _ = run_json(self, ["report", "--segment", "team", path])
        finally:
            os.unlink(path)
        for g in [j] + j["periods"] + j["segments"]:
            self.assertLessEqual(g["interval"]["lo"], g["nps"])
            self.assertGreaterEqual(g["interval"]["hi"], g["nps"])
        c = j["last_vs_previous"]["comparison"]
        self.assertAlmostEqual(c["change"], 200.0)  # raw: +100 - (-100)
        self.assertLessEqual(c["lo"], c["change"])
        self.assertGreaterEqual(c["hi"], c["change"])
        for g in j["segments"]:
            v = g["vs_rest"]
            self.assertLessEqual(v["lo"], v["change"])
            self.assertGreaterEqual(v["hi"], v["change"])
            self.assertAlmostEqual(v["change"], g["nps"] - (
                100.0 * sum(1 if x.split(",")[1] == "10" else -1 for x in rows[1:]
                            if x.split(",")[2] != g["segment"]) /
                sum(1 for x in rows[1:] if x.split(",")[2] != g["segment"])))

    def test_cli__alerts_flag_a_dip_against_the_trailing_baseline(self):
        # Five months of P 20, passive 10, D 10 (+25), then P 5, passive 10,
        # D 25 (-50). Baseline of the sixth: c = +25, s^2 = 10^4 ((0.5 + 0.25)
        # - 0.25^2) = 6875, sigma_z = 1 (no moving range), N = 200, n = 40:
        # z = -75 / sqrt(6875 (1/40 + 1/200)) = -5.2223. The first three months
        # have fewer than 3 baseline periods: undecided.
        rows = ["when,score"]
        for m, (pr, pa, de) in enumerate([(20, 10, 10)] * 5 + [(5, 10, 25)], 1):
            rows += ["2024-%02d-03,10" % m] * pr + ["2024-%02d-04,8" % m] * pa + \
                    ["2024-%02d-05,1" % m] * de
        path = write_tmp("\n".join(rows) + "\n")
        try:
            j, _ = run_json(self, ["report", path])
            rc, out, _ = run(["report", path])
        finally:
            os.unlink(path)
        kinds = [p["alert"]["kind"] for p in j["periods"]]
        self.assertEqual(kinds, ["undecided"] * 3 + ["none", "none", "drop"])
        a = j["periods"][5]["alert"]
        self.assertAlmostEqual(a["z"], -75 / math.sqrt(6875 * (1 / 40 + 1 / 200)), places=9)
        self.assertAlmostEqual(a["baseline_nps"], 25.0)
        self.assertEqual(a["baseline_periods"], 5)
        self.assertIsNone(j["periods"][0]["alert"]["z"])
        self.assertRegex(out, r"2024-06\s+40\s+-50\.0 .*drop: z -5\.2 against \+25\.0")
        self.assertIn("alerts: 1 of 3 months outside 3-sigma limits from the trailing 12", out)

    def test_cli__weights(self):
        # Valid rows: (10, w 2, a, Jan), (0, w 1, b, Jan), (7, w 0.5, b, Feb),
        # (10, w 3, a, Mar). Line 4 has no weight, lines 5 and 7 bad ones:
        # left out and counted like bad scores.
        data = ("when,score,w,plan\n2024-01-03,10,2,a\n2024-01-04,0,1,b\n"
                "2024-02-03,9,,a\n2024-02-04,8,x,b\n2024-02-05,7,0.5,b\n"
                "2024-03-01,3,-1,a\n2024-03-02,10,3,a\n")
        path = write_tmp(data)
        valid = [(10, 2.0, "a", 0), (0, 1.0, "b", 0), (7, 0.5, "b", 1), (10, 3.0, "a", 2)]

        def wstats(rows):
            sw = sum(w for _, w, _, _ in rows)
            sw2 = sum(w * w for _, w, _, _ in rows)
            pr = sum(w for sc, w, _, _ in rows if sc >= 9)
            de = sum(w for sc, w, _, _ in rows if sc <= 6)
            return 100 * (pr - de) / sw, sw * sw / sw2
        try:
            for spec in ("w", "3"):
                j, err = run_json(self, ["report", "--weight", spec, path])
                self.assertEqual(j["weight_column"], "w")
                self.assertEqual(j["n"], 4)
                self.assertEqual(j["bad_rows"], 3)
                self.assertEqual(j["bad_by_reason"]["missing_weight"], 1)
                self.assertEqual(j["bad_by_reason"]["bad_weight"], 2)
                wn, ne = wstats(valid)
                self.assertAlmostEqual(j["weighted"]["nps"], wn, places=9)
                self.assertAlmostEqual(j["effective_n"], ne, places=9)
                self.assertAlmostEqual(j["weighted"]["total_weight"], 6.5)
                iv = j["weighted"]["interval"]
                self.assertLessEqual(iv["lo"], wn)
                self.assertGreaterEqual(iv["hi"], wn)
                for p, k in zip(j["periods"], range(3)):
                    wn, ne = wstats([v for v in valid if v[3] == k])
                    self.assertAlmostEqual(p["weighted"]["nps"], wn, places=9)
                    self.assertAlmostEqual(p["effective_n"], ne, places=9)
                for g in j["segments"]:
                    wn, ne = wstats([v for v in valid if v[2] == g["segment"]])
                    self.assertAlmostEqual(g["weighted"]["nps"], wn, places=9)
                    self.assertAlmostEqual(g["effective_n"], ne, places=9)
            self.assertEqual(err.count("missing weight"), 1)
            self.assertEqual(err.count("weight not a positive number"), 1)
            self.assertIn("2 weight not a positive number at lines 5, 7 (e.g. 'x')", err)
            rc, out, _ = run(["report", "--weight", "w", path])
            self.assertEqual(rc, 0)
            self.assertIn("weighted NPS +61.5", out)
            self.assertIn("n 4, effective n 3.0 (weights in 'w')", out)
            self.assertRegex(out, r"2024-01\s+2\s+\+0\.0\s+.*\+33\.3\s+1\.8")
            # Without --weight: no weighted figures, null in the JSON.
            j, _ = run_json(self, ["report", path])
            self.assertIsNone(j["weighted"])
            self.assertIsNone(j["effective_n"])
            self.assertEqual(j["n"], 7)
            self.assertEqual(run(["report", "--strict", "--weight", "w", path])[0], 1)
            self.assertEqual(run(["report", "--weight", "nope", path])[0], 2)
            self.assertEqual(run(["report", "--weight", "score", path])[0], 2)
        finally:
            os.unlink(path)

    def test_cli__segments_adjusted_for_multiplicity(self):
        # Five segments of 40: s1 has P 22, passive 10, D 8 (+35), the others
        # P 13, passive 14, D 13 (0). s1 against the rest has a raw p below
        # 0.05, but Holm over 5 tests multiplies the smallest p by 5.
        rows = ["score,seg"]
        spec = {"s1": (22, 10, 8)}
        for i in range(2, 6):
            spec["s%d" % i] = (13, 14, 13)
        for name, (pr, pa, de) in spec.items():
            rows += ["10," + name] * pr + ["7," + name] * pa + ["3," + name] * de
        path = write_tmp("\n".join(rows) + "\n")
        try:
            j, _ = run_json(self, ["report", "--segment", "seg", "--time", "", path])
            raw = [x["vs_rest"]["p_value"] for x in j["segments"]]
            order = sorted(range(5), key=lambda i: raw[i])
            holm, run_max = [0.0] * 5, 0.0
            for rank, i in enumerate(order):
                run_max = max(run_max, min(1.0, (5 - rank) * raw[i]))
                holm[i] = run_max
            s1 = next(x for x in j["segments"] if x["segment"] == "s1")["vs_rest"]
            self.assertLess(s1["p_value"], 0.05)
            self.assertGreater(s1["p_adjusted"], 0.05)
            self.assertFalse(s1["significant"])
            for x, h in zip(j["segments"], holm):
                self.assertAlmostEqual(x["vs_rest"]["p_adjusted"], h, places=12)
            self.assertEqual(j["adjust"], "holm")
            # Omnibus Wald chi^2 on 4 df: w = 1/v, v = 10^4 s'^2 / n with the
            # shares after 3/4, 3/2, 3/4 pseudo-answers.
            ys, ws = [], []
            for pr, pa, de in spec.values():
                n = pr + pa + de
                r_, d_ = (pr + .75) / (n + 3), (de + .75) / (n + 3)
                ys.append(100.0 * (pr - de) / n)
                ws.append(n / (1e4 * ((r_ + d_) - (r_ - d_) ** 2)))
            ybar = sum(w * y for w, y in zip(ws, ys)) / sum(ws)
            chi2 = sum(w * (y - ybar) ** 2 for w, y in zip(ws, ys))
            self.assertAlmostEqual(j["segments_test"]["chi2"], chi2, places=9)
            self.assertEqual(j["segments_test"]["df"], 4)
            self.assertAlmostEqual(j["segments_test"]["p_value"],
                                   math.exp(-chi2 / 2) * (1 + chi2 / 2), places=9)
            # Unadjusted, the raw p decides.
            j, _ = run_json(self, ["report", "--segment", "seg", "--time", "",
                                   "--adjust", "none", path])
            s1 = next(x for x in j["segments"] if x["segment"] == "s1")["vs_rest"]
            self.assertTrue(s1["significant"])
            self.assertEqual(s1["p_adjusted"], s1["p_value"])
            # BH: n p_(i) / i, stepped up.
            j, _ = run_json(self, ["report", "--segment", "seg", "--time", "",
                                   "--adjust", "bh", path])
            self.assertEqual(j["adjust"], "bh")
            rc, out, _ = run(["report", "--segment", "seg", "--time", "", path])
            self.assertIn("p-values adjusted (Holm) over the 5 segments tested", out)
            self.assertRegex(out, r"all equal\? chi2 [0-9.]+ on 4 df, p = [0-9.]+: "
                                  r"no evidence the segments differ")
            self.assertEqual(run(["report", "--adjust", "sidak", path])[0], 2)
        finally:
            os.unlink(path)

    def test_cli__periods_at_calendar_edges(self):
        # Periods come from the library's timeline geometry (Monday weeks by
        # origin, calendar months and quarters); labels and starts checked
        # against Python's calendar on dates before the epoch, across year
        # ends (ISO week 2020-W53 holds 2021-01-03), on a leap day and far
        # ahead.
        days = ["1969-12-31", "1970-01-01", "1900-03-01", "2020-12-31", "2021-01-03",
                "2021-01-04", "2024-02-29", "2024-03-31", "2024-04-01", "2099-12-31"]
        path = write_tmp("when,score\n" + "".join("%s,9\n" % d for d in days))
        try:
            for by in ("day", "week", "month", "quarter"):
                j, _ = run_json(self, ["report", "--by", by, path])
                want = {}
                for d in days:
                    dd = dt.date.fromisoformat(d)
                    if by == "day":
                        start, label = dd, d
                    elif by == "week":
                        start = dd - dt.timedelta(days=dd.weekday())
                        iso = dd.isocalendar()
                        label = "%04d-W%02d" % (iso[0], iso[1])
                    elif by == "month":
                        start, label = dd.replace(day=1), d[:7]
                    else:
                        q = (dd.month - 1) // 3
                        start, label = dt.date(dd.year, 3 * q + 1, 1), "%04d-Q%d" % (dd.year, q + 1)
                    want.setdefault(label, [start.isoformat() + "T00:00:00Z", 0])[1] += 1
                got = {p["period"]: [p["start"], p["n"]] for p in j["periods"]}
                self.assertEqual(got, want, by)
                starts = [p["start"] for p in j["periods"]]
                self.assertEqual(starts, sorted(starts))
        finally:
            os.unlink(path)

    def test_cli__quarters_and_days(self):
        j, _ = run_json(self, ["report", "--by", "quarter", HANDMADE])
        self.assertEqual([(p["period"], p["n"]) for p in j["periods"]], [("2024-Q1", 20)])
        self.assertIsNone(j["trend"])
        j, _ = run_json(self, ["report", "--by", "day", HANDMADE])
        self.assertEqual(len(j["periods"]), 20)


def independent_sample_summary(path):
    """Re-derives the report of the sample file with Python's csv module."""
    res = {"rows": 0, "bad": {}, "dist": [0] * 11, "months": {}, "plans": {}}
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        si, ti, pi = header.index("score"), header.index("submitted_at"), header.index("plan")
        for rec in rd:
            if not rec:
                continue
            res["rows"] += 1
            s = rec[si].strip()
            if s.lower() in ("", "na", "n/a", "null", "-"):  # unanswered in 1.1
                res["bad"]["missing_score"] = res["bad"].get("missing_score", 0) + 1
                continue
            if not re.fullmatch(r"[+-]?[0-9]+", s):
                res["bad"]["not_integer"] = res["bad"].get("not_integer", 0) + 1
                continue
            v = int(s)
            if not 0 <= v <= 10:
                res["bad"]["off_scale"] = res["bad"].get("off_scale", 0) + 1
                continue
            month = None
            try:
                month = dt.datetime.fromisoformat(rec[ti].strip()).strftime("%Y-%m")
            except ValueError:
                # 1.1: a day-first date whose day is above 12 is unambiguous.
                m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", rec[ti].strip())
                if m and int(m.group(1)) > 12:
                    month = "%s-%02d" % (m.group(3), int(m.group(2)))
                else:
                    res["bad"]["bad_time"] = res["bad"].get("bad_time", 0) + 1
            res["dist"][v] += 1
            cat = 2 if v >= 9 else (1 if v >= 7 else 0)
            keys = [(rec[pi] or "(none)", res["plans"])]
            if month:
                keys.append((month, res["months"]))
            for key, table in keys:
                table.setdefault(key, [0, 0, 0])[cat] += 1
    return res


class SampleData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = independent_sample_summary(SAMPLE)
        rc, out, cls.err = run(["report", "--json", SAMPLE])
        assert rc == 0, cls.err
        cls.j = json.loads(out)

    def test_cli__sample_counts_match_independent_recount(self):
        ref, j = self.ref, self.j
        d = ref["dist"]
        prom, pas, det = d[9] + d[10], d[7] + d[8], sum(d[:7])
        self.assertGreaterEqual(ref["rows"], 20000)
        self.assertEqual(j["rows"], ref["rows"])
        self.assertEqual((j["n"], j["promoters"], j["passives"], j["detractors"]),
                         (prom + pas + det, prom, pas, det))
        self.assertEqual([x["count"] for x in j["distribution"]], d)
        self.assertAlmostEqual(j["nps"], 100.0 * (prom - det) / (prom + pas + det), places=9)
        bad = {k: v for k, v in j["bad_by_reason"].items() if v}
        self.assertEqual(bad, ref["bad"])
        # Rows left out: not answers or off the scale (unanswered is not an error).
        self.assertEqual(j["bad_rows"], ref["bad"].get("not_integer", 0) +
                         ref["bad"].get("off_scale", 0))

    def test_cli__sample_interval_matches_formula(self):
        d = self.ref["dist"]
        est, half, _ = adjusted_wald(d[9] + d[10], d[7] + d[8], sum(d[:7]))
        self.assertAlmostEqual(self.j["interval"]["lo"], est - half, places=6)
        self.assertAlmostEqual(self.j["interval"]["hi"], est + half, places=6)

    def test_cli__sample_months_and_plans_match(self):
        months = self.ref["months"]
        got = {p["period"]: (p["detractors"], p["passives"], p["promoters"]) for p in self.j["periods"]}
        self.assertEqual(got, {k: tuple(v) for k, v in months.items()})
        self.assertEqual(len(got), 24)  # two years
        for p in self.j["periods"]:
            det, pas, prom = months[p["period"]]
            est, half, _ = adjusted_wald(prom, pas, det)
            self.assertAlmostEqual(p["interval"]["lo"], est - half, places=6)
        plans = {s["segment"]: (s["detractors"], s["passives"], s["promoters"]) for s in self.j["segments"]}
        self.assertEqual(plans, {k: tuple(v) for k, v in self.ref["plans"].items()})

    def test_cli__sample_has_a_significant_dip(self):
        # The generator puts a troubled release in March 2024: the month must
        # be significantly below February 2024 (adjusted Wald, unpooled).
        m = self.ref["months"]
        e1, _, s1 = adjusted_wald(m["2024-02"][2], m["2024-02"][1], m["2024-02"][0])
        e2, _, s2 = adjusted_wald(m["2024-03"][2], m["2024-03"][1], m["2024-03"][0])
        self.assertGreater((e1 - e2) / math.hypot(s1, s2), Z95)

    def test_cli__sample_march_2024_dip_is_flagged(self):
        j, _ = run_json(self, ["report", SAMPLE])
        flagged = {p["period"]: p["alert"]["kind"] for p in j["periods"]
                   if p["alert"]["kind"] in ("drop", "rise")}
        self.assertEqual(flagged.get("2024-03"), "drop")
        # In control otherwise: at most the September 2024 rise besides it.
        self.assertLessEqual(set(flagged), {"2024-03", "2024-09"})

    def test_cli__sample_golden_text(self):
        golden = os.path.join(HERE, "golden", "responses_report.txt")
        # Run from the source tree so the file name in the output is stable.
        rel = os.path.join("examples", "data", "responses.csv")
        rc, out, err = run(["report", rel], cwd=SRC)
        self.assertEqual(rc, 0)
        self.maxDiff = None
        with open(golden, encoding="utf-8") as f:
            self.assertEqual(out, f.read())
        with open(os.path.join(HERE, "golden", "responses_report.stderr"), encoding="utf-8") as f:
            self.assertEqual(err.replace(rel, "responses.csv"), f.read())
        # The golden itself is checked against the independent recount.
        d = self.ref["dist"]
        n = sum(d)
        self.assertRegex(out, r"\n  n +%s\n" % "{:,}".format(n))
        self.assertIn("NPS %+.1f " % (100.0 * (d[9] + d[10] - sum(d[:7])) / n), out)


class Followup(unittest.TestCase):
    DATA = ('id,submitted_at,score,email,comment,internal\n'
            'r1,2024-05-01T10:00:00+02:00,0,a@example.com,"bad, really",x\n'
            'r2,2024-05-03T10:00:00Z,10,b@example.com,love it,x\n'
            'r3,2024-05-02T10:00:00Z,3,c@example.com,,x\n'
            'r4,2024-04-30T10:00:00Z,9,d@example.com,"multi\nline",x\n'
            'r5,2024-05-04T10:00:00Z,8,e@example.com,meh,x\n'
            'r6,2024-05-05T00:30:00+03:00,5,f@example.com,slow,x\n')

    def test_cli__newest_first_with_contact_columns(self):
        j, _ = run_json(self, ["followup", write_tmp(self.DATA)])
        # r6 is 2024-05-04T21:30Z, r3 05-02T10Z, r1 05-01T08Z.
        self.assertEqual([d["fields"]["id"] for d in j["detractors"]], ["r6", "r3", "r1"])
        self.assertEqual([p["fields"]["id"] for p in j["promoters"]], ["r2", "r4"])
        self.assertEqual(j["detractors"][0]["time"], "2024-05-05T00:30:00+03:00")
        self.assertEqual(j["detractors"][0]["utc"], "2024-05-04T21:30:00Z")
        self.assertEqual(set(j["detractors"][0]["fields"]), {"id", "email", "comment"})
        self.assertEqual(j["detractors"][2]["fields"]["comment"], "bad, really")

    def test_cli__limit_keeps_the_newest(self):
        j, _ = run_json(self, ["followup", "--limit", "1", write_tmp(self.DATA)])
        self.assertEqual([d["fields"]["id"] for d in j["detractors"]], ["r6"])
        self.assertEqual(j["detractors_total"], 3)
        self.assertEqual(j["promoters_total"], 2)

    def test_cli__since_filters_older_answers(self):
        j, _ = run_json(self, ["followup", "--since", "2024-05-02", write_tmp(self.DATA)])
        self.assertEqual([d["fields"]["id"] for d in j["detractors"]], ["r6", "r3"])
        self.assertEqual([p["fields"]["id"] for p in j["promoters"]], ["r2"])

    def test_cli__explicit_columns(self):
        j, _ = run_json(self, ["followup", "--columns", "email,internal", write_tmp(self.DATA)])
        self.assertEqual(j["promoters"][0]["fields"], {"email": "b@example.com", "internal": "x"})

    def test_cli__text_lists_comments(self):
        rc, out, _ = run(["followup", write_tmp(self.DATA)])
        self.assertEqual(rc, 0)
        self.assertIn("Detractors to contact first: newest 3 of 3", out)
        self.assertIn("Promoters to ask for a testimonial: newest 2 of 2", out)
        self.assertIn('"multi line"', out)
        self.assertLess(out.index("id=r6"), out.index("id=r3"))

    def test_cli__without_time_keeps_the_last_rows(self):
        data = 'id,score\na,0\nb,1\nc,2\n'
        j, _ = run_json(self, ["followup", "--limit", "2", write_tmp(data)])
        self.assertEqual([d["fields"]["id"] for d in j["detractors"]], ["c", "b"])

    def test_cli__sample_data_followup(self):
        j, _ = run_json(self, ["followup", SAMPLE])
        self.assertEqual(len(j["detractors"]), 20)
        utc = [d["utc"] for d in j["detractors"]]
        self.assertEqual(utc, sorted(utc, reverse=True))
        self.assertTrue(all(d["fields"]["email"].endswith("@example.com") for d in j["detractors"]))


class Stdin(unittest.TestCase):
    def test_cli__reads_stdin_with_dash_and_by_default(self):
        data = b"score\n10\n9\n0\n"
        for args in (["report", "-"], ["report"]):
            rc, out, _ = run(args + ["--json"], stdin=data)
            self.assertEqual(rc, 0)
            self.assertEqual(json.loads(out)["n"], 3)

    def test_cli__stdin_name_in_messages(self):
        rc, _, err = run(["report", "-"], stdin=b"score\nx\n9\n")
        self.assertIn("<stdin>: 1 not an answer on the scale at line 2", err)

    def test_cli__large_stream_counts_exactly(self):
        # 300,000 rows in a repeating pattern of 10 scores 0..9 plus a 10
        # every row i % 10 == 0 ... simpler: score = i % 11.
        rows = 330000
        data = "t,score\n" + "".join("%d,%d\n" % (1700000000 + i, i % 11) for i in range(rows))
        j, _ = run_json(self, ["report", "--by", "day", "-"], stdin=data.encode())
        self.assertEqual(j["n"], rows)
        self.assertEqual([d["count"] for d in j["distribution"]], [rows // 11] * 11)
        # 2 promoters and 7 detractors per 11: NPS = 100 * (2 - 7) / 11.
        self.assertAlmostEqual(j["nps"], -500.0 / 11, places=9)


class Svg(unittest.TestCase):
    def test_cli__svg_is_valid_with_a_band_and_a_point_per_period(self):
        out = write_tmp(b"", suffix=".svg")
        rc, _, err = run(["report", "--svg", out, SAMPLE])
        self.assertEqual(rc, 0, err)
        root = ET.parse(out).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        self.assertEqual(root.tag, ns + "svg")
        self.assertEqual(len(root.findall(ns + "polygon")), 1)
        self.assertEqual(len(root.findall(ns + "circle")), 24)
        band = root.find(ns + "polygon").get("points").split()
        self.assertEqual(len(band), 48)  # upper and lower edge
        # The periods the alerts flag stand out, with the verdict in the title.
        flagged = [c.find(ns + "title").text for c in root.findall(ns + "circle")
                   if c.get("fill") == "#d62728"]
        self.assertTrue(any(t.startswith("2024-03:") and "drop: z -4.8" in t for t in flagged),
                        flagged)
        # Evenly spaced months: x is the period index, not seconds.
        xs = [float(c.get("cx")) for c in root.findall(ns + "circle")]
        steps = [b - a for a, b in zip(xs, xs[1:])]
        self.assertLess(max(steps) - min(steps), 0.25)


def peak_rss_kib(rows):
    """Peak resident size of `gen_rows ROWS | nps report -`, in KiB.

    Measured in a fresh Python child, whose RUSAGE_CHILDREN then covers
    only this pipeline."""
    code = ("import resource, subprocess, sys\n"
            "g = subprocess.Popen([sys.argv[1], sys.argv[3]], stdout=subprocess.PIPE)\n"
            "n = subprocess.run([sys.argv[2], 'report', '-'], stdin=g.stdout,"
            " stdout=subprocess.DEVNULL)\n"
            "g.stdout.close(); g.wait()\n"
            "assert n.returncode == 0 and g.returncode == 0\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, os.environ["NPS_GEN_ROWS"], BIN,
                          str(rows)], stdout=subprocess.PIPE, check=True).stdout
    return int(out)


class Memory(unittest.TestCase):
    @unittest.skipUnless(os.environ.get("NPS_GEN_ROWS"), "needs NPS_GEN_ROWS")
    def test_cli__memory_does_not_grow_with_rows(self):
        # Ten times the rows (and about ten times the days of the month
        # table: 2M rows span ~35 days) must not cost more than 1 MiB more.
        small, large = peak_rss_kib(200000), peak_rss_kib(2000000)
        self.assertLess(large - small, 1024, (small, large))


class Help(unittest.TestCase):
    def test_cli__version_prints_tool_and_library(self):
        rc, out, _ = run(["--version"])
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^nps \d+\.\d+\.\d+\nlibnps \d+\.\d+\.\d+")

    def test_cli__help_lists_commands_and_exit_codes(self):
        rc, out, _ = run(["--help"])
        self.assertEqual(rc, 0)
        for word in ("report", "followup", "--json", "--svg", "--strict", "--benchmark",
                     "--scale", "--by", "--since", "--limit", "Exit status"):
            self.assertIn(word, out)

    def test_cli__man_page_documents_every_option(self):
        rc, out, _ = run(["--help"])
        with open(os.path.join(SRC, "docs", "nps.1"), encoding="utf-8") as f:
            man = f.read().replace("\\-", "-")
        for opt in sorted(set(re.findall(r"--[a-z-]+", out))):
            self.assertIn(opt, man, opt)


if __name__ == "__main__":
    unittest.main()
