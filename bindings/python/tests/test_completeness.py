"""Every function the public header exports is bound (or deliberately not)."""
import os
import re
import unittest

from libnps import _native

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "..", "..", "..", "include", "nps.h")

# C-only concerns: a custom allocator means nothing to a Python caller.
NOT_BOUND = {"nps_acc_new_with_allocator", "nps_acc_deserialize_with_allocator",
             "nps_timeline_deserialize_with_allocator"}


@unittest.skipUnless(os.path.exists(HEADER), "include/nps.h not next to the package")
class CompletenessTest(unittest.TestCase):
    def test_completeness__every_exported_c_function_has_a_prototype(self):
        with open(HEADER, encoding="utf-8") as f:
            text = f.read()
        names = set(re.findall(r"NPS_API[^;(]*?\b(nps_\w+)\s*\(", text))
        self.assertGreater(len(names), 60)
        unbound = sorted(names - NOT_BOUND - set(_native._PROTOTYPES))
        self.assertEqual(unbound, [], "C functions without a Python binding")
        self.assertEqual(sorted(NOT_BOUND - names), [], "stale NOT_BOUND entries")

    def test_completeness__every_prototype_is_used_by_the_package(self):
        pkg = os.path.dirname(os.path.abspath(_native.__file__))
        src = ""
        for n in os.listdir(pkg):
            if n.endswith(".py") and n != "_native.py":
                with open(os.path.join(pkg, n), encoding="utf-8") as f:
                    src += f.read()
        with open(os.path.join(pkg, "__init__.py"), encoding="utf-8") as f:
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
