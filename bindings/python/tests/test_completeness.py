"""Every function the public header exports is bound (or deliberately not).

Functions of the LIBNPS_1.0 node must all be bound. Functions of a newer
node (src/libnps.sym) that the binding does not know yet are reported by a
skipped test naming them, so that merging new C functions does not break
the bindings' suites; binding them moves them into the strict check.
"""
import os
import re
import unittest

from libnps import _native

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
HEADER = os.path.join(ROOT, "include", "nps.h")
SYMS = os.path.join(ROOT, "src", "libnps.sym")

# C-only concerns: a custom allocator means nothing to a Python caller.
NOT_BOUND = {"nps_acc_new_with_allocator", "nps_acc_deserialize_with_allocator",
             "nps_timeline_deserialize_with_allocator",
             "nps_wacc_new_with_allocator", "nps_wacc_deserialize_with_allocator"}


def exported():
    """{function name: version node} for every NPS_API function."""
    with open(HEADER, encoding="utf-8") as f:
        names = set(re.findall(r"NPS_API[^;(]*?\b(nps_\w+)\s*\(", f.read()))
    node_of = {}
    with open(SYMS, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    for node, body in re.findall(r"(LIBNPS_[\d.]+)\s*\{(.*?)\}", text, flags=re.S):
        for sym in re.findall(r"\b(nps_\w+)\s*;", body):
            node_of[sym] = node
    return {n: node_of.get(n, "?") for n in names}


@unittest.skipUnless(os.path.exists(HEADER) and os.path.exists(SYMS),
                     "include/nps.h or src/libnps.sym not next to the package")
class CompletenessTest(unittest.TestCase):
    def test_completeness__every_1_0_function_has_a_prototype(self):
        names = exported()
        self.assertGreater(len(names), 60)
        unbound = sorted(n for n, node in names.items()
                         if node == "LIBNPS_1.0" and n not in NOT_BOUND
                         and n not in _native._PROTOTYPES)
        self.assertEqual(unbound, [], "1.0 C functions without a Python binding")
        self.assertEqual(sorted(NOT_BOUND - set(names)), [], "stale NOT_BOUND entries")

    def test_completeness__newer_functions_not_bound_yet(self):
        pending = sorted(f"{n} ({node})" for n, node in exported().items()
                         if node != "LIBNPS_1.0" and n not in NOT_BOUND
                         and n not in _native._PROTOTYPES)
        if pending:
            self.skipTest("not bound yet: " + ", ".join(pending))

    def test_completeness__every_prototype_is_used_by_the_package(self):
        pkg = os.path.dirname(os.path.abspath(_native.__file__))
        src = ""
        for n in os.listdir(pkg):
            if n.endswith(".py") and n != "_native.py":
                with open(os.path.join(pkg, n), encoding="utf-8") as f:
                    src += f.read()
        # read through other names: status_text(), and Timeline() always
        # goes through nps_timeline_new_advanced (a superset)
        indirect = {"nps_strerror", "nps_timeline_new", "nps_category_name",
                    "nps_acc_footprint", "nps_timeline_footprint"}
        unused = sorted(n for n in set(_native._PROTOTYPES) - indirect
                        if not re.search(rf"\bC\.{n}\b", src))
        self.assertEqual(unused, [])


if __name__ == "__main__":
    unittest.main()
