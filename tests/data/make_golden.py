#!/usr/bin/env python3
"""Write the golden files of serialization format versions 1 and 2.

An encoder written from docs/format.md alone, independent of the C library:
tests/test_golden.c checks that the library decodes each file to the state
described here (written out again, independently, in the test) and
re-encodes it to the identical bytes. Run once per format version; the
files are then frozen forever:

    python3 tests/data/make_golden.py tests/data

Uses the Python standard library only.
"""
import os
import struct
import sys
from fractions import Fraction

U64 = (1 << 64) - 1


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c ^= b
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    return c ^ 0xFFFFFFFF


def varint(v):
    assert 0 <= v <= U64
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def zigzag(v):
    assert -(1 << 63) <= v < (1 << 63)
    return varint(v << 1 if v >= 0 else ((-v) << 1) - 1)


def frame(kind, scale, body, version=1):
    data = b"NPS" + kind + bytes([version]) + bytes(scale) + body
    return data + crc32c(data).to_bytes(4, "little")


def acc(scale, counts):
    """counts: {score: count}"""
    lo, hi = scale[0], scale[1]
    assert sum(counts.values()) <= U64
    body = b"".join(varint(counts.get(v, 0)) for v in range(lo, hi + 1))
    return frame(b"A", scale, body)


def timeline(scale, unit, width, offset, nbuckets, newest=None, clock=None,
             horizon=0, dropped=0, buckets=None):
    """buckets: {age: {score: count}}, non-empty retained buckets only.
    Version 1 when the offset is a 1.0 UTC offset (|offset| <= 86400);
    otherwise version 2, which only fixed-width buckets with an offset in
    (86400, width) may use (docs/format.md)."""
    version = 1 if -86400 <= offset <= 86400 else 2
    if version == 2:
        assert unit == SECOND and 86400 < offset < width
    buckets = buckets or {}
    lo, hi = scale[0], scale[1]
    flags = (1 if newest is not None else 0) | (2 if clock is not None else 0)
    body = bytes([unit]) + varint(width) + zigzag(offset) + varint(nbuckets)
    body += bytes([flags])
    if newest is not None:
        body += zigzag(newest)
    if clock is not None:
        body += zigzag(clock)
    body += varint(horizon) + varint(dropped) + varint(len(buckets))
    for age in sorted(buckets):
        assert 0 <= age < nbuckets and sum(buckets[age].values()) > 0
        body += varint(age)
        body += b"".join(varint(buckets[age].get(v, 0)) for v in range(lo, hi + 1))
    return frame(b"T", scale, body, version)


def f64(x):
    """IEEE-754 binary64, little endian."""
    return struct.pack("<d", x)


def pair(v):
    """The canonical pair of an exact non-negative value v (a Fraction):
    hi = v rounded to nearest (ties to even), lo = the rest, which must
    itself be a double."""
    hi = float(v)  # Fraction -> float rounds correctly
    lo = float(v - Fraction(hi))
    assert Fraction(hi) + Fraction(lo) == v, "value needs more than a pair"
    assert hi + lo == hi
    return hi, lo


def category(scale, score):
    lo, hi, pas, pro = scale
    assert lo <= score <= hi
    return 2 if score >= pro else 1 if score >= pas else 0


def wacc_raw(scale, counts, sums):
    """counts: (detractors, passives, promoters); sums: for each category
    ((W.hi, W.lo), (W2.hi, W2.lo))."""
    assert sum(counts) <= U64
    body = b"".join(varint(c) for c in counts)
    for c, (w, w2) in zip(counts, sums):
        for (h, l), lo_b, hi_b in ((w, 2.0 ** -448, 2.0 ** 512),
                                   (w2, 2.0 ** -896, 2.0 ** 960)):
            assert h + l == h and (h > 0) == (c > 0)
            assert c == 0 or lo_b <= h <= hi_b
            body += f64(h) + f64(l)
    return frame(b"W", scale, body)


def wacc(scale, answers):
    """answers: [(score, weight)]. Sums are exact (Fractions) of the weights
    and of their squares rounded to double, then written as pairs."""
    counts = [0, 0, 0]
    w = [Fraction(0)] * 3
    w2 = [Fraction(0)] * 3
    for score, weight in answers:
        assert 2.0 ** -448 <= weight <= 2.0 ** 448
        c = category(scale, score)
        counts[c] += 1
        w[c] += Fraction(weight)
        w2[c] += Fraction(weight * weight)
    return wacc_raw(scale, counts, [(pair(w[c]), pair(w2[c])) for c in range(3)])


