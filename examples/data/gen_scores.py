#!/usr/bin/env python3
"""Regenerate scores.txt: 1000 answers on the 0-10 scale, one per line.

Fixed seed, so the file is reproducible: `python3 gen_scores.py > scores.txt`.
The weights give a typical B2B profile (about half promoters, a fifth
detractors). random.Random(seed).choices is stable across Python 3 versions.
"""
import random

WEIGHTS = [2, 1, 1, 2, 2, 5, 7, 10, 18, 22, 30]  # percent for scores 0..10


def main() -> None:
    rng = random.Random(20240611)
    for score in rng.choices(range(11), weights=WEIGHTS, k=1000):
        print(score)


if __name__ == "__main__":
    main()
