#!/usr/bin/env python3
"""Generate examples/data/responses.csv: a SYNTHETIC NPS survey export.

Every row is invented by this script: the people, ids, e-mail addresses
(all @example.com) and comments are fictional. The data imitates a SaaS
product's in-app survey over two years (2023-01-01 to 2024-12-31):

- about 24,000 answers, more on weekdays and during office hours, with
  timestamps in ISO 8601 carrying the respondent's UTC offset;
- segments: plan (free, pro, business, enterprise) and region (EMEA, NA,
  APAC, LATAM), with different baseline scores;
- a real dip and recovery: a troubled release on 2024-03-12 lowers scores
  (mostly on the pro and business plans) for about six weeks, followed by a
  recovery to slightly above the earlier level by June 2024;
- comments on about a third of the answers, some with commas, quotes and
  line breaks (to exercise RFC 4180 quoting);
- a handful of deliberately bad rows (missing or non-numeric score, a score
  off the 0-10 scale, an unparsable date) so reports show how bad rows are
  counted.

Deterministic: a fixed seed and only random.random() (whose sequence is
stable across Python versions), standard library only.
Usage: python3 examples/data/generate_responses.py [OUTPUT]
"""
import csv
import datetime as dt
import math
import os
import random
import sys

SEED = 20240312
START = dt.date(2023, 1, 1)
DAYS = 731  # 2023-01-01 .. 2024-12-31
PER_WEEKDAY = 38.0
PER_WEEKEND_DAY = 14.0
INCIDENT = dt.date(2024, 3, 12)

rng = random.Random(SEED)


def r():
    return rng.random()


def pick(items):
    return items[int(r() * len(items)) % len(items)]


def weighted(pairs):
    x = r() * sum(w for _, w in pairs)
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def poisson(lam):
    # Knuth's method is fine for the small means used here.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r()
        if p <= limit:
            return k
        k += 1


PLANS = [("free", 40), ("pro", 33), ("business", 19), ("enterprise", 8)]
PLAN_SHIFT = {"free": -0.07, "pro": 0.0, "business": 0.04, "enterprise": 0.08}
REGIONS = [("EMEA", 38), ("NA", 34), ("APAC", 18), ("LATAM", 10)]
REGION_SHIFT = {"EMEA": 0.0, "NA": 0.02, "APAC": -0.02, "LATAM": 0.03}


def region_offset(region, day):
    """UTC offset in minutes, with European and US summer time."""
    summer = dt.date(day.year, 3, 26) <= day <= dt.date(day.year, 10, 29)
    if region == "EMEA":
        return 120 if summer else 60
    if region == "NA":
        return -240 if summer else -300
    if region == "APAC":
        return 540
    return -180


def incident_effect(day, plan):
    """Extra detractor probability: the dip and its recovery."""
    days = (day - INCIDENT).days
    if days < 0:
        return 0.0
    weight = {"free": 0.5, "pro": 1.0, "business": 1.0, "enterprise": 0.6}[plan]
    if days < 42:
        return 0.22 * weight * (1.0 - days / 60.0)
    if days < 90:  # recovery as fixes ship
        return 0.22 * weight * (1.0 - 42 / 60.0) * (90 - days) / 48.0
    return -0.02  # slightly better than before: the fixes stuck


def drift(day):
    """Slow improvement over the two years, plus a December lull."""
    t = (day - START).days / DAYS
    lull = 0.03 if day.month == 12 else 0.0
    return 0.04 * t - lull


def score_for(day, plan, region):
    p_prom = 0.42 + PLAN_SHIFT[plan] + REGION_SHIFT[region] + drift(day)
    p_det = 0.22 - PLAN_SHIFT[plan] / 2 - REGION_SHIFT[region] / 2 - drift(day) / 2
    extra = incident_effect(day, plan)
    p_det += extra
    p_prom -= extra * 0.7
    p_prom = min(max(p_prom, 0.05), 0.9)
    p_det = min(max(p_det, 0.03), 0.9)
    x = r()
    if x < p_prom:
        return weighted([(10, 55), (9, 45)]), "promoter"
    if x < p_prom + p_det:
        return weighted([(0, 8), (1, 4), (2, 6), (3, 9), (4, 11), (5, 22), (6, 40)]), "detractor"
    return weighted([(7, 48), (8, 52)]), "passive"


