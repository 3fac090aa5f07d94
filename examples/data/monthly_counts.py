#!/usr/bin/env python3
"""Count responses.csv per UTC month (detractors, passives, promoters).

    monthly_counts.py [responses.csv] [--check alerts.c]

Prints one line per month. With --check, compares the table in the C
example alerts.c (2023-01 .. 2024-12) with the counts and exits 1 on any
difference, so the example's table stays the file's. Rows whose score is
not an integer 0-10 or whose time does not parse are left out.
"""
import csv
import datetime
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def count(path):
    months = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                score = int(row["score"])
                t = datetime.datetime.strptime(row["submitted_at"],
                                               "%Y-%m-%dT%H:%M:%S%z")
            except ValueError:
                continue
            if not 0 <= score <= 10:
                continue
            t = t.astimezone(datetime.timezone.utc)
            c = months.setdefault((t.year, t.month), [0, 0, 0])
            c[0 if score <= 6 else 1 if score <= 8 else 2] += 1
    return months


def main():
    args = sys.argv[1:]
    check = None
    if "--check" in args:
        i = args.index("--check")
        check = args[i + 1]
        del args[i:i + 2]
    months = count(args[0] if args else os.path.join(HERE, "responses.csv"))
    for (y, m), c in sorted(months.items()):
        print(f"{y}-{m:02d} {c[0]} {c[1]} {c[2]}")
    if check:
        with open(check) as f:
            text = f.read()
        table = [list(map(int, t)) for t in
                 re.findall(r"\{(\d+), (\d+), (\d+)\}", text.split("counts[MONTHS][3]")[1])]
        want = [months.get((2023 + i // 12, i % 12 + 1)) for i in range(24)]
        if table[:24] != want:
            print(f"{check}: the table differs from the file's counts")
            return 1
        print(f"{check}: table matches the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
