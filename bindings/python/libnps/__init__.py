"""libnps: the Net Promoter Score with honest uncertainty.

Python bindings (ctypes, standard library only) to the libnps C library.
The library is found through the LIBNPS_LIBRARY environment variable (a
full path), then a copy bundled in this package, then the system.

>>> import libnps
>>> acc = libnps.Accumulator([10, 9, 8, 3])
>>> acc.score, acc.total
(25.0, 4)
>>> libnps.nps([10, 9, 8, 3, None])
25.0
"""
from __future__ import annotations

from . import _native
from ._api import nps, summarize, summary
from ._core import (Accumulator, Bucket, Category, Comparison, Method, Scale,
                    Summary, Timeline, TimeLike, Trend, compare, sample_size,
                    sample_size_compare)
from ._inference import (Alert, AlertKind, Heterogeneity, TrendFit, alerts,
                         compare_score, heterogeneity, p_adjust,
                         sample_size_margin, trend)
from ._errors import (BufferSizeError, CountOverflowError, EmptyError,
                      FormatError, InvalidArgumentError, MissingScoreError,
                      NpsError, OutOfMemoryError, ScaleMismatchError,
                      ScoreRangeError, TooNewError, TooOldError, VersionError,
                      WeightError)
from ._weighted import WeightedAccumulator, compare_weighted

__version__ = "1.0.0"

#: Version of the loaded C library, e.g. "1.0.0".
library_version: str = _native.C.nps_version_string().decode("ascii")
#: The same as major*10000 + minor*100 + patch.
library_version_number: int = int(_native.C.nps_version_number())
#: Where the C library was loaded from.
library_path: str = _native.path

if library_version_number // 10000 != 1:
    raise ImportError(f"libnps {library_version} at {library_path} is not "
                      f"ABI-compatible with these bindings (need 1.x)")

__all__ = [
    "Accumulator", "Bucket", "Category", "Comparison", "Method", "Scale",
    "Summary", "Timeline", "TimeLike", "Trend", "compare", "nps", "summary",
    "WeightedAccumulator", "compare_weighted", "WeightError",
    "summarize", "sample_size", "sample_size_compare",
    "NpsError", "InvalidArgumentError", "ScoreRangeError", "MissingScoreError",
    "OutOfMemoryError",
    "CountOverflowError", "ScaleMismatchError", "TooOldError", "FormatError",
    "VersionError", "BufferSizeError", "EmptyError", "TooNewError",
    "library_version", "library_version_number", "library_path", "__version__",
]
__all__ += ["Alert", "AlertKind", "Heterogeneity", "TrendFit", "alerts",
            "compare_score", "heterogeneity", "p_adjust", "sample_size_margin",
            "trend"]