FIRST = ["ana", "ben", "chloe", "dev", "elif", "femi", "grace", "hiro", "ines", "jon",
         "kara", "liam", "mei", "nadia", "omar", "priya", "quinn", "rosa", "sven", "tomas",
         "uma", "victor", "wen", "ximena", "yusuf", "zoe"]
LAST = ["adams", "baker", "costa", "dubois", "eriksen", "fischer", "garcia", "haddad",
        "ito", "jensen", "kowalski", "lopez", "moreau", "nakamura", "okafor", "patel",
        "rossi", "schmidt", "tanaka", "silva", "walker", "yilmaz", "zhang"]

COMMENTS = {
    "promoter": [
        "Love it. Saves me hours every week.",
        "Support answered in minutes, and they actually fixed it.",
        "Simple, fast, does what it says.",
        "The new dashboard is great, thanks!",
        "Best tool we've adopted this year, the whole team uses it.",
        "Rock solid. Would recommend to any team, big or small.",
        'Our CFO called it "the only report I read", which says a lot.',
        "Great product.\nOnboarding took ten minutes.",
    ],
    "passive": [
        "Good, but the pricing is a bit steep for what we use.",
        "Does the job. Reporting could be more flexible.",
        "Fine overall; the mobile app lags behind the web app.",
        "OK. Would like SSO on the pro plan.",
        "Solid, though exports to Excel lose formatting.",
        'It\'s "fine" - nothing wrong, nothing exciting.',
    ],
    "detractor": [
        "Too expensive for a small team.",
        "Export to CSV times out on large projects.",
        "Support took a week to reply.",
        "Missing integrations we need (Jira, Salesforce).",
        "Confusing UI, I can never find the settings.",
        'The "smart" suggestions are wrong more often than not.',
        "Billing charged us twice, still waiting for a refund.",
        "Slow.\nReally slow on Mondays.",
    ],
    "incident": [
        "Since the March update the app crashes when I save.",
        "The last release broke our integrations, again.",
        "Lost two days of work after the update. Not acceptable.",
        "Everything got slower after the new version, please roll it back.",
        'Sync errors every day since the update: "conflict detected".',
    ],
}


def comment_for(day, category):
    if r() >= 0.33:
        return ""
    days = (day - INCIDENT).days
    if category == "detractor" and 0 <= days < 75 and r() < 0.6:
        return pick(COMMENTS["incident"])
    return pick(COMMENTS[category])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "responses.csv")
    rows = []
    for d in range(DAYS):
        day = START + dt.timedelta(days=d)
        lam = PER_WEEKEND_DAY if day.weekday() >= 5 else PER_WEEKDAY
        for _ in range(poisson(lam)):
            plan = weighted(PLANS)
            region = weighted(REGIONS)
            off = region_offset(region, day)
            # Local office hours, roughly: 07:00-21:59.
            sec = int((7 + 15 * r()) * 3600)
            local = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=sec)
            utc = local - dt.timedelta(minutes=off)
            score, cat = score_for(day, plan, region)
            sign = "+" if off >= 0 else "-"
            stamp = local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (
                sign, abs(off) // 60, abs(off) % 60)
            name = "%s.%s%d" % (pick(FIRST), pick(LAST), int(r() * 90) + 10)
            rows.append([utc, stamp, str(score), plan, region, name + "@example.com",
                         comment_for(day, cat)])
    rows.sort(key=lambda x: x[0])

    # Bad rows that real exports contain; placed at fixed positions.
    bad = [(1200, "", "left blank"), (5100, "N/A", None), (9050, "11", None),
           (13333, "7.5", None), (17000, "ten", None), (20020, None, "31/12/2023")]
    for pos, score, stamp in bad:
        if pos < len(rows):
            if score is not None:
                rows[pos][2] = score
            if stamp is not None and score is None:
                rows[pos][1] = stamp

    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "submitted_at", "score", "plan", "region", "email", "comment"])
        for i, row in enumerate(rows):
            w.writerow(["R%06d" % (i + 1)] + row[1:])
    print("wrote %d rows to %s" % (len(rows), out), file=sys.stderr)


if __name__ == "__main__":
    main()
