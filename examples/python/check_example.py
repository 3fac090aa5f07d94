#!/usr/bin/env python3
"""Check an example program's output against values computed here.

    check_example.py [--library LIBNPS_SO] DATA -- COMMAND [ARGS...]

Runs COMMAND ARGS DATA, counts the answers of DATA independently (plain
Python, standard scale), computes the NPS and the 95% adjusted-Wald interval
from the published formula (Rocks 2016), and compares them with the lines
the program printed. Then runs the program on a file with an off-scale
answer on line 3 and expects a failure that names the line. Used for both
the Python and the Go example. With --library, fails at once
when that library does not export nps_acc_interval, which the examples need.
"""
import math
import os
import re
import subprocess
import sys
import tempfile

Z95 = 1.959963984540054


def expected(path):
    d = p = r = 0
    with open(path) as f:
        for line in f:
            if line.strip():
                s = int(line)
                if s <= 6:
                    d += 1
                elif s <= 8:
                    p += 1
                else:
                    r += 1
    n = d + p + r
    nps = 100.0 * (r - d) / n
    # adjusted Wald: 3/4 detractor, 3/2 passive, 3/4 promoter pseudo-answers
    na = n + 3
    pr, pd = (r + 0.75) / na, (d + 0.75) / na
    est = pr - pd
    se = math.sqrt(((pr + pd) - est * est) / na)
    lo = max(-100.0, 100 * (est - Z95 * se))
    hi = min(100.0, 100 * (est + Z95 * se))
    return n, r, p, d, nps, lo, hi


def main():
    args = sys.argv[1:]
    if args[0] == "--library":
        import ctypes
        lib, args = args[1], args[2:]
        if not hasattr(ctypes.CDLL(lib), "nps_acc_interval"):
            sys.exit(f"FAIL: nps_acc_interval is missing from {lib}")
    sep = args.index("--")
    data, cmd = args[0], args[sep + 1:]
    out = subprocess.run(cmd + [data], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"example failed ({out.returncode}): {out.stderr}")
    text = out.stdout
    print(text, end="")
    n, r, p, d, nps, lo, hi = expected(data)
    m = re.search(r"answers: (\d+)", text)
    assert m and int(m.group(1)) == n, f"answers: want {n}"
    m = re.search(r"promoters: (\d+) passives: (\d+) detractors: (\d+)", text)
    assert m and tuple(map(int, m.groups())) == (r, p, d), f"counts: want {(r, p, d)}"
    m = re.search(r"NPS: (-?[\d.]+)", text)
    assert m and abs(float(m.group(1)) - nps) < 0.006, f"NPS: want {nps:.2f}"
    m = re.search(r"95% interval \(adjusted Wald\): (-?[\d.]+) (-?[\d.]+)", text)
    assert m, "no interval line"
    got = tuple(map(float, m.groups()))
    assert abs(got[0] - lo) < 0.006 and abs(got[1] - hi) < 0.006, \
        f"interval: want {lo:.2f} {hi:.2f}, got {got}"

    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.txt")
        with open(bad, "w") as f:
            f.write("10\n9\n11\n0\n")
        out = subprocess.run(cmd + [bad], capture_output=True, text=True)
        assert out.returncode != 0, "an off-scale answer must fail"
        assert ":3:" in out.stderr, f"the error must name line 3: {out.stderr!r}"
    print(f"check_example: OK (NPS {nps:.2f}, interval {lo:.2f} {hi:.2f})")


if __name__ == "__main__":
    main()
