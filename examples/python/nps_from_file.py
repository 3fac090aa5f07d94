#!/usr/bin/env python3
"""Print the NPS of a file of answers (one integer per line) with its
confidence interval.

    LIBNPS_LIBRARY=/path/to/libnps.so.1 python3 nps_from_file.py scores.txt
"""
import argparse
import sys

import libnps


def read_scores(path):
    """The answers as bytes (one per answer) and each answer's line number."""
    scores, lines = bytearray(), []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            text = line.strip()
            if not text:
                continue
            try:
                value = int(text)
            except ValueError:
                raise SystemExit(f"{path}:{lineno}: not an integer: {text!r}")
            if not 0 <= value <= 255:
                raise SystemExit(f"{path}:{lineno}: score {value} is off the scale")
            scores.append(value)
            lines.append(lineno)
    return scores, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--level", type=float, default=0.95)
    ap.add_argument("--scale", default="0,10,7,9",
                    help="min,max,passive_min,promoter_min (default 0,10,7,9)")
    args = ap.parse_args()

    scale = libnps.Scale(*(int(x) for x in args.scale.split(",")))
    scores, lines = read_scores(args.file)
    acc = libnps.Accumulator(scale)
    try:
        acc.add_many(scores)  # read in place by the C library
    except libnps.ScoreRangeError as e:
        raise SystemExit(f"{args.file}:{lines[e.index]}: score {e.value} is off "
                         f"the scale {scale.min}-{scale.max}")
    print(f"answers: {acc.total}")
    print(f"promoters: {acc.promoters} passives: {acc.passives} "
          f"detractors: {acc.detractors}")
    if acc.total == 0:
        print("NPS: undefined (no answers)")
        return 0
    lo, hi = acc.interval(args.level, "adjusted_wald")
    print(f"NPS: {acc.score:.2f}")
    print(f"{args.level:.0%} interval (adjusted Wald): {lo:.2f} {hi:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
