#!/usr/bin/env python3
"""Tests of the nps tool's input layer on real-world shapes (standard library only).

Unit tests use hand-written inputs, one rule each. The corpus test runs both
commands with no options on every file of the real-world folder
(NPS_REALWORLD, default <repo>/../shared/realworld; skipped when absent) and
compares the counts with an independent computation done here with Python's
csv module, and with the hand counts of the folder's MANIFEST.md.

Environment: NPS_BIN, NPS_SOURCE_DIR, NPS_REALWORLD.
Run one group: python3 test_input.py -v Answers
"""
import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import tempfile
import unittest

BIN = os.environ.get("NPS_BIN", "nps")
SRC = os.environ.get("NPS_SOURCE_DIR",
                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
REALWORLD = os.environ.get("NPS_REALWORLD",
                           os.path.join(os.path.abspath(SRC), "..", "shared", "realworld"))


def run(args, stdin=None):
    p = subprocess.run([os.path.abspath(BIN) if os.sep in BIN else BIN] + args, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def tmp(data, suffix=".csv"):
    f = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)
    f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    f.close()
    return f.name


def report(tc, data, *args, rc=0):
    code, out, err = run(["report", "--json"] + list(args) + [tmp(data)])
    tc.assertEqual(code, rc, err)
    return (json.loads(out) if out else None), err


def counts(j):
    return j["n"], j["promoters"], j["passives"], j["detractors"]


class Encodings(unittest.TestCase):
    TEXT = "Pourquoi ?,Recommanderiez-vous (0-10),Prénom\nTrès bien,10,Zoé\nBof,3,Loïc\n"

    def test_utf8_bom_and_plain(self):
        for data in (self.TEXT.encode(), codecs.BOM_UTF8 + self.TEXT.encode()):
            j, _ = report(self, data)
            self.assertEqual(counts(j), (2, 1, 0, 1))
            self.assertEqual(j["score_column"], "Recommanderiez-vous (0-10)")

    def test_utf16_with_bom(self):
        for enc in ("utf-16-le", "utf-16-be"):
            bom = codecs.BOM_UTF16_LE if enc.endswith("le") else codecs.BOM_UTF16_BE
            j, _ = report(self, bom + self.TEXT.encode(enc))
            self.assertEqual(counts(j), (2, 1, 0, 1))
            self.assertTrue(j["encoding"].startswith("UTF-16"))

    def test_windows_1252_fallback_with_one_note(self):
        j, err = report(self, self.TEXT.encode("cp1252"), "--segment", "Prénom")
        self.assertEqual(counts(j), (2, 1, 0, 1))
        self.assertEqual(err.count("Windows-1252"), 1)
        self.assertEqual(sorted(s["segment"] for s in j["segments"]), ["Loïc", "Zoé"])

    def test_forced_encoding(self):
        data = "score,note\n9,\u00e9\n".encode("latin-1")
        j, err = report(self, data, "--encoding", "latin1", "--segment", "note")
        self.assertNotIn("Windows-1252", err)
        self.assertEqual(j["segments"][0]["segment"], "\u00e9")
        rc, _, err = run(["report", "--encoding", "no-such-enc", tmp(data)])
        self.assertEqual(rc, 2)


class Sniffing(unittest.TestCase):
    def test_delimiters(self):
        for d in (",", ";", "\t", "|"):
            data = d.join(["id", "nps", "comment"]) + "\n" + \
                "\n".join(d.join([str(i), str(i % 11), '"a, b; c | d"']) for i in range(12)) + "\n"
            j, err = report(self, data)
            self.assertEqual(j["n"], 12, d)
            self.assertEqual(j["delimiter"], d)

    def test_line_ends_blank_and_delimiter_only_lines(self):
        for data in ("score,x\r\n9,a\r\n\r\n,\r\n,,\r\n3,b", "score,x\r9,a\r\r,\r3,b\r",
                     "score,x\n9,\"multi\nline\"\n,\n3,b\n"):
            j, _ = report(self, data)
            self.assertEqual(counts(j), (2, 1, 0, 1), repr(data))
            self.assertEqual(j["unanswered"], 0, repr(data))


class HeaderRows(unittest.TestCase):
    BODY = "".join("2020-01-%02d 10:00:00,%d,text %d\n" % (i + 1, i % 11, i) for i in range(10))

    def test_surveymonkey_sub_label_row(self):
        data = "Date,How likely are you to recommend us?,Why\n,Response,Open-Ended Response\n" + self.BODY
        j, err = report(self, data)
        self.assertEqual(j["n"], 10)
        self.assertEqual(j["extra_header_rows"], 1)
        self.assertEqual(err.count("header row"), 1)

    def test_qualtrics_three_rows_and_question_text(self):
        data = ("RecordedDate,Q1,Q2\nRecorded Date,How likely are you to recommend us? (0-10),Why?\n"
                '"{""ImportId"":""recordedDate""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n'
                + self.BODY)
        j, _ = report(self, data)
        self.assertEqual((j["n"], j["score_column"], j["time_column"]), (10, "Q1", "RecordedDate"))
        self.assertEqual(j["extra_header_rows"], 2)
        # The question text names the column too.
        j, _ = report(self, data, "--score", "How likely are you to recommend us? (0-10)")
        self.assertEqual(j["n"], 10)

    def test_header_repeated_mid_file(self):
        head = "time,score\n"
        data = head + "2020-01-01,9\n2020-01-02,3\n" + head + "2020-02-01,10\n"
        j, err = report(self, data)
        self.assertEqual(counts(j), (3, 2, 0, 1))
        self.assertEqual(j["bad_rows"], 0)
        self.assertIn("header row repeated at line 4", err)


class ScoreColumn(unittest.TestCase):
    def test_named_like_the_score_wins(self):
        j, err = report(self, "NPS,other\n9,1\n10,2\n")
        self.assertEqual(j["score_column"], "NPS")
        self.assertIn("score column 1 'NPS'", err)

    def test_found_by_header_words_in_several_languages(self):
        for h in ("How likely are you to recommend us?", "Recommanderiez-vous ce magasin ?",
                  "¿Qué tan probable es que nos recomiendes?", "Würden Sie uns empfehlen?",
                  "Ci raccomanderesti?", "Zou u ons aanbevelen?", "Recomendação (0-10)",
                  "LikelyToRecommend", "Likelihood (0-10)"):
            data = "id,Agree?,%s\n" % ('"%s"' % h) + "".join(
                "%d,Agree,%d\n" % (i, i % 11) for i in range(11))
            j, err = report(self, data)
            self.assertEqual(j["score_column"], h)
            self.assertEqual(j["n"], 11, h)

    def test_content_must_confirm(self):
        # Header says recommend, cells are Likert text: not a candidate.
        data = "Recommend,Other\nAgree,1\nDisagree,2\n"
        rc, _, err = run(["report", tmp(data)])
        self.assertEqual(rc, 2)
        self.assertIn("no score column", err)
        self.assertRegex(err, r"\n +1  Recommend\n +2  Other\n")

    def test_several_equally_plausible_list_and_exit_2(self):
        data = "a,Rate us 0-10,Rate the food 0-10\n" + "".join("x,%d,%d\n" % (i, 10 - i) for i in range(11))
        path = tmp(data)
        rc, out, err = run(["report", path])
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("1. column 2 'Rate us 0-10': 11 answers", err)
        self.assertIn("2. column 3 'Rate the food 0-10': 11 answers", err)
        self.assertIn("--score 2 %s" % path, err)


class Answers(unittest.TestCase):
    def test_label_forms_and_decimals(self):
        cells = ["10 - Extremely likely", "0 - Not at all likely", "9 (Very likely)",
                 "10 = Extremely", "10.0", '"10,0"', "7", " 8 ", "10 (Extremely likely)"]
        j, _ = report(self, "score\n" + "\n".join(cells) + "\n")
        self.assertEqual(counts(j), (9, 6, 2, 1))

    def test_unanswered_is_counted_once_and_not_strict_error(self):
        data = "score,x\n9,a\n,b\nNA,c\nN/A,d\nnull,e\n-,f\n3,g\n"
        j, err = report(self, data, "--strict")
        self.assertEqual((j["n"], j["unanswered"], j["bad_rows"]), (2, 5, 0))
        self.assertEqual(err.count("unanswered"), 1)

    def test_malformed_is_an_error_and_warned_when_many(self):
        data = "score\n9\n9/8/18\n7.5\nabc\n3\n"
        j, err = report(self, data)
        self.assertEqual((j["n"], j["bad_rows"]), (2, 3))
        self.assertIn("warning: 60%", err)
        rc, _, _ = run(["report", "--strict", tmp(data)])
        self.assertEqual(rc, 1)


class Dates(unittest.TestCase):
    def months(self, cells, *args, header="Timestamp"):
        data = "%s,score\n" % header + "".join('"%s",9\n' % c for c in cells)
        j, err = report(self, data, *args)
        return {p["period"]: p["n"] for p in j["periods"]}, j, err

    def test_iso_forms(self):
        m, j, _ = self.months(["2020-12-11T09:07:17Z", "2020-12-11 09:07", "2020-12-11",
                               "2020-12-11T09:07:17.123+01:00", "2021/01/05 10:00"])
        self.assertEqual(m, {"2020-12": 4, "2021-01": 1})

    def test_month_first_decided_by_a_second_field_above_12(self):
        m, j, err = self.months(["9/8/18 15:29", "8/31/18 18:38", "10/1/2019 8:51:12 PM"])
        self.assertEqual(m, {"2018-09": 1, "2018-08": 1, "2019-10": 1})
        self.assertEqual(j["date_order"], "month-first")
        self.assertIn("month first", err)

    def test_day_first_decided_by_a_first_field_above_12(self):
        m, j, _ = self.months(["05/01/2020 13:03:00", "20/01/2020 16:56:00", "1.2.20 10:00",
                               "02-03-2020"])
        self.assertEqual(m, {"2020-01": 2, "2020-02": 1, "2020-03": 1})
        self.assertEqual(j["date_order"], "day-first")

    def test_undecidable_says_so_and_takes_date_format(self):
        cells = ["01/02/2020", "02/01/2020"]
        m, j, err = self.months(cells)
        self.assertEqual((m, j["n"], j["undated"]), ({}, 2, 2))
        self.assertIn("--date-format", err)
        m, j, _ = self.months(cells, "--date-format", "%d/%m/%Y")
        self.assertEqual(m, {"2020-02": 1, "2020-01": 1})

    def test_month_names_epoch_serial_and_yyyymm(self):
        m, _, _ = self.months(["Jan 5, 2020", "5 January 2020 10:00", "5-Jan-20", "3 mars 2020",
                               "Tuesday, March 3, 2020"])
        self.assertEqual(m, {"2020-01": 3, "2020-03": 2})
        m, _, _ = self.months(["1600000000", "1600000000000"], header="created_at")
        self.assertEqual(m, {"2020-09": 2})
        m, _, _ = self.months(["43831", "43862.5"], header="Survey date")
        self.assertEqual(m, {"2020-01": 1, "2020-02": 1})
        m, _, _ = self.months(["202001", "202003"], header="month")
        self.assertEqual(m, {"2020-01": 1, "2020-03": 1})

    def test_time_column_names(self):
        for h in ("Timestamp", "Completion Date", "RecordedDate", "Submitted At", "created_at",
                  "Qtime", "survey_date", "End Date"):
            data = "id,%s,score\n1,2020-03-04 10:00,9\n2,2020-04-04 10:00,9\n" % h
            j, err = report(self, data)
            self.assertEqual(j["time_column"], h)
            self.assertIn("time column 2", err)

    def test_unnamed_column_of_written_dates_found_by_content(self):
        data = "id,answered,score\n" + "".join("%d,%d/13/2021 9:00,9\n" % (i, i % 12 + 1)
                                              for i in range(6))
        j, err = report(self, data)
        self.assertEqual((j["time_column"], j["date_order"]), ("answered", "month-first"))
        data = "id,x,score\n" + "".join("%d,2021-0%d-02,9\n" % (i, i % 9 + 1) for i in range(6))
        j, _ = report(self, data)
        self.assertEqual(j["time_column"], "x")
        # Bare numbers are never taken for times without a time name.
        data = "id,x,score\n" + "".join("%d,%d,9\n" % (i, 1600000000 + i) for i in range(6))
        j, _ = report(self, data)
        self.assertIsNone(j["time_column"])

    def test_stdin_utf16_is_sniffed_too(self):
        data = codecs.BOM_UTF16_LE + "Date;NPS\n13/01/2020;9\n14/02/2020;3\n".encode("utf-16-le")
        rc, out, err = run(["report", "--json", "-"], stdin=data)
        self.assertEqual(rc, 0, err)
        j = json.loads(out)
        self.assertEqual({p["period"]: p["n"] for p in j["periods"]}, {"2020-01": 1, "2020-02": 1})

    def test_unparsed_time_still_counts(self):
        good = ["2020-01-%02d" % d for d in range(1, 11)]
        m, j, _ = self.months(good + ["soon", ""], header="date")
        self.assertEqual((j["n"], j["undated"], m), (12, 2, {"2020-01": 10}))


class Followup(unittest.TestCase):
    def test_comments_by_content_and_words_identifier_and_no_likert(self):
        rows = []
        for i in range(12):
            rows.append('%d,u%d@x.org,%d,%s,"%s",%d' % (
                i, i, i % 11, ["Agree", "Disagree", "Neutral"][i % 3],
                "Because the staff number %d was slow and the queue long" % i, i % 5))
        data = "RespondentId,Email,Likely to recommend (0-10),Staff friendly,Por qué?,Keynote 0-5\n" + \
            "\n".join(rows) + "\n"
        rc, out, err = run(["followup", "--json", tmp(data)])
        self.assertEqual(rc, 0, err)
        j = json.loads(out)
        self.assertEqual(set(j["detractors"][0]["fields"]), {"RespondentId", "Email", "Por qué?"})
        self.assertEqual(j["order"], "last_in_file")
        rc, out, _ = run(["followup", tmp(data)])
        self.assertIn("last in file", out)

    def test_free_text_without_header_word_but_not_multiple_choice(self):
        opts = ["Modelling", "Visualisation", "Data cleaning", "Reporting"]
        rows = []
        for i in range(20):
            rows.append('%d\t%d\t%s\t%s\t%s' % (
                i, i % 11, ", ".join(opts[: i % 4 + 1]),
                "I like how quickly answer %d came back from the team" % i,
                "Job title number %d of a long kind" % i))
        data = ("n\tRecomiendes (0-10)\t\u00bfPara qu\u00e9 lo usas? (marca todas)\t"
                "\u00bfQu\u00e9 es lo que m\u00e1s te gusta?\t\u00bfCu\u00e1l es el nombre de tu cargo?\n"
                + "\n".join(rows) + "\n")
        rc, out, err = run(["followup", "--json", tmp(data)])
        self.assertEqual(rc, 0, err)
        j = json.loads(out)
        self.assertIn("\u00bfQu\u00e9 es lo que m\u00e1s te gusta?", j["detractors"][0]["fields"])
        self.assertNotIn("\u00bfPara qu\u00e9 lo usas? (marca todas)", j["detractors"][0]["fields"])

    def test_column_option_takes_names_with_commas_and_positions(self):
        data = 'id,score,"If you wouldn\'t, why?"\n1,3,bad\n2,10,good\n'
        rc, out, err = run(["followup", "--json", "--column", "If you wouldn't, why?",
                            "--column", "1", tmp(data)])
        self.assertEqual(rc, 0, err)
        j = json.loads(out)
        self.assertEqual(j["detractors"][0]["fields"], {"If you wouldn't, why?": "bad", "id": "1"})


class Segments(unittest.TestCase):
    def test_long_names_are_not_cut_silently(self):
        name = "Schmeler, Schimmel and Collier Airways"
        data = "segment,score\n" + '"%s",9\nB,3\n' % name
        rc, out, _ = run(["report", tmp(data)])
        self.assertIn(name, out)
        long = "X" * 60
        rc, out, _ = run(["report", tmp("segment,score\n%s,9\nB,3\n" % long)])
        self.assertIn("X" * 39 + "\u2026", out)


# ---- the real-world corpus ----

def decode(raw):
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


ANSWER = re.compile(r"\s*(\d+)(?:[.,]0+)?(?:\s*[-(=:\[].*|\s+[^\d\s].*)?\s*", re.S)


def independent(path, score_pos, time_pos, order):
    """Counts and months with Python's csv module, from the file's bytes."""
    with open(path, "rb") as f:
        text = decode(f.read()).replace("\xa0", " ")
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    first = text[:65536]
    delim = max(",;\t|", key=lambda d: (len(next(csv.reader(io.StringIO(first), delimiter=d))),))
    recs = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    dist = [0] * 11
    months = {}
    for rec in recs[1:]:
        if score_pos - 1 >= len(rec):
            continue
        m = ANSWER.fullmatch(rec[score_pos - 1])
        if not m or not 0 <= int(m.group(1)) <= 10:
            continue
        v = int(m.group(1))
        dist[v] += 1
        if time_pos:
            month = to_month(rec[time_pos - 1].strip(), order)
            if month:
                months[month] = months.get(month, 0) + 1
    return dist, months


def to_month(s, order):
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).strftime("%Y-%m")
    except ValueError:
        pass
    m = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b", s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 2000
    mon = b if order == "day-first" else a
    return "%04d-%02d" % (y, mon)


