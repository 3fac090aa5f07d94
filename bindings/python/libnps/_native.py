"""Loading libnps and declaring the C prototypes (ctypes, standard library only).

Every function gets explicit ``argtypes``/``restype``: ctypes' default ``int``
return type would truncate pointers and 64-bit counts.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char_p, c_double, c_int, c_int32,
                    c_int64, c_size_t, c_uint, c_uint32, c_uint64, c_void_p)
from typing import Any, Callable, Dict, FrozenSet, Optional

__all__ = ["lib", "path", "missing", "has", "CScale", "status_text",
           "CTimelineOptions", "CTrend", "CHeterogeneity", "CComparison",
           "CAlert", "STRUCT_VERSION"]


class CScale(Structure):
    """The frozen ``nps_scale`` layout: four ints."""

    _fields_ = [("min", c_int), ("max", c_int), ("passive_min", c_int),
                ("promoter_min", c_int)]


_here = os.path.dirname(os.path.abspath(__file__))
_BUNDLED = ("libnps.so.1", "libnps.so", "libnps.1.dylib", "libnps.dylib",
            "nps.dll", "libnps.dll")


def _load() -> "tuple[ctypes.CDLL, str]":
    # An explicit path wins and must work: silently falling back to another
    # copy would test or run against the wrong library.
    env = os.environ.get("LIBNPS_LIBRARY")
    if env:
        try:
            return ctypes.CDLL(env), env
        except OSError as e:
            raise ImportError(f"LIBNPS_LIBRARY={env!r} cannot be loaded: {e}") from e
    for name in _BUNDLED:
        candidate = os.path.join(_here, name)
        if os.path.exists(candidate):
            return ctypes.CDLL(candidate), candidate
    errors = []
    for found in (ctypes.util.find_library("nps"), "libnps.so.1"):
        if not found:
            continue
        name = found
        try:
            return ctypes.CDLL(name), name
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise ImportError("libnps not found: set LIBNPS_LIBRARY to the full path of "
                      "libnps.so.1, bundle it in the package, or install it "
                      "system-wide" + (" (" + "; ".join(errors) + ")" if errors else ""))


lib, path = _load()

_P = c_void_p           # opaque nps_acc * / nps_timeline *
_PP = POINTER(c_void_p)
_S = POINTER(CScale)
_D = POINTER(c_double)
_Z = POINTER(c_size_t)

# name: (restype, argtypes)
_PROTOTYPES: Dict[str, "tuple[Any, list[Any]]"] = {
    "nps_version_number": (c_uint, []),
    "nps_version_string": (c_char_p, []),
    "nps_strerror": (c_char_p, [c_int]),
    "nps_scale_validate": (c_int, [_S]),
    "nps_classify": (c_int, [_S, c_int, POINTER(c_int)]),
    "nps_category_name": (c_char_p, [c_int]),
    # accumulator
    "nps_acc_new": (c_int, [_PP, _S]),
    "nps_acc_free": (None, [_P]),
    "nps_acc_clone": (c_int, [_PP, _P]),
    "nps_acc_reset": (None, [_P]),
    "nps_acc_add": (c_int, [_P, c_int]),
    "nps_acc_add_n": (c_int, [_P, c_int, c_uint64]),
    "nps_acc_remove_n": (c_int, [_P, c_int, c_uint64]),
    "nps_acc_add_scores": (c_int, [_P, c_void_p, c_size_t, _Z]),
    "nps_acc_merge": (c_int, [_P, _P]),
    "nps_acc_subtract": (c_int, [_P, _P]),
    "nps_acc_total": (c_uint64, [_P]),
    "nps_acc_count": (c_uint64, [_P, c_int]),
    "nps_acc_category_count": (c_uint64, [_P, c_int]),
    "nps_acc_score": (c_double, [_P]),
    "nps_acc_share": (c_double, [_P, c_int]),
    "nps_acc_mean": (c_double, [_P]),
    "nps_acc_scale": (c_int, [_P, _S]),
    "nps_acc_counts": (c_int, [_P, POINTER(c_uint64), c_size_t, _Z]),
    "nps_acc_equal": (c_int, [_P, _P]),
    "nps_acc_footprint": (c_size_t, [_P]),
    # statistics
    "nps_acc_variance": (c_int, [_P, _D]),
    "nps_acc_stderr": (c_int, [_P, _D]),
    "nps_acc_interval": (c_int, [_P, c_int, c_double, _D, _D]),
    "nps_acc_margin": (c_int, [_P, c_int, c_double, _D]),
    "nps_acc_test": (c_int, [_P, c_double, c_int, _D]),
    "nps_compare": (c_int, [_P, _P, c_int, c_double, _D, _D, _D, _D]),
    "nps_sample_size": (c_int, [c_double, c_double, c_double, c_double,
                                POINTER(c_uint64)]),
    "nps_sample_size_compare": (c_int, [c_double, c_double, c_double, c_double,
                                        c_double, c_double, c_double,
                                        POINTER(c_uint64)]),
    # timeline
    "nps_timeline_new": (c_int, [_PP, c_int64, c_uint32, _S]),
    "nps_timeline_new_advanced": (c_int, [_PP, c_int, c_int64, c_int32,
                                          c_uint32, _S, c_void_p]),
    "nps_timeline_free": (None, [_P]),
    "nps_timeline_clone": (c_int, [_PP, _P]),
    "nps_timeline_reset": (None, [_P]),
    "nps_timeline_add": (c_int, [_P, c_int64, c_int]),
    "nps_timeline_add_n": (c_int, [_P, c_int64, c_int, c_uint64]),
    "nps_timeline_add_batch": (c_int, [_P, c_void_p, c_void_p, c_size_t, _Z,
                                       POINTER(c_uint64)]),
    "nps_timeline_advance": (c_int, [_P, c_int64]),
    "nps_timeline_set_horizon": (c_int, [_P, c_int64]),
    "nps_timeline_bucket_start": (c_int, [_P, c_int64, POINTER(c_int64)]),
    "nps_timeline_bucket": (c_int, [_P, c_uint32, POINTER(c_int64), _P]),
    "nps_timeline_compare_periods": (c_int, [_P, c_uint32, c_int, c_double,
                                             _D, _D, _D, _D]),
    "nps_timeline_footprint": (c_size_t, [_P]),
    "nps_timeline_dropped": (c_uint64, [_P]),
    "nps_timeline_buckets": (c_uint32, [_P]),
    "nps_timeline_scale": (c_int, [_P, _S]),
    "nps_timeline_newest": (c_int, [_P, POINTER(c_int64)]),
    "nps_timeline_range": (c_int, [_P, c_int64, c_int64, _P]),
    "nps_timeline_rolling": (c_int, [_P, c_uint32, _P]),
    "nps_timeline_trend": (c_int, [_P, c_int64, c_int64, _D, _D, _D]),
    "nps_timeline_merge": (c_int, [_P, _P]),
    "nps_timeline_equal": (c_int, [_P, _P]),
    # serialization
    "nps_acc_serialize": (c_int, [_P, c_void_p, c_size_t, _Z]),
    "nps_acc_deserialize": (c_int, [_PP, c_void_p, c_size_t]),
    "nps_timeline_serialize": (c_int, [_P, c_void_p, c_size_t, _Z]),
    "nps_timeline_deserialize": (c_int, [_PP, c_void_p, c_size_t]),
    # weighted accumulator (1.1)
    "nps_wacc_new": (c_int, [_PP, _S]),
    "nps_wacc_free": (None, [_P]),
    "nps_wacc_clone": (c_int, [_PP, _P]),
    "nps_wacc_reset": (None, [_P]),
    "nps_wacc_add": (c_int, [_P, c_int, c_double]),
    "nps_wacc_add_scores": (c_int, [_P, c_void_p, c_void_p, c_size_t, _Z]),
    "nps_wacc_merge": (c_int, [_P, _P]),
    "nps_wacc_total": (c_uint64, [_P]),
    "nps_wacc_category_count": (c_uint64, [_P, c_int]),
    "nps_wacc_category_weight": (c_double, [_P, c_int]),
    "nps_wacc_category_weight_sq": (c_double, [_P, c_int]),
    "nps_wacc_total_weight": (c_double, [_P]),
    "nps_wacc_score": (c_double, [_P]),
    "nps_wacc_effective_n": (c_int, [_P, _D]),
    "nps_wacc_stderr": (c_int, [_P, _D]),
    "nps_wacc_interval": (c_int, [_P, c_int, c_double, _D, _D]),
    "nps_wacc_test": (c_int, [_P, c_double, c_int, _D]),
    "nps_wacc_compare": (c_int, [_P, _P, c_int, c_double, _D, _D, _D, _D]),
    "nps_wacc_scale": (c_int, [_P, _S]),
    "nps_wacc_equal": (c_int, [_P, _P]),
    "nps_wacc_footprint": (c_size_t, [_P]),
    "nps_wacc_serialize": (c_int, [_P, c_void_p, c_size_t, _Z]),
    "nps_wacc_deserialize": (c_int, [_PP, c_void_p, c_size_t]),
}


# -- 1.1: method names, timeline options and geometry, inference ------------
class CTimelineOptions(Structure):
    """``nps_timeline_options``, version 1 (NPS_TIMELINE_OPTIONS_VERSION)."""

    _fields_ = [("version", c_uint), ("unit", c_int), ("width", c_int64),
                ("buckets", c_uint32), ("origin", c_int64),
                ("utc_offset", c_int32), ("horizon", c_int64),
                ("scale", POINTER(CScale)), ("allocator", c_void_p)]


class CTrend(Structure):
    """``nps_trend``, version 1."""

    _fields_ = [("version", c_uint), ("slope", c_double), ("se", c_double),
                ("p_value", c_double), ("df", c_double), ("tau", c_double),
                ("q", c_double), ("q_p_value", c_double),
                ("periods", c_uint64), ("answers", c_uint64)]


class CHeterogeneity(Structure):
    """``nps_heterogeneity``, version 1."""

    _fields_ = [("version", c_uint), ("statistic", c_double), ("df", c_double),
                ("p_value", c_double), ("groups", c_uint64)]


class CComparison(Structure):
    """``nps_comparison``, version 1."""

    _fields_ = [("version", c_uint), ("diff", c_double), ("lo", c_double),
                ("hi", c_double), ("p_value", c_double)]


class CAlert(Structure):
    """``nps_alert``, version 1."""

    _fields_ = [("version", c_uint), ("kind", c_int), ("z", c_double),
                ("center", c_double), ("lo", c_double), ("hi", c_double),
                ("sigma_z", c_double), ("baseline", c_uint64)]


#: the versions of the structs above (the headers' *_VERSION macros)
STRUCT_VERSION = 1

_PROTOTYPES.update({
    "nps_method_name": (c_char_p, [c_int]),
    "nps_method_parse": (c_int, [c_char_p, POINTER(c_int)]),
    "nps_timeline_new_with_options": (c_int, [_PP, POINTER(CTimelineOptions)]),
    "nps_timeline_unit": (c_int, [_P, POINTER(c_int)]),
    "nps_timeline_width": (c_int64, [_P]),
    "nps_timeline_offset": (c_int, [_P, POINTER(c_int64)]),
    "nps_timeline_horizon": (c_int64, [_P]),
    "nps_trend_fit": (c_int, [POINTER(CTrend), _PP, _D, c_size_t, c_int]),
    "nps_pvalues_adjust": (c_int, [_D, _D, c_size_t, c_int, c_void_p]),
    "nps_heterogeneity_test": (c_int, [POINTER(CHeterogeneity), _PP, c_size_t]),
    "nps_compare_score": (c_int, [POINTER(CComparison), _P, _P, c_double]),
    "nps_sample_size_margin": (c_int, [POINTER(c_uint64), c_int, c_double,
                                       c_double, c_double, c_double]),
    "nps_alert_scan": (c_int, [POINTER(CAlert), _PP, c_size_t, c_size_t,
                               c_double]),
})


def _unavailable(name: str) -> Callable[..., Any]:
    def call(*_args: Any) -> Any:
        raise NotImplementedError(f"{name} is missing from the loaded libnps ({path})")
    call.__name__ = name
    return call


class _Functions:
    """Attribute access to the prototyped C functions.

    A symbol the loaded library lacks (an older or partial build) becomes a
    stub raising NotImplementedError when called, so the rest of the
    package still works; ``missing`` lists them.
    """


_missing = set()
for _name, (_res, _args) in _PROTOTYPES.items():
    try:
        _fn = getattr(lib, _name)
    except AttributeError:
        _missing.add(_name)
        setattr(_Functions, _name, staticmethod(_unavailable(_name)))
        continue
    _fn.restype = _res
    _fn.argtypes = _args
    setattr(_Functions, _name, staticmethod(_fn))

C: Any = _Functions  # attributes are set from _PROTOTYPES above
missing: FrozenSet[str] = frozenset(_missing)


def has(name: str) -> bool:
    """Whether the loaded library exports the C function ``name``."""
    return name in _PROTOTYPES and name not in missing


def status_text(status: int) -> str:
    text: Optional[bytes] = C.nps_strerror(status)
    return text.decode("ascii", "replace") if text else "unknown status"
