"""How the package finds the C library."""
import os
import subprocess
import sys
import unittest

import libnps

PKG_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(libnps.__file__)))


def run_import(env_lib):
    env = dict(os.environ, PYTHONPATH=PKG_ROOT)
    env.pop("LIBNPS_LIBRARY", None)
    if env_lib is not None:
        env["LIBNPS_LIBRARY"] = env_lib
    return subprocess.run([sys.executable, "-c", "import libnps; print(libnps.library_path)"],
                          env=env, capture_output=True, text=True)


class LoaderTest(unittest.TestCase):
    def test_loader__env_variable_wins(self):
        self.assertEqual(libnps.library_path, os.environ.get("LIBNPS_LIBRARY", libnps.library_path))
        out = run_import(libnps.library_path)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), libnps.library_path)

    def test_loader__bad_env_path_is_import_error_not_a_fallback(self):
        out = run_import("/nonexistent/libnps.so.1")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("ImportError", out.stderr)
        self.assertIn("LIBNPS_LIBRARY='/nonexistent/libnps.so.1'", out.stderr)


if __name__ == "__main__":
    unittest.main()