def manifest():
    """file -> (n, promoters, passives, detractors) and file -> months, from MANIFEST.md."""
    path = os.path.join(REALWORLD, "MANIFEST.md")
    if not os.path.exists(path):
        return {}, {}
    text = open(path, encoding="utf-8").read()
    num = lambda s: int(s.replace(",", ""))
    expect = {}
    for m in re.finditer(r"^\| ([\w.]+) \| ([\d,]+) \| [^|]* \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|",
                         text, re.M):
        expect[m.group(1)] = (num(m.group(3)), num(m.group(4)), num(m.group(5)), num(m.group(6)))
    for m in re.finditer(r"^\| `([\w.]+)` \| (.*?) \| (.*?) \|$", text, re.M):
        var, how, exp = m.groups()
        src = re.match(r"as (\w+)", exp)
        if src:
            base = next((f for f in expect if f.startswith(src.group(1))), None)
            if base:
                expect[var] = expect[base]
        n = re.search(r"n ([\d,]+), promoters ([\d,]+), passives ([\d,]+), detractors ([\d,]+)", exp)
        if n:
            expect[var] = tuple(num(x) for x in n.groups())
    months = {}
    sect = text.split("Counted answers per month", 1)[-1].split("\n\n", 2)[1]
    for m in re.finditer(r"^- (\w+): (.*)$", sect, re.M):
        key = next((f for f in expect if f.startswith(m.group(1))), None)
        if key:
            months[key] = {a: int(b) for a, b in re.findall(r"(\d{4}-\d{2}) (\d+)", m.group(2))}
    return expect, months