STD = (0, 10, 7, 9)
ONE_TEN = (1, 10, 7, 9)
WIDE = (0, 100, 70, 90)
SECOND, MONTH = 0, 1

# Each state is described in words in tests/test_golden.c, with the
# derivation of every bucket index.
GOLDEN = {
    "acc_standard": acc(STD, {0: 1, 7: 2, 9: 3, 10: 130}),
    "acc_one_to_ten": acc(ONE_TEN, {1: 5, 6: 1, 7: 12, 9: 300, 10: 16384}),
    "acc_zero_to_hundred": acc(WIDE, {0: 1, 50: 2, 69: 3, 70: 4, 89: 5, 90: 6, 100: 7}),
    "acc_empty": acc(STD, {}),
    "acc_near_max": acc(STD, {0: 1 << 63, 10: (1 << 63) - 1}),
    "acc_no_passives": acc((0, 10, 9, 9), {3: 2, 9: 1}),
    "timeline_empty": timeline(STD, SECOND, 3600, 0, 24),
    "timeline_days": timeline(
        STD, SECOND, 86400, 0, 7, newest=19681, clock=1700510000,
        horizon=172800, dropped=4,
        buckets={0: {6: 1, 10: 5}, 4: {7: 1, 9: 2}, 6: {0: 1, 10: 3}}),
    "timeline_months_offset": timeline(
        ONE_TEN, MONTH, 1, 3600, 12, newest=650,
        buckets={0: {10: 1}, 1: {1: 2}, 2: {8: 1}}),
    "timeline_negative_times": timeline(
        STD, SECOND, 86400, -18000, 10, newest=0, clock=-100,
        buckets={0: {9: 1}, 3: {3: 2}, 5: {10: 4}}),
    "timeline_near_max": timeline(
        STD, SECOND, 60, 0, 4, newest=2, dropped=U64,
        buckets={0: {0: 1, 10: U64 - 1}, 1: {5: U64}}),
    "timeline_quarters_wide": timeline(
        WIDE, MONTH, 3, -86400, 8, newest=217, horizon=3600,
        buckets={0: {0: 1, 50: 2}, 1: {95: 1}}),
    "wacc_empty": wacc(STD, []),
    "wacc_standard": wacc(STD, [(10, 2.0), (9, 1.0), (7, 1.0), (3, 4.0)]),
    "wacc_compensated": wacc(ONE_TEN, [
        (10, 1.0), (9, 2.0 ** -60), (10, 2.0 ** -60), (1, 0.1), (6, 3.0),
        (8, 1e-100)]),
    "wacc_revenue_wide": wacc(WIDE, [
        (100, 125000.0), (95, 3400.5), (90, 0.75), (80, 99999.0),
        (69, 250000.25), (0, 12.0), (35, 7e6)]),
    "wacc_near_max": wacc_raw(STD, (1 << 63, 1, (1 << 63) - 2), [
        ((2.0 ** 500, 2.0 ** 440), (2.0 ** 900, 0.0)),
        ((2.0 ** -448, 0.0), (2.0 ** -896, 0.0)),
        ((2.0 ** 511, -(2.0 ** 450)), (2.0 ** 959, 2.0 ** 900))]),
}


# Format version 2 (libnps 1.1): geometries 1.0 cannot express.
GOLDEN_V2 = {
    # Weeks starting on Monday 00:00 UTC: width 604800, origin 2024-01-01
    # (a Monday, 1704067200), so the offset is floor_mod(-1704067200,
    # 604800) = 259200 (three days: the epoch is a Thursday). The bucket of
    # 2024-01-03 is floor((1704240000 + 259200) / 604800) = 2818, which
    # starts at 2818 * 604800 - 259200 = 1704067200.
    "timeline_weeks_monday": timeline(
        STD, SECOND, 604800, 259200, 4, newest=2818,
        buckets={0: {3: 1, 9: 2}, 1: {10: 1}}),
}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    for sub, files in (("v1", GOLDEN), ("v2", GOLDEN_V2)):
        out = os.path.join(root, sub)
        os.makedirs(out, exist_ok=True)
        for name, data in files.items():
            assert data[4] == int(sub[1:])
            with open(os.path.join(out, name + ".nps"), "wb") as f:
                f.write(data)
            print(f"{sub}/{name}.nps  {len(data)} bytes  {data.hex(' ')}")


if __name__ == "__main__":
    main()