@unittest.skipUnless(os.path.isdir(REALWORLD),
                     "real-world corpus not found at %s (set NPS_REALWORLD)" % REALWORLD)
class Corpus(unittest.TestCase):
    def files(self):
        return sorted(f for f in os.listdir(REALWORLD) if f.endswith((".csv", ".tsv", ".txt")))

    def run_report(self, path):
        rc, out, err = run(["report", "--json", path])
        extra = []
        if rc == 2:
            # Several equally plausible 0-10 questions: the tool names the
            # option to type; a user types it.
            m = re.search(r"--score (\d+) ", err)
            self.assertIsNotNone(m, err)
            extra = ["--score", m.group(1)]
            rc, out, err = run(["report", "--json"] + extra + [path])
        self.assertEqual(rc, 0, "%s: %s" % (path, err))
        return json.loads(out), extra, err

    def test_report_counts_match_independent_and_manifest(self):
        expect, months = manifest()
        if os.path.exists(os.path.join(REALWORLD, "MANIFEST.md")):
            self.assertTrue(expect and months, "MANIFEST.md tables not understood")
        for name in self.files():
            with self.subTest(file=name):
                path = os.path.join(REALWORLD, name)
                j, extra, err = self.run_report(path)
                self.assertGreater(j["n"], 0)
                dist, mon = independent(path, j["score_position"], j["time_position"],
                                        j["date_order"])
                self.assertEqual([d["count"] for d in j["distribution"]], dist)
                got_months = {p["period"]: p["n"] for p in j["periods"]}
                if j["time_position"]:
                    self.assertEqual(got_months, mon)
                if name in expect:
                    self.assertEqual(counts(j), expect[name])
                if name in months:
                    self.assertEqual(got_months, months[name])

    def test_followup_runs_and_splits_the_same_answers(self):
        for name in self.files():
            with self.subTest(file=name):
                path = os.path.join(REALWORLD, name)
                j, extra, _ = self.run_report(path)
                rc, out, err = run(["followup", "--json"] + extra + [path])
                self.assertEqual(rc, 0, err)
                f = json.loads(out)
                self.assertEqual((f["detractors_total"], f["promoters_total"]),
                                 (j["detractors"], j["promoters"]))
                self.assertEqual(f["order"], "newest" if j["time_position"] else "last_in_file")


if __name__ == "__main__":
    unittest.main()
